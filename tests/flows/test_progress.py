"""Refresh progress: one line per stage when stderr is not a terminal, a live rich display when it is."""

from __future__ import annotations

import io
import re
import threading
from typing import Any

from flows.progress import RefreshProgress


class FakeFuture:
    """A future that completes when told to, calling its callbacks from another thread like a task runner does."""

    def __init__(self, docs: int, fail: bool = False) -> None:
        self.docs, self.fail, self.callbacks = docs, fail, []

    def add_done_callback(self, fn: Any) -> None:
        self.callbacks.append(fn)

    def result(self, raise_on_failure: bool = True) -> Any:
        if self.fail:
            return RuntimeError("part failed")
        return {"docs": self.docs}

    def complete(self) -> None:
        t = threading.Thread(target=lambda: [fn(self) for fn in self.callbacks])
        t.start()
        t.join()


class NotATty(io.StringIO):
    def isatty(self) -> bool:
        return False


def test_not_a_terminal_gives_one_line_per_stage() -> None:
    out = NotATty()
    futures = [FakeFuture(3), FakeFuture(4), FakeFuture(5, fail=True)]
    with RefreshProgress(out) as progress:
        assert not progress.live
        progress.start("ingest", 12)
        progress.finish("ingest", 12, "0 documents carried over")
        progress.start("annotate", 12)
        progress.track("annotate", futures)
        for f in futures:
            f.complete()
        assert progress._stages["annotate"]["done"] == 7  # the failed part adds nothing
        progress.finish("annotate", 7)
        progress.start("publish", None)
        progress.finish("publish")
    lines = out.getvalue().splitlines()
    assert len(lines) == 3, lines
    assert re.search(r"ingest done in \d+\.\ds; 12 inputs \(.+/s\); 0 documents carried over$", lines[0])
    assert re.search(r"annotate done in \d+\.\ds; 7 documents", lines[1])
    assert re.search(r"publish done in \d+\.\ds$", lines[2])


def test_a_terminal_gets_a_live_display_with_counts() -> None:
    out = io.StringIO()
    futures = [FakeFuture(10), FakeFuture(10)]
    with RefreshProgress(out, live=True) as progress:
        progress.start("strip", 20)
        progress.track("strip", futures)
        futures[0].complete()
        assert progress._stages["strip"]["done"] == 10
        futures[1].complete()
        progress.finish("strip", 20)
    text = out.getvalue()
    assert "strip" in text and "20/20" in text and "documents" in text
    assert "done in" not in text  # no log lines on a terminal
