"""Regions: districts, independent cities and the Region Hannover, with validity periods."""

from datetime import date

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from actiondays.db import Base, enum_check
from actiondays.models.enums import RegionKind


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (
        CheckConstraint(enum_check("kind", RegionKind), name="kind"),
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="validity_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ags: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    def is_valid_on(self, day: date) -> bool:
        """Whether the region existed on the given day."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def is_valid_during(self, first: date, last: date) -> bool:
        """Whether the region existed on at least one day from `first` to `last`."""
        return (self.valid_from is None or self.valid_from <= last) and (
            self.valid_to is None or first <= self.valid_to
        )

    def __repr__(self) -> str:
        return f"<Region {self.ags} {self.slug}>"


class RegionMerger(Base):
    """One predecessor region that became part of a successor on a day (a district merger).

    Shared by the admin area (recording mergers) and comparisons across years (indicators,
    retrospectives): values stay with the region that existed then and are aggregated over the
    predecessors when compared with the successor.
    """

    __tablename__ = "region_mergers"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id", name="predecessor_successor"),
        CheckConstraint("predecessor_id <> successor_id", name="distinct_regions"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    merged_on: Mapped[date] = mapped_column(Date)

    predecessor: Mapped[Region] = relationship(foreign_keys=[predecessor_id])
    successor: Mapped[Region] = relationship(foreign_keys=[successor_id])

    def __repr__(self) -> str:
        return f"<RegionMerger {self.predecessor_id}→{self.successor_id} {self.merged_on}>"
