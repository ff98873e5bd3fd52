"""HR and hiring managers set a vacancy's questions, scale and decision model."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from panelhire.auth.access import roles_required
from panelhire.auth.models import Role
from panelhire.auth.objects import on_vacancy_or_404, vacancy_for_manager_or_404
from panelhire.extensions import db
from panelhire.panels.models import DECISION_MODEL_LABELS, Vacancy
from panelhire.scoring import queries, questions
from panelhire.scoring.forms import (
    CriterionForm,
    DecisionModelForm,
    DeleteForm,
    MoveForm,
    QuestionForm,
    ScaleForm,
    options,
)
from panelhire.scoring.models import Criterion, Question
from panelhire.scoring.services import ScoringRefused
from panelhire.scoring.views import bp

EDITORS = (Role.HR, Role.ADMIN, Role.MANAGER)
VACANCY = "/scoring/vacancies/<int:vacancy_id>"


def _question_form(vacancy: Vacancy, question: Question | None = None) -> QuestionForm:
    form = QuestionForm(obj=question)
    form.criterion_id.choices = options(
        [(0, "None")] + [(c.id, c.name) for c in queries.criteria_for(vacancy)]
    )
    if question is not None and request.method != "POST":
        form.criterion_id.data = question.criterion_id or 0
    return form


def _page(vacancy: Vacancy, status: int = 200, error: str | None = None, **forms):  # noqa: ANN003
    scale_form = forms.get("scale_form") or ScaleForm(
        formdata=None, scale=f"{vacancy.scale_min}-{vacancy.scale_max}"
    )
    model_form = forms.get("model_form") or DecisionModelForm(
        formdata=None,
        decision_model=vacancy.decision_model,
        resident_weight_percent=vacancy.resident_weight_percent,
    )
    return render_template(
        "scoring/questions.html",
        vacancy=vacancy,
        criteria=queries.criteria_for(vacancy),
        questions=queries.questions_for(vacancy),
        scale=queries.scale_for(vacancy),
        locked=queries.scoring_started(vacancy),
        model_label=DECISION_MODEL_LABELS.get(vacancy.decision_model, ""),
        criterion_form=forms.get("criterion_form") or CriterionForm(formdata=None),
        question_form=forms.get("question_form") or _question_form(vacancy),
        scale_form=scale_form,
        model_form=model_form,
        labels=forms.get("labels") or dict(queries.scale_for(vacancy)),
        error=error,
    ), status


def _change(
    vacancy: Vacancy,
    form: FlaskForm,
    change: Callable[[], object],
    done: str,
    **page_forms,  # noqa: ANN003
):  # noqa: ANN202
    """Validate a form on the question-set page, make one change, commit once and go back.

    A refused change (for example because scoring has started) shows the page again with the
    reason, status 422, and nothing written.
    """
    if not form.validate_on_submit():
        # Forms shown on the page explain their own errors; a button's form has none to show.
        problems = [message for messages in form.errors.values() for message in messages]
        error = None if page_forms else (problems or ["Something went wrong. Try again."])[0]
        return _page(vacancy, 422, error, **page_forms)
    try:
        change()
    except ScoringRefused as refused:
        db.session.rollback()
        return _page(vacancy, 422, refused.message, **page_forms)
    return _done(vacancy, done)


def _done(vacancy: Vacancy, message: str):  # noqa: ANN202
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("scoring.question_set", vacancy_id=vacancy.id))


def _edit_page(
    vacancy: Vacancy,
    template: str,
    form: FlaskForm,
    save: Callable[[], object],
    done: str,
    **context,  # noqa: ANN003
):  # noqa: ANN202
    """A page editing one criterion or question: a valid post saves and goes back to the
    question set; otherwise the form again, with any refusal (422 after a post)."""
    error = None
    if form.validate_on_submit():
        try:
            save()
        except ScoringRefused as refused:
            db.session.rollback()
            error = refused.message
        else:
            return _done(vacancy, done)
    return render_template(
        template,
        vacancy=vacancy,
        form=form,
        error=error,
        locked=queries.scoring_started(vacancy),
        **context,
    ), 422 if request.method == "POST" else 200


def _criterion_saver(vacancy: Vacancy, criterion: Criterion | None, form: CriterionForm):  # noqa: ANN202
    return lambda: questions.save_criterion(
        current_user,
        vacancy=vacancy,
        criterion=criterion,
        name=form.name.data,
        essential=form.essential.data,
    )


@bp.route(VACANCY + "/questions")
@roles_required(*EDITORS)
def question_set(vacancy_id: int):
    return _page(vacancy_for_manager_or_404(vacancy_id, current_user))


@bp.route(VACANCY + "/criteria", methods=["POST"])
@roles_required(*EDITORS)
def add_criterion(vacancy_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    form = CriterionForm()
    return _change(
        vacancy,
        form,
        _criterion_saver(vacancy, None, form),
        "Criterion added.",
        criterion_form=form,
    )


@bp.route(VACANCY + "/criteria/<int:criterion_id>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit_criterion(vacancy_id: int, criterion_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    criterion = on_vacancy_or_404(Criterion, criterion_id, vacancy)
    form = CriterionForm(obj=criterion)
    return _edit_page(
        vacancy,
        "scoring/criterion_edit.html",
        form,
        _criterion_saver(vacancy, criterion, form),
        "Criterion saved.",
        criterion=criterion,
    )


@bp.route(VACANCY + "/criteria/<int:criterion_id>/delete", methods=["POST"])
@roles_required(*EDITORS)
def delete_criterion(vacancy_id: int, criterion_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    criterion = on_vacancy_or_404(Criterion, criterion_id, vacancy)
    return _change(
        vacancy,
        DeleteForm(),
        lambda: questions.delete_criterion(current_user, vacancy=vacancy, criterion=criterion),
        f"Criterion deleted: {criterion.name}. Its questions are still on the form.",
    )


@bp.route(VACANCY + "/questions/new", methods=["POST"])
@bp.route(VACANCY + "/questions/<int:question_id>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit_question(vacancy_id: int, question_id: int | None = None):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    question = None if question_id is None else on_vacancy_or_404(Question, question_id, vacancy)
    form = _question_form(vacancy, question)

    def save() -> None:
        questions.save_question(
            current_user,
            vacancy=vacancy,
            question=question,
            text=form.text.data,
            guidance=form.guidance.data or "",
            asked_by=form.asked_by.data,
            weight=form.weight.data,
            criterion_id=form.criterion_id.data or None,
        )

    if question is None:
        return _change(vacancy, form, save, "Question added.", question_form=form)
    return _edit_page(
        vacancy, "scoring/question_edit.html", form, save, "Question saved.", question=question
    )


@bp.route(VACANCY + "/questions/<int:question_id>/delete", methods=["POST"])
@roles_required(*EDITORS)
def delete_question(vacancy_id: int, question_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    question = on_vacancy_or_404(Question, question_id, vacancy)
    return _change(
        vacancy,
        DeleteForm(),
        lambda: questions.delete_question(current_user, vacancy=vacancy, question=question),
        "Question deleted.",
    )


@bp.route(VACANCY + "/questions/<int:question_id>/move", methods=["POST"])
@roles_required(*EDITORS)
def move_question(vacancy_id: int, question_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    question = on_vacancy_or_404(Question, question_id, vacancy)
    form = MoveForm()
    return _change(
        vacancy,
        form,
        lambda: questions.move_question(
            current_user, vacancy=vacancy, question=question, direction=form.direction.data
        ),
        f"Question moved {form.direction.data}.",
    )


@bp.route(VACANCY + "/scale", methods=["POST"])
@roles_required(*EDITORS)
def set_scale(vacancy_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    form = ScaleForm()
    labels = {
        int(key.split("-", 1)[1]): value
        for key, value in request.form.items()
        if key.startswith("label-") and key[6:].isdigit()
    }
    return _change(
        vacancy,
        form,
        lambda: questions.set_scale(
            current_user, vacancy=vacancy, scale=form.scale.data, labels=labels
        ),
        "Scale saved.",
        scale_form=form,
        labels=labels,
    )


@bp.route(VACANCY + "/decision-model", methods=["POST"])
@roles_required(*EDITORS)
def set_decision_model(vacancy_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    form = DecisionModelForm()
    return _change(
        vacancy,
        form,
        lambda: questions.set_decision_model(
            current_user,
            vacancy=vacancy,
            model=form.decision_model.data,
            resident_weight_percent=form.resident_weight_percent.data,
        ),
        "Decision model saved.",
        model_form=form,
    )
