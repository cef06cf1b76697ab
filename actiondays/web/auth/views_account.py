"""Requesting an account and changing one's own password."""

import logging

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from actiondays import limits
from actiondays.services import accounts
from actiondays.services.users import regions_by_ids
from actiondays.web.auth import bp
from actiondays.web.auth.forms import AccountRequestForm, ChangePasswordForm
from actiondays.web.auth.views import home_url_for
from actiondays.web.manage.common import save_form
from actiondays.web.manage.forms import options
from actiondays.web.sessions import renew_session

log = logging.getLogger(__name__)
# Endpoints a user with a temporary password may still reach.
_OPEN_WHILE_TEMPORARY = {"auth.change_password", "auth.logout", "static", "language.set_language"}


@bp.before_app_request
def _insist_on_new_password():
    """A temporary password set by an admin must be replaced before anything else."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _OPEN_WHILE_TEMPORARY
    ):
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/register", methods=["GET", "POST"])
@limits.registration
def request_account():
    """An organiser asks for an account; a reviewer approves it before the first sign-in."""
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = AccountRequestForm()
    regions = list(accounts.selectable_regions())
    form.regions.choices = options((r.id, r.name) for r in regions)
    groups = [
        (label, [r for r in regions if r.kind == kind])
        for kind, label in (
            ("independent_city", _("Independent cities")),
            ("district", _("Districts")),
            ("region", _("Region Hannover")),
        )
    ]
    done, status = save_form(
        form,
        lambda: accounts.request_account(
            email=form.email.data,
            name=form.name.data,
            organisation=form.organisation.data,
            password=form.password.data,
            regions=regions_by_ids(form.regions.data),
        ),
        _(
            "Thank you. Your request has been received; you can sign in as soon as the "
            "campaign office has approved it."
        ),
        lambda _user: url_for("auth.login"),
    )
    if done:
        log.info("account requested: %s", form.email.data)
        return done
    groups = [(label, members) for label, members in groups if members]
    return render_template("auth/register.html", form=form, region_groups=groups), status


def _change_password(form) -> None:
    user = current_user._get_current_object()
    accounts.change_password(user, form.current_password.data, form.new_password.data)
    renew_session(user)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password (required after an admin set a temporary one)."""
    form = ChangePasswordForm()
    done, status = save_form(
        form,
        lambda: _change_password(form),
        _("Your password has been changed."),
        lambda _result: home_url_for(current_user),
    )
    return done or (render_template("auth/change_password.html", form=form), status)
