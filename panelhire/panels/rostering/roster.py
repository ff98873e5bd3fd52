"""The working state of one planning run, with trial moves that can be undone."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from panelhire.panels.rostering.rules import _clash
from panelhire.panels.rostering.values import (
    _ONE_DAY,
    Month,
    PanelId,
    PanelSlot,
    ResidentId,
    RosterResident,
)


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
