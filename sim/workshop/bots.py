"""Bot teams (机器人队伍): small clients of the workshop's JSON API.

A bot joins like a browser (it keeps the team's cookie), predicts at random, picks a
random choice within the budget and submits once per round. Its randomness is seeded,
so the same seeds make the same room. Tests and the benchmark fill rooms with them; a
facilitator fills a thin room with ``--bots N`` or the "add bots" button.

>>> # bots = play("http://127.0.0.1:8770", "ACDE", n=10, seed=1)
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import queue
import random
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any, NamedTuple

from ..course.servers import stop as stop_server
from ..i18n import t

TIMEOUT = 30  # seconds a request may take
TRIES = 12  # choices a bot tries before it gives up on fitting the budget


class BotError(RuntimeError):
    """The server refused what a bot asked (the message is the server's), or did not start."""


class Started(NamedTuple):
    """What a workshop server prints as it starts, read back (``read_start``)."""

    url: str  # the participants' server, e.g. ``http://127.0.0.1:8770``
    facilitator_key: str  # the secret in the facilitator's address
    code: str  # the room code


def _start_pattern(key: str, lang: str, field: str, capture: str) -> re.Pattern[str]:
    """The printed line of ``key`` as a pattern: its text in ``lang``, ``field`` captured."""
    mark = "\x00"
    return re.compile(re.escape(t(key, lang, **{field: mark})).replace(re.escape(mark), capture))


def read_start(lines: Iterable[str], lang: str = "en") -> Started:
    """Read the start of ``python -m sim --lang <lang> workshop`` until the room code.

    The patterns come from the same texts the command prints, so they cannot drift apart.

    Raises:
        BotError: when the lines end before the room code (the server did not start).
    """
    url_line = _start_pattern("workshop.cli.participants", lang, "url", r"(https?://[^/\s]+)\S*")
    key_line = _start_pattern("workshop.cli.facilitator", lang, "url", r"\S*[?&]key=(\S+)")
    code_line = _start_pattern("workshop.cli.code", lang, "code", r"(\w+)")
    url = key = None
    seen: list[str] = []
    for line in lines:
        seen.append(line.rstrip())
        if m := url_line.search(line):
            url = m.group(1)
        elif m := key_line.search(line):
            key = m.group(1)
        elif (m := code_line.search(line)) and url and key:
            return Started(url, key, m.group(1))
    raise BotError("the workshop server did not print its start: " + " | ".join(seen[-10:]))


class Bot:
    """One bot team.

    Args:
        base_url: the server, e.g. ``http://127.0.0.1:8770``.
        seed: the seed of the bot's choices.
    """

    def __init__(self, base_url: str, seed: int = 0):
        """A bot that has not joined yet."""
        self.base = base_url.rstrip("/")
        self.rng = random.Random(seed)
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.name: str | None = None
        self._options: dict[str, Any] | None = None
        self.submitted_at: float | None = None

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, dict[str, Any]]:
        """Call the API; the HTTP status and the JSON answer (refusals included)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with self.opener.open(req, timeout=TIMEOUT) as resp:
                return resp.status, json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as err:
            with err:
                return err.code, json.loads(err.read().decode("utf-8") or "{}")

    def call(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        """Call the API; the answer, or ``BotError`` with the server's message."""
        status, answer = self.request(method, path, body)
        if not answer.get("ok"):
            error = answer.get("error") or {}
            raise BotError(f"{status} {error.get('code')}: {error.get('message')}")
        return answer

    def join(self, code: str, name: str) -> dict[str, Any]:
        """Join the room as a team."""
        team = self.call("POST", "/api/join", {"code": code, "name": name})["team"]
        self.name = team["name"]
        return team

    def options(self) -> dict[str, Any]:
        """The practices and staffing a team may choose (asked once)."""
        if self._options is None:
            self._options = self.call("GET", "/api/options")
        return self._options

    def prediction(self) -> dict[str, str]:
        """A random direction for each predicted outcome."""
        opts = self.options()
        return {m: self.rng.choice(opts["directions"]) for m in opts["predicted"]}

    def choice(self, changes: int | None = None) -> dict[str, Any]:
        """A random choice: the staffing, and ``changes`` practices moved from the community's values."""
        opts = self.options()
        staff = self.rng.randint(opts["staff"]["min"], opts["staff"]["max"])
        levers = {lever["name"]: lever["current"] for lever in opts["levers"]}
        n = self.rng.randint(1, len(opts["levers"])) if changes is None else changes
        for lever in self.rng.sample(opts["levers"], min(n, len(opts["levers"]))):
            levers[lever["name"]] = self.rng.choice(lever["values"])["value"]
        return {"staff": staff, "levers": levers}

    def affordable(self) -> dict[str, Any]:
        """A random choice that fits the budget (fewer changes after each one that does not)."""
        n = None
        for _ in range(TRIES):
            choice = self.choice(n)
            if not self.call("POST", "/api/budget", choice)["over"]:
                return choice
            n = max(0, (n if n is not None else len(choice["levers"])) // 2)
        return self.choice(0)

    def play_round(self) -> bool:
        """Predict and submit in the open round, unless done already; whether it submitted now."""
        state = self.call("GET", "/api/state")
        current = state.get("round")
        if not current or current["state"] != "open" or state.get("submission"):
            return False
        self.call("POST", "/api/predict", self.prediction())
        self.call("POST", "/api/submit", self.affordable())
        self.submitted_at = time.monotonic()
        return True

    def result(self, timeout: float = 120.0, every: float = 0.25) -> dict[str, Any]:
        """Wait for this team's card of the current round and return it."""
        deadline = time.monotonic() + timeout
        while True:
            answer = self.call("GET", "/api/result")
            if answer["status"] == "done":
                return answer["card"]
            if time.monotonic() > deadline:
                raise BotError("no result in time")
            time.sleep(every)


def play(base_url: str, code: str, n: int, seed: int = 0, prefix: str = "bot") -> list[Bot]:
    """Join ``n`` bot teams and let each play the open round (if one is open)."""
    bots = []
    for i in range(n):
        bot = Bot(base_url, seed=seed * 1000 + i)
        bot.join(code, f"{prefix} {i + 1}")
        bot.play_round()
        bots.append(bot)
    return bots


class WorkshopProcess:
    """``python -m sim --lang en workshop`` in a process of its own, on a free loopback port.

    Tests and the benchmark play rounds against the real server this way. Its printed lines
    are read as they come, by a thread of their own, and the start is read back with
    ``read_start``.

    Args:
        options: the workshop's options after ``workshop`` (``--port 0`` comes first).
        cwd: the folder to run it in (default: this process's).
        wait: seconds the server may take to print its start.

    Attributes:
        proc: the server process.
        url, facilitator_key, code: what it printed as it started.

    Raises:
        BotError: the server did not print its start (it is stopped).
    """

    def __init__(self, options: list[str], cwd=None, wait: float = 120.0):
        """Start the server and wait for its start."""
        command = [sys.executable, "-m", "sim", "--lang", "en", "workshop", "--port", "0", *options]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd, env=env
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + wait
        printed = iter(lambda: self._lines.get(timeout=max(0.1, deadline - time.monotonic())), None)
        try:
            self.url, self.facilitator_key, self.code = read_start(printed, "en")
        except (BotError, queue.Empty):
            self.stop()
            raise

    def _read(self) -> None:
        # The reader closes the output: closing it from another thread would wait for this read,
        # which lasts as long as any process holding the pipe (a stray worker) lives.
        with self.proc.stdout:
            for line in self.proc.stdout:
                self._lines.put(line)
        self._lines.put(None)  # the output ended (the server stopped or failed)

    def facilitator(self) -> Bot:
        """A client that sends the facilitator's key with every request."""
        bot = Bot(self.url)
        bot.opener.addheaders = [("X-Facilitator-Key", self.facilitator_key)]
        return bot

    def stop(self, grace: float = 60.0) -> None:
        """Stop the server (SIGTERM, then force after ``grace`` seconds) and its worker processes."""
        stop_server(self.proc, grace)
