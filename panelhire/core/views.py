"""Home page per role, and the health check for load balancers."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from panelhire.auth.access import public, signed_in
from panelhire.auth.models import ROLE_LABELS
from panelhire.core.services import home_page_for
from panelhire.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    return redirect(url_for("auth.sign_in"))


@bp.route("/home")
@signed_in
def home():
    page = home_page_for(current_user)
    return render_template("core/home.html", page=page, role_labels=ROLE_LABELS)


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
