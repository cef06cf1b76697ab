"""Admin pages of the portal: dashboard, legal page texts with versions and preview, the sign
language video, contact messages, new accounts, regions and mergers."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from actiondays.extensions import db
from actiondays.markdown import render_page_markdown
from actiondays.models import ContactMessage, Region, Role, SitePage
from actiondays.models.lifecycle import STATE_LABELS
from actiondays.models.portal import PAGE_SLUGS
from actiondays.services import accounts, regions
from actiondays.services.portal import contact, pages
from actiondays.services.portal.dashboard import dashboard
from actiondays.services.users import create_user, regions_by_ids
from actiondays.web.admin import bp
from actiondays.web.admin.forms import ROLE_LABELS, ButtonForm
from actiondays.web.admin.forms_portal import (
    REGION_KIND_LABELS,
    EndValidityForm,
    MergerForm,
    NewUserForm,
    PageForm,
    RegionForm,
    VideoForm,
)
from actiondays.web.manage.common import run_action, save_form, today
from actiondays.web.manage.forms import options
from actiondays.web.portal.views_pages import PAGE_TITLES


@bp.get("/")
def index():
    """Dashboard: what waits for someone, and the current campaign's windows and counts."""
    return render_template(
        "portal/admin/dashboard.html", board=dashboard(today()), state_labels=STATE_LABELS
    )


# Legal and trust pages ----------------------------------------------------------------------------


@bp.get("/pages")
def site_pages():
    """Every page in both languages, with its last save, and the sign language video."""
    form = VideoForm(video=pages.setting(pages.SIGN_LANGUAGE_VIDEO))
    return _pages_page(form)


def _pages_page(form: VideoForm, status: int = 200):
    rows = db.session.scalars(select(SitePage).options(selectinload(SitePage.versions))).all()
    return render_template(
        "portal/admin/pages.html",
        slugs=PAGE_SLUGS,
        titles=PAGE_TITLES,
        by_key={(p.slug, p.language): p for p in rows},
        languages=pages.LANGUAGES,
        form=form,
    ), status


def _page_or_404(slug: str, language: str):
    if slug not in PAGE_SLUGS or language not in pages.LANGUAGES:
        abort(404)
    return pages.page_for_edit(slug, language)


@bp.route("/pages/<slug>/<language>", methods=["GET", "POST"])
def edit_page(slug: str, language: str):
    """Edit a page as Markdown; "Preview" shows it rendered without saving."""
    page = _page_or_404(slug, language)
    form = PageForm(obj=page if request.method == "GET" else None)
    if request.method == "GET" and page is not None:
        form.based_on.data = page.version
    preview = None
    status = 200
    if request.method == "POST" and "preview" in request.form:
        if form.validate_on_submit():
            preview = Markup(render_page_markdown(form.body.data or ""))  # noqa: S704 - sanitised
    else:
        done, status = save_form(
            form,
            lambda: pages.save_page(
                slug,
                language,
                form.title.data or "",
                form.body.data or "",
                current_user,
                based_on=form.based_on.data,
            ),
            _("The page has been saved."),
            lambda _page: url_for("admin.edit_page", slug=slug, language=language),
        )
        if done:
            return done
        page = pages.page_for_edit(slug, language)
    return render_template(
        "portal/admin/page_edit.html",
        form=form,
        page=page,
        slug=slug,
        language=language,
        title=PAGE_TITLES[slug],
        preview=preview,
    ), status


@bp.get("/pages/<slug>/<language>/versions/<int:number>")
def page_version(slug: str, language: str, number: int):
    """One saved version: who saved it, when, and what changed against the one before."""
    page = _page_or_404(slug, language)
    found = pages.version_diff(page, number) if page else None
    if found is None:
        abort(404)
    version, diff = found
    return render_template(
        "portal/admin/page_version.html",
        page=page,
        version=version,
        diff=diff,
        title=PAGE_TITLES[slug],
    )


@bp.post("/settings/video")
def set_video():
    """Set (or clear) the sign language video's address."""
    form = VideoForm()
    done, _status = save_form(
        form,
        lambda: pages.set_sign_language_video(form.video.data or "", current_user),
        _("The sign language video has been saved."),
        lambda _result: url_for("admin.site_pages"),
    )
    return done or _pages_page(form, 422)


# Contact messages ---------------------------------------------------------------------------------


