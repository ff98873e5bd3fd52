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

The package, module by module: ``values`` (what goes in and comes out), ``rules`` (clashes and
limits), ``ranking`` (one panel's choices), ``roster`` (the plan being built), ``covering``,
``bounds`` and ``search`` (as many panels as possible, and the proof), ``fairness``,
``explaining`` (why a panel is uncovered) and ``planner`` (the whole run).
"""

from panelhire.panels.rostering.planner import plan
from panelhire.panels.rostering.ranking import rank_for_panel
from panelhire.panels.rostering.values import (
    DEFAULT_TRAVEL_BUFFER,
    Commitment,
    ExcludedResident,
    Month,
    PanelId,
    PanelSlot,
    Plan,
    RankedResident,
    Ranking,
    ResidentId,
    RosterResident,
)

__all__ = [
    "DEFAULT_TRAVEL_BUFFER",
    "Commitment",
    "ExcludedResident",
    "Month",
    "PanelId",
    "PanelSlot",
    "Plan",
    "RankedResident",
    "Ranking",
    "ResidentId",
    "RosterResident",
    "plan",
    "rank_for_panel",
]
