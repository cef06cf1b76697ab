"""An item's history in words: the audit entry's keys named by the field spec's labels, in the
reader's language, with old → new for short values. Pure: no queries, no Flask request."""

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from actiondays.models.event import EVENT_KIND_LABELS
from actiondays.models.lifecycle import STATE_LABELS
from actiondays.spec import Field, history_labels

SHORT = 80
"""Values up to this many characters are shown as old → new; longer ones only as "changed"."""

LIFECYCLE_LABELS = {
    "status": _l("Status"),
    "rejection_reason": _l("Reason for rejection"),
    "cancellation_reason": _l("Reason for cancellation"),
}
# Bookkeeping the history does not show: it says nothing a reader could act on.
HIDDEN = {
    "id",
    "uid",
    "sequence",
    "version",
    "form_token",
    "created_by_id",
    "created_by",
    "created_at",
    "updated_at",
    "submitted_at",
    "published_at",
    "cancelled_at",
    "event_id",
    "report",
    "events",
}


@dataclass(frozen=True)
class Change:
    """One changed field: its label, and old and new value when both are short."""

    label: Any
    old: str | None = None
    new: str | None = None

    @property
    def shows_values(self) -> bool:
        return self.old is not None or self.new is not None


def _text(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if key == "status":
        return str(STATE_LABELS.get(value, value))
    if key == "kind":
        return str(EVENT_KIND_LABELS.get(value, value))
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def describe(changes: dict, fields: tuple[Field, ...]) -> list[Change]:
    """The changes of one audit entry as labelled rows, in spec order, lifecycle keys last."""
    labels = {**history_labels(fields), **LIFECYCLE_LABELS}
    order = {key: index for index, key in enumerate(labels)}
    seen_labels = set()
    rows = []
    for key in sorted(changes, key=lambda k: order.get(k, len(order))):
        if key in HIDDEN or key.endswith("_id") and key not in labels:
            continue
        label = labels.get(key, key)
        if str(label) in seen_labels:  # e.g. region and region_id: one row
            continue
        seen_labels.add(str(label))
        old, new = (list(changes[key]) + [None, None])[:2]
        old_text, new_text = _text(key, old), _text(key, new)
        if len(old_text) <= SHORT and len(new_text) <= SHORT:
            rows.append(Change(label, old_text, new_text))
        else:
            rows.append(Change(label))
    return rows