@bp.get("/messages")
def messages():
    """Contact form messages, newest first."""
    rows = db.session.scalars(contact.recent_messages()).all()
    return render_template("portal/admin/messages.html", messages=rows, button=ButtonForm())


@bp.post("/messages/<int:message_id>/handled")
def mark_message_handled(message_id: int):
    """Mark a message as dealt with."""
    row = db.get_or_404(ContactMessage, message_id)
    if ButtonForm().validate_on_submit():
        run_action(lambda: contact.mark_handled(row, current_user), _("Marked as dealt with."))
    return redirect(url_for("admin.messages"))


# Accounts -----------------------------------------------------------------------------------------


def _new_user_form() -> NewUserForm:
    form = NewUserForm()
    form.regions.choices = options((r.id, r.name) for r in accounts.selectable_regions())
    return form


def _create_account(form: NewUserForm):
    user = create_user(
        email=form.email.data,
        name=form.name.data,
        role=form.role.data,
        password=form.password.data,
        regions=regions_by_ids([i for i in form.regions.data or [] if i])
        if form.role.data == Role.ORGANISER
        else [],
        organisation=(form.organisation.data or "").strip() or None,
        actor=current_user,
    )
    user.must_change_password = True
    # Mail (#8): the invitation with a sign-in link replaces the temporary password here.
    return user


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create an active account with a temporary password (changed at the first sign-in)."""
    form = _new_user_form()
    done, status = save_form(
        form,
        lambda: _create_account(form),
        _("The account has been created. Please pass on the temporary password securely."),
        lambda user: url_for("admin.edit_user", user_id=user.id),
    )
    return done or (
        render_template("portal/admin/user_new.html", form=form, role_labels=ROLE_LABELS),
        status,
    )


# Regions and mergers ------------------------------------------------------------------------------


def _regions_page(region_form=None, merger_form=None, status=200):
    rows = db.session.scalars(regions.all_regions_by_key()).all()
    merger_form = merger_form or MergerForm()
    choices = options((r.id, f"{r.name} ({r.ags})") for r in rows)
    merger_form.predecessors.choices = choices
    merger_form.successor.choices = [*options([(None, _("Please choose"))]), *choices]
    return render_template(
        "portal/admin/regions.html",
        regions=rows,
        mergers=db.session.scalars(regions.mergers()).all(),
        region_form=region_form or RegionForm(),
        merger_form=merger_form,
        kind_labels=REGION_KIND_LABELS,
    ), status


@bp.get("/regions")
def list_regions():
    """Every region ever (with validity), the recorded mergers and the forms to add both."""
    return _regions_page()


@bp.post("/regions")
def add_region():
    """Add a region with AGS key, kind and validity."""
    form = RegionForm()
    done, _status = save_form(
        form,
        lambda: regions.add_region(
            regions.RegionData(
                ags=form.ags.data or "",
                name=form.name.data or "",
                slug=form.slug.data or "",
                kind=form.kind.data or "",
                valid_from=form.valid_from.data,
                valid_to=form.valid_to.data,
            ),
            current_user,
        ),
        _("The region has been added."),
        lambda _region: url_for("admin.list_regions"),
    )
    return done or _regions_page(region_form=form, status=422)


@bp.post("/regions/mergers")
def record_merger():
    """Record a merger: predecessors → successor on a day."""
    form = MergerForm()
    done, _status = save_form(
        form,
        lambda: regions.record_merger(
            regions_by_ids([i for i in form.predecessors.data or [] if i]),
            db.session.get(Region, form.successor.data) if form.successor.data else None,
            form.merged_on.data,
            current_user,
        ),
        _("The merger has been recorded."),
        lambda _rows: url_for("admin.list_regions"),
    )
    return done or _regions_page(merger_form=form, status=422)


@bp.route("/regions/<int:region_id>", methods=["GET", "POST"])
def edit_region(region_id: int):
    """End a region's validity."""
    region = db.get_or_404(Region, region_id)
    form = EndValidityForm(obj=region if request.method == "GET" else None)
    done, status = save_form(
        form,
        lambda: regions.end_validity(region, form.valid_to.data, current_user),
        _("The region's validity has been saved."),
        lambda _result: url_for("admin.list_regions"),
    )
    return done or (
        render_template(
            "portal/admin/region.html",
            form=form,
            region=db.session.get(Region, region_id),
            kind_labels=REGION_KIND_LABELS,
        ),
        status,
    )
