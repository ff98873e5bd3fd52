"""Scoring: structured interview scores, agreed scores and the panel's decision.

How scores become totals and a ranking lives in ``compile.py`` as plain functions over plain
values, so the arithmetic can be checked by hand without the web app or the database.
"""
