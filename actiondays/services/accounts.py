"""Accounts: signing in without revealing which emails exist, account requests and approval,
passwords, and the admin's edits. Flushes, never commits."""

import logging
from datetime import date, timedelta

from argon2 import PasswordHasher
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import selectinload

from actiondays.db import utcnow
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.mail import notify
from actiondays.mail.accounts import require_confirmed_email
from actiondays.models import AccountStatus, Region, Role, SignInFailure, User
from actiondays.models.user import normalise_email
from actiondays.services import audit, permissions
from actiondays.services.permissions import require
from actiondays.services.users import MIN_PASSWORD_LENGTH, create_user, email_taken

log = logging.getLogger(__name__)
_DUMMY_HASH = PasswordHasher().hash("not-a-real-password")
WRONG_CREDENTIALS = _l("The email address or the password is not correct.")
MAX_FAILED_SIGN_INS = 10
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


def _check_not_locked(email: str) -> None:
    recent = db.session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(SignInFailure.email == email, SignInFailure.created_at > utcnow() - SIGN_IN_LOCK)
    )
    if recent >= MAX_FAILED_SIGN_INS:
        raise TooManySignInAttempts(
            _l(
                "Too many failed sign-in attempts for this email address. Please wait "
                "%(minutes)d minutes and try again.",
                minutes=int(SIGN_IN_LOCK.total_seconds() // 60),
            )
        )


def authenticate(email: str, password: str) -> User:
    """The account for these credentials, or DomainError saying why sign-in is refused.

    Pending and deactivated accounts learn their state only with the correct password, so the
    answer never tells whether some other email address has an account. After
    MAX_FAILED_SIGN_INS failures within SIGN_IN_LOCK, the address is paused (known or not).
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
    if was_pending:
        notify.account_decided(user, approved=False)


def _check_password(password: str, field: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _l("The password must be at least %(min)d characters long.", min=MIN_PASSWORD_LENGTH),
            field=field,
        )


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
    notify.password_changed(user)


def set_temporary_password(user: User, password: str, actor) -> None:
    """An admin sets a temporary password that must be changed at the next sign-in."""
    require(permissions.can_manage_users(actor))
    _check_password(password, "password")
    user.set_password(password)
    user.must_change_password = True
    audit.record(actor, "set_temporary_password", user, {"password": ["***", "***"]})
    db.session.flush()


def update_account(
    user: User, actor, *, name: str, organisation: str, role: str, regions: list[Region]
) -> None:
    """An admin edits name, organisation, role and regions of an account."""
    require(permissions.can_manage_users(actor))
    if role not in {r.value for r in Role}:
        raise DomainError(_l("Please choose a role."), field="role")
    if not name.strip():
        raise DomainError(_l("Please enter a name."), field="name")
    if role == Role.ORGANISER and not regions:
        raise DomainError(_l("An organiser needs at least one region."), field="regions")
    if user.id == actor.id and role != Role.ADMIN:
        raise DomainError(_l("You cannot take away your own admin role."), field="role")
    user.name = name.strip()
    user.organisation = organisation.strip() or None
    user.role = role
    user.regions = sorted(regions, key=lambda r: r.name) if role == Role.ORGANISER else []
    changes = audit.changed_fields(user)
    if changes:
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
