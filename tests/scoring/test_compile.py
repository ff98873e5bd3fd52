"""Score compilation, worked by hand for each decision model."""

import pytest

from panelhire.scoring.compile import (
    CandidateRef,
    DecisionModel,
    Panellist,
    PanellistScore,
    Question,
    Scale,
    compile_panel,
    round_half_up,
    weighted_total,
)

SCALE = Scale(0, 4)
# Q3 counts double and is pass/fail; positions deliberately differ from id order.
QUESTIONS = (
    Question(id=13, criterion_id=3, weight=2, essential=True, position=3),
    Question(id=11, criterion_id=1, weight=1, position=1),
    Question(id=12, criterion_id=2, weight=1, position=2),
)
STAFF_1 = Panellist(1, "Priya", "staff")
STAFF_2 = Panellist(2, "Tom", "staff")
RESIDENT = Panellist(3, "Dee", "resident")
PANEL = (STAFF_1, STAFF_2, RESIDENT)
ALEX = CandidateRef(101, "Alex")

# Questions 11, 12, 13 for Alex:
#   staff 1:  4 2 3      staff mean:    3 2 3   -> (0.75 + 0.5 + 2 * 0.75) / 4 = 68.75
#   staff 2:  2 2 3      resident mean: 3 2 0   -> (0.75 + 0.5 + 2 * 0)    / 4 = 31.25
#   resident: 3 2 0      everyone:      3 2 2   -> (0.75 + 0.5 + 2 * 0.5)  / 4 = 56.25
ALEX_SCORES = {
    101: {
        1: {11: 4, 12: 2, 13: 3},
        2: {11: 2, 12: 2, 13: 3},
        3: {11: 3, 12: 2, 13: 0},
    }
}


def compile_alex(model, resident_weight=0.5, **changes):
    options = {
        "candidates": [ALEX],
        "questions": QUESTIONS,
        "scale": SCALE,
        "panellists": PANEL,
        "scores": ALEX_SCORES,
        "sat_out": set(),
        "model": model,
        "resident_weight": resident_weight,
    } | changes
    return compile_panel(**options).candidate(ALEX.id)


def test_single_model_gives_every_panellist_equal_weight():
    alex = compile_alex("single")
    assert [q.question_id for q in alex.questions] == [11, 12, 13]
    assert [q.mean for q in alex.questions] == [3, 2, 2]
    assert alex.total == pytest.approx(56.25)
    assert alex.staff_total == pytest.approx(68.75)
    assert alex.resident_total == pytest.approx(31.25)
    assert alex.essential_failed == ()
    assert alex.complete
    assert alex.rank == 1


def test_question_detail_shows_each_score_mean_spread_and_flag():
    first = compile_alex("single").questions[0]
    assert first.scores == (
        PanellistScore(1, "staff", 4, False),
        PanellistScore(2, "staff", 2, False),
        PanellistScore(3, "resident", 3, False),
    )
    assert (first.mean, first.staff_mean, first.resident_mean) == (3, 3, 3)
    assert (first.spread, first.flagged) == (2, True)
    second = compile_alex("single").questions[1]
    assert (second.spread, second.flagged) == (0, False)


def test_combined_model_averages_each_group_then_combines():
    alex = compile_alex("combined", resident_weight=0.5)
    assert [q.default_agreed for q in alex.questions] == [3, 2, 1.5]
    assert alex.total == pytest.approx(50.0)  # half of 68.75 plus half of 31.25
    assert alex.questions[2].suggested_agreed == 2  # 1.5 rounds half up


def test_combined_model_with_a_smaller_resident_share():
    alex = compile_alex(DecisionModel.COMBINED, resident_weight=0.25)
    assert alex.total == pytest.approx(0.25 * 31.25 + 0.75 * 68.75)


def test_advisory_model_counts_only_staff_and_shows_residents_as_advice():
    alex = compile_alex("advisory")
    assert alex.total == pytest.approx(68.75)
    assert alex.resident_total == pytest.approx(31.25)
    assert [q.default_agreed for q in alex.questions] == [3, 2, 3]


def test_agreed_scores_replace_the_starting_average():
    alex = compile_alex("single", agreed={101: {11: 4}})
    first = alex.questions[0]
    assert (first.default_agreed, first.agreed, first.value) == (3, 4, 4)
    assert alex.total == pytest.approx((1 + 0.5 + 2 * 0.5) / 4 * 100)
    assert alex.staff_total == pytest.approx(68.75)  # group totals stay as scored


def test_essential_question_fails_at_the_bottom_of_the_scale():
    all_zero = {101: {p.id: {11: 4, 12: 4, 13: 0} for p in PANEL}}
    alex = compile_alex("single", scores=all_zero)
    assert alex.essential_failed == (13,)
    assert alex.questions[2].essential_failed
    assert alex.total == pytest.approx(50.0)


def test_one_low_essential_score_is_not_a_fail_until_agreed():
    alex = compile_alex("single")
    assert alex.essential_failed == ()
    assert compile_alex("single", agreed={101: {13: 0}}).essential_failed == (13,)


def test_advisory_essential_fail_follows_staff_scores():
    staff_zero = {101: {1: {13: 0}, 2: {13: 0}, 3: {13: 4}}}
    assert compile_alex("advisory", scores=staff_zero).essential_failed == (13,)
    assert compile_alex("single", scores=staff_zero).essential_failed == ()


def test_essential_fail_on_a_one_to_five_scale():
    scale = Scale(1, 5)
    scores = {101: {p.id: {11: 5, 12: 5, 13: 1} for p in PANEL}}
    alex = compile_alex("combined", scale=scale, scores=scores, resident_weight=0.3)
    assert alex.essential_failed == (13,)


