"""Measures the web-framework choice of the workshop server against the other candidates.

The workshop server (sim/workshop) is tornado with server-rendered pages and server-sent
events. This script builds the same minimal participant page with each candidate (the apps in
benchmarks/frameworks/): a Chinese title, a team-name field, four ↑/↓/— choices, a submit
button and a result area that the server updates when a result arrives. For each, it starts
the server on 127.0.0.1 with a free port and a secret, drives Debian's Chromium through
Playwright as a phone (390×844, touch, zh-CN) and measures:

* the first load: requests, bytes transferred (HTTP as Chromium counts them, with headers,
  plus websocket frames received, counted uncompressed), requests to hosts other than
  127.0.0.1 (every such host is made unresolvable, as on a network without internet), local
  requests that failed;
* the time from navigation to the submit button being shown and enabled (the page is live),
  and the same on a slow phone (Chromium's 4× CPU slow-down and "Fast 3G" network);
* whether the form works (fill the team name, tap submit, see the answer);
* phone checks: the layout is as wide as the phone, no sideways scrolling, the smallest tap
  target, the smallest font in a form field (below 16 px, iPhones zoom in on focus), whether
  the ↑/↓/— choices are native selects (the phone's own picker);
* the latency from a server-side push of a result (``POST /push`` with the secret) to the
  text being on the page, measured in the page with the wall clock;
* the server's resident memory (its whole process tree, psutil): idle, with one page, with
  ``--pages`` Chromium pages open at once (one browser context each), and after they closed;
  the server's CPU time spent serving those page loads; the push latency to all of them.

Two variants are measured as well: Solara pinned to the version of ``solara-assets`` (its
front end without a CDN) and Panel in its VanillaTemplate with a viewport tag. The kit's own
participant page (``python -m sim workshop``, the join form) is measured for the first load,
the phone checks and the idle memory; it holds the model's libraries.

Usage::

    .venv/bin/python benchmarks/frameworks.py --setup     # once: the throwaway environments
    .venv/bin/python benchmarks/frameworks.py             # all candidates, about 15 minutes on 2 cores
    .venv/bin/python benchmarks/frameworks.py --only tornado,starlette --pages 5

``--setup`` makes virtual environments under the temp folder (``--env``) with the candidates
from the package registry (pip) and htmx from the npm registry; the project's own .venv is
never changed. It also asks pip (``--dry-run``, nothing installed) what each candidate would
add to the project's environment, and sums the installed size of that. Figures are
information only: the exit status is 0 whenever the measurements ran. The table is printed
as Markdown and every figure is written to ``--out`` (JSON).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "benchmarks" / "frameworks"

# The browser tests' helpers (how the kit launches Chromium), loaded by path: an installed
# package may also be called "tests".
_spec = importlib.util.spec_from_file_location("browser_helpers", ROOT / "tests" / "browser" / "helpers.py")
helpers = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = helpers  # its dataclasses look their module up
_spec.loader.exec_module(helpers)
CHROMIUM_ARGS, DEFAULT_CHROMIUM, free_port = helpers.CHROMIUM_ARGS, helpers.DEFAULT_CHROMIUM, helpers.free_port

DEFAULT_ENV = Path(tempfile.gettempdir()) / "community-1234-frameworks"
# Every host but the loopback address fails at once, as on a network without internet.
OFFLINE_ARG = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36"
    ),
}
SUBMIT = "提交"
SUBMITTED = "已提交"
HTMX_PACKAGES = {"htmx.org@~2.0": "dist/htmx.min.js", "htmx-ext-sse@~2.2": "dist/sse.min.js"}


@dataclass
class Candidate:
    """One framework: how to start its app, what it installs, which files are its app."""

    name: str
    label: str
    app: str | None  # script in benchmarks/frameworks, run by the throwaway environment's Python
    packages: list[str]  # what it needs from the package registry
    files: list[str]  # its own files in benchmarks/frameworks (lines of code)
    button: str = SUBMIT
    full: bool = True  # False: first load, phone checks and idle memory only
    venv: str = "venv"  # which throwaway environment runs it
    variant: str = ""  # passed to the app as FW_VARIANT


CANDIDATES = [
    Candidate(
        "tornado",
        "tornado + SSE + server-rendered HTML",
        "tornado_app.py",
        ["tornado"],
        ["tornado_app.py", "templates/tornado_page.html", "static/tornado.js", "static/page.css"],
    ),
    Candidate(
        "starlette",
        "Starlette + uvicorn + htmx (SSE)",
        "starlette_app.py",
        ["starlette", "uvicorn", "sse-starlette", "python-multipart"],
        ["starlette_app.py", "templates/starlette_page.html", "static/page.css"],
    ),
    Candidate(
        "solara", "Solara (SolaraViz's UI layer)", "solara_app.py", ["solara"], ["solara_app.py", "solara_page.py"]
    ),
    # Solara's front end comes from a CDN through the server; solara-assets ships it for use
    # without internet, and lags behind Solara: Solara is pinned to solara-assets' version.
    Candidate(
        "solara-assets",
        "Solara pinned to solara-assets",
        "solara_app.py",
        ["solara-assets", "solara==ASSETS"],
        ["solara_app.py", "solara_page.py"],
        venv="venv-solara-assets",
    ),
    Candidate("panel", "Panel (Bokeh server), bare page", "panel_app.py", ["panel"], ["panel_app.py"]),
    Candidate(
        "panel-template",
        "Panel in its VanillaTemplate with a viewport tag",
        "panel_app.py",
        ["panel"],
        ["panel_app.py"],
        variant="template",
    ),
    Candidate("kit", "the kit's participant page (join form)", None, [], [], button="加入", full=False),
]

# Runs in every page before its own scripts: finds the submit button and the pushed text,
# looking into open shadow roots too (Panel draws its widgets in them).
WATCH_JS = """
(() => {
  const roots = () => {
    const out = [document];
    for (let i = 0; i < out.length; i++)
      for (const el of out[i].querySelectorAll("*")) if (el.shadowRoot) out.push(el.shadowRoot);
    return out;
  };
  const deep = (selector) => roots().flatMap((r) => Array.from(r.querySelectorAll(selector)));
  const text = () => roots().map((r) => (r === document ? (document.body ? document.body.textContent : "") : r.textContent)).join("\\n");
  const bench = { deep, text, usable: null, seen: {}, want: [] };
  window.__bench = bench;
  const ready = () => deep("button").some((b) => b.textContent.trim() === LABEL && !b.disabled && b.getBoundingClientRect().height > 0);
  const poll = setInterval(() => { if (document.body && ready()) { bench.usable = performance.now(); clearInterval(poll); } }, 10);
  setInterval(() => {
    if (!bench.want.length) return;
    const now = Date.now(), all = text();
    bench.want = bench.want.filter((w) => { if (all.includes(w)) { bench.seen[w] = now; return false; } return true; });
  }, 4);
})();
"""

# The phone checks, run in the page once it is usable.
PHONE_JS = """
() => {
  const b = window.__bench;
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const tappable = "input, select, textarea, button, [role=button], [role=combobox], [role=listbox]";
  // A field inside a larger tappable area (Vuetify's select) is not a target of its own.
  const outer = (el) => !(el.parentElement && el.parentElement.closest("button, [role=button], [role=combobox]"));
  // Vuetify (Solara) draws a taller field around a smaller input; the whole field takes the tap.
  const area = (el) => el.closest(".v-field, .v-input__slot") || el;
  const controls = b.deep(tappable).filter(visible).filter(outer).map(area);
  const fields = b.deep("input:not([type=hidden]), select, textarea").filter(visible);
  const root = document.documentElement;
  return {
    layout_width: root.clientWidth,
    sideways_scroll: root.scrollWidth > root.clientWidth + 1,
    smallest_target_px: controls.length ? Math.min(...controls.map((el) => el.getBoundingClientRect().height)) : null,
    smallest_field_font_px: fields.length ? Math.min(...fields.map((el) => parseFloat(getComputedStyle(el).fontSize))) : null,
    native_selects: b.deep("select").filter(visible).length,
    title_shown: b.text().includes("社区1234工作坊") || b.text().includes("工作坊"),
  };
}
"""


# --------------------------------------------------------------------------- setup


def env_python(env: Path, venv: str = "venv") -> Path:
    return env / venv / "bin" / "python"


def install(python: Path, packages: list[str]) -> None:
    """pip install into a throwaway environment; one package that cannot be had does not stop the others."""
    print(f"installing into {python.parents[1]}: {' '.join(packages)}", file=sys.stderr)
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", *packages], capture_output=True, text=True)
    if done.returncode != 0:
        for package in packages:
            one = subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", package], capture_output=True, text=True
            )
            if one.returncode != 0:
                print(f"could not install {package}: {one.stderr.strip()[-300:]}", file=sys.stderr)


def installed_version(python: Path, name: str) -> str | None:
    done = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() if done.returncode == 0 else None


def specs(env: Path) -> dict[str, list[str]]:
    """Each candidate's packages, with Solara pinned to the version of solara-assets that setup installed."""
    assets = installed_version(env_python(env, "venv-solara-assets"), "solara-assets") or "0"
    return {c.name: [p.replace("ASSETS", assets) for p in c.packages] for c in CANDIDATES if c.packages}


