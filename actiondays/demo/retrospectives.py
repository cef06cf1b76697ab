"""Demo retrospectives: 2010–2013 published with texts and highlights, 2014 left a draft."""

from datetime import UTC, date, datetime, time

from actiondays.models import EventKind
from actiondays.services.retrospectives import (
    add_highlight,
    campaign_for_year,
    highlight_choices,
    publish,
    update_text,
)

_DEMO_TEXT = {
    2010: (
        "Im Europäischen Jahr gegen Armut und soziale Ausgrenzung haben Initiativen in ganz "
        "Niedersachsen eine Woche lang gezeigt, was Kindern aus Familien mit wenig Geld hilft.",
        "Wir danken allen Beteiligten und freuen uns auf die Aktionstage 2011.",
    ),
    2011: (
        "Die Aktionstage 2011 haben die Arbeit vor Ort weiter vernetzt: Viele Veranstaltungen "
        "entstanden gemeinsam mit Schulen, Kitas und Vereinen.",
        "Vielen Dank für Ihr Engagement für Kinder in Niedersachsen.",
    ),
    2012: (
        "2012 standen Bildung und gesellschaftliche Teilhabe im Mittelpunkt vieler Aktionen.",
        "Die Ergebnisse dieses Jahres fließen in die Planung der Mitmachtage 2013 ein.",
    ),
    2013: (
        "Von Juni bis Oktober 2013 luden die Mitmachtage zum Mitmachen ein. Aktionen konnten "
        "auf Antrag mit bis zu 2.000 Euro gefördert werden.",
        "Wir danken allen Organisationen, Ehrenamtlichen und Familien, die mitgemacht haben.",
    ),
    2014: (
        "Unter dem Motto „Vernetzung und Nachhaltigkeit“ fanden die Aktionstage 2014 statt.",
        "",
    ),
}
_DEMO_NOTES = (
    "Ein besonders gut besuchtes Angebot mit vielen Familien aus dem Stadtteil.",
    "Ein Projekt, das auch nach den Aktionstagen weitergeht.",
)


def create_demo_retrospectives(actor) -> None:
    """Demo: publish the retrospectives 2010–2013 with text and highlights; 2014 stays a draft.

    Deterministic: highlights are the first held action day and the first participating
    project by id, and published_at is taken from the campaign dates, not from the clock.
    """
    for year, (introduction, closing) in _DEMO_TEXT.items():
        campaign = campaign_for_year(year)
        if campaign is None:
            continue
        update_text(campaign, actor, introduction, closing)
        events, projects = highlight_choices(campaign)
        action_days = sorted(
            (e for e in events if e.kind == EventKind.ACTION_DAY.value), key=lambda e: e.id
        )
        if action_days:
            add_highlight(campaign, actor, _DEMO_NOTES[0], event_id=action_days[0].id)
        if projects:
            add_highlight(campaign, actor, _DEMO_NOTES[1], project_id=min(p.id for p in projects))
        if year <= 2013:
            published_on = date(campaign.action_ends_on.year, 12, 15)
            publish(campaign, actor, at=datetime.combine(published_on, time(10), tzinfo=UTC))
