"""The outbox page: every email PanelHire has written, and what happened to it."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from panelhire.audit.services import record
from panelhire.auth.access import roles_required
from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import Role, User
from panelhire.core.downloads import attachment
from panelhire.extensions import db
from panelhire.messaging import outbox
from panelhire.messaging.mail import BadAddress
from panelhire.messaging.models import OUTBOX_STATUS_LABELS, OutboxMessage, OutboxStatus

bp = Blueprint("messaging", __name__, url_prefix="/outbox")


@bp.route("/")
@roles_required(Role.ADMIN, Role.HR)
def index():
    messages = db.session.execute(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200)
    ).scalars()
    config = current_app.config
    folder = config.get("MAIL_FILE_DIR") or str(Path(current_app.instance_path) / "mail")
    return render_template(
        "messaging/outbox.html",
        messages=list(messages),
        labels=OUTBOX_STATUS_LABELS,
        folder=None if config.get("MAIL_URL") else folder,
        form=ConfirmForm(),
    )


@bp.route("/<int:message_id>.eml")
@roles_required(Role.ADMIN, Role.HR)
def download(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    try:
        email = outbox.email_for(message)
    except BadAddress:
        abort(404)
    return attachment(email.as_bytes(), f"message-{message_id}.eml", "message/rfc822")


@bp.route("/<int:message_id>/retry", methods=["POST"])
@roles_required(Role.ADMIN, Role.HR)
def retry(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if message.status != OutboxStatus.HELD:
        flash("That message is not held; it will be sent as planned.", "warning")
        return redirect(url_for("messaging.index"))
    # A corrected address on the person's account is used for the retry.
    recipient = db.session.get(User, message.recipient_id) if message.recipient_id else None
    outbox.requeue(message, to_address=recipient.email if recipient and recipient.email else None)
    record(
        "outbox.retry",
        actor=current_user,
        object_type="outbox_message",
        object_id=message.id,
        summary="Put a held message back in the queue",
    )
    db.session.commit()
    flash("The message is back in the queue and will be sent in the next minute.", "success")
    return redirect(url_for("messaging.index"))
