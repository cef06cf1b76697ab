"""Regions over time: adding a region, ending its validity, recording a district merger.

The merger table (`region_mergers`) is shared: the admin area records mergers here, and
comparisons across years (retrospectives, indicators) read `mergers()` to aggregate
predecessors when they compare with the successor. Recording a merger also ends the
predecessors' validity the day before, so every year's figures show the districts of that year.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from actiondays.errors import ValidationFailed
from actiondays.extensions import db
from actiondays.models import Region, RegionKind, RegionMerger
from actiondays.services import audit, permissions
from actiondays.services.permissions import require

log = logging.getLogger(__name__)
AGS = re.compile(r"\d{5}|\d{8}")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass
class RegionData:
    ags: str
    name: str
    slug: str
    kind: str
    valid_from: date | None
    valid_to: date | None


def all_regions_by_key() -> Select:
    """Every region ever, by AGS key, for the admin list."""
    return select(Region).order_by(Region.ags)


def mergers() -> Select:
    """Every recorded merger, newest first, with both regions loaded."""
    return (
        select(RegionMerger)
        .options(joinedload(RegionMerger.predecessor), joinedload(RegionMerger.successor))
        .order_by(RegionMerger.merged_on.desc(), RegionMerger.id)
    )


def _taken(column, value, errors, field, message) -> None:
    if db.session.scalar(select(func.count()).select_from(Region).where(column == value)):
        errors.setdefault(field, []).append(message)


def add_region(data: RegionData, actor) -> Region:
    """A new region with its AGS key, kind and validity."""
    require(permissions.can_manage_regions(actor))
    errors: dict[str, list] = {}
    ags, slug, name = data.ags.strip(), data.slug.strip().lower(), data.name.strip()
    if not AGS.fullmatch(ags):
        errors["ags"] = [_l("The AGS key has 5 digits (districts) or 8 digits.")]
    else:
        _taken(Region.ags, ags, errors, "ags", _l("A region with this AGS key exists already."))
    if not name or len(name) > 120:
        errors["name"] = [_l("Please enter a name of at most 120 characters.")]
    if not SLUG.fullmatch(slug) or len(slug) > 120:
        errors["slug"] = [_l("Please use lower-case letters, digits and hyphens only.")]
    else:
        _taken(Region.slug, slug, errors, "slug", _l("This short name is taken already."))
    if data.kind not in {k.value for k in RegionKind}:
        errors["kind"] = [_l("Please choose a kind.")]
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        errors["valid_to"] = [_l("The end of validity must not lie before its start.")]
    if errors:
        raise ValidationFailed(errors)
    region = Region(
        ags=ags,
        name=name,
        slug=slug,
        kind=data.kind,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
    )
    db.session.add(region)
    audit.record(actor, "create", region)
    db.session.flush()
    return region


def end_validity(region: Region, last_day: date | None, actor) -> None:
    """The last day a region exists (None: it exists again without end)."""
    require(permissions.can_manage_regions(actor))
    if last_day is None:
        raise ValidationFailed({"valid_to": [_l("Please enter a date.")]})
    if region.valid_from and last_day < region.valid_from:
        raise ValidationFailed(
            {"valid_to": [_l("The end of validity must not lie before its start.")]}
        )
    region.valid_to = last_day
    changes = audit.changed_fields(region)
    if changes:
        audit.record(actor, "end_validity", region, changes)
        db.session.flush()


def record_merger(
    predecessors: list[Region], successor: Region | None, merged_on: date | None, actor
) -> list[RegionMerger]:
    """Predecessors → successor on `merged_on`: rows in the shared table, the predecessors'
    validity ends the day before, the successor's starts that day (if it had no start)."""
    require(permissions.can_manage_regions(actor))
    errors: dict[str, list] = {}
    if merged_on is None:
        errors["merged_on"] = [_l("Please enter the day of the merger.")]
    if successor is None:
        errors["successor"] = [_l("Please choose the region that continues.")]
    if not predecessors:
        errors["predecessors"] = [_l("Please choose at least one region that is merged.")]
    elif successor is not None and successor in predecessors:
        errors["predecessors"] = [_l("The continuing region cannot be its own predecessor.")]
    if not errors:
        day_before = merged_on - timedelta(days=1)
        for region in predecessors:
            if not region.is_valid_on(day_before):
                errors.setdefault("predecessors", []).append(
                    _l(
                        "%(name)s did not exist on the day before the merger.",
                        name=region.name,
                    )
                )
        if successor.valid_to is not None and successor.valid_to < merged_on:
            errors["successor"] = [_l("The continuing region no longer exists on that day.")]
        if successor.valid_from is not None and successor.valid_from > merged_on:
            errors["successor"] = [_l("The continuing region only exists after that day.")]
        known = set(
            db.session.scalars(
                select(RegionMerger.predecessor_id).where(RegionMerger.successor_id == successor.id)
            )
        )
        if any(r.id in known for r in predecessors):
            errors.setdefault("predecessors", []).append(
                _l("This merger has been recorded already.")
            )
    if errors:
        raise ValidationFailed(errors)
    rows = []
    for region in predecessors:
        # A region merged into itself under the same key (successor keeps the name) ends too.
        region.valid_to = merged_on - timedelta(days=1)
        audit.record(actor, "end_validity", region, audit.changed_fields(region))
        row = RegionMerger(predecessor=region, successor=successor, merged_on=merged_on)
        db.session.add(row)
        rows.append(row)
    if successor.valid_from is None:
        successor.valid_from = merged_on
    audit.record(
        actor,
        "record_merger",
        successor,
        {
            "predecessors": [None, [r.slug for r in predecessors]],
            "merged_on": [None, str(merged_on)],
        },
    )
    db.session.flush()
    log.info(
        "merger %s → %s on %s by %s",
        [r.slug for r in predecessors],
        successor.slug,
        merged_on,
        actor.email,
    )
    return rows
