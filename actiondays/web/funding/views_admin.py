"""Admins set up programmes, calls and tiers, and assign the funding-officer right."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AccountStatus, Campaign, FundingCall, FundingProgramme, User
from actiondays.services.funding import programmes as service
from actiondays.services.funding.programmes import CallData, ProgrammeData
from actiondays.web.funding import admin_bp
from actiondays.web.funding.common import save
from actiondays.web.funding.forms import CallForm, OfficersForm, ProgrammeForm
from actiondays.web.manage.forms import options


@admin_bp.get("/")
def programmes():
    """Every programme with its calls and officers."""
    return render_template(
        "funding/admin_programmes.html",
        programmes=db.session.scalars(service.programmes()).unique().all(),
    )


def _programme_form() -> ProgrammeForm:
    form = ProgrammeForm()
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.year.desc())).all()
    form.campaign_id.choices = options(
        [(None, _("None (standing programme)"))] + [(c.id, str(c.year)) for c in campaigns]
    )
    return form


def _programme_data(form: ProgrammeForm) -> ProgrammeData:
    return ProgrammeData(
        name=form.name.data or "",
        kind=form.kind.data or "",
        campaign_id=form.campaign_id.data,
        carrier=form.carrier.data or "",
        description=form.description.data or "",
        publishes_amounts=bool(form.publishes_amounts.data),
    )


@admin_bp.route("/programmes/new", methods=["GET", "POST"])
def new_programme():
    """Create a programme: action-day funding of a campaign year, or standing."""
    form = _programme_form()
    done, status = save(
        form,
        lambda: service.create_programme(_programme_data(form), current_user),
        _("The programme has been created."),
        lambda programme: url_for("funding_admin.show_programme", programme_id=programme.id),
    )
    return done or (
        render_template("funding/admin_programme_form.html", form=form, programme=None),
        status,
    )


@admin_bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
def edit_programme(programme_id: int):
    """Change a programme's name, kind, carrier, description and publishing of amounts."""
    programme = db.get_or_404(FundingProgramme, programme_id)
    form = _programme_form()
    if request.method == "GET":
        form.version.data = programme.version
        form.name.data = programme.name
        form.kind.data = programme.kind
        form.campaign_id.data = programme.campaign_id
        form.carrier.data = programme.carrier
        form.description.data = programme.description
        form.publishes_amounts.data = programme.publishes_amounts
    done, status = save(
        form,
        lambda: service.update_programme(
            programme, _programme_data(form), current_user, form.expected_version()
        ),
        _("The programme has been saved."),
        lambda _r: url_for("funding_admin.show_programme", programme_id=programme_id),
    )
    return done or (
        render_template("funding/admin_programme_form.html", form=form, programme=programme),
        status,
    )


def _officers_form(programme: FundingProgramme) -> OfficersForm:
    form = OfficersForm()
    users = db.session.scalars(
        select(User).where(User.status == AccountStatus.ACTIVE.value).order_by(User.name)
    ).all()
    form.officers.choices = options((u.id, f"{u.name} ({u.email})") for u in users)
    if request.method == "GET":
        form.officers.data = [u.id for u in programme.officers]
    return form


@admin_bp.route("/programmes/<int:programme_id>", methods=["GET", "POST"])
def show_programme(programme_id: int):
    """A programme's calls, and who decides on its applications (the officer right)."""
    programme = db.get_or_404(FundingProgramme, programme_id)
    form = _officers_form(programme)
    done, status = save(
        form,
        lambda: service.set_officers(programme, form.officers.data or [], current_user),
        _("The funding officers have been saved."),
        lambda _r: url_for("funding_admin.show_programme", programme_id=programme_id),
    )
    return done or (
        render_template("funding/admin_programme.html", programme=programme, form=form),
        status,
    )


def _call_data(form: CallForm) -> CallData:
    return CallData(
        title=form.title.data or "",
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        budget_cents=form.budget.data or 0,
        own_contribution_percent=form.own_contribution_percent.data or 0,
        eligible_applicants=form.eligible_applicants.data or "",
        eligible_kinds=[str(k) for k in form.eligible_kinds.data or []],
        proof_period_days=form.proof_period_days.data or 0,
        tiers=form.parsed_tiers(),
    )


@admin_bp.route("/programmes/<int:programme_id>/calls/new", methods=["GET", "POST"])
def new_call(programme_id: int):
    """Open a call: window, tiers, budget, own contribution, who may apply."""
    programme = db.get_or_404(FundingProgramme, programme_id)
    form = CallForm()
    done, status = save(
        form,
        lambda: service.create_call(programme, _call_data(form), current_user),
        _("The call has been opened."),
        lambda _c: url_for("funding_admin.show_programme", programme_id=programme_id),
    )
    return done or (
        render_template("funding/admin_call_form.html", form=form, programme=programme, call=None),
        status,
    )


@admin_bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
def edit_call(call_id: int):
    """Change a call: never below what is already granted, in total or in a tier."""
    call = db.get_or_404(FundingCall, call_id)
    form = CallForm()
    if request.method == "GET":
        form.version.data = call.version
        form.title.data = call.title
        form.opens_on.data = call.opens_on
        form.closes_on.data = call.closes_on
        form.budget.data = call.budget_cents
        form.own_contribution_percent.data = call.own_contribution_percent
        form.fill_tiers(call.tiers)
        form.eligible_kinds.data = call.eligible_kind_list
        form.eligible_applicants.data = call.eligible_applicants
        form.proof_period_days.data = call.proof_period_days
    done, status = save(
        form,
        lambda: service.update_call(call, _call_data(form), current_user, form.expected_version()),
        _("The call has been saved."),
        lambda _c: url_for("funding_admin.show_programme", programme_id=call.programme_id),
    )
    return done or (
        render_template(
            "funding/admin_call_form.html", form=form, programme=call.programme, call=call
        ),
        status,
    )
