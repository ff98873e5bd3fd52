"""Calendars: your panels and private feed; for HR, what to give people without email."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from panelhire.auth.access import public, roles_required, signed_in
from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import CHANNEL_LABELS, Role, User
from panelhire.auth.objects import panel_for_user_or_404, seat_on, sees_all_panels
from panelhire.calendar import feeds, services
from panelhire.calendar.events import event_for
from panelhire.calendar.letters import letter_pdf
from panelhire.calendar.links import panel_page_for, public_url
from panelhire.core.downloads import attachment
from panelhire.core.once import ALREADY_SENT, first_sending
from panelhire.exports.ical import build_event_file
from panelhire.extensions import db
from panelhire.packs.forms import MyPackForm
from panelhire.panels.models import Panel

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


def _ics(body: bytes, filename: str) -> Response:
    return attachment(body, filename, "text/calendar")


def _pdf(body: bytes, filename: str) -> Response:
    return attachment(body, filename, "application/pdf")


@bp.route("/")
@signed_in
def mine():
    token = feeds.feed_token(current_user)
    https = url_for("calendar.feed", token=token) if token else None
    feed = public_url(https) if https else None
    webcal = "webcal://" + feed.split("://", 1)[1] if feed else None
    return render_template(
        "calendar/mine.html",
        panels=services.upcoming_panels_for(current_user),
        feed=feed,
        webcal=webcal,
        form=ConfirmForm(),
        pack_form=MyPackForm(),
        oversight=services.oversight() if current_user.has_role(Role.ADMIN, Role.HR) else None,
    )


@bp.route("/address", methods=["POST"])
@signed_in
def reset_address():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    had_one = current_user.calendar_token is not None
    feeds.reset_calendar_token(current_user, current_user)
    db.session.commit()
    flash(
        "Your new calendar address is ready. The old one has stopped working."
        if had_one
        else "Your calendar address is ready.",
        "success",
    )
    return redirect(url_for("calendar.mine"))


@bp.route("/feed/<token>.ics")
@public
def feed(token: str):
    user = feeds.user_for_feed_token(token)
    if user is None:
        abort(404)
    return Response(feeds.feed_for(user), mimetype="text/calendar")


def _download_ics(panel: Panel) -> Response:
    return _ics(build_event_file(event_for(panel)), f"panel-{panel.id}.ics")


@bp.route("/panels/<int:panel_id>")
@signed_in
def panel_page(panel_id: int):
    """The link in invites and letters: on to the page this person may see for the panel."""
    panel = panel_for_user_or_404(panel_id, current_user)
    return redirect(panel_page_for(panel.id, sees_all_panels(current_user)))


@bp.route("/panels/<int:panel_id>.ics")
@signed_in
def panel_ics(panel_id: int):
    return _download_ics(panel_for_user_or_404(panel_id, current_user))


@bp.route("/panels/<int:panel_id>/letter.pdf")
@signed_in
def my_letter(panel_id: int):
    panel = panel_for_user_or_404(panel_id, current_user)
    if seat_on(panel.id, current_user) is None:
        abort(404)
    return _pdf(letter_pdf(panel, current_user), f"panel-{panel.id}-letter.pdf")


def _person_on_panel_or_404(user_id: int, panel_id: int) -> tuple[User, Panel]:
    person = db.get_or_404(User, user_id)
    panel = db.get_or_404(Panel, panel_id)
    if seat_on(panel.id, person) is None:
        abort(404)
    return person, panel


@bp.route("/people/<int:user_id>")
@roles_required(Role.ADMIN, Role.HR)
def person(user_id: int):
    person = db.get_or_404(User, user_id)
    panels = services.upcoming_panels_for(person)
    return render_template(
        "calendar/person.html",
        person=person,
        panels=[(panel, services.text_for(panel)) for panel in panels],
        form=ConfirmForm(),
        channel_labels=CHANNEL_LABELS,
    )


@bp.route("/people/<int:user_id>/panels/<int:panel_id>.ics")
@roles_required(Role.ADMIN, Role.HR)
def person_panel_ics(user_id: int, panel_id: int):
    _person, panel = _person_on_panel_or_404(user_id, panel_id)
    return _download_ics(panel)


@bp.route("/people/<int:user_id>/panels/<int:panel_id>/letter.pdf")
@roles_required(Role.ADMIN, Role.HR)
def person_letter(user_id: int, panel_id: int):
    person, panel = _person_on_panel_or_404(user_id, panel_id)
    return _pdf(letter_pdf(panel, person), f"panel-{panel.id}-letter.pdf")


@bp.route("/people/<int:user_id>/panels/<int:panel_id>/text", methods=["POST"])
@roles_required(Role.ADMIN, Role.HR)
def send_text(user_id: int, panel_id: int):
    person, panel = _person_on_panel_or_404(user_id, panel_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not first_sending():
        flash(ALREADY_SENT, "success")
        return redirect(url_for("calendar.person", user_id=person.id))
    try:
        services.send_panel_text(current_user, person, panel)
    except services.NoMobile as error:
        flash(f"{error}. Read the message to them, or send it through their keyworker.", "error")
        return redirect(url_for("calendar.person", user_id=person.id))
    db.session.commit()
    flash(f"Text message sent to {person.display_name}.", "success")
    return redirect(url_for("calendar.person", user_id=person.id))
