"""Error pages in the visitor's language; never a bare stack trace."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from actiondays.extensions import db

#: Downloads answer a client that does not ask for HTML first (curl, scripts) with an
#: RFC 9457 problem document, like the API; a browser gets the error page.
DOWNLOADS = frozenset(
    {"opendata.download_events", "opendata.download_projects", "opendata.download_regions"}
)


def _problem_wanted() -> bool:
    if request.path.startswith("/api/"):
        return True
    if request.endpoint not in DOWNLOADS:
        return False
    wanted = request.accept_mimetypes.best_match(["application/problem+json", "text/html"])
    return wanted != "text/html"


def register(app: Flask) -> None:
    """Render HTTP errors with the site template (JSON for /healthz-style clients)."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/error.html", error=error, csrf=True), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _problem_wanted() and "opendata_problem" in app.extensions:
            return app.extensions["opendata_problem"](error)
        if request.path.endswith((".ics", ".json", ".csv", ".xlsx", ".pdf")):
            return error
        return render_template("errors/error.html", error=error), error.code

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        if _problem_wanted() and "opendata_problem" in app.extensions:
            return app.extensions["opendata_problem"](InternalServerError())
        return render_template("errors/error.html", error=None), 500
