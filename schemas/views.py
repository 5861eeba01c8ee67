"""Derived views published in the catalog beside the tables: SQL over the registry's tables, documented like them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DerivedView:
    """A view over published tables, with a description for the data dictionary and the catalog comments."""

    name: str
    description: str
    sql: str


#: Stances rolled up for counting: a government and its state count as one actor (entities.parent_id of a gov:
#: entity is its country), so 'Moscow' (gov:russia) and 'Russia' (country:russia) meet in one edge.
STANCE_EDGES = DerivedView(
    "stance_edges",
    "Holder -> target stance counts with governments rolled up to their state (gov:x -> country:x): one row per "
    "edge and polarity, with the number of rows and documents and the mean confidence.",
    """
    WITH roll AS (
      SELECT entity_id, CASE WHEN type = 'gov' AND parent_id IS NOT NULL THEN parent_id ELSE entity_id END AS actor_id
      FROM entities
    )
    SELECT coalesce(h.actor_id, s.holder_id) AS holder_actor_id,
           coalesce(t.actor_id, s.target_id) AS target_actor_id,
           s.polarity,
           count(*) AS stance_count,
           count(DISTINCT s.doc_id) AS doc_count,
           avg(s.confidence) AS mean_confidence
    FROM stances s
    LEFT JOIN roll h ON h.entity_id = s.holder_id
    LEFT JOIN roll t ON t.entity_id = s.target_id
    WHERE coalesce(h.actor_id, s.holder_id) <> coalesce(t.actor_id, s.target_id)
    GROUP BY ALL
    """,
)

DERIVED_VIEWS: tuple[DerivedView, ...] = (STANCE_EDGES,)
