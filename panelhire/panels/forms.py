"""Forms for vacancies, candidates, panel booking, exceptions, overrides and conflicts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from panelhire.panels.models import DECISION_MODEL_LABELS
from panelhire.panels.services import CONFLICT_OUTCOMES


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes: works without JavaScript and on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlainDateField(DateField):
    """A date box whose complaint about an impossible date is in plain words."""

    def process_formdata(self, valuelist) -> None:  # noqa: ANN001
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Enter a real date, for example 2026-03-02") from None


class PlainTimeField(TimeField):
    def process_formdata(self, valuelist) -> None:  # noqa: ANN001
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Enter a time on the 24-hour clock, for example 14:30") from None


def choices(pairs) -> list[SelectChoice]:  # noqa: ANN001
    """Choices for a select, radios or checkboxes, from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def _people(users) -> list[tuple[int, str]]:  # noqa: ANN001
    return [(u.id, u.display_name) for u in users]


def from_list(message: str) -> dict[str, str]:
    """A choice field's message for a value not on its list, or not a number at all. Only an
    out-of-date or altered page sends one, and WTForms' own words ("Invalid Choice: could
    not coerce.") mean nothing to the person reading them."""
    return {"invalid_value_message": message, "invalid_choice_message": message}


class VacancyForm(FlaskForm):
    title = StringField(
        "Role title",
        validators=[
            DataRequired("Enter the role title"),
            Length(max=200, message="Keep the title to 200 characters or fewer"),
        ],
    )
    service_id = SelectField("Service", coerce=int, **from_list("Choose the service from the list"))
    hiring_manager_id = SelectField(
        "Hiring manager", coerce=int, **from_list("Choose the hiring manager from the list")
    )
    closing_date = PlainDateField(
        "Closing date", validators=[InputRequired("Enter the closing date as a real date")]
    )
    summary = TextAreaField("Summary of the job description", validators=[Length(max=5000)])
    person_specification = TextAreaField("Person specification", validators=[Length(max=5000)])
    decision_model = RadioField(
        "How the panel's scores are used",
        choices=choices((k.value, v) for k, v in DECISION_MODEL_LABELS.items()),
        default="single",
        validators=[InputRequired("Choose how the panel's scores are used")],
    )

    def __init__(self, *args, services=(), managers=(), **kwargs):  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.service_id.choices = choices([(s.id, s.name) for s in services])
        self.hiring_manager_id.choices = choices([(0, "Not chosen yet"), *_people(managers)])


class CandidateForm(FlaskForm):
    name = StringField(
        "Full name", validators=[DataRequired("Enter the candidate's name"), Length(max=200)]
    )
    email = EmailField(
        "Email (optional)",
        validators=[
            Optional(),
            Email("Enter an email address like name@example.org"),
            Length(max=254),
        ],
    )
    phone = StringField("Phone (optional)", validators=[Optional(), Length(max=30)])
    adjustments = TextAreaField("Reasonable adjustments requested", validators=[Length(max=2000)])
    guaranteed_interview = BooleanField(
        "Guaranteed interview scheme", description="Seen by HR only, never by the panel."
    )
    equality_monitoring = TextAreaField(
        "Equality-monitoring answers",
        description="Seen by HR only, never by the panel.",
        validators=[Length(max=2000)],
    )


class PanelTimesForm(FlaskForm):
    """When and where a panel sits: the first part of booking, and the whole of changing it."""

    day = PlainDateField(
        "Date", validators=[InputRequired("Enter the panel's date as a real date")]
    )
    start = PlainTimeField(
        "Start time",
        description="In UK time, for example 10:00.",
        validators=[InputRequired("Enter the start time, for example 10:00")],
    )
    end = PlainTimeField(
        "End time", validators=[InputRequired("Enter the end time, for example 13:00")]
    )
    service_id = SelectField(
        "Place",
        coerce=int,
        description="A service, or online.",
        **from_list("Choose a service from the list, or Online"),
    )
    online_link = URLField(
        "Online meeting link (for an online panel)",
        validators=[
            Optional(),
            URL(message="Enter a full link starting with https://"),
            Length(max=500),
        ],
    )
    travel_buffer_minutes = IntegerField(
        "Travel time between panels at different places (minutes)",
        default=30,
        validators=[
            InputRequired("Enter the travel time in minutes"),
            NumberRange(0, 240, "Enter between 0 and 240 minutes"),
        ],
    )
    slot_minutes = IntegerField(
        "Minutes per candidate",
        default=45,
        validators=[
            InputRequired("Enter the minutes per candidate"),
            NumberRange(10, 240, "Enter between 10 and 240 minutes"),
        ],
    )
    break_minutes = IntegerField(
        "Break between candidates (minutes)",
        default=10,
        validators=[
            InputRequired("Enter the break in minutes"),
            NumberRange(0, 120, "Enter between 0 and 120 minutes"),
        ],
    )

    def __init__(self, *args, services=(), **kwargs):  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.service_id.choices = choices([(0, "Online"), *[(s.id, s.name) for s in services]])

    def changes(self) -> dict:
        """The typed values, named as the booking services take them."""
        return {
            "day": self.day.data,
            "start": self.start.data,
            "end": self.end.data,
            "service_id": self.service_id.data or None,
            "online_link": self.online_link.data or "",
            "travel_buffer_minutes": self.travel_buffer_minutes.data,
            "slot_minutes": self.slot_minutes.data,
            "break_minutes": self.break_minutes.data,
        }


