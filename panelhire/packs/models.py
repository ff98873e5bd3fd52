"""Numbered copies of interview packs, so every paper copy can be accounted for."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelhire.models.base import Base, now_utc

if TYPE_CHECKING:
    from panelhire.auth.models import User
    from panelhire.panels.models import Panel


class PackVariant(enum.StrEnum):
    STAFF = "staff"
    RESIDENT = "resident"
    RESIDENT_LARGE = "resident-large"


PACK_VARIANT_LABELS = {
    PackVariant.STAFF: "Full pack",
    PackVariant.RESIDENT: "Resident pack",
    PackVariant.RESIDENT_LARGE: "Resident pack, large print",
}


class PackCopy(Base):
    """One printed copy: who it was issued to, and when it came back or was shredded."""

    __tablename__ = "pack_copy"
    __table_args__ = (UniqueConstraint("panel_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    number: Mapped[int]
    variant: Mapped[str] = mapped_column(String(20))
    issued_at: Mapped[datetime] = mapped_column(default=now_utc)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    returned_or_shredded_at: Mapped[datetime | None]
    returned_or_shredded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )

    panel: Mapped[Panel] = relationship()
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])
    returned_or_shredded_by: Mapped[User | None] = relationship(
        foreign_keys=[returned_or_shredded_by_id]
    )