def setup(env: Path) -> None:
    """Make the throwaway environments, fetch htmx, and write what each candidate would add (footprint.json)."""
    env.mkdir(parents=True, exist_ok=True)
    for venv in sorted({c.venv for c in CANDIDATES}):
        if not env_python(env, venv).exists():
            subprocess.run([sys.executable, "-m", "venv", str(env / venv)], check=True)
    common = ["psutil", "jinja2", "uvicorn"]
    install(env_python(env), sorted({p for c in CANDIDATES if c.venv == "venv" for p in c.packages} | set(common)))
    offline = env_python(env, "venv-solara-assets")
    install(offline, ["solara-assets", *common])
    install(offline, specs(env)["solara-assets"])
    htmx = env / "htmx"
    htmx.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for spec, member in HTMX_PACKAGES.items():
            packed = subprocess.run(["npm", "pack", spec, "--silent"], cwd=tmp, capture_output=True, text=True)
            if packed.returncode != 0:
                print(f"could not fetch {spec} from npm: {packed.stderr.strip()[-300:]}", file=sys.stderr)
                continue
            tarball = packed.stdout.strip().splitlines()[-1]
            with tarfile.open(Path(tmp) / tarball) as tar:
                source = tar.extractfile(f"package/{member}")
                (htmx / Path(member).name).write_bytes(source.read())
            with (htmx / "versions.txt").open("a") as versions:
                versions.write(tarball.removesuffix(".tgz") + "\n")
    (env / "footprint.json").write_text(json.dumps(footprint(env), indent=2, ensure_ascii=False))


