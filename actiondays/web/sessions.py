"""Sessions that really end.

Flask keeps the session in a signed cookie, so "ending a session on the server" means refusing
cookies issued before a certain moment. Each account carries a `session_generation`; the user
id that Flask-Login stores in the session and in the remember cookie is
`<id>:<generation>:<sign-in nonce>`. The loader accepts it only while the generation is current,
so sign-out, a password change, deactivation and "sign out everywhere" (which all raise the
generation, `services.sessions.revoke_sessions`) kill copied cookies and remember tokens too. The
nonce is new at every sign-in, so the remember cookie differs per sign-in, and the session is
cleared before signing in (no value, CSRF token included, survives from before the sign-in).
"""

import secrets
import time

from flask import current_app, g, request, session
from flask_login import login_user, logout_user

from actiondays.extensions import db
from actiondays.models import User
from actiondays.services.sessions import revoke_sessions


def load_user(value: str) -> User | None:
    """Flask-Login's loader: the account, only while its generation is current and it is
    active; anything else (old format, tampered, revoked) is a signed-out visitor."""
    parts = (value or "").split(":")
    if len(parts) != 3 or not parts[0].isdecimal() or not parts[1].isdecimal():
        return None
    if len(parts[0]) > 10 or len(parts[1]) > 10:
        return None
    user = db.session.get(User, int(parts[0]))
    if user is None or not user.is_active or user.session_generation != int(parts[1]):
        return None
    user.sign_in_nonce = parts[2]
    return user


def _clear_session() -> None:
    session.clear()
    # Flask-WTF caches the CSRF token of the request in g; it belonged to the old session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def start_session(user: User, remember: bool) -> None:
    """Sign in with a fresh session (rotated: nothing of the old one survives)."""
    _clear_session()
    user.sign_in_nonce = secrets.token_urlsafe(16)
    login_user(user, remember=remember)


def end_session(user: User, reason: str = "sign-out") -> None:
    """Sign out here and everywhere else: every session and remember cookie of the user."""
    revoke_sessions(user, reason)
    logout_user()
    _clear_session()


def renew_session(user: User) -> None:
    """After the user's own password change revoked every session: this one goes on under the
    new generation (with a remember cookie if it had one)."""
    remember = current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies
    db.session.refresh(user)
    start_session(user, remember=remember)


#: The half-signed-in state between the password and the second factor. It is not a login:
#: Flask-Login knows nothing of it, every page treats the visitor as signed out, and only the
#: code pages read it. It names the account and its session generation (a sign-out elsewhere
#: or a password change voids it) and expires after PENDING_SECONDS.
PENDING_KEY = "second_factor_pending"
PENDING_SECONDS = 600


def start_pending_sign_in(user: User, remember: bool, next_url: str | None) -> None:
    """The password was right and a code is needed: a fresh session holding only that."""
    _clear_session()
    session[PENDING_KEY] = {
        "user": user.id,
        "generation": user.session_generation,
        "remember": bool(remember),
        "next": next_url,
        "since": int(time.time()),
    }


def pending_sign_in() -> tuple[User, bool, str | None] | None:
    """(account, remember, next) of a half-finished sign-in that is still valid, else None."""
    state = session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    try:
        user_id, generation = int(state["user"]), int(state["generation"])
        since = int(state["since"])
    except (KeyError, TypeError, ValueError):
        return None
    if not 0 <= time.time() - since <= PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    if (
        user is None
        or not user.is_active
        or user.session_generation != generation
        or not user.has_second_factor
    ):
        return None
    next_url = state.get("next")
    return user, bool(state.get("remember")), next_url if isinstance(next_url, str) else None


def end_pending_sign_in() -> None:
    session.pop(PENDING_KEY, None)
