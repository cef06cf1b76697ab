"""The mail outbox and each account's mail settings.

Every outgoing mail is an `OutboxMail` row written in the same transaction as the change it
reports (pretalx's QueuedMail idea): rendered at queue time in the recipient's language, then
claimed and sent by `actiondays.mail.delivery`. The row is the source of truth; a delivery
worker keeps no queue of its own.
"""

import secrets
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actiondays.db import Base, UTCDateTime, enum_check, utcnow
from actiondays.models.enums import DigestFrequency, MailStatus


class OutboxMail(Base):
    __tablename__ = "outbox_mails"
    __table_args__ = (
        CheckConstraint(enum_check("status", MailStatus), name="status"),
        Index("ix_outbox_mails_due", "status", "next_attempt_at"),
        Index("ix_outbox_mails_related", "related_type", "related_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable across retries and resends, so a duplicate delivery is recognisable.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    #: None for essential mail; otherwise the setting that switches it off (has unsubscribe).
    category: Mapped[str | None] = mapped_column(String(20))
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: [{"filename", "content_type", "content"}] with text content (e.g. an .ics file).
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    related_type: Mapped[str | None] = mapped_column(String(20))
    related_id: Mapped[int | None] = mapped_column(Integer)
    #: Unique key for mails that must never go out twice (reminders, digests).
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=MailStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    recipient = relationship("User")

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.kind} {self.status} to={self.to_address}>"


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class MailSettings(Base):
    """What mail an account wants, in which language, and whether its address is confirmed."""

    __tablename__ = "mail_settings"
    __table_args__ = (CheckConstraint(enum_check("review_digest", DigestFrequency), name="digest"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), default="de")
    review_digest: Mapped[str] = mapped_column(String(20), default=DigestFrequency.DAILY.value)
    item_updates: Mapped[bool] = mapped_column(Boolean, default=True)
    reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    unsubscribe_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_unsubscribe_token
    )
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")

    def __repr__(self) -> str:
        return f"<MailSettings user={self.user_id} {self.locale} digest={self.review_digest}>"
