"""The workshop's web application (tornado): pages, the JSON API and the live event stream.

Participants (a browser is a team, known by an HttpOnly, SameSite=Strict cookie):

=======  ====================  ===============================================
GET      /                     the participant page (``?code=`` fills the code in)
POST     /api/join             ``{"code", "name"}``: join; sets the team's cookie
GET      /api/state            the round, the team's prediction, submission and card,
                               messages, and the standings once the round is revealed
GET      /api/options          the practices, their allowed values and the staffing range
POST     /api/predict          ``{metric: "up" | "down" | "flat"}`` for the four outcomes
POST     /api/budget           a choice: the staff hours it reserves against the staff's
POST     /api/submit           ``{"staff", "levers": {lever: value}}``: submit once
GET      /api/round            the current round's number and state
GET      /api/result           the team's result card of a round (``?round=N``)
GET      /api/standings        leaderboard, scatter and tally of a revealed round
=======  ====================  ===============================================

The facilitator (the secret printed at start, as ``?key=`` once, then a cookie; or the
header ``X-Facilitator-Key``): ``GET /facilitator`` (the projector page), ``GET
/facilitator/debrief`` (the debrief page: a replay or a branch, asked for in its query),
``POST /api/facilitator/{open,close,reveal,lock,broadcast,view,bots,export}``, ``POST
/api/facilitator/event`` and ``…/remove_event`` (events for the rounds to come), ``POST
/api/facilitator/replay`` and ``…/branch`` (the debrief, as JSON), ``GET
/api/facilitator/state`` and ``GET /api/facilitator/export/{results.csv,report.html}``.

``GET /events`` is a server-sent event stream: an event named ``change`` each time
anything in the room changes (its data is a counter, nothing else); pages then fetch
what they may see. Every answer of the API is JSON: ``{"ok": true, …}`` or ``{"ok":
false, "error": {"code", "message", "field"}}`` with the message in the participant's
language; a refused request stores nothing.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from typing import Any

import tornado.iostream
import tornado.web

from ..i18n import LANGS, param_label
from .events import event_line, kinds_for_page
from .pages import page_html, qr_svg, scatter_plots, value_label
from .rules import BRANCH_LEVERS, MAX_BODY, WorkshopError, fail

log = logging.getLogger(__name__)

TEAM_COOKIE, FACILITATOR_COOKIE, LANG_COOKIE = "ws_team", "ws_facilitator", "ws_lang"
COOKIE_DAYS = 2  # a workshop lasts a day; a team's cookie outlives an overnight break
KEEPALIVE_SECONDS = 15
SECURITY_HEADERS = {
    # Everything comes from this server; nothing runs inline; no page may frame ours.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the facilitator's link holds its secret
    "Cache-Control": "no-store",
}


class Base(tornado.web.RequestHandler):
    """What every handler shares: the language, the team, the facilitator, JSON in and out."""

    # The running ``sim.workshop.server.WorkshopServer`` (not imported: it imports this module).
    server: Any

    def initialize(self, server: Any) -> None:
        """Know the workshop server (the game, the runs, the event hub)."""
        self.server = server
        self.game = server.game

    def set_default_headers(self) -> None:
        """Security headers on every answer."""
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def set_cookie_strict(self, name: str, value: str) -> None:
        """A cookie scripts cannot read and other sites cannot send."""
        self.set_cookie(name, value, httponly=True, samesite="Strict", expires_days=COOKIE_DAYS)

    @property
    def lang(self) -> str:
        """The page's language: ``?lang=``, else the browser's choice (cookie), else the room's."""
        asked = self.get_query_argument("lang", None)
        if asked in LANGS:
            return asked
        kept = self.get_cookie(LANG_COOKIE)
        return kept if kept in LANGS else self.game.room["lang"]

    def prepare(self) -> None:
        """Remember a language chosen with ``?lang=``."""
        asked = self.get_query_argument("lang", None)
        if asked in LANGS and self.get_cookie(LANG_COOKIE) != asked:
            self.set_cookie_strict(LANG_COOKIE, asked)

    @property
    def team(self) -> dict[str, Any] | None:
        """The team of this browser, or None."""
        return self.game.team(self.get_cookie(TEAM_COOKIE))

    @property
    def facilitator(self) -> bool:
        """Whether the request carries the facilitator's secret."""
        secret = self.request.headers.get("X-Facilitator-Key") or self.get_cookie(FACILITATOR_COOKIE)
        return self.game.is_facilitator(secret)

    def need_team(self) -> dict[str, Any]:
        """This browser's team, or a refusal."""
        team = self.team
        if team is None:
            raise fail("not_team", status=401)
        return team

    def need_facilitator(self) -> None:
        """Refuse anyone but the facilitator."""
        if not self.facilitator:
            raise fail("not_facilitator", status=403)

    def body(self) -> Any:
        """The request's JSON body (a POST must send ``application/json``: forms from other sites cannot)."""
        if len(self.request.body) > MAX_BODY:
            raise fail("too_large", status=413, limit=MAX_BODY)
        kind = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise fail("content_type", status=415)
        try:
            return json.loads(self.request.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nesting deeper than Python's stack
            raise fail("not_json") from None

    def reply(self, **values: Any) -> None:
        """Answer with JSON."""
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"ok": True, **values}, ensure_ascii=False, allow_nan=False))

    def refuse(self, err: WorkshopError) -> None:
        """Answer a refused request with one message in the participant's language."""
        self.set_status(err.status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        error = {"code": err.code, "message": err.text(self.lang), "field": err.field}
        self.finish(json.dumps({"ok": False, "error": error}, ensure_ascii=False))

    def log_exception(self, typ, value, tb) -> None:  # noqa: ANN001 - tornado's signature
        """A refused request is not a failure of the server: log only the others."""
        if not isinstance(value, WorkshopError):
            super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A refused request, an unknown path or a failure: JSON for the API, a short page otherwise."""
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, WorkshopError):
            err = exc
            self.set_status(err.status)
        else:
            key = "not_found" if status_code == 404 else "method" if status_code == 405 else "server"
            err = fail(key, status=status_code)
        if self.request.path.startswith(("/api/", "/frag/", "/events")):
            self.refuse(err)
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page_html("message.html", self.lang, message=err.text(self.lang)))

    def page(self, template: str, **values: Any) -> None:
        """Answer with a page or fragment in this browser's language (``params``: the community's values)."""
        self.set_header("Content-Type", "text/html; charset=utf-8")
        values.setdefault("params", self.game.scenario.params)
        self.finish(page_html(template, self.lang, **values))


# ---------------------------------------------------------------------------- pages --
class ParticipantPage(Base):
    """The participant page: join, predict, choose, submit, read the card."""

    def get(self) -> None:
        """The page (the live part comes from ``/frag/participant``)."""
        code = self.get_query_argument("code", "")[:8]
        self.page(
            "participant.html",
            team=self.team,
            code=code,
            options=self.server.options(),
            path="/",
        )


class ParticipantLive(Base):
    """The part of the participant page that changes: the round, the card, the standings."""

    def get(self) -> None:
        """The fragment, for this browser's team."""
        team = self.team
        view = self.game.participant_view(team)
        own = team["name"] if team else None  # the team's own point is ringed and always named
        self.page("_participant_live.html", view=view, plot=scatter_plots(view["standings"], self.lang, own))


