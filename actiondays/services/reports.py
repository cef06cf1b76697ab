"""Post-event reports: filed by the organiser once a published event has taken place."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from actiondays.errors import ValidationFailed
from actiondays.extensions import db
from actiondays.models import Event, Report
from actiondays.services import audit, permissions
from actiondays.services.events import STALE_EDIT, StaleEdit
from actiondays.services.permissions import require

MAX_COUNT = 1_000_000


@dataclass
class ReportData:
    participants: int | None = None
    children_reached: int | None = None
    volunteers: int | None = None
    partner_organisations: int | None = None
    partner_names: str = ""
    outcome: str = ""
    continues: bool | None = None


def _check(data: ReportData) -> None:
    errors: dict[str, list] = {}
    for name in ("participants", "children_reached", "volunteers", "partner_organisations"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= MAX_COUNT:
            errors.setdefault(name, []).append(
                _l("Please enter a number between 0 and %(max)d.", max=MAX_COUNT)
            )
    if (
        data.participants is not None
        and data.children_reached is not None
        and data.children_reached > data.participants
    ):
        errors.setdefault("children_reached", []).append(
            _l("More children reached than participants: please check both numbers.")
        )
    if not data.outcome.strip():
        errors.setdefault("outcome", []).append(_l("Please describe the outcome in a few words."))
    if len(data.outcome) > 10_000:
        errors.setdefault("outcome", []).append(
            _l("Please use at most %(max)d characters.", max=10_000)
        )
    if errors:
        raise ValidationFailed(errors)


def file_report(
    event: Event, data: ReportData, actor, *, now: datetime, expected_version: int | None = None
) -> Report:
    """Create or update the event's report; flushes, never commits. An edit based on an older
    version of the report is a `StaleEdit`."""
    require(permissions.can_report_on_event(actor, event, now))
    _check(data)
    report = event.report
    if report is not None and expected_version is not None and expected_version != report.version:
        raise StaleEdit(STALE_EDIT)
    action = "update_report"
    if report is None:
        report = Report(event=event, created_by_id=getattr(actor, "id", None))
        db.session.add(report)
        action = "file_report"
    report.participants = data.participants or 0
    report.children_reached = data.children_reached or 0
    report.volunteers = data.volunteers or 0
    report.partner_organisations = data.partner_organisations or 0
    report.partner_names = data.partner_names.strip() or None
    report.outcome = data.outcome.strip()
    report.continues = data.continues
    changes = audit.changed_fields(report)
    changes.pop("event", None)
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise StaleEdit(STALE_EDIT) from None
    # Recorded on the event, so the report shows up in the event's history.
    audit.record(actor, action, event, changes)
    return report
