"""Admin pages for campaigns (next year's campaign, windows) and themes."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.models import Campaign, Theme
from actiondays.services import administration
from actiondays.services.administration import CampaignData, ThemeData
from actiondays.web.admin import bp
from actiondays.web.admin.forms import ButtonForm, NextCampaignForm, ThemeForm
from actiondays.web.admin.forms_portal import CampaignSettingsForm
from actiondays.web.manage.common import save_form
from actiondays.web.manage.forms import parse_version


@bp.get("/campaigns")
def campaigns():
    """Every campaign, newest first, with the button for next year's campaign."""
    rows = db.session.scalars(select(Campaign).order_by(Campaign.year.desc())).all()
    next_year = (rows[0].year + 1) if rows else None
    return render_template(
        "admin/campaigns.html", campaigns=rows, button=ButtonForm(), next_year=next_year
    )


@bp.post("/campaigns/next")
def create_next_campaign():
    """Create next year's campaign from the latest one, windows shifted by a year."""
    form = NextCampaignForm()
    if form.validate_on_submit():
        year = form.year.data or ""
        try:
            campaign = administration.create_next_campaign(
                current_user,
                int(year) if year.isascii() and year.isdecimal() and len(year) == 4 else None,
            )
        except administration.CampaignExists as error:
            db.session.rollback()
            flash(str(error.message), "info")
            return redirect(url_for("admin.edit_campaign", campaign_id=error.campaign.id))
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return redirect(url_for("admin.campaigns"))
        db.session.commit()
        flash(
            _(
                "The campaign %(year)d has been created. Please check its dates.",
                year=campaign.year,
            ),
            "success",
        )
        return redirect(url_for("admin.edit_campaign", campaign_id=campaign.id))
    return redirect(url_for("admin.campaigns"))


def _campaign_data(form: CampaignSettingsForm) -> CampaignData:
    return CampaignData(
        title=form.title.data or "",
        motto=form.motto.data or "",
        registration_opens_on=form.registration_opens_on.data,
        registration_closes_on=form.registration_closes_on.data,
        action_starts_on=form.action_starts_on.data,
        action_ends_on=form.action_ends_on.data,
        intro_text=form.intro_text.data or "",
        is_announced=bool(form.is_announced.data),
    )


@bp.route("/campaigns/<int:campaign_id>", methods=["GET", "POST"])
def edit_campaign(campaign_id: int):
    """Edit title, motto, registration window and action period."""
    campaign = db.get_or_404(Campaign, campaign_id)
    form = CampaignSettingsForm(obj=campaign if request.method == "GET" else None)
    done, status = save_form(
        form,
        lambda: administration.update_campaign(
            campaign,
            _campaign_data(form),
            current_user,
            expected_version=parse_version(form.version.data),
        ),
        _("The campaign has been saved."),
        lambda _campaign: url_for("admin.campaigns"),
    )
    if done:
        return done
    campaign = db.session.get(Campaign, campaign_id)
    return render_template("admin/campaign.html", form=form, campaign=campaign), status


@bp.get("/themes")
def themes():
    """Every theme in its order, and a form for a new one."""
    rows = db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    return render_template("admin/themes.html", themes=rows, form=ThemeForm())


def _save_theme(form: ThemeForm, theme: Theme | None):
    """Create (theme None) or change a theme from the submitted form."""
    return save_form(
        form,
        lambda: administration.save_theme(
            theme,
            _theme_data(form),
            current_user,
            expected_version=parse_version(form.version.data),
        ),
        _("The theme has been saved."),
        lambda _theme: url_for("admin.themes"),
    )


def _theme_data(form: ThemeForm) -> ThemeData:
    return ThemeData(
        slug=form.slug.data or "",
        name_de=form.name_de.data or "",
        name_en=form.name_en.data or "",
        position=form.position.data,
    )


@bp.post("/themes")
def create_theme():
    """Add a theme."""
    form = ThemeForm()
    done, _status = _save_theme(form, None)
    if done:
        return done
    rows = db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    return render_template("admin/themes.html", themes=rows, form=form), 422


@bp.route("/themes/<int:theme_id>", methods=["GET", "POST"])
def edit_theme(theme_id: int):
    """Rename or reorder a theme."""
    theme = db.get_or_404(Theme, theme_id)
    form = ThemeForm(obj=theme if request.method == "GET" else None)
    done, status = _save_theme(form, theme)
    return done or (
        render_template("admin/theme.html", form=form, theme=db.session.get(Theme, theme_id)),
        status,
    )
