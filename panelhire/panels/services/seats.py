"""Who sits on a panel: confirming, exceptions, adding residents, withdrawals and removals.

Each change first claims the panel (see `common.claim_panel`), so two HR officers working on
the same panel at once never both fill one seat or both take away its last resident.
"""

from __future__ import annotations

from datetime import timedelta

from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels import clashes, notify, queries
from panelhire.panels.models import Panel, PanelMember, PanelStatus, SeatRole
from panelhire.panels.services.common import (
    PanelError,
    audit,
    check_free,
    claim_panel,
    hold_person,
)


def confirm_panel(actor: User, panel: Panel) -> Panel:
    """Confirm a panel only when the composition rule holds."""
    claim_panel(panel)
    if panel.status == PanelStatus.CANCELLED:
        raise PanelError("This panel was cancelled")
    state = queries.panel_state(panel)
    if not state.composition.holds:
        raise PanelError(
            "This panel cannot be confirmed yet: "
            + "; ".join(state.composition.reasons)
            + ". Fill the seats, or ask a manager to record an exception."
        )
    _confirm(actor, panel, "panel.confirm", "Confirmed the panel")
    return panel


def _confirm(actor: User, panel: Panel, action: str, summary: str) -> None:
    panel.status = PanelStatus.CONFIRMED
    panel.sequence += 1
    audit(action, actor, panel, summary)
    notify.panel_changed(panel, notify.CONFIRMED, [m.user for m in panel.active_members()])
    db.session.flush()


def cancel_panel(actor: User, panel: Panel) -> Panel:
    """Call a panel off (to reschedule it): everyone on it gets a cancellation."""
    claim_panel(panel)
    if panel.status == PanelStatus.CANCELLED:
        raise PanelError("This panel is already cancelled")
    was_confirmed = panel.status == PanelStatus.CONFIRMED
    panel.status = PanelStatus.CANCELLED
    panel.sequence += 1
    audit("panel.cancel", actor, panel, "Cancelled the panel")
    notify.panel_changed(
        panel,
        notify.CANCELLED,
        [m.user for m in panel.active_members()],
        was_confirmed=was_confirmed,
    )
    db.session.flush()
    return panel


def record_exception(actor: User, panel: Panel, reason: str) -> Panel:
    """A manager lets a panel go ahead although the rule does not hold, and says why.

    Only confirming the panel is news to the people on it. On a panel already confirmed,
    a new reason is recorded and audited but sends no updated invite (the invite does not
    show the reason), and the same reason again changes nothing at all.
    """
    reason = reason.strip()
    if not reason:
        raise PanelError("Give the reason this panel goes ahead without meeting the rule", "reason")
    claim_panel(panel)
    if panel.status == PanelStatus.CANCELLED:
        raise PanelError("This panel was cancelled")
    state = queries.panel_state(panel)
    if state.composition.holds:
        raise PanelError(
            "This panel meets the rule: confirm it instead of recording an exception", "reason"
        )
    confirmed = panel.status == PanelStatus.CONFIRMED
    if confirmed and panel.exception_reason == reason:
        return panel
    panel.exception_reason = reason
    panel.exception_by_id = actor.id
    panel.exception_at = now_utc()
    summary = f"Exception recorded ({'; '.join(state.composition.reasons)}): {reason}"
    if confirmed:
        audit("panel.exception", actor, panel, summary)
        db.session.flush()
    else:
        _confirm(actor, panel, "panel.exception", summary)
    return panel


