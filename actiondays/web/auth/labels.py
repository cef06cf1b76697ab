"""Readable names for audit actions, shown in item histories."""

from flask_babel import lazy_gettext as _l

from actiondays.services.funding.labels import FUNDING_AUDIT_LABELS

AUDIT_LABELS = {
    "create": _l("Created"),
    "update": _l("Edited"),
    "submit": _l("Submitted for review"),
    "withdraw": _l("Withdrawn into draft"),
    "publish": _l("Approved and published"),
    "reject": _l("Rejected"),
    "cancel": _l("Cancelled"),
    "delete": _l("Deleted"),
    "file_report": _l("Report filed"),
    "update_report": _l("Report updated"),
    "import": _l("Imported"),
    **FUNDING_AUDIT_LABELS,
}


def audit_label(action: str) -> str:
    return str(AUDIT_LABELS.get(action, action))
