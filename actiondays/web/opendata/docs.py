"""The readable API page, rendered on the server from the OpenAPI document."""

from flask import current_app, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from actiondays.web.opendata import bp

#: The texts of the OpenAPI document (docstrings and schema descriptions, English there) as
#: messages, so the readable page speaks the visitor's language. A text missing here simply
#: shows in English.
DOCUMENT_TEXTS = (
    _l("Campaign year."),
    _l("Every campaign year with its registration window and action period."),
    _l("Every region with its official key (AGS) and validity; `valid_on` for one day."),
    _l("Id (or year) of the item."),
    _l("Items per page (1–100)."),
    _l("Last day (inclusive)."),
    _l("Markdown."),
    _l("Messages per query argument."),
    _l("One public event."),
    _l("One public project."),
    _l(
        "Only items changed at or after this instant (ISO 8601 with offset); the answer then "
        "also lists tombstones."
    ),
    _l("Only regions that existed on this day (ISO 8601 date)."),
    _l(
        "Ordered by first day and id; with `updated_since` by time of change and id, and the "
        "first page also lists the tombstones of events cancelled or withdrawn since then."
    ),
    _l("Participating projects, filtered like /projects, in pages of up to 100."),
    _l("Pass as `cursor` for the next page; null on the last page."),
    _l("Published (and cancelled) events, filtered like /events, in pages of up to 100."),
    _l("Region slug (repeatable, any of them)."),
    _l("Stable calendar UID."),
    _l("Tag to check against"),
    _l("Text in title, summary, venue or organisation."),
    _l(
        "The frozen snapshot, as in /retrospectives/<year>.json (schema_version, campaign, "
        "figures, editorial)."
    ),
    _l("The public event page."),
    _l("The published retrospective of a year: its frozen snapshot (404 while unpublished)."),
    _l("The themes, in display order, with German and English names."),
    _l("Theme slug (repeatable, any of them)."),
    _l(
        "With `updated_since`, on the first page: items cancelled, withdrawn or deleted since "
        "then (at most 1000). Otherwise empty."
    ),
    _l("`action_day` or `ideas_workshop`."),
    _l("`next_cursor` of the previous page."),
)
#: flask-smorest's own schemas, not used by this API's answers.
LIBRARY_SCHEMAS = {"PaginationMetadata", "Error"}


def _text(text: str) -> str:
    """A text of the document in the visitor's language (whitespace of docstrings folded)."""
    folded = " ".join((text or "").split())
    return gettext(folded) if folded else ""


def openapi_document() -> dict:
    """The OpenAPI document flask-smorest builds from the API's schemas."""
    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    return api.spec.to_dict()


def _schema_of(spec: dict, node: dict | None) -> dict:
    """Follow a `$ref` into components/schemas."""
    while node and "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node or {}


def _type_label(spec: dict, node: dict) -> str:
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1].removesuffix("Schema")
    if "anyOf" in node:
        return " | ".join(_type_label(spec, part) for part in node["anyOf"])
    kind = node.get("type", "object")
    if isinstance(kind, list):
        return " | ".join(kind)
    if kind == "array":
        return f"array of {_type_label(spec, node.get('items', {}))}"
    return f"{kind} ({node['format']})" if "format" in node else kind


def operations(spec: dict) -> list[dict]:
    """Every GET operation with its parameters and the properties of its answer."""
    result = []
    for path, methods in spec["paths"].items():
        operation = methods.get("get")
        if not operation:
            continue
        declared = [*methods.get("parameters", []), *operation.get("parameters", [])]
        resolved = [
            spec["components"]["parameters"][p["$ref"].rsplit("/", 1)[-1]] if "$ref" in p else p
            for p in declared
        ]
        parameters = [
            {
                "name": p["name"],
                "where": p["in"],
                "type": _type_label(spec, p.get("schema", {})),
                "description": _text(
                    p.get("description") or p.get("schema", {}).get("description", "")
                ),
                "required": p.get("required", False),
            }
            for p in resolved
        ]
        answer = operation["responses"].get("200", {})
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        result.append(
            {
                "path": path,
                "summary": _text(operation.get("summary", "")),
                "description": _text(operation.get("description", "")),
                "parameters": parameters,
                "answer": _type_label(spec, schema) if schema else "",
            }
        )
    return result


def schemas(spec: dict) -> list[dict]:
    """Every resource schema with its properties (name, type, nullable, description)."""
    result = []
    for name, schema in spec["components"]["schemas"].items():
        if name.endswith("Args") or name in LIBRARY_SCHEMAS:
            continue
        properties = [
            {
                "name": key,
                "type": _type_label(spec, value),
                "description": _text(value.get("description", "")),
            }
            for key, value in schema.get("properties", {}).items()
        ]
        result.append({"name": name.removesuffix("Schema"), "properties": properties})
    return result


@bp.get("/api/v1/")
def api_docs():
    """The API documentation: resources, filters, pagination, sync, caching, errors."""
    spec = openapi_document()
    return render_template(
        "opendata/api_docs.html",
        operations=operations(spec),
        schemas=schemas(spec),
        openapi_url=url_for("api-docs.openapi_json"),
        base_url=url_for("opendata.api_docs", _external=True).rstrip("/"),
    )