class FacilitatorPage(Base):
    """The facilitator's (projector) page."""

    def get(self) -> None:
        """With ``?key=`` the secret becomes a cookie and the address loses it; without a secret: refused."""
        key = self.get_query_argument("key", None)
        if key is not None:
            if not self.game.is_facilitator(key):
                raise fail("not_facilitator", status=403)
            self.set_cookie_strict(FACILITATOR_COOKIE, key)
            self.redirect("/facilitator")
            return
        if not self.facilitator:
            raise fail("not_facilitator", status=403)
        url = self.server.join_url()
        room = self.game.room
        self.page(
            "facilitator.html",
            view=self.game.facilitator_view(),
            join_url=url,
            qr=qr_svg(url),
            path="/facilitator",
            kinds=kinds_for_page(self.game.scenario.params, room["staff_min"]),
        )


class FacilitatorLive(Base):
    """The part of the facilitator's page that changes: teams, round, events, standings."""

    def get(self) -> None:
        """The fragment, with the metric and scatter axis asked for (default: the room's)."""
        self.need_facilitator()
        view = self.game.facilitator_view(self.get_query_argument("metric", None), self.get_query_argument("y", None))
        self.page("_facilitator_live.html", view=view, plot=scatter_plots(view["standings"], self.lang))


class DebriefPage(Base):
    """The debrief page: pick a replay of two teams or a branch of one; the figures come below.

    A plain page with two GET forms (no script needed): ``?do=replay&round=N&a=A&b=B&day=D&rep=R``
    or ``?do=branch&round=N&team=T&change=lever:k&day=D&rep=R`` (``k``: the value's place in
    the lever's list). A refused request shows its message above the forms.
    """

    async def get(self) -> None:
        """The forms, and the result of what the query asks for."""
        if not self.facilitator:
            raise fail("not_facilitator", status=403)
        arg = self.get_query_argument
        do = arg("do", None)
        result, error, kind = None, None, None
        try:
            if do == "replay":
                payload = {"teams": [arg("a", ""), arg("b", "")], **_numbers(self, ("round", "day", "rep"))}
                result, kind = await self.server.replay(payload, self.lang), "replay"
            elif do == "branch":
                lever, value = _change(self.game, arg("change", ""))
                payload = {"team": arg("team", ""), "lever": lever, "value": value}
                payload.update(_numbers(self, ("round", "day", "rep")))
                result, kind = await self.server.branch(payload, self.lang), "branch"
        except WorkshopError as err:
            self.set_status(err.status)
            error = err.text(self.lang)
        game = self.game
        asked = {k: arg(k, "") for k in ("do", "round", "a", "b", "team", "change", "day", "rep")}
        self.page(
            "debrief.html",
            path="/facilitator/debrief",
            query=urllib.parse.urlencode({k: v for k, v in asked.items() if v}),  # kept when the language changes
            rounds=[r for r in game.store.rounds() if r["state"] != "open"],
            teams=game.store.teams(),
            days=int(game.scenario.params["days"]),
            reps=game.room["reps"],
            changes=[
                (f"{lever}:{k}", param_label(lever, self.lang), value_label(lever, v, self.lang))
                for lever in BRANCH_LEVERS
                for k, v in enumerate(game.table[lever])
            ],
            asked=asked,
            kind=kind,
            result=result,
            error=error,
        )


