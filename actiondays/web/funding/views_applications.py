"""Applicants' views: open calls, own applications, the application form, submission, proof of
use and the decision letter. Officers and reviewers reach the same detail page."""

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from actiondays.extensions import db
from actiondays.mail.listings import reminders_sent
from actiondays.models import FundingApplication, FundingCall
from actiondays.services import permissions, worklists
from actiondays.services.funding import applications as service
from actiondays.services.funding import decisions
from actiondays.services.funding.applications import ApplicationData
from actiondays.services.funding.decisions import ProofData
from actiondays.services.funding.labels import describe_funding_changes
from actiondays.services.funding.money import format_money
from actiondays.services.funding.programmes import (
    applications_for_officer,
    applications_of,
    open_calls,
)
from actiondays.services.permissions import require
from actiondays.web.funding import bp
from actiondays.web.funding.common import flat_errors, save
from actiondays.web.funding.documents import decision_letter_pdf
from actiondays.web.funding.forms import (
    ActionForm,
    ApplicationForm,
    ApproveForm,
    AssessForm,
    NoteForm,
    PayoutForm,
    ProofForm,
)
from actiondays.web.manage.common import confirmed, run_action, today
from actiondays.web.manage.forms import ConfirmForm

bp.add_app_template_global(flat_errors, "flat_errors")
bp.add_app_template_filter(format_money, "money")


def load_application(application_id: int) -> FundingApplication:
    """The application, or 404; 403 unless the user may see it."""
    application = db.get_or_404(FundingApplication, application_id)
    require(permissions.can_view_application(current_user, application))
    return application


@bp.get("/")
def dashboard():
    """Open calls and the user's applications (officers: those they decide on)."""
    own = db.session.scalars(applications_of(current_user)).all()
    decides = permissions.is_any_funding_officer(current_user) or permissions.is_reviewer(
        current_user
    )
    to_decide = db.session.scalars(applications_for_officer(current_user)).all() if decides else []
    calls = db.session.scalars(open_calls(today())).all()
    return render_template(
        "funding/dashboard.html", own=own, to_decide=to_decide, calls=calls, decides=decides
    )


def _prepare(form: ApplicationForm) -> ApplicationForm:
    events, projects = service.subjects_for(current_user)
    choices = [("", _("Please choose"))]
    choices += [
        (
            f"event:{e.id}",
            _("Event: %(title)s (%(date)s)", title=e.title, date=format_date(e.starts_on)),
        )
        for e in events
    ]
    choices += [(f"project:{p.id}", _("Project: %(name)s", name=p.name)) for p in projects]
    form.subject.choices = choices
    return form


@bp.route("/calls/<int:call_id>/apply", methods=["GET", "POST"])
def new_application(call_id: int):
    """Apply to an open call for one of one's events or projects (saved as a draft)."""
    call = db.get_or_404(FundingCall, call_id)
    if not permissions.is_organiser(current_user):
        abort(403)
    form = _prepare(ApplicationForm())
    if request.method == "GET":
        form.new_token()
        form.organisation.data = current_user.organisation or ""
        form.account_holder.data = current_user.organisation or ""
        if request.args.get("subject"):
            form.subject.data = request.args["subject"]
    done, status = save(
        form,
        lambda: service.create_application(
            call, form.to_data(), current_user, today(), form_token=form.form_token.data or None
        ),
        _("The application has been saved as a draft. Submit it when it is complete."),
        lambda application: url_for("funding.show_application", application_id=application.id),
    )
    return done or (
        render_template("funding/application_form.html", form=form, call=call, application=None),
        status,
    )


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
def edit_application(application_id: int):
    """Change a draft or an application sent back for changes."""
    application = load_application(application_id)
    require(permissions.can_edit_application(current_user, application))
    form = _prepare(ApplicationForm())
    if request.method == "GET":
        form.fill(ApplicationData.from_application(application))
        form.version.data = application.version
    done, status = save(
        form,
        lambda: service.update_application(
            application, form.to_data(), current_user, expected_version=form.expected_version()
        ),
        _("Your changes have been saved."),
        lambda _r: url_for("funding.show_application", application_id=application_id),
    )
    return done or (
        render_template(
            "funding/application_form.html",
            form=form,
            call=application.call,
            application=application,
        ),
        status,
    )


