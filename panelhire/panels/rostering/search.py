"""Exact search for small or stubborn groups of panels, cut off by work done."""

from panelhire.panels.rostering.covering import _scarcest_first
from panelhire.panels.rostering.roster import _Roster
from panelhire.panels.rostering.values import PanelId


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
