"""Post-event reports: filed by the organiser once a published event has taken place. The plain
fields (data object, required values, limits, copying onto the model) come from the field spec
`actiondays.spec.reports`; this module adds the rules between fields. Flushes, never commits."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from actiondays import spec
from actiondays.errors import ValidationFailed
from actiondays.extensions import db
from actiondays.models import Event, Report
from actiondays.services import audit, permissions
from actiondays.services.events import STALE_EDIT, StaleEdit
from actiondays.services.permissions import require
from actiondays.spec.reports import REPORT_FIELDS

MAX_COUNT = 1_000_000


COUNTS = tuple(f.name for f in REPORT_FIELDS if f.kind == "integer")


def _from_report(cls, report: Report) -> "ReportData":
    """The values of a stored report, for pre-filling the form."""
    return cls(**spec.plain_values(REPORT_FIELDS, report))


ReportData = spec.data_class(
    "ReportData",
    REPORT_FIELDS,
    "The plain values of one report, from the form.",
    namespace={"from_report": classmethod(_from_report)},
)


def _check(data: ReportData) -> None:
    errors: dict[str, list] = {}
    for name in COUNTS:
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
    spec.check_plain(
        REPORT_FIELDS, data, lambda name, message: errors.setdefault(name, []).append(message)
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
    spec.apply_plain(REPORT_FIELDS, report, data)
    for name in COUNTS:  # a count left empty by another caller is none counted
        if getattr(report, name) is None:
            setattr(report, name, 0)
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
