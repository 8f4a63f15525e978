"""The workshop game (``python -m sim workshop``) played in Chromium: one facilitator, three teams.

The real command runs in a subprocess on 127.0.0.1 and a free port, with a temporary
session file and a small community at 5 replications, so a round takes seconds. The
facilitator's page (the projector) and three participant pages — two on a laptop-sized
screen, one emulating a phone (390×844, touch) — each in a browser context of its own, as
separate devices would be: the teams join by room code and name, predict, choose, submit
and read their result cards; the facilitator opens, closes and reveals the round; every
page then shows the leaderboard with all three teams. Every request of every page is
recorded, and none may leave 127.0.0.1. Screenshots go to ``test-artifacts/browser/``.

The pages are Chinese by default; one test checks that the Chinese is drawn with real
glyphs (the check the dashboard's tests use), another that the request check is not vacuous.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sim.i18n import t

from . import helpers
from .conftest import REPO, skip_or_fail

pytestmark = pytest.mark.browser

# A small community (about a second per run) that is still short of staff, so choices matter.
SMALL = """
name = "workshop-browser"
extends = "stretched-baseline"
title_zh = "小社区"
title_en = "Small community"

[params]
households = 400
compounds = 4
staff = 2
days = 60
warmup_days = 20
"""
CARD_TIMEOUT = 120_000  # ms: five replications per choice on a small, busy machine
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
# Each team: its name, its predictions (one per predicted outcome, in the page's order), and
# the choices it makes (select name -> option value; the options are indices into the values).
TEAMS = {
    "laptop-1": ("红旗队", ("up", "up", "up", "up"), {}),
    "laptop-2": ("先锋队", ("up", "flat", "up", "down"), {"visit_share": "1", "quick_contact": "1"}),
    "phone": ("掌上队", ("flat", "flat", "up", "flat"), {"callback": "1", "follow_up": "1"}),
}


@dataclass
class Room:
    """The running room: its server, the code and secret it printed, and the open pages."""

    server: helpers.Server
    code: str
    key: str
    pages: dict = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def _printed(log: Path) -> tuple[str | None, str | None]:
    """The room code and the facilitator's secret from the command's start lines (any language)."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    codes = re.findall(r"\?code=([A-Z0-9]+)", text)
    keys = re.findall(r"/facilitator\?key=(\S+)", text)
    return (codes[-1] if codes else None, keys[-1] if keys else None)


@pytest.fixture(scope="module")
def workshop_server(browser_tools: None, tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator:
    """``python -m sim workshop`` on 127.0.0.1 and a free port; stopped (workers too) at the end."""
    for module in ("tornado", "segno"):
        if importlib.util.find_spec(module) is None:
            skip_or_fail(f"the workshop needs {module} (pip install -e '.[workshop]')")
    state = tmp_path_factory.mktemp("workshop")
    scenario = state / "small.toml"
    scenario.write_text(SMALL, encoding="utf-8")
    log = artifacts / "workshop-server.log"
    log.unlink(missing_ok=True)

    def command(port: int, _token: str) -> list[str]:
        # No --lang: the pages are in Chinese, as a Chinese room gets them.
        return [
            sys.executable,
            "-m",
            "sim",
            "workshop",
            "--session",
            str(state / "room.db"),
            "--scenario",
            str(scenario),
            "--reps",
            "5",
            "--port",
            str(port),
            "--seed",
            "11",
        ]

    def ready(port: int, _token: str) -> bool:
        # The start lines are printed once the server listens; the style sheet proves it answers.
        return all(_printed(log)) and helpers.http_get(port, "/static/workshop.css")[0] == 200

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = helpers.start_server("workshop", command, ready, env=env, cwd=REPO, log_path=log)
    try:
        code, key = _printed(log)
        yield server, code, key
    finally:
        forced = server.stop()
        assert not forced, f"had to kill {forced} after the workshop server ignored SIGTERM"


def _new_context(browser, room: Room, role: str, **options):
    """A browser context for one device; requests are recorded, and refused unless they go to 127.0.0.1."""
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    ctx.set_default_timeout(30_000)
    ctx.on("request", lambda request: room.requests.append(request.url))
    ctx.on("weberror", lambda err: room.page_errors.append(f"{role}: {err.error}"))
    ctx.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])[a-z]+://"), lambda route: route.abort())
    return ctx


