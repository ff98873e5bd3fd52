"""Demo recognition data: rates, the policy, a panel held last week awaiting its record,
and an earlier panel already recorded, paid, debriefed and checked in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from panelhire.extensions import db
from panelhire.panels.models import (
    Candidate,
    InterviewSlot,
    Panel,
    PanelMember,
    PanelStatus,
    SeatRole,
    Vacancy,
)
from panelhire.recognition.models import (
    Activity,
    CheckIn,
    Debrief,
    DebriefAttendee,
    Expense,
    Payment,
    Rate,
    RecognitionPolicy,
)
from panelhire.recognition.rules import ActivityKind
from panelhire.scoring.demo import score_held_panel

TZ = ZoneInfo("Europe/London")
RATES = {
    ActivityKind.TRAINING: 1000,
    ActivityKind.PREPARATION: 1000,
    ActivityKind.PANEL: 2500,
    ActivityKind.DEBRIEF: 500,
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ).astimezone(UTC)


def _weekday_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _panel(vacancy: Vacancy, service, day: date, members, candidate: str) -> Panel:  # noqa: ANN001
    panel = Panel(
        vacancy=vacancy,
        service=service,
        starts_at=_at(day, 10),
        ends_at=_at(day, 12),
        status=PanelStatus.CONFIRMED,
        slot_minutes=45,
    )
    panel.members = [PanelMember(user=user, role=role) for user, role in members]
    slot_start = panel.starts_at
    panel.slots = [
        InterviewSlot(
            candidate=Candidate(vacancy=vacancy, name=candidate),
            starts_at=slot_start,
            ends_at=slot_start + timedelta(minutes=45),
        )
    ]
    db.session.add(panel)
    return panel


def load_recognition_demo(services, staff, residents, today: date) -> None:  # noqa: ANN001
    hr = staff["hr@demo.test"]
    manager = staff["manager@demo.test"]
    db.session.add(
        RecognitionPolicy(
            covers_travel=True,
            covers_care=True,
            covers_meals=True,
            expenses_note="Bus or tram fares, or a taxi if agreed beforehand. Lunch up to £8.",
            late_rule="part",
            late_part_percent=50,
            late_hours=24,
            threshold_period="month",
        )
    )
    start = today - timedelta(days=400)
    for kind, pence in RATES.items():
        db.session.add(Rate(kind=kind, amount_pence=pence, effective_from=start, set_by_id=hr.id))
    vacancy = db.session.execute(
        select(Vacancy).where(Vacancy.title == "Support Worker")
    ).scalar_one()

    # Held last week: HR has not yet recorded attendance and payment choices.
    last_week = _panel(
        vacancy,
        services[0],
        _weekday_before(today - timedelta(days=7)),
        [
            (manager, SeatRole.CHAIR),
            (residents["dee"], SeatRole.RESIDENT),
            (residents["sam"], SeatRole.RESIDENT),
            (residents["alex"], SeatRole.OBSERVER),
        ],
        "Robin Hale",
    )

    # Five weeks ago: recorded, paid, debriefed and checked in.
    earlier_day = _weekday_before(today - timedelta(days=35))
    earlier = _panel(
        vacancy,
        services[0],
        earlier_day,
        [(manager, SeatRole.CHAIR), (residents["dee"], SeatRole.RESIDENT)],
        "Kit Marlowe",
    )
    db.session.flush()
    dee = residents["dee"]
    paid_on = earlier_day + timedelta(days=7)
    for kind, day, panel in (
        (ActivityKind.PREPARATION, earlier_day - timedelta(days=2), None),
        (ActivityKind.PANEL, earlier_day, earlier),
        (ActivityKind.DEBRIEF, earlier_day, None),
    ):
        db.session.add(
            Activity(
                user_id=dee.id,
                kind=kind,
                happened_on=day,
                panel_id=panel.id if panel else None,
                attendance="attended",
                rate_pence=RATES[kind],
                due_pence=RATES[kind],
                recorded_by_id=hr.id,
                payment=Payment(
                    choice="full",
                    method="voucher",
                    amount_pence=RATES[kind],
                    paid_on=paid_on,
                    paid_by_id=hr.id,
                ),
            )
        )
    db.session.add(
        Expense(
            user_id=dee.id,
            kind="travel",
            incurred_on=earlier_day,
            amount_pence=450,
            receipt_seen=True,
            paid_in_advance=True,
            paid_on=earlier_day - timedelta(days=1),
            panel_id=earlier.id,
            note="Day rider bus ticket",
            recorded_by_id=hr.id,
        )
    )
    db.session.add(
        Debrief(
            panel_id=earlier.id,
            held=True,
            recorded_by_id=hr.id,
            attendees=[DebriefAttendee(user_id=dee.id), DebriefAttendee(user_id=manager.id)],
        )
    )
    db.session.add(CheckIn(panel_id=earlier.id, user_id=dee.id, done_by_id=hr.id))
    db.session.flush()
    _wellbeing_done_before(today - timedelta(days=20), hr)

    # Both were scored on the day. Five weeks ago is decided and signed off; last week's
    # appointment waits for the hiring manager's sign-off.
    score_held_panel(
        earlier,
        {manager: [3, 3, 4], dee: [4, 3, 3]},
        chair=manager,
        reasons="Strong on working with residents; clear, prompt recording.",
        sign_off=True,
    )
    score_held_panel(
        last_week,
        {manager: [3, 2, 3], dee: [3, 3, 3], residents["sam"]: [2, 3, 3]},
        chair=manager,
        reasons="Warm with residents; knows when to ask for help.",
        sign_off=False,
    )


def _wellbeing_done_before(cutoff: date, hr) -> None:  # noqa: ANN001
    """Older demo panels (from other areas too) already had their debriefs and check-ins."""
    debriefed = set(db.session.execute(select(Debrief.panel_id)).scalars())
    older = db.session.execute(select(Panel).where(Panel.ends_at < _at(cutoff, 0))).scalars()
    for panel in older:
        if panel.id in debriefed:
            continue
        db.session.add(Debrief(panel_id=panel.id, held=True, recorded_by_id=hr.id))
        for member in panel.active_members(SeatRole.RESIDENT, SeatRole.OBSERVER):
            db.session.add(CheckIn(panel_id=panel.id, user_id=member.user_id, done_by_id=hr.id))
