"""Server-side revocation of sessions: every account has a session generation, and every
session cookie and remember cookie names the generation it was issued under (see
`actiondays.web.sessions`). Raising the generation ends them all at once. Flushes, never commits.

The counter is raised with one UPDATE statement, not through the ORM's unit of work, so sign-in
bookkeeping and revocation never conflict with the admin form's version check.
"""

import logging

from sqlalchemy import update

from actiondays.extensions import db
from actiondays.models import User

log = logging.getLogger(__name__)


def revoke_sessions(user: User, reason: str) -> None:
    """End every session and remember cookie of `user` (sign-out, new password, deactivation)."""
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
        .execution_options(synchronize_session="fetch")
    )
    log.info("sessions of user %s revoked (%s)", user.id, reason)
