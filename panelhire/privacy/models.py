"""How long the organisation keeps candidates' interview records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from panelhire.models.base import Base, now_utc

DEFAULT_UNSUCCESSFUL_MONTHS = 6
DEFAULT_APPOINTED_MONTHS = 12


class RetentionPolicy(Base):
    """The organisation's retention settings; one row, made with safe defaults when missing."""

    __tablename__ = "retention_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Months after the vacancy closes before each kind of record is anonymised.
    unsuccessful_months: Mapped[int] = mapped_column(default=DEFAULT_UNSUCCESSFUL_MONTHS)
    appointed_months: Mapped[int] = mapped_column(default=DEFAULT_APPOINTED_MONTHS)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
