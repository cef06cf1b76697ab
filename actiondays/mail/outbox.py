"""Rendering a mail and writing it to the outbox, in the caller's transaction (never commits)."""

import logging
import re
from contextlib import contextmanager
from email.utils import make_msgid, parseaddr
from typing import Any

from flask import current_app, g, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import MailSettings, OutboxMail, User

log = logging.getLogger(__name__)
#: Optional mail and the setting that switches it off; essential mail has no category.
CATEGORIES = ("item_updates", "reminders", "digest")


def one_line(value: Any) -> str:
    """Text for a header: CR, LF and other line breaks become spaces (no header injection)."""
    return " ".join(str(value or "").split())


def settings_for(user: User) -> MailSettings:
    """The mail settings of an account, created with defaults on first use (flushes)."""
    settings = db.session.get(MailSettings, user.id)
    if settings is None:
        settings = MailSettings(user_id=user.id)
        db.session.add(settings)
        db.session.flush()
    return settings


def wants(user: User, category: str | None) -> bool:
    """Whether this account receives mail of this category at all."""
    if not user.email:
        return False
    if category is None:  # essential: also to pending accounts (address confirmation)
        return True
    if not user.is_active:
        return False
    settings = settings_for(user)
    if category == "digest":
        return settings.review_digest != "off"
    return bool(getattr(settings, category))


@contextmanager
def _url_context():
    """url_for(_external=True) outside a request (CLI, cron) builds links to MAIL_SITE_URL."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        yield
    else:
        with current_app.test_request_context(base_url=current_app.config["MAIL_SITE_URL"]):
            yield


def _domain() -> str:
    address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    return address.rpartition("@")[2] or "localhost"


def render(
    user: User,
    settings: MailSettings,
    kind: str,
    subject,
    *,
    category: str | None = None,
    template: str | None = None,
    to_address: str | None = None,
    **context,
) -> OutboxMail:
    """The mail as an outbox row, rendered in the recipient's language (not added)."""
    template = template or kind
    with _url_context(), force_locale(settings.locale):
        links = {"settings_url": url_for("auth.notification_settings", _external=True)}
        headers = {"Auto-Submitted": "auto-generated"}
        if category is not None:
            unsubscribe = url_for(
                "auth.unsubscribe",
                token=settings.unsubscribe_token,
                category=category,
                _external=True,
            )
            links["unsubscribe_url"] = unsubscribe
            headers["List-Unsubscribe"] = f"<{unsubscribe}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        values = {"user": user, "category": category, **links, **context}
        return OutboxMail(
            message_id=make_msgid(domain=_domain()),
            kind=kind,
            category=category,
            recipient_id=user.id,
            to_address=to_address or user.email,
            subject=one_line(subject(values))[:300],
            body_text=_tidy(render_template(f"mail/{template}.txt", **values)),
            body_html=render_template(f"mail/{template}.html", **values),
            headers=headers,
        )


def _tidy(text: str) -> str:
    """Plain text without the blank lines that template tags leave behind."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def queue(
    user: User,
    kind: str,
    subject,
    *,
    category: str | None = None,
    related=None,
    dedupe_key: str | None = None,
    attachments: list[dict] | None = None,
    **context,
) -> OutboxMail | None:
    """Render `mail/<template or kind>.txt|.html` in the recipient's language and add it to the
    outbox, in the caller's transaction. `subject` is a function of the template context, called
    in that language. Returns None when the recipient does not want this category of mail.
    """
    if not wants(user, category):
        return None
    mail = render(user, settings_for(user), kind, subject, category=category, **context)
    mail.attachments = attachments or []
    mail.related_type = type(related).__name__.lower() if related is not None else None
    mail.related_id = getattr(related, "id", None)
    mail.dedupe_key = dedupe_key
    db.session.add(mail)
    db.session.flush()
    if has_request_context():
        g.mail_queued = True
    log.info("mail %s queued for user %s", kind, user.id)
    return mail


def already_queued(dedupe_key: str) -> bool:
    """Whether a mail with this key exists (sent or not): reminders go out once."""
    found = db.session.scalar(select(OutboxMail.id).where(OutboxMail.dedupe_key == dedupe_key))
    return found is not None
