"""The offline bundle, installed and used in a network namespace with no network, then seen in Chromium.

The Linux bundle of this session is unzipped and installed by its install.sh into a fresh
HOME inside a network namespace that has only loopback (``session_install`` of
tests/test_bundle.py, shared with that module). In a second such namespace, kept open for
this module, the installed ``community-1234`` runs a scenario and starts the dashboard and
JupyterLab. Chromium is started by Playwright inside that same namespace (through
``nsenter``; Playwright drives it over a pipe, not the network), loads both pages, and one
widget of the dashboard is used. Playwright's log of every request the pages made must
name no host but 127.0.0.1.

The time from the unzipped bundle to a running dashboard is printed (never asserted).
Without network namespaces the module skips, saying why; ``REQUIRE_OFFLINE=1`` (set by
.ci/run) turns that into a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_bundle import clean_env, ip_command, session_install, skip_or_fail

from . import helpers
from .conftest import chromium_path

pytestmark = pytest.mark.browser

URL_LINE = re.compile(r"^URL: (?P<url>http://127\.0\.0\.1:(?P<port>\d+)/\S*)$")
START_TIMEOUT = 240  # seconds until a server prints its URL: a cold start compiles and caches a lot
TIMINGS: dict[str, float] = {}
# A code cell of the open notebook shows an execution count: the kernel ran it. JupyterLab keeps
# only the cells in view in the page, so the notebook is brought back to its top (where the first
# code cell is) before each look.
RAN_A_CELL = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const outer = panel && panel.querySelector('.jp-WindowedPanel-outer');
  if (outer) outer.scrollTop = 0;
  return !!panel && [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .some(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def _report(request: pytest.FixtureRequest, line: str) -> None:
    """A line in pytest's terminal output, past output capturing (timings are printed, never asserted)."""
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        reporter.write_line(line)


# ------------------------------------------------------------------ the namespace --------
@dataclass
class Namespace:
    """A network namespace with only loopback, held open by a sleeping process."""

    holder: subprocess.Popen
    enter: list[str]  # runs a command inside it

    def processes(self) -> list[int]:
        """Every process inside the namespace but the holder."""
        mine = os.readlink(f"/proc/{self.holder.pid}/ns/net")
        inside = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != self.holder.pid:
                with contextlib.suppress(OSError):
                    if os.readlink(entry / "ns" / "net") == mine:
                        inside.append(int(entry.name))
        return inside


