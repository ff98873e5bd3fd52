"""Forms that create something act once, however often they are sent.

A double tap on an old phone, Back and resend, or a retry after the signal dropped sends the
same form again; a payment, an expense, a text message or a concern would then be made twice.
Such a form carries a random key made when its page was drawn (`{{ once_field() }}` inside the
form). The view claims the key (`first_sending()`) in the same transaction as the change, before
making it, so the key and the change are saved together or not at all: a second sending, even
one that arrives while the first is still being saved, finds the key taken and changes nothing,
and a sending that was refused (a mistake in the form) leaves the key free for the corrected
one. A form sent without a key (a script, a page drawn before this existed) acts as before.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import Flask, request
from markupsafe import Markup
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from panelhire.core.models import FormSending
from panelhire.extensions import db

FIELD = "once"
ALREADY_SENT = "That was already sent, so nothing was saved twice."


def once_field() -> Markup:
    """The hidden field that marks one drawing of a form."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(16)
    )


def first_sending() -> bool:
    """Claim this form's key; False when the same form was acted on before.

    Call it before the change, with nothing else waiting to be written: a refused claim rolls
    the session back. Only a digest of the key is stored, so any text sent is safe to keep."""
    sent = request.form.get(FIELD, "")
    if not sent:
        return True
    key = hashlib.sha256(sent.encode("utf-8", "replace")).hexdigest()
    db.session.add(FormSending(key=key))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if db.session.get(FormSending, key) is None:
            raise  # not this key: something else failed, and must not pass for a repeat
        return False
    return True


def forget_sent_before(moment: datetime) -> int:
    """Drop keys older than anyone would resend a page (the daily purge calls this)."""
    return db.session.execute(delete(FormSending).where(FormSending.sent_at < moment)).rowcount


def register(app: Flask) -> None:
    app.add_template_global(once_field)
