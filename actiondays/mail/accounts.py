"""Account use cases that work through mail: confirming an address, resetting a forgotten
password, invitations, changing the address, notification settings and unsubscribing.
Flush, never commit; the views commit."""

import hmac
import logging
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from actiondays.db import utcnow
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.mail import notify, tokens
from actiondays.mail.outbox import CATEGORIES, settings_for
from actiondays.models import AccountStatus, MailSettings, Region, User
from actiondays.models.enums import DigestFrequency
from actiondays.models.user import normalise_email
from actiondays.services import audit, permissions
from actiondays.services.passwords import check_new_password
from actiondays.services.permissions import require
from actiondays.services.sessions import revoke_sessions
from actiondays.services.users import create_user, email_taken

log = logging.getLogger(__name__)
_DUMMY_HASH = PasswordHasher().hash("not-a-real-password")


def _user(user_id) -> User | None:
    return db.session.get(User, user_id) if isinstance(user_id, int) else None


def is_email_confirmed(user: User) -> bool:
    settings = db.session.get(MailSettings, user.id)
    return settings is not None and settings.email_confirmed_at is not None


def confirm_address_without_mail(user: User, at: datetime | None = None) -> None:
    """Mark an address as confirmed (demo data, accounts created by trusted tooling)."""
    settings_for(user).email_confirmed_at = at or utcnow()


def require_confirmed_email(user: User) -> None:
    """A pending account request can be approved only once its address is confirmed."""
    if not is_email_confirmed(user):
        raise DomainError(
            _l(
                "%(name)s has not confirmed the email address yet. The request can be approved "
                "once it is confirmed.",
                name=user.name,
            )
        )


def confirm_email(token: str) -> User:
    """Mark the address of an account request as confirmed (InvalidToken if not valid)."""
    payload = tokens.read("confirm", token, tokens.CONFIRM_MAX_AGE)
    user = _user(payload.get("u"))
    if user is None or user.email != payload.get("e"):
        raise tokens.InvalidToken("unknown")
    settings = settings_for(user)
    if settings.email_confirmed_at is None:
        settings.email_confirmed_at = utcnow()
        audit.record(user, "confirm_email", user, {"email_confirmed": [False, True]})
        if user.status == AccountStatus.PENDING:
            notify.address_confirmed(user)
        db.session.flush()
    return user


def request_password_reset(email: str) -> None:
    """Queue a reset link for an active account with this address; for any other address do
    the same work and queue nothing, so neither the answer nor its timing tells them apart."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or user.status != AccountStatus.ACTIVE:
        # The same work as below: one password hash and one rendered mail, then nothing.
        PasswordHasher().verify(_DUMMY_HASH, "not-a-real-password")
        notify.password_reset_rendered_for_nobody(normalise_email(email))
        log.info("password reset requested for an unknown or inactive address")
        return
    user.check_password(secrets.token_hex(8))  # the same hashing work as the branch above
    notify.password_reset_requested(user)
    log.info("password reset requested for user %s", user.id)


def user_for_reset(token: str) -> User:
    return tokens.user_for_password_token("reset", token, tokens.RESET_MAX_AGE, _user)


def user_for_invitation(token: str) -> User:
    return tokens.user_for_password_token("invite", token, tokens.INVITE_MAX_AGE, _user)


def set_password_from_token(user: User, password: str, action: str) -> None:
    """Set the password chosen through a reset or invitation link (which it uses up)."""
    check_new_password(password, "password")
    user.set_password(password)
    user.must_change_password = False
    if action == "accept_invitation":
        settings_for(user).email_confirmed_at = settings_for(user).email_confirmed_at or utcnow()
    audit.record(user, action, user, {"password": ["***", "***"]})
    if action == "reset_password":
        notify.password_changed(user)
    db.session.flush()
    revoke_sessions(user, action)


def invite_person(
    *, email: str, name: str, organisation: str, role: str, regions: list[Region], actor
) -> User:
    """An admin creates an active account; the mail leads the person to choose a password."""
    require(permissions.can_manage_users(actor))
    user = create_user(
        email=email,
        name=name,
        role=role,
        password=secrets.token_urlsafe(24),  # unknown to anyone; replaced via the link
        regions=regions,
        organisation=organisation.strip() or None,
        actor=actor,
    )
    audit.record(actor, "invite", user, {"email": [None, user.email]})
    notify.invited(user, actor)
    return user


def request_email_change(user: User, new_email: str, password: str) -> None:
    """Ask to change the own address: confirmed at the new address, the old one is told."""
    if not user.check_password(password):
        raise DomainError(_l("The password is not correct."), field="password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise DomainError(_l("This is already your email address."), field="email")
    if email_taken(new_email):
        raise DomainError(_l("An account with this email address already exists."), field="email")
    notify.email_change_requested(user, new_email)
    audit.record(user, "request_email_change", user, {"email": [user.email, new_email]})
    db.session.flush()


def confirm_email_change(token: str) -> User:
    """Switch to the new address named in a valid token (once)."""
    payload = tokens.read("email", token, tokens.CONFIRM_MAX_AGE)
    user = _user(payload.get("u"))
    new = payload.get("new")
    if user is None or user.email != payload.get("old") or not isinstance(new, str):
        raise tokens.InvalidToken("used")
    if email_taken(new):
        raise DomainError(_l("An account with this email address already exists."))
    old = user.email
    user.email = new
    settings_for(user).email_confirmed_at = utcnow()
    audit.record(user, "change_email", user, {"email": [old, new]})
    db.session.flush()
    return user


def update_settings(
    user: User, *, locale: str, review_digest: str, item_updates: bool, reminders: bool
) -> MailSettings:
    """Save which mail an account wants and in which language."""
    settings = settings_for(user)
    if locale not in {"de", "en"}:
        raise DomainError(_l("Please choose a language."), field="locale")
    if review_digest not in {f.value for f in DigestFrequency}:
        raise DomainError(_l("Please choose how often."), field="review_digest")
    settings.locale = locale
    settings.review_digest = review_digest
    settings.item_updates = item_updates
    settings.reminders = reminders
    changes = audit.changed_fields(settings)
    if changes:
        audit.record(user, "update_mail_settings", user, changes)
    db.session.flush()
    return settings


def settings_by_unsubscribe_token(token: str) -> MailSettings | None:
    """The settings an unsubscribe link belongs to (compared in constant time), or None."""
    if not token or len(token) > 64 or "\x00" in token:
        return None
    settings = db.session.scalar(
        select(MailSettings).where(MailSettings.unsubscribe_token == token)
    )
    if settings is None or not hmac.compare_digest(settings.unsubscribe_token, token):
        return None
    return settings


def unsubscribe(settings: MailSettings, category: str) -> None:
    """Switch off one category of optional mail."""
    if category not in CATEGORIES:
        raise DomainError(_l("Unknown kind of mail."))
    if category == "digest":
        settings.review_digest = DigestFrequency.OFF.value
    else:
        setattr(settings, category, False)
    audit.record(settings.user, "unsubscribe", settings.user, {category: [True, False]})
    db.session.flush()
