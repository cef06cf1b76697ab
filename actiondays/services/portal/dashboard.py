"""The admin dashboard's figures: a handful of GROUP BY counts, no loops over rows."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import (
    AccountStatus,
    Campaign,
    ContactMessage,
    Event,
    OutboxMail,
    Project,
    User,
)
from actiondays.models.enums import MailStatus, ReviewState
from actiondays.services.listings import current_campaign


@dataclass
class Dashboard:
    pending_accounts: int
    submitted_events: int
    submitted_projects: int
    open_messages: int
    campaign: Campaign | None
    events_by_state: dict[str, int] = field(default_factory=dict)
    failed_mails: int = 0


def dashboard(today: date) -> Dashboard:
    """What is waiting for someone, and where the current campaign stands."""
    pending = db.session.scalar(
        select(func.count()).select_from(User).where(User.status == AccountStatus.PENDING.value)
    )
    waiting = ReviewState.SUBMITTED.value
    events = db.session.scalar(
        select(func.count()).select_from(Event).where(Event.status == waiting)
    )
    projects = db.session.scalar(
        select(func.count()).select_from(Project).where(Project.status == waiting)
    )
    messages = db.session.scalar(
        select(func.count()).select_from(ContactMessage).where(ContactMessage.handled_at.is_(None))
    )
    campaign = current_campaign(today)
    by_state = {}
    if campaign is not None:
        by_state = dict(
            db.session.execute(
                select(Event.status, func.count())
                .where(Event.campaign_id == campaign.id)
                .group_by(Event.status)
            ).all()
        )
    failed = db.session.scalar(
        select(func.count())
        .select_from(OutboxMail)
        .where(OutboxMail.status == MailStatus.FAILED.value)
    )
    return Dashboard(pending, events, projects, messages, campaign, by_state, failed)
