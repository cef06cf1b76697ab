"""Message catalogues, one per audience area: extract/update, compile, check.

    python scripts/i18n.py update    # extract messages and update the de/en catalogues
    python scripts/i18n.py compile   # build the .mo files (done by `make install`)
    python scripts/i18n.py check     # fail on untranslated, fuzzy or missing entries

Each area has its own catalogue under actiondays/translations/<area>/ so that work on one area
never touches another's file; Flask-Babel merges all of them at run time. English message ids;
the English catalogue repeats them, the German one translates them.
"""

import sys
from fnmatch import fnmatch
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "actiondays" / "translations"
LOCALES = ("de", "en")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
JINJA = "jinja2.ext:babel_extract"
JINJA_OPTIONS = {"extensions": "jinja2.ext.do", "trimmed": "true"}

# First matching area wins; "core" takes everything else.
AREAS: dict[str, tuple[str, ...]] = {
    # Hardening (issue 9); listed first so its files in auth/ are not taken by "manage".
    "security": (
        "actiondays/web/security.py",
        "actiondays/web/sessions.py",
        "actiondays/web/auth/views_security.py",
        "actiondays/web/auth/second_factor.py",
        "actiondays/web/admin/views_second_factor.py",
        "actiondays/services/sessions.py",
        "actiondays/services/versions.py",
        "actiondays/services/passwords.py",
        "actiondays/services/second_factor.py",
        "actiondays/spreadsheets.py",
        "actiondays/limits.py",
        "actiondays/backup.py",
        "templates/security/*",
    ),
    "mail": (
        "actiondays/mail/*",
        "templates/mail/*",
        "actiondays/web/auth/views_mail.py",
        "actiondays/web/auth/forms_mail.py",
        "actiondays/web/admin/views_mail.py",
        "actiondays/web/admin/views_invite.py",
    ),
    "portal": (
        "actiondays/web/portal/*",
        "actiondays/web/admin/views_portal.py",
        "actiondays/web/admin/forms_portal.py",
        "actiondays/services/portal/*",
        "actiondays/services/regions.py",
        "templates/portal/*",
        "templates/_footer.html",
        "templates/_easy_link.html",
    ),
    "opendata": (
        "actiondays/web/api/*",
        "actiondays/web/opendata/*",
        "templates/opendata/*",
        "actiondays/services/opendata.py",
        "actiondays/exports/listing.py",
        "actiondays/geo/*",
        "actiondays/models/tombstone.py",
    ),
    "funding": (
        "actiondays/web/funding/*",
        "templates/funding/*",
        "actiondays/services/funding/*",
        "actiondays/models/funding.py",
        "actiondays/demo/funding.py",
        "actiondays/exports/funding_*",
    ),
    "public": (
        "actiondays/web/public/*",
        "templates/public/*",
        "actiondays/services/listings.py",
        "actiondays/ical.py",
        "actiondays/services/feeds.py",
    ),
    "manage": (
        "actiondays/web/auth/*",
        "actiondays/web/manage/*",
        "actiondays/web/review/*",
        "actiondays/web/admin/*",
        "templates/auth/*",
        "templates/manage/*",
        "templates/review/*",
        "templates/admin/*",
        "actiondays/services/events.py",
        "actiondays/services/projects.py",
        "actiondays/services/reports.py",
        "actiondays/services/imports.py",
        "actiondays/services/permissions.py",
        "actiondays/services/accounts.py",
        "actiondays/services/administration.py",
        "actiondays/services/transitions.py",
        "actiondays/services/worklists.py",
    ),
    "indicators": (
        "actiondays/web/indicators/*",
        "templates/indicators/*",
        "actiondays/services/indicators.py",
        "actiondays/services/indicator_import.py",
        "actiondays/indicator_charts.py",
    ),
    "retrospectives": (
        "actiondays/web/retrospectives/*",
        "templates/retrospectives/*",
        "actiondays/services/retrospectives.py",
        "actiondays/services/retrospective_figures.py",
        "actiondays/exports/*",
        "actiondays/charts.py",
    ),
    "core": ("actiondays/*", "templates/*"),
}


def _sources() -> dict[str, list[Path]]:
    files = sorted(
        p
        for p in [
            *ROOT.glob("actiondays/**/*.py"),
            *ROOT.glob("templates/**/*.html"),
            *ROOT.glob("templates/**/*.txt"),
            *ROOT.glob("templates/**/*.svg"),
        ]
        if p.is_file()
    )
    by_area: dict[str, list[Path]] = {area: [] for area in AREAS}
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        for area, patterns in AREAS.items():
            if any(fnmatch(rel, pattern) for pattern in patterns):
                by_area[area].append(path)
                break
    return by_area


def extract(area: str, files: list[Path]) -> Catalog:
    template = Catalog(project="actiondays", fuzzy=False)
    for path in files:
        method = "python" if path.suffix == ".py" else JINJA
        options = None if method == "python" else JINJA_OPTIONS
        for lineno, message, comments, context in extract_from_file(
            method,
            path,
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            options=options,
            strip_comment_tags=True,
        ):
            template.add(
                message,
                None,
                [(path.relative_to(ROOT).as_posix(), lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def _po_path(area: str, locale: str) -> Path:
    return TRANSLATIONS / area / locale / "LC_MESSAGES" / "messages.po"


def _read(path: Path, locale: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, project="actiondays")
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(
            fh,
            catalog,
            width=100,
            omit_header=False,
            ignore_obsolete=True,
            include_lineno=False,
            sort_output=True,
        )


def update() -> None:
    for area, files in _sources().items():
        template = extract(area, files)
        for locale in LOCALES:
            path = _po_path(area, locale)
            catalog = _read(path, locale)
            catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
            catalog.fuzzy = False
            for message in catalog:
                if not message.id:
                    continue
                message.flags.discard("fuzzy")
                if locale == "en" and not _translated(message):
                    message.string = message.id
            _write(path, catalog)
        print(f"{area}: {len(template)} messages from {len(files)} files")


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def problems() -> list[str]:
    """Every untranslated, fuzzy or missing entry, and every message two areas translate
    differently (the catalogues are merged at run time, so which one wins would depend on the
    loading order), as readable lines."""
    found = []
    seen: dict[tuple[str, object], tuple[object, Path]] = {}
    for area, files in _sources().items():
        template = extract(area, files)
        for locale in LOCALES:
            path = _po_path(area, locale)
            catalog = _read(path, locale)
            for message in template:
                if message.id and message.id not in catalog:
                    found.append(f"{path}: missing {message.id!r}")
            for message in catalog:
                if not message.id:
                    continue
                if message.fuzzy:
                    found.append(f"{path}: fuzzy {message.id!r}")
                elif not _translated(message):
                    found.append(f"{path}: untranslated {message.id!r}")
                else:
                    key = (locale, message.id)
                    earlier = seen.setdefault(key, (message.string, path))
                    if earlier[0] != message.string:
                        found.append(
                            f"{path}: {message.id!r} is translated differently in {earlier[1]}"
                        )
    return found


def compile_all() -> None:
    for po in TRANSLATIONS.glob("*/*/LC_MESSAGES/messages.po"):
        catalog = _read(po, po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
