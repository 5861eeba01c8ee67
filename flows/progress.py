"""Progress of a refresh on stderr: a live display (rich) on a terminal, one log line per stage otherwise (cron, CI).

Per-part stages (strip, annotate) advance as each part's future completes, by the documents in that part, so the
display shows documents done of the total, the rate and the time left. Nothing here touches stdout: the run summary
stays the only thing `stancewire refresh` prints there.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import datetime
from typing import Any, TextIO

UNITS = {"ingest": "inputs", "strip": "documents", "annotate": "documents"}


class RefreshProgress:
    """Stages started, advanced and finished by the flow; drawn live on a TTY, else logged once per stage."""

    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.live = bool(isatty()) if live is None else live
        self._lock = threading.Lock()
        self._stages: dict[str, dict[str, Any]] = {}
        self._progress: Any = None
        if self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            console = Console(file=self.stream, force_terminal=True if live else None)
            self._progress = Progress(
                TextColumn("{task.description:<9}"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[unit]}"),
                TextColumn("[cyan]{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=console,
            )

    def __enter__(self) -> RefreshProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, stage: str, total: int | None) -> None:
        """A stage begins with `total` items (None: unknown)."""
        with self._lock:
            unit = UNITS.get(stage, "")
            task = None
            if self._progress is not None:
                task = self._progress.add_task(stage, total=total, unit=unit, rate="")
            self._stages[stage] = {"t0": time.perf_counter(), "done": 0, "total": total, "task": task, "unit": unit}

    def advance(self, stage: str, n: int) -> None:
        """Some items of a stage are done (safe from any thread)."""
        with self._lock:
            s = self._stages.get(stage)
            if s is None:
                return
            s["done"] += n
            if self._progress is not None:
                self._progress.update(s["task"], completed=s["done"], rate=_rate(s["done"], s["t0"]))

    def track(self, stage: str, futures: list[Any], count: str = "docs") -> None:
        """Advance a stage by each future's manifest[count] when it completes (failures count 0 here; the flow
        re-raises them when it collects the results)."""

        def done(future: Any) -> None:
            try:
                n = int((future.result(raise_on_failure=False) or {}).get(count, 0))
            except Exception:
                n = 0
            self.advance(stage, n)

        for future in futures:
            try:
                future.add_done_callback(done)
            except Exception:  # a runner whose futures take no callbacks: the stage completes at finish()
                return

    def finish(self, stage: str, done: int | None = None, note: str = "") -> None:
        """A stage is over: complete its bar, or write its one line."""
        with self._lock:
            s = self._stages.setdefault(
                stage, {"t0": time.perf_counter(), "done": 0, "total": None, "task": None, "unit": UNITS.get(stage, "")}
            )
            if done is not None:
                s["done"] = done
            seconds = time.perf_counter() - s["t0"]
            if self._progress is not None:
                if s["task"] is None:
                    s["task"] = self._progress.add_task(stage, total=None, unit=s["unit"], rate="")
                if s["total"] is None and not s["done"]:  # a stage without items: one step, done
                    self._progress.update(s["task"], total=1, completed=1, unit="step")
                else:
                    total = max(s["total"] or 0, s["done"])
                    self._progress.update(s["task"], total=total, completed=s["done"], rate=_rate(s["done"], s["t0"]))
                self._progress.stop_task(s["task"])
                return
            count = f"{s['done']} {s['unit']}".strip() if s["unit"] or done is not None else ""
            rate = f" ({s['done'] / seconds:.1f}/s)" if s["unit"] and seconds > 0 and s["done"] else ""
            parts = [f"{datetime.now():%H:%M:%S} stancewire refresh: {stage} done in {seconds:.1f}s"]
            if count:
                parts.append(f"; {count}{rate}")
            if note:
                parts.append(f"; {note}")
            self.stream.write("".join(parts) + "\n")
            self.stream.flush()


def _rate(done: int, t0: float) -> str:
    seconds = time.perf_counter() - t0
    return f"{done / seconds:.1f}/s" if done and seconds > 0 else ""
