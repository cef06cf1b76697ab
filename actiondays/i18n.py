"""Locale selection: the visitor's explicit choice (cookie), otherwise German."""

from flask import current_app, has_request_context, request

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """German by default; English when the visitor chose it with the language switch."""
    if not has_request_context():  # CLI and background work speak German
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = request.cookies.get(LANGUAGE_COOKIE)
    if choice in current_app.config["LANGUAGES"]:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]
