"""Readable names of the funding actions in the audit history."""

from flask_babel import lazy_gettext as _l

FUNDING_AUDIT_LABELS = {
    "funding.create": _l("Application created"),
    "funding.update": _l("Application edited"),
    "funding.submit": _l("Application submitted"),
    "funding.withdraw": _l("Application withdrawn into draft"),
    "funding.delete": _l("Draft application deleted"),
    "funding.approve": _l("Approved"),
    "funding.reject": _l("Rejected"),
    "funding.request_changes": _l("Changes requested"),
    "funding.payout": _l("Payout recorded"),
    "funding.submit_proof": _l("Proof of use submitted"),
    "funding.return_proof": _l("Proof of use returned for completion"),
    "funding.close": _l("Proof of use accepted, closed"),
}

_FIELD_LABELS = {
    "status": _l("State"),
    "requested_cents": _l("Requested"),
    "granted_cents": _l("Granted"),
    "payout_cents": _l("Paid out"),
    "reclaim_cents": _l("Reclaimed"),
    "conditions": _l("Conditions"),
    "decision_note": _l("Note of the funding office"),
    "proof_due_on": _l("Proof of use due"),
}


def describe_funding_changes(changes: dict) -> list:
    """An audit entry of an application in words; amounts formatted, IDs and times left out."""
    from actiondays.models.funding import FUNDING_STATE_LABELS, FundingState
    from actiondays.services.funding.money import format_money
    from actiondays.spec.history import SHORT, Change

    def text(key, value):
        if value is None or value == "":
            return "–"
        if key == "status" and value in {s.value for s in FundingState}:
            return str(FUNDING_STATE_LABELS[FundingState(value)])
        if key.endswith("_cents") and isinstance(value, int):
            return format_money(value)
        return str(value)

    from actiondays.spec import history_labels
    from actiondays.spec.funding import APPLICATION_FIELDS

    # The decision's own labels first ("Requested"), then those of the application's fields.
    labels = {**_FIELD_LABELS}
    for key, label in history_labels(APPLICATION_FIELDS).items():
        labels.setdefault(key, label)
    rows = []
    for key, label in labels.items():
        if key not in changes:
            continue
        old, new = (list(changes[key]) + [None, None])[:2]
        old_text, new_text = text(key, old), text(key, new)
        short = len(old_text) <= SHORT and len(new_text) <= SHORT
        rows.append(Change(label, old_text, new_text) if short else Change(label))
    return rows
