"""Properties score compilation keeps for any panel, scores and decision model."""

import math
from dataclasses import replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from panelhire.scoring.compile import (
    CandidateRef,
    DecisionModel,
    Panellist,
    Question,
    Scale,
    compile_panel,
)

# Enough examples to find real bugs while the suite stays quick on a busy machine; no
# per-example deadline, because a loaded CI runner is not a bug.
QUICK = settings(max_examples=60, deadline=None)

SCALES = (Scale(0, 2), Scale(0, 4), Scale(1, 5))
NAMES = ("Ann", "Bo", "bo", "Cy")  # few names, so ties and name order both get exercised


@st.composite
def sittings(draw) -> dict:
    """Keyword arguments for compile_panel."""
    scale = draw(st.sampled_from(SCALES))
    weights = st.floats(min_value=0.1, max_value=10, allow_nan=False)
    questions = [
        Question(
            id=10 + i,
            criterion_id=draw(st.integers(1, 2)),
            weight=draw(weights),
            essential=draw(st.booleans()),
            position=draw(st.integers(0, 3)),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    kinds = st.sampled_from(["staff", "resident"])
    panellists = [Panellist(i, f"P{i}", draw(kinds)) for i in range(1, draw(st.integers(1, 4)) + 1)]
    candidates = [
        CandidateRef(100 + i, draw(st.sampled_from(NAMES))) for i in range(draw(st.integers(1, 5)))
    ]
    point = st.integers(scale.minimum, scale.maximum)
    value = st.one_of(st.none(), point, point)
    scores = {
        c.id: {p.id: {q.id: draw(value) for q in questions} for p in panellists} for c in candidates
    }
    pairs = st.tuples(
        st.sampled_from([p.id for p in panellists]), st.sampled_from([c.id for c in candidates])
    )
    agreed_one = st.dictionaries(st.sampled_from([q.id for q in questions]), point, max_size=2)
    return {
        "candidates": candidates,
        "questions": questions,
        "scale": scale,
        "panellists": panellists,
        "scores": scores,
        "sat_out": draw(st.sets(pairs, max_size=3)),
        "model": draw(st.sampled_from(list(DecisionModel))),
        "resident_weight": draw(st.floats(min_value=0, max_value=1)),
        "agreed": draw(
            st.dictionaries(st.sampled_from([c.id for c in candidates]), agreed_one, max_size=2)
        ),
    }


def totals(result) -> dict:
    return {c.candidate_id: (c.total, c.staff_total, c.resident_total) for c in result.candidates}


def same_totals(a, b) -> bool:
    def close(x, y):
        return (x is None and y is None) or (
            x is not None and y is not None and math.isclose(x, y, abs_tol=1e-9)
        )

    ta, tb = totals(a), totals(b)
    return ta.keys() == tb.keys() and all(
        close(x, y) for key in ta for x, y in zip(ta[key], tb[key], strict=True)
    )


def order(result) -> list[int]:
    return [c.candidate_id for c in result.candidates]


def map_scores(sitting: dict, change) -> dict:
    scores = {
        c: {p: {q: None if v is None else change(v) for q, v in qs.items()} for p, qs in ps.items()}
        for c, ps in sitting["scores"].items()
    }
    agreed = {c: {q: change(v) for q, v in qs.items()} for c, qs in sitting["agreed"].items()}
    return sitting | {"scores": scores, "agreed": agreed}


@QUICK
@given(sittings())
def test_totals_are_out_of_100(sitting):
    for candidate in compile_panel(**sitting).candidates:
        for total in (candidate.total, candidate.staff_total, candidate.resident_total):
            assert total is None or -1e-9 <= total <= 100 + 1e-9


@QUICK
@given(sittings())
def test_ranks_run_from_one_and_unscored_candidates_come_last(sitting):
    result = compile_panel(**sitting)
    assert [c.rank for c in result.candidates] == list(range(1, len(result.candidates) + 1))
    scored = [c.total is not None for c in result.candidates]
    assert scored == sorted(scored, reverse=True)
    for candidate in result.candidates:
        for other in candidate.tied_with:
            assert candidate.candidate_id in result.candidate(other).tied_with


@QUICK
@given(sittings(), st.sampled_from([2, 0.5, 7]))
def test_scaling_every_weight_changes_nothing(sitting, factor):
    heavier = [replace(q, weight=q.weight * factor) for q in sitting["questions"]]
    before, after = compile_panel(**sitting), compile_panel(**sitting | {"questions": heavier})
    assert same_totals(before, after)
    assert order(before) == order(after)


@QUICK
@given(sittings(), st.integers(-3, 3))
def test_shifting_the_scale_and_every_score_together_changes_nothing(sitting, shift):
    scale = sitting["scale"]
    moved = map_scores(sitting, lambda v: v + shift)
    moved["scale"] = Scale(scale.minimum + shift, scale.maximum + shift)
    before, after = compile_panel(**sitting), compile_panel(**moved)
    assert same_totals(before, after)
    assert order(before) == order(after)
    assert [c.essential_failed for c in before.candidates] == [
        c.essential_failed for c in after.candidates
    ]


@QUICK
@given(sittings(), st.integers(2, 3))
def test_stretching_the_scale_and_every_score_together_changes_nothing(sitting, factor):
    scale = sitting["scale"]
    stretched = map_scores(sitting, lambda v: v * factor)
    stretched["scale"] = Scale(scale.minimum * factor, scale.maximum * factor)
    before, after = compile_panel(**sitting), compile_panel(**stretched)
    assert same_totals(before, after)
    assert order(before) == order(after)


@QUICK
@given(sittings(), st.data())
def test_a_panellist_who_sat_out_never_affects_that_candidate(sitting, data):
    assume(sitting["sat_out"])
    panellist_id, candidate_id = data.draw(st.sampled_from(sorted(sitting["sat_out"])))
    scale = sitting["scale"]
    anything = st.one_of(st.none(), st.integers(scale.minimum - 5, scale.maximum + 5))
    new = {q.id: data.draw(anything) for q in sitting["questions"]}
    scores = {c: dict(ps) for c, ps in sitting["scores"].items()}
    scores[candidate_id][panellist_id] = new
    assert compile_panel(**sitting | {"scores": scores}) == compile_panel(**sitting)


@QUICK
@given(sittings(), st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_input_order(sitting, rng):
    shuffled = dict(sitting)
    for key in ("candidates", "questions", "panellists"):
        shuffled[key] = rng.sample(sitting[key], len(sitting[key]))
    before, after = compile_panel(**sitting), compile_panel(**shuffled)
    assert order(before) == order(after)
    assert same_totals(before, after)
    assert [c.tied_with for c in before.candidates] == [c.tied_with for c in after.candidates]


@QUICK
@given(sittings(), st.data())
def test_raising_one_score_never_lowers_that_candidates_total(sitting, data):
    top = sitting["scale"].maximum
    raisable = [
        (c, p, q)
        for c, ps in sitting["scores"].items()
        for p, qs in ps.items()
        for q, v in qs.items()
        if v is not None and v < top and (p, c) not in sitting["sat_out"]
    ]
    assume(raisable)
    c, p, q = data.draw(st.sampled_from(raisable))
    scores = {
        cid: {pid: dict(qs) for pid, qs in ps.items()} for cid, ps in sitting["scores"].items()
    }
    scores[c][p][q] += data.draw(st.integers(1, top - scores[c][p][q]))
    before = compile_panel(**sitting).candidate(c)
    after = compile_panel(**sitting | {"scores": scores}).candidate(c)
    for old, new in [
        (before.total, after.total),
        (before.staff_total, after.staff_total),
        (before.resident_total, after.resident_total),
    ]:
        assert (old is None) == (new is None)
        assert old is None or new >= old - 1e-9
