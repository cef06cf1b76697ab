"""Per-feed HTTP state (validators and cached body) and short aliases for feed URLs."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from actiondays.db import Base, UTCDateTime


class FeedState(Base):
    """What a feed URL last served: shared by every worker process through the database.

    `key` identifies the feed (its normalised filter); `fingerprint` summarises the data the
    body was built from; `last_modified_at` is a high-water mark that only ever moves forward,
    so date-based clients never get a stale 304 after an event leaves the feed.
    """

    __tablename__ = "feed_states"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    last_modified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The public data version (see DataVersion) this body was checked against.
    data_version: Mapped[int | None] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": revision}

    def __repr__(self) -> str:
        return f"<FeedState {self.key[:12]} {self.query!r} r{self.revision}>"


class FeedAlias(Base):
    """A short, stable code standing for a long filter combination (`/f/<code>.ics`)."""

    __tablename__ = "feed_aliases"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    query: Mapped[str] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<FeedAlias {self.code} {self.query!r}>"


class FeedBody(Base):
    """The gzip body of a feed state, in a table of its own: SQLite keeps a row's columns in one
    record, and reading a small column stored after a large body walks the body's overflow
    pages. So validators (feed_states) never share a row with bodies.

    Only the gzip body (a tenth of the identity body) is stored: it is what other hosts fill
    their local body files from (see services/feeds.py). Read once per host and body."""

    __tablename__ = "feed_bodies"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    body_gzip: Mapped[bytes] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<FeedBody {self.key[:12]} {self.content_hash[:12]}>"


class DataVersion(Base):
    """One row counting changes to public data (events, their themes, themes, regions,
    campaigns, projects, and funding changes that alter the public "gefördert" label).
    Database triggers bump it in the same transaction as the change, whoever writes (the app,
    the import, a migration, psql), so comparing it with the version a feed was built at is an
    O(1) validity check."""

    __tablename__ = "data_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=1)

    def __repr__(self) -> str:
        return f"<DataVersion {self.version}>"


class VEventCache(Base):
    """The VEVENT bytes of one event, valid while `context`, `sequence` and `updated_at` match
    (the writer's version and feed context: base URL, theme names; the event's sequence and
    last change). The columns are compared in SQL, so a rebuild reads only what changed."""

    __tablename__ = "vevent_cache"
    # Which cached VEVENTs are valid, read from the index alone (not the rows with the bodies).
    __table_args__ = (
        Index("ix_vevent_cache_validity", "event_id", "context", "sequence", "updated_at"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    context: Mapped[str] = mapped_column(String(16))
    sequence: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    body: Mapped[bytes] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<VEventCache {self.event_id} {self.context} {self.sequence}>"
