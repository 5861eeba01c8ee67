"""Named points where a refresh can be told to stop and wait, so crash-safety tests can SIGKILL it there.

Inert unless the environment variable STANCEWIRE_TEST_PAUSE_AT names the point: tests set it on a subprocess,
wait for the marker file, kill the process and check the warehouse. Points: ingest, assemble, before_swap,
after_swap.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_ENV = "STANCEWIRE_TEST_PAUSE_AT"
MARKER_ENV = "STANCEWIRE_TEST_PAUSE_MARKER"
POINTS = ("ingest", "assemble", "before_swap", "after_swap")


def pause_point(name: str) -> None:
    """Block forever at this point when STANCEWIRE_TEST_PAUSE_AT names it (after writing the marker file)."""
    if os.environ.get(PAUSE_ENV) != name:
        return
    marker = os.environ.get(MARKER_ENV)
    if marker:
        tmp = Path(f"{marker}.tmp")
        tmp.write_text(f"{name} {os.getpid()}\n", encoding="utf-8")
        os.replace(tmp, marker)
    while True:  # the test kills the process here
        time.sleep(3600)
