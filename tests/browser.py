"""A small headless-Chromium driver over the DevTools protocol, for tests that look at a page as a person would.

Opens a local file, records JavaScript exceptions, console errors and every request that leaves the machine, waits
for the page's own readiness value, and takes a full-page screenshot.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INSTALL_HINT = (
    "headless Chromium not found: install it with `apt-get update && apt-get install -y chromium` (.ci/run does)"
)
LAUNCH_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)


def find_chromium() -> str | None:
    """Path of a Chromium binary, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageRun:
    """What the browser saw."""

    ready: Any = None  # the page's readiness value (JSON-decoded), None on a timeout
    exceptions: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)  # results of the `evaluate` expressions, in order


class _Session:
    def __init__(self, ws_url: str) -> None:
        from websockets.sync.client import connect

        self.ws = connect(ws_url, max_size=None, open_timeout=20)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, timeout: float = 30.0, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            msg = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.events.append(json.loads(self.ws.recv(timeout=max(0.05, deadline - time.monotonic()))))
            except TimeoutError:
                return

    def close(self) -> None:
        self.ws.close()


def render_page(
    page: Path,
    screenshot: Path | None,
    *,
    ready_expr: str = "window.__reportReady",
    width: int = 1280,
    scale: float = 1.0,
    timeout: float = 60.0,
    evaluate: dict[str, str] | None = None,
) -> PageRun:
    """Load a local HTML file in headless Chromium; return errors, external requests and the ready value.

    `evaluate` maps names to JavaScript expressions run (in order) once the page is ready, e.g. to click.
    """
    binary = find_chromium()
    if binary is None:
        raise FileNotFoundError(INSTALL_HINT)
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
    proc = subprocess.Popen(
        [binary, *LAUNCH_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},900", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    run = PageRun()
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start (exit code {proc.poll()})")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            targets = json.load(resp)
        ws_url = next(t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page")
        session = _Session(ws_url)
        try:
            for domain in ("Runtime", "Page", "Log", "Network"):
                session.call(f"{domain}.enable")
            session.call(
                "Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=False
            )
            session.call("Page.navigate", url=page.resolve().as_uri())
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                result = session.call(
                    "Runtime.evaluate", expression=f"JSON.stringify({ready_expr} ?? null)", returnByValue=True
                )
                value = json.loads(result.get("result", {}).get("value") or "null")
                if value is not None:
                    run.ready = value
                    break
                session.drain(0.25)
            for name, expr in (evaluate or {}).items():
                result = session.call("Runtime.evaluate", expression=f"JSON.stringify({expr})", returnByValue=True)
                run.values[name] = json.loads(result.get("result", {}).get("value") or "null")
            session.drain(0.5)  # late errors and requests
            if screenshot is not None:
                metrics = session.call("Page.getLayoutMetrics")
                size = metrics.get("cssContentSize") or metrics["contentSize"]
                height = int(min(size["height"], 6000))
                session.call(
                    "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False
                )
                session.drain(1.0)  # responsive charts redraw at the new size
                shot = session.call(
                    "Page.captureScreenshot",
                    format="png",
                    captureBeyondViewport=True,
                    clip={"x": 0, "y": 0, "width": width, "height": height, "scale": scale},
                )
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
                run.screenshot = screenshot
        finally:
            session.close()
        for ev in session.events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                run.exceptions.append(details.get("exception", {}).get("description") or details.get("text", "?"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                run.console_errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                run.console_errors.append(params["entry"].get("text", "?"))
            elif method == "Network.requestWillBeSent":
                url = params.get("request", {}).get("url", "")
                if not url.startswith(("file:", "data:", "about:", "blob:")):
                    run.external_requests.append(url)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return run
