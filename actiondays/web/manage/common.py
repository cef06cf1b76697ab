"""Small helpers of the working areas: the local clock, domain errors on forms and the one
write flow every form and button shares (service call → commit → flash → redirect)."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask import flash, redirect, request
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from actiondays.db import utcnow
from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models.event import BERLIN
from actiondays.services.events import STALE_EDIT, StaleEdit
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


def save_form(
    form, act: Callable[[], Any], message: str, target: Callable[[Any], str]
) -> tuple[Response | None, int]:
    """Once `form` validates: the one service call `act()`, commit, flash `message` and redirect
    to `target(result)`. A domain error is rolled back and its messages go next to the fields.

    Returns the redirect, or None and the status to re-render the page with: 200 (nothing sent),
    409 (someone else changed the item meanwhile), 422 (messages on the form).
    """
    if form.validate_on_submit():
        try:
            result = act()
        except StaleEdit as error:
            db.session.rollback()
            show_errors(form, error)
            return None, 409
        except StaleDataError:  # a concurrent save won the row version between read and write
            db.session.rollback()
            show_errors(form, StaleEdit(STALE_EDIT))
            return None, 409
        except DomainError as error:
            db.session.rollback()
            show_errors(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(target(result)), 200
    return None, 422 if form.errors else 200


def run_action(act: Callable[[], Any], message: str) -> bool:
    """A state-changing button: the one service call `act()`, commit and flash `message`; a
    domain error is rolled back and flashed instead. Whether it worked."""
    try:
        act()
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    db.session.commit()
    flash(message, "success")
    return True


def confirmed(form) -> bool:
    """Whether a ConfirmForm came with its box ticked; if not, say so (the caller answers 422)."""
    if not form.validate_on_submit():
        return False
    if request.form.get("confirm") != "y":  # the box's value, not just any non-empty text
        flash(_("Nothing has been changed: please tick the box to confirm this step."), "error")
        return False
    return True
