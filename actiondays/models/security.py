"""Failed sign-ins, kept briefly to slow down password guessing (shared by all workers), and
the one-time recovery codes of the second factor."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from actiondays.db import Base, UTCDateTime, utcnow


class SignInFailure(Base):
    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SignInFailure {self.email} {self.created_at:%Y-%m-%d %H:%M}>"


class RecoveryCode(Base):
    """One recovery code of an account's second factor: stored as a SHA-256 hash (the codes are
    random with 59 bits, so a fast hash suffices), usable once."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} of user {self.user_id}{' used' if self.used_at else ''}>"
