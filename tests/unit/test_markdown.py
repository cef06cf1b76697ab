"""Markdown descriptions are rendered and sanitised."""

import pytest
from bs4 import BeautifulSoup

from actiondays.markdown import render_markdown


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klick](javascript:alert(1))",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<iframe src='https://example.org'></iframe>",
    ],
)
def test_hostile_markup_is_neutralised(hostile):
    tree = BeautifulSoup(render_markdown(hostile), "html.parser")
    assert tree.find(["script", "iframe", "img"]) is None
    for element in tree.find_all(True):
        assert not [name for name in element.attrs if name.startswith("on")]
        assert not element.get("href", "").startswith("javascript:")


def test_links_get_nofollow_noopener():
    html = render_markdown("[Programm](https://example.org/programm)")
    assert 'href="https://example.org/programm"' in html
    assert 'rel="nofollow noopener"' in html


def test_emphasis_and_lists_survive():
    html = render_markdown("**wichtig**\n\n- eins\n- zwei")
    assert "<strong>wichtig</strong>" in html
    assert html.count("<li>") == 2
