"""The workshop dashboard in Chromium: every tab opens, and a lesson step shows the lesson's numbers.

One walk through the tabs as a trainer would make it, then the cheapest comparison of
``lessons/numbers.toml`` run from the comparison tab: every number the lesson quotes from it
(the recorded value, written as the lesson writes it) must appear on screen.
"""

from __future__ import annotations

import pytest

from sim.course.numbers import lesson_steps, steps_by_lesson

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


def cheapest_step() -> tuple[int, str, object]:
    """The lesson step with the fewest runs: its position in the list, its lesson and the step."""
    grouped = steps_by_lesson(lesson_steps())
    index = min(range(len(grouped)), key=lambda i: (len(grouped[i][1].scenarios) * grouped[i][1].reps, i))
    return index, *grouped[index]


def open_tab(voila: helpers.VoilaPage, index: int, content: str) -> None:
    """Click the dashboard's tab ``index`` and wait until its content shows and the kernel is idle."""
    page = voila.page
    page.locator(TAB_LABEL).nth(index).click()
    page.locator(f"{content} >> visible=true").first.wait_for(timeout=helpers.KERNEL_IDLE_TIMEOUT * 1000)
    voila.kernel.wait_idle(page)


def test_walk_the_tabs_and_run_the_cheapest_lesson_step(context, dashboard_server, artifacts, request_log):
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

        index, lesson, step = cheapest_step()
        open_tab(voila, TAB_CONTENT.index("button.kit-lesson-step-run"), "button.kit-lesson-step-run")
        page.locator(".kit-lesson-steps select").select_option(index=index)
        voila.kernel.wait_idle(page)
        page.locator("button.kit-lesson-step-run").click()
        page.wait_for_function(
            "() => { const q = document.querySelector('.kit-lesson-quotes');"
            " return !!q && q.querySelectorAll('table.kit-quotes tr').length > 1; }",
            timeout=STEP_TIMEOUT_MS,
        )
        voila.kernel.wait_idle(page)
        helpers.tall_screenshot(page, artifacts / "voila-dashboard-lesson-step.png")
        shown = page.locator(".kit-lesson-quotes").inner_text()
        quotes = step.quotes_in(lesson)
        assert quotes, f"{lesson} quotes nothing from the chosen step"
        missing = [f"{q.name}: {q.text}" for q in quotes if q.text not in shown]
        assert not missing, f"numbers {lesson} quotes that the dashboard does not show:\n{missing}\n\n{shown}"
        assert not voila.errors(), "\n\n".join(voila.errors())
        outside = helpers.requests_off_loopback(request_log.since(mark))
        assert not outside, f"requests that left 127.0.0.1: {outside}"
    finally:
        page.close()
