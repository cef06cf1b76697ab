"""Participating projects and regions, each with their public events and projects."""

from flask import render_template

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import Event
from actiondays.models.event import BERLIN
from actiondays.services.funding.budget import funding_labels
from actiondays.services.indicators import region_activity, region_profile
from actiondays.services.listings import (
    EventFilters,
    public_project,
    public_projects,
    published_events,
    region_by_slug,
    regions_with_counts,
)
from actiondays.web.opendata.maps import region_map
from actiondays.web.public import bp
from actiondays.web.public.views import render_filtered_list

REGION_EVENTS = 50


@bp.get("/projects")
def list_projects():
    """Participating projects, filtered by year, region, theme and text."""
    return render_filtered_list(public_projects, "public/projects.html")


@bp.get("/projects/<int:project_id>")
def show_project(project_id: int):
    """One public project with its partners, years and public events."""
    project = db.first_or_404(public_project(project_id))
    events = db.session.scalars(published_events().where(Event.project_id == project.id)).all()
    funded = funding_labels(project_ids=[project.id]).get(("project", project.id))
    return render_template("public/project.html", project=project, events=events, funded=funded)


@bp.get("/regions")
def list_regions():
    """Every region with the number of its public events and projects."""
    rows = db.session.execute(regions_with_counts()).all()
    return render_template("public/regions.html", rows=rows)


@bp.get("/regions/<slug>")
def show_region(slug: str):
    """One region: its upcoming and past public events and its projects."""
    region = db.first_or_404(region_by_slug(slug))
    today = utcnow().astimezone(BERLIN).date()
    events = db.session.scalars(
        published_events(EventFilters(regions=(slug,))).limit(REGION_EVENTS)
    ).all()
    upcoming = [event for event in events if event.ends_on >= today]
    past = [event for event in events if event.ends_on < today]
    projects = db.session.scalars(public_projects(EventFilters(regions=(slug,)))).all()
    return render_template(
        "public/region.html",
        region=region,
        upcoming=upcoming,
        past=past,
        projects=projects,
        region_map=region_map(region),
        profile=region_profile(region),
        activity=region_activity(region),
    )
