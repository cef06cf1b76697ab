"""Post-event reports filed by organisers."""

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actiondays.db import Base, TimestampMixin


class Report(TimestampMixin, Base):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(
            "participants >= 0 AND children_reached >= 0 AND volunteers >= 0 "
            "AND partner_organisations >= 0",
            name="non_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    participants: Mapped[int] = mapped_column(Integer, default=0)
    children_reached: Mapped[int] = mapped_column(Integer, default=0)
    volunteers: Mapped[int] = mapped_column(Integer, default=0)
    partner_organisations: Mapped[int] = mapped_column(Integer, default=0)
    partner_names: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text, default="")
    continues: Mapped[bool | None] = mapped_column(Boolean)
    # Optimistic lock: an edit based on an older version is refused (StaleEdit, 409).
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    event = relationship("Event", back_populates="report")
    created_by = relationship("User")

    def __repr__(self) -> str:
        return f"<Report event={self.event_id}>"
