"""Admin use cases for campaigns and themes. Flushes, never commits."""

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import Campaign, Theme
from actiondays.services import audit, permissions
from actiondays.services.permissions import require
from actiondays.services.versions import check_version, flush_versioned

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _shift_year(day: date, years: int = 1) -> date:
    """The same calendar day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass
class CampaignData:
    title: str
    motto: str
    registration_opens_on: date | None
    registration_closes_on: date | None
    action_starts_on: date | None
    action_ends_on: date | None
    intro_text: str | None = None
    is_announced: bool | None = None


def _check_campaign(data: CampaignData) -> None:
    errors: dict[str, list] = {}
    if not data.title.strip():
        errors.setdefault("title", []).append(_l("Please enter a title."))
    if len(data.title) > 200 or len(data.motto) > 200:
        errors.setdefault("title", []).append(_l("Please use at most %(max)d characters.", max=200))
    if data.intro_text and len(data.intro_text) > 10_000:
        errors.setdefault("intro_text", []).append(
            _l("Please use at most %(max)d characters.", max=10_000)
        )
    for name in (
        "registration_opens_on",
        "registration_closes_on",
        "action_starts_on",
        "action_ends_on",
    ):
        if getattr(data, name) is None:
            errors.setdefault(name, []).append(_l("Please enter a date."))
    windows = (
        (
            "registration_opens_on",
            "registration_closes_on",
            _l("Registration must close after it opens."),
        ),
        ("action_starts_on", "action_ends_on", _l("The action period must end after it starts.")),
    )
    for first, last, message in windows:
        opens, closes = getattr(data, first), getattr(data, last)
        if opens and closes and closes < opens:
            errors.setdefault(last, []).append(message)
    if errors:
        raise ValidationFailed(errors)


class CampaignExists(DomainError):
    """The year asked for exists already (a double submit): `campaign` is that one."""

    def __init__(self, campaign: Campaign):
        super().__init__(_l("The campaign %(year)d exists already.", year=campaign.year))
        self.campaign = campaign


def create_next_campaign(actor, year: int | None = None) -> Campaign:
    """The campaign after the latest one, with last year's windows shifted by one year.

    `year` is the year the admin's page offered: when it exists already (a double submit, or
    several admins at once), CampaignExists names it instead of creating one more year."""
    require(permissions.can_manage_campaigns(actor))
    if year is not None:
        existing = db.session.scalar(select(Campaign).where(Campaign.year == year))
        if existing is not None:
            raise CampaignExists(existing)
    last = db.session.scalars(select(Campaign).order_by(Campaign.year.desc()).limit(1)).first()
    if last is None:
        raise DomainError(_l("There is no campaign to copy yet."))
    if year is not None and year == last.year:  # committed by another admin since the look-up
        raise CampaignExists(last)
    if year is not None and year != last.year + 1:
        raise DomainError(_l("The list of campaigns has changed. Please check it and try again."))
    year = last.year + 1
    campaign = Campaign(
        year=year,
        title=last.title.replace(str(last.year), str(year))
        if str(last.year) in last.title
        else f"{last.title} {year}",
        motto=None,
        registration_opens_on=_shift_year(last.registration_opens_on),
        registration_closes_on=_shift_year(last.registration_closes_on),
        action_starts_on=_shift_year(last.action_starts_on),
        action_ends_on=_shift_year(last.action_ends_on),
    )
    try:
        with db.session.begin_nested():
            db.session.add(campaign)
    except IntegrityError:  # created by a concurrent request after our look-up
        existing = db.session.scalar(select(Campaign).where(Campaign.year == year))
        if existing is None:
            raise
        raise CampaignExists(existing) from None
    changes = audit.changed_fields(campaign)
    audit.record(actor, "create", campaign, changes)
    return campaign


def update_campaign(
    campaign: Campaign, data: CampaignData, actor, *, expected_version: int | None = None
) -> None:
    """Edit title, motto and the windows of a campaign."""
    require(permissions.can_manage_campaigns(actor))
    check_version(campaign, expected_version)
    _check_campaign(data)
    campaign.title = data.title.strip()
    campaign.motto = data.motto.strip() or None
    campaign.registration_opens_on = data.registration_opens_on
    campaign.registration_closes_on = data.registration_closes_on
    campaign.action_starts_on = data.action_starts_on
    campaign.action_ends_on = data.action_ends_on
    if data.intro_text is not None:
        campaign.intro_text = data.intro_text.strip() or None
    if data.is_announced is not None:
        campaign.is_announced = data.is_announced
    changes = audit.changed_fields(campaign)
    if changes:
        flush_versioned()
        audit.record(actor, "update", campaign, changes)
        db.session.flush()


@dataclass
class ThemeData:
    slug: str
    name_de: str
    name_en: str
    position: int | None


def _check_theme(data: ThemeData, theme: Theme | None) -> None:
    errors: dict[str, list] = {}
    if not SLUG.fullmatch(data.slug):
        errors.setdefault("slug", []).append(
            _l("Please use lower-case letters, digits and hyphens only.")
        )
    else:
        clash = select(func.count()).select_from(Theme).where(Theme.slug == data.slug)
        if theme is not None:
            clash = clash.where(Theme.id != theme.id)
        if db.session.scalar(clash):
            errors.setdefault("slug", []).append(_l("This short name is taken already."))
    for name in ("name_de", "name_en"):
        value = getattr(data, name).strip()
        if not value:
            errors.setdefault(name, []).append(_l("Please enter a name."))
        elif len(value) > 120:
            errors.setdefault(name, []).append(
                _l("Please use at most %(max)d characters.", max=120)
            )
    if errors:
        raise ValidationFailed(errors)


def save_theme(
    theme: Theme | None, data: ThemeData, actor, *, expected_version: int | None = None
) -> Theme:
    """Create a theme (theme None) or edit one; the short name appears in feed URLs."""
    require(permissions.can_manage_themes(actor))
    if theme is not None:
        check_version(theme, expected_version)
    data.slug = data.slug.strip().lower()
    _check_theme(data, theme)
    action = "update"
    if theme is None:
        if data.position is None:
            data.position = (db.session.scalar(select(func.max(Theme.position))) or 0) + 1
        theme = Theme()
        db.session.add(theme)
        action = "create"
    theme.slug = data.slug
    theme.name_de = data.name_de.strip()
    theme.name_en = data.name_en.strip()
    if data.position is not None:
        theme.position = data.position
    changes = audit.changed_fields(theme)
    if changes:
        flush_versioned()
        audit.record(actor, action, theme, changes)
        db.session.flush()
    return theme
