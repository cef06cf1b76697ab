"""Readable names of the funding actions in the audit history."""

from flask_babel import lazy_gettext as _l

FUNDING_AUDIT_LABELS = {
    "funding.create": _l("Application created"),
    "funding.update": _l("Application edited"),
    "funding.submit": _l("Application submitted"),
    "funding.withdraw": _l("Application withdrawn into draft"),
    "funding.approve": _l("Approved"),
    "funding.reject": _l("Rejected"),
    "funding.request_changes": _l("Changes requested"),
    "funding.payout": _l("Payout recorded"),
    "funding.submit_proof": _l("Proof of use submitted"),
    "funding.return_proof": _l("Proof of use returned for completion"),
    "funding.close": _l("Proof of use accepted, closed"),
}
