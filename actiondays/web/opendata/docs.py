"""The readable API page, rendered on the server from the OpenAPI document."""

from flask import current_app, render_template, url_for

from actiondays.web.opendata import bp


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
                "description": p.get("description") or p.get("schema", {}).get("description", ""),
                "required": p.get("required", False),
            }
            for p in resolved
        ]
        answer = operation["responses"].get("200", {})
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        result.append(
            {
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": parameters,
                "answer": _type_label(spec, schema) if schema else "",
            }
        )
    return result


def schemas(spec: dict) -> list[dict]:
    """Every resource schema with its properties (name, type, nullable, description)."""
    result = []
    for name, schema in spec["components"]["schemas"].items():
        if name.endswith("Args"):
            continue
        properties = [
            {
                "name": key,
                "type": _type_label(spec, value),
                "description": value.get("description", ""),
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
