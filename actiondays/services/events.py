"""Registering and editing events; every rule of the event form lives here, so the form and the
bulk import fail with the same sentences. The plain fields (data object, required values,
limits, copying onto the model) come from the field spec `actiondays.spec.events`; this module
adds the rules that need the database or several fields. Flushes, never commits."""

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from actiondays import spec
from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import (
    Campaign,
    Event,
    EventKind,
    Project,
    Region,
    ReviewState,
    Theme,
)
from actiondays.models.event import BERLIN
from actiondays.services import audit, permissions, transitions
from actiondays.services.permissions import require
from actiondays.spec.events import EVENT_FIELDS
from actiondays.spec.parsers import ParseError, local_instant

log = logging.getLogger(__name__)

POSTAL_CODE = re.compile(r"\d{5}", re.ASCII)
MAX_AGE = 27
STALE_EDIT = _l(
    "Someone else changed this item while you were editing it. Please reload the page, check "
    "the current version and make your changes again."
)


class StaleEdit(DomainError):
    """The form was based on an older version of the item (optimistic locking)."""


def _from_event(cls, event: Event) -> "EventData":
    """The values of a stored event, for pre-filling the edit form."""
    start, end = event.local_start, event.local_end
    return cls(
        campaign_id=event.campaign_id,
        region_id=event.region_id,
        project_id=event.project_id,
        theme_ids=[t.id for t in event.themes],
        is_all_day=event.is_all_day,
        start_date=event.starts_on,
        start_time=None if event.is_all_day else start.time().replace(tzinfo=None),
        end_date=event.ends_on,
        end_time=None if event.is_all_day else end.time().replace(tzinfo=None),
        **spec.plain_values(EVENT_FIELDS, event),
    )


EventData = spec.data_class(
    "EventData",
    EVENT_FIELDS,
    "The plain values of one event, from the form or from an import row.",
    namespace={"from_event": classmethod(_from_event)},
)


@dataclass
class _Resolved:
    campaign: Campaign | None = None
    region: Region | None = None
    project: Project | None = None
    themes: list[Theme] = field(default_factory=list)
    starts: datetime | None = None
    ends: datetime | None = None


def is_valid_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def is_valid_email(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


class _Errors(dict):
    def add(self, name: str, message) -> None:
        self.setdefault(name, []).append(message)


def _check_shape(data: EventData, errors: _Errors) -> None:
    spec.check_plain(EVENT_FIELDS, data, errors.add)
    if data.kind not in {k.value for k in EventKind}:
        errors.add("kind", _l("Please choose the kind of event."))
    if not data.theme_ids:
        errors.add("themes", _l("Please choose at least one theme."))
    if not POSTAL_CODE.fullmatch(data.venue_postal_code.strip()):
        errors.add("venue_postal_code", _l("Please enter a postal code of five digits."))
    if (data.latitude is None) != (data.longitude is None):
        errors.add("longitude", _l("Please enter both coordinates or neither."))
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        errors.add("latitude", _l("The latitude must lie between -90 and 90."))
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        errors.add("longitude", _l("The longitude must lie between -180 and 180."))
    if data.contact_email.strip() and not is_valid_email(data.contact_email.strip()):
        errors.add("contact_email", _l("Please enter a valid email address."))
    if data.registration_url.strip() and not is_valid_url(data.registration_url.strip()):
        errors.add(
            "registration_url",
            _l("Please enter a complete web address starting with https:// or http://."),
        )
    for name in ("target_age_min", "target_age_max"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors.add(name, _l("Please enter an age between 0 and %(max)d.", max=MAX_AGE))
    if (
        data.target_age_min is not None
        and data.target_age_max is not None
        and data.target_age_min > data.target_age_max
    ):
        errors.add("target_age_max", _l("The upper age must not be below the lower age."))


def _check_when(data: EventData, errors: _Errors, found: _Resolved) -> None:
    if data.start_date is None:
        errors.add("start_date", _l("Please enter the date the event starts."))
        return
    end_date = data.end_date or data.start_date
    if data.is_all_day:
        if end_date < data.start_date:
            errors.add("end_date", _l("The end must be after the start."))
        found.starts = datetime.combine(data.start_date, time(), BERLIN)
        found.ends = datetime.combine(end_date, time(), BERLIN)
        return
    if data.start_time is None:
        errors.add("start_time", _l("Please enter the time the event starts."))
    if data.end_time is None:
        errors.add("end_time", _l("Please enter the time the event ends."))
    if data.start_time is None or data.end_time is None:
        return
    try:
        found.starts = local_instant(data.start_date, data.start_time)
    except ParseError as error:
        errors.add("start_time", error.message)
    try:
        found.ends = local_instant(end_date, data.end_time)
    except ParseError as error:
        errors.add("end_time", error.message)
    if found.starts and found.ends and found.ends <= found.starts:
        errors.add("end_time", _l("The end must be after the start."))


def _check_campaign(
    data: EventData, actor, errors: _Errors, found: _Resolved, *, is_new: bool, today: date
) -> None:
    campaign = db.session.get(Campaign, data.campaign_id) if data.campaign_id else None
    found.campaign = campaign
    if campaign is None:
        errors.add("campaign_id", _l("Please choose a campaign."))
        return
    if (
        is_new
        and not campaign.is_registration_open(today)
        and not permissions.can_override_registration_window(actor)
    ):
        errors.add(
            "campaign_id",
            _l(
                "Registrations for this campaign are accepted from %(opens)s to %(closes)s.",
                opens=format_date(campaign.registration_opens_on),
                closes=format_date(campaign.registration_closes_on),
            ),
        )
    if data.start_date is None or data.kind != EventKind.ACTION_DAY:
        return
    end_date = data.end_date or data.start_date
    if not (campaign.covers(data.start_date) and campaign.covers(end_date)):
        errors.add(
            "start_date",
            _l(
                "An action day must lie within the campaign's action period "
                "(%(start)s to %(end)s).",
                start=format_date(campaign.action_starts_on),
                end=format_date(campaign.action_ends_on),
            ),
        )


def _check_region(data: EventData, actor, errors: _Errors, found: _Resolved) -> None:
    """Missing region is a field error; a region the actor may not act for is a 403."""
    if data.region_id is None:
        if data.kind == EventKind.ACTION_DAY:
            errors.add("region_id", _l("Please choose a region."))
        elif not permissions.can_act_for_region(actor, None):
            errors.add(
                "region_id",
                _l("Only the campaign office registers statewide workshops. Choose a region."),
            )
        return
    region = db.session.get(Region, data.region_id)
    if region is None:
        errors.add("region_id", _l("Please choose a region."))
        return
    require(permissions.can_act_for_region(actor, region.id))
    found.region = region


def _check_region_period(errors: _Errors, found: _Resolved) -> None:
    """A region must have existed during the campaign's action period (districts merge)."""
    campaign, region = found.campaign, found.region
    if campaign is None or region is None:
        return
    if not region.is_valid_during(campaign.action_starts_on, campaign.action_ends_on):
        errors.add(
            "region_id",
            _l(
                "%(region)s did not exist during the action period of the campaign %(year)d. "
                "Please choose a region of that time.",
                region=region.name,
                year=campaign.year,
            ),
        )


def _check_links(data: EventData, actor, errors: _Errors, found: _Resolved) -> None:
    if data.theme_ids:
        found.themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(data.theme_ids))))
        if len(found.themes) != len(set(data.theme_ids)):
            errors.add("themes", _l("Please choose themes from the list."))
    if data.project_id is not None:
        project = db.session.get(Project, data.project_id)
        if project is None or not permissions.can_view_item(actor, project):
            errors.add("project_id", _l("Please choose one of your projects."))
        found.project = project


