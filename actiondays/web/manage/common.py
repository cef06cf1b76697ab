"""Small helpers of the organisers' area: the local clock and domain errors on forms."""

from datetime import date, datetime

from actiondays.db import utcnow
from actiondays.models.event import BERLIN
from actiondays.services.errors import DomainError, ValidationFailed
from actiondays.web.helpers import add_form_error


def today() -> date:
    """Today in Europe/Berlin, the campaign's calendar."""
    return datetime.now(BERLIN).date()


def now() -> datetime:
    return utcnow()


def show_errors(form, error: DomainError) -> None:
    """Every message of a (multi-field) domain error next to its field."""
    if isinstance(error, ValidationFailed):
        for name, messages in error.errors.items():
            for message in messages:
                add_form_error(form, DomainError(message, field=name))
    else:
        add_form_error(form, error)
