"""Loading the shipped reference data (regions, mergers, themes, campaigns, indicators).

Idempotent: running it again changes nothing.
"""

import csv
import logging
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import (
    Campaign,
    Indicator,
    IndicatorValue,
    Region,
    RegionMerger,
    Theme,
)

log = logging.getLogger(__name__)
DATA = resources.files("actiondays") / "data"


@dataclass
class SeedResult:
    created: int = 0
    updated: int = 0


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _upsert(model, key: str, rows: list[dict], result: SeedResult) -> None:
    existing = {getattr(obj, key): obj for obj in db.session.scalars(select(model))}
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            db.session.add(model(**row))
            result.created += 1
            continue
        changed = False
        for field, value in row.items():
            if getattr(obj, field) != value:
                setattr(obj, field, value)
                changed = True
        result.updated += changed


def region_rows(filename: str = "regions_niedersachsen.csv") -> list[dict]:
    with (DATA / filename).open(encoding="utf-8", newline="") as fh:
        return [
            {
                "ags": row["ags"],
                "name": row["name"],
                "slug": row["slug"],
                "kind": row["kind"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
                "latitude": float(row["latitude"]) if row["latitude"] else None,
                "longitude": float(row["longitude"]) if row["longitude"] else None,
            }
            for row in csv.DictReader(fh)
        ]


def theme_rows() -> list[dict]:
    with (DATA / "themes.csv").open(encoding="utf-8", newline="") as fh:
        return [{**row, "position": int(row["position"])} for row in csv.DictReader(fh)]


def campaign_rows() -> list[dict]:
    with (DATA / "campaigns.toml").open("rb") as fh:
        campaigns = tomllib.load(fh)["campaign"]
    fields = (
        "year",
        "title",
        "motto",
        "registration_opens_on",
        "registration_closes_on",
        "action_starts_on",
        "action_ends_on",
        "notes",
    )
    rows = []
    for campaign in campaigns:
        row = {field: campaign.get(field) or None for field in fields}
        assumed = campaign.get("assumed", [])
        if assumed:
            note = "Annahmen (nicht historisch belegt): " + ", ".join(assumed)
            row["notes"] = f"{row['notes']}\n{note}" if row["notes"] else note
        rows.append(row)
    return rows


def merger_rows() -> list[dict]:
    """The shipped district mergers: predecessor AGS, successor AGS, day of the merger."""
    with (DATA / "region_mergers.csv").open(encoding="utf-8", newline="") as fh:
        return [{**row, "merged_on": _date(row["merged_on"])} for row in csv.DictReader(fh)]


def _seed_mergers(result: SeedResult) -> None:
    by_ags = {r.ags: r for r in db.session.scalars(select(Region))}
    existing = {
        (m.predecessor_id, m.successor_id): m for m in db.session.scalars(select(RegionMerger))
    }
    for row in merger_rows():
        predecessor, successor = by_ags[row["predecessor_ags"]], by_ags[row["successor_ags"]]
        merger = existing.get((predecessor.id, successor.id))
        if merger is None:
            db.session.add(
                RegionMerger(
                    predecessor=predecessor, successor=successor, merged_on=row["merged_on"]
                )
            )
            result.created += 1
        elif merger.merged_on != row["merged_on"]:
            merger.merged_on = row["merged_on"]
            result.updated += 1


def indicator_rows() -> list[dict]:
    """The shipped indicator catalogue (data/indicators.toml), each with its value file."""
    with (DATA / "indicators.toml").open("rb") as fh:
        entries = tomllib.load(fh)["indicator"]
    return [
        {
            **entry,
            "minimum": Decimal(entry["minimum"]) if "minimum" in entry else None,
            "maximum": Decimal(entry["maximum"]) if "maximum" in entry else None,
        }
        for entry in entries
    ]


def _seed_indicators(result: SeedResult) -> None:
    rows = indicator_rows()
    files = {row["key"]: row.pop("values", None) for row in rows}
    _upsert(Indicator, "key", rows, result)
    db.session.flush()
    by_ags = {r.ags: r.id for r in db.session.scalars(select(Region))}
    for indicator in db.session.scalars(select(Indicator).where(Indicator.key.in_(files))):
        if not files[indicator.key]:
            continue
        existing = {
            (v.region_id, v.year): v
            for v in db.session.scalars(
                select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id)
            )
        }
        with (DATA / files[indicator.key]).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                key = (by_ags[row["ags"]], int(row["year"]))
                value = Decimal(row[indicator.key])
                found = existing.get(key)
                if found is None:
                    db.session.add(
                        IndicatorValue(
                            indicator_id=indicator.id, region_id=key[0], year=key[1], value=value
                        )
                    )
                    result.created += 1
                elif found.value != value:
                    found.value = value
                    result.updated += 1


def seed_reference_data() -> SeedResult:
    """Create or update regions, themes and historic campaigns; flushes, never commits."""
    result = SeedResult()
    _upsert(Region, "ags", region_rows(), result)
    _upsert(Theme, "slug", theme_rows(), result)
    _upsert(Campaign, "year", campaign_rows(), result)
    db.session.flush()
    _seed_mergers(result)
    db.session.flush()
    _seed_indicators(result)
    db.session.flush()
    log.info("reference data: %d created, %d updated", result.created, result.updated)
    return result
