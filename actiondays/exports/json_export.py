"""JSON export: the frozen document with its publication time; `SCHEMA` documents the shape."""

import json
from datetime import datetime

from actiondays.services.retrospective_figures import KEY_FIGURE_KEYS

_INT = {"type": "integer", "minimum": 0}
_DIFF = {"type": "integer"}
_KEY_NAMES = KEY_FIGURE_KEYS
_COMPARED = (
    "action_days",
    "ideas_workshops",
    "regions_taking_part",
    "projects",
    "participants",
    "children_reached",
    "volunteers",
    "partner_organisations",
)


def _object(properties: dict, required: tuple | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required if required is not None else properties),
    }


def _list_of(item: dict) -> dict:
    return {"type": "array", "items": item}


_STR = {"type": "string"}
_DATE = {"type": "string", "format": "date"}
_OPT_STR = {"type": ["string", "null"]}
_OPT_NUM = {"type": ["number", "null"]}
#: `figures.funding` (version 2) and `figures.per_capita` (version 3) are optional: documents of
#: earlier versions have no such keys.
_FIGURES_REQUIRED = (
    "key",
    "by_theme",
    "by_region",
    "by_month",
    "ideas_workshops",
    "projects",
    "previous",
)

_CENTS = {"type": "integer"}
_FUNDED = {
    "granted_cents": _CENTS,
    "paid_cents": _CENTS,
    "reclaimed_cents": _CENTS,
    "applications": _INT,
}
#: Funding of the campaign year (schema version 2): amounts in integer euro cents.
FUNDING_SCHEMA = _object(
    {
        "programmes": _list_of(_STR),
        "budget_cents": _CENTS,
        **_FUNDED,
        "spent_cents": _CENTS,
        "participants_funded": _INT,
        "per_participant_cents": {"type": ["integer", "null"]},
        "by_region": _list_of(_object({"ags": _STR, "slug": _STR, "name": _STR, **_FUNDED})),
        "by_theme": _list_of(_object({"slug": _STR, "name_de": _STR, "name_en": _STR, **_FUNDED})),
    }
)

#: JSON Schema (draft 2020-12) of the export; README.md describes the same fields in words.
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Retrospective of one campaign year of the action days against child poverty",
    **_object(
        {
            "schema_version": {"enum": [1, 2, 3]},
            "year": {"type": "integer"},
            "published_at": {"type": "string", "format": "date-time"},
            "campaign": _object(
                {
                    "title": _STR,
                    "motto": _STR,
                    "action_starts_on": _DATE,
                    "action_ends_on": _DATE,
                }
            ),
            "figures": _object(
                {
                    "key": _object(dict.fromkeys(_KEY_NAMES, _INT)),
                    "by_theme": _list_of(
                        _object(
                            {
                                "slug": _STR,
                                "name_de": _STR,
                                "name_en": _STR,
                                "events": _INT,
                                "participants": _INT,
                            }
                        )
                    ),
                    "by_region": _list_of(
                        _object(
                            {
                                "ags": _STR,
                                "slug": _STR,
                                "name": _STR,
                                "latitude": {"type": ["number", "null"]},
                                "longitude": {"type": ["number", "null"]},
                                "events": _INT,
                                "participants": _INT,
                            }
                        )
                    ),
                    "by_month": _list_of(
                        _object(
                            {
                                "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                                "action_days": _INT,
                                "ideas_workshops": _INT,
                            }
                        )
                    ),
                    "ideas_workshops": _list_of(
                        _object(
                            {
                                "id": {"type": "integer"},
                                "title": _STR,
                                "date": _DATE,
                                "region": _OPT_STR,
                                "participants": {"type": ["integer", "null"], "minimum": 0},
                            }
                        )
                    ),
                    "projects": _object(
                        {
                            "total": _INT,
                            "continuing": _INT,
                            "not_continuing": _INT,
                            "unknown": _INT,
                            "continuing_share": {"type": ["number", "null"]},
                            "list": _list_of(
                                _object(
                                    {
                                        "id": {"type": "integer"},
                                        "name": _STR,
                                        "organisation": _STR,
                                        "region": _STR,
                                        "continues": {"type": ["boolean", "null"]},
                                    }
                                )
                            ),
                        }
                    ),
                    "funding": {"oneOf": [{"type": "null"}, FUNDING_SCHEMA]},
                    "previous": {
                        "oneOf": [
                            {"type": "null"},
                            _object(
                                {
                                    "year": {"type": "integer"},
                                    "source": {"enum": ["published", "live"]},
                                    "key": _object(dict.fromkeys(_COMPARED, _INT)),
                                    "differences": _object(dict.fromkeys(_COMPARED, _DIFF)),
                                }
                            ),
                        ]
                    },
                    # Since schema version 3; snapshots published earlier have none.
                    "per_capita": _object(
                        {
                            "per_inhabitants": {"const": 10_000},
                            "population_years": _list_of({"type": "integer"}),
                            "regions_with_population": _INT,
                            "population": _INT,
                            "population_share_taking_part": _OPT_NUM,
                            "action_days_per_10k": _OPT_NUM,
                            "children_reached_per_10k": _OPT_NUM,
                            "by_region": _list_of(
                                _object(
                                    {
                                        "ags": _STR,
                                        "name": _STR,
                                        "events": _INT,
                                        "population": {"type": ["integer", "null"]},
                                        "population_year": {"type": ["integer", "null"]},
                                        "events_per_10k": _OPT_NUM,
                                    }
                                )
                            ),
                        }
                    ),
                },
                required=_FIGURES_REQUIRED,
            ),
            "editorial": _object(
                {
                    "introduction": _STR,
                    "closing_text": _STR,
                    "highlights": _list_of(
                        _object(
                            {
                                "kind": {"enum": ["event", "project"]},
                                "id": {"type": "integer"},
                                "title": _STR,
                                "date": {"type": ["string", "null"], "format": "date"},
                                "place": _STR,
                                "note": _STR,
                            }
                        )
                    ),
                }
            ),
        }
    ),
}


def render_json(document: dict, published_at: datetime) -> bytes:
    """The document as UTF-8 JSON (umlauts kept), with `published_at` in ISO 8601 UTC."""
    payload = {**document, "published_at": published_at.isoformat()}
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")