@pytest.fixture(scope="module")
def netns() -> Iterator[Namespace]:
    ip = ip_command()
    if ip is None:
        skip_or_fail("no ip command (iproute2) to bring up loopback in a network namespace")
    root = os.geteuid() == 0
    unshare = ["unshare", "-n"] if root else ["unshare", "-rn"]
    holder = subprocess.Popen(
        [*unshare, "sh", "-c", f"{shlex.quote(ip)} link set lo up && echo up && exec sleep 3600"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=helpers._die_with_parent,
    )
    if holder.stdout.readline().strip() != "up":
        holder.kill()
        skip_or_fail(f"no network namespace here: {' '.join(unshare)}: {holder.stderr.read().strip()[:200]}")
    pid = str(holder.pid)
    enter = (
        ["nsenter", "-t", pid, "-n", "--"]
        if root
        else ["nsenter", "-t", pid, "-U", "-n", "--preserve-credentials", "--"]
    )
    space = Namespace(holder, enter)
    try:
        yield space
    finally:
        for leftover in space.processes():  # nothing started in there outlives the module
            with contextlib.suppress(ProcessLookupError):
                os.kill(leftover, signal.SIGKILL)
        holder.kill()
        holder.wait()


def test_the_namespace_has_no_network_but_loopback(netns):
    links = subprocess.run([*netns.enter, ip_command(), "-o", "link"], capture_output=True, text=True, check=True)
    routes = subprocess.run([*netns.enter, ip_command(), "route"], capture_output=True, text=True, check=True)
    assert [line.split(":")[1].strip() for line in links.stdout.splitlines()] == ["lo"]
    assert routes.stdout.strip() == "", "no route leaves the namespace"


# ------------------------------------------------------------------ the installed kit ----
@pytest.fixture(scope="module")
def kit(tmp_path_factory, kit_wheel, request):
    installed = session_install(tmp_path_factory, kit_wheel)
    assert installed.returncode == 0, installed.output[-3000:]
    if not installed.in_netns:
        skip_or_fail(f"the bundle was installed outside a network namespace: {installed.why_not}")
    TIMINGS["install"] = installed.seconds
    _report(request, f"offline bundle: install.sh took {installed.seconds:.0f} s (unzipped bundle → installed kit)")
    return installed


def _command(kit) -> str:
    return str(kit.venv / "bin" / "community-1234")


def test_a_scenario_runs_offline(netns, kit):
    proc = subprocess.run(
        [*netns.enter, _command(kit), "--lang", "en", "run", "full-1234", "--seed", "1"],
        env=clean_env(kit.home),
        cwd=kit.home,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Scenario full-1234" in proc.stdout and "Response rate" in proc.stdout


@dataclass
class Running:
    proc: subprocess.Popen
    url: str
    seconds: float  # from the start of the command to its URL line
    log: Path

    @property
    def server(self) -> helpers.Server:
        """The server as the browser helpers know it: port and token from the URL."""
        parts = urlsplit(self.url)
        token = parse_qs(parts.query)["token"][0]
        return helpers.Server("offline", self.proc, parts.port, token, self.log)


def _start(netns: Namespace, kit, what: str, log: Path) -> Running:
    """Start ``community-1234 WHAT --port 0 --no-browser`` inside the namespace; wait for its URL line."""
    cmd = [*netns.enter, _command(kit), what, "--port", "0", "--no-browser"]
    start = time.monotonic()
    with log.open("wb") as err:
        proc = subprocess.Popen(
            cmd,
            env=clean_env(kit.home, LANG="zh_CN.UTF-8"),
            cwd=kit.home,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            start_new_session=True,
            preexec_fn=helpers._die_with_parent,  # a killed test run leaves no server behind
        )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if m := URL_LINE.match(line):
            return Running(proc, m["url"], time.monotonic() - start, log)
    _stop(proc)
    pytest.fail(
        f"{what} printed no URL line in {START_TIMEOUT} s:\n" + "\n".join(seen) + "\n" + log.read_text()[-3000:]
    )


def _stop(proc: subprocess.Popen) -> int | None:
    """SIGTERM, as the interface asks; the command stops its server and exits."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return None
    return proc.returncode


# ------------------------------------------------------------------ Chromium in the namespace
@pytest.fixture(scope="module")
def offline_browser(playwright, netns, tmp_path_factory) -> Iterator:
    """Chromium from the system, started inside the namespace: it can reach nothing but loopback."""
    wrapper = tmp_path_factory.mktemp("chromium") / "chromium-offline"
    enter = " ".join(shlex.quote(part) for part in netns.enter)
    wrapper.write_text(f'#!/bin/sh\nexec {enter} {shlex.quote(chromium_path())} "$@"\n')
    wrapper.chmod(0o755)
    browser = playwright.chromium.launch(executable_path=str(wrapper), args=helpers.CHROMIUM_ARGS, timeout=60_000)
    yield browser
    browser.close()


@dataclass
class Visit:
    page: object
    requests: list[str]


@pytest.fixture
def visit(offline_browser) -> Iterator[Visit]:
    """A fresh page whose every request (and websocket) is logged."""
    context = offline_browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(60_000)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("websocket", lambda ws: requests.append(ws.url))
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        yield Visit(page, requests)
    finally:
        context.close()


def _artifacts() -> Path:
    path = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_the_dashboard_works_offline_and_asks_only_127_0_0_1(netns, kit, visit, request):
    running = _start(netns, kit, "dashboard", _artifacts() / "offline-dashboard.log")
    try:
        TIMINGS["dashboard start"] = running.seconds
        voila = helpers.VoilaPage(visit.page, running.server, urlsplit(running.url).path)
        voila.open()
        TIMINGS["dashboard page"] = voila.load_seconds
        helpers.tall_screenshot(visit.page, _artifacts() / "offline-dashboard.png")
        assert not voila.errors(), "\n\n".join(voila.errors())
        assert visit.page.locator(".jupyter-widgets").count() > 0, "no widgets rendered"
        assert len(helpers.CJK.findall(voila.text())) >= 20, "the dashboard is not in Chinese"
        interaction = helpers.interact_and_wait(visit.page, "body", error_count=lambda: len(voila.kernel.errors))
        assert interaction.changed, f"no plot changed after: {interaction.action}"
        assert not voila.errors(), "\n\n".join(voila.errors())
        assert visit.requests, "the request log is empty"
        assert helpers.requests_off_loopback(visit.requests) == []
    finally:
        code = _stop(running.proc)
    assert code == 0, f"dashboard did not stop cleanly on SIGTERM (exit {code})"
    total = TIMINGS["install"] + TIMINGS["dashboard start"] + TIMINGS["dashboard page"]
    _report(
        request,
        f"offline bundle: dashboard printed its URL after {running.seconds:.0f} s, page with every cell run after "
        f"{voila.load_seconds:.0f} s more; unzipped bundle → running dashboard: {total:.0f} s",
    )
    (_artifacts() / "offline-timings.json").write_text(json.dumps(TIMINGS, indent=2), encoding="utf-8")


def test_jupyterlab_opens_the_welcome_notebook_offline_and_asks_only_127_0_0_1(netns, kit, visit, request):
    running = _start(netns, kit, "lab", _artifacts() / "offline-lab.log")
    page = visit.page
    try:
        TIMINGS["lab start"] = running.seconds
        page.goto(running.url)
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
        notebook.wait_for(state="visible", timeout=120_000)
        assert urlsplit(page.url).path.endswith("/00-welcome.ipynb") and page.title().startswith("00-welcome")
        page.wait_for_function(
            "() => !!document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')",
            timeout=120_000,
        )
        # the kernel answers: Run ▸ Run All Cells, and a code cell gets its execution count. A run
        # asked for while the new kernel is still connecting can be dropped, so it is asked again.
        ran = False
        for _ in range(3):
            page.keyboard.press("Escape")
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(RAN_A_CELL, timeout=40_000, polling=500)
                ran = True
                break
        assert ran, "no code cell of the welcome notebook ran after Run All Cells, three times"
        errors = helpers.dom_errors(page, ".jp-NotebookPanel:not(.lm-mod-hidden)")
        assert not errors, "\n\n".join(errors)
        assert visit.requests and helpers.requests_off_loopback(visit.requests) == []
    finally:
        helpers.tall_screenshot(page, _artifacts() / "offline-lab.png")
        code = _stop(running.proc)
    assert code == 0, f"lab did not stop cleanly on SIGTERM (exit {code})"
    _report(request, f"offline bundle: JupyterLab printed its URL after {running.seconds:.0f} s")
