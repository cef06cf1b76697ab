"""Participating projects: registering, editing and the review life cycle. Flushes only."""

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from actiondays import spec
from actiondays.errors import DomainError, ValidationFailed
from actiondays.extensions import db
from actiondays.models import Campaign, Project, ProjectPartner, Region, ReviewState, Theme
from actiondays.services import audit, permissions, transitions
from actiondays.services.events import STALE_EDIT, StaleEdit, is_valid_url, save_edit
from actiondays.services.permissions import require
from actiondays.spec.projects import PROJECT_FIELDS

log = logging.getLogger(__name__)


def _from_project(cls, project: Project) -> "ProjectData":
    """The values of a stored project, for pre-filling the edit form."""
    return cls(
        region_id=project.region_id,
        theme_ids=[t.id for t in project.themes],
        campaign_ids=[c.id for c in project.campaigns],
        partners=[p.name for p in project.partners],
        **spec.plain_values(PROJECT_FIELDS, project),
    )


ProjectData = spec.data_class(
    "ProjectData",
    PROJECT_FIELDS,
    "The plain values of one project.",
    namespace={"from_project": classmethod(_from_project)},
)


def _check(data: ProjectData, actor) -> tuple[Region | None, list[Theme], list[Campaign]]:
    errors: dict[str, list] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    spec.check_plain(PROJECT_FIELDS, data, add)
    if data.website.strip() and not is_valid_url(data.website.strip()):
        add("website", _l("Please enter a complete web address starting with https:// or http://."))
    if any(len(p) > 200 for p in data.partners):
        add("partners", _l("Each partner name may have at most %(max)d characters.", max=200))
    if data.continues_after_campaign and not data.sustainability_note.strip():
        add("sustainability_note", _l("Please say how the project continues."))
    region = db.session.get(Region, data.region_id) if data.region_id is not None else None
    if region is None:
        add("region_id", _l("Please choose a region."))
    else:
        require(permissions.can_act_for_region(actor, region.id))
    themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(data.theme_ids or [-1]))))
    if not themes:
        add("themes", _l("Please choose at least one theme."))
    campaigns = list(
        db.session.scalars(select(Campaign).where(Campaign.id.in_(data.campaign_ids or [-1])))
    )
    if not campaigns:
        add("campaign_ids", _l("Please choose at least one campaign year."))
    if errors:
        raise ValidationFailed(errors)
    return region, themes, campaigns


def _apply(project: Project, data: ProjectData, region, themes, campaigns) -> None:
    # No autoflush while the collections load: a half-applied edit must not reach the database
    # before the row-version check of the one flush at the end.
    with db.session.no_autoflush:
        spec.apply_plain(PROJECT_FIELDS, project, data)
        project.region = region
        project.themes = sorted(themes, key=lambda t: (t.position, t.id))
        project.campaigns = sorted(campaigns, key=lambda c: c.year)
        wanted = list(dict.fromkeys(p.strip() for p in data.partners if p.strip()))
        if [p.name for p in project.partners] != wanted:
            project.partners = [ProjectPartner(name=name) for name in wanted]


def _partner_change(before: list[str], project: Project) -> dict:
    after = [p.name for p in project.partners]
    return {"partners": [before, after]} if before != after else {}


def create_project(data: ProjectData, actor, *, form_token: str | None = None) -> Project:
    """Register a project as a draft; a repeated form token returns the first project."""
    if form_token:
        existing = db.session.scalar(select(Project).where(Project.form_token == form_token))
        if existing is not None:
            require(permissions.can_view_item(actor, existing))
            return existing
    region, themes, campaigns = _check(data, actor)
    project = Project(
        status=ReviewState.DRAFT.value,
        created_by_id=getattr(actor, "id", None),
        form_token=form_token,
    )
    _apply(project, data, region, themes, campaigns)
    changes = audit.changed_fields(project)
    changes.update(_partner_change([], project))
    db.session.add(project)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        db.session.rollback()  # the refused row is linked to region, themes and campaigns
        existing = db.session.scalar(select(Project).where(Project.form_token == form_token))
        if existing is None:
            raise
        return existing
    audit.record(actor, "create", project, changes)
    return project


def update_project(
    project: Project, data: ProjectData, actor, *, expected_version: int | None = None
) -> Project:
    """Save an edit; a rejected project returns to draft, a published one stays published."""
    require(permissions.can_edit_item(actor, project))
    if expected_version is not None and expected_version != project.version:
        raise StaleEdit(STALE_EDIT)
    region, themes, campaigns = _check(data, actor)
    before = [p.name for p in project.partners]
    _apply(project, data, region, themes, campaigns)
    if project.state == ReviewState.REJECTED:
        project.return_to_draft()
    changes = audit.changed_fields(project)
    changes.pop("partners", None)
    changes.update(_partner_change(before, project))
    save_edit(project, actor, changes)
    return project


submit_project = transitions.submit
withdraw_project = transitions.withdraw
publish_project = transitions.publish
reject_project = transitions.reject
cancel_project = transitions.cancel


def delete_project(project: Project, actor) -> None:
    """Delete a draft project; refused while events still name it."""
    if project.events:
        raise DomainError(_l("Events still name this project. Remove the project from them first."))
    transitions.delete(project, actor)
