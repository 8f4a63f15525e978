"""Fixtures for the browser tests: one JupyterLab server, one Voilà server, one Chromium.

The tests drive Debian's Chromium (``/usr/bin/chromium``, or the path in ``$CHROMIUM``)
through Playwright; a browser is never downloaded. Without Chromium, Playwright, JupyterLab
or Voilà the tests skip with a message saying what is missing — unless ``REQUIRE_BROWSER=1``
(set in CI), which turns the skip into a failure.

Screenshots and server logs go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import helpers

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = REPO / "test-artifacts" / "browser"

# The fixture notebooks fail on purpose (they test the helpers): never collect them as tests
# (nbval would run them).
collect_ignore_glob = ["fixtures/*"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives JupyterLab and Voilà in a real (headless) Chromium")


def require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    if require_browser():
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1: the browser tests must run here)", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM") or helpers.DEFAULT_CHROMIUM
    resolved = shutil.which(path)
    return resolved if resolved and os.access(resolved, os.X_OK) else None


def artifact_name(*parts: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "-", "-".join(parts)).strip("-")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser_tools() -> None:
    """Skip (or fail, with REQUIRE_BROWSER=1) when the browser tool chain is incomplete."""
    missing = [
        m for m in ("playwright", "jupyterlab", "voila", "ipywidgets", "psutil") if importlib.util.find_spec(m) is None
    ]
    if missing:
        skip_or_fail(f"browser tests need the Python packages {', '.join(missing)} (pip install -e '.[browser]')")
    if chromium_path() is None:
        skip_or_fail(
            f"no Chromium at {os.environ.get('CHROMIUM') or helpers.DEFAULT_CHROMIUM} "
            "(Debian/Ubuntu: apt-get install chromium fonts-noto-cjk; or set CHROMIUM=/path/to/chromium)"
        )


@pytest.fixture(scope="session")
def playwright(browser_tools: None) -> Iterator:
    """The Playwright driver (sync API), started once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright, artifacts: Path) -> Iterator:
    """Headless Chromium from the system (never a downloaded one), shared by every test."""
    try:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), args=helpers.CHROMIUM_ARGS, timeout=60_000
        )
    except Exception as exc:  # a broken install, missing libraries…
        skip_or_fail(f"Chromium at {chromium_path()} did not start: {exc}")
    yield chromium
    chromium.close()


# Every request of the shared context's pages, for the tests that no page asks the internet.
_REQUESTS: list[helpers.RequestLog] = []

# Requests to anywhere but 127.0.0.1 and localhost: refused in the tests' browser.
OUTSIDE = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])[a-z]+://")


@pytest.fixture(scope="session")
def context(browser, artifacts: Path) -> Iterator:
    """One browser context; requests that leave 127.0.0.1 are refused (no network in tests) and logged.

    JavaScript errors and console errors/warnings of every page go to ``browser-console.log``
    (for diagnosis; the tests judge what the pages show and what the kernels report).
    """
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", timezone_id="Asia/Shanghai")
    ctx.set_default_timeout(30_000)
    _REQUESTS[:] = [helpers.RequestLog(ctx)]
    ctx.route(OUTSIDE, lambda route: route.abort())
    with (artifacts / "browser-console.log").open("w", encoding="utf-8") as log:

        def write(kind: str, page, text: str) -> None:
            url = re.sub(r"token=[0-9a-f]+", "token=…", page.url if page else "")
            log.write(f"[{kind}] {url}: {text}\n")

        ctx.on("console", lambda msg: msg.type in ("error", "warning") and write(msg.type, msg.page, msg.text))
        ctx.on("weberror", lambda err: write("pageerror", err.page, str(err.error)))
        yield ctx
        ctx.close()


@pytest.fixture(scope="session")
def request_log(context) -> helpers.RequestLog:
    """Every request the shared context's pages have made since it opened (refused ones too)."""
    return _REQUESTS[0]


