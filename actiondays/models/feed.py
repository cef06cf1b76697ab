"""Per-feed HTTP state (validators and cached body) and short aliases for feed URLs."""

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
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
    body_gzip: Mapped[bytes] = mapped_column(LargeBinary)
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
