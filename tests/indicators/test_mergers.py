"""Across the 2016 merger: Landkreis Göttingen's earlier years combine its predecessors."""

from decimal import Decimal

from actiondays.services.indicators import region_profile
from tests.conftest import html, region, text_of


def _series(key: str):
    return next(s for s in region_profile(region("landkreis-goettingen")) if s.indicator.key == key)


def test_rate_is_population_weighted_mean_of_the_predecessors(app, make_indicator, set_values):
    make_indicator()
    set_values("kinderarmut", 2012, {"03152": 10, "03156": 20})
    set_values("population", 2012, {"03152": 250_000, "03156": 75_000})
    set_values("kinderarmut", 2017, {"03159": 14})
    points = {p.year: p for p in _series("kinderarmut").points}
    # (10 × 250,000 + 20 × 75,000) / 325,000 = 12.3077
    assert points[2012].value == Decimal("12.3077")
    assert points[2012].weighted
    assert points[2012].combined_from == [
        "Landkreis Göttingen (bis 2016)",
        "Landkreis Osterode am Harz",
    ]
    assert points[2017].value == Decimal("14")
    assert not points[2017].combined_from


def test_counts_are_summed(app, make_indicator, set_values):
    make_indicator(key="kinder", unit="Personen", aggregation="sum", direction="neutral")
    set_values("kinder", 2012, {"03152": 40_000, "03156": 12_000})
    assert _series("kinder").points[0].value == Decimal("52000")


def test_rate_without_predecessor_population_is_an_unweighted_mean(app, make_indicator, set_values):
    make_indicator()
    set_values("kinderarmut", 2011, {"03152": 8, "03156": 12.5})
    point = _series("kinderarmut").points[0]
    assert point.value == Decimal("10.25")
    assert not point.weighted


def test_a_year_with_only_one_predecessor_is_not_combined(app, make_indicator, set_values):
    make_indicator()
    set_values("kinderarmut", 2011, {"03152": 8})
    assert not [
        s
        for s in region_profile(region("landkreis-goettingen"))
        if s.indicator.key == "kinderarmut"
    ]


def test_predecessor_keeps_its_own_values(app, make_indicator, set_values):
    make_indicator()
    set_values("kinderarmut", 2012, {"03152": 10, "03156": 20})
    series = region_profile(region("landkreis-osterode-am-harz"))
    assert [(p.year, p.value, p.combined_from) for p in series[0].points] == [
        (2012, Decimal("20"), [])
    ]


def test_region_page_notes_the_combination(client, make_indicator, set_values):
    make_indicator()
    set_values("kinderarmut", 2012, {"03152": 10, "03156": 20})
    set_values("population", 2012, {"03152": 250_000, "03156": 75_000})
    set_values("kinderarmut", 2017, {"03159": 14})
    page = html(client.get("/regions/landkreis-goettingen"))
    section = page.select_one("section[aria-labelledby=series-kinderarmut]")
    assert section.select_one("svg")["role"] == "img"
    assert "12,31*" in text_of(section.select_one("table"))
    assert "bevölkerungsgewichtetes Mittel" in text_of(section.select_one("p.hint"))