def footprint(env: Path) -> dict[str, Any]:
    """What each candidate would add to the project's environment: names, count, installed MiB."""
    sizes_script = (
        "import json, sys, importlib.metadata as m\n"
        "out = {}\n"
        "for name in json.loads(sys.argv[1]):\n"
        "    try:\n"
        "        d = m.distribution(name)\n"
        "        out[name] = sum(f.locate().stat().st_size for f in (d.files or []) if f.locate().exists())\n"
        "    except m.PackageNotFoundError:\n"
        "        out[name] = None\n"
        "print(json.dumps(out))\n"
    )
    result: dict[str, Any] = {}
    for name, packages in specs(env).items():
        c = next(c for c in CANDIDATES if c.name == name)
        dry = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--report", "-", *packages],
            capture_output=True,
            text=True,
        )
        if dry.returncode != 0:
            result[c.name] = {"error": dry.stderr.strip()[-300:]}
            continue
        items = [item["metadata"] for item in json.loads(dry.stdout).get("install", [])]
        names = [item["name"] for item in items]
        # Packages the project's environment already has in another version would be replaced.
        replaced = []
        for item in items:
            with contextlib.suppress(importlib.metadata.PackageNotFoundError):
                replaced.append(f"{item['name']} {importlib.metadata.version(item['name'])} → {item['version']}")
        sizes = json.loads(
            subprocess.run(
                [str(env_python(env, c.venv)), "-c", sizes_script, json.dumps(names)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        extra = 0
        if c.name == "starlette":
            extra = sum(f.stat().st_size for f in (env / "htmx").glob("*.js"))
        result[c.name] = {
            "packages": packages,
            "new_packages": sorted(names),
            "replaced": replaced,
            "count": len(names),
            "installed_mib": round((sum(v or 0 for v in sizes.values()) + extra) / 2**20, 1),
        }
    return result


def lines_of_code(paths: list[str]) -> dict[str, int]:
    """Non-blank lines of an app's own files, comments and docstrings left out; Python apart from the rest."""
    out = {"python": 0, "page": 0}
    for rel in paths:
        path = APPS / rel
        lines = path.read_text(encoding="utf-8").splitlines()
        skip: set[int] = set()
        if path.suffix == ".py":
            for node in ast.walk(ast.parse("\n".join(lines))):
                if isinstance(
                    node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
                ) and ast.get_docstring(node):
                    doc = node.body[0]
                    skip.update(range(doc.lineno, doc.end_lineno + 1))
        count = sum(
            1
            for number, line in enumerate(lines, start=1)
            if line.strip() and number not in skip and not line.strip().startswith(("#", "//", "/*", "{#"))
        )
        out["python" if path.suffix == ".py" else "page"] += count
    return out


# --------------------------------------------------------------------------- servers


class Server:
    """A candidate's server in its own process group, on 127.0.0.1, with its memory watched."""

    def __init__(self, candidate: Candidate, env: Path, workdir: Path):
        self.secret = secrets.token_hex(16)
        self.log = (workdir / f"{candidate.name}.log").open("w+")
        environment = {**os.environ, "FW_SECRET": self.secret, "HTMX_DIR": str(env / "htmx"), "PYTHONUNBUFFERED": "1"}
        if candidate.app:
            self.port = free_port()
            environment["FW_PORT"] = str(self.port)
            environment["FW_VARIANT"] = candidate.variant
            command = [str(env_python(env, candidate.venv)), str(APPS / candidate.app)]
            cwd = APPS
        else:
            self.port = None
            session = workdir / "kit-session.sqlite"
            command = [
                sys.executable,
                "-m",
                "sim",
                "--lang",
                "zh",
                "workshop",
                "--session",
                str(session),
                "--port",
                "0",
                "--reps",
                "5",
            ]
            cwd = ROOT
        self.proc = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, cwd=cwd, env=environment, start_new_session=True
        )
        self.process = psutil.Process(self.proc.pid)
        self.url = self._wait_ready()

    def _wait_ready(self, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log_text()[-2000:]}")
            if self.port is None:
                if m := re.search(r"参与者地址：(http://127\.0\.0\.1:(\d+)/\S*)", self.log_text()):
                    self.port = int(m.group(2))
                    url = m.group(1)
                else:
                    time.sleep(0.2)
                    continue
            else:
                url = f"http://127.0.0.1:{self.port}/"
            with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return url
            time.sleep(0.2)
        raise RuntimeError(f"server not ready after {timeout} s: {self.log_text()[-2000:]}")

    def log_text(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def tree(self) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            return [self.process, *self.process.children(recursive=True)]
        return []

    def rss_mib(self) -> float:
        total = 0
        for p in self.tree():
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return round(total / 2**20, 1)

    def main_rss_mib(self) -> float:
        with contextlib.suppress(psutil.Error):
            return round(self.process.memory_info().rss / 2**20, 1)
        return 0.0

    def cpu_s(self) -> float:
        total = 0.0
        for p in self.tree():
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                total += t.user + t.system
        return total

    def push(self, text: str) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/push", data=text.encode(), method="POST", headers={"X-Secret": self.secret}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.log.close()


@contextlib.contextmanager
def running(candidate: Candidate, env: Path, workdir: Path) -> Iterator[Server]:
    server = Server(candidate, env, workdir)
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- pages


@dataclass
class Traffic:
    """What one page sent and received, from Chromium's own network events (CDP)."""

    origin: str
    requests: dict[str, dict[str, Any]] = field(default_factory=dict)
    ws_received: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def attach(self, context: BrowserContext, page: Page) -> None:
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.webSocketCreated", self._ws)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def _entry(self, request_id: str) -> dict[str, Any]:
        return self.requests.setdefault(
            request_id, {"url": "", "status": None, "bytes": 0, "decoded": 0, "done": False}
        )

    def _sent(self, e: dict) -> None:
        with self.lock:
            self._entry(e["requestId"])["url"] = e["request"]["url"]

    def _response(self, e: dict) -> None:
        with self.lock:
            entry = self._entry(e["requestId"])
            entry["status"] = e["response"]["status"]
            entry["url"] = entry["url"] or e["response"]["url"]

    def _data(self, e: dict) -> None:
        with self.lock:
            entry = self._entry(e["requestId"])
            entry["decoded"] += e.get("dataLength", 0)
            if not entry["done"]:
                entry["bytes"] += e.get("encodedDataLength", 0)

    def _finished(self, e: dict) -> None:
        with self.lock:
            entry = self._entry(e["requestId"])
            entry["bytes"] = max(entry["bytes"], int(e.get("encodedDataLength", 0)))
            entry["done"] = True

    def _failed(self, e: dict) -> None:
        with self.lock:
            entry = self._entry(e["requestId"])
            entry["failed"] = e.get("errorText", "failed")

    def _ws(self, e: dict) -> None:
        with self.lock:
            self._entry("ws:" + e["requestId"])["url"] = e["url"]

    def _frame(self, e: dict) -> None:
        payload = e["response"].get("payloadData", "")
        size = len(payload.encode()) if e["response"].get("opcode") == 1 else len(payload) * 3 // 4
        with self.lock:
            self.ws_received += size

    def summary(self) -> dict[str, Any]:
        with self.lock:
            entries = [dict(v) for v in self.requests.values()]
            ws = self.ws_received
        local = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/")
        http = [e for e in entries if e["url"].startswith(("http:", "https:"))]
        external = sorted(
            {
                e["url"]
                for e in entries
                if e["url"] and not e["url"].startswith(("data:", "blob:")) and not local.match(e["url"])
            }
        )
        # Chromium asks every site for /favicon.ico by itself; a missing one is no failure of the page.
        failed_local = sorted(
            {
                f"{e['status'] or e.get('failed')} {e['url']}"
                for e in http
                if local.match(e["url"])
                and not e["url"].endswith("/favicon.ico")
                and ((e["status"] or 0) >= 400 or e.get("failed"))
            }
        )
        return {
            "requests": len(http),
            "websockets": sum(1 for e in entries if e["url"].startswith(("ws:", "wss:"))),
            "http_bytes": sum(e["bytes"] for e in http),
            "http_decoded_bytes": sum(e["decoded"] for e in http),
            "ws_bytes_received": ws,
            "bytes": sum(e["bytes"] for e in http) + ws,
            "external": external,
            "failed_local": failed_local,
        }


def new_page(browser: Browser, candidate: Candidate) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**PHONE)
    context.add_init_script(WATCH_JS.replace("LABEL", json.dumps(candidate.button)))
    return context, context.new_page()


# A slow phone on a crowded network: Chromium's 4× CPU slow-down and its "Fast 3G" figures
# (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up).
SLOW_CPU_RATE = 4
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


def slow_usable(browser: Browser, candidate: Candidate, url: str) -> float | None:
    """Time to the submit button being usable on a slow phone (see SLOW_*), in ms, or None."""
    context, page = new_page(browser, candidate)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_CPU_RATE})
        return open_page(page, url, timeout_s=120)
    finally:
        context.close()


