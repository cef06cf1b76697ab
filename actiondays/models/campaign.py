"""Campaigns: one per year, with registration window and action period."""

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from actiondays.db import Base, TimestampMixin


class Campaign(TimestampMixin, Base):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint(
            "registration_closes_on >= registration_opens_on", name="registration_order"
        ),
        CheckConstraint("action_ends_on >= action_starts_on", name="action_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(200))
    motto: Mapped[str | None] = mapped_column(String(200))
    registration_opens_on: Mapped[date] = mapped_column(Date)
    registration_closes_on: Mapped[date] = mapped_column(Date)
    action_starts_on: Mapped[date] = mapped_column(Date)
    action_ends_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    # Optimistic lock: an edit based on an older version is refused (StaleEdit, 409).
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    # What the public sees on the start page: an introduction (Markdown) and whether the
    # campaign is announced at all (an unannounced campaign is prepared but not shown as now).
    intro_text: Mapped[str | None] = mapped_column(Text)
    is_announced: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    def is_registration_open(self, day: date) -> bool:
        """Whether new registrations are accepted on the given day."""
        return self.registration_opens_on <= day <= self.registration_closes_on

    def covers(self, day: date) -> bool:
        """Whether the day lies within the action period."""
        return self.action_starts_on <= day <= self.action_ends_on

    def __repr__(self) -> str:
        return f"<Campaign {self.year}>"
