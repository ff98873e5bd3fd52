"""Covering as many panels as possible: first fit, then chains of moves."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from panelhire.panels.rostering.roster import _Roster
from panelhire.panels.rostering.values import PanelId, ResidentId

# How long a chain of moves may grow before giving up; keeps a request well under a second.
_MAX_CHAIN_DEPTH = 60


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
