"""Forms of the reviewers' area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField


class ApproveForm(FlaskForm):
    """Approve a submitted item: CSRF only."""


class RejectForm(FlaskForm):
    """Reject with a reason (required; the model refuses an empty one)."""

    reason = TextAreaField(_l("Reason for the rejection"), render_kw={"rows": 2})
