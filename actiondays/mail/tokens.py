"""Signed, time-limited tokens for the links in account mails (itsdangerous, as Flask uses).

A reset or invitation token carries a digest of the current password hash, so it works once:
the password it sets changes the hash. An email-change token carries the old and the new
address, so it is void once the address has changed.
"""

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

RESET_MAX_AGE = timedelta(hours=1)
INVITE_MAX_AGE = timedelta(days=7)
CONFIRM_MAX_AGE = timedelta(days=7)


class InvalidToken(Exception):
    """The token is malformed, forged, expired or already used."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"actiondays-{purpose}")


def _password_digest(user) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:32]


def make(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str, max_age: timedelta) -> dict:
    """The payload of a valid token, or InvalidToken."""
    try:
        payload = _serializer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except (BadSignature, UnicodeError, ValueError) as error:
        raise InvalidToken(str(error)) from None
    if not isinstance(payload, dict):
        raise InvalidToken("payload")
    return payload


def password_token(purpose: str, user) -> str:
    """A token to set the password of `user` (purpose "reset" or "invite")."""
    return make(purpose, {"u": user.id, "h": _password_digest(user)})


def user_for_password_token(purpose: str, token: str, max_age: timedelta, load_user):
    """The account a password token was made for, while its password is unchanged."""
    payload = read(purpose, token, max_age)
    user = load_user(payload.get("u"))
    if user is None or payload.get("h") != _password_digest(user):
        raise InvalidToken("used")
    return user
