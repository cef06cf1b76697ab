"""Funding officers' views: a call's budget and applications, decisions, payouts, the
assessment of the proof of use, the XLSX for the accounts department. Reviewers read along."""

from flask import Response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from actiondays.extensions import db
from actiondays.models import FundingApplication, FundingCall
from actiondays.services import permissions
from actiondays.services.funding import decisions
from actiondays.services.funding.budget import call_budget
from actiondays.services.funding.programmes import call_applications
from actiondays.services.permissions import require
from actiondays.web.funding import bp
from actiondays.web.funding.common import save
from actiondays.web.funding.documents import call_xlsx
from actiondays.web.funding.forms import ApproveForm, AssessForm, NoteForm, PayoutForm
from actiondays.web.funding.views_applications import detail, load_application
from actiondays.web.manage.common import today


def _load_call(call_id: int) -> FundingCall:
    call = db.get_or_404(FundingCall, call_id)
    require(permissions.can_view_funding_call(current_user, call))
    return call


@bp.get("/calls/<int:call_id>")
def show_call(call_id: int):
    """A call's budget (committed, paid, reclaimed, remaining; by region and theme) and its
    applications."""
    call = _load_call(call_id)
    applications = db.session.scalars(call_applications(call)).all()
    return render_template(
        "funding/call.html", call=call, budget=call_budget(call), applications=applications
    )


@bp.get("/calls/<int:call_id>/applications.xlsx")
def call_spreadsheet(call_id: int):
    """Every application of the call for the accounts department."""
    call = _load_call(call_id)
    applications = db.session.scalars(call_applications(call)).all()
    return Response(
        call_xlsx(call, applications),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="antraege-aufruf-{call.id}.xlsx"',
            "Cache-Control": "private, no-store",
        },
    )


def _back(application_id: int):
    return lambda _r: url_for("funding.show_application", application_id=application_id)


def _again(application_id: int, status: int, **forms):
    return detail(db.session.get(FundingApplication, application_id), status or 422, **forms)


@bp.post("/applications/<int:application_id>/approve")
def approve_application(application_id: int):
    """Grant an amount within the tier and the remaining budget, with conditions."""
    application = load_application(application_id)
    require(permissions.can_decide_application(current_user, application))
    form = ApproveForm()
    done, status = save(
        form,
        lambda: decisions.approve(
            application,
            current_user,
            form.granted.data or 0,
            form.conditions.data or "",
            form.proof_due_on.data,
            today(),
        ),
        _("The application has been approved. The decision letter is ready."),
        _back(application_id),
    )
    return done or _again(application_id, status, approve_form=form)


@bp.post("/applications/<int:application_id>/<any(reject, changes):decision>")
def decide_with_note(application_id: int, decision: str):
    """Reject (with reason) or ask the applicant for changes (with what to change)."""
    application = load_application(application_id)
    require(permissions.can_decide_application(current_user, application))
    form = NoteForm()
    act, message = {
        "reject": (decisions.reject, _("The application has been rejected.")),
        "changes": (decisions.request_changes, _("The applicant has been asked for changes.")),
    }[decision]
    done, status = save(
        form,
        lambda: act(application, current_user, form.note.data or ""),
        message,
        _back(application_id),
    )
    return done or _again(application_id, status, note_form=form)


@bp.post("/applications/<int:application_id>/payouts")
def record_payout(application_id: int):
    """Record a payout of (part of) the granted amount."""
    application = load_application(application_id)
    require(permissions.can_record_payout(current_user, application))
    form = PayoutForm()
    done, status = save(
        form,
        lambda: decisions.record_payout(
            application, current_user, form.amount.data or 0, form.paid_on.data
        ),
        _("The payout has been recorded."),
        _back(application_id),
    )
    return done or _again(application_id, status, payout_form=form)


@bp.post("/applications/<int:application_id>/assess/<any(accept, return):verdict>")
def assess_proof(application_id: int, verdict: str):
    """Accept the proof of use (with a reclaim, may be 0) or return it for completion."""
    application = load_application(application_id)
    require(permissions.can_assess_proof(current_user, application))
    form = AssessForm()
    done, status = save(
        form,
        lambda: decisions.assess_proof(
            application,
            current_user,
            accept=verdict == "accept",
            reclaim_cents=form.reclaim.data or 0,
            note=form.note.data or "",
        ),
        _("The proof of use has been accepted and the application closed.")
        if verdict == "accept"
        else _("The proof of use has been returned to the applicant."),
        _back(application_id),
    )
    if done:
        return done
    return (
        _again(application_id, status, assess_form=form)
        if status != 200
        else redirect(url_for("funding.show_application", application_id=application_id))
    )
