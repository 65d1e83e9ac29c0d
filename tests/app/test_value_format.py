"""Attribute values are typed for display: numbers, dates, links, NULL."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from arcgis_identify.app.value_format import typed_value


@pytest.mark.parametrize(
    ("raw", "kind", "text"),
    [
        (None, "null", "NULL"),
        ("Null", "null", "NULL"),
        ("<Null>", "null", "NULL"),
        (42, "number", "42"),
        (3.5, "number", "3.5"),
        ("1,234,567", "number", "1,234,567"),
        ("-17.5575", "number", "-17.5575"),
        ("https://example.org/a?b=1", "link", "https://example.org/a?b=1"),
        ("8/15/2019 9:28:22 PM", "date", "2019-08-15 21:28:22"),
        ("2019-08-15", "date", "2019-08-15"),
        ("Tennessee", "text", "Tennessee"),
        (True, "bool", "true"),
    ],
)
def test_kinds(raw, kind, text):
    value = typed_value(raw)
    assert (value.kind, value.text) == (kind, text)


def test_numbers_align_right_and_keep_their_value():
    value = typed_value("1,234.5")
    assert value.right_aligned
    assert value.value == 1234.5
    assert not typed_value("abc").right_aligned


def test_epoch_milliseconds_are_dates_only_for_date_fields():
    stamp = int(datetime(2020, 5, 17, 12, 30, tzinfo=timezone.utc).timestamp() * 1000)
    assert typed_value(stamp, "LastEdited").kind == "date"
    assert typed_value(stamp, "LastEdited").text == "2020-05-17 12:30:00 UTC"
    assert typed_value(stamp, "POP_EST").kind == "number"


def test_nan_and_infinity_show_without_error():
    assert typed_value(float("nan")).text == "nan"
    assert typed_value(float("inf")).text == "inf"


def test_whole_floats_read_alike_whatever_their_size():
    # A catalog item's visibility comes as 1 for the top scene and 0.0 for the others: one column, one look.
    assert [typed_value(v, "Visibility").text for v in (1, 1.0, 0.0, -0.0, 0.5)] == ["1", "1", "0", "0", "0.5"]
