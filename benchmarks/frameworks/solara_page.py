"""The participant page in Solara (the UI layer of Mesa's SolaraViz): the page and its push.

Each open page is a virtual kernel on the server; its widgets live there and reach the
browser over a websocket. A result is pushed by setting each page's state inside that page's
own kernel context. Served by solara_app.py.
"""

from __future__ import annotations

import threading

import page_text as pt
import solara
import solara.server.kernel_context as kernel_context
from starlette.requests import Request
from starlette.responses import Response

# One entry per open page, under a key of its own: its kernel context and the setter of its result.
LISTENERS: dict[object, tuple[object, object]] = {}
LOCK = threading.Lock()
LABELS = [text for _, text in pt.DIRECTIONS]
VALUE_OF = {text: value for value, text in pt.DIRECTIONS}


@solara.component
def Page():
    team, set_team = solara.use_state("")
    choices, set_choices = solara.use_state({key: LABELS[2] for key, _ in pt.METRICS})
    status, set_status = solara.use_state("")
    result, set_result = solara.use_state(pt.WAITING)

    def listen():
        key = object()
        with LOCK:
            LISTENERS[key] = (kernel_context.get_current_context(), set_result)

        def forget():
            with LOCK:
                LISTENERS.pop(key, None)

        return forget

    solara.use_effect(listen, [])

    def submit():
        values = {key: VALUE_OF[label] for key, label in choices.items()}
        set_status(pt.check_submission(team, values) or pt.SUBMITTED.format(team=team.strip()))

    solara.Title(pt.TITLE)
    with solara.Column():
        # A plain heading: solara.Markdown would load its math and diagram scripts as well.
        solara.v.Html(tag="h2", children=[pt.TITLE])
        solara.InputText(pt.TEAM, value=team, on_value=set_team)
        for key, label in pt.METRICS:

            def choose(value, key=key):
                set_choices({**choices, key: value})

            solara.Select(label, values=LABELS, value=choices[key], on_value=choose)
        solara.Button(pt.SUBMIT, on_click=submit, color="primary")
        solara.Text(status)
        solara.Text(result)


async def push(request: Request) -> Response:
    if not pt.secret_ok(request.headers.get("x-secret")):
        return Response(status_code=403)
    text = (await request.body()).decode()
    with LOCK:
        listeners = list(LISTENERS.values())
    for context, set_result in listeners:
        with context:
            set_result(text)
    return Response(status_code=200)
