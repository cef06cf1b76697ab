"""Retention: what the privacy statement promises to delete, deleted. Safe for cron: each run
deletes only what is due, in one transaction, and running it twice changes nothing more."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from actiondays.extensions import db
from actiondays.models import (
    AccountStatus,
    AuditEntry,
    ContactMessage,
    Event,
    Project,
    SignInFailure,
    User,
)
from actiondays.services.accounts import SIGN_IN_LOCK

log = logging.getLogger(__name__)
#: One-time form tokens only guard against double submission; a day later they are spent.
FORM_TOKEN_LIFETIME = timedelta(days=1)


@dataclass
class Purged:
    pending_accounts: int = 0
    sign_in_failures: int = 0
    form_tokens: int = 0
    contact_messages: int = 0


def purge(now: datetime, *, pending_days: int, contact_days: int) -> Purged:
    """Delete what has outlived its purpose as of `now`; flushes, never commits."""
    result = Purged()
    stale_ids = list(
        db.session.scalars(
            select(User.id).where(
                User.status == AccountStatus.PENDING.value,
                User.created_at < now - timedelta(days=pending_days),
            )
        )
    )
    for user in db.session.scalars(select(User).where(User.id.in_(stale_ids))):
        user.regions = []
        db.session.delete(user)
    if stale_ids:
        # Their "account requested" entries hold the email address; the account is gone.
        db.session.execute(
            delete(AuditEntry).where(
                AuditEntry.object_type == "user", AuditEntry.object_id.in_(stale_ids)
            )
        )
    result.pending_accounts = len(stale_ids)
    result.sign_in_failures = db.session.execute(
        delete(SignInFailure).where(SignInFailure.created_at <= now - SIGN_IN_LOCK)
    ).rowcount
    for model in (Event, Project):
        result.form_tokens += db.session.execute(
            update(model)
            .where(model.form_token.is_not(None), model.created_at < now - FORM_TOKEN_LIFETIME)
            .values(form_token=None, updated_at=model.updated_at)  # not a content change
            .execution_options(synchronize_session=False)
        ).rowcount
    # Mail (#8): expired invitation and password-reset tokens are deleted here as well.
    result.contact_messages = db.session.execute(
        delete(ContactMessage).where(ContactMessage.created_at < now - timedelta(days=contact_days))
    ).rowcount
    db.session.flush()
    log.info("purged %s", result)
    return result
