"""Optimistic locking shared by every editable aggregate (SQLAlchemy `version_id_col`).

An edit form carries the `version` it was rendered from. `check_version` refuses an edit based on
an older version before anything changes; `flush_versioned` turns the race that slips past it
(two saves at the same moment: the second UPDATE matches no row) into the same `StaleEdit`, which
the views answer with 409 and the events' message.
"""

from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from actiondays.extensions import db
from actiondays.models import User
from actiondays.services.events import STALE_EDIT, StaleEdit


def check_version(item, expected: int | None) -> None:
    """StaleEdit when the form was based on another version than the stored one."""
    if expected is not None and expected != item.version:
        raise StaleEdit(STALE_EDIT)


def flush_versioned() -> None:
    """Flush; a concurrent save of the same row in between is a StaleEdit (rolled back)."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise StaleEdit(STALE_EDIT) from None


def claim_user_version(user: User, expected: int | None) -> None:
    """The admin form's check for accounts: raise `users.version` only if it is still the one
    the form was based on. Users have no `version_id_col`, so sign-in bookkeeping (last sign-in,
    session generation) never conflicts with it; this one compare-and-set UPDATE is the lock."""
    if expected is None:
        expected = user.version
    result = db.session.execute(
        update(User)
        .where(User.id == user.id, User.version == expected)
        .values(version=User.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise StaleEdit(STALE_EDIT)
    db.session.expire(user, ["version"])
