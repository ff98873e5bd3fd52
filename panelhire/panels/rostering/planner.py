"""Planning a roster: cover, then share fairly, then explain what is left."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

from panelhire.panels.rostering.bounds import _FlowBound
from panelhire.panels.rostering.covering import _first_fit, _groups, _reshuffle
from panelhire.panels.rostering.explaining import _uncovered_reason
from panelhire.panels.rostering.fairness import _balance, _honour_preferences
from panelhire.panels.rostering.roster import _Roster
from panelhire.panels.rostering.rules import _known, _why_never
from panelhire.panels.rostering.search import _ExactSearch
from panelhire.panels.rostering.values import (
    DEFAULT_TRAVEL_BUFFER,
    PanelId,
    PanelSlot,
    Plan,
    ResidentId,
    RosterResident,
)

# Exact search is exponential; these caps keep a planning request well under a second.
_EXACT_SEARCH_CHECKS = 200_000
_SMALL_GROUP = 12


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
