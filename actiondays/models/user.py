"""Accounts: organisers, reviewers and admins."""

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from actiondays.db import Base, TimestampMixin, UTCDateTime, enum_check
from actiondays.models.associations import user_regions
from actiondays.models.enums import AccountStatus, Role

_hasher = PasswordHasher()


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively: store them stripped and lower-cased."""
    return email.strip().lower()


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(enum_check("role", Role), name="role"),
        CheckConstraint(enum_check("status", AccountStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=Role.ORGANISER.value)
    status: Mapped[str] = mapped_column(String(20), default=AccountStatus.PENDING.value)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped by sign-out, a password change, deactivation and "sign out everywhere": every
    # session and remember cookie carries the generation it was issued under (see web/sessions).
    # Written with plain UPDATEs, so it never conflicts with the admin form's `version`.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    # Checked only by the admin's edit form (not a version_id_col: sign-in must never conflict).
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Second factor (TOTP, services/second_factor.py): the base32 secret once confirmed, when,
    # and the last accepted time step (a code is accepted once; written with a plain UPDATE).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # Set when the person closed their account: name and email are anonymised from then on.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    regions = relationship("Region", secondary=user_regions, order_by="Region.name")
    #: Programmes whose applications this account decides (the funding-officer right).
    funding_programmes = relationship(
        "FundingProgramme", secondary="funding_officers", back_populates="officers"
    )

    recovery_codes = relationship(
        "RecoveryCode", cascade="all, delete-orphan", passive_deletes=True, lazy="select"
    )

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None

    @validates("email")
    def _normalise_email(self, _key, value: str) -> str:
        return normalise_email(value)

    def get_id(self) -> str:
        """Flask-Login's session value: id, session generation, sign-in nonce (web/sessions)."""
        return f"{self.id}:{self.session_generation}:{getattr(self, 'sign_in_nonce', '') or ''}"

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @property
    def is_active(self) -> bool:  # Flask-Login: only active accounts may sign in
        return self.status == AccountStatus.ACTIVE

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
