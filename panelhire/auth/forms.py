"""Sign-in forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from panelhire.auth.services import validate_pin


class StaffSignInForm(FlaskForm):
    email = StringField(
        "Email",
        validators=[
            DataRequired("Enter your email address"),
            Length(max=254, message="Enter an email address of 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Enter your password"),
            Length(max=200, message="That password is too long"),
        ],
    )


class ResidentSignInForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired("Enter your username"),
            Length(max=60, message="Enter a username of 60 characters or fewer"),
        ],
    )
    pin = PasswordField(
        "PIN",
        validators=[
            DataRequired("Enter your PIN"),
            Length(max=12, message="Enter a PIN of no more than 12 digits"),
        ],
    )


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for one-click actions."""


class SetPinForm(FlaskForm):
    pin = PasswordField(
        "New PIN",
        description="At least 6 digits. Tell the resident in person, never by text or email.",
        validators=[
            DataRequired("Enter a new PIN"),
            Length(max=12, message="Enter a PIN of no more than 12 digits"),
        ],
    )

    def validate_pin(self, field: PasswordField) -> None:
        problem = validate_pin(field.data or "")
        if problem:
            raise ValidationError(problem)
