"""Rostering: a trained resident on every staff interview panel, with the work shared fairly.

The rule, as an HR officer would put it:

* A resident sits on one panel at a time. Between panels at two different places they need
  travel time (30 minutes unless the organisation sets another figure). Online panels need
  no travel time, and two panels at the same place may run back to back.
* Nobody is booked for more panels in a month than their monthly limit, nor more candidates
  in a day than their daily limit; what is already booked counts towards both. A panel that
  interviews four candidates counts as four interviews that day.
* First cover as many panels as can be covered. Only then share the work: keep down the
  highest number of panels anyone has sat in the last twelve months, then spread the rest as
  evenly as possible, and honour residents' preferred places where it costs nobody fairness.
* The same request always gives the same plan.

Eligibility (training in date, available that day, no conflict of interest) is decided
elsewhere; this module only receives who is eligible and, for explanations, why the others
are not. It has no Flask or database imports, so it can be tested and benchmarked alone.
"""

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

PanelId = int
ResidentId = int
Month = tuple[int, int]

DEFAULT_TRAVEL_BUFFER = timedelta(minutes=30)
_ONE_DAY = timedelta(days=1)
# Exact search is exponential; these caps keep a planning request well under a second.
_EXACT_SEARCH_CHECKS = 200_000
_SMALL_GROUP = 12
_MAX_CHAIN_DEPTH = 60


@dataclass(frozen=True)
class PanelSlot:
    """A panel sitting that still needs a trained resident.

    Times are timezone-aware UTC; ``local_date`` is the day in the organisation's own time
    zone, which is the day that daily and monthly limits count against. ``place_id`` is
    None for an online panel. ``interviews`` is how many candidates the panel sees.
    """

    id: PanelId
    starts_at: datetime
    ends_at: datetime
    local_date: date
    place_id: int | None = None
    interviews: int = 1

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ValueError(f"panel {self.id}: times must be timezone-aware")
        if self.ends_at <= self.starts_at:
            raise ValueError(f"panel {self.id}: must end after it starts")
        if self.interviews < 1:
            raise ValueError(f"panel {self.id}: must interview at least one candidate")

    @property
    def month(self) -> Month:
        return (self.local_date.year, self.local_date.month)


@dataclass(frozen=True)
class Commitment:
    """Something a resident is already booked for: another panel, training, a debrief."""

    starts_at: datetime
    ends_at: datetime
    place_id: int | None = None


@dataclass(frozen=True)
class RosterResident:
    """A trained resident as the roster sees them.

    Named so as not to be confused with a *candidate*, who is the job applicant.
    ``recent_panels`` is how many panels they sat in the last twelve months (for fairness);
    the ``booked_*`` mappings hold what is already booked and count towards their limits.
    """

    id: ResidentId
    name: str
    recent_panels: int = 0
    max_panels_per_month: int = 4
    max_interviews_per_day: int = 6
    booked_panels_by_month: Mapping[Month, int] = field(default_factory=dict)
    booked_interviews_by_day: Mapping[date, int] = field(default_factory=dict)
    preferred_place_ids: frozenset[int] = frozenset()
    commitments: tuple[Commitment, ...] = ()

    def prefers(self, panel: PanelSlot) -> bool:
        return panel.place_id is not None and panel.place_id in self.preferred_place_ids


@dataclass(frozen=True)
class RankedResident:
    resident_id: ResidentId
    name: str
    reason: str


@dataclass(frozen=True)
class ExcludedResident:
    resident_id: ResidentId
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    """Who could sit on one panel, fairest first, and who cannot and why."""

    panel_id: PanelId
    eligible: tuple[RankedResident, ...]
    excluded: tuple[ExcludedResident, ...]


@dataclass(frozen=True)
class Plan:
    """A proposed roster.

    ``assignments`` maps panel to resident; ``uncovered`` maps each panel left without a
    resident to the reason in plain English. ``coverage_proven`` is True when the planner
    has proved that no roster covers more panels (it nearly always can; on very large,
    very tight rosters it says so when it could not).
    """

    assignments: Mapping[PanelId, ResidentId]
    uncovered: Mapping[PanelId, str]
    coverage_proven: bool = True


# --- The clash and limit rules --------------------------------------------------------------


def _needs_travel(place_a: int | None, place_b: int | None) -> bool:
    return place_a is not None and place_b is not None and place_a != place_b