def open_page(page: Page, url: str, timeout_s: float = 90) -> float | None:
    """Navigate and wait until the submit button is shown and enabled; the time in ms, or None."""
    page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    try:
        page.wait_for_function("window.__bench && window.__bench.usable !== null", timeout=timeout_s * 1000, polling=50)
    except Exception:
        return None
    return round(page.evaluate("window.__bench.usable"), 1)


def form_works(page: Page) -> bool:
    """Fill the team name, tap submit and see the server's answer."""
    try:
        page.locator("input[type=text], input:not([type])").first.fill("第一组", timeout=10_000)
        page.get_by_role("button", name=SUBMIT).first.tap(timeout=10_000)
        page.wait_for_function(f"window.__bench.text().includes({json.dumps(SUBMITTED)})", timeout=10_000, polling=50)
        return True
    except Exception:
        return False


def push_latencies(server: Server, pages: list[Page], pushes: int, pause_s: float = 0.3) -> list[float]:
    """Push ``pushes`` results; for each page and push, ms from the push to the text on the page."""
    out: list[float] = []
    for i in range(pushes):
        token = f"本轮结果{i:02d}-{secrets.token_hex(3)}"
        for page in pages:
            page.evaluate("t => window.__bench.want.push(t)", token)
        start = time.time() * 1000
        server.push(token)
        for page in pages:
            try:
                page.wait_for_function("t => t in window.__bench.seen", arg=token, timeout=20_000, polling=50)
                out.append(round(page.evaluate("t => window.__bench.seen[t]", token) - start, 1))
            except Exception:
                out.append(float("inf"))
        time.sleep(pause_s)
    return out


