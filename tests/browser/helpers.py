"""Helpers for the browser tests: servers as subprocesses, and driving JupyterLab and Voilà pages.

Everything here is independent of pytest so that it can be read (and reused) on its own.
The servers listen on 127.0.0.1 only, on a free port, with a random token; each runs in
its own process group with temporary Jupyter configuration, data and runtime directories.
They are started the way ``community-1234 lab`` and ``community-1234 dashboard`` start them
(``python -m sim.course.apps``, the token in ``COMMUNITY_1234_TOKEN``), so the pages tested
are configured as the users' are, offline included; the tests add only what they need to
look inside (settings and workspace folders, ``window.jupyterapp``, tracebacks).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOKEN_VARIABLE = "COMMUNITY_1234_TOKEN"  # how sim.course.apps receives its token

# Debian's Chromium hangs on network connections that can never succeed in a closed network
# unless background traffic (component updates, sync, QUIC probing…) is switched off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Generous timeouts (seconds): a cold kernel on a small CI machine can be slow.
SERVER_START_TIMEOUT = 60
KERNEL_IDLE_TIMEOUT = 90
RUN_ALL_TIMEOUT = 300
PLOT_CHANGE_TIMEOUT = 60

# JupyterLab user settings for the tests: never fetch news or check for updates (no toast
# asking for consent), never autosave (the notebooks are stored without outputs and must stay
# so), and keep every cell in the DOM so that prompts and outputs can be inspected.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Buttons that run a simulation or a comparison; language switches are not levers.
RUN_BUTTON = re.compile(r"运行|比较|对比|模拟|\bRun\b|\bCompare\b|\bSimulate\b", re.IGNORECASE)
LANGUAGE_LABEL = re.compile(r"^\s*(中文|英文|English|EN|ZH|en|zh|中|英|简体中文|Chinese)\s*$")


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_token() -> str:
    return secrets.token_hex(24)


def jupyter_env(base: Path) -> dict[str, str]:
    """Environment for a Jupyter server that ignores the user's own Jupyter settings.

    Configuration, data, runtime and IPython directories are fresh directories under
    ``base``; temporary files (Voilà's kernel connection files) go there too.
    """
    dirs = {name: base / name for name in ("config", "data", "runtime", "ipython", "tmp")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        IPYTHONDIR=str(dirs["ipython"]),
        TMPDIR=str(dirs["tmp"]),
        JUPYTER_PLATFORM_DIRS="0",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        PYTHONUNBUFFERED="1",
    )
    for var in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_TOKEN", "JUPYTER_PASSWORD"):
        env.pop(var, None)
    return env


def write_lab_settings(settings_dir: Path) -> None:
    for rel, values in LAB_SETTINGS.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")


def http_get(port: int, path: str, token: str | None = None, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": f"token {token}"} if token else {}
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def http_delete(port: int, path: str, token: str, timeout: float = 10.0) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("DELETE", path, headers={"Authorization": f"token {token}"})
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


@dataclass
class Server:
    """A server subprocess in its own process group, with its log file."""

    name: str
    proc: subprocess.Popen
    port: int
    token: str
    log_path: Path
    children: set[int] = field(default_factory=set)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def remember_children(self) -> None:
        """Record the server's descendants (kernels start in sessions of their own)."""
        import psutil

        with contextlib.suppress(psutil.Error):
            self.children.update(p.pid for p in psutil.Process(self.proc.pid).children(recursive=True))

    def stop(self, grace: float = 15.0) -> list[str]:
        """Stop the server and everything it started; return what had to be killed by force."""
        import psutil

        self.remember_children()
        forced: list[str] = []
        if self.proc.poll() is None:
            # SIGTERM lets Jupyter shut its kernels down cleanly before it exits.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                forced.append(f"{self.name} (pid {self.proc.pid})")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        leftovers = []
        for pid in self.children:
            with contextlib.suppress(psutil.Error):
                p = psutil.Process(pid)
                leftovers.append(p)
        _, alive = psutil.wait_procs(leftovers, timeout=5)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                forced.append(f"{' '.join(p.cmdline()[:3])} (pid {p.pid})")
                p.kill()
        psutil.wait_procs(alive, timeout=5)
        return forced


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the test process dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_server(
    name: str,
    make_cmd: Callable[[int, str], list[str]],
    ready: Callable[[int, str], bool],
    *,
    env: dict[str, str],
    cwd: Path,
    log_path: Path,
    timeout: float = SERVER_START_TIMEOUT,
    attempts: int = 3,
) -> Server:
    """Start ``make_cmd(port, token)`` on a free port and wait until ``ready(port, token)``.

    A port taken between choosing it and binding it makes the server exit; then another
    port is tried. Raises ``RuntimeError`` with the end of the server's log on failure.
    """
    last = ""
    for _ in range(attempts):
        port, token = free_port(), new_token()
        log = log_path.open("ab")
        proc = subprocess.Popen(
            make_cmd(port, token),
            cwd=cwd,
            env={**env, TOKEN_VARIABLE: token},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        log.close()
        server = Server(name, proc, port, token, log_path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if ready(port, token):
                    return server
            time.sleep(0.2)
        last = server.log_tail()
        server.stop(grace=5)
        if "address already in use" not in last.lower():
            break
    raise RuntimeError(f"{name} did not start (see {log_path}):\n{last}")


def lab_command(port: int, token: str, root_dir: Path, state_dir: Path) -> list[str]:
    """JupyterLab as ``community-1234 lab`` starts it, plus what the tests need (the token is in the environment)."""
    cmd = [
        sys.executable,
        "-m",
        "sim.course.apps",
        "lab",
        f"--port={port}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={state_dir / 'lab-settings'}",
        f"--LabApp.workspaces_dir={state_dir / 'lab-workspaces'}",
        # window.jupyterapp: commands, kernel status and cell models for the tests.
        "--LabApp.expose_app_in_browser=True",
        # Checkpoints go to a temporary directory, never next to the notebooks.
        f"--FileCheckpoints.checkpoint_dir={state_dir / 'checkpoints'}",
        # Logs at the default level, for diagnosis (the kit's command shows warnings only).
        "--ServerApp.log_level=INFO",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def lab_ready(port: int, token: str) -> bool:
    status, body = http_get(port, "/api/status", token)
    return status == 200 and "started" in json.loads(body)


def voila_command(port: int, token: str, notebook: Path) -> list[str]:
    """Voilà as ``community-1234 dashboard`` starts it (offline template, token in the environment), with tracebacks."""
    return [
        sys.executable,
        "-m",
        "sim.course.apps",
        "dashboard",
        str(notebook),
        f"--port={port}",
        "--show_tracebacks=True",
        "--Voila.log_level=INFO",
    ]


def voila_ready(port: int, token: str) -> bool:
    # Any answer will do: "/" would execute the notebook, so ask for a static file.
    status, _ = http_get(port, "/voila/static/voila.js")
    return status < 500


def shutdown_kernels(server: Server) -> None:
    """Shut down every kernel session of a JupyterLab server (frees CPU and memory)."""
    server.remember_children()
    with contextlib.suppress(OSError, http.client.HTTPException, ValueError):
        status, body = http_get(server.port, "/api/sessions", server.token)
        if status == 200:
            for session in json.loads(body):
                http_delete(server.port, f"/api/sessions/{session['id']}", server.token)


# --------------------------------------------------------------------------- page helpers

# Collects iopub "error" messages (also from widget callbacks, which never show in a
# cell) and stderr tracebacks of the current notebook's kernel into window.__kernelErrors.
_LAB_WATCH_IOPUB = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  window.__kernelErrors = [];
  panel.sessionContext.iopubMessage.connect((_, msg) => {
    const t = msg.header.msg_type, c = msg.content;
    if (t === 'error') {
      window.__kernelErrors.push(`${c.ename}: ${c.evalue}\\n${(c.traceback || []).join('\\n')}`);
    } else if (t === 'stream' && c.name === 'stderr' && /Traceback|Error/.test(c.text)) {
      window.__kernelErrors.push(c.text);
    }
  });
}"""

# Open a notebook in the loaded JupyterLab, then close every other document without saving.
_LAB_OPEN_IN_APP = """async (path) => {
  const app = window.jupyterapp;
  const old = [...app.shell.widgets('main')];
  await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  for (const w of old) {
    if (w.context && w.context.path === path) continue;
    if (w.context) w.context.model.dirty = false;
    w.close();
  }
}"""

_LAB_KERNEL_IDLE = """() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""

_LAB_DONE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle' || window.__runAll === undefined) return false;
  const prompts = [...panel.node.querySelectorAll('.jp-InputPrompt')];
  return !prompts.some(p => p.textContent.includes('*'));
}"""

_LAB_CELL_ERRORS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const found = [];
  panel.content.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    const outputs = cell.model.sharedModel.outputs || [];
    for (const o of outputs) {
      if (o.output_type === 'error') {
        found.push(`cell ${i + 1}: ${o.ename}: ${o.evalue}\\n${(o.traceback || []).join('\\n')}`);
      }
    }
  });
  return found;
}"""

_LAB_UNEXECUTED = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets
    .map((cell, i) => [cell, i])
    .filter(([cell]) => cell.model.type === 'code' && cell.model.sharedModel.getSource().trim()
      && cell.model.executionCount === null)
    .map(([, i]) => i + 1);
}"""

# Errors visible in a page: error/stderr outputs (also inside Output widgets) and widgets that
# failed to render.
_DOM_ERRORS = """(root) => {
  root = root || document.body;
  const found = [];
  for (const el of root.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
    if (/Traceback|Error/.test(el.textContent)) found.push(el.textContent);
  }
  for (const el of root.querySelectorAll('[data-mime-type="application/vnd.jupyter.error"]')) {
    found.push(el.textContent);
  }
  for (const el of root.querySelectorAll('.jupyter-widgets-error-widget')) {
    found.push('widget failed to render: ' + el.textContent);
  }
  // The kit's panels catch exceptions in callbacks and show them in their status line.
  for (const el of root.querySelectorAll('.kit-error')) {
    if (el.textContent.trim()) found.push('panel status: ' + el.textContent.trim());
  }
  if (/Error displaying widget|There was an error when executing cell/.test(root.innerText || '')) {
    found.push('page says: ' + (root.innerText.match(
      /(Error displaying widget|There was an error when executing cell)[^\\n]*/) || [''])[0]);
  }
  return found;
}"""

# A fingerprint of every plot image in widget outputs (and ipywidgets.Image views).
_IMAGE_SIGNATURE = """(root) => {
  root = root || document.body;
  const imgs = new Set([...root.querySelectorAll(
    '.widget-output img, .jupyter-widgets img, img.widget-image')]);
  const hash = (s) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    return (h >>> 0).toString(16) + ':' + s.length;
  };
  return [...imgs].filter(i => i.src).map(i => hash(i.src));
}"""


def clean_traceback(text: str, limit: int = 3000) -> str:
    text = ANSI.sub("", text)
    return text if len(text) <= limit else text[:limit] + " …"


@dataclass
class Interaction:
    """What was done to a page and what it did to the plots."""

    action: str
    before: list[str]
    after: list[str]
    seconds: float | None  # time from the action to the first changed plot; None: no change

    @property
    def changed(self) -> bool:
        return self.seconds is not None


def image_signature(page, root_selector: str | None = None) -> list[str]:
    root = page.query_selector(root_selector) if root_selector else None
    return page.evaluate(_IMAGE_SIGNATURE, root)


def dom_errors(page, root_selector: str | None = None) -> list[str]:
    root = page.query_selector(root_selector) if root_selector else None
    return [clean_traceback(e) for e in page.evaluate(_DOM_ERRORS, root)]


def wait_for_plot_change(
    page,
    before: list[str],
    root_selector: str | None,
    timeout: float = PLOT_CHANGE_TIMEOUT,
    failed: Callable[[], bool] | None = None,
) -> float | None:
    """Seconds until the plot fingerprint differs from ``before`` (and shows a plot), or None.

    Gives up early when ``failed()`` says an error was reported (no plot will come).
    """
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        now = image_signature(page, root_selector)
        if now and now != before:
            return time.monotonic() - start
        if failed is not None and failed():
            return None
        page.wait_for_timeout(50)
    return None


def wait_until_stable(page, root_selector: str | None, quiet: float = 0.6, timeout: float = 30) -> list[str]:
    """Wait until the plots have not changed for ``quiet`` seconds; return their fingerprint."""
    deadline = time.monotonic() + timeout
    last, since = image_signature(page, root_selector), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        now = image_signature(page, root_selector)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


def _visible(locator) -> list:
    return [locator.nth(i) for i in range(locator.count()) if locator.nth(i).is_visible()]


def _candidate_actions(page, scope: str) -> Iterator[tuple[str, Callable[[], None]]]:
    """Ways to change a model lever, best first: a slider, a toggle, a dropdown, a checkbox."""
    root = page.locator(scope)

    handles = _visible(root.locator(".widget-slider:not(.mod-disabled) .noUi-handle"))
    for handle in handles[:2]:
        label = _widget_label(handle)

        def move(handle=handle) -> None:
            before = handle.get_attribute("aria-valuenow")
            handle.focus()
            for _ in range(3):
                page.keyboard.press("ArrowRight")
            if handle.get_attribute("aria-valuenow") == before:  # at the maximum: go the other way
                for _ in range(3):
                    page.keyboard.press("ArrowLeft")

        yield f"slider {label!r} moved with the arrow keys", move

    toggles = [
        t
        for t in _visible(root.locator(".widget-toggle-button:not(.mod-active):not([disabled])"))
        if not LANGUAGE_LABEL.match(t.inner_text())
    ]
    for toggle in toggles[:2]:
        yield f"toggle button {toggle.inner_text().strip()!r} clicked", toggle.click

    for select in _visible(root.locator(".widget-dropdown select:not([disabled])"))[:1]:
        options = select.locator("option")
        values = [options.nth(i).get_attribute("value") for i in range(options.count())]
        current = select.input_value()
        others = [v for v in values if v != current]
        if others:
            yield (
                f"dropdown {_widget_label(select)!r} set to {others[0]!r}",
                lambda s=select, v=others[0]: s.select_option(v),
            )

    for box in _visible(root.locator(".widget-checkbox input[type=checkbox]:not([disabled])"))[:1]:
        yield f"checkbox {_widget_label(box)!r} clicked", box.click


def _widget_label(locator) -> str:
    """The description label of the ipywidget that contains ``locator`` (best effort)."""
    with contextlib.suppress(Exception):
        return locator.evaluate(
            """(el) => { const w = el.closest('.jupyter-widgets.widget-inline-hbox, .jupyter-widgets');
                 const l = w && w.querySelector('.widget-label');
                 return l ? l.textContent.trim() : ''; }"""
        )
    return ""


def run_buttons(page, scope: str) -> list:
    buttons = _visible(page.locator(scope).locator("button.widget-button:not([disabled])"))
    return [b for b in buttons if RUN_BUTTON.search(b.inner_text() or b.get_attribute("title") or "")]


def interact_and_wait(
    page,
    scope: str,
    plot_root: str | None = None,
    timeout: float = PLOT_CHANGE_TIMEOUT,
    error_count: Callable[[], int] | None = None,
) -> Interaction:
    """Change one lever (pressing Run/运行 afterwards if there is one) until a plot changes.

    Tries the candidates of ``_candidate_actions`` in turn (at most four); pressing a Run
    button alone comes first when nothing is drawn yet (a panel waiting for "Compare"), last
    otherwise. Returns the first interaction that changed a plot, or the last one tried.
    Stops at once when ``error_count()`` grows: an error was reported.
    """
    plot_root = plot_root or scope
    actions = list(_candidate_actions(page, scope))
    runs = run_buttons(page, scope)
    if runs:
        press_only = ("", lambda: None)
        if image_signature(page, plot_root):
            actions.append(press_only)
        else:
            actions.insert(0, press_only)
    if not actions:
        return Interaction("no slider, toggle, dropdown, checkbox or Run button found", [], [], None)
    errors_before = error_count() if error_count else 0

    def failed() -> bool:
        return error_count is not None and error_count() > errors_before

    result = None
    for description, act in actions[:4]:
        before = wait_until_stable(page, plot_root)
        start = time.monotonic()
        act()
        if runs:
            runs[0].click()
            pressed = f"{runs[0].inner_text().strip()!r} clicked"
            description = f"{description}, then {pressed}" if description else pressed
        acted = time.monotonic() - start
        waited = wait_for_plot_change(page, before, plot_root, timeout, failed)
        after = wait_until_stable(page, plot_root)
        result = Interaction(description, before, after, None if waited is None else acted + waited)
        if (result.changed and after != before) or failed():
            return result
    return result


def scroll_to_plot(page, scope: str = "body") -> None:
    """Bring the first visible plot of a widget output into view (for a screenshot)."""
    plots = _visible(page.locator(scope).locator(".widget-output img, img.widget-image"))
    if plots:
        with contextlib.suppress(Exception):
            plots[0].evaluate("(el) => el.scrollIntoView({block: 'start'})")


# --------------------------------------------------------------------------- JupyterLab


@dataclass
class LabRun:
    """The state of one notebook after "Run All Cells"."""

    run_all_ok: bool
    seconds: float
    errors: list[str]
    unexecuted: list[int]


class LabNotebook:
    """One notebook opened in JupyterLab in ``page`` (see the test module for the flow)."""

    SCOPE = ".jp-NotebookPanel:not(.lm-mod-hidden)"

    def __init__(self, page, server: Server, path: str):
        self.page, self.server, self.path = page, server, path

    def open(self) -> None:
        """Open the notebook and wait until its kernel is idle.

        The first notebook of a server is opened by loading ``/lab/tree/<path>``; later ones
        in the already loaded JupyterLab, with the command that route runs
        (``docmanager:open``), and the previous notebook is closed: a JupyterLab page load
        costs seconds, and a real one happens whenever this fails.
        """
        page = self.page
        opened = False
        if page.url.startswith(self.server.base_url + "/lab"):
            with contextlib.suppress(Exception):
                page.evaluate(_LAB_OPEN_IN_APP, self.path)
                self._wait_open(timeout=30)
                opened = True
        if not opened:
            # ?reset: start from an empty workspace, so no other notebook (or kernel) is restored.
            page.goto(f"{self.server.base_url}/lab/tree/{self.path}?token={self.server.token}&reset")
            self._wait_open(timeout=KERNEL_IDLE_TIMEOUT)
        deadline = time.monotonic() + KERNEL_IDLE_TIMEOUT
        while not page.evaluate(_LAB_KERNEL_IDLE):
            # A notebook without kernel metadata asks which kernel to use: take the default.
            dialog = page.locator(".jp-Dialog .jp-mod-accept")
            if dialog.count() and dialog.first.is_visible():
                dialog.first.click()
            if time.monotonic() > deadline:
                raise TimeoutError(f"the kernel of {self.path} did not become idle in {KERNEL_IDLE_TIMEOUT} s")
            page.wait_for_timeout(100)
        page.evaluate(_LAB_WATCH_IOPUB)

    def _wait_open(self, timeout: float) -> None:
        self.page.wait_for_function(
            "(path) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return !!w && !!w.context && w.context.path === path && !!w.sessionContext"
            " && [...window.jupyterapp.shell.widgets('main')].length === 1; }",
            arg=self.path,
            timeout=timeout * 1000,
        )

    def run_all(self) -> LabRun:
        """Run ▸ Run All Cells, and wait until no cell is queued or running and the kernel is idle."""
        page = self.page
        start = time.monotonic()
        page.evaluate(
            "() => { delete window.__runAll; window.jupyterapp.commands.execute('notebook:run-all-cells')"
            ".then(ok => { window.__runAll = ok; }, err => { window.__runAll = String(err); }); }"
        )
        page.wait_for_function(_LAB_DONE, timeout=RUN_ALL_TIMEOUT * 1000, polling=200)
        seconds = time.monotonic() - start
        ok = page.evaluate("() => window.__runAll") is True
        return LabRun(ok, seconds, self.errors(), page.evaluate(_LAB_UNEXECUTED))

    def wait_idle(self, timeout: float = KERNEL_IDLE_TIMEOUT) -> None:
        """Wait until the kernel has been idle for a moment (widget callbacks have finished)."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            if self.page.evaluate(_LAB_KERNEL_IDLE):
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= 0.5:
                    return
            else:
                idle_since = None
            self.page.wait_for_timeout(100)
        raise TimeoutError(f"the kernel of {self.path} stayed busy for {timeout} s")

    def errors(self) -> list[str]:
        """Errors in cell outputs, on the page, and any error the kernel sent (callbacks too)."""
        found = [clean_traceback(e) for e in self.page.evaluate(_LAB_CELL_ERRORS)]
        found += dom_errors(self.page, self.SCOPE)
        found += [clean_traceback(e) for e in self.page.evaluate("() => window.__kernelErrors || []")]
        return list(dict.fromkeys(found))

    def scroll_to_widgets(self) -> None:
        """Bring the first widget area (or the first plot) into view, for the screenshot."""
        target = self.page.locator(f"{self.SCOPE} .jupyter-widgets.widget-container, {self.SCOPE} .jupyter-widgets")
        with contextlib.suppress(Exception):
            if target.count():
                target.first.scroll_into_view_if_needed(timeout=5000)

    def widget_views(self) -> int:
        """How many cell outputs are ipywidgets views (in the notebook model, rendered or not)."""
        return self.page.evaluate(
            """() => window.jupyterapp.shell.currentWidget.content.widgets
                 .filter(c => c.model.type === 'code')
                 .flatMap(c => c.model.sharedModel.outputs || [])
                 .filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length"""
        )

    def kernel_error_count(self) -> int:
        return self.page.evaluate("() => (window.__kernelErrors || []).length")

    def has_controls(self) -> bool:
        return (
            self.page.locator(
                f"{self.SCOPE} .widget-slider, {self.SCOPE} .widget-toggle-button, "
                f"{self.SCOPE} button.widget-button, {self.SCOPE} .widget-dropdown"
            ).count()
            > 0
        )

    def leave(self) -> None:
        """Forget unsaved outputs and shut the kernel down (CPU and memory for the next one)."""
        with contextlib.suppress(Exception):
            self.page.evaluate(
                "() => { const w = window.jupyterapp.shell.currentWidget;"
                " if (w && w.context) w.context.model.dirty = false; }"
            )
        shutdown_kernels(self.server)


