"""Bulk import of events: template download, preview of every row, all-or-nothing commit."""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user

from actiondays import limits
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.services import events as event_service
from actiondays.services import imports, listings, worklists
from actiondays.web.file_import import commit_upload, preview_upload
from actiondays.web.manage import bp
from actiondays.web.manage.common import confirmed, today
from actiondays.web.manage.forms import ConfirmForm, ImportCommitForm, ImportUploadForm

_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.get("/import/vorlage.<any(csv, xlsx):fmt>")
def import_template(fmt: str):
    """The import template with German headers and one example row."""
    campaign = listings.current_campaign(today())
    make = imports.template_csv if fmt == "csv" else imports.template_xlsx
    body = make(campaign, today())
    return Response(
        body,
        content_type=_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename=aktionstage-vorlage.{fmt}"},
    )


def _page(upload=None, commit=None, result=None, status=200):
    drafts = db.session.scalars(worklists.workspace_drafts(current_user)).all()
    return render_template(
        "manage/import.html",
        drafts=drafts,
        confirm_form=ConfirmForm(),
        upload=upload or ImportUploadForm(),
        commit=commit,
        result=result,
        columns=imports.template_columns(listings.current_campaign(today()), today()),
        header_label=imports.header_label,
    ), status


@bp.get("/import")
def import_events():
    """Upload form, template links and the column documentation."""
    return _page()


@bp.post("/import/preview")
@limits.uploads
def preview_import():
    """Check every row of the uploaded file and list it with its messages; saves nothing."""
    return preview_upload(
        ImportUploadForm(),
        lambda filename, content: imports.preview_import(
            filename, content, current_user, today=today()
        ),
        lambda **carried: ImportCommitForm(formdata=None, **carried),
        _page,
    )


@bp.post("/import/commit")
@limits.uploads
def commit_import():
    """Import every row as a draft — or nothing at all if any row has an error."""
    commit = ImportCommitForm()
    answer, result = commit_upload(
        commit,
        lambda filename, content: imports.run_import(
            filename,
            content,
            current_user,
            today=today(),
            include_duplicates=commit.include_duplicates.data,
        ),
        _page,
        url_for("manage.import_events"),
    )
    if answer is not None:
        return answer
    message = ngettext(
        "%(num)d event imported as a draft.", "%(num)d events imported as drafts.", result.created
    )
    if result.skipped:
        message += " " + ngettext(
            "%(num)d likely duplicate skipped.",
            "%(num)d likely duplicates skipped.",
            result.skipped,
        )
    flash(message, "success")
    return redirect(url_for("manage.dashboard"))


@bp.post("/import/submit-drafts")
def submit_all_drafts():
    """Submit every draft the user works on for review at once (after an import): all or none."""
    if not confirmed(ConfirmForm()):
        return _page(status=422)
    drafts = db.session.scalars(worklists.workspace_drafts(current_user)).all()
    try:
        count = event_service.submit_events(list(drafts), current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _page(status=422)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d draft has been submitted for review.",
            "%(num)d drafts have been submitted for review.",
            count,
        ),
        "success",
    )
    return redirect(url_for("manage.dashboard"))
