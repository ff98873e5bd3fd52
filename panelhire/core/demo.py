"""A realistic demo organisation: three services, a dozen residents, two vacancies.

Loaded by `flask --app panelhire demo-data`; never in production.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from panelhire.auth.models import ResidentProfile, Role, User
from panelhire.auth.services import create_user
from panelhire.core.models import Organisation, Service
from panelhire.extensions import db
from panelhire.panels.models import (
    Candidate,
    DecisionModel,
    InterviewSlot,
    Panel,
    PanelMember,
    PanelStatus,
    SeatRole,
    Vacancy,
)
from panelhire.scoring.models import Criterion, Question, ScaleLabel
from panelhire.training.models import (
    ConfidentialityAgreement,
    TrainingModule,
    TrainingRecord,
    WeeklyAvailability,
)

STAFF_PASSWORD = "panelhire-demo"  # noqa: S105 - published demo credential, never in production
RESIDENT_PIN = "135790"
TZ = ZoneInfo("Europe/London")
# The demo residents are free every weekday morning, and on the afternoons of these days
# (Monday, Wednesday, Friday).
AFTERNOONS = (0, 2, 4)

STAFF = [
    ("admin@demo.test", "Ada Admin", {Role.ADMIN}),
    ("hr@demo.test", "Harriet Hughes", {Role.HR}),
    ("manager@demo.test", "Marcus Webb", {Role.MANAGER, Role.STAFF}),
    ("staff@demo.test", "Sofia Patel", {Role.STAFF}),
    ("trainer@demo.test", "Tom Okafor", {Role.TRAINER}),
]

MODULES = [
    ("Interview skills", "Asking questions, listening and taking notes on a panel.", 24),
    (
        "Fair recruitment and equality",
        "Equality law, bias, and why no health questions before an offer.",
        24,
    ),
    ("Confidentiality and data protection", "Keeping candidates' information safe.", 12),
    ("Safeguarding basics", "Recognising and reporting concerns.", 36),
]

# username, name, service index, state
RESIDENTS = [
    ("dee", "Dee Morgan", 0, "ready"),
    ("sam", "Sam Reid", 0, "ready"),
    ("priya", "Priya Shah", 1, "expiring"),
    ("jo", "Jo Bell", 1, "lapsed"),
    ("lee", "Lee Carter", 2, "untrained"),
    ("mo", "Mo Hassan", 2, "needs_observation"),
    ("alex", "Alex Kim", 0, "ready"),
    ("bea", "Bea Walsh", 1, "ready"),
    ("chris", "Chris Doyle", 2, "expiring"),
    ("dani", "Dani Evans", 0, "paused"),
    ("ed", "Ed Fraser", 1, "no_agreement"),
    ("fran", "Fran Lowe", 2, "ready"),
]

SCALE = [
    (0, "No evidence"),
    (1, "Limited evidence"),
    (2, "Some evidence"),
    (3, "Good evidence"),
    (4, "Strong, clear evidence"),
]


def demo_loaded() -> bool:
    return (
        db.session.execute(select(User.id).where(User.email == "admin@demo.test")).first()
        is not None
    )


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=TZ).astimezone(UTC)


def load_demo(today: date) -> None:
    """Add the demo organisation in the current transaction (caller commits)."""
    org = db.session.execute(select(Organisation)).scalar_one_or_none()
    if org is None:
        org = Organisation(name="Harbour Housing Trust (demo)")
        db.session.add(org)
    org.support_contact = "Harriet Hughes, 0161 496 0000"
    org.voucher_threshold_pence = 10000
    services = [
        Service(
            name="Riverside House",
            address="12 River Street, Manchester M1 2AB",
            access_notes="Step-free entrance; lift to all floors.",
        ),
        Service(
            name="Hillside Court",
            address="4 Hill Road, Salford M6 8CD",
            access_notes="Ground-floor meeting room; accessible toilet.",
        ),
        Service(
            name="Northside Outreach",
            address="Unit 3, Canal Yard, Manchester M4 5EF",
            access_notes="Two steps at the entrance; a ramp is available on request.",
        ),
    ]
    db.session.add_all(services)
    staff = {}
    for email, name, roles in STAFF:
        staff[email] = create_user(
            display_name=name, roles=roles, email=email, password=STAFF_PASSWORD
        )
    staff["manager@demo.test"].can_appoint = True
    staff["manager@demo.test"].safer_recruitment_on = today - timedelta(days=200)
    staff["manager@demo.test"].chair_competent_on = today - timedelta(days=400)
    staff["staff@demo.test"].safer_recruitment_on = today - timedelta(days=90)
    modules = [TrainingModule(name=n, description=d, valid_months=m) for n, d, m in MODULES]
    db.session.add_all(modules)
    db.session.flush()

    residents = {}
    for username, name, service_index, state in RESIDENTS:
        user = create_user(
            display_name=name, roles={Role.RESIDENT}, username=username, pin=RESIDENT_PIN
        )
        user.resident = ResidentProfile(
            service=services[service_index],
            preferred_name=name.split()[0],
            contact_channel="text" if service_index != 2 else "keyworker",
            mobile="07700 900" + str(100 + len(residents)) if service_index != 2 else None,
            status="paused" if state == "paused" else "active",
        )
        residents[username] = user
        _train(user, state, modules, today)
    db.session.flush()
    for user in residents.values():
        for weekday in range(5):
            db.session.add(WeeklyAvailability(user_id=user.id, weekday=weekday, part="am"))
            if weekday in AFTERNOONS:
                db.session.add(WeeklyAvailability(user_id=user.id, weekday=weekday, part="pm"))
        if user.username != "lee" and user.username != "ed":
            db.session.add(
                ConfidentialityAgreement(
                    user_id=user.id,
                    version=org.agreement_version,
                    signed_on=today - timedelta(days=120),
                )
            )
    _vacancies(services, staff, residents, today)
    _past_panels(services, staff, residents, today)
    _recognition(services, staff, residents, today)


def _train(user: User, state: str, modules: list[TrainingModule], today: date) -> None:
    if state == "untrained":
        return
    for module in modules:
        completed = today - relativedelta(months=6)
        if state == "expiring" and module.valid_months == 12:
            completed = today - relativedelta(months=12) + timedelta(days=25)
        if state == "lapsed" and module.valid_months == 12:
            completed = today - relativedelta(months=13)
        user_record = TrainingRecord(
            user=user,
            module=module,
            completed_on=completed,
            trainer_name="Tom Okafor",
            expires_on=completed + relativedelta(months=module.valid_months)
            if module.valid_months
            else None,
        )
        db.session.add(user_record)


def _vacancies(services, staff, residents, today: date) -> None:  # noqa: ANN001
    manager = staff["manager@demo.test"]
    support = Vacancy(
        title="Support Worker",
        service=services[0],
        hiring_manager=manager,
        closing_date=today - timedelta(days=3),
        summary="Key working with up to 10 residents; support plans; daily house duties.",
        person_specification="Listening without judging; recording clearly; working with risk.",
        decision_model=DecisionModel.SINGLE,
    )
    night = Vacancy(
        title="Night Concierge",
        service=services[1],
        hiring_manager=manager,
        closing_date=today - timedelta(days=1),
        summary="Keeping the building safe overnight; welcoming late arrivals.",
        person_specification="Calm under pressure; clear handovers; basic first aid.",
        decision_model=DecisionModel.COMBINED,
        resident_weight_percent=50,
    )
    db.session.add_all([support, night])
    for vacancy, questions in (
        (
            support,
            [
                (
                    "Working with residents",
                    True,
                    "Tell us about a time you supported someone who was finding things hard.",
                    "Listens first; respects choices; knows their limits.",
                    "resident",
                ),
                (
                    "Recording and communication",
                    False,
                    "How would you record an incident so a colleague could act on it?",
                    "Facts not opinions; timely; shared with the right people.",
                    "staff",
                ),
                (
                    "Working with risk",
                    True,
                    "What would you do if a resident told you they felt unsafe?",
                    "Takes it seriously; follows the safeguarding procedure; keeps them informed.",
                    "staff",
                ),
            ],
        ),
        (
            night,
            [
                (
                    "Calm under pressure",
                    True,
                    "Describe a night when something went wrong. What did you do?",
                    "Stays calm; puts safety first; asks for help.",
                    "resident",
                ),
                (
                    "Clear handovers",
                    False,
                    "What goes into a good handover to the morning team?",
                    "Concise; what happened, what is pending, who needs follow-up.",
                    "staff",
                ),
            ],
        ),
    ):
        for position, (criterion_name, essential, text, guidance, asked_by) in enumerate(questions):
            criterion = Criterion(
                vacancy=vacancy, name=criterion_name, essential=essential, position=position
            )
            db.session.add(
                Question(
                    vacancy=vacancy,
                    criterion=criterion,
                    text=text,
                    guidance=guidance,
                    asked_by=asked_by,
                    position=position,
                )
            )
        for value, label in SCALE:
            db.session.add(ScaleLabel(vacancy=vacancy, value=value, label=label))

    # A day the residents are free all day: the panel runs into the afternoon.
    panel_day = today + timedelta(days=7)
    while panel_day.weekday() not in AFTERNOONS:
        panel_day += timedelta(days=1)
    first = Panel(
        vacancy=support,
        service=services[0],
        starts_at=local(panel_day, time(10)),
        ends_at=local(panel_day, time(13)),
        status=PanelStatus.CONFIRMED,
        slot_minutes=45,
    )
    second_day = _next_weekday(panel_day + timedelta(days=3))
    second = Panel(
        vacancy=night,
        service=services[1],
        starts_at=local(second_day, time(10)),
        ends_at=local(second_day, time(12, 30)),
        slot_minutes=45,
    )
    db.session.add_all([first, second])
    first.members = [
        PanelMember(user=manager, role=SeatRole.CHAIR),
        PanelMember(user=staff["staff@demo.test"], role=SeatRole.STAFF),
        PanelMember(user=residents["dee"], role=SeatRole.RESIDENT),
        PanelMember(user=residents["mo"], role=SeatRole.OBSERVER),
    ]
    second.members = [
        PanelMember(user=manager, role=SeatRole.CHAIR),
        PanelMember(user=staff["staff@demo.test"], role=SeatRole.STAFF),
    ]
    for panel, names in (
        (first, ["Jordan Ellis", "Aisha Rahman", "Ben Thornton"]),
        (second, ["Casey Nowak", "Femi Adeyemi"]),
    ):
        for index, name in enumerate(names):
            candidate = Candidate(
                vacancy=panel.vacancy, name=name, email=f"{name.split()[0].lower()}@example.org"
            )
            start = panel.starts_at + timedelta(minutes=index * (panel.slot_minutes + 10))
            db.session.add(
                InterviewSlot(
                    panel=panel,
                    candidate=candidate,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=panel.slot_minutes),
                )
            )
    _invitations_already_sent(first)


def _past_panels(services, staff, residents, today: date) -> None:  # noqa: ANN001
    """Two panels already held: residents observed the first (an exception); Sam scored next."""
    cook = Vacancy(
        title="Cook",
        service=services[0],
        hiring_manager=staff["manager@demo.test"],
        closing_date=today - timedelta(days=100),
        closed_on=today - timedelta(days=40),
        summary="Cooking a daily hot meal with residents.",
    )
    db.session.add(cook)
    observers = ["dee", "sam", "priya", "jo", "alex", "bea", "chris", "dani", "ed", "fran"]
    held = []
    for days_ago, hour in ((90, 10), (45, 14)):
        day = _next_weekday(today - timedelta(days=days_ago))
        panel = Panel(
            vacancy=cook,
            service=services[0],
            starts_at=local(day, time(hour)),
            ends_at=local(day, time(hour + 2)),
            status=PanelStatus.CONFIRMED,
        )
        panel.members = [
            PanelMember(user=staff["manager@demo.test"], role=SeatRole.CHAIR),
            PanelMember(user=staff["staff@demo.test"], role=SeatRole.STAFF),
        ]
        held.append(panel)
    held[0].members += [PanelMember(user=residents[u], role=SeatRole.OBSERVER) for u in observers]
    held[0].exception_reason = "First panel of the scheme: residents observed to start their path."
    held[0].exception_by_id = staff["manager@demo.test"].id
    held[0].exception_at = held[0].starts_at - timedelta(days=7)
    held[1].members.append(PanelMember(user=residents["sam"], role=SeatRole.RESIDENT))
    db.session.add_all(held)


def _invitations_already_sent(panel: Panel) -> None:
    """The demo's confirmed panel was booked and confirmed in the app, so its invitations went
    out then: a change or a cancellation now reaches the same people, as it would for real."""
    from panelhire.messaging import notifications
    from panelhire.messaging.models import OutboxStatus
    from panelhire.messaging.outbox import PENDING_KEY

    db.session.flush()
    people = [m.user for m in panel.active_members()]
    for message in notifications.panel_changed(panel, notifications.CONFIRMED, people):
        message.status = OutboxStatus.SENT
        message.sent_at = datetime.now(UTC)
    db.session.info.pop(PENDING_KEY, None)  # nothing left to send


def _next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _recognition(services, staff, residents, today: date) -> None:  # noqa: ANN001
    """Rates, the policy, a panel held last week awaiting its record, and an earlier paid one."""
    from panelhire.recognition.demo import load_recognition_demo

    load_recognition_demo(services, staff, residents, today)
