"""One writer per warehouse: an advisory file lock held for the whole refresh."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".refresh.lock"


class WarehouseLocked(RuntimeError):
    """Another refresh holds the warehouse lock."""


@contextlib.contextmanager
def warehouse_lock(warehouse: Path, wait_seconds: float = 0.0) -> Iterator[Path]:
    """Hold the warehouse's writer lock; wait up to wait_seconds for it, then fail with a clear message."""
    warehouse = Path(warehouse)
    warehouse.mkdir(parents=True, exist_ok=True)
    path = warehouse / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(0.0, wait_seconds)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = path.read_text(encoding="utf-8", errors="replace").strip() or "another process"
                    raise WarehouseLocked(
                        f"warehouse {warehouse} is being refreshed by {holder}; wait for it to finish, "
                        "or set STANCEWIRE_LOCK_WAIT_SECONDS to wait for the lock"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        yield path
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
