"""The write flow of the funding forms: service call → commit → flash → redirect, with every
domain message next to its field (also inside the cost-plan rows)."""

from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.services.events import StaleEdit


def _field(form, name: str):
    """'requested' or 'items-2-amount' → the (nested) field, or None."""
    node = form
    for part in name.split("-"):
        try:
            node = node[int(part)] if part.isdigit() else node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def show_errors(form, error: DomainError) -> None:
    """Every message of a domain error next to its field, or above the form."""
    errors = error.errors if isinstance(error, ValidationFailed) else {error.field: [error.message]}
    for name, messages in errors.items():
        target = _field(form, name) if name else None
        for message in messages:
            if target is not None and hasattr(target, "errors"):
                target.errors = [*target.errors, str(message)]
            else:
                form.form_errors.append(str(message))


def save(form, act: Callable[[], Any], message: str, target: Callable[[Any], str]):
    """(redirect, 200) after a committed change, or (None, status) to re-render the page:
    200 nothing sent, 409 someone else changed it meanwhile, 422 messages on the form."""
    if form.validate_on_submit():
        try:
            result = act()
        except StaleEdit as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
            return None, 409
        except StaleDataError:
            db.session.rollback()
            form.form_errors.append(
                _("Someone else changed this application meanwhile. Please reload the page.")
            )
            return None, 409
        except DomainError as error:
            db.session.rollback()
            show_errors(form, error)
            return None, 422
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(target(result)), 200
    has_errors = bool(form.errors) or bool(form.form_errors)
    return None, 422 if has_errors else 200


def flat_errors(form) -> list[tuple[str | None, str, str]]:
    """Every error of a form, nested rows included, as (field id, label, message)."""
    found: list[tuple[str | None, str, str]] = []

    def walk(fields):
        for f in fields:
            if hasattr(f, "entries"):  # FieldList
                walk(f.entries)
            elif hasattr(f, "form") and hasattr(f.form, "_fields"):  # FormField
                walk(f.form)
            else:
                for message in f.errors if isinstance(f.errors, list | tuple) else []:
                    found.append((f.id, str(f.label.text), str(message)))

    walk(form)
    found.extend((None, "", str(message)) for message in form.form_errors)
    return found
