"""Rostering rule: who sits on which panel. Pure domain tests, no app needed."""

import itertools
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panelhire.panels.rostering import (
    Commitment,
    PanelSlot,
    RosterResident,
    plan,
    rank_for_panel,
)

MONDAY = date(2025, 3, 3)


def make_panel(
    pid: int,
    *,
    day: date = MONDAY,
    at: str = "10:00",
    hours: float = 1,
    place: int | None = 1,
    interviews: int = 1,
) -> PanelSlot:
    hour, minute = map(int, at.split(":"))
    starts = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
    return PanelSlot(pid, starts, starts + timedelta(hours=hours), day, place, interviews)


def make_resident(
    rid: int,
    *,
    name: str | None = None,
    recent: int = 0,
    monthly: int = 4,
    daily: int = 6,
    booked_months: dict | None = None,
    booked_days: dict | None = None,
    prefers: tuple[int, ...] = (),
    commitments: tuple[Commitment, ...] = (),
) -> RosterResident:
    return RosterResident(
        id=rid,
        name=name or f"Resident {rid}",
        recent_panels=recent,
        max_panels_per_month=monthly,
        max_interviews_per_day=daily,
        booked_panels_by_month=booked_months or {},
        booked_interviews_by_day=booked_days or {},
        preferred_place_ids=frozenset(prefers),
        commitments=commitments,
    )


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


# --- Covering as many panels as possible ----------------------------------------------------


def test_greedy_trap_least_used_resident_is_needed_elsewhere():
    # Ann is the fairest choice for panel 1, but she is the only one who can do panel 2.
    ann = make_resident(1, recent=0, monthly=1)
    bob = make_resident(2, recent=5, monthly=1)
    panels = [make_panel(1, at="09:00"), make_panel(2, at="14:00")]
    result = plan(panels, [ann, bob], {1: [1, 2], 2: [1]})
    assert result.assignments == {1: 2, 2: 1}
    assert result.uncovered == {}
    assert result.coverage_proven


def test_chain_of_moves_covers_the_last_panel():
    # Each resident can do one panel a month; only a three-step reshuffle covers all three.
    residents = [make_resident(r, monthly=1, recent=r) for r in (1, 2, 3)]
    panels = [make_panel(p, day=day(p)) for p in (1, 2, 3)]
    eligible = {1: [1, 2], 2: [2, 3], 3: [1]}
    result = plan(panels, residents, eligible)
    assert result.assignments == {1: 2, 2: 3, 3: 1}


def test_one_long_panel_against_two_short_ones():
    # Ann could do the long panel only by giving up both short ones, which Bob can take.
    ann, bob = make_resident(1), make_resident(2, recent=3)
    panels = [
        make_panel(1, at="09:00", hours=4),
        make_panel(2, at="09:00"),
        make_panel(3, at="11:00"),
    ]
    result = plan(panels, [ann, bob], {1: [1], 2: [1, 2], 3: [1, 2]})
    assert result.assignments == {1: 1, 2: 2, 3: 2}


def test_fairest_first_choice_would_strand_a_panel_behind_travel_time():
    # Handing out panels one by one, least-used first, gives Ann the Monday panel and leaves
    # Bob unable to get from the 9:00 Tuesday panel to the 10:00 one elsewhere.
    ann = make_resident(1, recent=1, monthly=1)
    bob = make_resident(2, recent=3, monthly=2)
    panels = [
        make_panel(1, day=day(1), at="09:00", place=1),
        make_panel(2, day=day(0), at="10:00", place=2),
        make_panel(3, day=day(1), at="10:00", place=2),
    ]
    result = plan(panels, [ann, bob], {1: [1, 2], 2: [1, 2], 3: [1, 2]})
    assert len(result.assignments) == 3
    assert result.assignments[2] == 2


# --- Clashes and travel time ----------------------------------------------------------------


def test_travel_time_needed_between_different_places():
    ann = make_resident(1)
    panels = [make_panel(1, at="10:00", place=1), make_panel(2, at="11:15", place=2)]
    result = plan(panels, [ann], {1: [1], 2: [1]})
    assert len(result.assignments) == 1
    (left,) = result.uncovered.values()
    assert "too close to it to travel" in left


def test_travel_buffer_is_configurable():
    ann = make_resident(1)
    panels = [make_panel(1, at="10:00", place=1), make_panel(2, at="11:15", place=2)]
    result = plan(panels, [ann], {1: [1], 2: [1]}, timedelta(minutes=15))
    assert result.assignments == {1: 1, 2: 1}


