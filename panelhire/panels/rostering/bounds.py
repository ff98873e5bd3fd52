"""Proving that no roster covers more: a flow that no real roster can beat."""

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from panelhire.panels.rostering.roster import _Roster
from panelhire.panels.rostering.rules import _clash
from panelhire.panels.rostering.values import Month, PanelId, ResidentId


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
