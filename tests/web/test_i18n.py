"""German first, English complete, catalogues without gaps."""

import importlib.util
from pathlib import Path

from tests.conftest import html, text_of

ROOT = Path(__file__).resolve().parents[2]


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_have_no_untranslated_fuzzy_or_missing_entries():
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
