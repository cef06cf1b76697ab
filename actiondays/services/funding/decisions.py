"""Decisions, payouts and proof of use: the funding officers' side of an application.

An approval locks the call's row (SELECT … FOR UPDATE) before it sums the commitments, so two
officers approving at the same moment are serialised by the database and the budget is never
over-committed. SQLite locks the whole database on write, which serialises them as well.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from actiondays.db import utcnow
from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import FundingApplication, FundingCall, FundingPayout, FundingState
from actiondays.models.funding import COMMITTED_STATES
from actiondays.services import audit, permissions
from actiondays.services.funding.money import format_money
from actiondays.services.permissions import require

log = logging.getLogger(__name__)
F = FundingState


def committed_cents(call_id: int, exclude_id: int | None = None) -> int:
    """The sum granted in a call (approved and later states), in SQL."""
    query = select(func.coalesce(func.sum(FundingApplication.granted_cents), 0)).where(
        FundingApplication.call_id == call_id,
        FundingApplication.status.in_(COMMITTED_STATES),
    )
    if exclude_id is not None:
        query = query.where(FundingApplication.id != exclude_id)
    return int(db.session.scalar(query))


def _lock_call(call_id: int) -> FundingCall:
    """Lock the call's row until the transaction ends; concurrent approvals wait here."""
    db.session.execute(select(FundingCall.id).where(FundingCall.id == call_id).with_for_update())
    return db.session.get(FundingCall, call_id, populate_existing=True)


def approve(
    application: FundingApplication,
    actor,
    granted_cents: int,
    conditions: str,
    proof_due_on: date | None,
    today: date,
) -> None:
    """Grant an amount (at most the request, the tier's maximum and the remaining budget)."""
    call = _lock_call(application.call_id)
    # After the lock every earlier approval is committed and visible: reload the application.
    db.session.refresh(application)
    require(permissions.can_decide_application(actor, application))
    errors: dict[str, list[str]] = {}
    if granted_cents <= 0:
        errors["granted"] = [str(_l("Please enter the granted amount."))]
    elif granted_cents > application.requested_cents:
        errors["granted"] = [
            str(
                _l(
                    "The granted amount may not exceed the requested amount (%(amount)s).",
                    amount=format_money(application.requested_cents),
                )
            )
        ]
    else:
        tier_max = max((t.max_cents for t in call.tiers), default=0)
        if application.tier is not None:
            tier_max = application.tier.max_cents
        remaining = call.budget_cents - committed_cents(call.id)
        if granted_cents > tier_max:
            errors["granted"] = [
                str(
                    _l(
                        "The granted amount is above the tier's maximum of %(max)s.",
                        max=format_money(tier_max),
                    )
                )
            ]
        elif granted_cents > remaining:
            errors["granted"] = [
                str(
                    _l(
                        "The granted amount exceeds the remaining budget of the call "
                        "(%(remaining)s).",
                        remaining=format_money(max(remaining, 0)),
                    )
                )
            ]
    if proof_due_on is not None and proof_due_on < today:
        errors["proof_due_on"] = [str(_l("The deadline for the proof of use lies in the past."))]
    if errors:
        raise ValidationFailed(errors)
    application.status = F.APPROVED
    application.granted_cents = granted_cents
    application.conditions = (conditions or "").strip()
    application.decision_note = None
    application.proof_due_on = proof_due_on or today + timedelta(days=call.proof_period_days)
    application.decided_at = utcnow()
    application.decided_by_id = actor.id
    audit.record(actor, "funding.approve", application)
    db.session.flush()
    log.info(
        "approved application %s with %s cents by %s", application.id, granted_cents, actor.email
    )


def _decide_with_note(application, actor, state: FundingState, note: str, action: str) -> None:
    require(permissions.can_decide_application(actor, application))
    if not (note or "").strip():
        raise DomainError(_l("Please give a reason."), field="note")
    application.status = state
    application.decision_note = note.strip()
    application.decided_at = utcnow()
    application.decided_by_id = actor.id
    audit.record(actor, action, application)
    db.session.flush()


def reject(application: FundingApplication, actor, reason: str) -> None:
    """Refuse the application with a reason; it stays rejected."""
    _decide_with_note(application, actor, F.REJECTED, reason, "funding.reject")


def request_changes(application: FundingApplication, actor, note: str) -> None:
    """Send the application back to the applicant with what to change."""
    _decide_with_note(application, actor, F.CHANGES_REQUESTED, note, "funding.request_changes")