def spread(values: list[float]) -> dict[str, float | int | None]:
    finite = sorted(v for v in values if v != float("inf"))
    if not finite:
        return {"median": None, "p95": None, "max": None, "missed": len(values)}
    p95 = finite[min(len(finite) - 1, round(0.95 * (len(finite) - 1)))]
    return {
        "median": round(statistics.median(finite), 1),
        "p95": p95,
        "max": finite[-1],
        "missed": len(values) - len(finite),
    }


def measure(
    candidate: Candidate, browser: Browser, env: Path, workdir: Path, n_pages: int, pushes: int
) -> dict[str, Any]:
    """Every figure for one candidate; its server and its pages are always closed."""
    out: dict[str, Any] = {"label": candidate.label}
    with running(candidate, env, workdir) as server:
        time.sleep(2)  # let start-up work settle
        out["rss_idle_mib"] = server.rss_mib()
        out["rss_idle_main_mib"] = server.main_rss_mib()  # the server process without its children
        context, page = new_page(browser, candidate)
        try:
            traffic = Traffic(server.url)
            traffic.attach(context, page)
            out["usable_ms"] = open_page(page, server.url)
            page.wait_for_timeout(2000)  # late requests (fonts, icons) still count as the first load
            out["first_load"] = traffic.summary()
            if out["usable_ms"] is not None:
                out["phone"] = page.evaluate(PHONE_JS)
                page.screenshot(path=str(workdir / f"{candidate.name}.png"), full_page=True)
            if candidate.full and out["usable_ms"] is not None:
                out["form_works"] = form_works(page)
                out["push_ms"] = spread(push_latencies(server, [page], pushes))
                out["rss_1_page_mib"] = server.rss_mib()
        finally:
            context.close()
        if out["usable_ms"] is not None:
            out["slow_phone_usable_ms"] = slow_usable(browser, candidate, server.url)
        if candidate.full and out["usable_ms"] is not None:
            out.update(many_pages(candidate, browser, server, n_pages))
        out["server_log_errors"] = len(re.findall(r"Traceback|ERROR|Error:", server.log_text()))
    out["works_offline"] = bool(
        out["usable_ms"] is not None
        and (not candidate.full or (out.get("form_works") and out["push_ms"]["missed"] == 0))
    )
    return out