class PanelForm(PanelTimesForm):
    chair_id = SelectField("Chair", coerce=int, **from_list("Choose the chair from the list"))
    staff_ids = CheckboxesField(
        "Other staff panellists",
        coerce=int,
        **from_list("Choose staff panellists from the list"),
    )
    resident_ids = CheckboxesField(
        "Resident panellists",
        coerce=int,
        description="Optional now: the panel's rostering page proposes eligible residents.",
        **from_list("Choose resident panellists from the list"),
    )
    observer_id = SelectField(
        "Observer (a resident learning by watching)",
        coerce=int,
        **from_list("Choose an observer from the list, or No observer"),
    )
    supporter_id = SelectField(
        "Supporter or advocate (never scores)",
        coerce=int,
        **from_list("Choose a supporter from the list, or No supporter"),
    )
    candidate_ids = CheckboxesField(
        "Candidates to interview",
        coerce=int,
        **from_list("Choose candidates from this vacancy's list"),
    )

    def __init__(
        self,
        *args,
        vacancy=None,
        services=(),
        staff=(),
        residents=(),  # noqa: ANN001, ANN002
        everyone=(),
        **kwargs,
    ):  # noqa: ANN003
        super().__init__(*args, services=services, **kwargs)
        self.chair_id.choices = choices([(0, "Choose the chair"), *_people(staff)])
        self.staff_ids.choices = choices(_people(staff))
        self.resident_ids.choices = choices(_people(residents))
        self.observer_id.choices = choices([(0, "No observer"), *_people(residents)])
        self.supporter_id.choices = choices([(0, "No supporter"), *_people(everyone)])
        self.candidate_ids.choices = choices(
            (c.id, c.name) for c in (vacancy.candidates if vacancy else [])
        )

    def validate_chair_id(self, field) -> None:  # noqa: ANN001
        from wtforms.validators import ValidationError

        if not field.data and not field.errors:  # one message for a chair_id of "abc"
            raise ValidationError("Choose the chair")


class ExceptionForm(FlaskForm):
    reason = TextAreaField(
        "Why this panel goes ahead without meeting the rule",
        validators=[DataRequired("Give the reason for the exception"), Length(max=2000)],
    )


class OverrideForm(FlaskForm):
    override_reason = TextAreaField(
        "Reason for choosing a resident who is not eligible",
        validators=[DataRequired("Give a reason for the override"), Length(max=2000)],
    )


class ConflictForm(FlaskForm):
    candidate_id = RadioField(
        "Which candidate do you know?",
        coerce=int,
        validators=[InputRequired("Choose the candidate you know")],
        **from_list("Choose the candidate you know from the list"),
    )
    note = TextAreaField("How you know them (optional)", validators=[Length(max=1000)])


class OutcomeForm(FlaskForm):
    outcome = RadioField(
        "What happens next",
        choices=choices(CONFLICT_OUTCOMES.items()),
        validators=[InputRequired("Choose what happens next")],
    )


class SlotForm(FlaskForm):
    start = PlainTimeField(
        "New start time",
        description="On the panel's day, in UK time, for example 11:15.",
        validators=[InputRequired("Enter the start time, for example 11:15")],
    )


class PlanForm(FlaskForm):
    """A date range to plan residents for. Sent by GET, so the plan can be bookmarked."""

    class Meta:
        csrf = False

    start = PlainDateField("From", validators=[InputRequired("Enter the first day")])
    end = PlainDateField("To", validators=[InputRequired("Enter the last day")])

    def validate_end(self, field) -> None:  # noqa: ANN001
        from wtforms.validators import ValidationError

        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError("The last day must be on or after the first day")
        if self.start.data and field.data and (field.data - self.start.data).days > 366:
            raise ValidationError("Plan at most a year at a time")


class ApplyPlanForm(FlaskForm):
    """Applying the plan HR was shown: the fingerprint says which plan that was."""

    start = HiddenField()
    end = HiddenField()
    fingerprint = HiddenField()
