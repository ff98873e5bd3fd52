"""HR and hiring managers set a vacancy's questions, scale and decision model."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from panelhire.auth.access import roles_required
from panelhire.auth.models import Role
from panelhire.auth.objects import vacancy_for_manager_or_404
from panelhire.extensions import db
from panelhire.panels.models import DECISION_MODEL_LABELS, Vacancy
from panelhire.scoring import queries, questions
from panelhire.scoring.forms import (
    CriterionForm,
    DecisionModelForm,
    QuestionForm,
    ScaleForm,
    options,
)
from panelhire.scoring.models import Question
from panelhire.scoring.services import ScoringRefused
from panelhire.scoring.views import bp

EDITORS = (Role.HR, Role.ADMIN, Role.MANAGER)


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


@bp.route("/scoring/vacancies/<int:vacancy_id>/questions")
@roles_required(*EDITORS)
def question_set(vacancy_id: int):
    return _page(vacancy_for_manager_or_404(vacancy_id, current_user))


def _done(vacancy: Vacancy, message: str):  # noqa: ANN202
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("scoring.question_set", vacancy_id=vacancy.id))


@bp.route("/scoring/vacancies/<int:vacancy_id>/criteria", methods=["POST"])
@roles_required(*EDITORS)
def add_criterion(vacancy_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    form = CriterionForm()
    if form.validate_on_submit():
        try:
            questions.save_criterion(
                current_user,
                vacancy=vacancy,
                criterion=None,
                name=form.name.data,
                essential=form.essential.data,
            )
        except ScoringRefused as refused:
            db.session.rollback()
            return _page(vacancy, 422, refused.message, criterion_form=form)
        return _done(vacancy, "Criterion added.")
    return _page(vacancy, 422, criterion_form=form)


@bp.route("/scoring/vacancies/<int:vacancy_id>/questions/new", methods=["POST"])
@bp.route(
    "/scoring/vacancies/<int:vacancy_id>/questions/<int:question_id>", methods=["GET", "POST"]
)
@roles_required(*EDITORS)
def edit_question(vacancy_id: int, question_id: int | None = None):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    question = None
    if question_id is not None:
        question = db.session.get(Question, question_id)
        if question is None or question.vacancy_id != vacancy.id:
            abort(404)
    form = _question_form(vacancy, question)
    error = None
    if form.validate_on_submit():
        try:
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
        except ScoringRefused as refused:
            db.session.rollback()
            error = refused.message
        else:
            return _done(vacancy, "Question saved.")
    if question is None:
        return _page(vacancy, 422, error, question_form=form)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "scoring/question_edit.html",
        vacancy=vacancy,
        question=question,
        form=form,
        error=error,
        locked=queries.scoring_started(vacancy),
    ), status


@bp.route("/scoring/vacancies/<int:vacancy_id>/scale", methods=["POST"])
@roles_required(*EDITORS)
def set_scale(vacancy_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    form = ScaleForm()
    labels = {
        int(key.split("-", 1)[1]): value
        for key, value in request.form.items()
        if key.startswith("label-") and key[6:].isdigit()
    }
    if form.validate_on_submit():
        try:
            questions.set_scale(current_user, vacancy=vacancy, scale=form.scale.data, labels=labels)
        except ScoringRefused as refused:
            db.session.rollback()
            return _page(vacancy, 422, refused.message, scale_form=form, labels=labels)
        return _done(vacancy, "Scale saved.")
    return _page(vacancy, 422, scale_form=form, labels=labels)


@bp.route("/scoring/vacancies/<int:vacancy_id>/decision-model", methods=["POST"])
@roles_required(*EDITORS)
def set_decision_model(vacancy_id: int):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    form = DecisionModelForm()
    if form.validate_on_submit():
        try:
            questions.set_decision_model(
                current_user,
                vacancy=vacancy,
                model=form.decision_model.data,
                resident_weight_percent=form.resident_weight_percent.data,
            )
        except ScoringRefused as refused:
            db.session.rollback()
            return _page(vacancy, 422, refused.message, model_form=form)
        return _done(vacancy, "Decision model saved.")
    return _page(vacancy, 422, model_form=form)
