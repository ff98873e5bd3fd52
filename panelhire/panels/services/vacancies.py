"""Vacancies and their candidates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.panels.models import Candidate, Vacancy


@dataclass
class VacancyInput:
    title: str
    service_id: int
    hiring_manager_id: int | None
    closing_date: date
    summary: str = ""
    person_specification: str = ""
    decision_model: str = "single"


def _apply_vacancy(vacancy: Vacancy, data: VacancyInput) -> None:
    vacancy.title = data.title.strip()
    vacancy.service_id = data.service_id
    vacancy.hiring_manager_id = data.hiring_manager_id
    vacancy.closing_date = data.closing_date
    vacancy.summary = data.summary.strip()
    vacancy.person_specification = data.person_specification.strip()
    vacancy.decision_model = data.decision_model


def create_vacancy(actor: User, data: VacancyInput) -> Vacancy:
    vacancy = Vacancy()
    _apply_vacancy(vacancy, data)
    db.session.add(vacancy)
    db.session.flush()
    record(
        "vacancy.create",
        actor=actor,
        object_type="vacancy",
        object_id=vacancy.id,
        summary=f"Created vacancy {vacancy.title}",
    )
    return vacancy


def update_vacancy(actor: User, vacancy: Vacancy, data: VacancyInput) -> Vacancy:
    _apply_vacancy(vacancy, data)
    record(
        "vacancy.update",
        actor=actor,
        object_type="vacancy",
        object_id=vacancy.id,
        summary=f"Updated vacancy {vacancy.title}",
    )
    db.session.flush()
    return vacancy


@dataclass
class CandidateInput:
    name: str
    email: str = ""
    phone: str = ""
    adjustments: str = ""
    guaranteed_interview: bool = False
    equality_monitoring: str = ""


def add_candidate(actor: User, vacancy: Vacancy, data: CandidateInput) -> Candidate:
    candidate = Candidate(
        vacancy=vacancy,
        name=data.name.strip(),
        email=data.email.strip() or None,
        phone=data.phone.strip() or None,
        adjustments=data.adjustments.strip(),
        guaranteed_interview=data.guaranteed_interview,
        equality_monitoring=data.equality_monitoring.strip(),
    )
    db.session.add(candidate)
    db.session.flush()
    # No name in the audit summary: the trail outlives the candidate's retention period.
    record(
        "candidate.add",
        actor=actor,
        object_type="candidate",
        object_id=candidate.id,
        summary=f"Added candidate {candidate.id} to vacancy {vacancy.id}",
    )
    return candidate
