"""The organisation and the services (sites) its residents stay in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from panelhire.models.base import Base, now_utc


class Organisation(Base):
    """Organisation-wide settings; there is exactly one row."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    observations_needed: Mapped[int] = mapped_column(default=1)
    agreement_version: Mapped[str] = mapped_column(String(40), default="2026-1")
    support_contact: Mapped[str] = mapped_column(String(300), default="")
    voucher_threshold_pence: Mapped[int] = mapped_column(default=0)


class Service(Base):
    """A site or project where residents stay, and a place panels are held."""

    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    access_notes: Mapped[str] = mapped_column(Text, default="")

    def __str__(self) -> str:
        return self.name


class FormSending(Base):
    """A form that creates something, kept once acted on (see `core/once.py`): the same form
    sent again is recognised and changes nothing. Only a digest of the form's key is kept."""

    __tablename__ = "form_sending"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
