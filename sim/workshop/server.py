"""The workshop server (工作坊服务器): one process for the whole room.

The tornado event loop answers every page and API call; the model runs in a pool of
worker processes (``concurrent.futures.ProcessPoolExecutor``, one per core) reached
through ``loop.run_in_executor``, so a run never holds up a page. On start the server
runs the community as it is (once per room: the runs are kept in the session file), the
community under the events of every round that has events and no runs yet, and every
submission whose card is missing — after a restart, those that were running when the
server stopped. A submission's card waits for the community of its round. The debrief's
replays and branches run in the same pool (``sim.workshop.debrief``). ``Hub`` tells open
pages that something changed (server-sent events).

``ServerThread`` runs a server on its own event loop in a thread, for tests and the
benchmark; the command line runs one in the main thread (``serve``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.netutil

from .. import workers
from ..files import atomic_write
from ..i18n import param_label, t
from ..text import LEVER_HELP
from .debrief import backlog_svg, branch_plan, replay_plan, replay_year, year
from .game import Game
from .pages import value_label
from .results import run_rep
from .rules import DIRECTIONS, PREDICTED, default_choice, fail

log = logging.getLogger(__name__)

MAX_BOTS = 40  # bot teams one room may hold (they share the room's team limit)


class Hub:
    """A change counter that open event streams wait on."""

    def __init__(self) -> None:
        """No change yet."""
        self.version = 0
        self.closing = False
        self._changed = asyncio.Event()

    def changed(self) -> None:
        """Something in the room changed: wake every stream."""
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    def close(self) -> None:
        """The server stops: let every stream end."""
        self.closing = True
        self._changed.set()

    async def wait(self, seen: int, timeout: float) -> None:
        """Return when the counter has moved past ``seen``, or after ``timeout`` seconds."""
        if self.version != seen or self.closing:
            return
        with contextlib.suppress(TimeoutError):  # a quiet room: the stream sends a keep-alive
            await asyncio.wait_for(self._changed.wait(), timeout)


class WorkshopServer:
    """A room's server: the game, the worker pool, the event hub and the HTTP server.

    Args:
        game: the room (``Game.start``).
        host: the address to listen on (``127.0.0.1`` unless the room is opened to the LAN).
        port: the port (0: any free port; ``port`` holds the one chosen after ``start``).
        public_host: the address participants type or scan (default: ``host``).
        jobs: worker processes (default: one per core).
    """

    def __init__(
        self,
        game: Game,
        host: str = "127.0.0.1",
        port: int = 0,
        public_host: str | None = None,
        jobs: int | None = None,
    ):
        """Prepare; nothing listens until ``start``."""
        self.game = game
        self.host, self.port = host, port
        self.public_host = public_host or host
        self.jobs = jobs or max(1, os.cpu_count() or 1)
        self.hub: Hub | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.http: tornado.httpserver.HTTPServer | None = None
        self.tasks: set[asyncio.Task] = set()
        self.community_ready: asyncio.Event | None = None
        self.round_ready: dict[int, asyncio.Event] = {}  # round id -> set once its community's runs are kept
        self.bots: list[Any] = []
        self.bot_threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ life --
    async def start(self) -> None:
        """Listen, and start the community's runs and any submission still without a card."""
        from .app import make_app

        sockets = tornado.netutil.bind_sockets(
            self.port, self.host, family=socket.AF_INET
        )  # first: a port in use stops here
        self.port = sockets[0].getsockname()[1]
        self.hub = Hub()
        self.community_ready = asyncio.Event()
        self.pool = workers.pool(self.jobs)
        self.http = tornado.httpserver.HTTPServer(make_app(self), xheaders=False, max_body_size=1_000_000)
        self.http.add_sockets(sockets)
        self._spawn(self._community())
        for current in self.game.store.rounds():
            self.prepare_round(current["id"])
        for submission in self.game.store.pending():
            self.schedule(submission)

    async def stop(self) -> None:
        """Stop listening, end the event streams and the runs, close the session file."""
        if self.http is not None:
            self.http.stop()
        if self.hub is not None:
            self.hub.close()
        if self.http is not None:
            try:
                await asyncio.wait_for(self.http.close_all_connections(), 5)
            except TimeoutError:
                log.warning("connections still open at stop")
        for task in list(self.tasks):
            task.cancel()
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        for thread in self.bot_threads:
            thread.join(timeout=30)
        self.game.store.close()

    def changed(self) -> None:
        """Tell every open page that the room changed."""
        if self.hub is not None:
            self.hub.changed()

    def _spawn(self, coro) -> asyncio.Task:  # noqa: ANN001 - a coroutine
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    # ------------------------------------------------------------------ runs --
    async def _runs(self, scenario) -> list[dict[str, Any]]:  # noqa: ANN001 - a Scenario
        loop = asyncio.get_running_loop()
        jobs = [loop.run_in_executor(self.pool, run_rep, scenario, seed) for seed in self.game.seeds()]
        return list(await asyncio.gather(*jobs))

    async def _community(self) -> None:
        if self.game.room["baseline"] is None:
            self.game.set_baseline(await self._runs(self.game.scenario))
        self.community_ready.set()
        self.changed()

    def prepare_round(self, round_id: int) -> asyncio.Event:
        """Start the runs of the community under a round's events, unless kept or started; set when kept."""
        ready = self.round_ready.get(round_id)
        if ready is None:
            ready = self.round_ready[round_id] = asyncio.Event()
            if self.game.store.round_events(round_id) and self.game.store.round_baseline(round_id) is None:
                self._spawn(self._round_community(round_id, ready))
            else:  # no events: the room's community is the round's
                ready.set()
        return ready

    async def _round_community(self, round_id: int, ready: asyncio.Event) -> None:
        current = next(r for r in self.game.store.rounds() if r["id"] == round_id)
        try:
            runs = await self._runs(self.game.round_scenario(current))
        except asyncio.CancelledError:
            raise
        except Exception:  # the round's cards wait; the room goes on
            log.exception("the runs of the community of round %s failed", current["number"])
            return
        self.game.store.put_round_baseline(round_id, runs)
        ready.set()
        self.changed()

    def schedule(self, submission: dict[str, Any]) -> None:
        """Run a submission's choice on the room's seeds; its card is kept when the runs are done."""
        self._spawn(self._submission(submission))

    async def _submission(self, submission: dict[str, Any]) -> None:
        try:
            await self.community_ready.wait()
            events = self.game.store.round_events(submission["round_id"])
            runs = await self._runs(self.game.scenario_of(submission["choice"], events))
            await self.prepare_round(submission["round_id"]).wait()
            self.game.finish(submission, runs)
        except asyncio.CancelledError:
            raise
        except Exception:  # a run that fails must not stop the room; the card stays "running"
            log.exception("the runs of submission %s failed", submission["id"])
            return
        self.changed()

    # ------------------------------------------------------------------ the debrief --
    async def replay(self, payload: Any, lang: str) -> dict[str, Any]:
        """Two teams' years of a round on one seed: daily series, metrics, the backlog figure and their maps.

        Raises:
            WorkshopError: what ``debrief.replay_plan`` refuses.
        """
        plan = replay_plan(self.game, payload)
        loop = asyncio.get_running_loop()
        jobs = [
            loop.run_in_executor(
                self.pool, replay_year, team["scenario"], plan["seed"], plan["day"], team["team"], lang, f"map{i}"
            )
            for i, team in enumerate(plan["teams"])
        ]
        years = list(await asyncio.gather(*jobs))
        figure = await loop.run_in_executor(self.pool, backlog_svg, [y.pop("result") for y in years], lang, "backlog")
        teams = [{"team": p["team"], "choice": p["choice"], **y} for p, y in zip(plan["teams"], years, strict=True)]
        keep = ("round", "day", "rep", "seed", "events")
        return {**{k: plan[k] for k in keep}, "teams": teams, "backlog": figure}

    async def branch(self, payload: Any, lang: str) -> dict[str, Any]:
        """A team's year and the same year with one practice changed from a day on, on one seed.

        Raises:
            WorkshopError: what ``debrief.branch_plan`` refuses.
        """
        plan = branch_plan(self.game, payload)
        loop = asyncio.get_running_loop()
        change = t(
            "workshop.d.change",
            lang,
            lever=param_label(plan["lever"], lang),
            value=value_label(plan["lever"], plan["value"], lang),
        )
        labels = {
            "original": t("workshop.d.original", lang, team=plan["team"]),
            "branch": t("workshop.d.branched", lang, team=plan["team"], change=change, day=plan["day"]),
        }
        jobs = [loop.run_in_executor(self.pool, year, plan[k], plan["seed"], labels[k]) for k in labels]
        years = dict(zip(labels, await asyncio.gather(*jobs), strict=True))
        results = [years[k].pop("result") for k in labels]
        figure = await loop.run_in_executor(self.pool, backlog_svg, results, lang, "branch", plan["day"])
        keep = ("round", "team", "choice", "lever", "value", "day", "rep", "seed", "events")
        return {**{k: plan[k] for k in keep}, "change": change, **years, "backlog": figure}

    # ------------------------------------------------------------------ what pages need --
    def join_url(self) -> str:
        """The address participants open (the QR code holds it, with the room code)."""
        return f"http://{self.public_host}:{self.port}/?code={self.game.room['code']}"

    def base_url(self) -> str:
        """This server's own address (on the loopback interface when it listens there)."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

    def options(self, lang: str | None = None) -> dict[str, Any]:
        """The practices a team may choose, their values (with labels in ``lang``) and the staffing range."""
        game = self.game
        lang = lang or game.room["lang"]
        current = default_choice(game.scenario.params, game.table)
        levers = [
            {
                "name": lever,
                "label": param_label(lever, lang),
                "help": LEVER_HELP.get(lever, ("", ""))[0 if lang == "zh" else 1],
                "values": [{"value": v, "label": value_label(lever, v, lang)} for v in values],
                "current": current[lever],
            }
            for lever, values in game.table.items()
        ]
        room = game.room
        return {
            "levers": levers,
            "staff": {"min": room["staff_min"], "max": room["staff_max"], "current": game.scenario.params["staff"]},
            "predicted": list(PREDICTED),
            "directions": list(DIRECTIONS),
        }

    # ------------------------------------------------------------------ bots --
    def add_bots(self, n: Any) -> int:
        """Add ``n`` bot teams, which join through the API and play every round from now on; how many there are."""
        from .bots import Bot

        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_BOTS - len(self.bots):
            raise fail("bots", field="n", limit=MAX_BOTS - len(self.bots))
        room = self.game.room
        start = len(self.bots)
        new = [Bot(self.base_url(), seed=room["session_seed"] + i) for i in range(start, start + n)]
        names = [t("workshop.bot_name", room["lang"], n=i + 1) for i in range(start, start + n)]
        self.bots.extend(new)

        def join_and_play() -> None:
            for bot, name in zip(new, names, strict=True):
                try:
                    bot.join(room["code"], name)
                    bot.play_round()
                except Exception:  # a bot that cannot join (a name taken) is no reason to stop the others
                    log.exception("a bot could not join")

        self._bot_thread(join_and_play)
        return len(self.bots)

    def bots_play(self) -> None:
        """Let every bot that has joined play the open round, in a thread (they are clients of the API)."""
        bots = [bot for bot in self.bots if bot.name]
        if not bots:
            return

        def play() -> None:
            for bot in bots:
                try:
                    bot.play_round()
                except Exception:  # a bot that cannot play is no reason to stop the others
                    log.exception("a bot could not play")

        self._bot_thread(play)

    def _bot_thread(self, target) -> None:  # noqa: ANN001 - a function
        thread = threading.Thread(target=target, name="workshop-bots", daemon=True)
        self.bot_threads = [th for th in self.bot_threads if th.is_alive()] + [thread]
        thread.start()

    # ------------------------------------------------------------------ export --
    async def export(self) -> list[str]:
        """Write the results (CSV) and the session's report (HTML) next to the session file."""
        from .export import report_html, results_csv

        path = self.game.store.path
        lang = self.game.room["lang"]
        csv_path = path.with_name(f"{path.stem}-results.csv")
        html_path = path.with_name(f"{path.stem}-report.html")
        atomic_write(csv_path, results_csv(self.game))
        atomic_write(html_path, report_html(self.game, lang))
        return [str(csv_path), str(html_path)]


