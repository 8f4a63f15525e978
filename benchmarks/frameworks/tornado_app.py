"""The participant page on tornado, built the way sim/workshop builds its pages.

Server-rendered HTML (tornado's own templates, autoescaped), one small script
(static/tornado.js) and server-sent events that carry only a counter: on each event the page
fetches the part that changed. Run by benchmarks/frameworks.py with FW_PORT and FW_SECRET.
"""

from __future__ import annotations

import asyncio
import datetime
import json
from pathlib import Path

import page_text as pt
import tornado.escape
import tornado.iostream
import tornado.locks
import tornado.web

HERE = Path(__file__).resolve().parent


class State:
    """The latest result and a condition that wakes every open event stream."""

    def __init__(self) -> None:
        self.result = pt.WAITING
        self.version = 0
        self.changed = tornado.locks.Condition()


STATE = State()


class Page(tornado.web.RequestHandler):
    def get(self) -> None:
        self.render("tornado_page.html", pt=pt)


class Fragment(tornado.web.RequestHandler):
    def get(self) -> None:
        self.write(tornado.escape.xhtml_escape(STATE.result))


class Events(tornado.web.RequestHandler):
    async def get(self) -> None:
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-store")
        seen = -1
        while not self.request.connection.stream.closed():
            if seen != STATE.version:
                seen = STATE.version
                self.write(f"event: change\ndata: {seen}\n\n")
            else:
                self.write(": keep-alive\n\n")
            try:
                await self.flush()
            except tornado.iostream.StreamClosedError:
                return
            await STATE.changed.wait(timeout=datetime.timedelta(seconds=15))


class Submit(tornado.web.RequestHandler):
    def post(self) -> None:
        try:
            body = json.loads(self.request.body)
            team, choices = str(body.get("team", "")), dict(body.get("choices", {}))
        except (ValueError, TypeError, AttributeError):
            team, choices = "", {}
        problem = pt.check_submission(team, choices)
        if problem:
            self.set_status(400)
        self.write({"ok": problem is None, "message": problem or pt.SUBMITTED.format(team=team.strip())})


class Push(tornado.web.RequestHandler):
    def post(self) -> None:
        if not pt.secret_ok(self.request.headers.get("X-Secret")):
            raise tornado.web.HTTPError(403)
        STATE.result = self.request.body.decode()
        STATE.version += 1
        STATE.changed.notify_all()


async def main() -> None:
    app = tornado.web.Application(
        [(r"/", Page), (r"/frag", Fragment), (r"/events", Events), (r"/submit", Submit), (r"/push", Push)],
        template_path=str(HERE / "templates"),
        static_path=str(HERE / "static"),
        compress_response=True,
    )
    app.listen(pt.port(), address="127.0.0.1")
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
