"""Programmes, calls and tiers (admins) and the funding-officer right; reads for the pages."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import (
    FundingApplication,
    FundingCall,
    FundingProgramme,
    FundingTier,
    ProgrammeKind,
    User,
)
from actiondays.services import audit, permissions
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


def create_programme(data: ProgrammeData, actor) -> FundingProgramme:
    """A new programme; action-day funding needs its campaign year."""
    require(permissions.can_manage_funding(actor))
    errors = {}
    if not data.name.strip():
        errors["name"] = [str(_l("Please name the programme."))]
    elif db.session.scalar(
        select(FundingProgramme.id).where(FundingProgramme.name == data.name.strip())
    ):
        errors["name"] = [str(_l("A programme with this name exists already."))]
    if data.kind not in {k.value for k in ProgrammeKind}:
        errors["kind"] = [str(_l("Please choose the kind of programme."))]
    elif data.kind == ProgrammeKind.ACTION_DAYS and data.campaign_id is None:
        errors["campaign_id"] = [str(_l("Action-day funding belongs to a campaign year."))]
    if errors:
        raise ValidationFailed(errors)
    programme = FundingProgramme(
        name=data.name.strip(),
        kind=data.kind,
        campaign_id=data.campaign_id if data.kind == ProgrammeKind.ACTION_DAYS else None,
        carrier=data.carrier.strip(),
        description=data.description.strip(),
        publishes_amounts=data.publishes_amounts,
    )
    db.session.add(programme)
    db.session.flush()
    audit.record(actor, "funding.create_programme", programme, {"name": [None, programme.name]})
    return programme


def create_call(programme: FundingProgramme, data: CallData, actor) -> FundingCall:
    """A new call with its tiers."""
    require(permissions.can_manage_funding(actor))
    errors = {}
    if not data.title.strip():
        errors["title"] = [str(_l("Please give the call a title."))]
    if data.closes_on < data.opens_on:
        errors["closes_on"] = [str(_l("The window must close on or after the day it opens."))]
    if not 0 <= data.own_contribution_percent <= 100:
        errors["own_contribution_percent"] = [str(_l("Please enter a percentage from 0 to 100."))]
    if data.budget_cents <= 0:
        errors["budget"] = [str(_l("Please enter the call's total budget."))]
    if not data.tiers:
        errors["tiers"] = [str(_l("Please define at least one tier (name and maximum)."))]
    elif any(cents <= 0 or not name.strip() for name, cents in data.tiers):
        errors["tiers"] = [str(_l("Every tier needs a name and a maximum above 0 €."))]
    elif any(cents > data.budget_cents for _, cents in data.tiers):
        errors["tiers"] = [str(_l("A tier's maximum cannot exceed the call's budget."))]
    if data.proof_period_days < 0:
        errors["proof_period_days"] = [str(_l("Please enter a number of days, 0 or more."))]
    if errors:
        raise ValidationFailed(errors)
    call = FundingCall(
        programme=programme,
        title=data.title.strip(),
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        budget_cents=data.budget_cents,
        own_contribution_percent=data.own_contribution_percent,
        eligible_applicants=data.eligible_applicants.strip(),
        proof_period_days=data.proof_period_days,
        tiers=[FundingTier(name=name.strip(), max_cents=cents) for name, cents in data.tiers],
    )
    db.session.add(call)
    db.session.flush()
    audit.record(actor, "funding.create_call", call, {"title": [None, call.title]})
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
