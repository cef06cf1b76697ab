"""Models → plain dicts in the API's vocabulary (dumped by the schemas in `schemas.py`)."""

from flask import request, url_for

from actiondays.models.event import BERLIN


def theme_resource(theme) -> dict:
    return {"slug": theme.slug, "name_de": theme.name_de, "name_en": theme.name_en}


def region_ref(region) -> dict | None:
    if region is None:
        return None
    return {"ags": region.ags, "slug": region.slug, "name": region.name}


def region_resource(region) -> dict:
    return {
        **region_ref(region),
        "kind": region.kind,
        "valid_from": region.valid_from,
        "valid_to": region.valid_to,
        "latitude": region.latitude,
        "longitude": region.longitude,
        "url": url_for("public.show_region", slug=region.slug, _external=True),
    }


def campaign_resource(campaign) -> dict:
    return {
        "year": campaign.year,
        "title": campaign.title,
        "motto": campaign.motto,
        "registration_opens_on": campaign.registration_opens_on,
        "registration_closes_on": campaign.registration_closes_on,
        "action_starts_on": campaign.action_starts_on,
        "action_ends_on": campaign.action_ends_on,
    }


def event_resource(event) -> dict:
    """One public event; times of timed events in Europe/Berlin with their offset."""
    timed = not event.is_all_day and event.starts_at is not None
    # url_for per event costs more than building the event; the paths are fixed by the URL
    # contract (SPEC.md), the root comes from the request (script root and proxy included).
    root = request.url_root
    return {
        "id": event.id,
        "uid": event.uid,
        "url": f"{root}events/{event.id}",
        "ical_url": f"{root}events/{event.id}.ics",
        "kind": event.kind,
        "status": event.status,
        "cancellation_reason": event.cancellation_reason if event.status == "cancelled" else None,
        "title": event.title,
        "summary": event.summary,
        "description": event.description,
        "campaign_year": event.campaign.year,
        "region": region_ref(event.region),
        "themes": [theme_resource(t) for t in event.themes],
        "is_all_day": event.is_all_day,
        "start_date": event.starts_on,
        "end_date": event.ends_on,
        "starts_at": event.starts_at.astimezone(BERLIN) if timed else None,
        "ends_at": event.ends_at.astimezone(BERLIN) if timed else None,
        "venue": {
            "name": event.venue_name,
            "street": event.venue_street,
            "postal_code": event.venue_postal_code,
            "city": event.venue_city,
            "latitude": event.latitude,
            "longitude": event.longitude,
        },
        "organisation": event.organisation,
        "contact": {
            "name": event.contact_name,
            "email": event.contact_email,
            "phone": event.contact_phone,
        },
        "target_age_min": event.target_age_min,
        "target_age_max": event.target_age_max,
        "target_audience": event.target_audience,
        "accessibility": event.accessibility,
        "cost": event.cost,
        "registration_url": event.registration_url,
        "project_id": event.project.id if event.project and event.project.is_public else None,
        "sequence": event.sequence,
        "published_at": event.published_at,
        "cancelled_at": event.cancelled_at,
        "updated_at": event.updated_at,
    }


def project_resource(project) -> dict:
    return {
        "id": project.id,
        "url": f"{request.url_root}projects/{project.id}",
        "status": project.status,
        "name": project.name,
        "organisation": project.organisation,
        "region": region_ref(project.region),
        "themes": [theme_resource(t) for t in project.themes],
        "campaign_years": [c.year for c in project.campaigns],
        "description": project.description,
        "website": project.website,
        "target_group": project.target_group,
        "partners": [p.name for p in project.partners],
        "continues_after_campaign": project.continues_after_campaign,
        "sustainability_note": project.sustainability_note,
        "published_at": project.published_at,
        "updated_at": project.updated_at,
    }


def tombstone_resource(tombstone) -> dict:
    return {
        "type": tombstone.object_type,
        "id": tombstone.object_id,
        "reason": tombstone.reason,
        "removed_at": tombstone.removed_at,
    }
