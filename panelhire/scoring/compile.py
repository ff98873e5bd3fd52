"""Turn an interview panel's scores into totals and a ranking.

The rules, as the chair would explain them:

* Each panellist scores each question independently on the vacancy's scale (0-2, 0-4 or 1-5).
  A blank is left out of the average; it never counts as zero. A panellist who sits out for a
  candidate (for example because they know them) has no say on that candidate at all.
* For every question the panel sees each score, the average of those who scored, and the spread
  (highest minus lowest). A spread of 2 or more is flagged for discussion.
* The agreed score starts at the average set by the decision model; the chair may record a
  different agreed score, and that is then used instead.
* Decision models, fixed before the interviews:
  - single: one panel; every panellist's score carries equal weight.
  - combined: residents and staff are averaged separately, then combined, with the residents'
    share set by ``resident_weight`` (0.5 = half each). If only one group scored a question,
    that group's average is used.
  - advisory: only staff scores make the total; the residents' total is shown as advice.
* The total is out of 100: each question's score is placed on its scale (bottom = 0, top = 1),
  weighted by the question's weight, and averaged over the questions that have a score.
  Staff and resident totals are worked out the same way from each group's own averages.
* An essential (pass/fail) question fails when its score is at the bottom of the scale.
* Ranking: 1 is best. Candidates who pass every essential question come first, then those who
  failed one, then those with no scores at all. Within each group, higher totals first; equal
  totals are ordered by name, then by reference number, and each lists who it is tied with.
"""

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

PanellistKind = Literal["staff", "resident"]
Scores = Mapping[int, Mapping[int, Mapping[int, int | None]]]
Agreed = Mapping[int, Mapping[int, int]]

FLAG_SPREAD = 2
TIE_PLACES = 9  # totals equal to nine decimal places are a tie, whatever float rounding did


class DecisionModel(StrEnum):
    SINGLE = "single"
    COMBINED = "combined"
    ADVISORY = "advisory"


@dataclass(frozen=True)
class Scale:
    """The score range, for example 0-4. Every score must be a whole number within it."""

    minimum: int = 0
    maximum: int = 4

    def __post_init__(self) -> None:
        if self.minimum >= self.maximum:
            raise ValueError("a scale's top must be above its bottom")

    def check(self, value: int, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{what} must be a whole number, not {value!r}")
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"{what} {value} is outside {self.minimum}-{self.maximum}")
        return value

    def place(self, value: float) -> float:
        """Where a score sits on the scale: 0 at the bottom, 1 at the top."""
        return (value - self.minimum) / (self.maximum - self.minimum)

    def is_bottom(self, value: float) -> bool:
        return value <= self.minimum + 10**-TIE_PLACES


@dataclass(frozen=True)
class Question:
    """One question, mapped to a criterion. Essential questions are pass/fail."""

    id: int
    criterion_id: int
    weight: float = 1.0
    essential: bool = False
    position: int = 0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise ValueError(f"question {self.id} needs a weight above zero")


@dataclass(frozen=True)
class Panellist:
    id: int
    name: str
    kind: PanellistKind


@dataclass(frozen=True)
class CandidateRef:
    id: int
    name: str


@dataclass(frozen=True)
class PanellistScore:
    """One panellist's score on one question; None if blank or if they sat out."""

    panellist_id: int
    kind: PanellistKind
    value: int | None
    sat_out: bool


@dataclass(frozen=True)
class QuestionResult:
    """One question for one candidate, as the chair sees it when agreeing scores.

    ``default_agreed`` is where the agreed score starts (the decision model's average);
    ``suggested_agreed`` is that rounded half up to a whole point, for a form's default;
    ``value`` is what the total uses: the chair's agreed score if given, else ``default_agreed``.
    """

    question_id: int
    criterion_id: int
    position: int
    weight: float
    essential: bool
    scores: tuple[PanellistScore, ...]
    mean: float | None
    staff_mean: float | None
    resident_mean: float | None
    spread: int | None
    flagged: bool
    default_agreed: float | None
    suggested_agreed: int | None
    agreed: int | None
    value: float | None
    essential_failed: bool


