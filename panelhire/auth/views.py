"""Sign-in and sign-out, resident PINs and one-time sign-in links."""

from __future__ import annotations

import segno
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from panelhire.auth import services
from panelhire.auth.access import public, roles_required, signed_in
from panelhire.auth.forms import ConfirmForm, ResidentSignInForm, SetPinForm, StaffSignInForm
from panelhire.auth.models import ROLE_LABELS, Role, User
from panelhire.extensions import db, limiter

bp = Blueprint("auth", __name__)

# Per address. A room of residents signing in together on one venue's wifi must get through
# (two tries each for a room of thirty); guessing is stopped by the failure locks in services.
SIGN_IN_ATTEMPTS_PER_MINUTE = 120
SIGN_IN_LIMIT = f"{SIGN_IN_ATTEMPTS_PER_MINUTE} per minute"


def _next_url() -> str:
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("core.home")


def _start_session(user: User) -> None:
    # A fresh session on sign-in: nothing an attacker planted before sign-in survives.
    session.clear()
    login_user(user)
    session.permanent = False


def _sign_in_page(form, authenticate, template: str):  # noqa: ANN001
    """Check the form, try the sign-in, and keep a failure's count and audit entry."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    error = None
    if form.validate_on_submit():
        try:
            user = authenticate(request.remote_addr)
        except services.SignInRefused as refused:
            db.session.commit()  # keep the failure count and audit entry
            error = str(refused)
        else:
            db.session.commit()
            _start_session(user)
            return redirect(_next_url())
    status = 200 if not (form.errors or error) else 422
    return render_template(template, form=form, error=error), status


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
@public
def sign_in():
    form = StaffSignInForm()
    return _sign_in_page(
        form,
        lambda client: services.authenticate_staff(form.email.data, form.password.data, client),
        "auth/sign_in.html",
    )


@bp.route("/sign-in/resident", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
@public
def resident_sign_in():
    form = ResidentSignInForm()
    return _sign_in_page(
        form,
        lambda client: services.authenticate_resident(form.username.data, form.pin.data, client),
        "auth/resident_sign_in.html",
    )


@bp.route("/sign-in/link/<token>", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT)
@public
def sign_in_link(token: str):
    # GET only shows a button: link previews in messaging apps must not spend the link.
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            user = services.use_sign_in_link(token)
        except services.SignInRefused as refused:
            db.session.rollback()
            return render_template("auth/link.html", form=None, error=str(refused)), 410
        db.session.commit()
        _start_session(user)
        flash("You are signed in.", "success")
        return redirect(url_for("core.home"))
    link = services.find_link(token)
    if link is None:
        message = (
            "This sign-in link has expired or has already been used. "
            "Ask your HR coordinator for a new one."
        )
        return render_template("auth/link.html", form=None, error=message), 410
    return render_template("auth/link.html", form=form, name=link.user.display_name, error=None)


@bp.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    ConfirmForm().validate_on_submit()
    # Residents sign in with a username and PIN: send them back to their own page for that.
    again = "auth.resident_sign_in" if current_user.is_resident else "auth.sign_in"
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for(again))


@bp.route("/accounts")
@roles_required(Role.ADMIN, Role.HR, Role.TRAINER)
def accounts():
    people = db.session.execute(db.select(User).order_by(User.display_name)).scalars().all()
    return render_template("auth/accounts.html", people=people, role_labels=ROLE_LABELS)


@bp.route("/accounts/<int:user_id>/pin", methods=["GET", "POST"])
# Not trainers: whoever sets a resident's PIN can sign in as them and see their panels'
# candidates and payments. Trainers give a new resident their first PIN when adding them.
@roles_required(Role.ADMIN, Role.HR)
def set_pin(user_id: int):
    person = db.get_or_404(User, user_id)
    if not person.is_resident:
        return render_template(
            "errors/error.html",
            code=404,
            title="Page not found",
            message="Only residents sign in with a PIN.",
        ), 404
    form = SetPinForm()
    if form.validate_on_submit():
        services.set_pin(person, form.pin.data, by=current_user)
        db.session.commit()
        flash(f"New PIN saved for {person.display_name}.", "success")
        return redirect(url_for("auth.accounts"))
    return render_template(
        "auth/set_pin.html", form=form, person=person
    ), 422 if form.errors else 200


@bp.route("/accounts/<int:user_id>/sign-in-link", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.HR)
def issue_link(user_id: int):
    person = db.get_or_404(User, user_id)
    form = ConfirmForm()
    if not person.is_resident:
        return render_template(
            "errors/error.html",
            code=404,
            title="Page not found",
            message="Sign-in links are for residents.",
        ), 404
    if form.validate_on_submit():
        token = services.issue_sign_in_link(person, by=current_user)
        db.session.commit()
        url = url_for("auth.sign_in_link", token=token, _external=True)
        qr = segno.make(url, error="m")
        return render_template(
            "auth/link_issued.html", person=person, url=url, qr=qr.svg_data_uri(scale=5)
        )
    return render_template("auth/issue_link.html", form=form, person=person)
