"""German first, English complete, catalogues without gaps."""

import importlib.util
import re
from pathlib import Path

from tests.conftest import html, text_of

ROOT = Path(__file__).resolve().parents[2]


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_have_no_untranslated_fuzzy_missing_or_conflicting_entries():
    assert _i18n_script().problems() == []


def test_german_is_the_default(client, seeded):
    response = client.get("/events")
    page = html(response)
    assert page.html["lang"] == "de"
    assert text_of(page.h1) == "Veranstaltungen"
    assert text_of(page.select_one(".skip-link")) == "Zum Inhalt springen"


def test_language_switch_sets_english(client, seeded):
    response = client.get("/language/en?next=/events")
    assert response.status_code == 302
    assert response.headers["Location"] == "/events"
    page = html(client.get("/events"))
    assert page.html["lang"] == "en"
    assert text_of(page.h1) == "Events"


def test_language_switch_refuses_foreign_redirects(client, seeded):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/language/de", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client, seeded):
    assert client.get("/language/fr").status_code == 404


def test_page_has_landmarks_and_skip_link(client, seeded):
    page = html(client.get("/"))
    for landmark in ("header", "main", "footer"):
        assert page.find(landmark) is not None
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.find("main")["id"] == "main"


# A count placeholder followed (within two words) by a plural noun must come from ngettext:
# "%(num)d events" in a plain gettext string reads "1 Veranstaltungen" for one.
PLURAL_NOUNS = (
    "events|projects|rows|regions|participants|days|pages|accounts|items|organisations|themes"
    "|workshops|duplicates|partners|entries|errors|changes|years|months|people|reports"
)
COUNT_THEN_PLURAL = re.compile(r"%\((\w+)\)[sd] (?:[\w-]+ ){0,2}?(?:" + PLURAL_NOUNS + r")\b")


def test_count_followed_by_a_plural_noun_uses_ngettext():
    script = _i18n_script()
    singular_only = [
        f"{area}: {message.id!r}"
        for area, files in script._sources().items()
        for message in script.extract(area, files)
        if isinstance(message.id, str)
        and COUNT_THEN_PLURAL.search(message.id)
        and not COUNT_THEN_PLURAL.search(message.id).group(1) == "max"  # a fixed limit, never 1
    ]
    assert singular_only == []


def test_plural_check_finds_a_count_without_ngettext():
    assert COUNT_THEN_PLURAL.search("%(created)d events imported")
    assert COUNT_THEN_PLURAL.search("the %(total)d participating projects")
    assert not COUNT_THEN_PLURAL.search("Action period: %(start)s to %(end)s")
