"""Life-cycle changes shared by events and projects: permission, transition, audit entry.

The model guards which transitions exist; `permissions` says who may make them. Every function
flushes and never commits.
"""

from actiondays.extensions import db
from actiondays.mail import notify
from actiondays.services import audit, permissions
from actiondays.services.permissions import require


def submit(item, actor) -> None:
    """Hand a draft to the reviewers."""
    require(permissions.can_submit_item(actor, item))
    item.submit()
    audit.record(actor, "submit", item)
    db.session.flush()
    notify.item_changed(item, "submit", actor)


def withdraw(item, actor) -> None:
    """Take a submitted item back into draft."""
    require(permissions.can_withdraw_item(actor, item))
    item.return_to_draft()
    audit.record(actor, "withdraw", item)
    db.session.flush()


def publish(item, actor) -> None:
    """Approve a submitted item; it becomes public."""
    require(permissions.can_review_item(actor, item))
    item.publish()
    audit.record(actor, "publish", item)
    db.session.flush()
    notify.item_changed(item, "publish", actor)


def reject(item, actor, reason: str) -> None:
    """Send a submitted item back with the reviewer's reason (required)."""
    require(permissions.can_review_item(actor, item))
    item.reject(reason)
    audit.record(actor, "reject", item)
    db.session.flush()
    notify.item_changed(item, "reject", actor)


def cancel(item, actor, reason: str) -> None:
    """Cancel a published item with a reason; it stays public as cancelled."""
    require(permissions.can_cancel_item(actor, item))
    item.cancel(reason)
    audit.record(actor, "cancel", item)
    db.session.flush()
    notify.item_changed(item, "cancel", actor)


def delete(item, actor) -> None:
    """Delete a draft for good (published items are cancelled instead)."""
    require(permissions.can_delete_item(actor, item))
    label = getattr(item, "title", None) or getattr(item, "name", "")
    audit.record(actor, "delete", item, {"status": [item.status, None], "title": [label, None]})
    db.session.delete(item)
    db.session.flush()