def _clash(a: PanelSlot | Commitment, b: PanelSlot | Commitment, travel_buffer: timedelta) -> bool:
    """Two bookings clash if they overlap, or leave too little time to travel between places."""
    gap = travel_buffer if _needs_travel(a.place_id, b.place_id) else timedelta(0)
    return a.starts_at < b.ends_at + gap and b.starts_at < a.ends_at + gap


def _why_never(resident: RosterResident, panel: PanelSlot, travel_buffer: timedelta) -> str | None:
    """Why this resident cannot take this panel even if given nothing else, or None if they can."""
    if resident.commitments and any(
        _clash(panel, c, travel_buffer) for c in _near(resident.commitments, panel)
    ):
        return "already booked at that time, or too little travel time"
    booked = resident.booked_panels_by_month.get(panel.month, 0)
    if booked + 1 > resident.max_panels_per_month:
        return (
            f"already at their monthly limit of {_plural(resident.max_panels_per_month, 'panel')}"
        )
    day = resident.booked_interviews_by_day.get(panel.local_date, 0)
    if day + panel.interviews > resident.max_interviews_per_day:
        limit = _plural(resident.max_interviews_per_day, "interview")
        return f"would exceed their daily limit of {limit}"
    return None


def _near(commitments: tuple[Commitment, ...], panel: PanelSlot) -> list[Commitment]:
    # Anything that ends a day before the panel or starts a day after cannot clash with it.
    early, late = panel.starts_at - _ONE_DAY, panel.ends_at + _ONE_DAY
    return [c for c in commitments if c.ends_at > early and c.starts_at < late]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- Ranking one panel ----------------------------------------------------------------------


def _fairness_key(resident: RosterResident, panel: PanelSlot) -> tuple:
    booked = resident.booked_panels_by_month.get(panel.month, 0)
    return (resident.recent_panels, not resident.prefers(panel), booked, resident.name, resident.id)


def _rank_reason(resident: RosterResident, panel: PanelSlot) -> str:
    parts = [f"{_plural(resident.recent_panels, 'panel')} in the last 12 months"]
    if resident.prefers(panel):
        parts.append("prefers this place")
    booked = resident.booked_panels_by_month.get(panel.month, 0)
    if booked:
        parts.append(f"{booked} already booked this month")
    return "; ".join(parts)


def rank_for_panel(
    panel: PanelSlot,
    residents: Iterable[RosterResident],
    eligible_ids: Iterable[ResidentId],
    excluded_reasons: Mapping[ResidentId, Sequence[str]] | None = None,
    *,
    travel_buffer: timedelta = DEFAULT_TRAVEL_BUFFER,
) -> Ranking:
    """Rank the residents who could sit on this panel, fairest choice first.

    Fairest means: fewest panels in the last twelve months, then someone who prefers this
    place, then fewest already booked this month, then by name. An eligible resident who
    is already booked at that time, or at a monthly or daily limit, is listed with the
    excluded residents and the reason, next to those the eligibility rule turned away.
    """
    by_id = {r.id: r for r in residents}
    reasons: dict[ResidentId, list[str]] = {
        rid: list(why) for rid, why in (excluded_reasons or {}).items()
    }
    ranked = []
    for rid in set(eligible_ids):
        resident = _known(by_id, rid)
        why = _why_never(resident, panel, travel_buffer)
        if why:
            reasons.setdefault(rid, []).append(why)
        else:
            ranked.append(resident)
    ranked.sort(key=lambda r: _fairness_key(r, panel))
    excluded = [
        ExcludedResident(rid, by_id[rid].name if rid in by_id else "", tuple(why))
        for rid, why in reasons.items()
    ]
    excluded.sort(key=lambda e: (e.name, e.resident_id))
    return Ranking(
        panel_id=panel.id,
        eligible=tuple(RankedResident(r.id, r.name, _rank_reason(r, panel)) for r in ranked),
        excluded=tuple(excluded),
    )


def _known(by_id: Mapping[ResidentId, RosterResident], rid: ResidentId) -> RosterResident:
    if rid not in by_id:
        raise ValueError(f"resident {rid} is listed as eligible but was not supplied")
    return by_id[rid]


# --- Working state of one planning run ------------------------------------------------------