@dataclass(frozen=True)
class CandidateResult:
    """One candidate's compiled scores. Totals are out of 100; None when nothing was scored."""

    candidate_id: int
    name: str
    questions: tuple[QuestionResult, ...]
    total: float | None
    staff_total: float | None
    resident_total: float | None
    essential_failed: tuple[int, ...]
    complete: bool
    rank: int
    tied_with: tuple[int, ...]


@dataclass(frozen=True)
class PanelResult:
    """Every candidate, best first (``candidates[0].rank == 1``)."""

    model: DecisionModel
    resident_weight: float
    scale: Scale
    candidates: tuple[CandidateResult, ...]

    def candidate(self, candidate_id: int) -> CandidateResult:
        for result in self.candidates:
            if result.candidate_id == candidate_id:
                return result
        raise KeyError(candidate_id)


# --- one question -----------------------------------------------------------------------------


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _blend(resident: float | None, staff: float | None, resident_weight: float) -> float | None:
    if resident is None or staff is None:
        return staff if resident is None else resident
    return resident_weight * resident + (1 - resident_weight) * staff


def model_mean(
    model: DecisionModel | str,
    *,
    everyone: float | None,
    staff: float | None,
    resident: float | None,
    resident_weight: float,
) -> float | None:
    """The average the decision model uses for a question: the agreed score's starting point."""
    if model == DecisionModel.SINGLE:
        return everyone
    if model == DecisionModel.ADVISORY:
        return staff
    return _blend(resident, staff, resident_weight)


def round_half_up(value: float) -> int:
    """2.5 becomes 3, 2.49 becomes 2: the rounding people expect on a score sheet."""
    return math.floor(value + 0.5 + 10**-TIE_PLACES)


def _panellist_scores(
    question: Question,
    candidate_scores: Mapping[int, Mapping[int, int | None]],
    panellists: Sequence[Panellist],
    sitting_out: Collection[int],
    scale: Scale,
) -> tuple[PanellistScore, ...]:
    found = []
    for person in panellists:
        sat_out = person.id in sitting_out
        value = None if sat_out else candidate_scores.get(person.id, {}).get(question.id)
        if value is not None:
            scale.check(value, f"score from panellist {person.id} on question {question.id}")
        found.append(PanellistScore(person.id, person.kind, value, sat_out))
    return tuple(found)


def _values(scores: Iterable[PanellistScore], kind: PanellistKind | None = None) -> list[int]:
    return [s.value for s in scores if s.value is not None and kind in (None, s.kind)]


def compile_question(
    question: Question,
    scores: tuple[PanellistScore, ...],
    scale: Scale,
    model: DecisionModel,
    resident_weight: float,
    agreed: int | None = None,
) -> QuestionResult:
    """Average, spread, flag and agreed score for one question and one candidate."""
    everyone = _values(scores)
    staff, resident = _mean(_values(scores, "staff")), _mean(_values(scores, "resident"))
    default = model_mean(
        model,
        everyone=_mean(everyone),
        staff=staff,
        resident=resident,
        resident_weight=resident_weight,
    )
    if agreed is not None:
        scale.check(agreed, f"agreed score on question {question.id}")
    value = float(agreed) if agreed is not None else default
    spread = max(everyone) - min(everyone) if everyone else None
    return QuestionResult(
        question_id=question.id,
        criterion_id=question.criterion_id,
        position=question.position,
        weight=question.weight,
        essential=question.essential,
        scores=scores,
        mean=_mean(everyone),
        staff_mean=staff,
        resident_mean=resident,
        spread=spread,
        flagged=spread is not None and spread >= FLAG_SPREAD,
        default_agreed=default,
        suggested_agreed=None if default is None else round_half_up(default),
        agreed=agreed,
        value=value,
        essential_failed=question.essential and value is not None and scale.is_bottom(value),
    )


# --- one candidate ----------------------------------------------------------------------------


def weighted_total(pairs: Iterable[tuple[float, float | None]], scale: Scale) -> float | None:
    """Out of 100: weighted average of each scored question's place on the scale.

    ``pairs`` are (weight, score). Unscored questions are left out, not counted as zero.
    """
    scored = [(weight, value) for weight, value in pairs if value is not None]
    if not scored:
        return None
    weights = sum(weight for weight, _ in scored)
    return 100 * sum(weight * scale.place(value) for weight, value in scored) / weights


