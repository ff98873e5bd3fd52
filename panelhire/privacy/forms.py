"""Forms for retention settings, closing vacancies and legal holds."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from panelhire.privacy.retention import MAX_MONTHS, MIN_MONTHS

MONTHS = f"Enter a number of months from {MIN_MONTHS} to {MAX_MONTHS}"


class RetentionForm(FlaskForm):
    unsuccessful_months = IntegerField(
        "Unsuccessful candidates: months after the vacancy closes",
        validators=[InputRequired(MONTHS), NumberRange(MIN_MONTHS, MAX_MONTHS, MONTHS)],
    )
    appointed_months = IntegerField(
        "Appointed candidates: months after the vacancy closes",
        validators=[InputRequired(MONTHS), NumberRange(MIN_MONTHS, MAX_MONTHS, MONTHS)],
    )


class CloseVacancyForm(FlaskForm):
    closed_on = DateField(
        "Date the vacancy closed",
        validators=[InputRequired("Enter the date the vacancy closed, for example 2026-11-27")],
    )


class LegalHoldForm(FlaskForm):
    hold = BooleanField("Keep every record for this vacancy (legal hold)")
    reason = StringField(
        "Why the records must be kept",
        validators=[Optional(), Length(max=300, message="Keep the reason under 300 characters")],
    )