class _Roster:
    """The plan being built. Every change is logged so that a trial move can be undone."""

    def __init__(
        self,
        panels: dict[PanelId, PanelSlot],
        residents: dict[ResidentId, RosterResident],
        candidates: dict[PanelId, tuple[ResidentId, ...]],
        travel_buffer: timedelta,
    ) -> None:
        self.panels = panels
        self.residents = residents
        self.candidates = candidates
        self.travel_buffer = travel_buffer
        self.holder: dict[PanelId, ResidentId] = {}
        self.held: dict[ResidentId, set[PanelId]] = defaultdict(set)
        self.on_day: dict[tuple[ResidentId, date], set[PanelId]] = defaultdict(set)
        self.month_count: Counter[tuple[ResidentId, Month]] = Counter()
        self.day_interviews: Counter[tuple[ResidentId, date]] = Counter()
        self.load = {rid: r.recent_panels for rid, r in residents.items()}
        self.preferring = {
            pid: frozenset(r for r in rids if residents[r].prefers(panels[pid]))
            for pid, rids in candidates.items()
        }
        self.log: list[tuple[bool, PanelId, ResidentId]] = []
        self.checks = 0  # counts fits() calls, so that searches can be cut off by work done

    def prefers(self, rid: ResidentId, pid: PanelId) -> bool:
        return rid in self.preferring[pid]

    def by_load(self, rids: Iterable[ResidentId], pid: PanelId) -> list[ResidentId]:
        """Least-loaded first, preferring residents who like the place; ids break ties."""
        return sorted(rids, key=lambda r: (self.load[r], not self.prefers(r, pid), r))

    def clashing(self, rid: ResidentId, pid: PanelId) -> list[PanelId]:
        panel = self.panels[pid]
        found = []
        # A late panel can clash with an early one next day once travel time is added.
        for day in (panel.local_date - _ONE_DAY, panel.local_date, panel.local_date + _ONE_DAY):
            for other in self.on_day.get((rid, day), ()):
                if other != pid and _clash(panel, self.panels[other], self.travel_buffer):
                    found.append(other)
        return sorted(found)

    def fits(self, rid: ResidentId, pid: PanelId, without: Iterable[PanelId] = ()) -> bool:
        """Could this resident take this panel if they gave up the panels in ``without``?"""
        self.checks += 1
        panel, resident = self.panels[pid], self.residents[rid]
        freed = [self.panels[q] for q in without]
        month_used = self.month_count[(rid, panel.month)]
        month_used -= sum(1 for q in freed if q.month == panel.month)
        booked = resident.booked_panels_by_month.get(panel.month, 0)
        if booked + month_used + 1 > resident.max_panels_per_month:
            return False
        day_used = self.day_interviews[(rid, panel.local_date)]
        day_used -= sum(q.interviews for q in freed if q.local_date == panel.local_date)
        booked = resident.booked_interviews_by_day.get(panel.local_date, 0)
        if booked + day_used + panel.interviews > resident.max_interviews_per_day:
            return False
        freed_ids = set(without)
        return all(q in freed_ids for q in self.clashing(rid, pid))

    def assign(self, rid: ResidentId, pid: PanelId) -> None:
        self._add(rid, pid)
        self.log.append((True, pid, rid))

    def unassign(self, pid: PanelId) -> ResidentId:
        rid = self.holder[pid]
        self._remove(pid)
        self.log.append((False, pid, rid))
        return rid

    def rollback(self, mark: int) -> None:
        while len(self.log) > mark:
            added, pid, rid = self.log.pop()
            if added:
                self._remove(pid)
            else:
                self._add(rid, pid)

    def _add(self, rid: ResidentId, pid: PanelId) -> None:
        panel = self.panels[pid]
        self.holder[pid] = rid
        self.held[rid].add(pid)
        self.on_day[(rid, panel.local_date)].add(pid)
        self.month_count[(rid, panel.month)] += 1
        self.day_interviews[(rid, panel.local_date)] += panel.interviews
        self.load[rid] += 1

    def _remove(self, pid: PanelId) -> None:
        panel = self.panels[pid]
        rid = self.holder.pop(pid)
        self.held[rid].discard(pid)
        self.on_day[(rid, panel.local_date)].discard(pid)
        self.month_count[(rid, panel.month)] -= 1
        self.day_interviews[(rid, panel.local_date)] -= panel.interviews
        self.load[rid] -= 1

    def ejections(self, rid: ResidentId, pid: PanelId) -> list[tuple[PanelId, ...]]:
        """Smallest sets (one or two) of this resident's new panels whose release frees them."""
        clash = tuple(self.clashing(rid, pid))
        if len(clash) > 2:
            return []
        if self.fits(rid, pid, clash):
            return [clash] if clash else []
        if len(clash) == 2:
            return []
        month = self.panels[pid].month
        return [
            clash + (q,)
            for q in sorted(self.held[rid])
            if q not in clash
            and self.panels[q].month == month
            and self.fits(rid, pid, clash + (q,))
        ]


