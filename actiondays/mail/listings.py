"""Reads of the outbox for the admin page and the organisers' dashboard."""

from sqlalchemy import Select, func, select

from actiondays.extensions import db
from actiondays.models import OutboxMail


def outbox_page(status: str | None) -> Select:
    """Mails newest first, optionally of one status."""
    stmt = select(OutboxMail).order_by(OutboxMail.id.desc())
    if status:
        stmt = stmt.where(OutboxMail.status == status)
    return stmt


def outbox_counts() -> dict[str, int]:
    """How many mails are in each status."""
    rows = db.session.execute(
        select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
    ).all()
    return dict(rows)


def reminders_sent(
    event_ids: list[int], kind: str = "report_reminder", related_type: str = "event"
) -> dict[int, list]:
    """When each reminder of this kind went out (queued, if not sent yet), by the id of the
    item it is about (oldest first): report reminders of events, or proof-of-use reminders
    of funding applications."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(OutboxMail.related_id, OutboxMail.sent_at, OutboxMail.created_at)
        .where(
            OutboxMail.kind == kind,
            OutboxMail.related_type == related_type,
            OutboxMail.related_id.in_(event_ids),
        )
        .order_by(OutboxMail.id)
    ).all()
    found: dict[int, list] = {}
    for event_id, sent_at, created_at in rows:
        found.setdefault(event_id, []).append(sent_at or created_at)
    return found


def confirmed_user_ids(user_ids: list[int]) -> set[int]:
    """Which of these accounts have confirmed their email address (one query)."""
    if not user_ids:
        return set()
    from actiondays.models import MailSettings

    return set(
        db.session.scalars(
            select(MailSettings.user_id).where(
                MailSettings.user_id.in_(user_ids), MailSettings.email_confirmed_at.is_not(None)
            )
        )
    )
