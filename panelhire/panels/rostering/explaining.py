"""Explaining, in plain English, why a panel is left without a resident."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from panelhire.panels.rostering.roster import _Roster
from panelhire.panels.rostering.rules import _plural
from panelhire.panels.rostering.values import PanelId, ResidentId


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
