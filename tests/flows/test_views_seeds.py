"""Every derived view runs on the seed warehouse and agrees with the tables it is computed from."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.views import DERIVED_VIEWS
from tests.conftest import query


@pytest.mark.slow
@pytest.mark.parametrize("view", DERIVED_VIEWS, ids=lambda v: v.name)
def test_each_view_runs_on_the_seed_warehouse(seeded_warehouse: Path, view) -> None:
    from tasks.store.query import run_query

    columns, _ = run_query(seeded_warehouse, f'SELECT * FROM "{view.name}"')
    assert list(columns) == [name for name, _ in view.columns]


@pytest.mark.slow
def test_seed_views_agree_with_their_tables(seeded_warehouse: Path) -> None:
    edges = query(seeded_warehouse, "SELECT sum(stance_count), count(*) FROM stance_edges")[0]
    stances = query(
        seeded_warehouse,
        "SELECT count(*) FROM stances s "
        "LEFT JOIN entities h ON h.entity_id = s.holder_id LEFT JOIN entities t ON t.entity_id = s.target_id "
        "WHERE coalesce(CASE WHEN h.type = 'gov' THEN h.parent_id END, s.holder_id) "
        "<> coalesce(CASE WHEN t.type = 'gov' THEN t.parent_id END, s.target_id)",
    )[0][0]
    assert edges[0] == stances and edges[1] > 0
    dated_mentions = query(
        seeded_warehouse,
        "SELECT count(*) FROM mentions m JOIN documents d USING (doc_id) "
        "WHERE m.entity_id IS NOT NULL AND d.published_at IS NOT NULL",
    )[0][0]
    daily = query(seeded_warehouse, "SELECT coalesce(sum(mentions), 0) FROM actor_mentions_daily")[0][0]
    assert daily == dated_mentions
    undated_first = query(
        seeded_warehouse,
        "SELECT count(*) FROM stance_edges WHERE (first_published_at IS NULL) <> (last_published_at IS NULL) "
        "OR first_published_at > last_published_at",
    )[0][0]
    assert undated_first == 0
