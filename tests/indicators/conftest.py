"""Fixtures for the indicator tests: an indicator factory and values by AGS."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import (
    Indicator,
    IndicatorAggregation,
    IndicatorDirection,
    IndicatorValue,
    Region,
)


@pytest.fixture
def make_indicator(seeded) -> Callable[..., Indicator]:
    """Factory for committed indicators; defaults give a rate where higher means more need."""

    def _make(**overrides) -> Indicator:
        values = {
            "key": "kinderarmut",
            "name_de": "Kinderarmutsquote",
            "name_en": "Child poverty rate",
            "unit": "%",
            "definition": "Anteil der unter 18-Jährigen in Bedarfsgemeinschaften.",
            "source": "Testquelle",
            "licence": "dl-de/by-2-0",
            "direction": IndicatorDirection.HIGHER_IS_WORSE.value,
            "aggregation": IndicatorAggregation.POPULATION_WEIGHTED_MEAN.value,
            "minimum": Decimal(0),
            "maximum": Decimal(100),
        }
        values.update(overrides)
        indicator = Indicator(**values)
        db.session.add(indicator)
        db.session.commit()
        return indicator

    return _make


@pytest.fixture
def set_values(seeded) -> Callable[..., None]:
    """set_values(indicator_key, year, {ags: value}) writes values, replacing earlier ones."""

    def _set(key: str, year: int, by_ags: dict[str, str | int]) -> None:
        indicator = db.session.scalar(select(Indicator).where(Indicator.key == key))
        for ags, value in by_ags.items():
            region = db.session.scalar(select(Region).where(Region.ags == ags))
            found = db.session.scalar(
                select(IndicatorValue).where(
                    IndicatorValue.indicator_id == indicator.id,
                    IndicatorValue.region_id == region.id,
                    IndicatorValue.year == year,
                )
            )
            if found is None:
                db.session.add(
                    IndicatorValue(
                        indicator=indicator, region=region, year=year, value=Decimal(str(value))
                    )
                )
            else:
                found.value = Decimal(str(value))
        db.session.commit()

    return _set
