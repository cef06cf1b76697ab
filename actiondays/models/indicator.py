"""Social-reporting indicators: a catalogue, and values per region and year."""

from decimal import Decimal

from flask_babel import get_locale
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actiondays.db import Base, TimestampMixin, enum_check
from actiondays.models.enums import IndicatorAggregation, IndicatorDirection
from actiondays.models.region import Region

#: Indicator values are exact decimals: counts up to 10^13, rates with four decimal places.
VALUE = Numeric(18, 4)


class Indicator(TimestampMixin, Base):
    """One indicator of the catalogue (for example the child poverty rate), at district level."""

    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint(enum_check("direction", IndicatorDirection), name="direction"),
        CheckConstraint(enum_check("aggregation", IndicatorAggregation), name="aggregation"),
        CheckConstraint("level IN ('district')", name="level"),
        CheckConstraint(
            "minimum IS NULL OR maximum IS NULL OR minimum <= maximum", name="range_order"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name_de: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    definition: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[str] = mapped_column(String(200), default="")
    direction: Mapped[str] = mapped_column(String(20))
    aggregation: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(20), default="district")
    #: The plausible range; an imported value outside it is a row error.
    minimum: Mapped[Decimal | None] = mapped_column(VALUE)
    maximum: Mapped[Decimal | None] = mapped_column(VALUE)
    #: Generated demonstration values, never to be mistaken for statistics.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def name(self) -> str:
        """The name in the current interface language (German outside a request)."""
        try:
            language = get_locale().language
        except (RuntimeError, AttributeError):
            language = "de"
        return self.name_en if language == "en" else self.name_de

    @property
    def higher_is_worse(self) -> bool:
        return self.direction == IndicatorDirection.HIGHER_IS_WORSE.value

    def __repr__(self) -> str:
        return f"<Indicator {self.key}>"


class IndicatorValue(Base):
    """The value of one indicator for one region in one year (as of 31 December, say)."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("indicator_id", "region_id", "year", name="indicator_region_year"),
        CheckConstraint("year BETWEEN 1900 AND 2200", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(VALUE)

    indicator: Mapped[Indicator] = relationship()
    region: Mapped[Region] = relationship()

    def __repr__(self) -> str:
        return f"<IndicatorValue {self.indicator_id} {self.region_id} {self.year}={self.value}>"
