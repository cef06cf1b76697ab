"""Markdown to safe HTML: CommonMark rendering, then an allow-list sanitiser."""

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def render_markdown(text: str, *, tags: set[str] = _TAGS) -> str:
    """Render Markdown safely: no raw HTML, scripts or handlers; links get nofollow noopener."""
    html = _md.render(text)
    return nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def render_page_markdown(text: str) -> str:
    """Whole pages (legal texts): the same sanitiser, plus second-level headings."""
    return render_markdown(text, tags=_TAGS | {"h2"})
