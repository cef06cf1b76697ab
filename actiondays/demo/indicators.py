"""Demo indicator: a child poverty rate with generated values, named and flagged as demo.

The values are invented (a seeded generator around a district-specific level), so the comparison
pages have something to show; the indicator's name, definition and source say so, and the pages
mark it as demo data.
"""

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import (
    Indicator,
    IndicatorAggregation,
    IndicatorDirection,
    IndicatorValue,
    Region,
)
from actiondays.services.indicators import IndicatorData, create_indicator

DEMO_KEY = "child_poverty_rate_demo"
YEARS = range(2010, 2019)


def create_demo_indicators(actor) -> int:
    """The demo child poverty rate for every region and year 2010–2018; returns the value count."""
    if db.session.scalar(select(Indicator.id).where(Indicator.key == DEMO_KEY)) is not None:
        return 0
    indicator = create_indicator(
        IndicatorData(
            key=DEMO_KEY,
            name_de="Kinderarmutsquote (Demo-Werte)",
            name_en="Child poverty rate (demo values)",
            unit="%",
            definition=(
                "DEMO: erfundene Werte zur Vorführung. Gemeint ist der Anteil der unter "
                "18-Jährigen in Bedarfsgemeinschaften nach SGB II an allen unter 18-Jährigen."
            ),
            source="Keine Quelle: von `flask demo` erzeugte Zufallswerte (Demo).",
            licence="–",
            direction=IndicatorDirection.HIGHER_IS_WORSE.value,
            aggregation=IndicatorAggregation.POPULATION_WEIGHTED_MEAN.value,
            minimum=Decimal(0),
            maximum=Decimal(100),
            is_demo=True,
        ),
        actor,
    )
    rng = random.Random(2016)  # noqa: S311 - demo values, not secrets
    count = 0
    for region in db.session.scalars(select(Region).order_by(Region.ags)):
        level = rng.uniform(7.0, 28.0)
        for year in YEARS:
            if not region.is_valid_on(date(year, 12, 31)):
                continue  # values as of 31 December: the region of that day
            value = Decimal(str(round(level + rng.uniform(-1.5, 1.5) - (year - 2010) * 0.2, 1)))
            db.session.add(
                IndicatorValue(indicator=indicator, region=region, year=year, value=value)
            )
            count += 1
    db.session.flush()
    return count
