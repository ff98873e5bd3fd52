"""Who asks which question: a plain rule HR can explain.

Questions marked for residents are shared in turn among the resident panellists; the rest in
turn among the chair and staff panellists. If nobody of the right kind is on the panel, the
chair asks (or, with no chair, the first scoring panellist).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Asker:
    name: str
    seat: str  # chair, staff, resident (observers and supporters never ask)


def who_asks(asked_by: Sequence[str], panel: Sequence[Asker]) -> list[str | None]:
    """For each question's ``asked_by`` ("resident" or "staff"), the name of who asks it."""
    residents = [p.name for p in panel if p.seat == "resident"]
    staff = [p.name for p in panel if p.seat in ("chair", "staff")]
    chair = next((p.name for p in panel if p.seat == "chair"), None)
    fallback = chair or (staff or residents or [None])[0]
    turns = {"resident": 0, "staff": 0}
    names: list[str | None] = []
    for kind in asked_by:
        group = residents if kind == "resident" else staff
        key = "resident" if kind == "resident" else "staff"
        if group:
            names.append(group[turns[key] % len(group)])
            turns[key] += 1
        else:
            names.append(fallback)
    return names
