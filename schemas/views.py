"""Derived views published in the catalog beside the tables: SQL over the registry's tables, documented like them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DerivedView:
    """A view over published tables, with a description for the data dictionary and the catalog comments."""

    name: str
    description: str
    sql: str
    columns: tuple[tuple[str, str], ...] = ()  # (column, description), in the view's column order


#: Stances rolled up for counting: a government and its state count as one actor (entities.parent_id of a gov:
#: entity is its country), so 'Moscow' (gov:russia) and 'Russia' (country:russia) meet in one edge.
STANCE_EDGES = DerivedView(
    "stance_edges",
    "Holder -> target stance counts with governments rolled up to their state (gov:x -> country:x): one row per "
    "edge and polarity, with the number of rows and documents, the mean confidence and the first and last published "
    "date of those documents.",
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
           avg(s.confidence) AS mean_confidence,
           min(d.published_at) AS first_published_at,
           max(d.published_at) AS last_published_at
    FROM stances s
    LEFT JOIN roll h ON h.entity_id = s.holder_id
    LEFT JOIN roll t ON t.entity_id = s.target_id
    LEFT JOIN documents d ON d.doc_id = s.doc_id
    WHERE coalesce(h.actor_id, s.holder_id) <> coalesce(t.actor_id, s.target_id)
    GROUP BY ALL
    """,
    columns=(
        ("holder_actor_id", "Holder entity id, a government rolled up to its state (gov:x -> country:x)."),
        ("target_actor_id", "Target entity id, rolled up the same way."),
        ("polarity", "favor or against."),
        ("stance_count", "Stance rows on this edge."),
        ("doc_count", "Documents with at least one of them."),
        ("mean_confidence", "Mean calibrated confidence of the rows."),
        ("first_published_at", "Earliest documents.published_at among those documents (NULL when none is dated)."),
        ("last_published_at", "Latest documents.published_at among those documents (NULL when none is dated)."),
    ),
)

#: Mentions per actor and day, for time-series dashboards: only documents with a stated published date count.
ACTOR_MENTIONS_DAILY = DerivedView(
    "actor_mentions_daily",
    "Mentions of each entity per day of publication (UTC day of documents.published_at): one row per entity and "
    "day with the documents and mentions; documents without a published date are left out.",
    """
    SELECT m.entity_id,
           CAST(timezone('UTC', d.published_at) AS DATE) AS day,
           count(DISTINCT m.doc_id) AS documents,
           count(*) AS mentions
    FROM mentions m
    JOIN documents d ON d.doc_id = m.doc_id
    WHERE m.entity_id IS NOT NULL AND d.published_at IS NOT NULL
    GROUP BY ALL
    """,
    columns=(
        ("entity_id", "Linked entity (entities.entity_id), as mentioned (no roll-up)."),
        ("day", "UTC calendar day of the documents' published_at."),
        ("documents", "Documents published that day that mention the entity."),
        ("mentions", "Its mentions in them."),
    ),
)

DERIVED_VIEWS: tuple[DerivedView, ...] = (STANCE_EDGES, ACTOR_MENTIONS_DAILY)