def many_pages(candidate: Candidate, browser: Browser, server: Server, n_pages: int) -> dict[str, Any]:
    """Open ``n_pages`` pages at once (one context each), then push to all of them."""
    contexts: list[BrowserContext] = []
    pages: list[Page] = []
    usable: list[float] = []
    cpu_before = server.cpu_s()
    try:
        for _ in range(n_pages):
            context, page = new_page(browser, candidate)
            contexts.append(context)
            pages.append(page)
            ms = open_page(page, server.url)
            usable.append(float("inf") if ms is None else ms)
        cpu = round(server.cpu_s() - cpu_before, 2)
        time.sleep(3)
        rss = server.rss_mib()
        live = [p for p, ms in zip(pages, usable, strict=True) if ms != float("inf")]
        latency = spread(push_latencies(server, live, 3, pause_s=1.0))
    finally:
        for context in contexts:
            with contextlib.suppress(Exception):
                context.close()
    time.sleep(5)
    return {
        "pages": n_pages,
        "pages_usable": sum(1 for v in usable if v != float("inf")),
        "usable_ms_many": spread(usable),
        "server_cpu_s_for_page_loads": cpu,
        "rss_many_mib": rss,
        "push_ms_many": latency,
        "rss_after_close_mib": server.rss_mib(),
    }


