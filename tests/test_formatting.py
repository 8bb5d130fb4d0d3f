import datetime as dt

import pytest

from scripts import formatting as fmt
from scripts.model import PartialDate, months_between

NNBSP, NBSP = "\u202f", "\u00a0"


def test_numbers_follow_each_language():
    assert fmt.number(100000, "fr") == f"100{NNBSP}000"
    assert fmt.number(100000, "en") == "100,000"
    assert fmt.number(2.5, "fr", digits=1) == "2,5"
    assert fmt.number(2.5, "en", digits=1) == "2.5"
    # A datasheet value keeps its precision unless rounding is asked for.
    assert fmt.number(3.35, "fr") == "3,35" and fmt.number(3.35, "en") == "3.35"
    assert fmt.number(100000.0, "en") == "100,000"
    assert fmt.number(197.84, "en", digits=1) == "197.8"


def test_money_reads_as_words():
    assert fmt.money_usd(6e9, "fr") == f"6{NBSP}milliards de dollars"
    assert fmt.money_usd(6e9, "en") == "$6 billion"
    assert fmt.money_usd(1.25e12, "en") == "$1.25 trillion"
    assert fmt.money_usd(250e6, "fr") == f"250{NBSP}millions de dollars"


def test_dates_follow_each_language():
    day = dt.date(2024, 9, 2)
    assert fmt.date(day, "fr") == f"2{NBSP}septembre 2024"
    assert fmt.date(day, "en") == "September 2, 2024"
    assert fmt.date(dt.date(2023, 7, 1), "fr").startswith("1er")
    assert fmt.date(day, "fr", month_only=True) == "septembre 2024"
    assert fmt.date(day, "en", month_only=True) == "September 2024"


def test_ratio_and_months():
    assert fmt.ratio(1.4286, "fr") == "×1,4"
    assert months_between(dt.date(2024, 12, 31), dt.date(2025, 2, 17)) == 1
    assert months_between(dt.date(2024, 12, 1), dt.date(2025, 2, 17)) == 2
    assert fmt.duration_months(2, "fr") == f"2{NBSP}mois"
    assert fmt.duration_months(1, "en") == "1 month"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language"):
        fmt.number(1, "de")


@pytest.mark.parametrize("raw, precision, iso", [
    (2024, "year", "2024"), ("2024", "year", "2024"),
    ("2024-10", "month", "2024-10"),
    (dt.date(2024, 10, 30), "day", "2024-10-30"), ("2024-10-30", "day", "2024-10-30"),
])
def test_partial_dates_parse_to_what_the_source_knows(raw, precision, iso):
    value = PartialDate.parse(raw)
    assert value.precision == precision and value.isoformat() == iso and str(value) == iso


@pytest.mark.parametrize("raw", ["2024-13", "2025-02-30", "24-10", "2024/10", "October 2024", True, 3.5, None])
def test_partial_dates_refuse_what_is_not_a_real_date(raw):
    with pytest.raises(ValueError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        PartialDate.parse(raw)


def test_partial_dates_read_as_precisely_as_they_are_known_in_each_language():
    assert fmt.date(PartialDate.parse("2024-10"), "fr") == "octobre 2024"
    assert fmt.date(PartialDate.parse("2024-10"), "en") == "October 2024"
    assert fmt.date(PartialDate.parse(2024), "fr") == "2024"
    assert fmt.date(PartialDate.parse(2024), "en") == "2024"
    assert fmt.date(PartialDate.parse("2024-10-30"), "fr") == f"30{NBSP}octobre 2024"
    assert fmt.date(PartialDate.parse("2024-10-30"), "en") == "October 30, 2024"
    # A month is never written as the first of that month.
    assert "1er" not in fmt.date(PartialDate.parse("2023-07"), "fr")
    assert fmt.date(PartialDate.parse("2023-07-01"), "fr") == f"1er{NBSP}juillet 2023"


def test_partial_dates_sort_by_their_first_possible_day_vaguest_first():
    dates = [PartialDate.parse(x) for x in ("2024-10-30", "2024-10", "2024", "2024-10-01", "2023-12")]
    assert [d.isoformat() for d in sorted(dates)] == ["2023-12", "2024", "2024-10", "2024-10-01", "2024-10-30"]
    assert PartialDate.parse("2024-10").first_day() == dt.date(2024, 10, 1)
    assert PartialDate.parse("2024-02").last_day() == dt.date(2024, 2, 29)
    assert PartialDate.parse(2024).last_day() == dt.date(2024, 12, 31)
