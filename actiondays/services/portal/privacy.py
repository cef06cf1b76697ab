"""The person's own data: a JSON export of everything stored about them, and closing the
account. Closing anonymises the person (account, audit entries, their items' contact fields)
and keeps the organisation's published items, so calendars and retrospectives stay whole."""

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select

from actiondays.db import utcnow
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.models import (
    AccountStatus,
    AuditEntry,
    Event,
    Project,
    Report,
    Role,
    SignInFailure,
    User,
)
from actiondays.services import audit, permissions
from actiondays.services.permissions import require

log = logging.getLogger(__name__)
CLOSED_NAME = "Geschlossenes Konto"
EXPORT_VERSION = 1


def _iso(value):
    return value.isoformat() if value is not None else None


def _event(e: Event) -> dict:
    return {
        "id": e.id,
        "uid": e.uid,
        "kind": e.kind,
        "status": e.status,
        "campaign": e.campaign.year,
        "region": e.region.slug if e.region else None,
        "title": e.title,
        "summary": e.summary,
        "starts_on": _iso(e.starts_on),
        "ends_on": _iso(e.ends_on),
        "organisation": e.organisation,
        "contact_name": e.contact_name,
        "contact_email": e.contact_email,
        "contact_phone": e.contact_phone,
        "created_at": _iso(e.created_at),
        "updated_at": _iso(e.updated_at),
    }


def _project(p: Project) -> dict:
    return {
        "id": p.id,
        "status": p.status,
        "name": p.name,
        "organisation": p.organisation,
        "region": p.region.slug,
        "website": p.website,
        "created_at": _iso(p.created_at),
        "updated_at": _iso(p.updated_at),
    }


def _report(r: Report) -> dict:
    return {
        "event_id": r.event_id,
        "participants": r.participants,
        "children_reached": r.children_reached,
        "volunteers": r.volunteers,
        "partner_organisations": r.partner_organisations,
        "outcome": r.outcome,
        "created_at": _iso(r.created_at),
    }


def export_user_data(owner: User, actor) -> dict:
    """Everything stored about `owner` and everything they created (GDPR Art. 15 and 20)."""
    require(permissions.can_see_own_data(actor, owner))
    events = db.session.scalars(
        select(Event).where(Event.created_by_id == owner.id).order_by(Event.id)
    ).all()
    projects = db.session.scalars(
        select(Project).where(Project.created_by_id == owner.id).order_by(Project.id)
    ).all()
    reports = db.session.scalars(
        select(Report).where(Report.created_by_id == owner.id).order_by(Report.id)
    ).all()
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            or_(
                AuditEntry.actor_id == owner.id,
                (AuditEntry.object_type == "user") & (AuditEntry.object_id == owner.id),
            )
        )
        .order_by(AuditEntry.created_at, AuditEntry.id)
    ).all()
    return {
        "export_version": EXPORT_VERSION,
        "exported_at": _iso(utcnow()),
        "account": {
            "id": owner.id,
            "email": owner.email,
            "name": owner.name,
            "organisation": owner.organisation,
            "role": owner.role,
            "status": owner.status,
            "regions": [r.slug for r in owner.regions],
            "created_at": _iso(owner.created_at),
            "last_login_at": _iso(owner.last_login_at),
        },
        "events": [_event(e) for e in events],
        "projects": [_project(p) for p in projects],
        "reports": [_report(r) for r in reports],
        "history": [
            {
                "at": _iso(a.created_at),
                "action": a.action,
                "object": f"{a.object_type}:{a.object_id}",
                "fields": sorted(a.changes or {}),
            }
            for a in entries
        ],
    }


def _scrub(value, secrets: set[str]):
    if isinstance(value, str) and value in secrets:
        return "***"
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    return value


def close_account(owner: User, actor) -> None:
    """Close and anonymise the account; published items of the organisation stay."""
    require(permissions.can_close_account(actor, owner))
    if owner.role == Role.ADMIN:
        other_admins = db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(
                User.role == Role.ADMIN.value,
                User.status == AccountStatus.ACTIVE.value,
                User.id != owner.id,
            )
        )
        if not other_admins:
            raise DomainError(
                _l(
                    "This is the last active admin account, so it cannot be closed. Please "
                    "make another person an admin first."
                )
            )
    secrets = {s for s in (owner.email, owner.name) if s}
    items = db.session.scalars(
        select(Event).where(
            or_(
                Event.created_by_id == owner.id,
                Event.contact_email == owner.email,
                Event.contact_name == owner.name,
            )
        )
    ).all()
    item_ids = {e.id for e in items}
    for event in items:
        if event.contact_email == owner.email or event.contact_name == owner.name:
            event.contact_name = event.contact_email = event.contact_phone = None
    project_ids = set(
        db.session.scalars(select(Project.id).where(Project.created_by_id == owner.id))
    )
    entries = db.session.scalars(
        select(AuditEntry).where(
            or_(
                (AuditEntry.object_type == "user") & (AuditEntry.object_id == owner.id),
                (AuditEntry.object_type == "event") & AuditEntry.object_id.in_(item_ids or {0}),
                (AuditEntry.object_type == "project")
                & AuditEntry.object_id.in_(project_ids or {0}),
            )
        )
    ).all()
    for entry in entries:
        scrubbed = {k: _scrub(v, secrets) for k, v in (entry.changes or {}).items()}
        if scrubbed != entry.changes:
            entry.changes = scrubbed
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == owner.email))
    owner.name = CLOSED_NAME
    owner.email = f"geschlossen-{owner.id}@invalid"
    owner.organisation = None
    owner.password_hash = None
    owner.must_change_password = False
    owner.status = AccountStatus.DEACTIVATED.value
    owner.regions = []
    owner.closed_at = utcnow()
    db.session.flush()
    audit.record(actor, "close_account", owner, {"status": ["active", "closed"]})
    # Mail (#8): drop queued mails to the old address here.
    log.info("account %s closed and anonymised", owner.id)
