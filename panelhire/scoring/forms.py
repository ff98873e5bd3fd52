"""Forms for scoring, agreeing scores, concerns, decisions and the question set.

The score sheet itself is built from the vacancy's question rows (see `read_answers`), because
its fields depend on the questions; everything else is a fixed Flask-WTF form.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from panelhire.panels.models import DECISION_MODEL_LABELS
from panelhire.scoring.decisions import CHECKS, OUTCOMES
from panelhire.scoring.models import Question
from panelhire.scoring.services import MAX_NOTE, MAX_REVISION


def options(pairs) -> list[SelectChoice]:  # noqa: ANN001
    return [SelectChoice(str(value), label) for value, label in pairs]


@dataclass
class Answers:
    """What a plain (no JavaScript) score sheet sent: value, note and revision per question."""

    entries: dict[int, tuple[int | None, str, int]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def read_answers(
    data: Mapping[str, str], questions: Sequence[Question], low: int, high: int
) -> Answers:
    """Read `q-<id>`, `note-<id>` and `rev-<id>` for every question on the sheet."""
    answers = Answers()
    for question in questions:
        raw = data.get(f"q-{question.id}")
        value = _int_or_none(raw)
        if raw not in (None, "") and (value is None or not low <= value <= high):
            answers.errors[f"q-{question.id}"] = f"Choose a score from {low} to {high}"
            continue
        note = (data.get(f"note-{question.id}") or "").strip()
        if len(note) > MAX_NOTE:
            answers.errors[f"note-{question.id}"] = f"Keep the note under {MAX_NOTE} characters"
            continue
        revision = _int_or_none(data.get(f"rev-{question.id}")) or 0
        answers.entries[question.id] = (value, note, min(max(revision, 0), MAX_REVISION))
    return answers


# One radio of a question's scale, without indentation as page templates are compacted.
# Markup.format escapes every value put into it.
_RADIO = Markup(
    '<div class="scale-option">\n'
    '<input type="radio" id="{id}" name="{name}" value="{value}"{checked}>\n'
    '<label for="{id}"><span class="scale-value">{value}</span> {label}</label>\n'
    "</div>"
)
_CHECKED = Markup(" checked")


@functools.lru_cache(maxsize=2048)
def scale_radios(name: str, points: tuple[tuple[str, str], ...], chosen: str) -> Markup:
    """A question's scale as large radios, the chosen point ticked.

    Drawn here, as a WTForms widget draws its input, rather than by a loop in the template:
    a six-question sheet has thirty or more radios, and drawing them was a tenth of the
    page's cost. Each question's radios can only be drawn a few ways (nothing ticked, or one
    of the points), so each way is drawn once per worker and kept.
    """
    return Markup("\n").join(
        _RADIO.format(
            id=f"{name}-{value}",
            name=name,
            value=value,
            label=label,
            checked=_CHECKED if value == chosen else "",
        )
        for value, label in points
    )


@dataclass(frozen=True)
class SheetField:
    """One question as the score sheet's form shows it: the scale with the chosen point, the
    note as typed or saved, the revision the page holds, and the error beside each, if any.
    Worked out here rather than in the template: the sheet is the page residents open most,
    and every lookup a template makes costs more than the same line of Python."""

    question: Any  # a Question, or the score sheet's SheetQuestion: id, text, guidance, ...
    name: str
    note_name: str
    radios: Markup
    chosen: str
    note: str
    revision: int
    error: str | None
    note_error: str | None


def sheet_fields(
    questions: Sequence[Any],
    answers: Mapping[int, Any],
    scale: Sequence[tuple[int, str]],
    posted: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[SheetField]:
    """The score sheet's fields: what was just posted if the form came back with an error,
    otherwise the saved answers (anything with `value`, `note` and `revision`)."""
    errors = errors or {}
    points = tuple((str(value), label) for value, label in scale)
    fields = []
    for question in questions:
        name, note_name = f"q-{question.id}", f"note-{question.id}"
        saved = answers.get(question.id)
        if posted:
            chosen, note = posted.get(name) or "", posted.get(note_name) or ""
        else:
            chosen = "" if saved is None or saved.value is None else str(saved.value)
            note = saved.note if saved is not None else ""
        fields.append(
            SheetField(
                question=question,
                name=name,
                note_name=note_name,
                radios=scale_radios(name, points, chosen),
                chosen=chosen,
                note=note or "",
                revision=saved.revision if saved is not None else 0,
                error=errors.get(name),
                note_error=errors.get(note_name),
            )
        )
    return fields


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        "Why are these scores being reopened?",
        validators=[DataRequired("Say why these scores are being reopened"), Length(max=2000)],
    )


class ConcernForm(FlaskForm):
    concern = TextAreaField(
        "Your concern about this candidate",
        validators=[DataRequired("Write your concern"), Length(max=4000)],
        description="The chair will answer in writing before the panel decides.",
    )


class AnswerForm(FlaskForm):
    answer = TextAreaField(
        "Your answer",
        validators=[DataRequired("Write your answer to the concern"), Length(max=4000)],
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DecisionForm(FlaskForm):
    outcome = RadioField(
        "Decision",
        choices=options(OUTCOMES.items()),
        validators=[InputRequired("Choose a decision")],
    )
    checks = MultiCheckboxField(
        "Checks before the offer is confirmed",
        choices=options(CHECKS.items()),
        description=(
            "Two references, ID and right to work are always needed; DBS where the role needs it."
        ),
    )
    reasons = TextAreaField(
        "Reasons",
        validators=[Length(max=4000)],
        description="Needed when the candidate is not appointed.",
    )


class DissentForm(FlaskForm):
    dissent = TextAreaField(
        "What do you disagree with?",
        validators=[DataRequired("Say what you disagree with"), Length(max=4000)],
    )


class SignOffForm(FlaskForm):
    pass


class DeleteForm(FlaskForm):
    """Only the CSRF token: a button that deletes one thing."""


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"], "Choose up or down")])


class CriterionForm(FlaskForm):
    name = StringField(
        "Criterion from the person specification",
        validators=[DataRequired("Enter the criterion"), Length(max=200)],
    )
    essential = BooleanField("Essential: pass or fail")


class QuestionForm(FlaskForm):
    text = TextAreaField(
        "Question", validators=[DataRequired("Enter the question"), Length(max=2000)]
    )
    guidance = TextAreaField("What a good answer includes", validators=[Length(max=2000)])
    asked_by = RadioField(
        "Who asks it",
        choices=options([("staff", "A staff panellist"), ("resident", "A resident panellist")]),
        default="staff",
        validators=[InputRequired("Choose who asks it")],
    )
    weight = IntegerField(
        "Weight",
        default=1,
        validators=[
            InputRequired("Enter a weight from 1 to 10"),
            NumberRange(1, 10, "Enter a weight from 1 to 10"),
        ],
        description="A question with weight 2 counts twice as much as one with weight 1.",
    )
    criterion_id = SelectField("Criterion", coerce=int, validators=[Optional()])


class ScaleForm(FlaskForm):
    scale = RadioField(
        "Scale",
        choices=options([("0-2", "0 to 2"), ("0-4", "0 to 4"), ("1-5", "1 to 5")]),
        validators=[InputRequired("Choose a scale")],
    )


class DecisionModelForm(FlaskForm):
    decision_model = RadioField(
        "How the panel decides",
        choices=options(DECISION_MODEL_LABELS.items()),
        validators=[InputRequired("Choose how the panel decides")],
    )
    resident_weight_percent = IntegerField(
        "Residents' share of the total, in per cent (combined panels only)",
        validators=[
            InputRequired("Enter a share from 0 to 100"),
            NumberRange(0, 100, "Enter a share from 0 to 100"),
        ],
    )
