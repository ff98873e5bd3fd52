"""Who must sit on a staff interview panel before it can be confirmed.

The rule, as safer recruitment and the promise to residents put it:

* at least two scoring panellists (the chair, staff panellists and resident panellists score;
  observers and supporters never do);
* exactly one chair;
* at least one staff panellist who is able to appoint;
* at least one scoring panellist trained in safer recruitment by the panel's date;
* at least one resident panellist who is eligible to score on the panel's date.

A panel that breaks any of these can still go ahead only when a manager records an exception
with a reason. Plain values in, plain-English reasons out: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SCORING_ROLES = frozenset({"chair", "staff", "resident"})

NEEDS_TWO = "The panel needs at least 2 scoring panellists"
NEEDS_ONE_CHAIR = "The panel needs a chair"
TOO_MANY_CHAIRS = "The panel can have only one chair"
NEEDS_APPOINTER = "The panel needs a staff member who is able to appoint"
NEEDS_SAFER = "The panel needs a member trained in safer recruitment"
NEEDS_RESIDENT = "The panel needs a resident panellist who is eligible to score on the day"


@dataclass(frozen=True)
class Seat:
    """One active seat. ``role`` is chair, staff, resident, observer or supporter.

    ``eligible`` matters only for resident seats: whether the eligibility rule lets them
    score on the panel's date.
    """

    name: str
    role: str
    is_resident: bool = False
    can_appoint: bool = False
    safer_recruitment_on: date | None = None
    eligible: bool = False

    @property
    def scores(self) -> bool:
        return self.role in SCORING_ROLES


@dataclass(frozen=True)
class Composition:
    """The answer: the panel may be confirmed exactly when there are no reasons."""

    holds: bool
    reasons: tuple[str, ...]

    @property
    def lacks_resident(self) -> bool:
        return NEEDS_RESIDENT in self.reasons


def check_composition(seats: Iterable[Seat], panel_day: date) -> Composition:
    """Check the panel's seats against the rule above, judged on the panel's local date.

    Reasons always come in the order the rule lists them, so the same seats give the same
    answer.
    """
    seats = list(seats)
    scoring = [s for s in seats if s.scores]
    chairs = [s for s in seats if s.role == "chair"]
    reasons = []
    if len(scoring) < 2:
        reasons.append(NEEDS_TWO)
    if not chairs:
        reasons.append(NEEDS_ONE_CHAIR)
    elif len(chairs) > 1:
        reasons.append(TOO_MANY_CHAIRS)
    if not any(s.can_appoint and not s.is_resident for s in scoring):
        reasons.append(NEEDS_APPOINTER)
    if not any(s.safer_recruitment_on and s.safer_recruitment_on <= panel_day for s in scoring):
        reasons.append(NEEDS_SAFER)
    if not any(s.role == "resident" and s.is_resident and s.eligible for s in seats):
        reasons.append(NEEDS_RESIDENT)
    return Composition(holds=not reasons, reasons=tuple(reasons))
