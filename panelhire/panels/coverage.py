"""The board's coverage report: did every panel held have a trained resident scoring?"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from panelhire.exports.csv import build_csv
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels import residents as gather
from panelhire.panels.loading import with_people_and_places
from panelhire.panels.models import Panel, PanelStatus, SeatRole
from panelhire.training.eligibility import training_reasons
from panelhire.training.facts import organisation_zone


def quarter_of(day) -> str:  # noqa: ANN001
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@dataclass
class CoverageRow:
    service: str
    quarter: str
    held: int = 0
    with_resident: int = 0
    exceptions: list[str] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.with_resident / self.held) if self.held else 0


@dataclass
class Coverage:
    rows: list[CoverageRow]
    per_resident: list[tuple[str, int]]

    @property
    def held(self) -> int:
        return sum(r.held for r in self.rows)

    @property
    def with_resident(self) -> int:
        return sum(r.with_resident for r in self.rows)

    @property
    def percent(self) -> int:
        return round(100 * self.with_resident / self.held) if self.held else 0

    @property
    def exception_count(self) -> int:
        return sum(len(r.exceptions) + len(r.overrides) for r in self.rows)


def coverage(now: datetime | None = None) -> Coverage:
    """Per service and quarter: panels held, with a trained resident scoring, and exceptions.

    A resident counts as trained when every required module was in date on the panel's day
    and they were not seated by an override.
    """
    now = now or now_utc()
    tz = organisation_zone()
    panels = list(
        db.session.execute(
            select(Panel)
            .options(*with_people_and_places())
            .where(Panel.ends_at < now, Panel.status != PanelStatus.CANCELLED)
            .order_by(Panel.starts_at, Panel.id)
        ).scalars()
    )
    seats = {p.id: p.active_members(SeatRole.RESIDENT) for p in panels}
    users = {m.user_id: m.user for members in seats.values() for m in members}
    bundles = gather.resident_bundles(list(users.values()), as_of=now)
    rows: dict[tuple[str, str], CoverageRow] = {}
    per_resident: Counter[str] = Counter()
    for panel in panels:
        day = panel.starts_at.astimezone(tz).date()
        key = (panel.vacancy.service.name, quarter_of(day))
        row = rows.setdefault(key, CoverageRow(*key))
        row.held += 1
        trained = False
        for member in seats[panel.id]:
            per_resident[member.user.display_name] += 1
            if member.override_reason:
                row.overrides.append(
                    f"{panel.vacancy.title}, {day:%d/%m/%Y}: {member.override_reason}"
                )
            elif not training_reasons(bundles[member.user_id].facts, day):
                trained = True
        row.with_resident += trained
        if panel.exception_reason:
            row.exceptions.append(
                f"{panel.vacancy.title}, {day:%d/%m/%Y}: {panel.exception_reason}"
            )
    ordered = sorted(rows.values(), key=lambda r: (r.quarter, r.service))
    return Coverage(ordered, sorted(per_resident.items(), key=lambda kv: (-kv[1], kv[0])))


def coverage_csv(report: Coverage) -> bytes:
    """The coverage table as a spreadsheet: one line per service and quarter."""
    return build_csv(
        [
            "Service",
            "Quarter",
            "Panels held",
            "With a trained resident scoring",
            "Percent",
            "Exceptions",
            "Exception reasons",
        ],
        [
            [
                r.service,
                r.quarter,
                r.held,
                r.with_resident,
                r.percent,
                len(r.exceptions) + len(r.overrides),
                " | ".join(r.exceptions + [f"Override: {o}" for o in r.overrides]),
            ]
            for r in report.rows
        ],
    )
