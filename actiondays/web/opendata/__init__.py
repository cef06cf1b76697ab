"""Open data pages for the public: API documentation, downloads, map, embeds, sitemap."""

from flask import Blueprint

bp = Blueprint("opendata", __name__)

from actiondays.web.opendata import docs, downloads, embed, maps, sitemap  # noqa: E402, F401 - registers the routes on bp
