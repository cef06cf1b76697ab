"""The second factor: time-based one-time codes (TOTP, RFC 6238, pyotp) and one-time recovery
codes. Flushes, never commits.

- Set-up: the page shows a new secret (QR code and text); it is stored only once a code from the
  authenticator app confirms it, and ten recovery codes are issued (shown once, stored hashed).
- Sign-in: after the password, a code of the current 30-second step (or one step either side,
  for clocks that drift) is needed. Each step is accepted once per account: the last accepted
  step is raised with one conditional UPDATE, so a replayed code, even sent concurrently, fails.
- Failed codes are counted per account in the sign-in throttle's table (key
  `second-factor:<id>`), with the same exponentially growing wait as passwords.
- `SECOND_FACTOR_REQUIRED` (config) names the roles that must use it: `admin`, `reviewer`,
  `organiser` and `funding_officer` (anyone holding a funding programme).
"""

import hashlib
import hmac
import logging
import secrets
import time

import pyotp
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import delete, select, update

from actiondays.db import utcnow
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.models import RecoveryCode, SignInFailure, User
from actiondays.services import audit, permissions
from actiondays.services.accounts import (
    SIGN_IN_LOCK,
    TooManySignInAttempts,
    check_not_throttled,
)
from actiondays.services.permissions import require

log = logging.getLogger(__name__)

ISSUER = "Aktionstage gegen Kinderarmut"
RECOVERY_CODE_COUNT = 10
#: Recovery codes: 12 characters of an alphabet without look-alikes (31 signs, 59 bits).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
WRONG_CODE = _l("This code is not correct. Please enter the current code from your app.")
USED_CODE = _l(
    "This code has already been used. Please wait for the next code in your app and enter that."
)
WRONG_RECOVERY_CODE = _l("This recovery code is not correct or has already been used.")
WRONG_PASSWORD = _l("The password is not correct.")


class WrongCode(DomainError):
    """A wrong, reused or malformed code; the caller records the failure (record_failure)."""


def required_roles(config) -> set[str]:
    """The roles that must use a second factor, from SECOND_FACTOR_REQUIRED."""
    value = config.get("SECOND_FACTOR_REQUIRED") or ()
    if isinstance(value, str):
        value = value.split(",")
    return {part.strip().lower() for part in value if part.strip()}


def is_required(user: User, config) -> bool:
    """Whether this account must set up a second factor before doing anything else."""
    roles = required_roles(config)
    if not roles:
        return False
    if user.role in roles:
        return True
    return "funding_officer" in roles and permissions.is_any_funding_officer(user)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _digits(code: str) -> str:
    return "".join((code or "").split())


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step (current, previous or next) whose code this is, or None."""
    code = _digits(code)
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(time.time() if now is None else now)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash_recovery_code(code: str) -> str:
    normalised = "".join(ch for ch in (code or "").lower() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(raw)))
    db.session.flush()
    return codes


def confirm_setup(user: User, secret: str, code: str) -> list[str]:
    """Switch the second factor on with `secret` once `code` proves the app has it; returns the
    new recovery codes (the only time they exist in clear)."""
    step = _matching_step(secret, code)
    if step is None:
        raise WrongCode(WRONG_CODE, field="code")
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    audit.record(user, "enable_second_factor", user, {"second_factor": [False, True]})
    return codes


def new_recovery_codes(user: User, password: str) -> list[str]:
    """Replace every recovery code (after the password is confirmed)."""
    if not user.has_second_factor:
        raise DomainError(_l("Two-step sign-in is not switched on."))
    if not user.check_password(password or ""):
        raise DomainError(WRONG_PASSWORD, field="password")
    codes = _new_recovery_codes(user)
    audit.record(user, "new_recovery_codes", user, {"recovery_codes": ["***", "***"]})
    return codes


def unused_recovery_codes(user: User) -> int:
    return len([c for c in user.recovery_codes if c.used_at is None])


def _throttle_key(user: User) -> str:
    return f"second-factor:{user.id}"


def check_attempts(user: User) -> None:
    """TooManySignInAttempts while this account's recent wrong codes demand a wait."""
    check_not_throttled(
        _throttle_key(user),
        lambda seconds: lazy_ngettext(
            "Too many wrong codes. Please wait %(num)d second and try again.",
            "Too many wrong codes. Please wait %(num)d seconds and try again.",
            seconds,
        ),
    )


def record_failure(user: User) -> None:
    db.session.execute(
        delete(SignInFailure).where(SignInFailure.created_at <= utcnow() - SIGN_IN_LOCK)
    )
    db.session.add(SignInFailure(email=_throttle_key(user)))
    db.session.flush()


def _forget_failures(user: User) -> None:
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == _throttle_key(user)))


def verify_code(user: User, code: str) -> None:
    """Accept a current code once; WrongCode (wrong or already used) otherwise."""
    check_attempts(user)
    if not user.has_second_factor:
        raise WrongCode(WRONG_CODE, field="code")
    step = _matching_step(user.totp_secret, code)
    if step is None:
        raise WrongCode(WRONG_CODE, field="code")
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id, (User.totp_last_step.is_(None)) | (User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise WrongCode(USED_CODE, field="code")
    _forget_failures(user)


def use_recovery_code(user: User, code: str) -> None:
    """Accept an unused recovery code once (it is spent); WrongCode otherwise."""
    check_attempts(user)
    if not user.has_second_factor:
        raise WrongCode(WRONG_RECOVERY_CODE, field="code")
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise WrongCode(WRONG_RECOVERY_CODE, field="code")
    _forget_failures(user)
    audit.record(user, "use_recovery_code", user, {"recovery_codes": ["***", "***"]})


def _switch_off(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    _forget_failures(user)


def disable(user: User, password: str, config) -> None:
    """The owner switches the second factor off, confirming with the password."""
    if not user.has_second_factor:
        raise DomainError(_l("Two-step sign-in is not switched on."))
    if not user.check_password(password or ""):
        raise DomainError(WRONG_PASSWORD, field="password")
    if is_required(user, config):
        raise DomainError(
            _l(
                "Two-step sign-in is required for your role and cannot be switched off. The "
                "campaign office can reset it so that you can set it up with a new app."
            )
        )
    _switch_off(user)
    audit.record(user, "disable_second_factor", user, {"second_factor": [True, False]})


def reset(user: User, actor: User) -> None:
    """An admin removes a user's second factor (lost phone and codes); the user signs in with
    the password alone, or must set it up again where it is required."""
    require(permissions.can_manage_users(actor))
    if not user.has_second_factor:
        raise DomainError(_l("This account does not use two-step sign-in."))
    _switch_off(user)
    audit.record(actor, "reset_second_factor", user, {"second_factor": [True, False]})


def has_unused_recovery_codes(user: User) -> bool:
    return (
        db.session.scalar(
            select(RecoveryCode.id)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
            .limit(1)
        )
        is not None
    )


__all__ = [
    "TooManySignInAttempts",
    "WrongCode",
    "check_attempts",
    "confirm_setup",
    "disable",
    "is_required",
    "new_recovery_codes",
    "new_secret",
    "provisioning_uri",
    "record_failure",
    "reset",
    "use_recovery_code",
    "verify_code",
]
