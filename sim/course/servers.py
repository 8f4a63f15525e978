"""JupyterLab and the Voilà dashboard on the course folder: started, watched and stopped.

``serve`` runs one server as a child process (``python -m sim.course.apps lab`` or
``… dashboard``; ``sim.course.apps`` says how they ask nothing of the internet) on 127.0.0.1
with a random token, waits until it answers, prints
``URL: http://127.0.0.1:<port>/...?token=<secret>`` (the address to open), opens the browser,
and serves until SIGINT, SIGTERM or (POSIX) SIGHUP; then it stops the server, which shuts its
kernels down, and ends any kernel still left.

The child runs in a process group of its own, so Ctrl-C in the terminal reaches this process
only and the server is stopped in order (JupyterLab would otherwise stop to ask "Shutdown
this Jupyter server?"). Closing the terminal window (SIGHUP) stops it too.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..i18n import t
from .apps import TOKEN_VARIABLE

LOOPBACK = "127.0.0.1"
NEEDS = ("jupyterlab", "voila", "ipywidgets")  # the optional group "lab"
START_TIMEOUT = 180  # seconds: a first start on a slow office PC compiles and caches a lot
STOP_GRACE = 20  # seconds the server gets to shut its kernels down
PORT_ATTEMPTS = 3  # free ports tried when the port was left to us
WELCOME = "notebooks/{lang}/00-welcome.ipynb"
DASHBOARD = "notebooks/dashboard.ipynb"


class ServerError(Exception):
    """The server could not be started; the message (in the user's language) says why."""


@dataclass(frozen=True)
class Plan:
    """How to start one server and where its page is."""

    what: str  # "lab" or "dashboard": the text key course.what.<what>
    command: Callable[[int], list[str]]  # the command line for a port
    env: dict[str, str]
    cwd: Path
    page: str  # the path of the page to open, after the host
    ready: Callable[[int, str], bool]  # whether the server answers on a port, given the token


def missing_package() -> str | None:
    """The first package of the "lab" group that is not installed, or None."""
    return next((name for name in NEEDS if importlib.util.find_spec(name) is None), None)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def http_status(port: int, path: str, token: str | None = None, timeout: float = 5.0) -> int:
    """The HTTP status of GET ``path`` on 127.0.0.1 (directly: never through a proxy)."""
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Authorization": f"token {token}"} if token else {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _lab_ready(port: int, token: str) -> bool:
    return http_status(port, "/api/status", token) == 200


def _dashboard_ready(port: int, token: str) -> bool:
    # A static file: asking for the page itself would run the notebook.
    return http_status(port, "/voila/static/voila.js") == 200


def _app(name: str, *options: str) -> list[str]:
    return [sys.executable, "-m", "sim.course.apps", name, *options]


def lab_plan(folder: Path, lang: str, token: str) -> Plan:
    """JupyterLab on ``folder``, opening the welcome notebook in ``lang``."""

    def command(port: int) -> list[str]:
        cmd = _app("lab", f"--port={port}", f"--ServerApp.root_dir={folder}")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # Jupyter refuses root without it (a container, a CI runner)
        return cmd

    env = {**os.environ, TOKEN_VARIABLE: token}
    for name in ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE", "JUPYTER_PASSWORD"):
        env.pop(name, None)  # the token is ours
    page = "/lab/tree/" + WELCOME.format(lang=lang)
    return Plan("lab", command, env, folder, page, _lab_ready)


def dashboard_plan(folder: Path, lang: str, token: str) -> Plan:
    """Voilà serving ``notebooks/dashboard.ipynb`` of ``folder`` (the dashboard switches language itself)."""
    notebook = folder / DASHBOARD

    def command(port: int) -> list[str]:
        return _app("dashboard", str(notebook), f"--port={port}")

    env = {**os.environ, TOKEN_VARIABLE: token}
    return Plan("dashboard", command, env, notebook.parent, "/", _dashboard_ready)


def _output_target():
    """Where the server's own messages go: this process's stderr, so stdout has only ours."""
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _die_with_parent() -> None:
    """In the child, Linux only: get SIGTERM if this process dies without stopping it (SIGKILL)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _spawn(command: list[str], plan: Plan) -> subprocess.Popen:
    extra: dict = {}
    if os.name == "nt":
        extra["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        extra["start_new_session"] = True
        if sys.platform.startswith("linux"):
            extra["preexec_fn"] = _die_with_parent
    return subprocess.Popen(
        command, cwd=plan.cwd, env=plan.env, stdin=subprocess.DEVNULL, stdout=_output_target(), **extra
    )


def _descendants(pid: int) -> list:
    """The processes a server started (kernels run in sessions of their own); empty without psutil."""
    try:
        import psutil
    except ImportError:
        return []
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def stop(proc: subprocess.Popen, grace: float = STOP_GRACE) -> None:
    """Stop a server and whatever it started: SIGTERM first (it shuts its kernels down), then force."""
    started = _descendants(proc.pid)
    if proc.poll() is None:
        if os.name == "nt":
            proc.terminate()  # kernels on Windows end when their parent does (they watch it)
        else:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if started:
        import psutil

        for child in started:
            with contextlib.suppress(psutil.Error):
                child.terminate()
        _, alive = psutil.wait_procs(started, timeout=5)
        for child in alive:
            with contextlib.suppress(psutil.Error):
                child.kill()


class _Signals:
    """SIGINT, SIGTERM and (POSIX) SIGHUP set a flag while the block runs, instead of ending this process."""

    def __init__(self) -> None:
        self.received = threading.Event()
        self._old: dict[int, object] = {}

    def __enter__(self) -> _Signals:
        names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
        for sig in (getattr(signal, n) for n in names if hasattr(signal, n)):
            self._old[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum, frame) -> None:  # noqa: ANN001
        self.received.set()

    def __exit__(self, *exc) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)


def _start(plan: Plan, port: int, token: str, lang: str, signals: _Signals) -> tuple[subprocess.Popen, int]:
    """Start the server and wait until it answers; try other free ports when ``port`` is 0."""
    what = t(f"course.what.{plan.what}", lang)
    attempts = PORT_ATTEMPTS if port == 0 else 1
    why = ""
    for _ in range(attempts):
        chosen = port or free_port()
        proc = _spawn(plan.command(chosen), plan)
        deadline = time.monotonic() + START_TIMEOUT
        while proc.poll() is None and not signals.received.is_set():
            with contextlib.suppress(OSError, http.client.HTTPException):
                if plan.ready(chosen, token):
                    return proc, chosen
            if time.monotonic() > deadline:
                stop(proc)
                raise ServerError(
                    t(
                        "course.no_start",
                        lang,
                        what=what,
                        port=chosen,
                        why=t("course.why.timeout", lang, seconds=START_TIMEOUT),
                    )
                )
            signals.received.wait(0.25)
        if signals.received.is_set():
            stop(proc)
            raise KeyboardInterrupt
        why = t("course.why.exited" if port == 0 else "course.why.port", lang)
    raise ServerError(t("course.no_start", lang, what=what, port=port or chosen, why=why))


def _can_open_browser() -> bool:
    # Without a display Python's webbrowser would start a text browser inside this terminal.
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def serve(plan_for: Callable[[str], Plan], port: int, lang: str, open_browser: bool = True) -> int:
    """Run a server until a signal asks to stop; return the exit status of the command.

    Args:
        plan_for: builds the server's plan for a token.
        port: the port to listen on (0: a free one).
        lang: the language of the messages.
        open_browser: whether to open the page in the default browser.

    Raises:
        ServerError: the server did not start (the port is taken, it exited, it did not answer).
    """
    token = secrets.token_hex(24)
    plan = plan_for(token)
    what = t(f"course.what.{plan.what}", lang)
    print(t("course.starting", lang, what=what), flush=True)
    with _Signals() as signals:
        try:
            proc, port = _start(plan, port, token, lang, signals)
        except KeyboardInterrupt:
            print(t("course.stopped", lang), flush=True)
            return 130
        try:
            url = f"http://{LOOPBACK}:{port}{plan.page}?token={token}"
            print(f"URL: {url}", flush=True)
            print(t("course.ready", lang), flush=True)
            if open_browser and _can_open_browser():
                with contextlib.suppress(webbrowser.Error):
                    webbrowser.open(url)
            while proc.poll() is None and not signals.received.is_set():
                signals.received.wait(0.5)
            if proc.poll() is not None and not signals.received.is_set():
                print(t("course.died", lang, what=what, code=proc.returncode), file=sys.stderr, flush=True)
                return 1
            print(t("course.stopping", lang), flush=True)
        finally:
            stop(proc)
    print(t("course.stopped", lang), flush=True)
    return 0
