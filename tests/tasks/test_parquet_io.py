"""to_table: row dicts to an Arrow table of exactly the registry's schema."""

from __future__ import annotations

import pyarrow as pa
import pytest

from schemas import tables
from tasks.store.parquet_io import to_table


def _row(i: int) -> dict:
    """One mentions row."""
    return {
        "mention_id": f"d{i}:0",
        "doc_id": f"d{i}",
        "entity_id": None if i % 2 else "country:russia",
        "text": "Russia",
        "label": "GPE",
        "start_char": 0,
        "end_char": 6,
        "sent_idx": i,
        "link_method": "alias",
    }


def test_same_table_as_from_pylist_with_missing_keys_as_nulls() -> None:
    rows = [_row(i) for i in range(5)]
    rows[3].pop("entity_id")
    got = to_table(rows, tables.MENTIONS, table="mentions")
    assert got.schema == tables.MENTIONS
    assert got.equals(pa.Table.from_pylist(rows, schema=tables.MENTIONS))
    assert got.column("entity_id").to_pylist()[3] is None
    assert to_table([], tables.MENTIONS).num_rows == 0


def test_a_row_that_does_not_fit_is_named() -> None:
    rows = [_row(0), {**_row(1), "start_char": "zero"}]
    with pytest.raises(ValueError, match="table mentions: row 1 does not fit the schema"):
        to_table(rows, tables.MENTIONS, table="mentions")
