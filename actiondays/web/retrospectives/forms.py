"""Forms of the reviewers' retrospective pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class EditorialForm(FlaskForm):
    version = HiddenField()
    introduction = TextAreaField(
        _l("Introduction"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 8}
    )
    closing_text = TextAreaField(
        _l("Closing text"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 6}
    )


class EventHighlightForm(FlaskForm):
    event_id = SelectField(
        _l("Event"), coerce=int, validators=[DataRequired(_l("Please choose an event."))]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])


class ProjectHighlightForm(FlaskForm):
    project_id = SelectField(
        _l("Project"), coerce=int, validators=[DataRequired(_l("Please choose a project."))]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])


class ActionForm(FlaskForm):
    """Empty form: publish, unpublish and remove are POSTs with a CSRF token."""
