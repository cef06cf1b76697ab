"""What a new password must be: at least MIN_LENGTH characters and not a common password.

The common passwords are zxcvbn's list of the 30,000 most frequent leaked passwords
(`zxcvbn.frequency_lists`), shipped by the package; nothing is fetched at run time.
"""

from functools import cache

from flask_babel import lazy_gettext as _l

from actiondays.errors import DomainError

MIN_LENGTH = 12
_SEQUENCES = (
    "0123456789012345678901234567890",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
)


@cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    """A leaked favourite, one repeated character, or a plain run such as 123456789012."""
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2:
        return True
    return any(lowered in run or lowered in run[::-1] for run in _SEQUENCES)


def check_new_password(password: str, field: str) -> None:
    """DomainError (on `field`) unless the password is long enough and not a common one."""
    if len(password) < MIN_LENGTH:
        raise DomainError(
            _l("The password must be at least %(min)d characters long.", min=MIN_LENGTH),
            field=field,
        )
    if is_common(password):
        raise DomainError(
            _l(
                "This password is one of the most common passwords and easy to guess. Please "
                "choose another one."
            ),
            field=field,
        )
