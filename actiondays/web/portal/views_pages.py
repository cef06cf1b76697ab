"""Legal and trust pages (Impressum, privacy, accessibility, contact, about), easy German and
the contact form. Texts come from the database (admins edit them); fixed parts such as the
operator and the conciliation body come from configuration."""

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.services.portal import contact, pages
from actiondays.web.manage.common import show_errors
from actiondays.web.portal import bp
from actiondays.web.portal.forms import ContactForm

PAGE_TITLES = {
    "impressum": _l("Legal notice"),
    "datenschutz": _l("Privacy statement"),
    "barrierefreiheit": _l("Accessibility statement"),
    "kontakt": _l("Contact"),
    "ueber": _l("About the campaign"),
}


def _statement_date() -> date | None:
    try:
        return date.fromisoformat(current_app.config.get("ACCESSIBILITY_STATEMENT_DATE") or "")
    except ValueError:
        return None


def _page(slug: str, **extra):
    page = pages.find_page(slug, _current_language())
    return render_template(
        "portal/page.html",
        slug=slug,
        page=page,
        fallback_title=PAGE_TITLES[slug],
        statement_date=_statement_date(),
        **extra,
    )


def _current_language() -> str:
    return str(get_locale() or "de")


@bp.get("/impressum")
def impressum():
    """Legal notice (§ 5 DDG): the operator from configuration, then the edited text."""
    return _page("impressum")


@bp.get("/datenschutz")
def privacy():
    """Privacy statement (GDPR Art. 13/14)."""
    return _page("datenschutz")


@bp.get("/barrierefreiheit")
def accessibility():
    """Accessibility statement (BITV 2.0 § 7) with date, feedback route, conciliation body."""
    return _page("barrierefreiheit")


@bp.get("/ueber")
def about():
    """About the campaign and the alliance behind it."""
    return _page("ueber")


@bp.get("/leichte-sprache")
def easy_german():
    """This site explained in Leichte Sprache, with the sign language video if set."""
    return render_template("portal/easy.html", video=pages.setting(pages.SIGN_LANGUAGE_VIDEO))


def _sender_key() -> str:
    return contact.sender_key(current_app.config["SECRET_KEY"], request.remote_addr)


@bp.route("/kontakt", methods=["GET", "POST"])
def contact_form():
    """Contact and barrier reports; works without JavaScript, rate-limited per sender."""
    form = ContactForm()
    status = 200
    if request.method == "GET" and request.args.get("seite"):
        form.page_url.data = request.args["seite"][:500]
    if form.validate_on_submit():
        try:
            contact.submit_message(
                topic=form.topic.data,
                message=form.message.data,
                name=form.name.data or "",
                email=form.email.data or "",
                page_url=form.page_url.data or "",
                key=_sender_key(),
                limit=current_app.config["CONTACT_MESSAGES_PER_HOUR"],
            )
        except contact.TooManyMessages as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
            status = 429
        except DomainError as error:
            db.session.rollback()
            show_errors(form, error)
            status = 422
        else:
            db.session.commit()
            flash(_("Thank you. Your message has been sent to the campaign office."), "success")
            return redirect(url_for("portal.contact_form"))
    elif form.errors:
        status = 422
    page = pages.find_page("kontakt", _current_language())
    return render_template("portal/contact.html", form=form, page=page), status


# English addresses for the same pages (the language follows the visitor's choice).
ENGLISH_ALIASES = {
    "legal-notice": "portal.impressum",
    "privacy": "portal.privacy",
    "accessibility": "portal.accessibility",
    "contact": "portal.contact_form",
    "about": "portal.about",
    "easy-read": "portal.easy_german",
}


@bp.get("/en/<name>")
def english_alias(name: str):
    """English addresses: switch to English and show the page."""
    endpoint = ENGLISH_ALIASES.get(name)
    if endpoint is None:
        abort(404)
    return redirect(url_for("language.set_language", code="en", next=url_for(endpoint)))
