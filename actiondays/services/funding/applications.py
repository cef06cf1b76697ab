"""Applications: cost plan, financing plan, tier, bank details; draft → submitted.

The rules hold for the form and for every other caller alike: amounts are whole cents and not
negative, the cost plan equals the financing plan, the own contribution reaches the call's
percentage, the requested amount fits a tier of the call, the IBAN passes its checksum.
"""

import logging
from dataclasses import field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from actiondays import spec
from actiondays.db import utcnow
from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import (
    ApplicantKind,
    Event,
    FundingApplication,
    FundingCall,
    FundingCostItem,
    Project,
)
from actiondays.services import audit, permissions
from actiondays.services.events import STALE_EDIT, StaleEdit
from actiondays.services.funding.money import MAX_CENTS, format_money
from actiondays.services.permissions import require
from actiondays.spec.funding import APPLICATION_FIELDS, COST_ITEM_FIELDS
from actiondays.spec.parsers import BAD_IBAN, BAD_IBAN_CHECKSUM, ParseError, parse_iban

__all__ = ["BAD_IBAN", "BAD_IBAN_CHECKSUM"]  # the messages live with the shared IBAN parser

log = logging.getLogger(__name__)

CostItemData = spec.data_class(
    "CostItemData", COST_ITEM_FIELDS, "One row of the cost plan; the amount in cents."
)


def _from_application(cls, application: FundingApplication) -> "ApplicationData":
    """The values of a stored application, for pre-filling the edit form."""
    subject = (
        f"event:{application.event_id}"
        if application.event_id
        else f"project:{application.project_id}"
    )
    return cls(
        subject=subject,
        iban=application.iban,
        applicant_kind=application.applicant_kind or "",
        items=[CostItemData(**spec.plain_values(COST_ITEM_FIELDS, i)) for i in application.items],
        **spec.plain_values(APPLICATION_FIELDS, application),
    )


ApplicationData = spec.data_class(
    "ApplicationData",
    APPLICATION_FIELDS,
    "What an applicant enters; `subject` is 'event:<id>' or 'project:<id>', amounts already "
    "parsed into cents by the form.",
    namespace={"from_application": classmethod(_from_application)},
    extra=[
        ("items", list[CostItemData], field(default_factory=list)),
        # an ApplicantKind value, or "" if not given; checked against the call's eligible kinds
        ("applicant_kind", str, field(default="")),
    ],
)


def normalise_iban(text: str) -> str:
    """The IBAN in its compact form; raises DomainError with the German checksum message."""
    try:
        return parse_iban(text)
    except ParseError as error:
        raise DomainError(error.message, field="iban") from None


def _subject(actor, subject: str) -> Event | Project:
    """The event or project applied for: it must exist and lie in the actor's regions."""
    kind, _, raw_id = (subject or "").partition(":")
    model = {"event": Event, "project": Project}.get(kind)
    valid_id = raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 10
    item = db.session.get(model, int(raw_id)) if model and valid_id else None
    if item is None or item.region_id is None:
        raise DomainError(_l("Please choose one of your events or projects."), field="subject")
    require(permissions.can_act_for_region(actor, item.region_id))
    return item


