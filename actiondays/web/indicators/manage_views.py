"""The indicator catalogue for reviewers and admins: add, describe, import values."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from actiondays.extensions import db
from actiondays.models import Indicator
from actiondays.services.indicator_import import import_values, preview_values, template_csv
from actiondays.services.indicators import (
    IndicatorData,
    create_indicator,
    indicators_in_order,
    update_indicator,
    value_years,
)
from actiondays.web.file_import import commit_upload, preview_upload
from actiondays.web.indicators import manage_bp as bp
from actiondays.web.indicators.forms import IndicatorForm, ValuesCommitForm, ValuesUploadForm
from actiondays.web.manage.common import save_form
from actiondays.web.manage.forms import options


def _data(form: IndicatorForm) -> IndicatorData:
    return IndicatorData(
        key=(form.key.data or "").strip(),
        name_de=(form.name_de.data or "").strip(),
        name_en=(form.name_en.data or "").strip(),
        unit=(form.unit.data or "").strip(),
        definition=form.definition.data or "",
        source=form.source.data or "",
        licence=(form.licence.data or "").strip(),
        direction=form.direction.data,
        aggregation=form.aggregation.data,
        minimum=form.minimum.number,
        maximum=form.maximum.number,
        is_demo=bool(form.is_demo.data),
    )


def _version(form: IndicatorForm) -> int | None:
    raw = (form.version.data or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else -1


@bp.get("/")
def catalogue():
    """Every indicator with its years, and the form for a new one."""
    indicators = db.session.scalars(indicators_in_order()).all()
    years = {indicator.id: value_years(indicator) for indicator in indicators}
    return render_template(
        "indicators/manage.html", indicators=indicators, years=years, form=IndicatorForm()
    )


@bp.post("/")
def create():
    """Add an indicator to the catalogue."""
    form = IndicatorForm()
    done, status = save_form(
        form,
        lambda: create_indicator(_data(form), current_user),
        _("The indicator has been added."),
        lambda indicator: url_for("indicator_admin.edit", indicator_id=indicator.id),
    )
    if done:
        return done
    indicators = db.session.scalars(indicators_in_order()).all()
    years = {indicator.id: value_years(indicator) for indicator in indicators}
    return render_template(
        "indicators/manage.html", indicators=indicators, years=years, form=form
    ), status


@bp.route("/<int:indicator_id>", methods=["GET", "POST"])
def edit(indicator_id: int):
    """Describe an indicator: names, unit, definition, source, licence, direction, range."""
    indicator = db.get_or_404(Indicator, indicator_id)
    if request.method == "GET":
        form = IndicatorForm(obj=indicator)
        form.minimum.data = "" if indicator.minimum is None else str(indicator.minimum)
        form.maximum.data = "" if indicator.maximum is None else str(indicator.maximum)
        form.version.data = str(indicator.version)
        return render_template("indicators/edit.html", indicator=indicator, form=form)
    form = IndicatorForm()
    done, status = save_form(
        form,
        lambda: update_indicator(indicator, _data(form), current_user, _version(form)),
        _("The indicator has been saved."),
        lambda saved: url_for("indicator_admin.edit", indicator_id=saved.id),
    )
    if done:
        return done
    return render_template(
        "indicators/edit.html", indicator=db.session.get(Indicator, indicator_id), form=form
    ), status


def _upload_form(formdata=True) -> ValuesUploadForm:
    form = ValuesUploadForm() if formdata else ValuesUploadForm(formdata=None)
    form.indicator.choices = options(
        [("", _("— from the file —"))]
        + [(i.key, i.name) for i in db.session.scalars(indicators_in_order())]
    )
    return form


def _import_page(upload=None, commit=None, result=None, status=200):
    return render_template(
        "indicators/import.html",
        upload=upload or _upload_form(formdata=False),
        commit=commit,
        result=result,
    ), status


@bp.get("/import")
def import_page():
    """Upload form and documentation of both file layouts."""
    return _import_page()


@bp.get("/import/vorlage.csv")
def import_template():
    """The value template: Indikator;AGS;Jahr;Wert."""
    return Response(
        template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=indikatoren-vorlage.csv"},
    )


@bp.post("/import/preview")
def preview():
    """Check every row and list it with its messages; saves nothing."""
    upload = _upload_form()
    return preview_upload(
        upload,
        lambda filename, content: preview_values(filename, content, upload.indicator.data or ""),
        lambda **carried: ValuesCommitForm(
            formdata=None, indicator=upload.indicator.data or "", **carried
        ),
        _import_page,
    )


@bp.post("/import/commit")
def commit():
    """Save every value — or nothing at all if any row has an error."""
    form = ValuesCommitForm()
    answer, result = commit_upload(
        form,
        lambda filename, content: import_values(
            filename, content, current_user, form.indicator.data or ""
        ),
        _import_page,
        url_for("indicator_admin.import_page"),
    )
    if answer is not None:
        return answer
    flash(ngettext("%(num)d value imported.", "%(num)d values imported.", result.saved), "success")
    return redirect(url_for("indicator_admin.catalogue"))
