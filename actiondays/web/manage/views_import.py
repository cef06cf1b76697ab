"""Bulk import of events: template download, preview of every row, all-or-nothing commit."""

import base64
import binascii

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from actiondays.extensions import db
from actiondays.services import imports, listings
from actiondays.services.imports import ImportFileError
from actiondays.web.manage import bp
from actiondays.web.manage.common import today
from actiondays.web.manage.forms import ImportCommitForm, ImportUploadForm

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
        mimetype=_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename=aktionstage-vorlage.{fmt}"},
    )


def _page(upload=None, commit=None, result=None, status=200):
    return render_template(
        "manage/import.html",
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
def preview_import():
    """Check every row of the uploaded file and list it with its messages; saves nothing."""
    upload = ImportUploadForm()
    if not upload.validate_on_submit() or not upload.file.data:
        upload.file.errors = [*upload.file.errors, _("Please choose a file.")]
        return _page(upload=upload, status=422)
    content = upload.file.data.read()
    filename = upload.file.data.filename or ""
    try:
        result = imports.preview_import(filename, content, current_user, today=today())
    except ImportFileError as error:
        db.session.rollback()
        upload.file.errors = [str(error.message)]
        return _page(upload=upload, status=422)
    db.session.rollback()
    commit = ImportCommitForm(
        formdata=None,
        filename=filename,
        payload=base64.b64encode(content).decode("ascii"),
    )
    return _page(
        upload=upload, commit=commit, result=result, status=422 if result.has_errors else 200
    )


@bp.post("/import/commit")
def commit_import():
    """Import every row as a draft — or nothing at all if any row has an error."""
    commit = ImportCommitForm()
    if not commit.validate_on_submit():
        return redirect(url_for("manage.import_events"))
    try:
        content = base64.b64decode(commit.payload.data or "", validate=True)
        result = imports.run_import(
            commit.filename.data or "",
            content,
            current_user,
            today=today(),
            include_duplicates=commit.include_duplicates.data,
        )
    except (binascii.Error, ImportFileError):
        db.session.rollback()
        flash(_("The file could not be read again. Please upload it once more."), "error")
        return redirect(url_for("manage.import_events"))
    if result.has_errors:
        db.session.rollback()
        return _page(commit=commit, result=result, status=422)
    db.session.commit()
    flash(
        _(
            "%(created)d events imported as drafts; %(skipped)d likely duplicates skipped.",
            created=result.created,
            skipped=result.skipped,
        ),
        "success",
    )
    return redirect(url_for("manage.dashboard"))
