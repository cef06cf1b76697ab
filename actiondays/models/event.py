"""Events: action days and ideas workshops, with the calendar identity (uid, sequence)."""

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates

from actiondays.db import Base, TimestampMixin, UTCDateTime, enum_check, utcnow
from actiondays.errors import DomainError
from actiondays.markdown import markdown_to_text
from actiondays.models.associations import event_themes
from actiondays.models.enums import EventKind, ReviewState
from actiondays.models.lifecycle import ReviewLifecycleMixin

BERLIN = ZoneInfo("Europe/Berlin")
EVENT_KIND_LABELS = {
    EventKind.ACTION_DAY: _l("Action day"),
    EventKind.IDEAS_WORKSHOP: _l("Ideas workshop"),
}
# Columns whose change is bookkeeping, not a change of the event's content.
_BOOKKEEPING = frozenset({"sequence", "version", "updated_at", "description_text"})


class Event(ReviewLifecycleMixin, TimestampMixin, Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(enum_check("kind", EventKind), name="kind"),
        CheckConstraint(enum_check("status", ReviewState), name="status"),
        CheckConstraint(
            "kind = 'ideas_workshop' OR region_id IS NOT NULL", name="action_day_has_region"
        ),
        CheckConstraint("ends_on >= starts_on", name="date_order"),
        CheckConstraint(
            "is_all_day OR (starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at)",
            name="timed_has_instants",
        ),
        CheckConstraint("sequence >= 0", name="sequence_non_negative"),
        # A campaign's events by status in date order, covering the retrospective's aggregates
        # (kind, region, month) and the highlight picker's pages without reading the rows.
        Index(
            "ix_events_campaign_status_start",
            "campaign_id",
            "status",
            "starts_on",
            "id",
            "kind",
            "region_id",
            # ... and a feed's fingerprint and span of years (services/feeds.py).
            "ends_on",
            "updated_at",
            "sequence",
        ),
        # The month calendar's day counts and per-day ranks of the events touching a few
        # weeks, read from the index alone (no row of the events table is visited).
        Index(
            "ix_events_span",
            "starts_on",
            "ends_on",
            "status",
            "campaign_id",
            "is_all_day",
            "starts_at",
            # PostgreSQL has no rowid: without the id its scans would visit the rows.
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(20), default=EventKind.ACTION_DAY.value)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # One-time token of the form that created it: a double submission finds this row again.
    form_token: Mapped[str | None] = mapped_column(String(36), unique=True)

    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: The description as plain text (for calendar feeds), converted whenever it is saved.
    description_text: Mapped[str | None] = mapped_column(Text)

    is_all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_street: Mapped[str] = mapped_column(String(200), default="")
    venue_postal_code: Mapped[str] = mapped_column(String(5), default="")
    venue_city: Mapped[str] = mapped_column(String(120), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    organisation: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    target_age_min: Mapped[int | None] = mapped_column(Integer)
    target_age_max: Mapped[int | None] = mapped_column(Integer)
    target_audience: Mapped[str | None] = mapped_column(String(300))
    accessibility: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[str | None] = mapped_column(String(200))
    registration_url: Mapped[str | None] = mapped_column(String(500))

    campaign = relationship("Campaign", lazy="joined", innerjoin=True)
    region = relationship("Region", lazy="joined")
    project = relationship("Project", back_populates="events")
    created_by = relationship("User")
    themes = relationship("Theme", secondary=event_themes, order_by="Theme.position")
    report = relationship("Report", back_populates="event", uselist=False)

    __mapper_args__ = {"version_id_col": version}

    @validates("description")
    def _convert_description(self, _key, value):
        """Keep the plain-text description in step; saving the same text changes nothing."""
        if value != self.description or (value and self.description_text is None):
            self.description_text = markdown_to_text(value or "")
        return value

    @validates("uid")
    def _keep_uid(self, _key, value):
        current = self.__dict__.get("uid")
        if current is not None and value != current:
            raise DomainError(_l("The calendar UID of an event never changes."), field="uid")
        return value

    def set_timed(self, starts: datetime, ends: datetime) -> None:
        """Set start and end instants (aware, any zone); keeps the local dates in step."""
        if starts.tzinfo is None or ends.tzinfo is None:
            raise ValueError("timed events need timezone-aware datetimes")
        self.is_all_day = False
        self.starts_at, self.ends_at = starts, ends
        self.starts_on = starts.astimezone(BERLIN).date()
        self.ends_on = ends.astimezone(BERLIN).date()

    def set_all_day(self, first_day: date, last_day: date) -> None:
        """Make this an all-day event from first_day to last_day (both inclusive)."""
        self.is_all_day = True
        self.starts_at = self.ends_at = None
        self.starts_on, self.ends_on = first_day, last_day

    @property
    def kind_label(self):
        return EVENT_KIND_LABELS[EventKind(self.kind)]

    @property
    def local_start(self) -> datetime:
        """Start in Europe/Berlin; midnight of the first day for all-day events."""
        if self.is_all_day or self.starts_at is None:
            return datetime.combine(self.starts_on, time(), BERLIN)
        return self.starts_at.astimezone(BERLIN)

    @property
    def local_end(self) -> datetime:
        """End in Europe/Berlin; for all-day events midnight after the last day (exclusive)."""
        if self.is_all_day or self.ends_at is None:
            return datetime.combine(self.ends_on + timedelta(days=1), time(), BERLIN)
        return self.ends_at.astimezone(BERLIN)

    @property
    def has_ended(self) -> bool:
        return self.local_end <= utcnow()

    def has_ended_on(self, day: date) -> bool:
        """Whether the event was over before the given day began (Europe/Berlin)."""
        return self.local_end <= datetime.combine(day, time(), BERLIN)

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind} {self.status} {self.title!r}>"


def _committed_status(obj: Event) -> str | None:
    history = inspect(obj).attrs.status.history
    if history.deleted:
        return history.deleted[0]
    return obj.status


def _has_content_change(obj: Event) -> bool:
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in _BOOKKEEPING:
            continue
        if state.attrs[attr.key].history.has_changes():
            return True
    return state.attrs.themes.history.has_changes()


@event.listens_for(Session, "before_flush")
def _bump_sequence(session: Session, _flush_context, _instances) -> None:
    """Every change to a published (or cancelled) event raises its calendar SEQUENCE."""
    for obj in session.dirty:
        if not isinstance(obj, Event):
            continue
        if _committed_status(obj) not in (ReviewState.PUBLISHED, ReviewState.CANCELLED):
            continue
        if _has_content_change(obj):
            obj.sequence = (obj.sequence or 0) + 1
            obj.updated_at = utcnow()
