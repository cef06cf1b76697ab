"""The shipped district mergers: Göttingen and Osterode am Harz became Landkreis Göttingen."""

from datetime import date

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import RegionMerger
from actiondays.services.reference import seed_reference_data


def test_seed_records_the_2016_goettingen_merger(app):
    seed_reference_data()
    seed_reference_data()
    mergers = db.session.scalars(select(RegionMerger)).all()
    pairs = sorted((m.predecessor.ags, m.successor.ags, m.merged_on) for m in mergers)
    assert pairs == [
        ("03152", "03159", date(2016, 11, 1)),
        ("03156", "03159", date(2016, 11, 1)),
    ]
    for merger in mergers:
        assert merger.predecessor.valid_to < merger.merged_on
        assert merger.successor.is_valid_on(merger.merged_on)
