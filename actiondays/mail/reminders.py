"""Periodic mail: report reminders, draft reminders before registration closes, and the
reviewers' daily digest. `flask mail remind` runs all three; it is safe to run every few
minutes, because every reminder carries a unique `dedupe_key` in the outbox and is queued at
most once, whatever runs at the same time."""

import logging
from datetime import date, datetime, time, timedelta

from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from actiondays.extensions import db
from actiondays.mail.notify import DigestFrequency, _reviewers, item_title, manage_url
from actiondays.mail.outbox import queue
from actiondays.models import AccountStatus, Campaign, Event, OutboxMail, Project, Report, User
from actiondays.models.associations import project_campaigns
from actiondays.models.enums import ReviewState
from actiondays.models.event import BERLIN

log = logging.getLogger(__name__)
#: Days after a published event ended on which its organiser is reminded of the report.
REPORT_REMINDER_DAYS = (3, 14, 30)
#: Reminders are not started for events that ended longer ago than this (archive years).
REPORT_REMINDER_HORIZON = timedelta(days=60)
DRAFT_REMINDER_DAYS = 7
#: Days relative to the proof-of-use deadline on which the applicant is reminded: two weeks
#: before, the day after it passed, and a last time two weeks later (at most three).
PROOF_REMINDER_OFFSETS = (-14, 1, 15)
#: Reminders are not started for proofs that fell due longer ago than this (archive years).
PROOF_REMINDER_HORIZON = timedelta(days=60)
WAITING_DAYS = 5
#: Local hour from which the daily digest goes out.
DIGEST_HOUR = 7


def _queue_once(dedupe_key: str, **kwargs) -> bool:
    """Queue a mail unless one with this key exists; a concurrent run loses the race cleanly."""
    if db.session.scalar(select(OutboxMail.id).where(OutboxMail.dedupe_key == dedupe_key)):
        return False
    try:
        with db.session.begin_nested():
            mail = queue(dedupe_key=dedupe_key, **kwargs)
    except IntegrityError:
        return False
    return mail is not None


def report_stage(ended_on: date, today: date) -> int:
    """How many reminders are due by now for an event that ended on `ended_on` (0–3)."""
    days = (today - ended_on).days
    return sum(1 for threshold in REPORT_REMINDER_DAYS if days >= threshold)


def _sent_stages(
    event_ids: list[int], kind: str = "report_reminder", related_type: str = "event"
) -> dict[int, int]:
    """The highest reminder stage queued so far, by the id of the item it is about."""
    keys = db.session.scalars(
        select(OutboxMail.dedupe_key).where(
            OutboxMail.kind == kind,
            OutboxMail.related_type == related_type,
            OutboxMail.related_id.in_(event_ids),
        )
    ).all()
    stages: dict[int, int] = {}
    for key in keys:
        _prefix, event_id, stage = key.split(":")
        stages[int(event_id)] = max(stages.get(int(event_id), 0), int(stage))
    return stages


def report_reminders(today: date) -> int:
    """Remind organisers of missing reports 3, 14 and 30 days after a published event ended
    (at most 3 per event; a late run sends only the latest stage). Returns the number queued."""
    events = db.session.scalars(
        select(Event)
        .outerjoin(Report, Report.event_id == Event.id)
        .join(User, User.id == Event.created_by_id)
        .where(
            Event.status == ReviewState.PUBLISHED.value,
            Report.id.is_(None),
            User.status == AccountStatus.ACTIVE.value,
            Event.ends_on <= today - timedelta(days=REPORT_REMINDER_DAYS[0]),
            Event.ends_on >= today - REPORT_REMINDER_HORIZON,
        )
        .options(selectinload(Event.created_by))
        .order_by(Event.id)
    ).all()
    sent = _sent_stages([e.id for e in events])
    queued = 0
    for event in events:
        stage = report_stage(event.ends_on, today)
        if stage <= sent.get(event.id, 0):
            continue
        queued += _queue_once(
            f"report_reminder:{event.id}:{stage}",
            user=event.created_by,
            kind="report_reminder",
            subject=lambda v: _("Reminder: report on “%(title)s”", title=v["item"].title),
            category="reminders",
            related=event,
            item=event,
            stage=stage,
            last=stage == len(REPORT_REMINDER_DAYS),
            report_url=url_for("manage.report_event", event_id=event.id, _external=True),
        )
    return queued


def proof_stage(due_on: date, today: date) -> int:
    """How many proof-of-use reminders are due by now for a deadline of `due_on` (0–3)."""
    days = (today - due_on).days
    return sum(1 for offset in PROOF_REMINDER_OFFSETS if days >= offset)


def proof_reminders(today: date) -> int:
    """Remind applicants whose payout is made and whose proof of use is due soon or overdue
    (at most three per application, each once; a late run sends only the latest stage, and
    none once the proof is submitted). Returns the number queued."""
    from actiondays.services.funding.decisions import due_proofs_of_use

    due = [
        a
        for a in due_proofs_of_use(today, within_days=-PROOF_REMINDER_OFFSETS[0])
        if a.proof_due_on >= today - PROOF_REMINDER_HORIZON
        and a.applicant is not None
        and a.applicant.status == AccountStatus.ACTIVE.value
    ]
    sent = _sent_stages([a.id for a in due], "proof_reminder", "fundingapplication")
    queued = 0
    for application in due:
        stage = proof_stage(application.proof_due_on, today)
        if stage <= sent.get(application.id, 0):
            continue
        queued += _queue_once(
            f"proof_reminder:{application.id}:{stage}",
            user=application.applicant,
            kind="proof_reminder",
            subject=lambda v: (
                _(
                    "Overdue: proof of use for “%(title)s”",
                    title=v["application"].subject_title,
                )
                if v["overdue"]
                else _(
                    "Reminder: proof of use for “%(title)s” due on %(day)s",
                    title=v["application"].subject_title,
                    day=format_date(v["due_on"]),
                )
            ),
            category="reminders",
            related=application,
            application=application,
            due_on=application.proof_due_on,
            overdue=application.proof_due_on < today,
            last=stage == len(PROOF_REMINDER_OFFSETS),
            application_url=url_for(
                "funding.show_application", application_id=application.id, _external=True
            ),
        )
    return queued