def _totals(results: Sequence[QuestionResult], scale: Scale) -> dict[str, float | None]:
    return {
        "total": weighted_total(((q.weight, q.value) for q in results), scale),
        "staff_total": weighted_total(((q.weight, q.staff_mean) for q in results), scale),
        "resident_total": weighted_total(((q.weight, q.resident_mean) for q in results), scale),
    }


def _complete(results: Sequence[QuestionResult]) -> bool:
    """Every panellist who did not sit out has scored every question."""
    return all(s.value is not None for q in results for s in q.scores if not s.sat_out)


# --- ranking ----------------------------------------------------------------------------------


def _standing(result: CandidateResult) -> tuple[int, float]:
    """Which group a candidate ranks in, and their total as compared for ties."""
    if result.total is None:
        return (2, 0.0)
    return (1 if result.essential_failed else 0, -round(result.total, TIE_PLACES))


def _ranked(results: Iterable[CandidateResult]) -> tuple[CandidateResult, ...]:
    ordered = sorted(
        results, key=lambda r: (*_standing(r), r.name.casefold(), r.name, r.candidate_id)
    )
    return tuple(
        replace(result, rank=rank, tied_with=_tied(result, ordered))
        for rank, result in enumerate(ordered, start=1)
    )


def _tied(result: CandidateResult, ordered: Sequence[CandidateResult]) -> tuple[int, ...]:
    """Others in the same group with the same total; nobody ties on having no scores."""
    if result.total is None:
        return ()
    same = (o for o in ordered if o is not result and _standing(o) == _standing(result))
    return tuple(other.candidate_id for other in same)


# --- the panel --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sitting:
    """Everything about the panel that is the same for every candidate."""

    questions: tuple[Question, ...]
    scale: Scale
    panellists: tuple[Panellist, ...]
    scores: Scores
    sat_out: Collection[tuple[int, int]]
    model: DecisionModel
    resident_weight: float
    agreed: Agreed

    def compile(self, candidate: CandidateRef) -> CandidateResult:
        results = tuple(self._question(q, candidate.id) for q in self.questions)
        return CandidateResult(
            candidate_id=candidate.id,
            name=candidate.name,
            questions=results,
            **_totals(results, self.scale),
            essential_failed=tuple(q.question_id for q in results if q.essential_failed),
            complete=_complete(results),
            rank=0,
            tied_with=(),
        )

    def _question(self, question: Question, candidate_id: int) -> QuestionResult:
        sitting_out = {p.id for p in self.panellists if (p.id, candidate_id) in self.sat_out}
        mine = self.scores.get(candidate_id, {})
        scores = _panellist_scores(question, mine, self.panellists, sitting_out, self.scale)
        agreed = self.agreed.get(candidate_id, {}).get(question.id)
        return compile_question(
            question, scores, self.scale, self.model, self.resident_weight, agreed
        )


def compile_panel(
    candidates: Sequence[CandidateRef],
    questions: Sequence[Question],
    scale: Scale,
    panellists: Sequence[Panellist],
    scores: Scores,
    sat_out: Collection[tuple[int, int]],
    model: DecisionModel | str,
    resident_weight: float = 0.5,
    agreed: Agreed | None = None,
) -> PanelResult:
    """Compile every candidate's scores under the panel's decision model, best first.

    ``scores`` maps candidate id -> panellist id -> question id -> score (None = blank);
    ``sat_out`` holds (panellist id, candidate id) pairs; ``agreed`` maps candidate id ->
    question id -> the chair's agreed score. Scores for unknown candidates, panellists or
    questions are ignored; a score outside the scale raises ValueError, one that is not a whole
    number TypeError. Questions are shown in ``position`` order, and each question's scores in
    the order ``panellists`` is given.
    """
    model = DecisionModel(model)
    if not 0 <= resident_weight <= 1:
        raise ValueError("resident_weight must be between 0 and 1")
    sitting = _Sitting(
        questions=tuple(sorted(questions, key=lambda q: (q.position, q.id))),
        scale=scale,
        panellists=tuple(panellists),
        scores=scores,
        sat_out=frozenset(sat_out),
        model=model,
        resident_weight=resident_weight,
        agreed=agreed or {},
    )
    compiled = (sitting.compile(candidate) for candidate in candidates)
    return PanelResult(model, resident_weight, scale, _ranked(compiled))
