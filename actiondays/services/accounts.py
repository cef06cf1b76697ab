"""Accounts: signing in without revealing which emails exist, account requests and approval,
passwords, and the admin's edits. Flushes, never commits."""

import logging
from datetime import UTC, date, timedelta

from argon2 import PasswordHasher
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import Select, delete, func, select, text
from sqlalchemy.orm import selectinload

from actiondays.db import utcnow
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.mail import notify
from actiondays.mail.accounts import require_confirmed_email
from actiondays.models import AccountStatus, Region, Role, SignInFailure, User
from actiondays.models.user import normalise_email
from actiondays.services import audit, permissions
from actiondays.services.passwords import check_new_password
from actiondays.services.permissions import require
from actiondays.services.sessions import revoke_sessions
from actiondays.services.users import create_user, email_taken
from actiondays.services.versions import claim_user_version

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password")
WRONG_CREDENTIALS = _l("The email address or the password is not correct.")
#: Failures of one address within SIGN_IN_LOCK are remembered; after FREE_SIGN_IN_ATTEMPTS of
#: them every further attempt must wait twice as long as the one before (30 s, 1 min, 2 min …
#: at most 15 min) after the latest failure: guessing slows down exponentially, while the real
#: owner, whose address anyone can type, is never locked out for long.
FREE_SIGN_IN_ATTEMPTS = 5
SLOW_DOWN_FIRST = timedelta(seconds=30)
SLOW_DOWN_MAX = timedelta(minutes=15)
SIGN_IN_LOCK = timedelta(minutes=15)


class WrongCredentials(DomainError):
    """Unknown email or wrong password; the caller records the failure (record_failed_sign_in)."""


class TooManySignInAttempts(DomainError):
    """Too many recent failures for this email address; sign-in is paused for a while."""


def record_failed_sign_in(email: str) -> None:
    """Remember one failed sign-in for this address (known or not); forget expired ones."""
    db.session.execute(
        delete(SignInFailure).where(SignInFailure.created_at <= utcnow() - SIGN_IN_LOCK)
    )
    db.session.add(SignInFailure(email=normalise_email(email)[:254]))
    db.session.flush()


def sign_in_delay(failures: int) -> timedelta:
    """How long after the latest failure the next attempt must wait."""
    if failures < FREE_SIGN_IN_ATTEMPTS:
        return timedelta(0)
    return min(SLOW_DOWN_FIRST * 2 ** (failures - FREE_SIGN_IN_ATTEMPTS), SLOW_DOWN_MAX)