# --- Covering as many panels as possible ----------------------------------------------------


def _scarcest_first(roster: _Roster, pids: Iterable[PanelId]) -> list[PanelId]:
    return sorted(pids, key=lambda p: (len(roster.candidates[p]), roster.panels[p].starts_at, p))


def _first_fit(roster: _Roster) -> None:
    """Give the hardest-to-fill panels first to the least-used resident who can go."""
    for pid in _scarcest_first(roster, roster.candidates):
        for rid in roster.by_load(roster.candidates[pid], pid):
            if roster.fits(rid, pid):
                roster.assign(rid, pid)
                break


def _augment(roster: _Roster, pid: PanelId, visited: set[PanelId], depth: int = 0) -> bool:
    """Cover ``pid``, moving other panels to other residents along a chain if need be.

    This is the augmenting-path step of matching theory: a greedy roster can leave a panel
    empty while a different choice of resident elsewhere would free someone for it.
    """
    visited.add(pid)
    order = roster.by_load(roster.candidates[pid], pid)
    for rid in order:
        if roster.fits(rid, pid):
            roster.assign(rid, pid)
            return True
    if depth >= _MAX_CHAIN_DEPTH:
        return False
    for rid in order:
        for released in roster.ejections(rid, pid):
            if visited.intersection(released):
                continue
            mark = len(roster.log)
            for other in released:
                roster.unassign(other)
            roster.assign(rid, pid)
            if _rehouse_all(roster, released, visited, depth + 1):
                return True
            roster.rollback(mark)
    return False


def _rehouse_all(
    roster: _Roster, pids: Sequence[PanelId], visited: set[PanelId], depth: int
) -> bool:
    for pid in pids:
        if not _augment(roster, pid, visited, depth):
            return False
    return True


def _groups(roster: _Roster) -> list[list[PanelId]]:
    """Panels that share no possible resident can be planned independently."""
    panels_of: dict[ResidentId, list[PanelId]] = defaultdict(list)
    for pid, rids in roster.candidates.items():
        for rid in rids:
            panels_of[rid].append(pid)
    seen_panels: set[PanelId] = set()
    seen_residents: set[ResidentId] = set()
    groups = []
    for start in sorted(roster.candidates):
        if start in seen_panels:
            continue
        group, stack = [], [start]
        seen_panels.add(start)
        while stack:
            pid = stack.pop()
            group.append(pid)
            for rid in roster.candidates[pid]:
                if rid not in seen_residents:
                    seen_residents.add(rid)
                    fresh = [q for q in panels_of[rid] if q not in seen_panels]
                    seen_panels.update(fresh)
                    stack.extend(fresh)
        groups.append(sorted(group))
    return groups


# --- Proving that no roster covers more -----------------------------------------------------


def _sittable_together(roster: _Roster, rid: ResidentId, pids: Sequence[PanelId]) -> bool:
    resident, slots = roster.residents[rid], [roster.panels[p] for p in pids]
    booked = resident.booked_interviews_by_day.get(slots[0].local_date, 0)
    if booked + sum(s.interviews for s in slots) > resident.max_interviews_per_day:
        return False
    return not any(_clash(a, b, roster.travel_buffer) for a, b in itertools.combinations(slots, 2))


def _day_capacity(roster: _Roster, rid: ResidentId, pids: list[PanelId]) -> int:
    """Most of these same-day panels the resident could sit together."""
    if len(pids) > 10:
        return len(pids)  # a safe over-estimate; exact counting would be too slow
    for size in range(len(pids), 0, -1):
        if any(_sittable_together(roster, rid, c) for c in itertools.combinations(pids, size)):
            return size
    return 0


