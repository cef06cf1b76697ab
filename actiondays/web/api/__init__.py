"""The read-only JSON API `/api/v1/` (flask-smorest: schemas → validation and OpenAPI 3.1).

Anonymous and read-only: it shows what the public pages show and nothing more, never reads
the session and never sets a cookie. CORS allows GET from any origin (flask-cors). Errors are
RFC 9457 problem documents (`application/problem+json`).
"""

import http

from flask import Flask
from flask_cors import CORS
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser

from actiondays.web.api.problems import PROBLEM_TYPE, problem_for
from actiondays.web.api.schemas import ProblemSchema

PREFIX = "/api/v1"


class _Parser(FlaskParser):
    """Bad query arguments are a 400 (with a problem document), not webargs' 422."""

    DEFAULT_VALIDATION_STATUS = 400


class ApiBlueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = _Parser()


class OpenDataApi(Api):
    """flask-smorest's Api for one blueprint among HTML ones.

    Its default would answer every HTTP error of the whole site with JSON; ours answers
    problem documents for /api/ paths only (see `problems.py`, wired in `web/errors.py`), and
    documents the error responses with the problem media type.
    """

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        pass

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Problem document (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


bp = ApiBlueprint(
    "api",
    __name__,
    url_prefix=PREFIX,
    description="Published events, projects, regions, themes, campaigns and retrospectives.",
)

from actiondays.web.api import views  # noqa: E402, F401 - registers the routes on bp

API_SETTINGS = {
    "API_TITLE": "Aktionstage gegen Kinderarmut – Open Data API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "Read-only and anonymous. Cursor pagination (`next_cursor`), "
            "incremental sync with `updated_since` and tombstones, ETag/304, CORS for GET. "
            "Errors are RFC 9457 problem documents.",
        },
    },
}


def register_api(app: Flask) -> None:
    """Mount /api/v1 with its OpenAPI document and CORS for GET."""
    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    api = OpenDataApi(app)
    api.register_blueprint(bp)
    CORS(
        app,
        resources={rf"{PREFIX}/*": {"origins": "*"}},
        methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["If-None-Match"],
        expose_headers=["ETag"],
        supports_credentials=False,
        send_wildcard=True,
        max_age=86400,
    )
    app.extensions["opendata_problem"] = problem_for