@pytest.mark.parametrize(("first", "second"), [(1, 1), (None, 2), (1, None), (None, None)])
def test_back_to_back_at_same_place_or_online_is_fine(first, second):
    ann = make_resident(1)
    panels = [make_panel(1, at="10:00", place=first), make_panel(2, at="11:00", place=second)]
    assert plan(panels, [ann], {1: [1], 2: [1]}).assignments == {1: 1, 2: 1}


def test_overlapping_panels_at_the_same_place_clash():
    ann = make_resident(1)
    panels = [make_panel(1, at="10:00"), make_panel(2, at="10:30")]
    assert len(plan(panels, [ann], {1: [1], 2: [1]}).assignments) == 1


def test_existing_commitment_blocks_with_travel_time():
    starts = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    training = Commitment(starts, starts + timedelta(hours=1, minutes=45), place_id=9)
    ann = make_resident(1, commitments=(training,))
    result = plan([make_panel(1, at="10:00", place=1)], [ann], {1: [1]})
    assert result.assignments == {}
    assert result.uncovered[1].startswith("Every eligible resident is already booked")


# --- Monthly and daily limits ---------------------------------------------------------------


def test_monthly_limit_counts_panels_already_booked():
    ann = make_resident(1, monthly=2, booked_months={(2025, 3): 1})
    panels = [
        make_panel(1, day=day(0)),
        make_panel(2, day=day(1)),
        make_panel(3, day=date(2025, 4, 1)),
    ]
    result = plan(panels, [ann], {p.id: [1] for p in panels})
    assert len(result.assignments) == 2
    assert 3 in result.assignments
    (reason,) = result.uncovered.values()
    assert "at their monthly limit with this plan (1 resident)" in reason
    assert reason.endswith("No other arrangement covers more panels")


def test_already_at_monthly_limit_is_explained():
    ann = make_resident(1, monthly=2, booked_months={(2025, 3): 2})
    result = plan([make_panel(1)], [ann], {1: [1]})
    assert result.uncovered[1] == (
        "Every eligible resident is already booked: "
        "already at their monthly limit of 2 panels (1 resident)"
    )


def test_daily_limit_counts_candidates_not_panels():
    ann = make_resident(1, daily=6, booked_days={MONDAY: 2})
    panels = [
        make_panel(1, at="09:00", interviews=3),
        make_panel(2, at="13:00", interviews=2),
    ]
    result = plan(panels, [ann], {1: [1], 2: [1]})
    assert len(result.assignments) == 1
    assert "daily interview limit" in next(iter(result.uncovered.values()))


def test_daily_limit_allows_exactly_the_limit():
    ann = make_resident(1, daily=5)
    panels = [
        make_panel(1, at="09:00", interviews=3),
        make_panel(2, at="13:00", interviews=2),
    ]
    assert plan(panels, [ann], {1: [1], 2: [1]}).assignments == {1: 1, 2: 1}


# --- Fairness and preferences ---------------------------------------------------------------


def test_work_goes_to_the_resident_with_fewer_recent_panels():
    ann, bob = make_resident(1, recent=0), make_resident(2, recent=4)
    panels = [make_panel(p, day=day(p)) for p in range(4)]
    result = plan(panels, [ann, bob], {p.id: [1, 2] for p in panels})
    assert set(result.assignments.values()) == {1}


def test_work_is_spread_evenly_between_equals():
    residents = [make_resident(r) for r in (1, 2, 3)]
    panels = [make_panel(p, day=day(p % 4)) for p in range(6)]
    result = plan(panels, residents, {p.id: [1, 2, 3] for p in panels})
    per_resident = defaultdict(int)
    for rid in result.assignments.values():
        per_resident[rid] += 1
    assert sorted(per_resident.values()) == [2, 2, 2]


def test_fairness_in_a_larger_group_uses_hand_overs():
    # Too many panels for the exact search: the hand-over step must still even things out.
    residents = [make_resident(r, recent=r % 3, monthly=20, daily=20) for r in range(1, 11)]
    panels = [make_panel(p, day=day(p % 20), at=f"{9 + p % 5}:00") for p in range(40)]
    result = plan(panels, residents, {p.id: list(range(1, 11)) for p in panels})
    load = {r.id: r.recent_panels for r in residents}
    for rid in result.assignments.values():
        load[rid] += 1
    assert len(result.assignments) == 40
    assert max(load.values()) - min(load.values()) <= 1


def test_preferred_place_wins_when_it_costs_nobody_fairness():
    ann, bob = make_resident(1), make_resident(2, prefers=(7,))
    result = plan([make_panel(1, place=7)], [ann, bob], {1: [1, 2]})
    assert result.assignments == {1: 2}


