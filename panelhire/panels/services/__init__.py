"""Changing vacancies and panels. Each function takes the acting user, audits and flushes;
the view commits once.

Anything refused raises PanelError before a single row is changed, so nothing is half-saved.
The functions live in one module per job; they are all importable from here.
"""

from panelhire.panels.services.booking import (
    BookingInput,
    PanelChanges,
    book_panel,
    change_panel,
    move_slot,
)
from panelhire.panels.services.common import PanelError
from panelhire.panels.services.conflicts import (
    CONFLICT_OUTCOMES,
    decide_conflict,
    declare_conflict,
)
from panelhire.panels.services.plans import apply_plan
from panelhire.panels.services.seats import (
    add_resident,
    cancel_panel,
    confirm_panel,
    record_exception,
    remove_member,
    withdraw_member,
)
from panelhire.panels.services.vacancies import (
    CandidateInput,
    VacancyInput,
    add_candidate,
    create_vacancy,
    update_vacancy,
)

__all__ = [
    "CONFLICT_OUTCOMES",
    "BookingInput",
    "CandidateInput",
    "PanelChanges",
    "PanelError",
    "VacancyInput",
    "add_candidate",
    "add_resident",
    "apply_plan",
    "book_panel",
    "cancel_panel",
    "change_panel",
    "confirm_panel",
    "create_vacancy",
    "decide_conflict",
    "declare_conflict",
    "move_slot",
    "record_exception",
    "remove_member",
    "update_vacancy",
    "withdraw_member",
]
