"""Ranking who could sit on one panel, fairest first."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

from panelhire.panels.rostering.rules import _known, _plural, _why_never
from panelhire.panels.rostering.values import (
    DEFAULT_TRAVEL_BUFFER,
    ExcludedResident,
    PanelSlot,
    RankedResident,
    Ranking,
    ResidentId,
    RosterResident,
)


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