def test_blank_scores_are_left_out_not_counted_as_zero():
    scores = {101: {1: {11: 4, 12: 4, 13: 4}, 2: {11: None, 12: 4, 13: 4}, 3: {12: 4, 13: 4}}}
    alex = compile_alex("single", scores=scores)
    assert alex.questions[0].mean == 4
    assert alex.total == pytest.approx(100.0)
    assert not alex.complete


def test_a_question_nobody_scored_is_left_out_of_the_total():
    scores = {101: {p.id: {11: 4, 12: 0} for p in PANEL}}
    alex = compile_alex("single", scores=scores)
    assert alex.questions[2].value is None
    assert alex.total == pytest.approx(50.0)


def test_a_panellist_who_sat_out_has_no_say_on_that_candidate():
    alex = compile_alex("single", sat_out={(3, 101)})
    assert alex.questions[0].scores[2] == PanellistScore(3, "resident", None, True)
    assert alex.total == pytest.approx(68.75)
    assert alex.resident_total is None
    assert alex.complete  # nobody who sat out is waited for


def test_combined_falls_back_to_staff_when_the_resident_sat_out():
    assert compile_alex("combined", sat_out={(3, 101)}).total == pytest.approx(68.75)


def test_two_to_one_and_one_to_five_scales():
    three_point = compile_alex(
        "single", scale=Scale(0, 2), scores={101: {1: {11: 2, 12: 1, 13: 0}}}
    )
    assert three_point.total == pytest.approx((1 + 0.5 + 0) / 4 * 100)
    five_point = compile_alex("single", scale=Scale(1, 5), scores={101: {1: {11: 5, 12: 3}}})
    assert five_point.total == pytest.approx((1 + 0.5) / 2 * 100)


def test_out_of_range_scores_are_refused():
    with pytest.raises(ValueError, match="outside 0-4"):
        compile_alex("single", scores={101: {1: {11: 5}}})
    with pytest.raises(ValueError, match="agreed score"):
        compile_alex("single", agreed={101: {11: -1}})
    with pytest.raises(TypeError, match="whole number"):
        compile_alex("single", scores={101: {1: {11: 2.5}}})


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        compile_alex("jury")
    with pytest.raises(ValueError, match="resident_weight"):
        compile_alex("combined", resident_weight=1.5)
    with pytest.raises(ValueError, match="weight above zero"):
        Question(id=1, criterion_id=1, weight=0)
    with pytest.raises(ValueError, match="top"):
        Scale(4, 4)


def test_unknown_ids_in_the_scores_are_ignored():
    scores = {101: {1: {11: 4, 99: 0}, 77: {11: 0}}, 555: {1: {11: 0}}}
    assert compile_alex("single", scores=scores).total == pytest.approx(100.0)


# --- ranking ----------------------------------------------------------------------------------


def rank_panel(candidates, scores, **changes):
    options = {
        "candidates": candidates,
        "questions": (
            Question(id=1, criterion_id=1),
            Question(id=2, criterion_id=1, essential=True),
        ),
        "scale": SCALE,
        "panellists": (STAFF_1,),
        "scores": scores,
        "sat_out": set(),
        "model": "single",
    } | changes
    return compile_panel(**options)


def test_ranking_best_first_with_ties_by_name_then_id():
    candidates = [
        CandidateRef(5, "Zoe"),
        CandidateRef(4, "bea"),
        CandidateRef(3, "Bea"),
        CandidateRef(2, "Bea"),
        CandidateRef(1, "Cal"),
    ]
    scores = {
        5: {1: {1: 4, 2: 4}},
        4: {1: {1: 2, 2: 2}},
        3: {1: {1: 2, 2: 2}},
        2: {1: {1: 3, 2: 1}},
        1: {1: {1: 1, 2: 3}},
    }
    result = rank_panel(candidates, scores)
    assert [(c.candidate_id, c.rank) for c in result.candidates] == [
        (5, 1),
        (2, 2),
        (3, 3),
        (4, 4),
        (1, 5),
    ]
    assert result.candidate(5).tied_with == ()
    assert result.candidate(2).tied_with == (3, 4, 1)
    assert result.candidate(1).tied_with == (2, 3, 4)


def test_essential_fails_rank_below_passes_and_no_scores_rank_last():
    candidates = [CandidateRef(1, "Ana"), CandidateRef(2, "Ben"), CandidateRef(3, "Cy")]
    scores = {1: {1: {1: 4, 2: 0}}, 3: {1: {1: 1, 2: 1}}}
    result = rank_panel(candidates, scores)
    assert [c.candidate_id for c in result.candidates] == [3, 1, 2]
    assert result.candidate(1).total == pytest.approx(50.0)
    assert result.candidate(1).essential_failed == (2,)
    assert result.candidate(2).total is None
    assert result.candidate(2).rank == 3
    assert result.candidate(2).tied_with == ()
    assert not result.candidate(2).complete


def test_unknown_candidate_lookup():
    with pytest.raises(KeyError):
        rank_panel([], {}).candidate(1)


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rounded"), [(2.5, 3), (2.49, 2), (1.5, 2), (0.5, 1), (3.0, 3), (0.1 + 0.2 + 2.2, 3)]
)
def test_round_half_up(value, rounded):
    assert round_half_up(value) == rounded


def test_weighted_total():
    assert weighted_total([], SCALE) is None
    assert weighted_total([(1, None)], SCALE) is None
    assert weighted_total([(1, 4), (3, 0), (5, None)], SCALE) == pytest.approx(25.0)
