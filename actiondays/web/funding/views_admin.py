"""Admins set up programmes, calls and tiers, and assign the funding-officer right."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AccountStatus, Campaign, FundingProgramme, User
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


@admin_bp.route("/programmes/new", methods=["GET", "POST"])
def new_programme():
    """Create a programme: action-day funding of a campaign year, or standing."""
    form = ProgrammeForm()
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.year.desc())).all()
    form.campaign_id.choices = options(
        [(None, _("None (standing programme)"))] + [(c.id, str(c.year)) for c in campaigns]
    )
    done, status = save(
        form,
        lambda: service.create_programme(
            ProgrammeData(
                name=form.name.data or "",
                kind=form.kind.data or "",
                campaign_id=form.campaign_id.data,
                carrier=form.carrier.data or "",
                description=form.description.data or "",
                publishes_amounts=bool(form.publishes_amounts.data),
            ),
            current_user,
        ),
        _("The programme has been created."),
        lambda programme: url_for("funding_admin.show_programme", programme_id=programme.id),
    )
    return done or (render_template("funding/admin_programme_form.html", form=form), status)


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


@admin_bp.route("/programmes/<int:programme_id>/calls/new", methods=["GET", "POST"])
def new_call(programme_id: int):
    """Open a call: window, tiers, budget, own contribution, who may apply."""
    programme = db.get_or_404(FundingProgramme, programme_id)
    form = CallForm()

    def act():
        tiers = form.parsed_tiers()
        return service.create_call(
            programme,
            CallData(
                title=form.title.data or "",
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                budget_cents=form.budget.data or 0,
                own_contribution_percent=form.own_contribution_percent.data or 0,
                eligible_applicants=form.eligible_applicants.data or "",
                proof_period_days=form.proof_period_days.data or 0,
                tiers=tiers,
            ),
            current_user,
        )

    done, status = save(
        form,
        act,
        _("The call has been opened."),
        lambda _c: url_for("funding_admin.show_programme", programme_id=programme_id),
    )
    return done or (
        render_template("funding/admin_call_form.html", form=form, programme=programme),
        status,
    )
