"""Admin page of the mail outbox: queued, sent and failed mails, with a resend button."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from actiondays.extensions import db
from actiondays.mail import delivery
from actiondays.mail.listings import outbox_counts, outbox_page
from actiondays.models import OutboxMail
from actiondays.models.enums import MailStatus
from actiondays.web.admin import bp
from actiondays.web.admin.forms import ButtonForm
from actiondays.web.manage.common import run_action


@bp.get("/mail")
def mail_outbox():
    """The outbox, newest first, filtered by status (default: every status)."""
    status = request.args.get("status") or None
    if status is not None and status not in {s.value for s in MailStatus}:
        abort(400, description=_("Unknown status."))
    page = db.paginate(outbox_page(status), per_page=50, error_out=False, count=True)
    return render_template(
        "mail/pages/admin_outbox.html",
        page=page,
        status=status,
        counts=outbox_counts(),
        statuses=list(MailStatus),
        button=ButtonForm(),
    )


@bp.post("/mail/<int:mail_id>/resend")
def resend_mail(mail_id: int):
    """Queue a failed (or sent) mail again; it keeps its Message-ID."""
    row = db.get_or_404(OutboxMail, mail_id)
    if ButtonForm().validate_on_submit():
        run_action(
            lambda: delivery.resend(row, current_user),
            _("The mail to %(address)s is queued again.", address=row.to_address),
        )
    return redirect(url_for("admin.mail_outbox", status=request.args.get("status")))
