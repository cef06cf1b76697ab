"""Pages with several forms keep element ids unique (WCAG 2.1, 4.1.1) and label every control."""

from collections import Counter
from datetime import datetime, timedelta

import pytest

from actiondays.models import Role
from actiondays.models.event import BERLIN
from tests.conftest import html


@pytest.fixture
def pages(client, login_as, make_user, make_event, open_campaign):
    """Paths of the working area pages with most forms, as an admin sees them."""
    login_as(Role.ADMIN)
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    submitted = make_event(campaign=open_campaign, day=day, status="submitted")
    published = make_event(campaign=open_campaign, day=day, title="Zwei")
    other = make_user()
    return [
        "/review/",
        "/review/accounts",
        f"/manage/events/{submitted.id}",
        f"/manage/events/{published.id}",
        "/manage/events/new",
        "/manage/projects/new",
        "/manage/import",
        f"/admin/users/{other.id}",
        "/admin/campaigns",
        "/admin/themes",
    ]


def test_ids_are_unique_and_controls_labelled(client, pages):
    for path in pages:
        page = html(client.get(path))
        ids = Counter(node["id"] for node in page.select("[id]"))
        assert [i for i, n in ids.items() if n > 1] == [], path
        for control in page.select("main input:not([type=hidden]), main select, main textarea"):
            labelled = page.select_one(f"label[for='{control.get('id')}']") or control.find_parent(
                "label"
            )
            assert labelled is not None, (path, control.get("name"))
        assert page.select("[aria-invalid=None], [aria-describedby=None]") == [], path
