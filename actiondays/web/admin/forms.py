"""Forms of the admins' area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from actiondays.models import Role
from actiondays.web.manage.forms import options

ROLE_LABELS = {
    Role.ORGANISER.value: _l("Event organiser"),
    Role.REVIEWER.value: _l("Reviewer (campaign office)"),
    Role.ADMIN.value: _l("Administrator"),
}


class UserForm(FlaskForm):
    """Name, organisation, role and regions of an account."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=120)]
    )
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS.items()), validate_choice=False)
    regions = SelectMultipleField(
        _l("Regions"), coerce=int, validate_choice=False, render_kw={"size": 8}
    )


class TemporaryPasswordForm(FlaskForm):
    """A temporary password the user must change at the next sign-in."""

    password = PasswordField(
        _l("Temporary password"),
        validators=[DataRequired(_l("Please enter a temporary password."))],
        render_kw={"autocomplete": "new-password"},
    )


class ButtonForm(FlaskForm):
    """A state-changing button: CSRF only."""