@pytest.fixture
def fresh_context(browser) -> Iterator:
    """A browser context of its own (no cookies, so no token yet); requests off 127.0.0.1 refused and logged."""
    ctx = browser.new_context(locale="zh-CN")
    ctx.set_default_timeout(30_000)
    log = helpers.RequestLog(ctx)
    ctx.route(OUTSIDE, lambda route: route.abort())
    yield ctx, log
    ctx.close()


def _serve_lab(root_dir: Path, name: str, tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator:
    state = tmp_path_factory.mktemp(name)
    helpers.write_lab_settings(state / "lab-settings")
    log = artifacts / f"{name}.log"
    log.unlink(missing_ok=True)
    server = helpers.start_server(
        name,
        lambda port, token: helpers.lab_command(port, token, root_dir, state),
        helpers.lab_ready,
        env=helpers.jupyter_env(state),
        cwd=REPO,
        log_path=log,
    )
    try:
        yield server
    finally:
        helpers.shutdown_kernels(server)
        forced = server.stop()
        assert not forced, f"had to kill {forced} after {name} ignored SIGTERM"


@pytest.fixture(scope="session")
def lab(browser_tools: None, tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator:
    """JupyterLab serving notebooks/ on 127.0.0.1, a free port and a random token."""
    yield from _serve_lab(NOTEBOOKS, "jupyterlab", tmp_path_factory, artifacts)


@pytest.fixture(scope="session")
def fixture_lab(browser_tools: None, tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator:
    """JupyterLab serving the harness's own fixture notebooks (tests of the test helpers)."""
    yield from _serve_lab(FIXTURES, "jupyterlab-fixtures", tmp_path_factory, artifacts)


@pytest.fixture(scope="session")
def lab_page(context) -> Iterator:
    """One page reused for every notebook: each test navigates it to its notebook."""
    page = context.new_page()
    # Leaving a notebook with outputs may raise "leave site?"; leave without saving.
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    page.close()


def _serve_voila(target: Path, name: str, tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator:
    state = tmp_path_factory.mktemp(name)
    log = artifacts / f"{name}.log"
    log.unlink(missing_ok=True)
    server = helpers.start_server(
        name,
        lambda port, token: helpers.voila_command(port, token, target.relative_to(REPO)),
        helpers.voila_ready,
        env=helpers.jupyter_env(state),
        cwd=REPO,
        log_path=log,
    )
    try:
        yield server
    finally:
        forced = server.stop()
        assert not forced, f"had to kill {forced} after {name} ignored SIGTERM"


@pytest.fixture(scope="session")
def dashboard_server(browser_tools: None, tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator:
    """Voilà serving notebooks/dashboard.ipynb on 127.0.0.1, a free port and a random token."""
    notebook = NOTEBOOKS / "dashboard.ipynb"
    if not notebook.exists():
        pytest.skip("notebooks/dashboard.ipynb does not exist yet")
    yield from _serve_voila(notebook, "voila", tmp_path_factory, artifacts)


@pytest.fixture(scope="session")
def fixture_voila(browser_tools: None, tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator:
    """Voilà serving the fixture notebooks (at /voila/render/<name>), to test the helpers."""
    yield from _serve_voila(FIXTURES, "voila-fixtures", tmp_path_factory, artifacts)


# Widget-to-plot latencies seen in this session: printed at the end and saved as JSON.
LATENCIES: dict[str, dict] = {}


def record_latency(name: str, interaction: helpers.Interaction) -> None:
    LATENCIES[name] = {"action": interaction.action, "seconds": interaction.seconds}


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not LATENCIES:
        return
    terminalreporter.section("widget → plot latency in Chromium")
    for name, entry in sorted(LATENCIES.items()):
        terminalreporter.write_line(f"{entry['seconds']:6.2f} s  {name}: {entry['action']}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "latency.json").write_text(json.dumps(LATENCIES, indent=2, ensure_ascii=False), encoding="utf-8")
