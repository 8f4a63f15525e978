"""Every notebook in JupyterLab, in Chromium: run all cells, use a widget, see the plot change.

For each ``notebooks/<lang>/*.ipynb``: open it at ``/lab/tree/<path>``, wait for an idle
kernel, Run All Cells, wait until no cell is queued or running, and check that no cell (and
no widget callback) raised. Then move a slider, flip a toggle or pick another dropdown entry
(pressing Run/运行 afterwards when the panel has such a button) and check that a plot in a
widget output changed, again without errors. Screenshots before and after the interaction go
to ``test-artifacts/browser/``.

The last tests run the same helpers on deliberately broken fixture notebooks, to show that
the checks above do catch a failing cell and a failing widget callback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import helpers
from .conftest import NOTEBOOKS, artifact_name, record_latency

pytestmark = pytest.mark.browser

NOTEBOOK_PATHS = sorted(p.relative_to(NOTEBOOKS).as_posix() for p in NOTEBOOKS.glob("*/*.ipynb"))


def format_errors(errors: list[str]) -> str:
    return "\n\n".join(errors)


def screenshot(page, artifacts: Path, *parts: str) -> None:
    page.screenshot(path=str(artifacts / f"{artifact_name(*parts)}.png"))


def exercise(
    page, server: helpers.Server, path: str, artifacts: Path, prefix: str, interact: bool
) -> tuple[helpers.LabRun, helpers.Interaction | None, list[str]]:
    """Open, run all and (when ``interact``) use a widget; returns what happened."""
    nb = helpers.LabNotebook(page, server, path)
    try:
        nb.open()
        run = nb.run_all()
        nb.scroll_to_widgets()
        screenshot(page, artifacts, prefix, path, "1-ran")
        if not interact or run.errors:
            return run, None, run.errors
        if not nb.widget_views():
            return run, None, run.errors  # a notebook without widgets: nothing to interact with
        if not nb.has_controls():
            return (
                run,
                helpers.Interaction("widgets but no slider, toggle, dropdown or button", [], [], None),
                run.errors,
            )
        interaction = helpers.interact_and_wait(page, nb.SCOPE, error_count=nb.kernel_error_count)
        nb.wait_idle()
        helpers.scroll_to_plot(page, nb.SCOPE)
        screenshot(page, artifacts, prefix, path, "2-changed")
        return run, interaction, nb.errors()
    finally:
        nb.leave()


@pytest.mark.parametrize(
    "path",
    NOTEBOOK_PATHS or [pytest.param("", marks=pytest.mark.skip(reason="no notebooks under notebooks/*/ yet"))],
)
def test_notebook_runs_and_widgets_update(lab, lab_page, artifacts, path):
    file = NOTEBOOKS / path
    stored = file.read_bytes()

    run, interaction, errors = exercise(lab_page, lab, path, artifacts, "lab", interact=True)

    assert not run.errors, f"{path}: errors after Run All Cells:\n{format_errors(run.errors)}"
    assert run.run_all_ok and not run.unexecuted, (
        f"{path}: Run All Cells did not finish (result {run.run_all_ok}, cells never run: {run.unexecuted})"
    )
    if interaction is not None:  # the notebook shows widgets
        assert interaction.changed, (
            f"{path}: no plot changed within {helpers.PLOT_CHANGE_TIMEOUT} s after: {interaction.action}"
        )
        assert not errors, f"{path}: errors after {interaction.action}:\n{format_errors(errors)}"
        record_latency(f"lab {path}", interaction)
    assert file.read_bytes() == stored, f"{path} was modified on disk by the test (autosave?)"


def test_jupyterlab_asks_nothing_outside(lab, context, request_log, artifacts):
    """JupyterLab with the welcome notebook open made no request off 127.0.0.1 (nor did any page before it)."""
    mark = request_log.mark()
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    nb = helpers.LabNotebook(page, lab, "zh/00-welcome.ipynb")
    try:
        nb.open()
        page.wait_for_load_state("networkidle")
        screenshot(page, artifacts, "lab", "offline")
        config = json.loads(page.locator("#jupyter-config-data").text_content())
    finally:
        nb.leave()
        page.close()
    # Not even asked: the plugin that offers news and update checks is off.
    assert "@jupyterlab/apputils-extension:announcements" in config["disabledExtensions"]
    assert any(url.startswith(lab.base_url) for url in request_log.since(mark)), "the request log saw nothing"
    outside = helpers.requests_off_loopback(request_log.since())
    assert not outside, f"requests that left 127.0.0.1: {outside}"


def test_jupyterlab_other_pages_ask_nothing_outside(lab, fresh_context):
    """The login page (no token), a missing page and Voilà's preview inside JupyterLab link nothing outside."""
    ctx, log = fresh_context
    page = ctx.new_page()
    response = page.goto(f"{lab.base_url}/lab")
    assert "/login" in page.url or response.status == 403, "JupyterLab opened without the token"
    for path in ("/no-such-page", "/voila/render/no-such-notebook.ipynb"):
        page.goto(f"{lab.base_url}{path}?token={lab.token}")
        page.wait_for_load_state("networkidle")
    assert len(log.since()) >= 3
    outside = helpers.requests_off_loopback(log.since())
    assert not outside, f"requests that left 127.0.0.1: {outside}"


# ----------------------------------------------------------------- the checks catch failures


def test_harness_sees_a_plot_change(fixture_lab, lab_page, artifacts):
    run, interaction, errors = exercise(lab_page, fixture_lab, "slider_plot.ipynb", artifacts, "fixture", True)
    assert run.run_all_ok and not run.errors and not run.unexecuted
    assert interaction is not None and interaction.changed, interaction
    assert interaction.action.startswith("slider"), interaction.action
    assert not errors


def test_harness_catches_a_failing_cell(fixture_lab, lab_page, artifacts):
    run, _, _ = exercise(lab_page, fixture_lab, "broken.ipynb", artifacts, "fixture", False)
    assert not run.run_all_ok
    assert any("deliberate failure" in e for e in run.errors), run.errors
    assert run.unexecuted == [3], "cells after a failing cell are not run"


def test_harness_catches_a_failing_callback(fixture_lab, lab_page, artifacts):
    run, interaction, errors = exercise(lab_page, fixture_lab, "broken_callback.ipynb", artifacts, "fixture", True)
    assert run.run_all_ok and not run.errors
    assert interaction is not None and not interaction.changed
    assert any("deliberate callback failure" in e for e in errors), errors
