"""Vacancies, panels and rostering."""
