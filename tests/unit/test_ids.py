"""Strict parsing of row ids, job ids and stream ids from untrusted text."""
from __future__ import annotations

import pytest

from shopify_app.jobs.events import valid_stream_id
from shopify_app.jobs.ids import MAX_ROW_ID, is_job_id, new_id, parse_row_id


@pytest.mark.parametrize("value, expected", [
    ("1", 1), ("0042", 42), (7, 7), (str(MAX_ROW_ID), MAX_ROW_ID), (MAX_ROW_ID, MAX_ROW_ID),
    ("²", None), ("١٢", None), ("1_000", None), (" 1", None), ("+1", None), ("-1", None),
    ("0", None), (0, None), (-5, None), (str(MAX_ROW_ID + 1), None), (MAX_ROW_ID + 1, None),
    ("9" * 40, None), (True, None), (1.0, None), (None, None), ([1], None), ("", None),
])
def test_parse_row_id_takes_only_ascii_digits_in_bigint_range(value, expected):
    assert parse_row_id(value) == expected


def test_job_ids():
    assert is_job_id(new_id())
    for bad in ("", "x" * 27, "a\x00b", "²", "a b", "../x", None, 5, ["a"]):
        assert not is_job_id(bad)


@pytest.mark.parametrize("value, expected", [
    ("0-0", True), ("1700000000000-3", True), ("5", True), ("18446744073709551615-0", True),
    ("18446744073709551616-0", False), ("²-0", False), ("١٢-0", False), ("1-2-3", False),
    ("-1", False), ("", False), (" 1-0", False),
])
def test_stream_ids(value, expected):
    assert valid_stream_id(value) is expected
