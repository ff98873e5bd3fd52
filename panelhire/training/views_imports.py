"""Importing HR's spreadsheets: upload, preview with row-by-row reasons, then confirm."""

from __future__ import annotations

import base64
import binascii

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from panelhire.auth.access import roles_required
from panelhire.extensions import db
from panelhire.training import forms, imports
from panelhire.training.views import HR, bp


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*HR)
def import_file():
    form = forms.ImportForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        preview = imports.check(form.kind.data, data)
        # Carried to the confirm step as base64, so line endings survive the round trip.
        confirm = forms.ConfirmImportForm(
            data={"kind": form.kind.data, "content": base64.b64encode(data).decode()},
            formdata=None,
        )
        status = 200 if preview.clean else 422
        return render_template(
            "training/import_preview.html",
            preview=preview,
            confirm=confirm,
            columns=imports.KINDS[preview.kind],
        ), status
    return render_template("training/import.html", form=form), 422 if form.errors else 200


@bp.route("/import/confirm", methods=["POST"])
@roles_required(*HR)
def confirm_import():
    form = forms.ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in imports.KINDS:
        flash("Upload the file again.", "error")
        return redirect(url_for("training.import_file"))
    # Checked again from scratch: the file is never trusted because it was previewed once.
    try:
        data = base64.b64decode(form.content.data or "", validate=True)
    except binascii.Error:
        flash("Upload the file again.", "error")
        return redirect(url_for("training.import_file"))
    preview = imports.check(form.kind.data, data)
    if not preview.clean:
        db.session.rollback()
        return render_template(
            "training/import_preview.html",
            preview=preview,
            confirm=form,
            columns=imports.KINDS[preview.kind],
        ), 422
    added = imports.apply(current_user, preview)
    db.session.commit()
    flash(f"Imported: {added} added, {len(preview.unchanged)} already there.", "success")
    return redirect(url_for("training.resident_list"))