# --------------------------------------------------------------------------- Voilà

_KERNEL_ERROR = re.compile(r'"msg_type"\s*:\s*"error"')
_EVALUE = re.compile(r'"ename"\s*:\s*"((?:[^"\\]|\\.)*)".*?"evalue"\s*:\s*"((?:[^"\\]|\\.)*)"', re.DOTALL)
_STATUS_MSG = re.compile(r'"msg_type"\s*:\s*"status"')
_STATUS = re.compile(r'"execution_state"\s*:\s*"(\w+)"')

# True when the page's font draws Chinese characters as distinct glyphs (not as "tofu" boxes).
CJK_GLYPHS_JS = """() => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const g = canvas.getContext('2d');
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const draw = (ch) => {
    g.clearRect(0, 0, 64, 64);
    g.font = `48px ${family}`;
    g.fillText(ch, 4, 52);
    return g.getImageData(0, 0, 64, 64).data.join(',');
  };
  const missing = draw('\\u0378');  // unassigned code point: the missing-glyph box
  const a = draw('社'), b = draw('区');
  return a !== missing && b !== missing && a !== b;
}"""


class KernelWatch:
    """Kernel messages seen on a page's websockets: errors and the last execution state.

    Works for any Jupyter frontend (Voilà has no ``window.jupyterapp``): every kernel message
    carries its header as JSON text, in text and in binary websocket frames alike.
    """

    def __init__(self, page):
        self.errors: list[str] = []
        self.state = "unknown"
        self.changed = time.monotonic()
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes | bytearray) else payload
        if _KERNEL_ERROR.search(text):
            m = _EVALUE.search(text)
            self.errors.append(
                f"{m.group(1)}: {json.loads(chr(34) + m.group(2) + chr(34))}" if m else clean_traceback(text, 1000)
            )
        status = _STATUS.search(text)
        if status and _STATUS_MSG.search(text):
            self.state, self.changed = status.group(1), time.monotonic()

    def wait_idle(self, page, quiet: float = 0.5, timeout: float = KERNEL_IDLE_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.state == "idle" and time.monotonic() - self.changed >= quiet:
                return
            page.wait_for_timeout(100)
        raise TimeoutError(f"the kernel stayed {self.state} for {timeout} s")


class VoilaPage:
    """The dashboard served by Voilà, open in ``page``."""

    SCOPE = "body"

    def __init__(self, page, server: Server, path: str = "/"):
        self.page, self.server, self.path = page, server, path
        self.kernel = KernelWatch(page)
        self.load_seconds: float | None = None

    def open(self) -> None:
        start = time.monotonic()
        self.page.goto(f"{self.server.base_url}{self.path}?token={self.server.token}", timeout=RUN_ALL_TIMEOUT * 1000)
        # voila_finish() shows the rendered cells once every cell has run.
        self.page.wait_for_function(
            "() => { const r = document.getElementById('rendered_cells');"
            " return !!r && getComputedStyle(r).display !== 'none'; }",
            timeout=RUN_ALL_TIMEOUT * 1000,
        )
        if not dom_errors(self.page):
            self.page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=KERNEL_IDLE_TIMEOUT * 1000)
        self.kernel.wait_idle(self.page)
        wait_until_stable(self.page, None)
        self.load_seconds = time.monotonic() - start

    def errors(self) -> list[str]:
        return list(dict.fromkeys(dom_errors(self.page) + self.kernel.errors))

    def text(self) -> str:
        return self.page.inner_text("body")

    def control_labels(self) -> list[str]:
        """Visible texts of widget labels, buttons, toggle buttons and dropdown options."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll(
                 '.widget-label, .widget-label-basic, button.jupyter-button, .widget-dropdown option:checked,'
                 + ' .widget-html-content, .widget-checkbox label, .lm-TabBar-tabLabel')]
               .filter(e => e.offsetParent !== null)
               .map(e => (e.innerText || e.textContent || '').trim()).filter(Boolean)"""
        )

    def cjk_glyphs_render(self) -> bool:
        return self.page.evaluate(CJK_GLYPHS_JS)

    def code_visible(self) -> bool:
        return self.page.locator(".jp-InputArea-editor:visible, .CodeMirror:visible, .cm-editor:visible").count() > 0

    def language_button(self, pattern: re.Pattern) -> Any:
        for button in _visible(self.page.locator(".widget-toggle-button")):
            if LANGUAGE_LABEL.match(button.inner_text()) and pattern.search(button.inner_text()):
                return button
        return None


