"""Is a resident ready to score on a given panel?

Everything is judged on the panel's own date and times in the organisation's time zone, never
on today's date. A resident is eligible when none of these rules stops them:

* They are active: not paused and not left.
* Every required module is in date on the panel day. Training counts from the day it was
  completed up to and including its expiry date, so training that expires on the panel day
  still counts that day. Training completed after the panel day does not count.
* They have observed enough panels (the organisation sets how many, usually one).
* They signed the confidentiality agreement on or before the panel day.
* They have not declared an uncleared conflict with any candidate on the panel.
* The panel day is not one of their unavailable dates, and the panel fits their usual week.
  Morning means before 12:00; a panel that runs across 12:00 needs both morning and afternoon.
* They travel to the panel's place, or the panel is online and online panels suit them.
* They are on no other panel at the same time, and have enough time to travel between panels
  at different places (an online panel counts as a place of its own).
* The panel keeps them within their monthly panel limit and their daily interview limit.

Each rule that fails gives one plain-English reason, always in the order above.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

ResidentStatus = Literal["active", "paused", "left"]
DayPart = Literal["am", "pm"]
TrainingStatus = Literal["ready", "expiring", "lapsed", "untrained", "paused"]

EXPIRY_WARNING = timedelta(days=60)
NOON = time(12, 0)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PART_WORDS = {"am": "mornings", "pm": "afternoons"}


def _require_aware_span(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("panel times must be time-zone aware (UTC)")
    if ends_at <= starts_at:
        raise ValueError("a panel must end after it starts")


@dataclass(frozen=True)
class TrainingFact:
    """One completed training module. ``expires_on`` of None means it never expires."""

    module_name: str
    required: bool
    completed_on: date
    expires_on: date | None = None

    def valid_on(self, day: date) -> bool:
        """In date from the completion day up to and including the expiry day."""
        return self.completed_on <= day and (self.expires_on is None or day <= self.expires_on)


@dataclass(frozen=True)
class Commitment:
    """Another panel the resident is already on. ``place_id`` of None means online.

    ``role`` is the seat they hold there (resident, observer...), when known: rostering counts
    only resident seats when it shares panels out fairly.
    """

    panel_id: int
    starts_at: datetime
    ends_at: datetime
    place_name: str | None
    place_id: int | None
    interviews: int
    role: str | None = None

    def __post_init__(self) -> None:
        _require_aware_span(self.starts_at, self.ends_at)


@dataclass(frozen=True)
class PanelFacts:
    """The panel being filled. ``place_id`` of None means the panel is online."""

    panel_id: int
    starts_at: datetime
    ends_at: datetime
    place_id: int | None
    place_name: str | None
    interviews: int
    candidate_ids: frozenset[int]
    travel_buffer: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        _require_aware_span(self.starts_at, self.ends_at)


@dataclass(frozen=True)
class ResidentFacts:
    """What the rule needs to know about one resident.

    ``required_modules`` are the module names the organisation requires; a training record marked
    ``required`` also counts as required, so a module cannot drop out of the check because a list
    was not updated. An empty ``weekly_pattern`` means no pattern was recorded: any time suits.
    ``travel_place_ids`` of None means they travel anywhere. ``conflict_candidate_ids`` holds
    declared conflicts the chair has not cleared. ``home_service_id`` is the service they stay
    at, which rostering treats as a place they prefer.
    """

    id: int
    name: str
    status: ResidentStatus
    required_modules: tuple[str, ...]
    training: tuple[TrainingFact, ...]
    observed_panels: int = 0
    observations_needed: int = 1
    agreement_signed_on: date | None = None
    weekly_pattern: frozenset[tuple[int, DayPart]] = frozenset()
    unavailable_dates: frozenset[date] = frozenset()
    max_panels_per_month: int | None = None
    max_interviews_per_day: int | None = None
    travel_place_ids: frozenset[int] | None = None
    online_ok: bool = True
    conflict_candidate_ids: frozenset[int] = frozenset()
    commitments: tuple[Commitment, ...] = ()
    home_service_id: int | None = None


@dataclass(frozen=True)
class Eligibility:
    """The answer: eligible exactly when there are no reasons."""

    eligible: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ModuleExpiry:
    module_name: str
    expires_on: date


# --- formatting -------------------------------------------------------------------------------


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _clock(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%H:%M")


def _where(place_name: str | None, place_id: int | None) -> str:
    if place_id is None:
        return "online"
    return f"at {place_name or 'another place'}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --- training ---------------------------------------------------------------------------------


def required_module_names(resident: ResidentFacts) -> tuple[str, ...]:
    """The organisation's required modules in its order, then other records marked required.

    The extra modules come in alphabetical order, so the answer never depends on the order
    training records happen to be stored in.
    """
    listed = tuple(dict.fromkeys(resident.required_modules))
    extra = {fact.module_name for fact in resident.training if fact.required} - set(listed)
    return listed + tuple(sorted(extra))


def _records(resident: ResidentFacts, module: str) -> list[TrainingFact]:
    return [fact for fact in resident.training if fact.module_name == module]


def _in_date(records: Iterable[TrainingFact], on: date) -> list[TrainingFact]:
    return [fact for fact in records if fact.valid_on(on)]


def _latest_expiry(records: list[TrainingFact]) -> date | None:
    """When in-date records run out: the latest expiry, or None if one never expires."""
    if any(fact.expires_on is None for fact in records):
        return None
    return max(fact.expires_on for fact in records if fact.expires_on is not None)


def _training_reason(module: str, records: list[TrainingFact], on: date) -> str | None:
    if _in_date(records, on):
        return None
    expired = [f.expires_on for f in records if f.completed_on <= on and f.expires_on is not None]
    if not expired:
        return f"Not trained in {module}"
    label = module if module.lower().endswith("training") else f"{module} training"
    return f"{label} expired on {_day(max(expired))}"


def training_reasons(resident: ResidentFacts, on: date) -> tuple[str, ...]:
    """One reason for each required module not in date on ``on``, in the organisation's order."""
    reasons = (
        _training_reason(module, _records(resident, module), on)
        for module in required_module_names(resident)
    )
    return tuple(reason for reason in reasons if reason is not None)


