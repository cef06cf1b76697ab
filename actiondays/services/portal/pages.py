"""Legal and trust pages: the current text per language, every save kept as a version.

Each save stores the whole text as a new `SitePageVersion`; "what changed" is a diff between
two versions, computed when shown (difflib), so nothing can get out of step with the texts.
"""

import difflib
import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from actiondays.db import utcnow
from actiondays.errors import ValidationFailed
from actiondays.extensions import db
from actiondays.models import SitePage, SitePageVersion, SiteSetting
from actiondays.models.portal import PAGE_SLUGS
from actiondays.services import audit, permissions
from actiondays.services.events import StaleEdit
from actiondays.services.permissions import require

log = logging.getLogger(__name__)
LANGUAGES = ("de", "en")
MAX_BODY = 100_000
SIGN_LANGUAGE_VIDEO = "sign_language_video"
VIDEO_SUFFIXES = (".mp4", ".webm")


def find_page(slug: str, language: str) -> SitePage | None:
    """The page in this language, else the German one, else None (not written yet)."""
    pages = {
        p.language: p
        for p in db.session.scalars(select(SitePage).where(SitePage.slug == slug)).all()
    }
    return pages.get(language) or pages.get("de")


def page_for_edit(slug: str, language: str) -> SitePage | None:
    """Exactly this page and language, for the editor."""
    return db.session.scalar(
        select(SitePage).where(SitePage.slug == slug, SitePage.language == language)
    )


def _check(title: str, body: str) -> None:
    errors: dict[str, list] = {}
    if not title.strip():
        errors["title"] = [_l("Please enter a title.")]
    elif len(title.strip()) > 200:
        errors["title"] = [_l("Please use at most %(max)d characters.", max=200)]
    if not body.strip():
        errors["body"] = [_l("A legal page cannot be empty. Please enter its text (Markdown).")]
    elif len(body) > MAX_BODY:
        errors["body"] = [_l("Please use at most %(max)d characters.", max=MAX_BODY)]
    if errors:
        raise ValidationFailed(errors)


def save_page(
    slug: str, language: str, title: str, body: str, actor, based_on: int | None = None
) -> SitePage:
    """Save a page's text; an unchanged text adds no version. `based_on` is the version the
    editor started from: if someone saved in between, StaleEdit (nothing is saved)."""
    require(permissions.can_edit_site_pages(actor))
    if slug not in PAGE_SLUGS or language not in LANGUAGES:
        raise ValidationFailed({"body": [_l("This page does not exist.")]})
    body = body.replace("\r\n", "\n")
    _check(title, body)
    page = page_for_edit(slug, language)
    if page is not None and based_on is not None and based_on != page.version:
        raise StaleEdit(
            _l(
                "Someone else has saved this page in the meantime. Please reload it and "
                "apply your changes again."
            )
        )
    if page is None:
        page = SitePage(slug=slug, language=language, title="", body="")
        db.session.add(page)
    elif page.title == title.strip() and page.body == body:
        return page
    number = len(page.versions) + 1
    page.title, page.body = title.strip(), body
    page.updated_at, page.updated_by_id = utcnow(), actor.id
    page.versions.append(
        SitePageVersion(number=number, title=page.title, body=body, created_by_id=actor.id)
    )
    db.session.flush()
    audit.record(actor, "update_page", page, {"version": [number - 1 or None, number]})
    log.info("page %s/%s saved as version %d by %s", slug, language, number, actor.email)
    return page


def version_diff(page: SitePage, number: int) -> tuple[SitePageVersion, list[str]] | None:
    """Version `number` and a unified diff against the one before (empty for the first)."""
    by_number = {v.number: v for v in page.versions}
    version = by_number.get(number)
    if version is None:
        return None
    before = by_number.get(number - 1)
    old = f"# {before.title}\n\n{before.body}" if before else ""
    new = f"# {version.title}\n\n{version.body}"
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), f"#{number - 1}", f"#{number}", lineterm=""
    )
    return version, list(lines)


def setting(key: str) -> str:
    """A site setting's value, or '' when unset."""
    row = db.session.get(SiteSetting, key)
    return row.value if row else ""


def set_sign_language_video(path: str, actor) -> None:
    """The sign language video: a file on this site (a path), never a third-party player."""
    require(permissions.can_edit_site_pages(actor))
    path = path.strip()
    if path and (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or ".." in path
        or not path.lower().endswith(VIDEO_SUFFIXES)
        or len(path) > 300
    ):
        raise ValidationFailed(
            {
                "video": [
                    _l(
                        "Please give the path of a video file on this site, for example "
                        "/static/video/gebaerdensprache.mp4 (MP4 or WebM)."
                    )
                ]
            }
        )
    row = db.session.get(SiteSetting, SIGN_LANGUAGE_VIDEO)
    if row is None:
        row = SiteSetting(key=SIGN_LANGUAGE_VIDEO, value="")
        db.session.add(row)
    if row.value != path:
        old = row.value
        row.value, row.updated_by_id = path, actor.id
        db.session.flush()
        log.info("sign language video %r → %r by %s", old, path, actor.email)