def test_preference_does_not_override_fairness():
    ann, bob = make_resident(1), make_resident(2, recent=3, prefers=(7,))
    result = plan([make_panel(1, place=7)], [ann, bob], {1: [1, 2]})
    assert result.assignments == {1: 1}


# --- Explanations ---------------------------------------------------------------------------


def test_no_eligible_resident_summarises_the_reasons():
    residents = [make_resident(r) for r in (1, 2, 3, 4)]
    excluded = {
        1: {
            1: ["not available that day"],
            2: ["not available that day"],
            3: ["not available that day", "training expired"],
            4: ["training expired"],
        }
    }
    result = plan([make_panel(1)], residents, {}, excluded=excluded)
    assert result.uncovered[1] == (
        "No eligible resident: not available that day (3 residents); training expired (2 residents)"
    )


def test_no_eligible_resident_without_reasons():
    assert plan([make_panel(1)], [], {}).uncovered == {1: "No eligible resident for this panel"}


# --- Determinism and input checks -----------------------------------------------------------


def test_same_request_in_any_order_gives_the_same_plan():
    rng = random.Random(7)
    residents = [make_resident(r, recent=rng.randint(0, 3), monthly=2) for r in range(1, 9)]
    panels = [
        make_panel(p, day=day(p % 5), at=f"{9 + p % 6}:00", place=p % 3 or None)
        for p in range(1, 25)
    ]
    eligible = {p.id: rng.sample(range(1, 9), 4) for p in panels}
    first = plan(panels, residents, eligible)
    shuffled = {pid: list(reversed(rs)) for pid, rs in reversed(list(eligible.items()))}
    second = plan(list(reversed(panels)), list(reversed(residents)), shuffled)
    assert first == second


