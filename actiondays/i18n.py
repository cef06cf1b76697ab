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


#: Date and time patterns per interface language, used wherever a page, feed text, PDF or mail
#: formats a date through Flask-Babel with a named length ("short", "medium", "long", "full").
#: English writes day, month name and year ("2 December 2026") so no reader has to guess
#: between day/month and month/day; a 24-hour clock as in the German pages. German keeps
#: babel's patterns except for four-digit years and minutes without seconds.
DATE_PATTERNS: dict[str, dict[str, str]] = {
    "en": {
        "date.short": "d MMM y",
        "date.medium": "d MMM y",
        "date.long": "d MMMM y",
        "date.full": "EEEE, d MMMM y",
        "time.short": "HH:mm",
        "time.medium": "HH:mm",
        "datetime.short": "d MMM y, HH:mm",
        "datetime.medium": "d MMM y, HH:mm",
        "datetime.long": "d MMMM y, HH:mm",
        "datetime.full": "EEEE, d MMMM y, HH:mm",
    },
    "de": {
        "date.short": "dd.MM.y",
        "time.medium": "HH:mm",
        "datetime.short": "dd.MM.y, HH:mm",
        "datetime.medium": "dd.MM.y, HH:mm",
        "datetime.long": "d. MMMM y, HH:mm",
        "datetime.full": "EEEE, d. MMMM y, HH:mm",
    },
}


class LocaleDateFormats(dict):
    """Flask-Babel's `date_formats` mapping, answered per language of the current context:
    a named length resolves to the pattern of DATE_PATTERNS, else to the locale's own."""

    def __getitem__(self, key: str):
        from flask_babel import get_locale

        locale = get_locale()
        if locale is not None:
            pattern = DATE_PATTERNS.get(locale.language, {}).get(key)
            if pattern is not None:
                return pattern
        return super().__getitem__(key)
