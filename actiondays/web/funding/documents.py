"""Documents of the funding area: the decision letter (PDF, the retrospectives' WeasyPrint
pipeline) and the call's XLSX for the accounts department."""

from flask import abort, current_app, render_template
from flask_babel import gettext as _

from actiondays import ROOT
from actiondays.exports.funding_xlsx import render_applications_xlsx
from actiondays.exports.pdf_export import PdfUnavailable, render_pdf
from actiondays.services.funding.money import euros

LETTER_STYLESHEETS = [
    ROOT / "static" / "css" / "app.css",
    ROOT / "static" / "css" / "print.css",
]


def decision_letter_pdf(application) -> bytes:
    """The decision letter: granted amount, conditions and the proof-of-use deadline."""
    html = render_template("funding/letter.html", application=application)
    try:
        return render_pdf(html, LETTER_STYLESHEETS, base_url=str(ROOT))
    except PdfUnavailable:
        current_app.logger.exception("PDF unavailable (WeasyPrint/Pango missing)")
        abort(503, description=_("The PDF download is not available on this server."))


def call_xlsx(call, applications) -> bytes:
    """Every application of a call, one row each; amounts are numbers (euros)."""
    columns = [
        _("Application"),
        _("State"),
        _("Organisation"),
        _("Event or project"),
        _("Region"),
        _("Tier"),
        _("Account holder"),
        _("IBAN"),
        _("Total costs"),
        _("Own funds"),
        _("Other funding"),
        _("Requested"),
        _("Granted"),
        _("Paid out"),
        _("Reclaimed"),
        _("Submitted on"),
        _("Proof of use due"),
    ]
    rows = [
        [
            a.id,
            str(a.state_label),
            a.organisation,
            a.subject_title,
            a.region.name,
            a.tier.name if a.tier else "",
            a.account_holder,
            a.iban,
            euros(a.total_cost_cents),
            euros(a.own_funds_cents),
            euros(a.other_funding_cents),
            euros(a.requested_cents),
            euros(a.granted_cents),
            euros(a.paid_cents),
            euros(a.reclaim_cents),
            a.submitted_at.date() if a.submitted_at else None,
            a.proof_due_on,
        ]
        for a in applications
    ]
    return render_applications_xlsx(call.title, columns, rows, money=set(range(8, 15)))
