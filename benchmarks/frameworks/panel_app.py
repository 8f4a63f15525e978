"""The participant page in Panel (Bokeh server, itself on tornado).

Each open page is a Bokeh document on the server; its widgets reach the browser over a
websocket. A result is pushed by scheduling an update on each page's document; ``/push`` is a
tornado handler added next to Panel's own. With ``FW_VARIANT=template`` the page is put in
Panel's VanillaTemplate with a viewport tag.
"""

from __future__ import annotations

import os
import threading
from functools import partial
from html import escape

import page_text as pt
import panel as pn
import tornado.web

# One entry per open page: its document and its result pane.
LISTENERS: set[tuple[object, object]] = set()
LOCK = threading.Lock()


def page():
    team = pn.widgets.TextInput(name=pt.TEAM, max_length=pt.TEAM_MAX)
    options = {text: value for value, text in pt.DIRECTIONS}
    selects = {key: pn.widgets.Select(name=label, options=options, value="same") for key, label in pt.METRICS}
    button = pn.widgets.Button(name=pt.SUBMIT, button_type="primary")
    status = pn.pane.HTML("")
    result = pn.pane.HTML(escape(pt.WAITING))

    def submit(_event):
        problem = pt.check_submission(team.value, {key: s.value for key, s in selects.items()})
        status.object = escape(problem or pt.SUBMITTED.format(team=team.value.strip()))

    button.on_click(submit)
    entry = (pn.state.curdoc, result)
    with LOCK:
        LISTENERS.add(entry)

    def forget(_context):
        with LOCK:
            LISTENERS.discard(entry)

    pn.state.on_session_destroyed(forget)
    column = pn.Column(f"## {pt.TITLE}", team, *selects.values(), button, status, result)
    if os.environ.get("FW_VARIANT") == "template":
        # A bare Panel page has no viewport tag (phones lay it out 980 px wide); a template can add one.
        return pn.template.VanillaTemplate(
            title=pt.TITLE, main=[column], meta_viewport="width=device-width, initial-scale=1"
        )
    return column


def show(pane, text: str) -> None:
    pane.object = escape(text)


class Push(tornado.web.RequestHandler):
    def post(self) -> None:
        if not pt.secret_ok(self.request.headers.get("X-Secret")):
            raise tornado.web.HTTPError(403)
        text = self.request.body.decode()
        with LOCK:
            listeners = list(LISTENERS)
        for doc, pane in listeners:
            doc.add_next_tick_callback(partial(show, pane, text))


if __name__ == "__main__":
    pn.serve(
        {"/": page},
        port=pt.port(),
        address="127.0.0.1",
        websocket_origin=[f"127.0.0.1:{pt.port()}"],
        extra_patterns=[(r"/push", Push)],
        title=pt.TITLE,
        show=False,
        threaded=False,
        # Passed on to tornado, as the workshop server does: gzip for pages and scripts.
        compress_response=True,
    )
