"""Interview packs: HR issues numbered copies and records their return; panellists print theirs."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from panelhire.auth.access import roles_required, signed_in
from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import Role, User
from panelhire.auth.objects import seat_on
from panelhire.core.downloads import attachment
from panelhire.extensions import db
from panelhire.packs import services
from panelhire.packs.forms import IssuePackForm, MyPackForm
from panelhire.packs.models import PACK_VARIANT_LABELS, PackCopy, PackVariant
from panelhire.panels.models import Panel

bp = Blueprint("packs", __name__, url_prefix="/packs")
HR = (Role.ADMIN, Role.HR)


def _pdf(copy: PackCopy) -> Response:
    return attachment(
        services.render_pack(copy),
        f"panel-{copy.panel_id}-pack-copy-{copy.number}.pdf",
        "application/pdf",
    )


def _panel_page(panel: Panel, form: IssuePackForm, error: str | None = None, status: int = 200):
    return render_template(
        "packs/panel.html",
        panel=panel,
        copies=services.copies_for(panel),
        form=form,
        confirm=ConfirmForm(),
        labels=PACK_VARIANT_LABELS,
        error=error,
    ), status


@bp.route("/panels/<int:panel_id>", methods=["GET", "POST"])
@roles_required(*HR)
def panel(panel_id: int):
    panel = db.get_or_404(Panel, panel_id)
    form = IssuePackForm(panel=panel)
    if not form.is_submitted():
        return _panel_page(panel, form)
    if not form.validate():
        return _panel_page(panel, form, status=422)
    recipient = db.get_or_404(User, form.recipient_id.data)
    try:
        copy = services.issue_pack(current_user, panel, recipient, form.variant.data)
    except services.PackRefused as refused:
        db.session.rollback()
        return _panel_page(panel, form, error=str(refused), status=422)
    db.session.commit()
    return _pdf(copy)


@bp.route("/copies/<int:copy_id>.pdf")
@roles_required(*HR)
def copy_pdf(copy_id: int):
    return _pdf(db.get_or_404(PackCopy, copy_id))


@bp.route("/copies/<int:copy_id>/returned", methods=["POST"])
@roles_required(*HR)
def returned(copy_id: int):
    copy = db.get_or_404(PackCopy, copy_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.record_papers_back(current_user, copy)
    db.session.commit()
    flash(f"Copy {copy.number} recorded as returned or shredded.", "success")
    return redirect(url_for("packs.panel", panel_id=copy.panel_id))


@bp.route("/panels/<int:panel_id>/mine", methods=["POST"])
@signed_in
def mine(panel_id: int):
    """A panellist prints their own numbered copy (residents get the resident pack)."""
    seat = seat_on(panel_id, current_user)
    if seat is None:
        abort(404)
    form = MyPackForm()
    if not form.validate_on_submit():
        abort(400)
    variant = services.default_variant(seat.role)
    if variant == PackVariant.RESIDENT and form.large_print.data:
        variant = PackVariant.RESIDENT_LARGE
    try:
        copy = services.issue_pack(current_user, seat.panel, current_user, variant)
    except services.PackRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return redirect(url_for("calendar.mine"))
    db.session.commit()
    return _pdf(copy)