class _FlowBound:
    """An upper limit on how many panels of a group any roster could cover.

    It is a maximum flow from panels to (resident, day) to (resident, month), with each day
    capped by what the resident could sit that day and each month by their monthly limit.
    Every real roster is such a flow, so the flow's size is a ceiling. It starts from the
    current plan, so only the panels left uncovered need searching from.
    """

    def __init__(self, roster: _Roster, group: list[PanelId]) -> None:
        self.roster = roster
        self.group = group
        self.match = {p: roster.holder[p] for p in group if p in roster.holder}
        same_day: dict[tuple[ResidentId, date], list[PanelId]] = defaultdict(list)
        for pid in group:
            for rid in roster.candidates[pid]:
                same_day[(rid, roster.panels[pid].local_date)].append(pid)
        self.day_cap = {k: _day_capacity(roster, k[0], pids) for k, pids in same_day.items()}
        self.day_in: dict[tuple, set[PanelId]] = defaultdict(set)
        self.day_flow: Counter[tuple] = Counter()
        self.month_flow: Counter[tuple] = Counter()
        self.month_days: dict[tuple, set[date]] = defaultdict(set)
        for pid, rid in self.match.items():
            day = roster.panels[pid].local_date
            self.day_in[(rid, day)].add(pid)
            self.day_flow[(rid, day)] += 1
            self.month_flow[(rid, (day.year, day.month))] += 1
            self.month_days[(rid, (day.year, day.month))].add(day)

    def size(self) -> int:
        while (path := self._augmenting_path()) is not None:
            self._push(path)
        return len(self.match)

    def _month_room(self, rid: ResidentId, month: Month) -> int:
        resident = self.roster.residents[rid]
        booked = resident.booked_panels_by_month.get(month, 0)
        return resident.max_panels_per_month - booked - self.month_flow[(rid, month)]

    def _next(self, node: tuple) -> Iterable[tuple]:
        if node[0] == "p":
            pid = node[1]
            day = self.roster.panels[pid].local_date
            return [("d", r, day) for r in self.roster.candidates[pid] if self.match.get(pid) != r]
        if node[0] == "d":
            _, rid, day = node
            ahead = [("p", p) for p in sorted(self.day_in[(rid, day)])]
            if self.day_flow[(rid, day)] < self.day_cap[(rid, day)]:
                ahead.insert(0, ("m", rid, (day.year, day.month)))
            return ahead
        _, rid, month = node
        days = sorted(self.month_days[(rid, month)])
        return [("d", rid, d) for d in days if self.day_flow[(rid, d)] > 0]

    def _augmenting_path(self) -> list[tuple] | None:
        starts = [("p", p) for p in self.group if p not in self.match and self.roster.candidates[p]]
        parent: dict[tuple, tuple | None] = dict.fromkeys(starts)
        queue = list(starts)
        for node in queue:
            if node[0] == "m" and self._month_room(node[1], node[2]) > 0:
                path = [node]
                while (before := parent[path[-1]]) is not None:
                    path.append(before)
                return path[::-1]
            for nxt in self._next(node):
                if nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        return None

    def _push(self, path: list[tuple]) -> None:
        for a, b in itertools.pairwise(path):
            if a[0] == "p":
                self.match[a[1]] = b[1]
                self.day_in[(b[1], b[2])].add(a[1])
            elif a[0] == "d" and b[0] == "p":
                self.day_in[(a[1], a[2])].discard(b[1])
            elif a[0] == "d":
                self.day_flow[(a[1], a[2])] += 1
                self.month_days[(b[1], b[2])].add(a[2])
            else:
                self.day_flow[(b[1], b[2])] -= 1
        self.month_flow[(path[-1][1], path[-1][2])] += 1


# --- Exact search for small or stubborn groups ----------------------------------------------


class _OutOfBudget(Exception):
    pass


