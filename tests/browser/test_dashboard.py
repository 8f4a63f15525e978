"""The workshop dashboard (notebooks/dashboard.ipynb) under Voilà, in Chromium.

One Voilà server and one page for the module: the page loads with every cell run and no
error, code hidden, widgets rendered, Chinese by default and drawn with real Chinese glyphs;
changing a control redraws a plot; the language switch gives a complete English view and
back. Screenshots go to ``test-artifacts/browser/``.

The last test runs the same helpers against Voilà serving the fixture notebooks, to show
that they see a plot change and catch a failing cell.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from . import helpers
from .conftest import artifact_name, record_latency, skip_or_fail

pytestmark = pytest.mark.browser

ENGLISH = re.compile(r"English|EN|en|英")
CHINESE = re.compile(r"中文|ZH|zh|中")
ONLY_CJK = re.compile(r"^[^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*$")


@pytest.fixture(scope="module")
def dashboard(context, dashboard_server, artifacts) -> Iterator[helpers.VoilaPage]:
    page = context.new_page()
    voila = helpers.VoilaPage(page, dashboard_server)
    voila.open()
    helpers.tall_screenshot(page, artifacts / "voila-dashboard-1-loaded.png")
    yield voila
    page.close()


def test_dashboard_loads_without_errors(dashboard):
    assert not dashboard.errors(), "errors on the dashboard:\n" + "\n\n".join(dashboard.errors())
    assert dashboard.page.locator(".jupyter-widgets").count() > 0, "no widgets rendered"
    assert not dashboard.code_visible(), "the dashboard shows code cells"
    assert helpers.image_signature(dashboard.page), "no plot on the dashboard"


def test_dashboard_is_chinese_by_default(dashboard):
    text = dashboard.text()
    chinese = helpers.CJK.findall(text)
    assert len(chinese) >= 20, f"expected Chinese text by default, found {len(chinese)} CJK characters:\n{text[:500]}"
    chosen = [b.inner_text().strip() for b in dashboard.page.locator(".widget-toggle-button.mod-active").all()]
    assert not any(ENGLISH.fullmatch(t) for t in chosen), f"the language switch starts on English: {chosen}"
    if not dashboard.cjk_glyphs_render():
        skip_or_fail("Chromium draws Chinese as empty boxes: install a CJK font (apt-get install fonts-noto-cjk)")


def test_dashboard_control_redraws_plot(dashboard, artifacts):
    interaction = helpers.interact_and_wait(dashboard.page, "body", error_count=lambda: len(dashboard.kernel.errors))
    dashboard.kernel.wait_idle(dashboard.page)
    helpers.tall_screenshot(dashboard.page, artifacts / "voila-dashboard-2-changed.png")
    assert interaction.changed, f"no plot changed within {helpers.PLOT_CHANGE_TIMEOUT} s after: {interaction.action}"
    assert not dashboard.errors(), f"errors after {interaction.action}:\n" + "\n\n".join(dashboard.errors())
    record_latency("voila dashboard", interaction)


def test_dashboard_language_switch(dashboard, artifacts):
    page = dashboard.page
    english = dashboard.language_button(ENGLISH)
    if english is None:
        pytest.fail("no zh/en language switch (a toggle button labelled English/EN) on the dashboard")
    before = helpers.wait_until_stable(page, None)
    english.click()
    changed = helpers.wait_for_plot_change(page, before, None)
    dashboard.kernel.wait_idle(page)
    helpers.wait_until_stable(page, None)
    helpers.tall_screenshot(page, artifacts / "voila-dashboard-3-english.png")
    untranslated = [t for t in dashboard.control_labels() if ONLY_CJK.match(t) and not helpers.LANGUAGE_LABEL.match(t)]
    assert changed is not None, "the plots did not change language"
    assert not untranslated, f"Chinese-only labels left in the English view: {untranslated}"
    assert not dashboard.errors(), "\n\n".join(dashboard.errors())

    chinese = dashboard.language_button(CHINESE)
    assert chinese is not None
    chinese.click()
    page.wait_for_function(
        "() => (document.body.innerText.match(/[\\u4e00-\\u9fff]/g) || []).length >= 20", timeout=30_000
    )
    dashboard.kernel.wait_idle(page)
    assert not dashboard.errors(), "\n\n".join(dashboard.errors())


def test_dashboard_asks_nothing_outside_and_draws_its_icons(dashboard, request_log):
    """Every request the dashboard made went to 127.0.0.1; its icons come from fonts that loaded (from its server)."""
    base = dashboard.server.base_url
    assert any(url.startswith(base) for url in request_log.since()), "the request log saw none of the dashboard's"
    outside = helpers.requests_off_loopback(request_log.since())
    assert not outside, f"requests that left 127.0.0.1: {outside}"
    icons = dashboard.page.evaluate(helpers.ICON_FONTS_JS)
    assert icons["icons"] > 0, "no Font Awesome icon on the dashboard"
    assert not icons["unloaded"], f"icons drawn with fonts that never loaded: {icons['unloaded']}"


def test_dashboard_error_pages_ask_nothing_outside(dashboard_server, fresh_context):
    """A wrong token and a missing page get Voilà's other pages; they too link nothing outside."""
    ctx, log = fresh_context
    page = ctx.new_page()
    base = dashboard_server.base_url
    response = page.goto(f"{base}/?token=not-the-token")
    page.wait_for_load_state("networkidle")
    assert response.status == 403 or "/login" in page.url, "a wrong token was let in"
    page.goto(f"{base}/no-such-page?token={dashboard_server.token}")
    page.wait_for_load_state("networkidle")
    assert len(log.since()) >= 2
    outside = helpers.requests_off_loopback(log.since())
    assert not outside, f"requests that left 127.0.0.1: {outside}"