def add_resident(
    actor: User | None,
    panel: Panel,
    user: User,
    *,
    override_reason: str | None = None,
    to_empty_seat: bool = False,
) -> PanelMember:
    """Seat a resident panellist; an ineligible one needs a reason, audited and counted.

    ``to_empty_seat`` is how the rostering and substitute pages ask: fill the resident seat
    this panel lacks. If someone else filled it a moment ago, nothing changes and HR is told,
    so the panel does not end up with two residents where it needed one.
    """
    claim_panel(panel)
    if not user.is_resident:
        raise PanelError(f"{user.display_name} is not a resident panellist")
    current = next((m for m in panel.members if m.user_id == user.id), None)
    if current is not None and current.withdrawn_at is None:
        raise PanelError(f"{user.display_name} is already on this panel")
    if to_empty_seat and not queries.panel_state(panel).composition.lacks_resident:
        names = ", ".join(m.user.display_name for m in panel.active_members(SeatRole.RESIDENT))
        raise PanelError(
            f"This panel's resident seat was filled a moment ago ({names}). Nothing was changed."
        )
    hold_person(user)
    result = queries.eligibility_for(panel, user)
    reason = (override_reason or "").strip()
    if not result.eligible and not reason:
        raise PanelError(
            f"{user.display_name} is not eligible: {'; '.join(result.reasons)}. "
            "To choose them anyway, give a reason for the override.",
            "override_reason",
        )
    check_free(
        user,
        clashes.Booking(panel.starts_at, panel.ends_at, panel.service_id),
        timedelta(minutes=panel.travel_buffer_minutes),
        panel.id,
        "override_reason",
    )
    if current is None:
        current = PanelMember(user=user, role=SeatRole.RESIDENT)
        panel.members.append(current)
    else:  # they withdrew earlier and are coming back
        current.withdrawn_at, current.role, current.added_at = None, SeatRole.RESIDENT, now_utc()
    current.override_reason = None if result.eligible else reason
    panel.sequence += 1
    if result.eligible:
        audit("panel.add_resident", actor, panel, f"Added {_seat(current)}")
    else:
        audit(
            "panel.override",
            actor,
            panel,
            f"Added ineligible {_seat(current)} ({'; '.join(result.reasons)}): {reason}",
        )
    notify.panel_changed(panel, notify.ADDED, [user])
    db.session.flush()
    return current


def _seat(member: PanelMember) -> str:
    """A seat in audit words: its role and the person's id, never their name.

    The audit trail outlives the retention period, so it names people by id only.
    """
    return f"{SeatRole(member.role).value} seat (user {member.user.id})"


def _seated(panel: Panel, member: PanelMember) -> PanelMember:
    """The member's seat as it stands now; refused if they are no longer on the panel."""
    member_id = member.id
    claim_panel(panel)
    seat = db.session.get(PanelMember, member_id)  # None if someone removed it meanwhile
    if seat is None or seat.panel_id != panel.id or seat.withdrawn_at is not None:
        raise PanelError("That person is not on this panel")
    return seat


def withdraw_member(actor: User, panel: Panel, member: PanelMember) -> PanelMember:
    """Mark someone withdrawn (no reason needed); only they get a cancellation."""
    member = _seated(panel, member)
    member.withdrawn_at = now_utc()
    panel.sequence += 1
    audit("panel.withdraw", actor, panel, f"{_seat(member).capitalize()} withdrawn from the panel")
    notify.panel_changed(panel, notify.WITHDRAWN, [member.user])
    db.session.flush()
    return member


def remove_member(actor: User, panel: Panel, member: PanelMember) -> None:
    """Take a seat off a panel booked by mistake; never the last resident of a confirmed one."""
    member = _seated(panel, member)
    residents = panel.active_members(SeatRole.RESIDENT)
    if (
        panel.status == PanelStatus.CONFIRMED
        and member.role == SeatRole.RESIDENT
        and len(residents) == 1
    ):
        raise PanelError(
            f"{member.user.display_name} is the only resident on this confirmed panel. "
            "Mark them withdrawn instead, so a substitute is proposed."
        )
    user = member.user
    panel.members.remove(member)
    panel.sequence += 1
    audit("panel.remove", actor, panel, f"{_seat(member).capitalize()} removed from the panel")
    notify.panel_changed(panel, notify.WITHDRAWN, [user])
    db.session.flush()