def test_times_must_be_timezone_aware():
    naive = datetime(2025, 3, 3, 10, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        PanelSlot(1, naive, naive + timedelta(hours=1), MONDAY)


def test_unknown_eligible_resident_is_an_error():
    with pytest.raises(ValueError, match="resident 9"):
        plan([make_panel(1)], [], {1: [9]})


def test_duplicate_panel_is_an_error():
    with pytest.raises(ValueError, match="listed twice"):
        plan([make_panel(1), make_panel(1)], [], {})


# --- Ranking for one panel ------------------------------------------------------------------


def test_ranking_puts_the_fairest_choice_first_with_reasons():
    residents = [
        make_resident(1, name="Cara", recent=2),
        make_resident(2, name="Ann", recent=2, prefers=(1,)),
        make_resident(3, name="Bob", recent=2, booked_months={(2025, 3): 1}),
        make_resident(4, name="Dev", recent=1),
        make_resident(5, name="Eve", recent=0),
    ]
    ranking = rank_for_panel(make_panel(1), residents, [1, 2, 3, 4], {5: ["training expired"]})
    assert [r.name for r in ranking.eligible] == ["Dev", "Ann", "Cara", "Bob"]
    assert [r.reason for r in ranking.eligible] == [
        "1 panel in the last 12 months",
        "2 panels in the last 12 months; prefers this place",
        "2 panels in the last 12 months",
        "2 panels in the last 12 months; 1 already booked this month",
    ]
    assert [(e.name, e.reasons) for e in ranking.excluded] == [("Eve", ("training expired",))]


def test_ranking_moves_an_eligible_resident_at_their_limit_to_excluded():
    ann = make_resident(1, name="Ann", monthly=1, booked_months={(2025, 3): 1})
    ranking = rank_for_panel(make_panel(1), [ann], [1])
    assert ranking.eligible == ()
    assert ranking.excluded[0].reasons == ("already at their monthly limit of 1 panel",)


# --- Properties on small random rosters -----------------------------------------------------

BUFFER = timedelta(minutes=30)


@st.composite
def rosters(draw):
    n_residents = draw(st.integers(1, 3))
    residents = [
        make_resident(
            rid,
            recent=draw(st.integers(0, 3)),
            monthly=draw(st.integers(1, 2)),
            daily=draw(st.integers(2, 6)),
            booked_months={(2025, 3): draw(st.integers(0, 1))},
            booked_days={MONDAY: draw(st.integers(0, 2))},
            prefers=tuple(draw(st.sets(st.integers(1, 2), max_size=1))),
        )
        for rid in range(1, n_residents + 1)
    ]
    panels = []
    for pid in range(1, draw(st.integers(1, 6)) + 1):
        # Days straddle a month end so that monthly limits are exercised both ways.
        when = date(2025, 3, 30) + timedelta(days=draw(st.integers(0, 2)))
        minutes = draw(st.sampled_from(range(9 * 60, 12 * 60, 30)))
        panels.append(
            make_panel(
                pid,
                day=when,
                at=f"{minutes // 60}:{minutes % 60:02d}",
                hours=draw(st.sampled_from([0.5, 1, 1.5, 2])),
                place=draw(st.sampled_from([None, 1, 2])),
                interviews=draw(st.integers(1, 3)),
            )
        )
    ids = [r.id for r in residents]
    eligible = {p.id: draw(st.lists(st.sampled_from(ids), unique=True)) for p in panels}
    return panels, residents, eligible


def _valid(panels, residents, eligible, assignments) -> bool:
    by_panel = {p.id: p for p in panels}
    by_id = {r.id: r for r in residents}
    taken = defaultdict(list)
    for pid, rid in assignments.items():
        if rid not in eligible.get(pid, []):
            return False
        taken[rid].append(by_panel[pid])
    for rid, mine in taken.items():
        r = by_id[rid]
        months, days = defaultdict(int), defaultdict(int)
        for p in mine:
            months[p.month] += 1
            days[p.local_date] += p.interviews
        if any(
            n + r.booked_panels_by_month.get(m, 0) > r.max_panels_per_month
            for m, n in months.items()
        ):
            return False
        if any(
            n + r.booked_interviews_by_day.get(d, 0) > r.max_interviews_per_day
            for d, n in days.items()
        ):
            return False
        for a, b in itertools.combinations(mine, 2):
            travel = None not in (a.place_id, b.place_id) and a.place_id != b.place_id
            gap = BUFFER if travel else timedelta(0)
            if a.starts_at < b.ends_at + gap and b.starts_at < a.ends_at + gap:
                return False
    return True


def _simple_greedy(panels, residents, eligible) -> int:
    chosen: dict[int, int] = {}
    for p in panels:
        for rid in sorted(eligible.get(p.id, [])):
            if _valid(panels, residents, eligible, {**chosen, p.id: rid}):
                chosen[p.id] = rid
                break
    return len(chosen)


def _brute_force(panels, residents, eligible) -> tuple[int, int]:
    """Best coverage, and the lowest top load among rosters with that coverage."""
    options = [[None, *eligible.get(p.id, [])] for p in panels]
    best = (0, -max(r.recent_panels for r in residents))
    for choice in itertools.product(*options):
        assignments = {p.id: r for p, r in zip(panels, choice, strict=True) if r is not None}
        if _valid(panels, residents, eligible, assignments):
            best = max(best, (len(assignments), -_top_load(residents, assignments)))
    return best[0], -best[1]


def _top_load(residents, assignments) -> int:
    load = {r.id: r.recent_panels for r in residents}
    for rid in assignments.values():
        load[rid] += 1
    return max(load.values())


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(rosters())
def test_every_assignment_is_eligible_and_within_limits(roster):
    panels, residents, eligible = roster
    result = plan(panels, residents, eligible, BUFFER)
    assert _valid(panels, residents, eligible, dict(result.assignments))
    assert set(result.assignments) | set(result.uncovered) == {p.id for p in panels}
    assert not set(result.assignments) & set(result.uncovered)


@PROPERTY_SETTINGS
@given(rosters())
def test_never_covers_fewer_than_a_simple_greedy(roster):
    panels, residents, eligible = roster
    result = plan(panels, residents, eligible, BUFFER)
    assert len(result.assignments) >= _simple_greedy(panels, residents, eligible)


@PROPERTY_SETTINGS
@given(rosters())
def test_coverage_and_top_load_match_brute_force(roster):
    panels, residents, eligible = roster
    result = plan(panels, residents, eligible, BUFFER)
    coverage, top_load = _brute_force(panels, residents, eligible)
    assert result.coverage_proven
    assert len(result.assignments) == coverage
    assert _top_load(residents, result.assignments) == top_load


@PROPERTY_SETTINGS
@given(rosters(), st.randoms(use_true_random=False))
def test_same_input_in_any_order_gives_the_same_plan(roster, rng):
    panels, residents, eligible = roster
    first = plan(panels, residents, eligible, BUFFER)
    panels, residents = panels[:], residents[:]
    rng.shuffle(panels)
    rng.shuffle(residents)
    shuffled = {pid: rng.sample(rs, len(rs)) for pid, rs in eligible.items()}
    assert plan(panels, residents, shuffled, BUFFER) == first
