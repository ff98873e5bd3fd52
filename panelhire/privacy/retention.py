"""The retention rule: which candidates' interview records are due to be anonymised.

Pure functions: plain values in, plain values out, no database or web app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

APPOINTED = "appointed"
UNSUCCESSFUL = "unsuccessful"

# The longest and shortest retention an organisation may set, in months.
MIN_MONTHS = 1
MAX_MONTHS = 120


@dataclass(frozen=True)
class Policy:
    unsuccessful_months: int = 6
    appointed_months: int = 12


@dataclass(frozen=True)
class CandidateFacts:
    candidate_id: int
    vacancy_id: int
    vacancy_closed_on: date | None
    legal_hold: bool
    appointed: bool
    anonymised: bool


@dataclass(frozen=True)
class Due:
    candidate_id: int
    vacancy_id: int
    kind: str  # appointed or unsuccessful
    due_on: date


def kind_of(facts: CandidateFacts) -> str:
    """Appointed candidates are those with a decision to appoint; everyone else
    (not appointed, reserve, withdrew, did not attend) counts as unsuccessful."""
    return APPOINTED if facts.appointed else UNSUCCESSFUL


def due_on(facts: CandidateFacts, policy: Policy) -> date | None:
    """The day a candidate's records become due for anonymising, or None while the vacancy
    is still open (retention runs from the day HR closes the vacancy)."""
    if facts.vacancy_closed_on is None:
        return None
    months = policy.appointed_months if kind_of(facts) == APPOINTED else policy.unsuccessful_months
    return facts.vacancy_closed_on + relativedelta(months=months)


def due_for_anonymising(candidates: list[CandidateFacts], policy: Policy, today: date) -> list[Due]:
    """Candidates whose records should be anonymised today.

    - Unsuccessful candidates: their personal details, notes and scores are anonymised
      `unsuccessful_months` (6 by default) after the vacancy closes.
    - Appointed candidates: their interview records are kept `appointed_months`
      (12 by default) after the vacancy closes, then anonymised.
    - Nothing is due while the vacancy is open, while it is under a legal hold, or once
      the candidate is already anonymised (so running the purge twice changes nothing).
    """
    due = []
    for facts in candidates:
        if facts.anonymised or facts.legal_hold:
            continue
        day = due_on(facts, policy)
        if day is not None and day <= today:
            due.append(Due(facts.candidate_id, facts.vacancy_id, kind_of(facts), day))
    return sorted(due, key=lambda d: (d.due_on, d.candidate_id))


def held_back(candidates: list[CandidateFacts], policy: Policy, today: date) -> list[int]:
    """Candidates who would be due today but for a legal hold on their vacancy."""
    return [
        f.candidate_id
        for f in candidates
        if f.legal_hold
        and not f.anonymised
        and (day := due_on(f, policy)) is not None
        and day <= today
    ]


def months_problem(value: int | None) -> str | None:
    """Why a retention period in months cannot be used, or None if it can."""
    if value is None:
        return "Enter a number of months"
    if not MIN_MONTHS <= value <= MAX_MONTHS:
        return f"Enter a number of months from {MIN_MONTHS} to {MAX_MONTHS}"
    return None
