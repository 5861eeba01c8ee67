"""One writer per warehouse: the second refresh waits for the lock or fails with a clear message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tasks.store.lock import LOCK_NAME, WarehouseLocked, warehouse_lock


def test_a_second_writer_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    with warehouse_lock(tmp_path), pytest.raises(WarehouseLocked) as exc, warehouse_lock(tmp_path, wait_seconds=0):
        pass
    message = str(exc.value)
    assert f"pid {os.getpid()}" in message and "STANCEWIRE_LOCK_WAIT_SECONDS" in message


def test_a_second_writer_can_wait_for_the_lock(tmp_path: Path) -> None:
    order: list[str] = []
    held = threading.Event()

    def first() -> None:
        with warehouse_lock(tmp_path):
            held.set()
            time.sleep(0.6)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    with warehouse_lock(tmp_path, wait_seconds=30):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


def test_waiting_gives_up_after_the_configured_time(tmp_path: Path) -> None:
    with warehouse_lock(tmp_path):
        t0 = time.monotonic()
        with pytest.raises(WarehouseLocked), warehouse_lock(tmp_path, wait_seconds=0.5):
            pass
        assert time.monotonic() - t0 >= 0.5


def test_the_lock_dies_with_its_process(tmp_path: Path) -> None:
    code = (
        "import sys, time; from pathlib import Path; from tasks.store.lock import warehouse_lock\n"
        "with warehouse_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(600)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        with pytest.raises(WarehouseLocked), warehouse_lock(tmp_path):
            pass
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with warehouse_lock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text() == f"pid {os.getpid()}"


@pytest.mark.slow
def test_refresh_exits_75_while_another_refresh_holds_the_lock(prefect_harness: None, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Officials met in Geneva on Friday.\n", encoding="utf-8")
    warehouse = tmp_path / "wh"
    with warehouse_lock(warehouse):
        result = CliRunner().invoke(
            app, ["refresh", "--input", str(tmp_path / "corpus"), "--warehouse", str(warehouse)]
        )
    assert result.exit_code == 75
    assert "being refreshed" in result.output
    assert not (warehouse / "catalog.duckdb").exists()