def detail(application: FundingApplication, status: int = 200, **forms):
    """The detail page with every form the user may use on it."""
    history = [
        (entry, describe_funding_changes(entry.changes))
        for entry in db.session.scalars(worklists.item_history(application))
    ]
    approve_form = forms.get("approve_form") or ApproveForm()
    if approve_form.granted.data is None and not approve_form.errors:
        approve_form.granted.data = application.requested_cents
    proof_form = forms.get("proof_form") or ProofForm()
    while len(proof_form.actual) < len(application.items):
        proof_form.actual.append_entry(application.items[len(proof_form.actual)].amount_cents)
    assess_form = forms.get("assess_form") or AssessForm()
    if assess_form.reclaim.data is None and not assess_form.errors:
        assess_form.reclaim.data = decisions.suggested_reclaim(application)
    return render_template(
        "funding/application.html",
        application=application,
        history=history,
        action_form=ActionForm(),
        approve_form=approve_form,
        note_form=forms.get("note_form") or NoteForm(),
        payout_form=forms.get("payout_form") or PayoutForm(),
        proof_form=proof_form,
        assess_form=assess_form,
        show_iban=permissions.can_see_bank_details(current_user, application),
        proof_reminders=reminders_sent(
            [application.id], "proof_reminder", "fundingapplication"
        ).get(application.id, []),
    ), status


@bp.get("/applications/<int:application_id>")
def show_application(application_id: int):
    """One application: plans, state, decision, payouts, proof of use and history."""
    return detail(load_application(application_id))


@bp.post("/applications/<int:application_id>/<any(submit, withdraw):action>")
def change_application(application_id: int, action: str):
    """Submit a draft to the officers, or withdraw a submitted application."""
    application = load_application(application_id)
    change, message = {
        "submit": (service.submit_application, _("The application has been submitted.")),
        "withdraw": (service.withdraw_application, _("The application is a draft again.")),
    }[action]
    if ActionForm().validate_on_submit():
        run_action(lambda: change(application, current_user), message)
    return redirect(url_for("funding.show_application", application_id=application_id))


@bp.post("/applications/<int:application_id>/delete")
def delete_application(application_id: int):
    """Delete one's own draft, once the box confirming it is ticked."""
    application = load_application(application_id)
    require(permissions.can_delete_application(current_user, application))
    if not confirmed(ConfirmForm()):
        return detail(application, 422)
    if run_action(
        lambda: service.delete_application(application, current_user),
        _("The draft application has been deleted."),
    ):
        return redirect(url_for("funding.dashboard"))
    return redirect(url_for("funding.show_application", application_id=application_id))


@bp.post("/applications/<int:application_id>/proof")
def submit_proof(application_id: int):
    """The proof of use: actual costs per item, actual financing, factual report."""
    application = load_application(application_id)
    require(permissions.can_submit_proof(current_user, application))
    form = ProofForm()
    done, status = save(
        form,
        lambda: decisions.submit_proof(
            application,
            current_user,
            ProofData(
                actual_cents=[entry.data or 0 for entry in form.actual],
                actual_own_funds_cents=form.actual_own_funds.data or 0,
                actual_other_funding_cents=form.actual_other_funding.data or 0,
                report=form.report.data or "",
            ),
        ),
        _("The proof of use has been submitted."),
        lambda _r: url_for("funding.show_application", application_id=application_id),
    )
    if done:
        return done
    return detail(
        db.session.get(FundingApplication, application_id), status or 422, proof_form=form
    )


@bp.get("/applications/<int:application_id>/letter.pdf")
def decision_letter(application_id: int):
    """The decision letter (Bewilligungsbescheid) as PDF."""
    application = load_application(application_id)
    require(permissions.can_read_decision_letter(current_user, application))
    return Response(
        decision_letter_pdf(application),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="bescheid-{application.id}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )
