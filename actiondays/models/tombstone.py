"""Tombstones: a public item that left the public view (or was cancelled), for API sync.

An integrator that syncs with `/api/v1/events?updated_since=…` must learn of items it can no
longer fetch. The public never sees drafts, so an event that stops being public (withdrawn,
deleted, a retrospective unpublished) would otherwise just vanish from the answers. Every such
change writes one row here in the same flush as the change itself; cancellations are written
too, so a sync client can find them without comparing states.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from actiondays.db import Base, UTCDateTime, enum_check, utcnow
from actiondays.models.enums import RetrospectiveState, ReviewState, TombstoneReason
from actiondays.models.lifecycle import PUBLIC_STATES


class Tombstone(Base):
    __tablename__ = "tombstones"
    __table_args__ = (
        CheckConstraint(enum_check("reason", TombstoneReason), name="reason"),
        CheckConstraint("object_type IN ('event', 'project', 'retrospective')", name="object_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(20))
    #: The id of the event or project; the campaign year of a retrospective.
    object_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))
    removed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<Tombstone {self.object_type}:{self.object_id} {self.reason}>"


def _old_status(obj) -> str | None:
    history = inspect(obj).attrs.status.history
    if history.deleted:
        return history.deleted[0]
    return obj.status


@event.listens_for(Session, "before_flush")
def _write_tombstones(session: Session, _flush_context, _instances) -> None:
    """Public items that are cancelled, leave the public view or are deleted get a tombstone."""
    from actiondays.models import Event, Project, Retrospective

    for obj in list(session.dirty):
        if isinstance(obj, Event | Project):
            old, new = _old_status(obj), obj.status
            if old in PUBLIC_STATES and new != old:
                reason = (
                    TombstoneReason.CANCELLED
                    if new == ReviewState.CANCELLED
                    else TombstoneReason.WITHDRAWN
                )
                session.add(_tombstone(obj, reason))
        elif isinstance(obj, Retrospective):
            old = _old_status(obj)
            if old == RetrospectiveState.PUBLISHED and obj.status != old:
                session.add(
                    Tombstone(
                        object_type="retrospective",
                        object_id=obj.campaign.year,
                        reason=TombstoneReason.UNPUBLISHED.value,
                    )
                )
    for obj in list(session.deleted):
        if isinstance(obj, Event | Project) and _old_status(obj) in PUBLIC_STATES:
            session.add(_tombstone(obj, TombstoneReason.DELETED))


def _tombstone(obj, reason: TombstoneReason) -> Tombstone:
    kind = "event" if obj.__tablename__ == "events" else "project"
    return Tombstone(object_type=kind, object_id=obj.id, reason=reason.value)


def _sync_indexes() -> None:
    """Indexes for the API's keyset orders: (updated_at, id) of a sync, (starts_on, id)."""
    from sqlalchemy import Index

    from actiondays.models.event import Event
    from actiondays.models.project import Project

    Index("ix_events_updated_at_id", Event.updated_at, Event.id)
    Index("ix_events_starts_on_id", Event.starts_on, Event.id)
    Index("ix_projects_updated_at_id", Project.updated_at, Project.id)


_sync_indexes()
