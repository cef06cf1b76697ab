"""The feed builder: choose regions, themes and kind; get https, webcal:// and a QR code."""

from urllib.parse import urlencode

import segno
from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from actiondays.extensions import db
from actiondays.services.feeds import ensure_alias
from actiondays.services.listings import EventFilters, campaign_years
from actiondays.web.public import bp
from actiondays.web.public.feeds import feed_name
from actiondays.web.public.filters import filters_or_400
from actiondays.web.public.views import filter_choices

#: Longer subscription URLs get a short alias: Google's "add by URL" fails on long ones.
ALIAS_THRESHOLD = 100


def _https(url: str) -> str:
    if request.is_secure or current_app.config.get("PREFERRED_URL_SCHEME") == "https":
        return "https://" + url.split("://", 1)[1]
    return url


def qr_svg(url: str) -> Markup:
    """The URL as an inline SVG QR code (rendered on the server, no JavaScript)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, dark="#1b1f24", light="#ffffff", title=_("QR code of the calendar link")
    )
    return Markup(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S704 - segno output


@bp.get("/subscribe")
def subscribe():
    """Build a subscription link for regions, themes and kind; explain each calendar app."""
    parsed = filters_or_400(request.args)
    filters = EventFilters(
        year=parsed.year, regions=parsed.regions, themes=parsed.themes, kind=parsed.kind
    )
    full_url = _https(url_for("public.calendar_feed", _external=True, **filters.url_args()))
    alias_url = None
    if len(full_url) > ALIAS_THRESHOLD:
        alias = ensure_alias(urlencode(filters.query_args()))
        db.session.commit()
        alias_url = _https(url_for("public.alias_feed", code=alias.code, _external=True))
    feed_url = alias_url or full_url
    webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    regions, themes = filter_choices()
    return render_template(
        "public/subscribe.html",
        years=db.session.scalars(campaign_years()).all(),
        filters=filters,
        regions=regions,
        themes=themes,
        feed_name=feed_name(filters),
        full_url=full_url,
        alias_url=alias_url,
        feed_url=feed_url,
        webcal_url=webcal_url,
        qr=qr_svg(feed_url),
    )