def _unsubmitted_drafts(campaign: Campaign) -> dict[int, list[Event | Project]]:
    """Never-submitted event and project drafts of a campaign, by owner (active accounts)."""
    events = db.session.scalars(
        select(Event)
        .join(User, User.id == Event.created_by_id)
        .where(
            Event.campaign_id == campaign.id,
            Event.status == ReviewState.DRAFT.value,
            Event.submitted_at.is_(None),
            User.status == AccountStatus.ACTIVE.value,
        )
        .options(selectinload(Event.created_by))
        .order_by(Event.created_by_id, Event.starts_on, Event.id)
    ).all()
    projects = db.session.scalars(
        select(Project)
        .join(project_campaigns, project_campaigns.c.project_id == Project.id)
        .join(User, User.id == Project.created_by_id)
        .where(
            project_campaigns.c.campaign_id == campaign.id,
            Project.status == ReviewState.DRAFT.value,
            Project.submitted_at.is_(None),
            User.status == AccountStatus.ACTIVE.value,
        )
        .options(selectinload(Project.created_by))
        .order_by(Project.created_by_id, Project.name, Project.id)
    ).all()
    by_user: dict[int, list[Event | Project]] = {}
    for item in [*events, *projects]:
        by_user.setdefault(item.created_by_id, []).append(item)
    return by_user


def draft_reminders(today: date) -> int:
    """Seven days before a campaign's registration closes: one reminder per organiser with
    event or project drafts that were never submitted (one mail lists all of them)."""
    campaigns = db.session.scalars(
        select(Campaign).where(
            Campaign.registration_closes_on >= today,
            Campaign.registration_closes_on <= today + timedelta(days=DRAFT_REMINDER_DAYS),
        )
    ).all()
    queued = 0
    for campaign in campaigns:
        for items in _unsubmitted_drafts(campaign).values():
            owner = items[0].created_by
            queued += _queue_once(
                f"draft_reminder:{campaign.id}:{owner.id}",
                user=owner,
                kind="draft_reminder",
                subject=lambda v: ngettext(
                    "Registration closes on %(day)s: %(num)d draft not submitted yet",
                    "Registration closes on %(day)s: %(num)d drafts not submitted yet",
                    len(v["drafts"]),
                    day=format_date(v["closes_on"]),
                ),
                category="reminders",
                related=campaign,
                campaign=campaign,
                closes_on=campaign.registration_closes_on,
                drafts=[(item_title(i), manage_url(i)) for i in items],
            )
    return queued


def _digest_items(now: datetime, since: datetime):
    waiting_since = now - timedelta(days=WAITING_DAYS)
    submitted = []
    for model in (Event, Project):
        submitted += db.session.scalars(
            select(model)
            .where(model.status == ReviewState.SUBMITTED.value)
            .order_by(model.submitted_at, model.id)
        ).all()
    new = [i for i in submitted if i.submitted_at and i.submitted_at > since]
    waiting = [i for i in submitted if i.submitted_at and i.submitted_at <= waiting_since]
    return new, waiting


def review_digests(now: datetime) -> int:
    """Once a day (from DIGEST_HOUR local time): each reviewer with the daily setting gets new
    submissions, account requests, and items waiting more than 5 days — if there are any."""
    from actiondays.mail.accounts import is_email_confirmed
    from actiondays.services.accounts import pending_accounts

    local = now.astimezone(BERLIN)
    if local.time() < time(DIGEST_HOUR):
        return 0
    day = local.date()
    accounts = [u for u in db.session.scalars(pending_accounts()).all() if is_email_confirmed(u)]
    queued = 0
    for reviewer in _reviewers(DigestFrequency.DAILY):
        key = f"digest:{reviewer.id}:{day.isoformat()}"
        previous = db.session.scalar(
            select(OutboxMail.created_at)
            .where(OutboxMail.kind == "review_digest", OutboxMail.recipient_id == reviewer.id)
            .order_by(OutboxMail.id.desc())
            .limit(1)
        )
        new, waiting = _digest_items(now, previous or now - timedelta(days=1))
        if not (new or waiting or accounts):
            continue
        queued += _queue_once(
            key,
            user=reviewer,
            kind="review_digest",
            subject=lambda v: _("Review digest of %(day)s", day=format_date(v["day"])),
            category="digest",
            day=day,
            new=[(i, manage_url(i)) for i in new],
            waiting=[(i, manage_url(i)) for i in waiting],
            accounts=accounts,
            waiting_days=WAITING_DAYS,
            review_url=url_for("review.queue", _external=True),
            accounts_url=url_for("review.accounts", _external=True),
        )
    return queued


def run_all(now: datetime) -> dict[str, int]:
    """Every periodic mail due at `now`; flushes, the caller commits."""
    today = now.astimezone(BERLIN).date()
    return {
        "report reminders": report_reminders(today),
        "draft reminders": draft_reminders(today),
        "proof-of-use reminders": proof_reminders(today),
        "review digests": review_digests(now),
    }
