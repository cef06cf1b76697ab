"""Delivering the outbox: claim due rows atomically, send each with Flask-Mailman, record the
outcome. Several workers (cron runs, gunicorn processes after requests) may run at once.

Claiming is one statement, `UPDATE outbox_mails SET status='sending' … WHERE id IN (due rows)
RETURNING id`; on PostgreSQL the due rows are selected `FOR UPDATE SKIP LOCKED`, so concurrent
workers take disjoint rows; SQLite serialises writers, so the UPDATE is atomic there too. The
claim is committed before sending. A row whose worker died while `sending` is claimed again
after CLAIM_LEASE; that is the one window in which a mail can go out twice, and the resend
carries the same Message-ID, so it is recognisable (README, "Mail").
"""

import logging
from datetime import datetime, timedelta
from email.utils import formataddr

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import and_, or_, select, update

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.mail import mail
from actiondays.mail.outbox import one_line
from actiondays.models import OutboxMail
from actiondays.models.enums import MailStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
#: Wait before attempt n+1 after n failed attempts.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
CLAIM_LEASE = timedelta(minutes=15)
BATCH = 10


def claim(now: datetime, limit: int = BATCH) -> list[int]:
    """Atomically mark up to `limit` due mails as `sending` and return their ids (commits)."""
    due = (
        select(OutboxMail.id)
        .where(
            or_(
                and_(
                    OutboxMail.status == MailStatus.QUEUED.value,
                    OutboxMail.next_attempt_at <= now,
                ),
                and_(
                    OutboxMail.status == MailStatus.SENDING.value,
                    OutboxMail.claimed_at <= now - CLAIM_LEASE,
                ),
            )
        )
        .order_by(OutboxMail.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    stmt = (
        update(OutboxMail)
        .where(OutboxMail.id.in_(due.scalar_subquery()))
        .values(
            status=MailStatus.SENDING.value,
            claimed_at=now,
            attempts=OutboxMail.attempts + 1,
        )
        .returning(OutboxMail.id)
        .execution_options(synchronize_session=False)
    )
    ids = sorted(db.session.scalars(stmt).all())
    db.session.commit()
    return ids


def build_message(row: OutboxMail, connection=None) -> EmailMultiAlternatives:
    """The MIME message of an outbox row: text, HTML alternative, attachments, stable headers."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[formataddr((one_line(row.recipient.name), row.to_address))]
        if row.recipient is not None
        else [row.to_address],
        headers={"Message-ID": row.message_id, **(row.headers or {})},
        connection=connection,
    )
    message.attach_alternative(row.body_html, "text/html")
    for item in row.attachments or []:
        message.attach(item["filename"], item["content"], item["content_type"])
    return message


def connection():
    """A Flask-Mailman connection from the current configuration (read at delivery time)."""
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    options: dict = {}
    if backend == "smtp":
        options = {
            "host": config["MAIL_SERVER"],
            "port": config["MAIL_PORT"],
            "username": config.get("MAIL_USERNAME"),
            "password": config.get("MAIL_PASSWORD"),
            "use_tls": bool(config.get("MAIL_USE_TLS")),
            "use_ssl": bool(config.get("MAIL_USE_SSL")),
            "timeout": config.get("MAIL_TIMEOUT"),
        }
    elif backend == "file":
        options = {"file_path": config["MAIL_FILE_PATH"]}
    return mail.get_connection(backend=backend, **options)


def _record_failure(row: OutboxMail, error: Exception, now: datetime) -> None:
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = MailStatus.FAILED.value
        log.warning("mail %s failed for good after %s attempts: %s", row.id, row.attempts, error)
    else:
        row.status = MailStatus.QUEUED.value
        row.next_attempt_at = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
        log.info("mail %s attempt %s failed, retrying later", row.id, row.attempts)


def send_claimed(ids: list[int], now: datetime | None = None) -> tuple[int, int]:
    """Send the claimed rows one by one, committing each outcome. (sent, failed attempts)."""
    sent = failed = 0
    conn = connection()
    try:
        for mail_id in ids:
            row = db.session.get(OutboxMail, mail_id)
            if row is None or row.status != MailStatus.SENDING.value:
                continue
            try:
                conn.send_messages([build_message(row, conn)])
            except Exception as error:  # noqa: BLE001 - any transport error is retried
                conn.close()  # a broken SMTP session must not be reused
                _record_failure(row, error, now or utcnow())
                failed += 1
            else:
                row.status = MailStatus.SENT.value
                row.sent_at = utcnow()
                row.last_error = None
                sent += 1
            db.session.commit()
    finally:
        conn.close()
    return sent, failed


def deliver_due(now: datetime | None = None, limit: int | None = None) -> tuple[int, int]:
    """Deliver every mail that is due now (batch by batch); (sent, failed attempts)."""
    now = now or utcnow()
    total_sent = total_failed = 0
    while True:
        ids = claim(now)
        if not ids:
            break
        sent, failed = send_claimed(ids, now)
        total_sent, total_failed = total_sent + sent, total_failed + failed
        if limit is not None and total_sent + total_failed >= limit:
            break
    return total_sent, total_failed


def resend(row: OutboxMail, actor) -> None:
    """An admin queues a failed (or sent) mail again, with the same Message-ID; flushes."""
    row.status = MailStatus.QUEUED.value
    row.attempts = 0
    row.next_attempt_at = utcnow()
    row.last_error = None
    log.info("mail %s queued again by %s", row.id, getattr(actor, "email", "system"))
    db.session.flush()
