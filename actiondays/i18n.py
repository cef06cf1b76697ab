"""Locale selection: the visitor's explicit choice (cookie), else the browser's
Accept-Language on a first visit, otherwise German."""

from flask import current_app, has_request_context, request

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """The language switch's choice; on a first visit the best match of Accept-Language;
    German when neither says anything we speak."""
    if not has_request_context():  # CLI and background work speak German
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = request.cookies.get(LANGUAGE_COOKIE)
    languages = current_app.config["LANGUAGES"]
    if choice in languages:
        return choice
    best = request.accept_languages.best_match(languages)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]