def _serialise_attempts(email: str) -> None:
    """Attempts for one address wait for each other until the transaction ends, so concurrent
    guesses across workers cannot all slip through the count below.

    PostgreSQL: an advisory lock on the address. SQLite: the database's write lock, taken now
    by a write (forgetting expired failures) instead of at the failure's INSERT after the
    password check: otherwise every worker counts the same failures before any is recorded
    (a burst across 4 gunicorn workers let more than the free attempts through)."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:email))"), {"email": email})
    elif dialect == "sqlite":
        db.session.execute(
            delete(SignInFailure).where(SignInFailure.created_at <= utcnow() - SIGN_IN_LOCK)
        )


def check_not_throttled(key: str, message) -> None:
    """TooManySignInAttempts (with `message(seconds)`) while the recent failures recorded under
    `key` (an email address, or another counter in the same table) demand a wait."""
    _serialise_attempts(key)
    now = utcnow()
    recent, latest = db.session.execute(
        select(func.count(), func.max(SignInFailure.created_at)).where(
            SignInFailure.email == key, SignInFailure.created_at > now - SIGN_IN_LOCK
        )
    ).one()
    if not recent or latest is None:
        return
    if latest.tzinfo is None:  # SQLite returns the aggregate without the column's type
        latest = latest.replace(tzinfo=UTC)
    wait = latest + sign_in_delay(recent) - now
    if wait > timedelta(0):
        seconds = max(1, int(wait.total_seconds() + 0.999))
        raise TooManySignInAttempts(message(seconds))


def _check_not_locked(email: str) -> None:
    check_not_throttled(
        email,
        lambda seconds: lazy_ngettext(
            "Too many failed sign-in attempts for this email address. Please wait "
            "%(num)d second and try again.",
            "Too many failed sign-in attempts for this email address. Please wait "
            "%(num)d seconds and try again.",
            seconds,
        ),
    )


def authenticate(email: str, password: str) -> User:
    """The account for these credentials, or DomainError saying why sign-in is refused.

    Pending and deactivated accounts learn their state only with the correct password, so the
    answer never tells whether some other email address has an account. After
    FREE_SIGN_IN_ATTEMPTS failures within SIGN_IN_LOCK, attempts for the address (known or not)
    must wait an exponentially growing delay (`sign_in_delay`).
    """
    email = normalise_email(email)
    _check_not_locked(email)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        PasswordHasher().verify(_DUMMY_HASH, "not-a-real-password")  # same work, same timing
        raise WrongCredentials(WRONG_CREDENTIALS, field="password")
    if not user.check_password(password):
        raise WrongCredentials(WRONG_CREDENTIALS, field="password")
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == email))
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


def request_account(
    *, email: str, name: str, organisation: str, password: str, regions: list[Region]
) -> User | None:
    """An organiser asks for an account; it stays pending until a reviewer approves it.

    A request for an email that already has an account changes nothing and returns None; the
    page answers exactly as for a new request, so nobody learns which addresses exist.
    """
    if email_taken(email):
        # The same work as for a new account (hashing dominates), so the answer's timing does
        # not tell whether the address has an account.
        _hasher.hash(password)
        log.info("account request for an existing email ignored")
        return None
    if not organisation.strip():
        raise DomainError(_l("Please enter your organisation."), field="organisation")
    if not regions:
        raise DomainError(_l("Please choose at least one region."), field="regions")
    user = create_user(
        email=email,
        name=name,
        role=Role.ORGANISER.value,
        password=password,
        regions=regions,
        organisation=organisation.strip(),
        status=AccountStatus.PENDING,
        actor=None,
    )
    notify.account_requested(user)
    return user


def _set_status(user: User, status: AccountStatus, actor, action: str) -> None:
    old = user.status
    user.status = status.value
    audit.record(actor, action, user, {"status": [old, status.value]})
    db.session.flush()


def approve_account(user: User, actor) -> None:
    """A pending (or deactivated) account becomes active."""
    require(permissions.can_approve_accounts(actor))
    if user.status == AccountStatus.ACTIVE:
        raise DomainError(_l("This account is already active."))
    if user.status == AccountStatus.DEACTIVATED:
        require(permissions.can_manage_users(actor))
    was_pending = user.status == AccountStatus.PENDING
    if was_pending:
        require_confirmed_email(user)
    _set_status(user, AccountStatus.ACTIVE, actor, "approve_account")
    if was_pending:
        notify.account_decided(user, approved=True)


def deactivate_account(user: User, actor) -> None:
    """Block an account from signing in; its items and history stay."""
    require(permissions.can_manage_users(actor))
    if user.id == actor.id:
        raise DomainError(_l("You cannot deactivate your own account."))
    was_pending = user.status == AccountStatus.PENDING
    _set_status(user, AccountStatus.DEACTIVATED, actor, "deactivate_account")
    revoke_sessions(user, "deactivation")
    if was_pending:
        notify.account_decided(user, approved=False)


def _check_password(password: str, field: str) -> None:
    check_new_password(password, field)


def change_password(user: User, current: str, new: str) -> None:
    """A user changes their own password (which also clears a temporary one)."""
    if not user.check_password(current):
        raise DomainError(_l("The current password is not correct."), field="current_password")
    _check_password(new, "new_password")
    if current == new:
        raise DomainError(
            _l("Please choose a password different from the current one."), field="new_password"
        )
    user.set_password(new)
    user.must_change_password = False
    audit.record(user, "change_password", user, {"password": ["***", "***"]})
    db.session.flush()
    revoke_sessions(user, "password change")
    notify.password_changed(user)


def set_temporary_password(user: User, password: str, actor) -> None:
    """An admin sets a temporary password that must be changed at the next sign-in."""
    require(permissions.can_manage_users(actor))
    _check_password(password, "password")
    user.set_password(password)
    user.must_change_password = True
    audit.record(actor, "set_temporary_password", user, {"password": ["***", "***"]})
    db.session.flush()
    revoke_sessions(user, "temporary password")


def update_account(
    user: User,
    actor,
    *,
    name: str,
    organisation: str,
    role: str,
    regions: list[Region],
    expected_version: int | None = None,
) -> None:
    """An admin edits name, organisation, role and regions of an account; an edit based on an
    older version of the account (another admin saved meanwhile) is a StaleEdit."""
    require(permissions.can_manage_users(actor))
    if role not in {r.value for r in Role}:
        raise DomainError(_l("Please choose a role."), field="role")
    if not name.strip():
        raise DomainError(_l("Please enter a name."), field="name")
    if role == Role.ORGANISER and not regions:
        raise DomainError(_l("An organiser needs at least one region."), field="regions")
    if user.id == actor.id and role != Role.ADMIN:
        raise DomainError(_l("You cannot take away your own admin role."), field="role")
    # No autoflush while assigning: loading the old regions would flush the new name first
    # and hide it from the change record (and from the version check).
    with db.session.no_autoflush:
        user.name = name.strip()
        user.organisation = organisation.strip() or None
        user.role = role
        user.regions = sorted(regions, key=lambda r: r.name) if role == Role.ORGANISER else []
        changes = audit.changed_fields(user)
    if changes:
        claim_user_version(user, expected_version)
        audit.record(actor, "update_account", user, changes)
        db.session.flush()


def pending_accounts() -> Select:
    """Account requests waiting for approval, oldest first."""
    return (
        select(User)
        .where(User.status == AccountStatus.PENDING.value)
        .options(selectinload(User.regions))
        .order_by(User.created_at, User.id)
    )


def all_accounts(status: str | None = None) -> Select:
    """Every account for the admin list, optionally by status."""
    stmt = select(User).options(selectinload(User.regions)).order_by(User.name, User.id)
    if status in {s.value for s in AccountStatus}:
        stmt = stmt.where(User.status == status)
    return stmt


def selectable_regions() -> list[Region]:
    """Regions an organiser may ask for: those that exist today."""
    today = date.today()
    return [
        r for r in db.session.scalars(select(Region).order_by(Region.name)) if r.is_valid_on(today)
    ]
