"""Sharing the work fairly once coverage is settled."""

from panelhire.panels.rostering.roster import _Roster


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
