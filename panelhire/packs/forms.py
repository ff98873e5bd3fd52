"""Forms for issuing pack copies."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from panelhire.packs.models import PACK_VARIANT_LABELS
from panelhire.panels.models import Panel


class IssuePackForm(FlaskForm):
    recipient_id = SelectField(
        "Who is this copy for?",
        coerce=int,
        validators=[InputRequired("Choose who the copy is for")],
    )
    variant = RadioField(
        "Which pack",
        choices=[SelectChoice(v.value, label) for v, label in PACK_VARIANT_LABELS.items()],
        validators=[DataRequired("Choose which pack to print")],
    )

    def __init__(self, *args, panel: Panel, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.recipient_id.choices = [
            SelectChoice(m.user_id, m.user.display_name) for m in panel.active_members()
        ]


class MyPackForm(FlaskForm):
    large_print = BooleanField("Large print")