@pytest.fixture(scope="module")
def room(browser, workshop_server) -> Iterator[Room]:
    """The facilitator's page (logged in with the printed link) and three fresh participant devices."""
    server, code, key = workshop_server
    room = Room(server, code, key)
    contexts = [_new_context(browser, room, "facilitator", viewport={"width": 1400, "height": 1000})]
    room.pages["facilitator"] = contexts[0].new_page()
    for role in ("laptop-1", "laptop-2"):
        contexts.append(_new_context(browser, room, role, viewport={"width": 1024, "height": 900}))
        room.pages[role] = contexts[-1].new_page()
    contexts.append(_new_context(browser, room, "phone", **PHONE))
    room.pages["phone"] = contexts[-1].new_page()
    room.pages["facilitator"].goto(f"{server.base_url}/facilitator?key={key}")
    try:
        yield room
    finally:
        for ctx in contexts:
            ctx.close()


# The rendered size (CSS px) of every visible text in the scatter: its font size in SVG units
# times the scale the SVG is drawn at.
SCATTER_FONTS_JS = """() => [...document.querySelectorAll('#live svg.scatter text')]
  .filter((e) => e.getClientRects().length > 0)
  .map((e) => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a)"""
# Every visible link, button, toggle, field and direction choice smaller than 44 x 44 CSS px (the
# radio buttons themselves are hidden: their labels are what a thumb taps).
SMALL_TARGETS_JS = """() => [...document.querySelectorAll(
    'a, button, summary, select, input:not([type=radio]):not([type=hidden]), label.dir')]
  .filter((e) => e.getClientRects().length > 0)
  .map((e) => { const r = e.getBoundingClientRect();
                return { what: e.outerHTML.slice(0, 80), width: r.width, height: r.height }; })
  .filter((r) => r.width < 44 || r.height < 44)"""


def _small_targets(page) -> list[dict]:
    return page.evaluate(SMALL_TARGETS_JS)


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def _press(role: str, locator) -> None:
    """Tap on the phone (a touch screen), click elsewhere."""
    if role == "phone":
        locator.tap()
    else:
        locator.click()


