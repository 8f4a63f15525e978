"""The participant page on Starlette under uvicorn, with htmx and its SSE extension.

Server-rendered HTML (Jinja2, autoescaped); htmx sends the form and swaps in the answer; the
SSE extension swaps in each ``result`` event, which carries the escaped HTML itself. htmx is
served from this server (``HTMX_DIR``, unpacked from the npm packages), not from a CDN.
"""

from __future__ import annotations

import asyncio
import os
from html import escape
from pathlib import Path

import page_text as pt
import uvicorn
from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")


class State:
    """The latest result and a condition that wakes every open event stream."""

    def __init__(self) -> None:
        self.result = pt.WAITING
        self.version = 0
        self.changed = asyncio.Condition()


STATE = State()


async def page(request: Request) -> Response:
    return templates.TemplateResponse(request, "starlette_page.html", {"pt": pt})


async def events(request: Request) -> Response:
    async def stream():
        seen = STATE.version
        while True:
            async with STATE.changed:
                while STATE.version == seen:
                    await STATE.changed.wait()
                seen, text = STATE.version, STATE.result
            yield {"event": "result", "data": escape(text)}

    return EventSourceResponse(stream(), ping=15)


async def submit(request: Request) -> Response:
    form = await request.form()
    team = str(form.get("team", ""))
    problem = pt.check_submission(team, {key: str(form.get(key, "")) for key, _ in pt.METRICS})
    if problem:
        return HTMLResponse(f'<span class="error">{escape(problem)}</span>')
    return HTMLResponse(escape(pt.SUBMITTED.format(team=team.strip())))


async def push(request: Request) -> Response:
    if not pt.secret_ok(request.headers.get("x-secret")):
        return Response(status_code=403)
    text = (await request.body()).decode()
    async with STATE.changed:
        STATE.result = text
        STATE.version += 1
        STATE.changed.notify_all()
    return Response(status_code=200)


app = Starlette(
    routes=[
        Route("/", page),
        Route("/events", events),
        Route("/submit", submit, methods=["POST"]),
        Route("/push", push, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Mount("/htmx", StaticFiles(directory=os.environ["HTMX_DIR"]), name="htmx"),
    ],
    middleware=[Middleware(GZipMiddleware, minimum_size=500)],
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=pt.port(), log_level="warning")
