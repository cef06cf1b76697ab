"""The signed-in person's own data: an overview, the JSON download, closing the account."""

import json

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.models import User
from actiondays.services.permissions import can_see_own_data
from actiondays.services.portal import privacy
from actiondays.web.manage.common import show_errors
from actiondays.web.portal import bp
from actiondays.web.portal.forms import CloseAccountForm


@bp.get("/account/data")
@login_required
def my_data():
    """What is stored about me, the download and the button to close the account."""
    return render_template("portal/account.html", form=CloseAccountForm())


@bp.get("/account/<int:user_id>/data.json")
@login_required
def download_data(user_id: int):
    """The person's own data as JSON; anybody else's is 403."""
    owner = db.get_or_404(User, user_id)
    if not can_see_own_data(current_user, owner):
        abort(403)
    body = json.dumps(privacy.export_user_data(owner, current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="aktionstage-daten-{owner.id}.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/account/close")
@login_required
def close_account():
    """Close and anonymise one's own account after the password and a confirmation."""
    form = CloseAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors = [*form.password.errors, _("The password is not correct.")]
        else:
            try:
                privacy.close_account(current_user, current_user)
            except DomainError as error:
                db.session.rollback()
                show_errors(form, error)
            else:
                db.session.commit()
                logout_user()
                flash(_("Your account has been closed and your name removed."), "success")
                return redirect(url_for("public.index"))
    return render_template("portal/account.html", form=form), 422