def test_a_round_from_join_to_reveal(room, artifacts):
    from playwright.sync_api import expect

    fac, base = room.pages["facilitator"], room.server.base_url
    # The secret became a cookie: the address no longer shows it.
    assert fac.url == f"{base}/facilitator", fac.url
    expect(fac.locator(".join-info .code")).to_have_text(room.code)
    expect(fac.locator(".join-info .url")).to_contain_text(f"?code={room.code}")
    assert fac.locator(".join-info .qr svg").count() == 1, "no QR code on the projector page"
    join_url = fac.locator(".join-info .url").inner_text().strip()

    # Two laptops come through the QR code's address (the code is filled in); the phone types it.
    for role in ("laptop-1", "laptop-2"):
        page = room.pages[role]
        page.goto(join_url)
        expect(page.locator("#join-form input[name=code]")).to_have_value(room.code)
        page.fill("#join-form input[name=name]", TEAMS[role][0])
        page.click("#join-form button[type=submit]")
    phone = room.pages["phone"]
    phone.goto(f"{base}/")
    assert not _small_targets(phone), f"tap targets under 44 x 44 px on the join page: {_small_targets(phone)}"
    wrong = "AAAA" if room.code != "AAAA" else "CCCC"
    phone.fill("#join-form input[name=code]", wrong)
    phone.fill("#join-form input[name=name]", TEAMS["phone"][0])
    _press("phone", phone.locator("#join-form button[type=submit]"))
    expect(phone.locator("#join-form .error")).to_have_text(t("workshop.error.wrong_code", "zh"))
    # Typed in lower case with spaces, as it is spaced out on the projector: still the room's code.
    phone.fill("#join-form input[name=code]", f" {room.code[:2].lower()} {room.code[2:]}")
    _press("phone", phone.locator("#join-form button[type=submit]"))

    for role, (name, _, _) in TEAMS.items():
        page = room.pages[role]
        expect(page.locator("#live .team")).to_have_text(t("workshop.p.you_are", "zh", team=name))
        expect(page.locator("#live .state")).to_have_text(t("workshop.state.none", "zh"))
        expect(page.locator("#play")).to_be_hidden()
    expect(fac.locator("#live .teams li")).to_have_count(3)

    fac.click("button[data-action=open]")
    expect(fac.locator("#live .state")).to_have_text(t("workshop.state.open", "zh", number=1))
    expect(fac.locator(".controls .error")).to_be_empty()  # the answer came before the page refreshed

    for role, (_, said, picks) in TEAMS.items():
        page = room.pages[role]
        expect(page.locator("#play")).to_be_visible()
        expect(page.locator("#submit-button")).to_be_disabled()  # predict first
        fieldsets = page.locator("#predict-form fieldset.dirs")
        expect(fieldsets).to_have_count(len(said))
        for i, direction in enumerate(said):
            _press(role, fieldsets.nth(i).locator(f"label.dir:has(input[value='{direction}'])"))
        _press(role, page.locator("#predict-form button[type=submit]"))
        expect(page.locator("#predict-form .ok")).to_be_visible()
        expect(page.locator("#submit-button")).to_be_enabled()
        for select, value in picks.items():
            page.select_option(f"#choice-form select[name={select}]", value)
        # The gauge shows the reserved hours of this choice, within the budget.
        expect(page.locator("#budget .budget-text")).not_to_be_empty()
        expect(page.locator("#budget")).not_to_have_class(re.compile(r"\bover\b"))
        if role == "phone":
            assert _no_horizontal_scroll(page), "the phone's form is wider than the screen"
            expect(page.locator("#choice-form details summary")).not_to_have_count(0)
            small = _small_targets(page)
            assert not small, f"tap targets under 44 x 44 px on the phone: {small}"
            page.screenshot(path=str(artifacts / "workshop-phone-1-choose.png"), full_page=True)
        _press(role, page.locator("#submit-button"))
        expect(page.locator("#play")).to_be_hidden()  # submitted: one submission per round
        expect(page.locator("#choice-form .error")).to_be_empty()
        # the round is still open, but this team has nothing left to do: it is told it waits
        expect(page.locator("#live p.state:not(.running)")).to_have_text(t("workshop.state.submitted", "zh", number=1))

    score = re.compile(t("workshop.card.score", "zh", score=r"\d", total=4).replace(".", r"\."))
    for role in TEAMS:
        page = room.pages[role]
        card = page.locator("#live section.result")
        expect(card).to_be_visible(timeout=CARD_TIMEOUT)
        expect(card.locator("h2")).to_have_text(t("workshop.card.title", "zh"))
        expect(card.locator(".score")).to_have_text(score)
        expect(card.locator(".metric .big")).not_to_have_count(0)
    assert _no_horizontal_scroll(phone), "the phone's result card is wider than the screen"
    phone.screenshot(path=str(artifacts / "workshop-phone-2-card.png"), full_page=True)

    # The projector sees who is done, not the results.
    expect(fac.locator("#live .teams li.done")).to_have_count(3, timeout=CARD_TIMEOUT)
    expect(fac.locator("#live .standings")).to_have_count(0)
    fac.click("button[data-action=close]")
    expect(fac.locator("#live .state")).to_have_text(t("workshop.state.closed", "zh", number=1))
    expect(phone.locator("#live .state")).to_have_text(t("workshop.state.closed", "zh", number=1))
    fac.click("button[data-action=reveal]")
    expect(fac.locator("#live .state")).to_have_text(t("workshop.state.revealed", "zh", number=1))
    expect(fac.locator(".controls .error")).to_be_empty()

    for role in ("facilitator", *TEAMS):
        page = room.pages[role]
        rows = page.locator("#live .standings table.board tbody tr")
        expect(rows).to_have_count(len(TEAMS) + 1)  # the teams and the community as it is
        expect(page.locator("#live .standings tr.community")).to_have_count(1)
        names = [row.locator("td").nth(1).inner_text().strip() for row in rows.all()]
        assert sorted(n for n in names if n != t("workshop.community", "zh")) == sorted(
            name for name, _, _ in TEAMS.values()
        ), f"{role} sees the leaderboard {names}"
        expect(page.locator("#live .standings svg.scatter-wide g.point")).to_have_count(len(TEAMS) + 1)
        expect(page.locator("#live .standings .tally li")).not_to_have_count(0)
        # whichever variant the screen shows, its text is drawn at 12 px or more
        fonts = page.evaluate(SCATTER_FONTS_JS)
        assert fonts and min(fonts) >= 12, f"{role}: the scatter's text is drawn at {min(fonts or [0]):.1f} px"
    # On the phone: the compact scatter, no wider than the card, naming the team's own point.
    compact = phone.locator("#live svg.scatter-compact")
    expect(compact).to_be_visible()
    expect(phone.locator("#live svg.scatter-wide")).to_be_hidden()
    expect(compact.locator("g.own text.name")).to_have_text(TEAMS["phone"][0])
    # 红旗队 chose exactly the community's settings: the two points coincide, their names do not.
    laptop = room.pages["laptop-1"]
    wide = laptop.locator("#live svg.scatter-wide")
    community, team = (
        wide.locator("g.point", has_text=name) for name in (t("workshop.community", "zh"), TEAMS["laptop-1"][0])
    )
    spot = [
        (g.locator("circle").last.get_attribute("cx"), g.locator("circle").last.get_attribute("cy"))
        for g in (community, team)
    ]
    assert spot[0] == spot[1], f"the team's point is not the community's: {spot}"
    a, b = (g.locator("text.name").bounding_box() for g in (community, team))
    apart = (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )
    assert apart, f"the names of coinciding points overlap: {a} {b}"
    assert _no_horizontal_scroll(phone), "the phone's leaderboard is wider than the screen"
    phone.screenshot(path=str(artifacts / "workshop-phone-3-revealed.png"), full_page=True)
    fac.screenshot(path=str(artifacts / "workshop-facilitator-revealed.png"), full_page=True)

    assert not room.page_errors, "JavaScript errors:\n" + "\n".join(room.page_errors)
    outside = helpers.requests_off_loopback(room.requests)
    assert not outside, f"requests that left 127.0.0.1: {outside}"
    assert any(url.endswith("/static/workshop.js") for url in room.requests), "the request log saw nothing"


