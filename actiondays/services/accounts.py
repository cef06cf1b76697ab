"""Signing in: checking credentials without revealing which emails exist."""

from argon2 import PasswordHasher
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import AccountStatus, User
from actiondays.models.user import normalise_email
from actiondays.services.errors import DomainError

_DUMMY_HASH = PasswordHasher().hash("not-a-real-password")
WRONG_CREDENTIALS = _l("The email address or the password is not correct.")


def authenticate(email: str, password: str) -> User:
    """The account for these credentials, or DomainError saying why sign-in is refused.

    Pending and deactivated accounts learn their state only with the correct password, so the
    answer never tells whether some other email address has an account.
    """
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        PasswordHasher().verify(_DUMMY_HASH, "not-a-real-password")  # same work, same timing
        raise DomainError(WRONG_CREDENTIALS, field="password")
    if not user.check_password(password):
        raise DomainError(WRONG_CREDENTIALS, field="password")
    if user.status == AccountStatus.PENDING:
        raise DomainError(
            _l(
                "Your account is waiting for approval. You will be able to sign in once it has "
                "been approved."
            ),
        )
    if user.status == AccountStatus.DEACTIVATED:
        raise DomainError(
            _l("Your account has been deactivated. Please contact the campaign office.")
        )
    user.last_login_at = utcnow()
    return user
