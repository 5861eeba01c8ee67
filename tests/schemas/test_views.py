"""Derived views (schemas/views.py) on a tiny hand-made warehouse: their columns, comments and values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from schemas.views import DERIVED_VIEWS
from tasks.store.publish import catalog_path, open_catalog
from tests.data.tiny_warehouse import publish_tiny, row

EST = timezone(timedelta(hours=-5))


@pytest.fixture
def con(tmp_path: Path):
    rows = {
        "entities": [
            row("entities", entity_id="country:russia", canonical_name="Russia", type="country"),
            row("entities", entity_id="gov:russia", canonical_name="Kremlin", type="gov", parent_id="country:russia"),
            row("entities", entity_id="country:syria", canonical_name="Syria", type="country"),
        ],
        "documents": [
            row("documents", doc_id="d1", published_at=datetime(2019, 11, 19, 23, 30, tzinfo=EST)),  # 20 Nov UTC
            row("documents", doc_id="d2", published_at=datetime(2016, 9, 22, 8, tzinfo=UTC)),
            row("documents", doc_id="d3"),  # no date
        ],
        "stances": [
            row(
                "stances",
                stance_id="s1",
                doc_id="d1",
                holder_id="gov:russia",
                target_id="country:syria",
                polarity="favor",
                confidence=0.8,
            ),
            row(
                "stances",
                stance_id="s2",
                doc_id="d2",
                holder_id="country:russia",
                target_id="country:syria",
                polarity="favor",
                confidence=0.6,
            ),
            row(
                "stances",
                stance_id="s3",
                doc_id="d3",
                holder_id="country:russia",
                target_id="country:syria",
                polarity="favor",
                confidence=0.4,
            ),
            row(
                "stances",
                stance_id="s4",
                doc_id="d3",
                holder_id="country:syria",
                target_id="gov:russia",
                polarity="against",
                confidence=0.5,
            ),
        ],
        "mentions": [
            row("mentions", mention_id="d1:0", doc_id="d1", entity_id="gov:russia"),
            row("mentions", mention_id="d1:9", doc_id="d1", entity_id="gov:russia"),
            row("mentions", mention_id="d1:20", doc_id="d1", entity_id="country:syria"),
            row("mentions", mention_id="d1:30", doc_id="d1", entity_id=None),
            row("mentions", mention_id="d2:0", doc_id="d2", entity_id="gov:russia"),
            row("mentions", mention_id="d3:0", doc_id="d3", entity_id="gov:russia"),
        ],
    }
    wh = publish_tiny(tmp_path / "wh", rows)
    c = open_catalog(catalog_path(wh))
    yield c
    c.close()


@pytest.mark.parametrize("view", DERIVED_VIEWS, ids=lambda v: v.name)
def test_view_columns_are_declared_and_commented(con, view) -> None:
    described = [r[0] for r in con.execute(f'DESCRIBE "{view.name}"').fetchall()]
    assert described == [name for name, _ in view.columns]
    comments = dict(
        con.execute(
            "SELECT column_name, comment FROM duckdb_columns() "
            "WHERE table_name = ? AND database_name = current_database()",
            [view.name],
        ).fetchall()
    )
    assert comments == dict(view.columns)


def test_stance_edges_keep_counts_and_add_first_and_last_published(con) -> None:
    rows = con.execute(
        "SELECT holder_actor_id, target_actor_id, polarity, stance_count, doc_count, round(mean_confidence, 3), "
        "first_published_at, last_published_at FROM stance_edges ORDER BY 1"
    ).fetchall()
    assert rows == [
        (
            "country:russia",
            "country:syria",
            "favor",
            3,
            3,
            0.6,
            datetime(2016, 9, 22, 8, tzinfo=UTC),
            datetime(2019, 11, 20, 4, 30, tzinfo=UTC),
        ),
        ("country:syria", "country:russia", "against", 1, 1, 0.5, None, None),  # its only document is undated
    ]


def test_actor_mentions_daily_counts_dated_documents_by_utc_day(con) -> None:
    rows = con.execute("SELECT entity_id, day, documents, mentions FROM actor_mentions_daily ORDER BY 2, 1").fetchall()
    assert rows == [
        ("gov:russia", date(2016, 9, 22), 1, 1),
        ("country:syria", date(2019, 11, 20), 1, 1),
        ("gov:russia", date(2019, 11, 20), 1, 2),
    ]
