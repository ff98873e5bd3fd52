"""Forms for rates, the policy, the after-panel screen, activities, expenses and debriefs."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from panelhire.core.formatting import local_today
from panelhire.recognition import rules
from panelhire.recognition.rules import (
    ACTIVITY_LABELS,
    ATTENDANCE_LABELS,
    CHOICE_LABELS,
    EXPENSE_LABELS,
    LATE_RULE_LABELS,
    METHOD_LABELS,
    PERIOD_LABELS,
    Attendance,
    Choice,
    Method,
)

NO_METHOD = ""


class DayField(DateField):
    """A date typed as YYYY-MM-DD (the browser's date picker), with a plain-English error."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = datetime.strptime(valuelist[0].strip(), "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError("Enter a real date, like 2026-04-05") from None


class PoundsField(StringField):
    """An amount typed in pounds; `pence` holds it in whole pence once valid."""

    pence: int | None = None

    def __init__(self, *args, maximum: int = rules.MAX_AMOUNT_PENCE, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.maximum = maximum

    def pre_validate(self, form: FlaskForm) -> None:
        self.pence = None
        if not (self.data or "").strip():
            return
        try:
            self.pence = rules.parse_pounds(self.data, maximum=self.maximum)
        except rules.Refused as refused:
            raise ValidationError(refused.message) from None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choice_list(pairs) -> list[SelectChoice]:  # noqa: ANN001
    return [SelectChoice(value, label) for value, label in pairs]


def _choices(labels: dict) -> list[SelectChoice]:
    return choice_list((str(k), v) for k, v in labels.items())


def _required_pounds(form: FlaskForm, field: PoundsField) -> None:
    if not (field.data or "").strip():
        raise ValidationError("Enter an amount in pounds, like 12.50")


class RateForm(FlaskForm):
    kind = RadioField(
        "Activity",
        choices=_choices(ACTIVITY_LABELS),
        validators=[InputRequired("Choose the activity this rate is for")],
    )
    amount = PoundsField(
        "Rate in pounds",
        description="For example 25.00. Up to £500.",
        validators=[_required_pounds],
    )
    effective_from = DayField(
        "Starts on",
        description="The rate applies to activities on or after this date.",
        validators=[InputRequired("Enter the date the rate starts")],
    )


class PolicyForm(FlaskForm):
    covers = MultiCheckboxField("Expenses covered", choices=_choices(EXPENSE_LABELS))
    expenses_note = TextAreaField(
        "About expenses",
        description="For example: bus fares up to £10, or a taxi if agreed beforehand.",
        validators=[Length(max=1000, message="Keep this to 1,000 characters or fewer")],
    )
    late_rule = RadioField(
        "If a resident cancels late",
        choices=_choices(LATE_RULE_LABELS),
        validators=[InputRequired("Choose what happens after a late cancellation")],
    )
    late_part_percent = IntegerField(
        "Part payment, as a percentage of the rate",
        validators=[
            InputRequired("Enter a percentage between 1 and 99"),
            NumberRange(1, 99, "Enter a percentage between 1 and 99"),
        ],
    )
    late_hours = IntegerField(
        "Cancelling counts as late within this many hours of the start",
        validators=[
            InputRequired("Enter a number of hours between 1 and 168"),
            NumberRange(1, 168, "Enter a number of hours between 1 and 168"),
        ],
    )
    threshold_period = RadioField(
        "Compare totals with the organisation's threshold over",
        choices=_choices(PERIOD_LABELS),
        validators=[InputRequired("Choose the period the threshold covers")],
    )
    voucher_threshold = PoundsField(
        "Threshold to point out, in pounds",
        description="Residents and HR are warned when a total comes near this amount, and "
        "pointed to independent welfare-rights advice. Leave it blank for no warning.",
        maximum=rules.MAX_THRESHOLD_PENCE,
    )


def _choice_fields(prefix: str = "") -> dict[str, Field]:
    return {
        f"attendance{prefix}": RadioField(
            "Attendance",
            choices=_choices(ATTENDANCE_LABELS),
            validators=[InputRequired("Choose whether they took part")],
        ),
        f"choice{prefix}": RadioField(
            "Payment choice",
            choices=_choices(CHOICE_LABELS),
            validators=[InputRequired("Choose the payment the resident wants")],
        ),
        f"method{prefix}": RadioField(
            "Paid by",
            choices=[SelectChoice(NO_METHOD, "Not needed"), *_choices(METHOD_LABELS)],
            default=NO_METHOD,
            validators=[Optional()],
        ),
        f"lower{prefix}": PoundsField(
            "Lower amount in pounds", description="Only for 'A lower amount'."
        ),
    }


class AfterPanelBase(FlaskForm):
    user_ids: list[int] = []


def after_panel_form(rows, **kwargs) -> AfterPanelBase:  # noqa: ANN001
    """One form for the whole panel: attendance and payment choice for each resident."""

    class AfterPanelForm(AfterPanelBase):
        pass

    editable = [row for row in rows if not row.locked]
    for row in editable:
        for name, unbound in _choice_fields(f"_{row.user.id}").items():
            setattr(AfterPanelForm, name, unbound)
    form = AfterPanelForm(**kwargs)
    form.user_ids = [row.user.id for row in editable]
    if not form.is_submitted():
        for row in editable:
            _prefill(form, row)
    return form


def _prefill(form: AfterPanelBase, row) -> None:  # noqa: ANN001
    uid = row.user.id
    activity = row.activity
    if activity is None:
        form[f"attendance_{uid}"].data = (
            Attendance.LATE_CANCELLED if row.late else Attendance.ATTENDED
        )
        return
    form[f"attendance_{uid}"].data = activity.attendance
    if activity.payment:
        form[f"choice_{uid}"].data = activity.payment.choice
        form[f"method_{uid}"].data = activity.payment.method or NO_METHOD
        if activity.payment.choice == Choice.LOWER:
            form[f"lower_{uid}"].data = f"{activity.payment.amount_pence / 100:.2f}"


def entry_values(form: FlaskForm, suffix: str = "") -> tuple:
    """Attendance, choice, method and lower amount (pence) from a validated form."""
    method = form[f"method{suffix}"].data or None
    return (
        Attendance(form[f"attendance{suffix}"].data),
        Choice(form[f"choice{suffix}"].data),
        Method(method) if method else None,
        form[f"lower{suffix}"].pence,
    )


class ActivityForm(FlaskForm):
    kind = RadioField(
        "Activity",
        choices=_choices(ACTIVITY_LABELS),
        validators=[InputRequired("Choose the activity")],
    )
    happened_on = DayField("Date", validators=[InputRequired("Enter the date of the activity")])
    # Only shown once the same activity on the same day has been pointed out.
    again = BooleanField("Yes, record it again: it really happened twice")


for _name, _field in _choice_fields().items():
    setattr(ActivityForm, _name, _field)


class ExpenseForm(FlaskForm):
    kind = RadioField(
        "Type of expense",
        choices=_choices(EXPENSE_LABELS),
        validators=[InputRequired("Choose the type of expense")],
    )
    incurred_on = DayField("Date", validators=[InputRequired("Enter the date of the cost")])
    amount = PoundsField("Amount in pounds", validators=[_required_pounds])
    receipt_seen = BooleanField("We have seen a receipt")
    paid_in_advance = BooleanField("Paid in advance (given before the activity)")
    method = RadioField(
        "How it is repaid",
        choices=[
            SelectChoice(NO_METHOD, "Not agreed (cash unless agreed)"),
            SelectChoice(str(Method.TRANSFER), METHOD_LABELS[Method.TRANSFER]),
            SelectChoice(str(Method.CASH), METHOD_LABELS[Method.CASH]),
        ],
        default=NO_METHOD,
        validators=[Optional()],
    )
    note = StringField(
        "Note (optional)",
        validators=[Length(max=300, message="Keep the note to 300 characters or fewer")],
    )
    again = BooleanField("Yes, record it again: it is a second cost")


class DebriefForm(FlaskForm):
    held = RadioField(
        "Was the debrief held?",
        choices=choice_list([("yes", "Yes"), ("no", "No")]),
        validators=[InputRequired("Say whether the debrief was held")],
    )
    attendees = MultiCheckboxField("Who attended", coerce=int)
    notes = TextAreaField(
        "Notes (keep them minimal)",
        description="Only what someone needs to act on. Do not record what people shared.",
        validators=[Length(max=500, message="Keep notes to 500 characters or fewer")],
    )


class StatementForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    start = DayField("From", validators=[InputRequired("Enter the first date")])
    end = DayField("To", validators=[InputRequired("Enter the last date")])

    def validate_end(self, field: DayField) -> None:
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError("The last date must be on or after the first date")
            if (field.data - self.start.data).days > 3 * 366:
                raise ValidationError("Choose a range of three years or less")


class MarkPaidForm(FlaskForm):
    payments = MultiCheckboxField("Payments", coerce=int)
    expenses = MultiCheckboxField("Expenses", coerce=int)
    paid_on = DayField("Paid on", validators=[InputRequired("Enter the date they were paid")])

    def validate_payments(self, field: MultiCheckboxField) -> None:
        # Nothing ticked is a slip, not a success: say so beside the list, keeping the date.
        if not field.data and not self.expenses.data:
            raise ValidationError("Tick at least one payment or expense to mark as paid")

    def validate_paid_on(self, field: DayField) -> None:
        if field.data and field.data > local_today():
            raise ValidationError("The date paid cannot be in the future")


class CancelForm(FlaskForm):
    reason = TextAreaField(
        "Why is it being cancelled?",
        description="For example: recorded twice, or the wrong resident. This goes in the "
        "audit trail and stays on the record.",
        validators=[
            InputRequired("Say why it is being cancelled, for example 'recorded twice'"),
            Length(max=300, message="Keep the reason to 300 characters or fewer"),
        ],
    )


class WellbeingNoteForm(FlaskForm):
    """An optional line on what happened at a check-in or when a request was handled."""

    note = StringField(
        "What happened (optional)",
        description="A line for whoever speaks to them next, like 'Spoke by phone, fine'. "
        "Do not record what they shared.",
        validators=[Length(max=300, message="Keep the note to 300 characters or fewer")],
    )