def record_payout(
    application: FundingApplication, actor, amount_cents: int, paid_on: date
) -> FundingPayout:
    """Record a payout of (part of) the granted amount; the total never exceeds the grant
    (the call's row lock serialises two officers paying out at once)."""
    _lock_call(application.call_id)
    db.session.refresh(application)
    require(permissions.can_record_payout(actor, application))
    open_cents = (application.granted_cents or 0) - application.paid_cents
    if amount_cents <= 0:
        raise DomainError(_l("Please enter the amount paid out."), field="amount")
    if amount_cents > open_cents:
        raise DomainError(
            _l(
                "The payout exceeds the granted amount not yet paid (%(amount)s).",
                amount=format_money(open_cents),
            ),
            field="amount",
        )
    payout = FundingPayout(
        amount_cents=amount_cents, paid_on=paid_on, created_by_id=actor.id, created_at=utcnow()
    )
    application.payouts.append(payout)
    if application.state == F.APPROVED:
        application.status = F.PAID_OUT
    audit.record(actor, "funding.payout", application, {"payout_cents": [None, amount_cents]})
    db.session.flush()
    return payout


@dataclass
class ProofData:
    actual_cents: list[int]  # one per cost item, in order
    actual_own_funds_cents: int
    actual_other_funding_cents: int
    report: str


def submit_proof(application: FundingApplication, actor, data: ProofData) -> None:
    """The Verwendungsnachweis: actual costs per item, actual financing, factual report."""
    require(permissions.can_submit_proof(actor, application))
    errors: dict[str, list[str]] = {}
    if len(data.actual_cents) != len(application.items):
        errors["items"] = [str(_l("Please give the actual cost of every item."))]
    if any(
        c < 0
        for c in [*data.actual_cents, data.actual_own_funds_cents, data.actual_other_funding_cents]
    ):
        errors["items"] = [str(_l("Amounts must not be negative."))]
    has_event_report = application.event is not None and application.event.report is not None
    if not data.report.strip() and not has_event_report:
        errors["report"] = [str(_l("Please describe what was done with the funds."))]
    if errors:
        raise ValidationFailed(errors)
    for item, cents in zip(application.items, data.actual_cents, strict=True):
        item.actual_cents = cents
    application.actual_own_funds_cents = data.actual_own_funds_cents
    application.actual_other_funding_cents = data.actual_other_funding_cents
    application.proof_report = data.report.strip()
    application.proof_submitted_at = utcnow()
    application.status = F.PROOF_SUBMITTED
    audit.record(
        actor, "funding.submit_proof", application, {"status": ["paid_out", "proof_submitted"]}
    )
    db.session.flush()


def suggested_reclaim(application: FundingApplication) -> int:
    """Funds not needed: paid out minus (actual costs minus actual own and other funding)."""
    actual = application.actual_cost_cents
    if actual is None:
        return 0
    needed = (
        actual
        - (application.actual_own_funds_cents or 0)
        - (application.actual_other_funding_cents or 0)
    )
    return max(application.paid_cents - max(needed, 0), 0)


def assess_proof(
    application: FundingApplication, actor, accept: bool, reclaim_cents: int, note: str = ""
) -> None:
    """Accept the proof of use and close, with a reclaim of an unspent part (may be 0), or
    return it to the applicant for completion."""
    require(permissions.can_assess_proof(actor, application))
    if not accept:
        if not (note or "").strip():
            raise DomainError(_l("Please say what is missing."), field="note")
        application.status = F.PAID_OUT
        application.decision_note = note.strip()
        audit.record(actor, "funding.return_proof", application)
        db.session.flush()
        return
    if reclaim_cents < 0 or reclaim_cents > application.paid_cents:
        raise DomainError(
            _l(
                "The reclaim must lie between 0 and the amount paid out (%(amount)s).",
                amount=format_money(application.paid_cents),
            ),
            field="reclaim",
        )
    application.reclaim_cents = reclaim_cents
    application.status = F.CLOSED
    application.closed_at = utcnow()
    audit.record(actor, "funding.close", application)
    db.session.flush()


def due_proofs_of_use(today: date, within_days: int = 0) -> list[FundingApplication]:
    """Applications whose proof of use is due by `today + within_days` and not yet submitted.

    For the mail work's reminders: paid out, deadline reached (or near), no proof yet.
    """
    return list(
        db.session.scalars(
            select(FundingApplication)
            .where(
                FundingApplication.status == F.PAID_OUT.value,
                FundingApplication.proof_due_on <= today + timedelta(days=within_days),
            )
            .order_by(FundingApplication.proof_due_on, FundingApplication.id)
        )
    )
