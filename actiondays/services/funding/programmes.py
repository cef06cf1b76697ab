"""Programmes, calls and tiers (admins) and the funding-officer right; reads for the pages."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from actiondays.db import utcnow
from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import (
    ApplicantKind,
    FundingApplication,
    FundingCall,
    FundingProgramme,
    FundingTier,
    ProgrammeKind,
    User,
)
from actiondays.models.funding import COMMITTED_STATES
from actiondays.services import audit, permissions
from actiondays.services.events import STALE_EDIT, StaleEdit
from actiondays.services.funding.decisions import _lock_call, committed_cents
from actiondays.services.funding.money import format_money
from actiondays.services.permissions import require


@dataclass
class ProgrammeData:
    name: str
    kind: str
    campaign_id: int | None
    carrier: str
    description: str
    publishes_amounts: bool


@dataclass
class CallData:
    title: str
    opens_on: date
    closes_on: date
    budget_cents: int
    own_contribution_percent: int
    eligible_applicants: str
    proof_period_days: int
    tiers: list[tuple[str, int]]  # (name, maximum in cents)
    eligible_kinds: list[str] = field(default_factory=list)  # ApplicantKind values; []: all


def _check_programme(data: ProgrammeData, programme: FundingProgramme | None = None) -> None:
    errors = {}
    if not data.name.strip():
        errors["name"] = [str(_l("Please name the programme."))]
    else:
        same_name = select(FundingProgramme.id).where(FundingProgramme.name == data.name.strip())
        if programme is not None:
            same_name = same_name.where(FundingProgramme.id != programme.id)
        if db.session.scalar(same_name):
            errors["name"] = [str(_l("A programme with this name exists already."))]
    if data.kind not in {k.value for k in ProgrammeKind}:
        errors["kind"] = [str(_l("Please choose the kind of programme."))]
    elif data.kind == ProgrammeKind.ACTION_DAYS and data.campaign_id is None:
        errors["campaign_id"] = [str(_l("Action-day funding belongs to a campaign year."))]
    if errors:
        raise ValidationFailed(errors)


def _apply_programme(programme: FundingProgramme, data: ProgrammeData) -> None:
    programme.name = data.name.strip()
    programme.kind = data.kind
    programme.campaign_id = data.campaign_id if data.kind == ProgrammeKind.ACTION_DAYS else None
    programme.carrier = data.carrier.strip()
    programme.description = data.description.strip()
    programme.publishes_amounts = data.publishes_amounts


def create_programme(data: ProgrammeData, actor) -> FundingProgramme:
    """A new programme; action-day funding needs its campaign year."""
    require(permissions.can_manage_funding(actor))
    _check_programme(data)
    programme = FundingProgramme()
    _apply_programme(programme, data)
    db.session.add(programme)
    db.session.flush()
    audit.record(actor, "funding.create_programme", programme, {"name": [None, programme.name]})
    return programme


def update_programme(
    programme: FundingProgramme, data: ProgrammeData, actor, expected_version: int | None
) -> FundingProgramme:
    """Change a programme; `expected_version` is the row version the form was filled from."""
    require(permissions.can_manage_funding(actor))
    if expected_version is not None and expected_version != programme.version:
        raise StaleEdit(STALE_EDIT)
    _check_programme(data, programme)
    before = {
        "name": programme.name,
        "publishes_amounts": programme.publishes_amounts,
        "kind": programme.kind,
    }
    _apply_programme(programme, data)
    programme.updated_at = utcnow()  # moves the row version on every save
    changes = {
        key: [old, getattr(programme, key)]
        for key, old in before.items()
        if old != getattr(programme, key)
    }
    db.session.flush()
    audit.record(actor, "funding.update_programme", programme, changes)
    return programme


def _check_call(data: CallData) -> dict[str, list[str]]:
    errors = {}
    if not data.title.strip():
        errors["title"] = [str(_l("Please give the call a title."))]
    if data.closes_on < data.opens_on:
        errors["closes_on"] = [str(_l("The window must close on or after the day it opens."))]
    if not 0 <= data.own_contribution_percent <= 100:
        errors["own_contribution_percent"] = [str(_l("Please enter a percentage from 0 to 100."))]
    if data.budget_cents <= 0:
        errors["budget"] = [str(_l("Please enter the call's total budget."))]
    names = [name.strip() for name, _cents in data.tiers]
    if not data.tiers:
        errors["tiers"] = [str(_l("Please define at least one tier (name and maximum)."))]
    elif any(cents <= 0 or not name.strip() for name, cents in data.tiers):
        errors["tiers"] = [str(_l("Every tier needs a name and a maximum above 0 €."))]
    elif len(set(names)) != len(names):
        errors["tiers"] = [str(_l("Every tier needs a name of its own."))]
    elif any(cents > data.budget_cents for _, cents in data.tiers):
        errors["tiers"] = [str(_l("A tier's maximum cannot exceed the call's budget."))]
    if data.proof_period_days < 0:
        errors["proof_period_days"] = [str(_l("Please enter a number of days, 0 or more."))]
    if any(kind not in {k.value for k in ApplicantKind} for kind in data.eligible_kinds):
        errors["eligible_kinds"] = [str(_l("Please choose from the listed kinds of applicant."))]
    return errors


def _apply_call(call: FundingCall, data: CallData) -> None:
    call.title = data.title.strip()
    call.opens_on = data.opens_on
    call.closes_on = data.closes_on
    call.budget_cents = data.budget_cents
    call.own_contribution_percent = data.own_contribution_percent
    call.eligible_applicants = data.eligible_applicants.strip()
    call.eligible_kinds = ",".join(k.value for k in ApplicantKind if k.value in data.eligible_kinds)
    call.proof_period_days = data.proof_period_days


def create_call(programme: FundingProgramme, data: CallData, actor) -> FundingCall:
    """A new call with its tiers."""
    require(permissions.can_manage_funding(actor))
    errors = _check_call(data)
    if errors:
        raise ValidationFailed(errors)
    call = FundingCall(
        programme=programme,
        tiers=[FundingTier(name=name.strip(), max_cents=cents) for name, cents in data.tiers],
    )
    _apply_call(call, data)
    db.session.add(call)
    db.session.flush()
    audit.record(actor, "funding.create_call", call, {"title": [None, call.title]})
    return call


def _granted_by_tier(call_id: int) -> dict[int, int]:
    """The largest committed grant per tier of a call (tier id → cents)."""
    rows = db.session.execute(
        select(FundingApplication.tier_id, func.max(FundingApplication.granted_cents))
        .where(
            FundingApplication.call_id == call_id,
            FundingApplication.status.in_(COMMITTED_STATES),
            FundingApplication.tier_id.is_not(None),
        )
        .group_by(FundingApplication.tier_id)
    ).all()
    return {tier_id: int(cents or 0) for tier_id, cents in rows}


def _used_tiers(call_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(FundingApplication.tier_id)
            .where(FundingApplication.call_id == call_id, FundingApplication.tier_id.is_not(None))
            .distinct()
        )
    )


def update_call(
    call: FundingCall, data: CallData, actor, expected_version: int | None
) -> FundingCall:
    """Change a call and its tiers (matched by name). Refused when the new budget is below what
    is already granted, when a tier's new maximum is below a grant in it, or when a tier that
    applications use would disappear. The call's row is locked like an approval's, so an
    approval at the same moment is counted."""
    require(permissions.can_manage_funding(actor))
    locked = _lock_call(call.id)
    if expected_version is not None and expected_version != locked.version:
        raise StaleEdit(STALE_EDIT)
    errors = _check_call(data)
    committed = committed_cents(call.id)
    if "budget" not in errors and data.budget_cents < committed:
        errors["budget"] = [
            str(
                _l(
                    "The budget cannot be lower than the amount already granted in this call "
                    "(%(committed)s).",
                    committed=format_money(committed),
                )
            )
        ]
    tiers = {t.name: t for t in call.tiers}
    wanted = {name.strip(): cents for name, cents in data.tiers}
    if "tiers" not in errors:
        granted = _granted_by_tier(call.id)
        used = _used_tiers(call.id)
        messages = []
        for name, tier in tiers.items():
            if name not in wanted and tier.id in used:
                messages.append(
                    str(
                        _l(
                            "The tier “%(name)s” is used by applications and cannot be removed.",
                            name=name,
                        )
                    )
                )
            elif name in wanted and wanted[name] < granted.get(tier.id, 0):
                messages.append(
                    str(
                        _l(
                            "The maximum of the tier “%(name)s” cannot be lower than an amount "
                            "already granted in it (%(granted)s).",
                            name=name,
                            granted=format_money(granted[tier.id]),
                        )
                    )
                )
        if messages:
            errors["tiers"] = messages
    if errors:
        raise ValidationFailed(errors)
    before = {"budget_cents": call.budget_cents, "title": call.title}
    before_tiers = {n: t.max_cents for n, t in tiers.items()}
    _apply_call(call, data)
    for name, tier in list(tiers.items()):
        if name not in wanted:
            call.tiers.remove(tier)
        else:
            tier.max_cents = wanted[name]
    call.tiers.extend(
        FundingTier(name=name, max_cents=cents)
        for name, cents in wanted.items()
        if name not in tiers
    )
    call.updated_at = utcnow()  # moves the row version, also when only tiers changed
    changes = {k: [old, getattr(call, k)] for k, old in before.items() if old != getattr(call, k)}
    old_tiers = sorted(f"{n}: {cents}" for n, cents in before_tiers.items())
    new_tiers = sorted(f"{n}: {cents}" for n, cents in wanted.items())
    if old_tiers != new_tiers:
        changes["tiers"] = [old_tiers, new_tiers]
    db.session.flush()
    audit.record(actor, "funding.update_call", call, changes)
    return call


def set_officers(programme: FundingProgramme, user_ids: list[int], actor) -> None:
    """Grant the funding-officer right of a programme to exactly these active accounts."""
    require(permissions.can_manage_funding(actor))
    if any(not 0 < user_id < 2**31 for user_id in user_ids):
        raise DomainError(_l("Please choose existing accounts."), field="officers")
    users = db.session.scalars(select(User).where(User.id.in_(user_ids))).all() if user_ids else []
    if len(users) != len(set(user_ids)):
        raise DomainError(_l("Please choose existing accounts."), field="officers")
    before = sorted(u.email for u in programme.officers)
    programme.officers = list(users)
    audit.record(
        actor,
        "funding.set_officers",
        programme,
        {"officers": [before, sorted(u.email for u in users)]},
    )
    db.session.flush()


# ---------------------------------------------------------------- reads


def programmes():
    """Every programme with its calls and officers."""
    return (
        select(FundingProgramme)
        .options(
            selectinload(FundingProgramme.calls).selectinload(FundingCall.tiers),
            selectinload(FundingProgramme.officers),
        )
        .order_by(FundingProgramme.name)
    )


def open_calls(today: date):
    """Calls whose window is open today."""
    return (
        select(FundingCall)
        .where(FundingCall.opens_on <= today, FundingCall.closes_on >= today)
        .options(selectinload(FundingCall.tiers))
        .order_by(FundingCall.closes_on, FundingCall.id)
    )


def _listed(query):
    return query.options(
        selectinload(FundingApplication.event),
        selectinload(FundingApplication.project),
        selectinload(FundingApplication.payouts),
        selectinload(FundingApplication.tier),
    ).order_by(FundingApplication.id.desc())


def applications_of(user):
    """An applicant's own applications."""
    return _listed(select(FundingApplication).where(FundingApplication.applicant_id == user.id))


def applications_for_officer(user):
    """Applications of the programmes this user decides on (reviewers: every application)."""
    query = select(FundingApplication)
    if not permissions.is_reviewer(user):
        ids = [p.id for p in user.funding_programmes]
        query = query.join(FundingCall, FundingCall.id == FundingApplication.call_id).where(
            FundingCall.programme_id.in_(ids)
        )
    return _listed(query)


def call_applications(call: FundingCall):
    """Every application of a call, for the officers' list and the XLSX."""
    return _listed(
        select(FundingApplication)
        .where(FundingApplication.call_id == call.id)
        .options(selectinload(FundingApplication.items), selectinload(FundingApplication.applicant))
    )