class _ExactSearch:
    """Try every roster for one group, keeping the current one unless a better one turns up.

    Better means: more panels covered, then a lower top load, then a smaller sum of squared
    loads. The search is cut off after a fixed amount of work (not time, so the result does
    not depend on the machine) and then keeps the best roster found.
    """

    def __init__(self, roster: _Roster, group: list[PanelId], budget: int) -> None:
        self.roster = roster
        self.limit = roster.checks + budget
        self.order = _scarcest_first(roster, group)
        self.people = sorted({r for p in group for r in roster.candidates[p]})
        self.best = {p: roster.holder[p] for p in group if p in roster.holder}
        self.best_score = self._score(len(self.best))

    def run(self) -> bool:
        """Leave the best roster found in place; True if the search was complete."""
        roster = self.roster
        for pid in self.best:
            roster.unassign(pid)
        complete = True
        try:
            self._search(0, 0)
        except _OutOfBudget:
            complete = False
        for pid in self.order:
            if pid in roster.holder:
                roster.unassign(pid)
        for pid, rid in sorted(self.best.items()):
            roster.assign(rid, pid)
        return complete

    def _score(self, covered: int) -> tuple[int, int, int]:
        loads = [self.roster.load[r] for r in self.people] or [0]
        return (covered, -max(loads), -sum(x * x for x in loads))

    def _search(self, i: int, covered: int) -> None:
        roster = self.roster
        if roster.checks > self.limit:
            raise _OutOfBudget
        reachable = sum(
            1 for q in self.order[i:] if any(roster.fits(r, q) for r in roster.candidates[q])
        )
        now = self._score(covered)
        if (covered + reachable, now[1], now[2]) <= self.best_score:
            return
        if i == len(self.order):
            self.best_score = now
            self.best = {p: roster.holder[p] for p in self.order if p in roster.holder}
            return
        pid = self.order[i]
        for rid in roster.by_load(roster.candidates[pid], pid):
            if roster.fits(rid, pid):
                roster.assign(rid, pid)
                self._search(i + 1, covered + 1)
                roster.unassign(pid)
        self._search(i + 1, covered)


# --- Sharing the work fairly ----------------------------------------------------------------


def _balance(roster: _Roster) -> None:
    """Hand panels from busier residents to less busy ones who can go.

    A hand-over is made only when the receiver would still carry fewer panels than the giver
    had, so the top load never rises and the spread always narrows; it stops when no
    hand-over helps.
    """
    changed = True
    while changed:
        changed = False
        busiest_first = sorted(roster.holder, key=lambda p: (-roster.load[roster.holder[p]], p))
        for pid in busiest_first:
            giver = roster.holder[pid]
            takers = [
                r
                for r in roster.by_load(roster.candidates[pid], pid)
                if r != giver and roster.load[r] <= roster.load[giver] - 2 and roster.fits(r, pid)
            ]
            if takers:
                roster.unassign(pid)
                roster.assign(takers[0], pid)
                changed = True


def _honour_preferences(roster: _Roster) -> None:
    """Move a panel to a resident who prefers its place when that leaves loads as fair as before.

    Giving one panel from someone with n+1 to someone with n swaps their loads, so the
    spread is unchanged; each move adds one preferred placement, so this ends.
    """
    for pid in sorted(roster.holder):
        giver = roster.holder[pid]
        if roster.prefers(giver, pid):
            continue
        for rid in roster.candidates[pid]:
            if (
                roster.prefers(rid, pid)
                and roster.load[rid] == roster.load[giver] - 1
                and roster.fits(rid, pid)
            ):
                roster.unassign(pid)
                roster.assign(rid, pid)
                break


# --- Explaining panels left without a resident ----------------------------------------------


def _tally(reasons: Iterable[str]) -> str:
    counts = Counter(reasons)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "; ".join(f"{why} ({_plural(n, 'resident')})" for why, n in ordered)


def _why_busy(roster: _Roster, rid: ResidentId, pid: PanelId) -> str:
    panel, resident = roster.panels[pid], roster.residents[rid]
    booked = resident.booked_panels_by_month.get(panel.month, 0)
    if booked + roster.month_count[(rid, panel.month)] >= resident.max_panels_per_month:
        return "at their monthly limit with this plan"
    if roster.clashing(rid, pid):
        return "sitting another panel at that time, or too close to it to travel"
    return "at their daily interview limit with this plan"


def _uncovered_reason(
    roster: _Roster,
    pid: PanelId,
    never: Mapping[ResidentId, str],
    excluded: Sequence[Sequence[str]],
    proven: bool,
) -> str:
    if not never and not roster.candidates[pid]:
        if not excluded:
            return "No eligible resident for this panel"
        return "No eligible resident: " + _tally(why for whys in excluded for why in set(whys))
    if not roster.candidates[pid]:
        return "Every eligible resident is already booked: " + _tally(never.values())
    busy = (_why_busy(roster, rid, pid) for rid in roster.candidates[pid])
    text = "Every eligible resident is needed for other panels in this plan: " + _tally(busy)
    return text + (". No other arrangement covers more panels" if proven else "")


# --- Planning -------------------------------------------------------------------------------