def tall_screenshot(page, path: Path, max_height: int = 5000) -> None:
    """Screenshot the whole page even when it scrolls inside an element (as Voilà's does).

    The viewport is made as tall as the tallest scrolling content (at most ``max_height``
    pixels) for the screenshot, then restored.
    """
    size = page.viewport_size
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
             ...[...document.querySelectorAll('*')]
               .filter(e => /(auto|scroll)/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight)
               .map(e => e.scrollHeight + e.getBoundingClientRect().top))"""
    )
    page.set_viewport_size({"width": size["width"], "height": int(min(max(height, size["height"]), max_height))})
    try:
        page.wait_for_timeout(300)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)


class RequestLog:
    """Every request the pages of a browser context (or one page) make, refused or not, in order.

    Playwright reports a request before any route decides about it, so a request to another
    host is logged even though the tests' context refuses it.
    """

    def __init__(self, target) -> None:
        self.urls: list[str] = []
        target.on("request", lambda request: self.urls.append(request.url))

    def mark(self) -> int:
        """A position in the log: ``since(mark)`` gives what came after it."""
        return len(self.urls)

    def since(self, mark: int = 0) -> list[str]:
        return self.urls[mark:]


# True when every Font Awesome icon on the page is drawn with a font that has loaded (from
# the page's own server: the tests' browser reaches no other), not left as an empty box.
ICON_FONTS_JS = """() => {
  const icons = [...document.querySelectorAll('i.fa, i[class*="fa-"]')]
    .filter(i => getComputedStyle(i, '::before').content !== 'none');
  const loaded = new Set([...document.fonts].filter(f => f.status === 'loaded')
    .map(f => f.family.replace(/["']/g, '')));
  const families = icons.map(i => getComputedStyle(i).fontFamily.split(',')[0].trim().replace(/["']/g, ''));
  return {icons: icons.length, unloaded: [...new Set(families.filter(f => !loaded.has(f)))]};
}"""


def requests_off_loopback(urls: list[str]) -> list[str]:
    """The URLs among ``urls`` that go anywhere but 127.0.0.1 (data:, blob: and about: stay in the page)."""
    from urllib.parse import urlsplit

    local = ("data", "blob", "about")
    return [url for url in urls if urlsplit(url).scheme not in local and urlsplit(url).hostname != "127.0.0.1"]