class ServerThread:
    """A workshop server on its own event loop in a thread (tests, the benchmark, bots).

    >>> # with ServerThread(game) as server: urllib.request.urlopen(server.url + "/api/round")
    """

    def __init__(self, game: Game, **kwargs: Any):
        """Start the server; return once it listens."""
        self.server = WorkshopServer(game, **kwargs)
        self.loop = asyncio.new_event_loop()
        started = threading.Event()
        failure: list[BaseException] = []

        def main() -> None:
            asyncio.set_event_loop(self.loop)
            try:
                self.loop.run_until_complete(self.server.start())
            except BaseException as exc:  # the caller re-raises it
                failure.append(exc)
                started.set()
                return
            started.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=main, name="workshop-server", daemon=True)
        self.thread.start()
        started.wait()
        if failure:
            raise failure[0]
        self.url = self.server.base_url()

    def call(self, fn, *args: Any) -> Any:  # noqa: ANN001 - any function
        """Run ``fn(*args)`` on the server's loop and return its result (reads the game safely)."""
        done = threading.Event()
        out: list[Any] = []

        def run() -> None:
            try:
                out.append(fn(*args))
            finally:
                done.set()

        self.loop.call_soon_threadsafe(run)
        done.wait(30)
        return out[0] if out else None

    def stop(self) -> None:
        """Stop the server and its loop, and wait for the thread."""
        if not self.thread.is_alive():
            return
        future = asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop)
        future.result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)
        self.loop.close()

    def __enter__(self) -> ServerThread:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def lan_address() -> str | None:
    """This machine's address on the local network, or None when it has none (no packet is sent to find it).

    None when the machine is on no network (or only its loopback answers): phones could
    not reach it, and the command says so.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # a UDP "connect" only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def session_path(path: str | Path) -> Path:
    """A session file's path, its folder made if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