CJK_COUNT_JS = "n => (document.body.innerText.match(/[\\u3400-\\u4dbf\\u4e00-\\u9fff]/g) || []).length >= n"


def test_the_pages_are_chinese_with_real_glyphs(room):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    pages = [room.pages["facilitator"], room.pages["phone"]]
    if room.pages["phone"].url == "about:blank":  # run on its own: the phone has not joined
        room.pages["phone"].goto(f"{room.server.base_url}/?code={room.code}")
    for page in pages:
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        expect(page.locator("header.top strong")).to_have_text(t("workshop.title", "zh"))
        # The page fills its sections from the server after loading: give them a moment (the
        # assertion below, not the wait, says what is missing).
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(CJK_COUNT_JS, arg=20, timeout=10_000, polling=200)
        chinese = helpers.CJK.findall(page.inner_text("body"))
        assert len(chinese) >= 20, f"expected Chinese by default on {page.url}, found {len(chinese)} characters"
    if not all(page.evaluate(helpers.CJK_GLYPHS_JS) for page in pages):
        skip_or_fail("Chromium draws Chinese as empty boxes: install a CJK font (apt-get install fonts-noto-cjk)")


def test_the_request_check_sees_a_request_leave(browser, workshop_server):
    """Not vacuous: a page asking for an outside image is recorded (and the request refused)."""
    server, code, key = workshop_server
    check = Room(server, code, key)
    ctx = _new_context(browser, check, "check")
    try:
        page = ctx.new_page()
        page.goto(f"{server.base_url}/?code={code}")
        page.evaluate("() => { const i = new Image(); i.src = 'http://192.0.2.1/x.png'; document.body.append(i); }")
        page.wait_for_timeout(300)
        assert helpers.requests_off_loopback(check.requests) == ["http://192.0.2.1/x.png"]
    finally:
        ctx.close()
