"""Failed sign-ins, kept briefly to slow down password guessing (shared by all workers)."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from actiondays.db import Base, UTCDateTime, utcnow


class SignInFailure(Base):
    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SignInFailure {self.email} {self.created_at:%Y-%m-%d %H:%M}>"
