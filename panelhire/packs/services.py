"""Issuing numbered pack copies and recording that papers came back or were shredded."""

from __future__ import annotations

from sqlalchemy import func, select

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.exports.pdf import render_pdf
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.packs.content import pack_context
from panelhire.packs.models import PACK_VARIANT_LABELS, PackCopy, PackVariant
from panelhire.panels.models import Panel, PanelStatus

RESIDENT_VARIANTS = {PackVariant.RESIDENT, PackVariant.RESIDENT_LARGE}


class PackRefused(ValueError):
    """A copy cannot be issued as asked; the message says why, in HR's words."""


def default_variant(seat: str) -> PackVariant:
    return PackVariant.STAFF if seat in ("chair", "staff") else PackVariant.RESIDENT


def issue_pack(actor: User, panel: Panel, recipient: User, variant: str) -> PackCopy:
    """Number a new copy of the pack for someone on the panel."""
    if variant not in set(PackVariant):
        raise PackRefused("Choose which pack to print")
    if panel.status == PanelStatus.CANCELLED:
        raise PackRefused("This panel is cancelled: no packs are printed for it")
    seat = next((m for m in panel.active_members() if m.user_id == recipient.id), None)
    if seat is None:
        raise PackRefused(f"{recipient.display_name} is not on this panel")
    if variant == PackVariant.STAFF and seat.role not in ("chair", "staff"):
        raise PackRefused(
            f"{recipient.display_name} sits as {seat.role}: give them a resident pack, "
            "which has candidates' names and times only"
        )
    number = (
        db.session.execute(
            select(func.coalesce(func.max(PackCopy.number), 0)).where(PackCopy.panel_id == panel.id)
        ).scalar_one()
        + 1
    )
    copy = PackCopy(
        panel=panel,
        recipient=recipient,
        number=number,
        variant=variant,
        issued_by_id=actor.id,
    )
    db.session.add(copy)
    record(
        "pack.issue",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Copy {number} ({PACK_VARIANT_LABELS[PackVariant(variant)]}) "
        f"for {recipient.display_name}",
    )
    db.session.flush()
    return copy


def record_papers_back(actor: User, copy: PackCopy) -> PackCopy:
    """Note that a copy was handed back or shredded (once; later clicks change nothing)."""
    if copy.returned_or_shredded_at is None:
        copy.returned_or_shredded_at = now_utc()
        copy.returned_or_shredded_by_id = actor.id
        record(
            "pack.returned",
            actor=actor,
            object_type="panel",
            object_id=copy.panel_id,
            summary=f"Copy {copy.number} returned or shredded",
        )
        db.session.flush()
    return copy


def render_pack(copy: PackCopy) -> bytes:
    return render_pdf("pack.html", **pack_context(copy.panel, copy))


def copies_for(panel: Panel) -> list[PackCopy]:
    return list(
        db.session.execute(
            select(PackCopy).where(PackCopy.panel_id == panel.id).order_by(PackCopy.number)
        ).scalars()
    )
