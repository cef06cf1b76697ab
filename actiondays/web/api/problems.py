"""RFC 9457 problem documents for every error under /api/."""

import json
from http import HTTPStatus

from flask import current_app, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "application/problem+json"


def _plain(messages) -> dict[str, list[str]]:
    """webargs' nested messages ({"query": {"year": [...]}}) as {argument: [sentences]}."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(prefix, item)
        else:
            flat.setdefault(prefix or "request", []).append(str(value))

    for location_messages in (messages or {}).values():
        walk("", location_messages)
    return {key.split(".")[0]: values for key, values in flat.items()}


def problem_response(status: int, detail: str, errors: dict | None = None, headers=None):
    """A problem+json response; `type` points at the problems section of the API page."""
    body = {
        "type": url_for("opendata.api_docs", _external=True, _anchor="problems"),
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_TYPE
    )
    response.headers["Cache-Control"] = "no-store"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def problem_for(error: HTTPException):
    """The problem document for an HTTP error raised under /api/ (304 passes through)."""
    if error.code is None or error.code < 400:
        return error
    data = getattr(error, "data", None) or {}
    errors = _plain(data.get("messages")) if "messages" in data else None
    if errors:
        name, messages = next(iter(errors.items()))
        detail = _("Query argument “%(name)s”: %(message)s", name=name, message=messages[0])
    elif error.code == 404:
        detail = _("There is no such resource. The API page lists every resource.")
    elif error.code == 405:
        detail = _("The API is read-only: only GET requests are answered.")
    else:
        detail = error.description or HTTPStatus(error.code).phrase
    return problem_response(error.code, detail, errors, data.get("headers"))
