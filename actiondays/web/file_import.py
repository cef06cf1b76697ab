"""The two steps every file import of the working areas shares (events, indicator values):
preview every row of an uploaded file, saving nothing and carrying the file in the page; then
import the carried file, all rows or none. The services read and check; these helpers do the
upload, the carrying, the rollback and the answers."""

import base64
import binascii
from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from flask_babel import gettext as _

from actiondays.extensions import db
from actiondays.services.imports import ImportFileError


def preview_upload(upload, preview: Callable[[str, bytes], Any], make_commit, page):
    """Step 1: `preview(filename, content)` of the uploaded file; `make_commit(filename=…,
    payload=…)` builds the form that carries the file; `page(upload=…, commit=…, result=…,
    status=…)` renders the page. 422 without a file, with a file error or with row errors."""
    if not upload.validate_on_submit() or not upload.file.data:
        upload.file.errors = [*upload.file.errors, _("Please choose a file.")]
        return page(upload=upload, status=422)
    content = upload.file.data.read()
    filename = upload.file.data.filename or ""
    try:
        result = preview(filename, content)
    except ImportFileError as error:
        db.session.rollback()
        upload.file.errors = [str(error.message)]
        return page(upload=upload, status=422)
    db.session.rollback()  # a preview saves nothing
    commit = make_commit(filename=filename, payload=base64.b64encode(content).decode("ascii"))
    return page(
        upload=upload, commit=commit, result=result, status=422 if result.has_errors else 200
    )


def commit_upload(commit, run: Callable[[str, bytes], Any], page, back: str):
    """Step 2: `run(filename, content)` on the carried file. Returns (answer, None) when the
    import did not happen (back to the upload page at `back`, or the preview with its errors,
    rolled back), or (None, result) after the commit."""
    if not commit.validate_on_submit():
        return redirect(back), None
    try:
        content = base64.b64decode(commit.payload.data or "", validate=True)
        result = run(commit.filename.data or "", content)
    except (binascii.Error, ImportFileError):
        db.session.rollback()
        flash(_("The file could not be read again. Please upload it once more."), "error")
        return redirect(back), None
    if result.has_errors:
        db.session.rollback()
        return page(commit=commit, result=result, status=422), None
    db.session.commit()
    return None, result
