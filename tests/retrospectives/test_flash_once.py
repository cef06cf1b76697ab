"""Saving, publishing and unpublishing a retrospective each say so once."""

from actiondays.models import Role
from tests.conftest import html
from tests.funding.conftest import post_form
from tests.web.test_flash_once import flash_of


def test_retrospective_actions_flash_once(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    edit = "/review/retrospectives/2012"
    texts = {"introduction": "Ein gutes Jahr.", "closing_text": "Danke.", "version": "0"}
    page = html(client.get(edit))
    form = page.select_one("form[action$='/text']")
    for field in form.select("input[type=hidden]"):
        texts.setdefault(field["name"], field.get("value", ""))
    texts["version"] = form.select_one("input[name=version]")["value"]
    assert flash_of(client, post_form(client, edit, texts, f"{edit}/text"))
    published = post_form(client, edit, {"confirm_missing": "y"}, f"{edit}/publish")
    assert "veröffentlicht" in flash_of(client, published)
    unpublished = post_form(client, edit, {"confirm": "y"}, f"{edit}/unpublish")
    assert "nicht mehr veröffentlicht" in flash_of(client, unpublished)
