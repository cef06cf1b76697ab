"""Admin: invite a person. The account is created active and the mail leads to choosing a
password (kept apart from the account pages so that changes there merge easily)."""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length

from actiondays.mail.accounts import invite_person
from actiondays.services import accounts
from actiondays.services.users import regions_by_ids
from actiondays.web.admin import bp
from actiondays.web.admin.forms import ROLE_LABELS, UserForm
from actiondays.web.manage.common import save_form
from actiondays.web.manage.forms import options


class InviteForm(UserForm):
    """Name, organisation, role and regions of the new account, and where to send the mail."""

    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Please enter your email address.")),
            Email(_l("Please enter a valid email address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off"},
    )


@bp.route("/invite", methods=["GET", "POST"])
def invite():
    """Create an account for someone and mail them a link to choose their password."""
    form = InviteForm()
    form.regions.choices = options((r.id, r.name) for r in accounts.selectable_regions())
    done, status = save_form(
        form,
        lambda: invite_person(
            email=form.email.data,
            name=form.name.data,
            organisation=form.organisation.data or "",
            role=form.role.data,
            regions=regions_by_ids(form.regions.data),
            actor=current_user,
        ),
        _("The invitation to %(email)s is on its way.", email=form.email.data),
        lambda user: url_for("admin.edit_user", user_id=user.id),
    )
    return done or (
        render_template("mail/pages/invite.html", form=form, role_labels=ROLE_LABELS),
        status,
    )
