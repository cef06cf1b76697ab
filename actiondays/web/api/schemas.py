"""Marshmallow schemas of the JSON API: query arguments in, resources out.

Property names are English; values are those the public pages show; instants are ISO 8601
with their offset (event times in Europe/Berlin, bookkeeping times in UTC). flask-smorest
turns these schemas into the OpenAPI 3.1 document, so the document and the answers cannot
drift apart.

The properties of the fields a person enters come from the field specs (`actiondays.spec`):
every field the spec marks public, under its API name, with a type from its kind and its
description; only bookkeeping (ids, URLs, state, times) and the shapes of related rows
(region, themes, campaign) are declared here.
"""

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from actiondays.models import EventKind, RegionKind, ReviewState, TombstoneReason
from actiondays.services.opendata import Cursor, CursorError
from actiondays.spec import Field, api_fields
from actiondays.spec.events import EVENT_FIELDS
from actiondays.spec.projects import PROJECT_FIELDS

MAX_LIMIT = 100
DEFAULT_LIMIT = 50
MAX_QUERY_LENGTH = 200
SLUG = validate.Regexp(r"^[a-z0-9-]{1,120}$", error=_l("Not a valid slug."))


class CursorField(fields.String):
    """An opaque cursor from `next_cursor`; a malformed one fails validation."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return Cursor.decode(text)
        except CursorError:
            raise ValidationError(
                str(_l("This cursor is not valid. Please use next_cursor of a previous answer."))
            ) from None


WHOLE_NUMBER = {"invalid": _l("Please give a whole number.")}


class StrictArgs(Schema):
    """Query arguments: an unknown one is an error, never silently ignored."""

    error_messages = {"unknown": _l("Unknown query argument.")}

    @pre_load
    def _given_once(self, data, **_kwargs):
        """A single-valued argument given twice (`?limit=1&limit=2`) is an error: taking one
        of them silently would answer a question nobody asked."""
        if has_request_context():
            for name, field in self.fields.items():
                if not isinstance(field, fields.List) and len(request.args.getlist(name)) > 1:
                    raise ValidationError(str(_l("Please give this argument once.")), name)
        return data


class ListArgs(StrictArgs):
    """Arguments shared by the event and project lists."""

    year = fields.Integer(
        error_messages=WHOLE_NUMBER,
        validate=validate.Range(1900, 2999, error=_l("The year must be a number such as 2013.")),
        metadata={"description": "Campaign year."},
    )
    region = fields.List(
        fields.String(validate=SLUG),
        metadata={"description": "Region slug (repeatable, any of them)."},
    )
    theme = fields.List(
        fields.String(validate=SLUG),
        metadata={"description": "Theme slug (repeatable, any of them)."},
    )
    q = fields.String(
        validate=validate.Length(
            1, MAX_QUERY_LENGTH, error=_l("The search text may be 1 to 200 characters long.")
        ),
        metadata={"description": "Text in title, summary, venue or organisation."},
    )
    updated_since = fields.AwareDateTime(
        format="iso",
        error_messages={
            "invalid": _l("Please give a date and time such as 2027-05-01T00:00:00+02:00."),
            "invalid_awareness": _l(
                "Please give the time with its offset, such as 2027-05-01T00:00:00+02:00."
            ),
        },
        metadata={
            "description": "Only items changed at or after this instant (ISO 8601 with "
            "offset); the answer then also lists tombstones."
        },
    )
    cursor = CursorField(metadata={"description": "`next_cursor` of the previous page."})
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        error_messages=WHOLE_NUMBER,
        validate=validate.Range(1, MAX_LIMIT, error=_l("The limit must lie between 1 and 100.")),
        metadata={"description": "Items per page (1–100)."},
    )


class EventListArgs(ListArgs):
    kind = fields.String(
        validate=validate.OneOf(
            [k.value for k in EventKind],
            error=_l("Unknown kind of event: please choose action day or ideas workshop."),
        ),
        metadata={"description": "`action_day` or `ideas_workshop`."},
    )


class ProjectListArgs(ListArgs):
    pass


class NoArgs(StrictArgs):
    """Resources without query arguments still refuse unknown ones."""


class RegionListArgs(StrictArgs):
    valid_on = fields.Date(
        error_messages={"invalid": _l("Please give a day such as 2013-06-01.")},
        metadata={"description": "Only regions that existed on this day (ISO 8601 date)."},
    )

    @validates_schema
    def _check_year(self, data, **_kwargs):
        day = data.get("valid_on")
        if day is not None and not 1900 <= day.year <= 2999:
            raise ValidationError(str(_l("Please give a day between 1900 and 2999.")), "valid_on")


class ThemeSchema(Schema):
    slug = fields.String(required=True)
    name_de = fields.String(required=True)
    name_en = fields.String(required=True)


class RegionRefSchema(Schema):
    ags = fields.String(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True)


class RegionSchema(RegionRefSchema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in RegionKind]))
    valid_from = fields.Date(required=True, allow_none=True)
    valid_to = fields.Date(required=True, allow_none=True)
    latitude = fields.Float(required=True, allow_none=True)
    longitude = fields.Float(required=True, allow_none=True)
    url = fields.String(required=True)


class CampaignSchema(Schema):
    year = fields.Integer(required=True)
    title = fields.String(required=True)
    motto = fields.String(required=True, allow_none=True)
    registration_opens_on = fields.Date(required=True)
    registration_closes_on = fields.Date(required=True)
    action_starts_on = fields.Date(required=True)
    action_ends_on = fields.Date(required=True)


_KINDS = {
    "text": fields.String,
    "choice": fields.String,
    "integer": fields.Integer,
    "id": fields.Integer,
    "decimal": fields.Float,
    "date": fields.Date,
    "bool": fields.Boolean,
    "tristate": fields.Boolean,
}


def _property(f: Field):
    """The API property of a plain spec field: type from its kind; null where a value may be
    missing (optional numbers and dates, text stored as NULL when empty)."""
    if f.kind == "lines":
        return fields.List(fields.String(), required=True)
    allow_none = f.nullable if f.kind == "text" else f.kind not in ("bool", "choice")
    if f.kind in ("date", "id") and f.is_required:
        allow_none = False
    validators = []
    if f.kind == "choice":
        validators.append(validate.OneOf([value for value, _label in f.choices]))
    return _KINDS[f.kind](required=True, allow_none=allow_none, validate=validators)


def spec_properties(spec_fields, shapes: dict, prefix: str = "") -> dict:
    """{property: marshmallow field} of the public spec fields below `prefix` (e.g. "venue."),
    in spec order; `shapes` gives the fields of properties that name related rows or nested
    objects (region, themes, venue), the spec still gives their place and description."""
    found = {}
    for f in api_fields(spec_fields):
        if not f.api_property.startswith(prefix):
            continue
        name = f.api_property[len(prefix) :]
        head, dot, _rest = name.partition(".")
        if dot:  # a nested object: placed once, at its first field
            found.setdefault(head, shapes[head])
            continue
        field = shapes[name] if name in shapes else _property(f)
        field.metadata = {**field.metadata, "description": f.description}
        found[name] = field
    return found


VenueSchema = Schema.from_dict(spec_properties(EVENT_FIELDS, {}, "venue."), name="VenueSchema")
ContactSchema = Schema.from_dict(
    spec_properties(EVENT_FIELDS, {}, "contact."), name="ContactSchema"
)


PUBLIC_STATUS = validate.OneOf([ReviewState.PUBLISHED.value, ReviewState.CANCELLED.value])


EventSchema = Schema.from_dict(
    {
        "id": fields.Integer(required=True),
        "uid": fields.String(required=True, metadata={"description": "Stable calendar UID."}),
        "url": fields.String(required=True, metadata={"description": "The public event page."}),
        "ical_url": fields.String(required=True),
        "status": fields.String(required=True, validate=PUBLIC_STATUS),
        "cancellation_reason": fields.String(required=True, allow_none=True),
        **spec_properties(
            EVENT_FIELDS,
            {
                "campaign_year": fields.Integer(required=True),
                "region": fields.Nested(RegionRefSchema, required=True, allow_none=True),
                "themes": fields.List(fields.Nested(ThemeSchema), required=True),
                "starts_at": fields.AwareDateTime(required=True, allow_none=True),
                "end_date": fields.Date(required=True),  # the first day when none was given
                "ends_at": fields.AwareDateTime(required=True, allow_none=True),
                "venue": fields.Nested(VenueSchema, required=True),
                "contact": fields.Nested(ContactSchema, required=True),
            },
        ),
        "sequence": fields.Integer(required=True),
        "published_at": fields.AwareDateTime(required=True, allow_none=True),
        "cancelled_at": fields.AwareDateTime(required=True, allow_none=True),
        "updated_at": fields.AwareDateTime(required=True),
    },
    name="EventSchema",
)


ProjectSchema = Schema.from_dict(
    {
        "id": fields.Integer(required=True),
        "url": fields.String(required=True),
        "status": fields.String(required=True, validate=PUBLIC_STATUS),
        **spec_properties(
            PROJECT_FIELDS,
            {
                "region": fields.Nested(RegionRefSchema, required=True),
                "themes": fields.List(fields.Nested(ThemeSchema), required=True),
                "campaign_years": fields.List(fields.Integer(), required=True),
            },
        ),
        "published_at": fields.AwareDateTime(required=True, allow_none=True),
        "updated_at": fields.AwareDateTime(required=True),
    },
    name="ProjectSchema",
)


class TombstoneSchema(Schema):
    type = fields.String(
        required=True, validate=validate.OneOf(["event", "project", "retrospective"])
    )
    id = fields.Integer(required=True, metadata={"description": "Id (or year) of the item."})
    reason = fields.String(
        required=True, validate=validate.OneOf([r.value for r in TombstoneReason])
    )
    removed_at = fields.AwareDateTime(required=True)


class PageSchema(Schema):
    next_cursor = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Pass as `cursor` for the next page; null on the last page."},
    )
    tombstones = fields.List(
        fields.Nested(TombstoneSchema),
        required=True,
        metadata={
            "description": "With `updated_since`, on the first page: items cancelled, "
            "withdrawn or deleted since then (at most 1000). Otherwise empty."
        },
    )


class EventPageSchema(PageSchema):
    items = fields.List(fields.Nested(EventSchema), required=True)


class ProjectPageSchema(PageSchema):
    items = fields.List(fields.Nested(ProjectSchema), required=True)


class RegionListSchema(Schema):
    items = fields.List(fields.Nested(RegionSchema), required=True)


class ThemeListSchema(Schema):
    items = fields.List(fields.Nested(ThemeSchema), required=True)


class CampaignListSchema(Schema):
    items = fields.List(fields.Nested(CampaignSchema), required=True)


class RetrospectiveSchema(Schema):
    year = fields.Integer(required=True)
    published_at = fields.AwareDateTime(required=True)
    document = fields.Dict(
        required=True,
        metadata={
            "description": "The frozen snapshot, as in /retrospectives/<year>.json "
            "(schema_version, campaign, figures, editorial)."
        },
    )


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per query argument."},
    )
