"""The workshop dashboard in Chromium: every tab opens, and every lesson step shows the lesson's numbers.

One walk through the tabs as a trainer would make it, then, from the comparison tab, the
lesson step of every lesson that quotes the cheapest comparison of ``lessons/numbers.toml``
(every lesson quotes it): every number the lesson quotes from it (the recorded value, written
as the lesson writes it) must appear on screen. The comparison runs once; each next lesson's
step shows the comparison already on show. The other comparisons are checked through the same
panel without a browser (``tests/test_lessons.py``), where each runs once for all its numbers.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sim.course.numbers import lesson_steps, lesson_title, steps_by_lesson

from . import helpers

pytestmark = pytest.mark.browser

TAB_LABEL = ".kit-dashboard-tabs > .lm-TabBar .lm-TabBar-tab"
# What each tab shows once it is open (a CSS selector that must become visible).
TAB_CONTENT = (
    "button.kit-all-full",  # 一 · 一切为了居民
    "button.kit-all-full",
    "button.kit-all-full",
    "button.kit-all-full",
    "button.kit-reps",  # the scenario lab
    "button.kit-lesson-step-run",  # the comparison
    ".kit-game",  # the workshop game
)
STEP_TIMEOUT_MS = 180_000


def open_tab(voila: helpers.VoilaPage, index: int, content: str) -> None:
    """Click the dashboard's tab ``index`` and wait until its content shows and the kernel is idle."""
    page = voila.page
    page.locator(TAB_LABEL).nth(index).click()
    page.locator(f"{content} >> visible=true").first.wait_for(timeout=helpers.KERNEL_IDLE_TIMEOUT * 1000)
    voila.kernel.wait_idle(page)


def cheapest_steps() -> list[tuple[int, str, object]]:
    """The lesson steps of the comparison with the fewest runs: (position in the list, lesson, step)."""
    grouped = steps_by_lesson(lesson_steps())
    cheapest = min((step for _, step in grouped), key=lambda step: len(step.scenarios) * step.reps).key
    return [(i, lesson, step) for i, (lesson, step) in enumerate(grouped) if step.key == cheapest]


def test_walk_the_tabs_and_run_each_lessons_step(context, dashboard_server, artifacts, request_log):
    mark = request_log.mark()
    page = context.new_page()
    voila = helpers.VoilaPage(page, dashboard_server)
    try:
        voila.open()
        tabs = page.locator(TAB_LABEL)
        assert tabs.count() == len(TAB_CONTENT), [tabs.nth(i).inner_text() for i in range(tabs.count())]
        for index in (*range(1, len(TAB_CONTENT)), 0):
            open_tab(voila, index, TAB_CONTENT[index])
            assert not voila.errors(), f"errors after opening tab {index}:\n" + "\n\n".join(voila.errors())
        game = page.locator(".kit-game")
        open_tab(voila, TAB_CONTENT.index(".kit-game"), ".kit-game")
        assert "community-1234 workshop" in game.inner_text()

        open_tab(voila, TAB_CONTENT.index("button.kit-lesson-step-run"), "button.kit-lesson-step-run")
        steps = cheapest_steps()
        assert len({lesson for _, lesson, _ in steps}) >= 5, "most lessons quote the cheapest comparison"
        for index, lesson, step in steps:
            quotes = step.quotes_in(lesson)
            assert quotes, f"{lesson} quotes nothing from step {index}"
            page.locator(".kit-lesson-steps select").select_option(index=index)
            voila.kernel.wait_idle(page)
            page.locator("button.kit-lesson-step-run").click()
            # Done when the panel lists this lesson's numbers (a step of the same lesson may be on show).
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(
                    "want => { const q = document.querySelector('.kit-lesson-quotes');"
                    " return !!q && want.every(w => q.innerText.includes(w)); }",
                    arg=[lesson_title(lesson, "zh"), *(q.text for q in quotes)],
                    timeout=STEP_TIMEOUT_MS,
                )
            voila.kernel.wait_idle(page, timeout=STEP_TIMEOUT_MS / 1000)
            shown = page.locator(".kit-lesson-quotes").inner_text()
            missing = [f"{q.name}: {q.text}" for q in quotes if q.text not in shown]
            assert not missing, f"numbers {lesson} quotes that the dashboard does not show:\n{missing}\n\n{shown}"
        helpers.tall_screenshot(page, artifacts / "voila-dashboard-lesson-step.png")
        assert not voila.errors(), "\n\n".join(voila.errors())
        outside = helpers.requests_off_loopback(request_log.since(mark))
        assert not outside, f"requests that left 127.0.0.1: {outside}"
    finally:
        page.close()