def expiring_modules(
    resident: ResidentFacts, on: date, within: timedelta = EXPIRY_WARNING
) -> tuple[ModuleExpiry, ...]:
    """Required modules in date on ``on`` that expire within ``within`` (60 days by default).

    Counting is inclusive: training expiring exactly 60 days later, or on ``on`` itself, is
    expiring. A later refresher already completed pushes the expiry out. Soonest first.
    """
    found = []
    for module in required_module_names(resident):
        valid = _in_date(_records(resident, module), on)
        until = _latest_expiry(valid) if valid else None
        if until is not None and until - on <= within:
            found.append(ModuleExpiry(module, until))
    return tuple(sorted(found, key=lambda item: (item.expires_on, item.module_name)))


def lapsed_modules(resident: ResidentFacts, on: date) -> tuple[ModuleExpiry, ...]:
    """Required modules done before but no longer in date on ``on``, with the day each ran out
    (the latest expiry of its records). These people need a refresher most. Soonest first."""
    found = []
    for module in required_module_names(resident):
        records = _records(resident, module)
        if _in_date(records, on):
            continue
        ended = [f.expires_on for f in records if f.completed_on <= on and f.expires_on]
        if ended:
            found.append(ModuleExpiry(module, max(ended)))
    return tuple(sorted(found, key=lambda item: (item.expires_on, item.module_name)))


def training_status(resident: ResidentFacts, on: date) -> TrainingStatus:
    """Where a resident's training stands on ``on``, for lists and reminders.

    * paused: not active (paused, or left the scheme), whatever their training;
    * untrained: some required module has never been completed by ``on``;
    * lapsed: every required module was completed, but at least one has expired;
    * expiring: all in date, but one expires within 60 days;
    * ready: all in date for more than 60 days.

    Observations and the confidentiality agreement are not training; ``check_eligibility``
    covers them.
    """
    if resident.status != "active":
        return "paused"
    reasons = training_reasons(resident, on)
    if any(reason.startswith("Not trained in ") for reason in reasons):
        return "untrained"
    if reasons:
        return "lapsed"
    if expiring_modules(resident, on):
        return "expiring"
    return "ready"


# --- the panel's calendar ---------------------------------------------------------------------


def _local_days(starts_at: datetime, ends_at: datetime, tz: ZoneInfo) -> Iterator[date]:
    """Every local date the span touches (the end instant itself excluded)."""
    day = starts_at.astimezone(tz).date()
    last = (ends_at - timedelta(microseconds=1)).astimezone(tz).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def _day_parts(panel: PanelFacts, tz: ZoneInfo) -> list[tuple[int, DayPart]]:
    """The (weekday, morning/afternoon) slots a panel occupies in local time."""
    start, end = panel.starts_at.astimezone(tz), panel.ends_at.astimezone(tz)
    parts: list[tuple[int, DayPart]] = []
    for day in _local_days(panel.starts_at, panel.ends_at, tz):
        noon = datetime.combine(day, NOON, tzinfo=tz)
        if start < noon and end > datetime.combine(day, time(0), tzinfo=tz):
            parts.append((day.weekday(), "am"))
        if end > noon and start < datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz):
            parts.append((day.weekday(), "pm"))
    return parts


def _availability_reasons(resident: ResidentFacts, panel: PanelFacts, tz: ZoneInfo) -> list[str]:
    reasons = []
    days = set(_local_days(panel.starts_at, panel.ends_at, tz))
    if days & resident.unavailable_dates:
        reasons.append("Unavailable on that date")
    if resident.weekly_pattern:
        parts = _day_parts(panel, tz)
        for weekday, part in parts:
            if (weekday, part) not in resident.weekly_pattern:
                reason = f"Not available on {WEEKDAYS[weekday]} {PART_WORDS[part]}"
                if len(parts) > 1:
                    # A morning panel that runs past noon: say why the afternoon matters.
                    edge = (
                        f"runs until {_clock(panel.ends_at, tz)}"
                        if part == "pm"
                        else f"starts at {_clock(panel.starts_at, tz)}"
                    )
                    reason += f" (the panel {edge})"
                reasons.append(reason)
    return reasons