def _numbers(handler: Base, names: tuple[str, ...]) -> dict[str, Any]:
    """Whole numbers from the query (a form's fields), left out when empty; the game checks their range."""
    out: dict[str, Any] = {}
    for name in names:
        raw = handler.get_query_argument(name, "").strip()
        if raw:
            out[name] = int(raw) if raw.isdigit() and len(raw) <= 6 else raw[:20]
    return out


def _change(game: Any, raw: str) -> tuple[str, Any]:
    """A branch's ``lever:k`` from the form: the lever and the k-th of its values."""
    lever, _, k = raw.partition(":")
    values = game.table.get(lever) if lever in BRANCH_LEVERS else None
    if not values:
        raise fail("branch_lever", field="lever", value=repr(lever[:20]), allowed=", ".join(BRANCH_LEVERS))
    if not k.isdigit() or int(k) >= len(values):
        raise fail("change", field="change", value=repr(raw[:30]))
    return lever, values[int(k)]


class Events(Base):
    """Server-sent events: ``change`` whenever the room changes, a comment every 15 s to keep it open."""

    async def get(self) -> None:
        """Stream until the browser leaves or the server stops."""
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("X-Accel-Buffering", "no")
        hub = self.server.hub
        seen = -1
        try:
            while not hub.closing and not self.request.connection.stream.closed():
                if hub.version != seen:
                    seen = hub.version
                    self.write(f"retry: 2000\nevent: change\ndata: {seen}\n\n")
                else:
                    self.write(": keep-alive\n\n")
                await self.flush()
                await hub.wait(seen, KEEPALIVE_SECONDS)
        except tornado.iostream.StreamClosedError:
            return
        if not self._finished:
            self.finish()