# ----------------------------------------------------------------- the checks catch failures


def test_harness_request_log_and_icon_check_see_what_comes_from_outside(fresh_context):
    """Not vacuous: a stylesheet and a font on another host are logged (and refused), the icon counts as unloaded."""
    ctx, log = fresh_context
    page = ctx.new_page()
    page.set_content(
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/font-awesome@4.7.0/css/font-awesome.min.css">'
        "<style>@font-face { font-family: Gone; src: url(https://fonts.example.com/gone.woff2); }"
        ' i.fa { font-family: Gone; } i.fa::before { content: "\\f04b"; }</style><i class="fa fa-play"></i>'
    )
    page.wait_for_function("() => [...document.fonts].every(f => f.status !== 'loading')")
    outside = helpers.requests_off_loopback(log.since())
    assert "https://cdn.jsdelivr.net/npm/font-awesome@4.7.0/css/font-awesome.min.css" in outside, log.since()
    assert page.evaluate(helpers.ICON_FONTS_JS) == {"icons": 1, "unloaded": ["Gone"]}


def test_harness_voila_sees_change_and_catches_errors(context, fixture_voila, artifacts):
    page = context.new_page()
    try:
        voila = helpers.VoilaPage(page, fixture_voila, "/voila/render/slider_plot.ipynb")
        voila.open()
        assert not voila.errors() and not voila.code_visible()
        interaction = helpers.interact_and_wait(page, "body", error_count=lambda: len(voila.kernel.errors))
        assert interaction.changed, interaction
        page.screenshot(path=str(artifacts / f"{artifact_name('fixture-voila-slider')}.png"))

        broken = helpers.VoilaPage(page, fixture_voila, "/voila/render/broken.ipynb")
        broken.open()
        assert any("deliberate failure" in e for e in broken.errors()), broken.errors()

        callback = helpers.VoilaPage(page, fixture_voila, "/voila/render/broken_callback.ipynb")
        callback.open()
        assert not callback.errors()
        helpers.interact_and_wait(page, "body", timeout=10, error_count=lambda: len(callback.kernel.errors))
        callback.kernel.wait_idle(page)
        assert any("deliberate callback failure" in e for e in callback.errors()), callback.errors()
    finally:
        page.close()


def test_harness_glyph_check_sees_a_missing_cjk_font(playwright, tmp_path):
    """The Chinese-glyph check is not vacuous: with only DejaVu fonts it reports boxes."""
    from .conftest import chromium_path

    dejavu = "/usr/share/fonts/truetype/dejavu"
    if not os.path.isdir(dejavu):
        pytest.skip(f"needs the DejaVu fonts in {dejavu}")
    (tmp_path / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>'
    )
    chromium = playwright.chromium.launch(
        executable_path=chromium_path(),
        args=helpers.CHROMIUM_ARGS,
        env={**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")},
    )
    try:
        page = chromium.new_page()
        page.set_content("<body style='font-family: sans-serif'>社区</body>")
        assert page.evaluate(helpers.CJK_GLYPHS_JS) is False
    finally:
        chromium.close()
