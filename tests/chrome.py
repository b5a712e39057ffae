"""A minimal headless-Chromium driver over the DevTools protocol (stdlib only).

Used by ``tests/test_browser.py`` and ``scripts/bench_views.py``. Chromium is
started with ``--remote-debugging-pipe``: protocol messages are
NUL-terminated JSON on file descriptors 3 (to the browser) and 4 (from it),
so no port is opened and no websocket client is needed.

Example::

    with Chrome(tmp_path / "profile") as chrome:
        tab = chrome.open_page(Path("outputs/cooperation.html"))
        tab.wait_for("document.body.getAttribute('data-kg-drawn-nodes')")
        tab.screenshot(tmp_path / "shot.png")
        assert not tab.errors()
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

#: Flags every run uses (on top of the profile folder and the pipe).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--window-size=1400,900",
]


def chromium() -> str | None:
    """Path of the Chromium binary (``$CHROMIUM``, ``chromium``, ``chromium-browser``), or None."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class CDPError(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


class Chrome:
    """A headless Chromium process driven over ``--remote-debugging-pipe``.

    Parameters
    ----------
    profile : Path
        A fresh ``--user-data-dir`` (created).
    binary : str, optional
        Chromium to run; default :func:`chromium`.
    extra_flags : list of str, optional
    """

    def __init__(self, profile: Path, binary: str | None = None, extra_flags: list[str] | None = None):
        binary = binary or chromium()
        if binary is None:
            raise FileNotFoundError("chromium not found")
        Path(profile).mkdir(parents=True, exist_ok=True)
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Move the child's ends above fd 4 (close-on-exec), so that putting
        # them on 3 and 4 in the child cannot overwrite one with the other.
        child_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_child_r)
        os.close(from_child_w)

        def fds() -> None:  # in the child: the pipe on fds 3 and 4 (inheritable)
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, *(extra_flags or []), f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,
            close_fds=False,  # Python's own fds are close-on-exec anyway
            start_new_session=True,
        )
        os.close(child_r)
        os.close(child_w)
        self._buf = b""
        self._next_id = 0
        self._quiet_id = 1 << 30  # ids of commands whose answer nobody waits for
        self.events: list[dict] = []

    # -- protocol ---------------------------------------------------------

    def _read_message(self, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._from_child], [], [], left)
            if not ready:
                return None
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise CDPError("browser closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, session: str | None = None, timeout: float = 30.0, **params) -> dict:
        """Send a command and return its ``result``; events met meanwhile go to :attr:`events`."""
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode("utf-8") + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(max(0.0, deadline - time.monotonic()))
            if reply is None:
                raise CDPError(f"{method}: no answer in {timeout} s")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._event(reply)

    def _event(self, msg: dict) -> None:
        """Record an event; dismiss JavaScript dialogs at once (a dialog blocks the page)."""
        self.events.append(msg)
        if msg["method"] == "Page.javascriptDialogOpening":
            self._quiet_id += 1
            cmd = {"id": self._quiet_id, "method": "Page.handleJavaScriptDialog",
                   "params": {"accept": False}, "sessionId": msg.get("sessionId")}
            os.write(self._to_child, json.dumps(cmd).encode("utf-8") + b"\0")

    def pump(self, seconds: float) -> None:
        """Collect events for ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            msg = self._read_message(left)
            if msg is not None and "method" in msg:
                self._event(msg)

    def open_page(self, path_or_url) -> "Tab":
        """A new tab with console, exception, dialog and network events recorded, at ``path_or_url``."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tab = Tab(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session)
        if path_or_url is not None:
            tab.navigate(path_or_url)
        return tab

    # -- lifetime ---------------------------------------------------------

    def close(self) -> None:
        """Stop the browser (its own process group, started here)."""
        if self.proc.poll() is None:
            try:
                self.send("Browser.close", timeout=5)
            except (CDPError, OSError):
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self) -> "Chrome":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Tab:
    """One page of a :class:`Chrome`, attached with a flat session."""

    def __init__(self, chrome: Chrome, session: str):
        self.chrome = chrome
        self.session = session
        self.navigated_at = 0.0

    def send(self, method: str, timeout: float = 30.0, **params) -> dict:
        return self.chrome.send(method, self.session, timeout=timeout, **params)

    def navigate(self, path_or_url) -> None:
        url = Path(path_or_url).resolve().as_uri() if isinstance(path_or_url, Path) else str(path_or_url)
        self.navigated_at = time.monotonic()
        self.send("Page.navigate", url=url)

    def evaluate(self, expression: str, timeout: float = 30.0):
        """Value of a JavaScript expression (JSON-serialisable results only)."""
        r = self.send("Runtime.evaluate", timeout=timeout, expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise CDPError(f"{expression}: {r['exceptionDetails'].get('text')} {r['exceptionDetails'].get('exception', {}).get('description', '')}")
        return r.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, interval: float = 0.02):
        """Poll ``expression`` until it is truthy; return its value and the seconds since :meth:`navigate`.

        Raises
        ------
        CDPError
            On timeout.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression, timeout=max(1.0, deadline - time.monotonic()))
            except CDPError:
                value = None  # e.g. the document is not there yet
            if value:
                return value, time.monotonic() - self.navigated_at
            self.chrome.pump(interval)
        raise CDPError(f"timed out after {timeout} s waiting for {expression}")

    def mouse_move(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png", timeout=60)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def _mine(self, method: str) -> list[dict]:
        return [e["params"] for e in self.chrome.events if e.get("sessionId") == self.session and e["method"] == method]

    def errors(self) -> list[str]:
        """Console errors/warnings, uncaught exceptions and error log entries (CSP violations included)."""
        out = []
        for p in self._mine("Runtime.consoleAPICalled"):
            if p["type"] in ("error", "assert", "warning"):
                out.append(f"console.{p['type']}: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
        for p in self._mine("Runtime.exceptionThrown"):
            d = p["exceptionDetails"]
            out.append(f"Uncaught: {d.get('text')} {d.get('exception', {}).get('description', '')}")
        for p in self._mine("Log.entryAdded"):
            if p["entry"]["level"] in ("error", "warning"):
                out.append(f"log.{p['entry']['level']}: {p['entry']['text']}")
        return out

    def dialogs(self) -> list[str]:
        """Messages of JavaScript dialogs (alert/confirm/prompt) the page opened."""
        return [p.get("message", "") for p in self._mine("Page.javascriptDialogOpening")]

    def requests(self) -> list[str]:
        """URLs of every request the page made."""
        return [p["request"]["url"] for p in self._mine("Network.requestWillBeSent")]