# ---------------------------------------------------------------------------- the participants' API --
class Join(Base):
    """Join the room as a new team."""

    def post(self) -> None:
        """``{"code", "name"}``: the team, and its secret in a cookie."""
        data = self.body()
        if not isinstance(data, dict):
            raise fail("not_object")
        team, secret = self.game.join(data.get("code"), data.get("name"))
        self.set_cookie_strict(TEAM_COOKIE, secret)
        self.server.changed()
        self.reply(team=team)


class State(Base):
    """What this browser's page may show."""

    def get(self) -> None:
        """The participant's view of the room."""
        self.reply(**self.game.participant_view(self.team))


class Options(Base):
    """The practices a team may choose and their values."""

    def get(self) -> None:
        """The table, with labels in this browser's language."""
        self.reply(**self.server.options(self.lang))


class Predict(Base):
    """A team's predicted directions."""

    def post(self) -> None:
        """Keep them for the open round."""
        team = self.need_team()
        directions = self.game.predict(team, self.body())
        self.server.changed()
        self.reply(prediction=directions)


class Budget(Base):
    """The live budget gauge: what a choice reserves."""

    def post(self) -> None:
        """The reserved hours by activity, their total and the staff's hours."""
        self.need_team()
        self.reply(**self.game.budget(self.game.check_choice(self.body())))


class Submit(Base):
    """A team's one submission of a round."""

    def post(self) -> None:
        """Keep the choice and start its runs; the card follows when they are done."""
        team = self.need_team()
        submission = self.game.submit(team, self.body())
        self.server.schedule(submission)
        self.server.changed()
        self.reply(submission={"round": submission["round"], "status": "running"})


class Round(Base):
    """The current round."""

    def get(self) -> None:
        """Its number and state (both null before the first round)."""
        current = self.game.store.last_round()
        self.reply(round=current and {"number": current["number"], "state": current["state"]})


class Result(Base):
    """This team's result card."""

    def get(self) -> None:
        """The card of ``?round=N`` (default: the current round); ``status`` says whether it is ready."""
        team = self.need_team()
        current = self.game.round_of(_round_arg(self))
        sub = current and self.game.store.submission(team["id"], current["id"])
        if not sub:
            raise fail("no_submission", status=404)
        self.reply(round=current["number"], status="done" if sub["card"] else "running", card=sub["card"])


class Standings(Base):
    """Leaderboard, scatter and tally: for participants only once the round is revealed."""

    def get(self) -> None:
        """``?round=N&metric=M&y=Y``."""
        current = self.game.round_of(_round_arg(self))
        if current is None or (current["state"] != "revealed" and not self.facilitator):
            raise fail("not_revealed", status=403)
        self.reply(
            **self.game.standings(current, self.get_query_argument("metric", None), self.get_query_argument("y", None))
        )


def _round_arg(handler: Base) -> int | None:
    raw = handler.get_query_argument("round", None)
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise fail("round_number", field="round", value=repr(raw[:20]))
    return int(raw)