def check_plan(call: FundingCall, data: ApplicationData) -> dict[str, list[str]]:
    """Every rule of the cost and financing plan, as {field: [messages]}."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(str(message))

    amounts = [data.own_funds_cents, data.other_funding_cents, data.requested_cents]
    if any(a < 0 for a in amounts + [i.amount_cents for i in data.items]):
        add("requested", _l("Amounts must not be negative."))
    if not data.items:
        add("items", _l("Please list at least one item of the cost plan."))
    for index, item in enumerate(data.items):
        spec.check_plain(
            COST_ITEM_FIELDS, item, lambda name, message, i=index: add(f"items-{i}-{name}", message)
        )
    total = sum(i.amount_cents for i in data.items)
    if total > MAX_CENTS:
        add("items", _l("The cost plan is too large."))
    financing = sum(amounts)
    if data.items and financing != total:
        add(
            "requested",
            _l(
                "The financing plan (%(financing)s) does not balance the cost plan (%(total)s).",
                financing=format_money(financing),
                total=format_money(total),
            ),
        )
    if data.requested_cents <= 0:
        add("requested", _l("Please enter the amount you request."))
    elif call.tier_for(data.requested_cents) is None:
        top = max((t.max_cents for t in call.tiers), default=0)
        add(
            "requested",
            _l(
                "The requested amount is above the highest tier of this call (%(max)s).",
                max=format_money(top),
            ),
        )
    needed = -(-total * call.own_contribution_percent // 100)  # rounded up to the cent
    if data.own_funds_cents < needed:
        add(
            "own_funds",
            _l(
                "This call requires an own contribution of %(percent)s %% of the costs, "
                "that is at least %(amount)s.",
                percent=call.own_contribution_percent,
                amount=format_money(needed),
            ),
        )
    return errors


def eligibility_error(call: FundingCall, kind: str | None):
    """The message when an organisation of this kind may not apply to the call, else None."""
    if kind and kind not in {k.value for k in ApplicantKind}:
        return _l("Please choose the kind of your organisation from the list.")
    if call.admits(kind):
        return None
    return _l(
        "This call is open only to: %(kinds)s. Please choose the kind of your organisation.",
        kinds=", ".join(str(label) for label in call.eligible_kind_labels),
    )


def _check(call: FundingCall, data: ApplicationData) -> tuple[dict[str, list[str]], str | None]:
    errors = check_plan(call, data)
    not_eligible = eligibility_error(call, data.applicant_kind)
    if not_eligible is not None:
        errors.setdefault("applicant_kind", []).append(str(not_eligible))
    iban = None
    try:
        iban = normalise_iban(data.iban)
    except DomainError as error:
        errors.setdefault("iban", []).append(str(error.message))
    spec.check_plain(
        APPLICATION_FIELDS,
        data,
        lambda name, message: errors.setdefault(name, []).append(str(message)),
    )
    return errors, iban


def _apply(application: FundingApplication, call: FundingCall, data: ApplicationData, iban: str):
    spec.apply_plain(APPLICATION_FIELDS, application, data)
    application.applicant_kind = data.applicant_kind or None
    application.iban = iban
    application.tier = call.tier_for(data.requested_cents)
    items = []
    for index, item in enumerate(data.items):
        row = FundingCostItem(position=index)
        spec.apply_plain(COST_ITEM_FIELDS, row, item)
        items.append(row)
    application.items = items


def create_application(
    call: FundingCall, data: ApplicationData, actor, today, form_token: str | None = None
) -> FundingApplication:
    """Save a new application as a draft (once per form token)."""
    if form_token:
        existing = db.session.scalar(
            select(FundingApplication).where(FundingApplication.form_token == form_token)
        )
        if existing is not None:
            return existing
    if not call.is_open(today):
        raise DomainError(_l("This call is not open for applications."), field="call")
    subject = _subject(actor, data.subject)
    errors, iban = _check(call, data)
    if errors:
        raise ValidationFailed(errors)
    application = FundingApplication(
        call=call,
        event=subject if isinstance(subject, Event) else None,
        project=subject if isinstance(subject, Project) else None,
        region_id=subject.region_id,
        applicant_id=actor.id,
        form_token=form_token,
        status="draft",
    )
    _apply(application, call, data, iban)
    db.session.add(application)
    db.session.flush()
    audit.record(
        actor, "funding.create", application, {"requested_cents": [None, data.requested_cents]}
    )
    db.session.flush()
    return application


def update_application(
    application: FundingApplication,
    data: ApplicationData,
    actor,
    expected_version: int | None = None,
) -> None:
    """Change a draft (or an application sent back for changes); `expected_version` is the
    row version the form was filled from (another save meanwhile: StaleEdit)."""
    require(permissions.can_edit_application(actor, application))
    if expected_version is not None and expected_version != application.version:
        raise StaleEdit(STALE_EDIT)
    subject = _subject(actor, data.subject)
    errors, iban = _check(application.call, data)
    if errors:
        raise ValidationFailed(errors)
    application.event = subject if isinstance(subject, Event) else None
    application.project = subject if isinstance(subject, Project) else None
    application.region_id = subject.region_id
    before = application.requested_cents
    _apply(application, application.call, data, iban)
    # Every save moves the row version, also one that changed only cost items (child rows).
    application.updated_at = utcnow()
    audit.record(
        actor, "funding.update", application, {"requested_cents": [before, data.requested_cents]}
    )
    db.session.flush()


def submit_application(application: FundingApplication, actor) -> None:
    """Hand the application to the programme's funding officers."""
    require(permissions.can_submit_application(actor, application))
    not_eligible = eligibility_error(application.call, application.applicant_kind)
    if not_eligible is not None:  # the call's conditions changed since the draft was saved
        raise DomainError(not_eligible, field="applicant_kind")
    application.status = "submitted"
    application.submitted_at = utcnow()
    audit.record(actor, "funding.submit", application, {"status": ["draft", "submitted"]})
    db.session.flush()


def withdraw_application(application: FundingApplication, actor) -> None:
    """Take a submitted application back into draft."""
    require(permissions.can_withdraw_application(actor, application))
    application.status = "draft"
    audit.record(actor, "funding.withdraw", application, {"status": ["submitted", "draft"]})
    db.session.flush()


def delete_application(application: FundingApplication, actor) -> None:
    """Delete one's own draft for good (the audit log keeps that it existed)."""
    require(permissions.can_delete_application(actor, application))
    audit.record(
        actor,
        "funding.delete",
        application,
        {
            "status": [application.status, None],
            "requested_cents": [application.requested_cents, None],
        },
    )
    db.session.delete(application)
    db.session.flush()


def subjects_for(actor) -> tuple[list[Event], list[Project]]:
    """The events and projects an applicant may apply for: their regions', not cancelled."""
    ids = permissions.region_ids(actor)
    if permissions.is_reviewer(actor):
        return [], []
    events = db.session.scalars(
        select(Event)
        .where(Event.region_id.in_(ids), Event.status != "cancelled")
        .order_by(Event.starts_on.desc(), Event.title)
        .limit(200)
    ).all()
    projects = db.session.scalars(
        select(Project)
        .where(Project.region_id.in_(ids), Project.status != "cancelled")
        .order_by(Project.name)
        .limit(200)
    ).all()
    return list(events), list(projects)
