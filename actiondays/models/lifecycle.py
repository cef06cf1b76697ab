"""Life cycles: one transition check shared by every state machine of the domain.

The review life cycle of events and projects is the first table; funding applications bring
their own (models/funding.py) and are checked by the same `check_transition`.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from actiondays.db import UTCDateTime, utcnow
from actiondays.errors import InvalidTransition
from actiondays.models.enums import ReviewState

S = ReviewState
ALLOWED_TRANSITIONS: dict[ReviewState, frozenset[ReviewState]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.PUBLISHED, S.REJECTED, S.DRAFT}),
    S.REJECTED: frozenset({S.DRAFT}),
    S.PUBLISHED: frozenset({S.CANCELLED}),
    S.CANCELLED: frozenset(),
}
STATE_LABELS = {
    S.DRAFT: _l("Draft"),
    S.SUBMITTED: _l("Submitted"),
    S.PUBLISHED: _l("Published"),
    S.REJECTED: _l("Rejected"),
    S.CANCELLED: _l("Cancelled"),
}
#: States the public may see: published, and cancelled after publication.
PUBLIC_STATES = (S.PUBLISHED.value, S.CANCELLED.value)


def check_transition(table: dict, labels: dict, old, new) -> None:
    """Raise InvalidTransition unless `table` allows old → new (a first assignment may be any)."""
    if old is not None and old != new and new not in table[type(new)(old)]:
        raise InvalidTransition(
            _l(
                "The state cannot change from “%(old)s” to “%(new)s”.",
                old=labels[type(new)(old)],
                new=labels[new],
            ),
            field="status",
        )


class ReviewLifecycleMixin:
    """State column guarded by ALLOWED_TRANSITIONS; the first assignment may be any state."""

    status: Mapped[str] = mapped_column(
        String(20), default=S.DRAFT.value, index=True, active_history=True
    )
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @validates("status")
    def _check_transition(self, _key, new):
        new = ReviewState(new)
        # self.status loads an expired value, so the rule also holds after commit
        check_transition(ALLOWED_TRANSITIONS, STATE_LABELS, self.status, new)
        return new.value

    @property
    def state(self) -> ReviewState:
        return ReviewState(self.status)

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATES

    def submit(self) -> None:
        self.status = S.SUBMITTED
        self.submitted_at = utcnow()

    def publish(self) -> None:
        self.status = S.PUBLISHED
        self.rejection_reason = None
        self.published_at = self.published_at or utcnow()

    def reject(self, reason: str) -> None:
        if not reason or not reason.strip():
            raise InvalidTransition(_l("Please give a reason for the rejection."), field="reason")
        self.status = S.REJECTED
        self.rejection_reason = reason.strip()

    def cancel(self, reason: str) -> None:
        if not reason or not reason.strip():
            raise InvalidTransition(
                _l("Please give a reason for the cancellation."), field="reason"
            )
        self.status = S.CANCELLED
        self.cancellation_reason = reason.strip()
        self.cancelled_at = utcnow()

    def return_to_draft(self) -> None:
        self.status = S.DRAFT
