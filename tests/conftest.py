"""Shared fixtures: project paths, a blank spaCy vocab, a Prefect test harness, one real refresh of seeds/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def vocab() -> Any:
    """One blank English vocabulary for the tests that build Docs by hand."""
    import spacy

    return spacy.blank("en").vocab


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A temporary Prefect API for the whole session (started once: it costs seconds)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect_home"))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of seeds/*.txt in a temporary directory."""
    out = tmp_path_factory.mktemp("seeds")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, out / path.name)
    return out


@pytest.fixture(scope="session")
def seeded_warehouse(prefect_harness: None, seed_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse refreshed once from the seeds with the real flow and model."""
    from flows.refresh import refresh
    from flows.settings import Settings

    warehouse = tmp_path_factory.mktemp("warehouse")
    refresh(settings=Settings(input_dir=seed_corpus, warehouse=warehouse, n_process=1))
    return warehouse


def query(warehouse: Path, sql: str) -> list[tuple]:
    """Run a read-only query on a warehouse's catalog."""
    from tasks.store.query import run_query

    return run_query(warehouse, sql)[1]
