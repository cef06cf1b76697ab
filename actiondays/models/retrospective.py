"""Yearly retrospectives: editorial text, highlights and a frozen snapshot of figures."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actiondays.db import Base, TimestampMixin, UTCDateTime, enum_check
from actiondays.models.enums import RetrospectiveState


class Retrospective(TimestampMixin, Base):
    __tablename__ = "retrospectives"
    __table_args__ = (CheckConstraint(enum_check("status", RetrospectiveState), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=RetrospectiveState.DRAFT.value)
    introduction: Mapped[str] = mapped_column(Text, default="")
    closing_text: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Optimistic lock: an edit based on an older version is refused (StaleEdit, 409).
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    campaign = relationship("Campaign", lazy="joined", innerjoin=True)
    published_by = relationship("User")
    highlights = relationship(
        "RetrospectiveHighlight",
        back_populates="retrospective",
        cascade="all, delete-orphan",
        order_by="RetrospectiveHighlight.position",
    )

    def __repr__(self) -> str:
        return f"<Retrospective {self.campaign_id} {self.status}>"


class RetrospectiveHighlight(Base):
    """An event or project the ministry picked for the retrospective, with a short note."""

    __tablename__ = "retrospective_highlights"
    __table_args__ = (
        CheckConstraint("(event_id IS NULL) <> (project_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int] = mapped_column(
        ForeignKey("retrospectives.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    retrospective = relationship("Retrospective", back_populates="highlights")
    event = relationship("Event")
    project = relationship("Project")

    def __repr__(self) -> str:
        return f"<RetrospectiveHighlight {self.id}>"
