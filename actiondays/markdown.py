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


def markdown_to_text(text: str) -> str:
    """Markdown as readable plain text (for calendar descriptions): blocks apart by a blank
    line, list items with a dash or number, links as "text (URL)", images as their alt text."""
    blocks: list[str] = []
    prefixes: list[str] = []
    counters: list[int | None] = []
    for token in _md.parse(text):
        if token.type == "bullet_list_open":
            counters.append(None)
        elif token.type == "ordered_list_open":
            counters.append(int(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
        elif token.type == "list_item_open":
            number = counters[-1]
            if number is None:
                prefixes.append("- ")
            else:
                prefixes.append(f"{number}. ")
                counters[-1] = number + 1
        elif token.type == "inline":
            line = _inline_text(token.children or [])
            if prefixes:
                line = prefixes.pop() + line
            blocks.append(line)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(block for block in blocks if block.strip())


def _inline_text(children) -> str:
    out: list[str] = []
    hrefs: list[tuple[str, int]] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
        elif child.type == "link_open":
            hrefs.append((str(child.attrGet("href") or ""), len(out)))
        elif child.type == "link_close" and hrefs:
            href, start = hrefs.pop()
            label = "".join(out[start:])
            if href and label.strip() != href and label.strip() != href.removeprefix("mailto:"):
                out.append(f" ({href})")
    return "".join(out)