def _cover(roster: _Roster) -> bool:
    """Cover as many panels as possible; True if proved that no roster covers more."""
    _first_fit(roster)
    proven = True
    for group in _groups(roster):
        waiting = [p for p in group if p not in roster.holder and roster.candidates[p]]
        if len(group) <= _SMALL_GROUP and any(roster.candidates[p] for p in group):
            # Small enough to search outright, which also makes the spread exactly fair.
            _reshuffle(roster, waiting, len(waiting))
            proven &= _ExactSearch(roster, group, _EXACT_SEARCH_CHECKS).run()
        elif waiting:
            bound = _FlowBound(roster, group).size()
            gap = bound - sum(p in roster.holder for p in group)
            gap -= _reshuffle(roster, waiting, gap)
            if gap > 0:
                complete = _ExactSearch(roster, group, _EXACT_SEARCH_CHECKS).run()
                proven &= complete or sum(p in roster.holder for p in group) == bound
    return proven


def _reshuffle(roster: _Roster, waiting: list[PanelId], wanted: int) -> int:
    """Cover up to ``wanted`` of the waiting panels by chains of moves; return how many.

    Panels explored by a failed attempt stay marked until an attempt succeeds: nothing has
    changed for them, so exploring them again would fail the same way.
    """
    gained, visited = 0, set()
    for pid in _scarcest_first(roster, waiting):
        if gained >= wanted:
            break
        if pid not in visited and _augment(roster, pid, visited):
            gained += 1
            visited = set()
    return gained


def _index_panels(panels: Iterable[PanelSlot]) -> dict[PanelId, PanelSlot]:
    by_id: dict[PanelId, PanelSlot] = {}
    for panel in panels:
        if panel.id in by_id:
            raise ValueError(f"panel {panel.id} is listed twice")
        by_id[panel.id] = panel
    return dict(sorted(by_id.items()))


def _screen(
    by_panel: dict[PanelId, PanelSlot],
    by_id: dict[ResidentId, RosterResident],
    eligible: Mapping[PanelId, Iterable[ResidentId]],
    travel_buffer: timedelta,
) -> tuple[dict[PanelId, tuple[ResidentId, ...]], dict[PanelId, dict[ResidentId, str]]]:
    """Split each panel's eligible residents into those who could go and those already booked."""
    candidates: dict[PanelId, tuple[ResidentId, ...]] = {}
    never: dict[PanelId, dict[ResidentId, str]] = {}
    for pid, panel in by_panel.items():
        never[pid], usable = {}, []
        for rid in sorted(set(eligible.get(pid, ()))):
            why = _why_never(_known(by_id, rid), panel, travel_buffer)
            if why:
                never[pid][rid] = why
            else:
                usable.append(rid)
        candidates[pid] = tuple(usable)
    return candidates, never


def plan(
    panels: Iterable[PanelSlot],
    residents: Iterable[RosterResident],
    eligible: Mapping[PanelId, Iterable[ResidentId]],
    travel_buffer: timedelta = DEFAULT_TRAVEL_BUFFER,
    *,
    excluded: Mapping[PanelId, Mapping[ResidentId, Sequence[str]]] | None = None,
) -> Plan:
    """Propose one trained resident for each panel that lacks one.

    The roster covers as many panels as any roster could, never double-books a resident,
    allows travel time between places, and keeps everyone within their monthly and daily
    limits (counting what is already booked). Among the rosters that cover that many panels
    it shares the work fairly: the fewest panels for the busiest resident over the last
    twelve months, then as even a spread as possible, then preferred places. Each panel left
    uncovered comes with the reason. The same request always gives the same plan.

    ``eligible`` lists, for each panel, the residents the eligibility rule allows on it;
    ``excluded`` optionally gives the eligibility rule's reasons for the others, used only
    to explain uncovered panels.
    """
    by_panel = _index_panels(panels)
    by_id = {r.id: r for r in residents}
    candidates, never = _screen(by_panel, by_id, eligible, travel_buffer)
    roster = _Roster(by_panel, by_id, candidates, travel_buffer)
    proven = _cover(roster)
    _balance(roster)
    _honour_preferences(roster)
    excluded = excluded or {}
    uncovered = {
        pid: _uncovered_reason(
            roster, pid, never[pid], list(excluded.get(pid, {}).values()), proven
        )
        for pid in by_panel
        if pid not in roster.holder
    }
    return Plan(dict(sorted(roster.holder.items())), uncovered, proven)
