"""The contact form: barrier reports and questions are stored for the admins, rate-limited per
sender. The limit is kept in the database (a keyed hash of the address, never the address), so
every worker agrees; no Flask-Limiter was on main when this was built."""

import hashlib
import hmac
import logging
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from actiondays.db import utcnow
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.mail import notify
from actiondays.models import ContactMessage
from actiondays.services import permissions
from actiondays.services.permissions import require

log = logging.getLogger(__name__)
TOPICS = ("barrier", "question")
WINDOW = timedelta(hours=1)


class TooManyMessages(DomainError):
    """The sender has reached the hourly limit."""


def sender_key(secret: str, address: str | None) -> str:
    """A keyed hash of the sender's network address: enough to count, useless to identify."""
    return hmac.new(secret.encode(), (address or "-").encode(), hashlib.sha256).hexdigest()


def submit_message(
    *, topic: str, message: str, name: str, email: str, page_url: str, key: str, limit: int
) -> ContactMessage:
    """Store a message (the form checked its shape); refuse beyond `limit` per hour."""
    recent = db.session.scalar(
        select(func.count())
        .select_from(ContactMessage)
        .where(ContactMessage.sender_key == key, ContactMessage.created_at > utcnow() - WINDOW)
    )
    if recent >= limit:
        raise TooManyMessages(
            _l(
                "You have sent several messages in a short time. Please wait an hour and try "
                "again, or write to us by email."
            )
        )
    if topic not in TOPICS:
        raise DomainError(_l("Please choose what your message is about."), field="topic")
    row = ContactMessage(
        topic=topic,
        message=message.strip(),
        name=name.strip() or None,
        email=email.strip() or None,
        page_url=page_url.strip() or None,
        sender_key=key,
    )
    db.session.add(row)
    db.session.flush()
    notify.contact_message(row)
    log.info("contact message %s (%s) stored", row.id, topic)
    return row


def recent_messages(limit: int = 200):
    """The newest messages for the admins."""
    return select(ContactMessage).order_by(ContactMessage.created_at.desc()).limit(limit)


def mark_handled(row: ContactMessage, actor) -> None:
    """An admin marks a message as dealt with."""
    require(permissions.can_read_contact_messages(actor))
    if row.handled_at is None:
        row.handled_at = utcnow()
        db.session.flush()
