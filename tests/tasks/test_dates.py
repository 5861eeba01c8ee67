"""documents.published_at: the dateline shapes real pages use, what must stay NULL, and the GX rule against the future.

The shapes below were written by hand after reading the development pages' datelines (news sites of 2016-2019).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest

from schemas import tables
from tasks.boilerplate.dates import parse_published
from tasks.quality.validate import validate_table
from tasks.steps.check import checks_for

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # month name first, with or without a time and zone
        ("November 18, 2019", utc(2019, 11, 18)),
        ("Nov 18, 2019", utc(2019, 11, 18)),
        ("May 15, 2017", utc(2017, 5, 15)),
        ("Nov. 19, 2019, 8:41 AM UTC", utc(2019, 11, 19, 8, 41)),
        ("Nov. 18, 2019 7:04 pm ET", utc(2019, 11, 19, 0, 4)),  # Eastern time, 5 hours behind in November
        ("November 19th, 2019 at 8:40 AM", utc(2019, 11, 19, 8, 40)),
        ("October 9, 2018 at 4:02 pm", utc(2018, 10, 9, 16, 2)),
        ("Published Monday, November 18, 2019 8:22AM EST", utc(2019, 11, 18, 13, 22)),
        ("Associated Press November 19, 2019, 9:02 AM", utc(2019, 11, 19, 9, 2)),
        ("LinkNaija October 06, 2018", utc(2018, 10, 6)),
        ("November 12, 2018 | BY: Beachbody", utc(2018, 11, 12)),
        ("UPDATED: Tue., Nov. 19, 2019", utc(2019, 11, 19)),
        ("By Jason Cipriani | November 18, 2019 -- 19:14 GMT (19:14 GMT) | Topic: Hardware", utc(2019, 11, 18, 19, 14)),
        ("Nov 19, 2019 at 9:08 GMT1 day ago", utc(2019, 11, 19, 9, 8)),
        # day first
        ("19 November 2019 • 1:16pm", utc(2019, 11, 19, 13, 16)),
        ("Updated: 18 Nov 2019 9:38 pm", utc(2019, 11, 18, 21, 38)),
        ("Wednesday 20 November 2019 11:42, UK", utc(2019, 11, 20, 11, 42)),
        ("23 Nov 2017", utc(2017, 11, 23)),
        # the time before the date
        ("Published 11:11 PM EST Nov 19, 2019", utc(2019, 11, 20, 4, 11)),
        ("Published 11:26 pm EST, Tuesday, November 19, 2019", utc(2019, 11, 20, 4, 26)),
        ("Posted: Fri 6:45 PM, Feb 16, 2018 |", utc(2018, 2, 16, 18, 45)),
        ("5:45 AM PST 11/19/2019 by Patrick Shanley", utc(2019, 11, 19, 13, 45)),
        # numeric
        ("11/18/19 11:04 PM EST", utc(2019, 11, 19, 4, 4)),
        ("11/20/19 6:38 AM", utc(2019, 11, 20, 6, 38)),
        ("11.14.2019 09:00 AM", utc(2019, 11, 14, 9, 0)),
        ("2018-09-16", utc(2018, 9, 16)),
        ("기사입력 :[ 2018-08-25 15:24 ]", utc(2018, 8, 25, 15, 24)),
        ("2019-11-19T10:00:00+02:00", utc(2019, 11, 19, 8, 0)),
        # published and updated: the published one
        ("PUBLISHED: November 19, 2019 at 8:59 pm | UPDATED: November 20, 2019 at 10:16 pm", utc(2019, 11, 19, 20, 59)),
        ("Nov. 20, 2019Updated: Nov. 21, 2019 1:35 a.m.", utc(2019, 11, 20)),
    ],
)
def test_stated_dates_are_parsed(text: str, expected: datetime) -> None:
    assert parse_published(text, NOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        "16:02 GMT +322 September 2019",  # seed 001: a page clock glued to a date three years after the article
        "Published: Updated:",  # seed 002: labels without a date
        None,
        "",
        "1 day ago",
        "Published 22 hours ago",
        "Sunday",
        "Friday 5:11PM",
        "05 Oct",  # no year: nothing may be filled in from today
        "2019",
        "2019, 07:47 PM EST",
        "11-18T20:51:19Z Science & Astronomy",  # ISO with its year cut off
        "11/12/19 4:40PM",  # 11 December or 12 November: unknown order
        "02 Ago 2017",  # not an English month name
        "February 30, 2019",
    ],
)
def test_no_stated_date_gives_none(text: str | None) -> None:
    assert parse_published(text, NOW) is None


def test_a_date_after_now_is_refused() -> None:
    assert parse_published("November 19, 2019", utc(2019, 11, 18)) is None
    assert parse_published("November 19, 2019", utc(2019, 11, 19)) == utc(2019, 11, 19)


def test_an_unknown_zone_keeps_the_wall_clock_time() -> None:
    assert parse_published("November 20, 2019 - 11:28 AMT", NOW) == utc(2019, 11, 20, 11, 28)  # AMT: ambiguous


def _documents(published_at: list[datetime | None], ingested: datetime) -> pa.Table:
    rows = []
    for i, when in enumerate(published_at):
        row = {f.name: None for f in tables.DOCUMENTS}
        row |= {
            "doc_id": f"{i:020x}",
            "source_path": f"d{i}.txt",
            "source_paths": [f"d{i}.txt"],
            "content_hash": "0" * 64,
            "byte_count": 1,
            "char_count": 1,
            "encoding": "utf-8",
            "repairs": [],
            "language": "en",
            "line_count": 1,
            "kept_line_count": 1,
            "boilerplate_share": 0.0,
            "raw_text": "x",
            "clean_text": "x",
            "ingested_at": ingested,
            "run_id": "r",
            "pipeline_version": "p",
            "published_at": when,
        }
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=tables.DOCUMENTS)


def test_gx_suite_quarantines_a_published_date_in_the_future() -> None:
    ingested = utc(2026, 1, 1)
    docs = _documents([utc(2019, 11, 19), None, ingested + timedelta(days=3), ingested], ingested)
    lines = pa.Table.from_pylist(
        [
            {
                "doc_id": f"{i:020x}",
                "line_no": 0,
                "start_char": 0,
                "end_char": 1,
                "text": "x",
                "line_hash": "h",
                "kept": True,
                "label": "body",
                "reason": "r",
                "clean_start": 0,
            }
            for i in range(4)
        ],
        schema=tables.LINES,
    )
    outcome = validate_table("documents", docs, checks_for("documents", docs, lines))
    assert not outcome.failed_schema, outcome.failed_schema
    assert sorted(outcome.failed_rows) == [2], outcome.failed_rows
    assert any("expect_column_pair_values_a_to_be_greater_than_b" in r for r in outcome.failed_rows[2])
