"""The portal's own content: legal and trust pages with their versions, contact messages and
a few site settings that admins set in the browser."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actiondays.db import Base, UTCDateTime, utcnow

#: Slugs of the editable pages, in footer order; each has one text per language.
PAGE_SLUGS = ("impressum", "datenschutz", "barrierefreiheit", "kontakt", "ueber")


class SitePage(Base):
    """The current text of one legal or trust page in one language (Markdown)."""

    __tablename__ = "site_pages"
    __table_args__ = (UniqueConstraint("slug", "language", name="slug_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    updated_by = relationship("User")
    versions = relationship(
        "SitePageVersion",
        back_populates="page",
        order_by="SitePageVersion.number.desc()",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<SitePage {self.slug}/{self.language} v{self.version}>"


class SitePageVersion(Base):
    """One saved state of a page: who saved it, when, and the full text (diffs are computed)."""

    __tablename__ = "site_page_versions"
    __table_args__ = (UniqueConstraint("page_id", "number", name="page_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("site_pages.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    page = relationship("SitePage", back_populates="versions")
    created_by = relationship("User")

    def __repr__(self) -> str:
        return f"<SitePageVersion {self.page_id} #{self.number}>"


class ContactMessage(Base):
    """A message from the contact form (a barrier report or a general question)."""

    __tablename__ = "contact_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    topic: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    page_url: Mapped[str | None] = mapped_column(String(500))
    message: Mapped[str] = mapped_column(Text)
    # A keyed hash of the sender's address, only for the rate limit; never the address itself.
    sender_key: Mapped[str] = mapped_column(String(64), index=True)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<ContactMessage {self.id} {self.topic}>"


class SiteSetting(Base):
    """A value admins set in the browser, for example the sign language video's address."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<SiteSetting {self.key}>"