# ---------------------------------------------------------------------------- the facilitator's API --
class FacilitatorAction(Base):
    """Round controls, lock, broadcast, the standings' metric and axis, bots, export, events and the debrief."""

    async def post(self, action: str) -> None:
        """Do ``action`` and say what it did."""
        self.need_facilitator()
        data = self.body()
        data = {} if data is None else data
        if not isinstance(data, dict):
            raise fail("not_object")
        game = self.game
        if action == "open":
            out = {"round": game.open_round()}
            self.server.prepare_round(game.store.last_round()["id"])  # the community under its events
            self.server.bots_play()
        elif action == "close":
            out = {"round": game.close_round()}
        elif action == "reveal":
            out = {"round": game.reveal_round()}
        elif action == "lock":
            out = {"locked": game.lock(data.get("locked", True))}
        elif action == "broadcast":
            out = {"message": game.broadcast(data.get("text"))}
        elif action == "view":
            out = game.set_view(data.get("metric"), data.get("y"))
        elif action == "bots":
            out = {"bots": self.server.add_bots(data.get("n"))}
        elif action == "event":
            out = {"event": self._with_text(game.add_event(data)), "events": self._events()}
        elif action == "remove_event":
            out = {"removed": game.remove_event(data.get("id")), "events": self._events()}
        elif action == "replay":
            self.reply(replay=await self.server.replay(data, self.lang))  # nothing in the room changed
            return
        elif action == "branch":
            self.reply(branch=await self.server.branch(data, self.lang))
            return
        else:  # export
            out = {"files": await self.server.export()}
        self.server.changed()
        self.reply(**out)

    def _with_text(self, event: dict[str, Any]) -> dict[str, Any]:
        """An event with its line in this browser's language."""
        return {**event, "text": event_line(event, self.lang, self.game.scenario.params)}

    def _events(self) -> list[dict[str, Any]]:
        return [self._with_text(e) for e in self.game.store.events()]


class FacilitatorState(Base):
    """Everything the facilitator's page shows, as JSON."""

    def get(self) -> None:
        """``?metric=M&y=Y`` pick the leaderboard's metric and the scatter's axis."""
        self.need_facilitator()
        self.reply(
            **self.game.facilitator_view(self.get_query_argument("metric", None), self.get_query_argument("y", None))
        )


class ExportFile(Base):
    """Download the results (CSV) or the session's report (HTML)."""

    def get(self, name: str) -> None:
        """The file, made afresh."""
        self.need_facilitator()
        from .export import report_html, results_csv

        if name == "results.csv":
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            body = results_csv(self.game)
        else:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            body = report_html(self.game, self.lang)
        self.set_header("Content-Disposition", f'attachment; filename="{name}"')
        self.finish(body)


def make_app(server: Any) -> tornado.web.Application:
    """The application: every route above, the static files of the package, no template engine of tornado's."""
    from importlib import resources

    static = str(resources.files("sim.workshop") / "static")
    s = {"server": server}
    routes = [
        (r"/", ParticipantPage, s),
        (r"/frag/participant", ParticipantLive, s),
        (r"/facilitator", FacilitatorPage, s),
        (r"/frag/facilitator", FacilitatorLive, s),
        (r"/events", Events, s),
        (r"/api/join", Join, s),
        (r"/api/state", State, s),
        (r"/api/options", Options, s),
        (r"/api/predict", Predict, s),
        (r"/api/budget", Budget, s),
        (r"/api/submit", Submit, s),
        (r"/api/round", Round, s),
        (r"/api/result", Result, s),
        (r"/api/standings", Standings, s),
        (r"/facilitator/debrief", DebriefPage, s),
        (
            r"/api/facilitator/(open|close|reveal|lock|broadcast|view|bots|export|event|remove_event|replay|branch)",
            FacilitatorAction,
            s,
        ),
        (r"/api/facilitator/state", FacilitatorState, s),
        (r"/api/facilitator/export/(results\.csv|report\.html)", ExportFile, s),
    ]
    return tornado.web.Application(
        routes,
        static_path=static,
        default_handler_class=NotFound,
        default_handler_args=s,
        xsrf_cookies=False,  # JSON-only POSTs and SameSite=Strict cookies: other sites can send neither
        compress_response=True,
        log_function=_quiet_log,
    )


class NotFound(Base):
    """Any other path."""

    def prepare(self) -> None:
        """Not found, in the browser's language."""
        raise tornado.web.HTTPError(404)


def _quiet_log(handler: tornado.web.RequestHandler) -> None:
    """Log failures only: a room of phones polling would drown the terminal."""
    if handler.get_status() >= 500:
        log.error("%s %s %s", handler.get_status(), handler.request.method, handler.request.path)


__all__ = ["make_app"]
