"""People who use PanelHire, their roles, and how they sign in."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelhire.models.base import Base, now_utc

if TYPE_CHECKING:
    from panelhire.core.models import Service


class Role(enum.StrEnum):
    ADMIN = "admin"
    HR = "hr"
    MANAGER = "manager"
    STAFF = "staff"
    TRAINER = "trainer"
    RESIDENT = "resident"


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.HR: "HR coordinator",
    Role.MANAGER: "Hiring manager",
    Role.STAFF: "Staff panellist",
    Role.TRAINER: "Trainer",
    Role.RESIDENT: "Resident panellist",
}


class ContactChannel(enum.StrEnum):
    EMAIL = "email"
    TEXT = "text"
    PHONE = "phone"
    LETTER = "letter"
    KEYWORKER = "keyworker"


CHANNEL_LABELS = {
    ContactChannel.EMAIL: "Email",
    ContactChannel.TEXT: "Text message",
    ContactChannel.PHONE: "Phone call",
    ContactChannel.LETTER: "Letter",
    ContactChannel.KEYWORKER: "Through their keyworker",
}


class User(Base):
    """A person: staff sign in by email and password, residents by username and PIN."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    can_appoint: Mapped[bool] = mapped_column(default=False)
    safer_recruitment_on: Mapped[date | None]
    chair_competent_on: Mapped[date | None]
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    resident: Mapped[ResidentProfile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )

    @property
    def role_names(self) -> set[Role]:
        return {Role(r.role) for r in self.roles}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.role_names & set(roles))

    @property
    def is_resident(self) -> bool:
        return Role.RESIDENT in self.role_names

    # Flask-Login protocol, written out so nothing is inherited by accident.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def __str__(self) -> str:
        return self.display_name


class UserRole(Base):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="roles")


class ResidentProfile(Base):
    """What PanelHire needs to know about a resident panellist, and no more."""

    __tablename__ = "resident_profile"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    preferred_name: Mapped[str] = mapped_column(String(120), default="")
    contact_channel: Mapped[str] = mapped_column(String(20), default=ContactChannel.KEYWORKER)
    mobile: Mapped[str | None] = mapped_column(String(30))
    support_needs: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="active")  # active, paused, left
    max_panels_per_month: Mapped[int | None] = mapped_column(default=2)
    max_interviews_per_day: Mapped[int | None] = mapped_column(default=4)
    online_ok: Mapped[bool] = mapped_column(default=True)

    user: Mapped[User] = relationship(back_populates="resident")
    service: Mapped[Service | None] = relationship()


class LoginToken(Base):
    """A one-time sign-in link for a resident; only its hash is stored."""

    __tablename__ = "login_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class LoginFailure(Base):
    """One failed sign-in, keyed by account and by client address, for throttling."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
