"""Crash safety: SIGKILL a real `stancewire refresh` process at several points of its run.

After each kill the last published warehouse must be byte-for-byte unchanged and readable, and the writer lock
free; after the next refresh completes, no document may be missing, duplicated or orphaned and nothing the
killed runs wrote may be left behind. The refresh subprocesses stop at named points through the test-only
STANCEWIRE_TEST_PAUSE_AT hook (tasks/store/crashpoints.py), or, for the annotate stage, are killed as soon as the
strip stage's output appears.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from schemas.registry import DOCUMENT_TABLES, TABLES
from tests.conftest import query
from tests.data.bad_inputs import article

pytestmark = pytest.mark.slow

STANCEWIRE = Path(sys.executable).with_name("stancewire")
WAIT_SECONDS = 240


@pytest.fixture(scope="module")
def api_url(prefect_harness: None) -> str:
    """URL of the session's Prefect API, for refresh subprocesses (no ephemeral server per process)."""
    import prefect.settings

    return str(prefect.settings.PREFECT_API_URL.value())


def _start(corpus: Path, warehouse: Path, api: str, pause_at: str | None, marker: Path) -> subprocess.Popen:
    """Start `stancewire refresh` as its own process (group)."""
    env = {
        **os.environ,
        "PREFECT_API_URL": api,
        "STANCEWIRE_N_PROCESS": "1",
        "STANCEWIRE_TEST_PAUSE_MARKER": str(marker),
    }
    env.pop("STANCEWIRE_TEST_PAUSE_AT", None)
    if pause_at:
        env["STANCEWIRE_TEST_PAUSE_AT"] = pause_at
    return subprocess.Popen(
        [str(STANCEWIRE), "refresh", "--input", str(corpus), "--warehouse", str(warehouse)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_for(proc: subprocess.Popen, ready: Callable[[], bool]) -> None:
    """Wait until ready() holds; fail with the process output if it ends or takes too long."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not ready():
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            pytest.fail(f"refresh ended (code {proc.returncode}) before the kill point:\n{out[-3000:]}")
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("refresh did not reach the kill point in time")
        time.sleep(0.05)


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the refresh (and anything it started) and reap it."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _snapshot(warehouse: Path) -> dict[str, object]:
    """What a reader sees: catalog bytes and the content of every table."""
    catalog = (warehouse / "catalog.duckdb").read_bytes()
    tables = {name: sorted(map(repr, query(warehouse, f"SELECT * FROM {name}"))) for name in TABLES}
    return {"catalog": hashlib.sha256(catalog).hexdigest(), **tables}


def _strip_output(warehouse: Path) -> bool:
    """True once a refresh has staged stripped documents (it is about to annotate them)."""
    return any(warehouse.glob("_staging/*/documents/*.parquet"))


def _write_corpus(corpus: Path, names: list[str]) -> None:
    """Write one synthetic article per name (and remove any other file)."""
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for name in names:
        (corpus / f"{name}.txt").write_text(article(name), encoding="utf-8")


def _assert_consistent(warehouse: Path, corpus: Path) -> None:
    """No document missing, duplicated or orphaned; every key unique; nothing left by killed runs."""
    files = {p.name for p in corpus.glob("*.txt")}
    sources = [r[0] for r in query(warehouse, "SELECT source_path FROM sources")]
    rejects = [r[0] for r in query(warehouse, "SELECT source_path FROM rejects")]
    assert sorted(sources + rejects) == sorted(files)
    docs = [r[0] for r in query(warehouse, "SELECT doc_id FROM documents")]
    assert len(docs) == len(set(docs)) == len(files) - len(rejects)  # the synthetic texts are all distinct
    assert set(docs) == {r[0] for r in query(warehouse, "SELECT doc_id FROM sources")}
    for name in DOCUMENT_TABLES:
        orphans = query(warehouse, f"SELECT count(*) FROM {name} WHERE doc_id NOT IN (SELECT doc_id FROM documents)")
        assert orphans == [(0,)], name
    for name, spec in TABLES.items():
        key = ", ".join(spec.primary_key)
        dupes = query(warehouse, f"SELECT {key}, count(*) FROM {name} GROUP BY ALL HAVING count(*) > 1")
        assert dupes == [], (name, dupes[:3])
    runs = {r[0] for r in query(warehouse, "SELECT run_id FROM runs")}
    versions = {p.name[2:] for p in warehouse.glob("*/v=*")}
    assert versions <= runs, f"version directories of runs that never published: {versions - runs}"
    assert not list(warehouse.glob("_staging/*")) and not list(warehouse.glob(".catalog.duckdb.*"))


def test_sigkill_at_any_point_leaves_the_published_warehouse_intact(api_url: str, tmp_path: Path) -> None:
    from flows.refresh import refresh
    from flows.settings import Settings
    from tasks.store.lock import warehouse_lock

    corpus, warehouse, marker = tmp_path / "corpus", tmp_path / "wh", tmp_path / "paused"
    _write_corpus(corpus, ["geneva", "brussels", "ankara"])
    refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1))
    published = _snapshot(warehouse)
    assert published["documents"]

    _write_corpus(corpus, ["geneva", "brussels", "cairo", "london"])  # two new, one gone
    for point in ("ingest", "annotate", "assemble", "before_swap"):
        marker.unlink(missing_ok=True)
        proc = _start(corpus, warehouse, api_url, None if point == "annotate" else point, marker)
        if point == "annotate":
            _wait_for(proc, lambda: _strip_output(warehouse))
        else:
            _wait_for(proc, marker.exists)
        _kill(proc)
        assert _snapshot(warehouse) == published, f"published warehouse changed after a kill at {point}"
        with warehouse_lock(warehouse, wait_seconds=0):  # the dead writer's lock is gone
            pass

    marker.unlink(missing_ok=True)
    proc = _start(corpus, warehouse, api_url, "after_swap", marker)  # killed after publishing, before cleanup
    _wait_for(proc, marker.exists)
    _kill(proc)
    assert _snapshot(warehouse)["catalog"] != published["catalog"]
    _assert_consistent_published(warehouse, corpus)

    summary = refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1))
    assert summary.documents == 4 and summary.docs_new == 0
    _assert_consistent(warehouse, corpus)
    assert len(query(warehouse, "SELECT run_id FROM runs")) == 3  # baseline, the run killed after its swap, this


def _assert_consistent_published(warehouse: Path, corpus: Path) -> None:
    """A run killed right after its swap has still published a complete, consistent version."""
    files = {p.name for p in corpus.glob("*.txt")}
    assert {r[0] for r in query(warehouse, "SELECT source_path FROM sources")} == files
    assert query(warehouse, "SELECT count(*) FROM documents") == [(4,)]
