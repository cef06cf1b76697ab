"""Participating projects behind the events, with partners and sustainability."""

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actiondays.db import Base, TimestampMixin, enum_check
from actiondays.models.associations import project_campaigns, project_themes
from actiondays.models.enums import ReviewState
from actiondays.models.lifecycle import ReviewLifecycleMixin


class Project(ReviewLifecycleMixin, TimestampMixin, Base):
    __tablename__ = "projects"
    __table_args__ = (CheckConstraint(enum_check("status", ReviewState), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # One-time token of the form that created it: a double submission finds this row again.
    form_token: Mapped[str | None] = mapped_column(String(36), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(500))
    target_group: Mapped[str | None] = mapped_column(String(300))
    continues_after_campaign: Mapped[bool | None] = mapped_column(Boolean)
    sustainability_note: Mapped[str | None] = mapped_column(Text)
    # Optimistic lock: an edit based on an older version is refused (StaleEdit, 409).
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    region = relationship("Region", lazy="joined", innerjoin=True)
    created_by = relationship("User")
    themes = relationship("Theme", secondary=project_themes, order_by="Theme.position")
    campaigns = relationship("Campaign", secondary=project_campaigns, order_by="Campaign.year")
    partners = relationship(
        "ProjectPartner",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProjectPartner.name",
    )
    events = relationship("Event", back_populates="project")

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.status} {self.name!r}>"


class ProjectPartner(Base):
    """A partner organisation of a project (the campaign's networking figure)."""

    __tablename__ = "project_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))

    project = relationship("Project", back_populates="partners")

    def __repr__(self) -> str:
        return f"<ProjectPartner {self.name!r}>"