# --------------------------------------------------------------------------- report


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.0f}{unit}" if value >= 100 else f"{value:,.1f}{unit}"
    return f"{value:,}{unit}"


def markdown(results: dict[str, Any], feet: dict[str, Any], n_pages: int) -> str:
    rows = [
        "| candidate | new packages (installed MiB) | app lines: Python + page | first load: requests, KB | leaves 127.0.0.1 | submit usable (ms) | on a slow phone (ms) | form works | works offline |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if "error" in r:
            rows.append(f"| {name} | {r['error']} |")
            continue
        foot = feet.get(name, {})
        pkgs = "–" if "count" not in foot else f"{foot['count']} ({foot['installed_mib']})"
        loc = r.get("lines")
        fl = r["first_load"]
        rows.append(
            f"| {name} | {pkgs} | {'–' if not loc else f'{loc["python"]} + {loc["page"]}'} | {fl['requests']}, {fl['bytes'] / 1000:,.1f}"
            f" | {len(fl['external'])} | {fmt(r['usable_ms'])} | {fmt(r.get('slow_phone_usable_ms'))} | {'–' if 'form_works' not in r else ('yes' if r['form_works'] else 'no')}"
            f" | {'yes' if r['works_offline'] else 'no'} |"
        )
    rows += [
        "",
        "| candidate | layout width px | sideways scroll | smallest tap target px | smallest field font px | native selects |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        ph = r.get("phone")
        if not ph:
            continue
        rows.append(
            f"| {name} | {ph['layout_width']} | {'yes' if ph['sideways_scroll'] else 'no'} | {fmt(ph['smallest_target_px'])}"
            f" | {fmt(ph['smallest_field_font_px'])} | {ph['native_selects']} |"
        )
    rows += [
        "",
        f"| candidate | push → page ms (median / p95) | RSS idle MiB | RSS 1 page | RSS {n_pages} pages | per page | after close | server CPU s for {n_pages} loads | push → {n_pages} pages ms (median / max) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if "error" in r:
            continue
        push = r.get("push_ms") or {}
        many = r.get("push_ms_many") or {}
        per = None
        if r.get("rss_many_mib") is not None and r.get("rss_idle_mib") is not None:
            per = (r["rss_many_mib"] - r["rss_idle_mib"]) / max(1, r.get("pages_usable", 1))
        rows.append(
            f"| {name} | {fmt(push.get('median'))} / {fmt(push.get('p95'))} | {fmt(r.get('rss_idle_mib'))} | {fmt(r.get('rss_1_page_mib'))}"
            f" | {fmt(r.get('rss_many_mib'))} | {fmt(per)} | {fmt(r.get('rss_after_close_mib'))} | {fmt(r.get('server_cpu_s_for_page_loads'))}"
            f" | {fmt(many.get('median'))} / {fmt(many.get('max'))} |"
        )
    notes = []
    for name, r in results.items():
        if "error" in r:
            continue
        fl = r["first_load"]
        if fl["external"]:
            notes.append(f"- {name}: requests leaving 127.0.0.1: " + ", ".join(fl["external"][:6]))
        if fl["failed_local"]:
            notes.append(f"- {name}: local requests that failed: " + ", ".join(fl["failed_local"][:6]))
        if r.get("rss_idle_main_mib") and r["rss_idle_mib"] > 1.5 * r["rss_idle_main_mib"]:
            notes.append(
                f"- {name}: idle RSS {r['rss_idle_mib']} MiB = the server process {r['rss_idle_main_mib']} MiB"
                " + its child processes"
            )
        if r.get("pages_usable") is not None and r["pages_usable"] < r["pages"]:
            notes.append(f"- {name}: only {r['pages_usable']} of {r['pages']} pages became usable")
    return "\n".join(rows + ([""] + notes if notes else []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true", help="make the throwaway environment and stop")
    parser.add_argument("--env", type=Path, default=DEFAULT_ENV, help=f"throwaway environment (default {DEFAULT_ENV})")
    parser.add_argument(
        "--only", default="", help="comma-separated candidates: " + ",".join(c.name for c in CANDIDATES)
    )
    parser.add_argument("--pages", type=int, default=30, help="pages open at once (default 30)")
    parser.add_argument("--pushes", type=int, default=20, help="pushes to one page (default 20)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "frameworks.json")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", DEFAULT_CHROMIUM))
    args = parser.parse_args(argv)
    if args.setup:
        setup(args.env)
        return 0
    if not env_python(args.env).exists():
        parser.error(f"no environment at {args.env}: run with --setup first")
    chosen = [c for c in CANDIDATES if not args.only or c.name in args.only.split(",")]
    feet = json.loads((args.env / "footprint.json").read_text()) if (args.env / "footprint.json").exists() else {}
    workdir = Path(tempfile.mkdtemp(prefix="frameworks-"))
    results: dict[str, Any] = {}
    load_at_start = os.getloadavg()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=[*CHROMIUM_ARGS, OFFLINE_ARG])
        try:
            for candidate in chosen:
                print(f"measuring {candidate.name}…", file=sys.stderr)
                try:
                    results[candidate.name] = measure(candidate, browser, args.env, workdir, args.pages, args.pushes)
                except Exception as err:  # one candidate that cannot run does not stop the others
                    results[candidate.name] = {
                        "label": candidate.label,
                        "error": f"{type(err).__name__}: {str(err)[:300]}",
                    }
                if candidate.files:
                    results[candidate.name]["lines"] = lines_of_code(candidate.files)
        finally:
            browser.close()
    machine = {
        "date": time.strftime("%Y-%m-%d"),
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": subprocess.run([args.chromium, "--version"], capture_output=True, text=True).stdout.strip(),
        "load_average_start": load_at_start,
        "load_average_end": os.getloadavg(),
    }
    wanted = {"tornado", "starlette", "uvicorn", "sse-starlette", "solara", "solara-assets", "panel", "bokeh"}
    machine["versions"] = {}
    for venv in sorted({c.venv for c in CANDIDATES}):
        listed = subprocess.run(
            [str(env_python(args.env, venv)), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True
        ).stdout
        machine["versions"][venv] = {
            p["name"]: p["version"] for p in json.loads(listed or "[]") if p["name"].lower() in wanted
        }
    machine["versions"]["kit"] = {"tornado": importlib.metadata.version("tornado")}
    versions_file = args.env / "htmx" / "versions.txt"
    machine["htmx"] = sorted(set(versions_file.read_text().split())) if versions_file.exists() else []
    report = {"machine": machine, "footprint": feet, "results": results, "screenshots": str(workdir)}
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(markdown(results, feet, args.pages))
    print(
        f"\nmachine: {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['chromium']}, {machine['date']};"
        f" load average at start {machine['load_average_start'][0]:.2f}, at end {machine['load_average_end'][0]:.2f}"
    )
    print(f"figures: {args.out}; screenshots and server logs: {workdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
