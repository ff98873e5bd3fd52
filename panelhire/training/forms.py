"""Training forms. Forms take what they offer (residents, modules, services) as arguments."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice as C
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from panelhire.auth.models import CHANNEL_LABELS, ContactChannel
from panelhire.training.residents import STATUSES

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DATE_HINT = "For example, 27/03/2026"


class UKDateField(DateField):
    """A date typed as DD/MM/YYYY (or YYYY-MM-DD) in a plain text box, as GOV.UK advises."""

    widget = TextInput()

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("format", ["%d/%m/%Y", "%Y-%m-%d"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        for pattern in self.format:
            try:
                self.data = datetime.strptime(text, pattern).date()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(f"Enter a real date, for example 27/03/2026 (you entered '{text[:20]}')")


class TickList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _trainer_name() -> StringField:
    return StringField(
        "Trainer",
        validators=[
            DataRequired("Enter the trainer's name"),
            Length(max=120, message="Enter a name of 120 characters or fewer"),
        ],
    )


class ModuleForm(FlaskForm):
    name = StringField(
        "Module name",
        validators=[DataRequired("Enter the module name"), Length(max=120)],
    )
    description = TextAreaField("What it covers", validators=[Optional(), Length(max=2000)])
    # Not ticked to start with: a new module has nobody trained in it, so requiring it at once
    # would stop every resident scoring. Record the training first, then tick it.
    required = BooleanField(
        "Required before someone can score on a panel",
        description="Anyone without in-date training in it cannot score until it is recorded.",
        default=False,
    )
    valid_months = IntegerField(
        "Stays valid for (months)",
        description="Leave blank if it never expires.",
        validators=[
            Optional(),
            NumberRange(min=1, max=120, message="Enter a number of months from 1 to 120"),
        ],
    )
    confirm_required = BooleanField("Yes, make it required now")


class SessionForm(FlaskForm):
    module = SelectField("Module", coerce=int, validators=[DataRequired("Choose the module")])
    held_on = UKDateField("Date of the session", validators=[InputRequired("Enter the date")])
    trainer_name = _trainer_name()
    attendees = TickList("Who attended", coerce=int)

    def __init__(self, *args, modules=(), residents=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.module.choices = [C(0, "Choose a module")] + [C(m.id, m.name) for m in modules]
        self.attendees.choices = [C(r.id, r.display_name) for r in residents]

    def validate_attendees(self, field: TickList) -> None:
        if not field.data:
            raise ValidationError("Tick at least one resident who attended")


class RecordForm(FlaskForm):
    module = SelectField("Module", coerce=int, validators=[DataRequired("Choose the module")])
    completed_on = UKDateField("Completed on", validators=[InputRequired("Enter the date")])
    trainer_name = _trainer_name()
    expires_on = UKDateField(
        "Expires on",
        description="Leave blank to use the module's usual length.",
        validators=[Optional()],
    )

    def __init__(self, *args, modules=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.module.choices = [C(0, "Choose a module")] + [C(m.id, m.name) for m in modules]


class CorrectRecordForm(FlaskForm):
    completed_on = UKDateField("Completed on", validators=[InputRequired("Enter the date")])
    expires_on = UKDateField(
        "Expires on",
        description="Leave blank to work it out from the module's usual length.",
        validators=[Optional()],
    )
    trainer_name = _trainer_name()
    reason = TextAreaField(
        "Why is it being corrected?",
        validators=[DataRequired("Say why the record is being corrected"), Length(max=500)],
    )


class RemoveRecordForm(FlaskForm):
    reason = TextAreaField(
        "Why is it being removed?",
        validators=[DataRequired("Say why the record is being removed"), Length(max=500)],
    )


class AgreementForm(FlaskForm):
    version = StringField(
        "Agreement version", validators=[DataRequired("Enter the version"), Length(max=40)]
    )
    signed_on = UKDateField("Date signed", validators=[InputRequired("Enter the date signed")])


class CompetencyForm(FlaskForm):
    chair_competent_on = UKDateField(
        "Able to chair panels since", description="Leave blank if not.", validators=[Optional()]
    )
    safer_recruitment_on = UKDateField(
        "Safer recruitment trained on",
        description="Staff only. Leave blank if not.",
        validators=[Optional()],
    )


class AvailabilityForm(FlaskForm):
    weekly = TickList("Usually free")
    travel = TickList("Can travel to", coerce=int)
    max_panels_per_month = IntegerField(
        "Most panels in a month",
        description="Leave blank for no limit.",
        validators=[Optional(), NumberRange(min=1, max=31, message="Enter a number from 1 to 31")],
    )
    max_interviews_per_day = IntegerField(
        "Most interviews in a day",
        description="Leave blank for no limit.",
        validators=[Optional(), NumberRange(min=1, max=20, message="Enter a number from 1 to 20")],
    )
    online_ok = BooleanField("Online panels suit them")

    def __init__(self, *args, services=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.weekly.choices = [
            C(f"{d}-{p}", f"{WEEKDAYS[d]} {'morning' if p == 'am' else 'afternoon'}")
            for d in range(7)
            for p in ("am", "pm")
        ]
        self.travel.choices = [C(s.id, s.name) for s in services]


class UnavailableForm(FlaskForm):
    on = UKDateField("Date they cannot do", validators=[InputRequired("Enter the date")])


class StatusForm(FlaskForm):
    status = RadioField(
        "Taking part in panels",
        choices=[
            C("active", "Active"),
            C("paused", "Paused (taking a break)"),
            C("left", "Left the scheme"),
        ],
        validators=[DataRequired("Choose one")],
    )

    def validate_status(self, field: RadioField) -> None:
        if field.data not in STATUSES:
            raise ValidationError("Choose one")


class ResidentForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired("Enter their name"), Length(max=120)])
    preferred_name = StringField(
        "Preferred name",
        description="What they like to be called.",
        validators=[Optional(), Length(max=120)],
    )
    service = SelectField("Service", coerce=int)
    username = StringField(
        "Username",
        description="They sign in with this. Letters and digits, no spaces.",
        validators=[DataRequired("Enter a username"), Length(min=2, max=60)],
    )
    pin = StringField(
        "PIN",
        description="At least 6 digits. Tell them in person, never by text or email.",
        validators=[DataRequired("Enter a PIN")],
    )
    contact_channel = RadioField(
        "How they like to be contacted",
        choices=[C(c.value, CHANNEL_LABELS[c]) for c in ContactChannel],
        default=ContactChannel.KEYWORKER.value,
    )
    email = StringField("Email (optional)", validators=[Optional(), Length(max=254)])
    mobile = StringField("Mobile (optional)", validators=[Optional(), Length(max=30)])
    support_needs = TextAreaField(
        "Support needs (optional)",
        description="Access, interpreters (including BSL), breaks, plain words.",
        validators=[Optional(), Length(max=2000)],
    )

    def __init__(self, *args, services=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.service.choices = [C(0, "No service")] + [C(s.id, s.name) for s in services]

    def validate_username(self, field: StringField) -> None:
        from panelhire.training.imports import USERNAME

        if not USERNAME.match((field.data or "").strip().lower()):
            raise ValidationError("Use letters, digits, dots, dashes or underscores, no spaces")

    def validate_email(self, field: StringField) -> None:
        from email_validator import EmailNotValidError, validate_email

        try:
            validate_email(field.data, check_deliverability=False)
        except EmailNotValidError as error:
            raise ValidationError("Enter an email address like name@example.org") from error


class ImportForm(FlaskForm):
    kind = RadioField(
        "What the file holds",
        choices=[C("residents", "Residents"), C("training", "Training records")],
        validators=[DataRequired("Choose what the file holds")],
    )
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file")])


class ConfirmImportForm(FlaskForm):
    kind = HiddenField()
    content = HiddenField()


class ReadinessForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form: it changes nothing

    on = UKDateField("Panel date", validators=[InputRequired("Enter a date")])


class ResidentFilterForm(FlaskForm):
    class Meta:
        csrf = False

    service = SelectField("Service", coerce=int, validators=[Optional()])
    status = SelectField("Status", validators=[Optional()])

    def __init__(self, *args, services=(), statuses=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.service.choices = [C(0, "All services")] + [C(s.id, s.name) for s in services]
        self.status.choices = [C("", "Any status")] + [C(v, label) for v, label in statuses]