def check_event(data: EventData, actor, *, is_new: bool, today: date) -> _Resolved:
    """Every rule for an event's values; ValidationFailed with all messages at once."""
    errors = _Errors()
    found = _Resolved()
    _check_shape(data, errors)
    _check_region(data, actor, errors, found)
    _check_when(data, errors, found)
    _check_campaign(data, actor, errors, found, is_new=is_new, today=today)
    _check_region_period(errors, found)
    _check_links(data, actor, errors, found)
    if errors:
        raise ValidationFailed(dict(errors))
    return found


def _apply(event: Event, data: EventData, found: _Resolved) -> None:
    event.campaign = found.campaign
    event.region = found.region
    event.project = found.project
    event.themes = sorted(found.themes, key=lambda t: (t.position, t.id))
    if data.is_all_day:
        event.set_all_day(found.starts.date(), found.ends.date())
    else:
        event.set_timed(found.starts, found.ends)
    spec.apply_plain(EVENT_FIELDS, event, data)


def event_by_form_token(token: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.form_token == token))


def create_event(
    data: EventData, actor, *, today: date, form_token: str | None = None, found=None
) -> Event:
    """Register a new event as a draft; a repeated form token returns the first event."""
    if form_token:
        existing = event_by_form_token(form_token)
        if existing is not None:
            require(permissions.can_view_item(actor, existing))
            return existing
    if found is None:
        found = check_event(data, actor, is_new=True, today=today)
    event = Event(
        status=ReviewState.DRAFT.value,
        created_by_id=getattr(actor, "id", None),
        form_token=form_token,
    )
    _apply(event, data, found)
    changes = audit.changed_fields(event)
    db.session.add(event)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # The same form was submitted twice at the same moment: the other request won.
        existing = event_by_form_token(form_token) if form_token else None
        if existing is None:
            raise
        return existing
    audit.record(actor, "create", event, changes)
    log.info("event %s created by %s", event.id, getattr(actor, "email", "system"))
    return event


def update_event(
    event: Event, data: EventData, actor, *, expected_version: int | None, today: date
) -> Event:
    """Save an edit; a rejected event returns to draft, a published one stays published."""
    require(permissions.can_edit_item(actor, event))
    if expected_version is not None and expected_version != event.version:
        raise StaleEdit(STALE_EDIT)
    found = check_event(data, actor, is_new=False, today=today)
    _apply(event, data, found)
    if event.state == ReviewState.REJECTED:
        event.return_to_draft()
    save_edit(event, actor, audit.changed_fields(event))
    return event


def save_edit(item, actor, changes: dict) -> None:
    """Flush an edit of an event or project under its optimistic lock and record it; nothing
    happens without changes, and a concurrent change in between is a `StaleEdit`."""
    if not changes:
        return
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise StaleEdit(STALE_EDIT) from None
    audit.record(actor, "update", item, changes)


def submit_event(event: Event, actor) -> None:
    transitions.submit(event, actor)


def withdraw_event(event: Event, actor) -> None:
    transitions.withdraw(event, actor)


def publish_event(event: Event, actor) -> None:
    transitions.publish(event, actor)


def reject_event(event: Event, actor, reason: str) -> None:
    transitions.reject(event, actor, reason)


def cancel_event(event: Event, actor, reason: str) -> None:
    transitions.cancel(event, actor, reason)


def delete_event(event: Event, actor) -> None:
    transitions.delete(event, actor)
