"""Writing the audit trail: one entry per change, with the changed fields."""

import logging
from datetime import date, datetime

from sqlalchemy import inspect

from actiondays.extensions import db
from actiondays.models import AuditEntry

log = logging.getLogger(__name__)


def _plain(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "slug"):
        return value.slug
    if hasattr(value, "__table__"):  # other related rows: a readable key, never the object
        return getattr(value, "year", None) or getattr(value, "name", None) or value.id
    return value


def changed_fields(obj) -> dict[str, list]:
    """{field: [old, new]} for every column or collection changed on obj since it was loaded."""
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.attrs:
        history = state.attrs[attr.key].history
        if not history.has_changes() or attr.key in {
            "updated_at",
            "version",
            "sequence",
            "description_text",  # derived from the description, which is recorded
        }:
            continue
        old = (
            list(history.deleted) + list(history.unchanged)
            if attr.key in _collections(obj)
            else (history.deleted[0] if history.deleted else None)
        )
        new = (
            list(history.unchanged) + list(history.added)
            if attr.key in _collections(obj)
            else (history.added[0] if history.added else None)
        )
        changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _collections(obj) -> set[str]:
    return {rel.key for rel in inspect(obj).mapper.relationships if rel.uselist}


def record(actor, action: str, obj, changes: dict | None = None) -> AuditEntry:
    """Add an audit entry for obj (flushes so new objects have an id); never commits."""
    if changes is None:
        changes = changed_fields(obj)
    if obj.id is None:
        db.session.flush()
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=obj.id,
        changes=changes,
    )
    db.session.add(entry)
    log.info(
        "%s %s %s:%s by %s",
        action,
        list(changes),
        entry.object_type,
        obj.id,
        getattr(actor, "email", "system"),
    )
    return entry