def _place_reasons(resident: ResidentFacts, panel: PanelFacts) -> list[str]:
    if panel.place_id is None:
        return [] if resident.online_ok else ["Online panels do not suit them"]
    allowed = resident.travel_place_ids
    if allowed is not None and panel.place_id not in allowed:
        return [f"Does not travel to {panel.place_name or 'that place'}"]
    return []


# --- other panels -----------------------------------------------------------------------------


def _other_commitments(resident: ResidentFacts, panel: PanelFacts) -> list[Commitment]:
    """Their other panels, in time order; this panel itself never clashes with itself."""
    others = [c for c in resident.commitments if c.panel_id != panel.panel_id]
    return sorted(
        others,
        key=lambda c: (c.starts_at, c.ends_at, c.panel_id, c.place_id or 0, c.place_name or ""),
    )


def _clash_reason(other: Commitment, panel: PanelFacts, tz: ZoneInfo) -> str | None:
    where = _where(other.place_name, other.place_id)
    if other.starts_at < panel.ends_at and panel.starts_at < other.ends_at:
        span = f"{_clock(other.starts_at, tz)}-{_clock(other.ends_at, tz)}"
        return f"Already on another panel {span} {where}"
    if other.place_id == panel.place_id:
        return None
    buffer = panel.travel_buffer
    minutes = int(buffer.total_seconds() // 60)
    if timedelta(0) <= panel.starts_at - other.ends_at < buffer:
        ending = _clock(other.ends_at, tz)
        return f"Needs {minutes} minutes to travel from another panel {where} ending {ending}"
    if timedelta(0) <= other.starts_at - panel.ends_at < buffer:
        starting = _clock(other.starts_at, tz)
        return f"Needs {minutes} minutes to travel to another panel {where} starting {starting}"
    return None


def _clash_reasons(others: list[Commitment], panel: PanelFacts, tz: ZoneInfo) -> list[str]:
    reasons = (_clash_reason(other, panel, tz) for other in others)
    return [reason for reason in reasons if reason is not None]


def _limit_reasons(
    resident: ResidentFacts, others: list[Commitment], panel: PanelFacts, tz: ZoneInfo
) -> list[str]:
    """Monthly panels and daily interviews, counted by local calendar month and day."""
    reasons = []
    start = panel.starts_at.astimezone(tz)
    cap = resident.max_panels_per_month
    if cap is not None:
        month = (start.year, start.month)
        booked = sum(1 for c in others if _month(c.starts_at, tz) == month)
        if booked + 1 > cap:
            reasons.append(f"Reached the limit of {_plural(cap, 'panel')} this month")
    cap = resident.max_interviews_per_day
    if cap is not None:
        same_day = [c for c in others if c.starts_at.astimezone(tz).date() == start.date()]
        booked = sum(c.interviews for c in same_day)
        if booked + panel.interviews > cap:
            reasons.append(f"Reached the limit of {_plural(cap, 'interview')} on that day")
    return reasons


def _month(moment: datetime, tz: ZoneInfo) -> tuple[int, int]:
    local = moment.astimezone(tz)
    return (local.year, local.month)


# --- the rule ---------------------------------------------------------------------------------


def _standing_reasons(resident: ResidentFacts, panel: PanelFacts, on: date) -> list[str]:
    """Status, training, observation, agreement and conflicts: things about the person."""
    reasons = []
    if resident.status == "paused":
        reasons.append("Paused from panels")
    elif resident.status == "left":
        reasons.append("No longer taking part in panels")
    reasons += training_reasons(resident, on)
    still_to_observe = resident.observations_needed - resident.observed_panels
    if still_to_observe > 0:
        more = _plural(still_to_observe, "more panel")
        reasons.append(f"Needs to observe {more} before scoring")
    signed = resident.agreement_signed_on
    if signed is None or signed > on:
        reasons.append("Confidentiality agreement not signed")
    if resident.conflict_candidate_ids & panel.candidate_ids:
        reasons.append("Has declared a conflict with a candidate on this panel")
    return reasons


def check_eligibility(resident: ResidentFacts, panel: PanelFacts, tz: ZoneInfo) -> Eligibility:
    """Can this resident score on this panel? Judged on the panel's local date, not today.

    Returns every reason that stops them, in the fixed order given at the top of this module, so
    the same facts always give the same answer. Reasons never repeat.
    """
    on = panel.starts_at.astimezone(tz).date()
    others = _other_commitments(resident, panel)
    reasons = [
        *_standing_reasons(resident, panel, on),
        *_availability_reasons(resident, panel, tz),
        *_place_reasons(resident, panel),
        *_clash_reasons(others, panel, tz),
        *_limit_reasons(resident, others, panel, tz),
    ]
    unique = tuple(dict.fromkeys(reasons))
    return Eligibility(eligible=not unique, reasons=unique)
