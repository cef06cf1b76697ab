"""Helpers shared by the blueprints: safe redirects, template filters and globals."""

from datetime import date, datetime
from urllib.parse import urlsplit

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale
from markupsafe import Markup

from actiondays.markdown import render_markdown, render_page_markdown


def safe_next_url(target: str | None, default_endpoint: str = "public.index") -> str:
    """Only local paths are allowed as redirect targets (no scheme, no host, no //)."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for(default_endpoint)


def add_form_error(form, error) -> None:
    """Put a DomainError's message next to its field, or above the form if it has none."""
    message = str(error.message)
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, message]
    else:
        form.form_errors.append(message)


def event_when(event) -> str:
    """Human-readable date range of an event in the interface language."""
    if event.is_all_day:
        if event.starts_on == event.ends_on:
            return format_date(event.starts_on, "full")
        return f"{format_date(event.starts_on, 'medium')} – {format_date(event.ends_on, 'medium')}"
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return (
            f"{format_date(start.date(), 'full')}, "
            f"{format_time(start, 'short')} – {format_time(end, 'short')}"
        )
    return f"{format_datetime(start, 'medium')} – {format_datetime(end, 'medium')}"


def url_with(**changes) -> str:
    """The current URL with some query arguments replaced or removed (value None)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def register(app: Flask) -> None:
    """Template filters and globals."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markdown"] = lambda text: Markup(render_markdown(text or ""))  # noqa: S704 - sanitised by nh3
    app.jinja_env.filters["page_markdown"] = lambda text: Markup(render_page_markdown(text or ""))  # noqa: S704 - sanitised by nh3
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if isinstance(value, date | datetime) else ""
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["decimal"] = lambda value: (
        format_decimal(value, format="#,##0.##") if value is not None else ""
    )
    app.jinja_env.globals.update(
        event_when=event_when, url_with=url_with, current_language=lambda: str(get_locale())
    )
