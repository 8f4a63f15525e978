"""A workshop round under load: a full room of bot participants through the JSON API.

Usage::

    python benchmarks/workshop.py --participants 30            # about a minute on 2 cores
    python benchmarks/workshop.py --participants 10 --window 10 # a quick look

It starts the real server (``python -m sim workshop``, default community, 5 replications,
loopback only) in a process of its own, opens a round, and lets each bot participant join,
then predict and submit once at a random moment within ``--window`` seconds, and wait for
its result card. It measures:

* the time from the last submission to a complete leaderboard (every team on it);
* the 95th percentile of the time from a team's submission to its result card;
* the server process's peak resident memory (its worker processes are reported apart);
* submissions lost (accepted but not stored) or stored twice, and errors of any request;
* the weight of the participant's and the facilitator's pages with their assets.

Timings are information, not pass/fail; the exit status is 0 unless the round could not be
played. The last line reads
``workshop: participants=N leaderboard_s=X p95_result_s=Y rss_mib=Z lost=L errors=E``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.workshop.bots import Bot, BotError, WorkshopProcess  # noqa: E402
from sim.workshop.game import Game  # noqa: E402


class Server(WorkshopProcess):
    """The workshop server in its own process, with its memory watched."""

    def __init__(self, session: Path, reps: int, seed: int):
        super().__init__(["--session", str(session), "--reps", str(reps), "--seed", str(seed)], cwd=ROOT)
        self.process = psutil.Process(self.proc.pid)
        self.peak = self.workers_peak = 0
        self.watching = True
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while self.watching:
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
                workers = sum(c.memory_info().rss for c in self.process.children(recursive=True))
                self.workers_peak = max(self.workers_peak, workers)
            except psutil.Error:
                pass
            time.sleep(0.05)

    def stop(self) -> None:
        self.watching = False
        super().stop()


def page_weight(bot: Bot, path: str) -> tuple[int, int]:
    """Bytes of a page and the assets it loads from the server, raw and gzipped."""
    with bot.opener.open(bot.base + path) as resp:
        html = resp.read()
    assets = re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)
    bodies = [html]
    for asset in assets:
        with bot.opener.open(bot.base + asset.decode()) as resp:
            bodies.append(resp.read())
    return sum(len(b) for b in bodies), sum(len(gzip.compress(b)) for b in bodies)


def participant(bot: Bot, code: str, name: str, delay: float, out: dict, errors: list) -> None:
    """Join, wait, predict, submit once, wait for the card; note the times."""
    try:
        bot.join(code, name)
        time.sleep(delay)
        bot.call("POST", "/api/predict", bot.prediction())
        choice = bot.affordable()
        start = time.monotonic()
        bot.call("POST", "/api/submit", choice)
        out["submitted"] = time.monotonic()
        bot.result(timeout=300, every=0.1)
        out["result_s"] = time.monotonic() - start
    except (BotError, OSError) as exc:
        errors.append(f"{name}: {exc}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--window", type=float, default=45.0, help="seconds within which every team submits")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        session = Path(tmp) / "bench.db"
        server = Server(session, args.reps, args.seed)
        try:
            return run_round(server, args, rng, session)
        finally:
            server.stop()


def run_round(server: Server, args: argparse.Namespace, rng: random.Random, session: Path) -> int:
    facilitator = server.facilitator()
    participant_page = page_weight(Bot(server.url), "/")
    facilitator_page = page_weight(facilitator, "/facilitator")
    facilitator.call("POST", "/api/facilitator/open", {})
    n = args.participants
    records: list[dict] = [{} for _ in range(n)]
    errors: list[str] = []
    threads = []
    began = time.monotonic()
    for i in range(n):
        bot = Bot(server.url, seed=args.seed * 1000 + i)
        delay = rng.uniform(0, args.window)
        th = threading.Thread(target=participant, args=(bot, server.code, f"Team {i + 1}", delay, records[i], errors))
        th.start()
        threads.append(th)
    # the facilitator watches the leaderboard fill up
    complete = None
    while time.monotonic() - began < args.window + 300:
        state = facilitator.call("GET", "/api/facilitator/state")
        if state["standings"]["finished"] == n:
            complete = time.monotonic()
            break
        if errors and not any(th.is_alive() for th in threads):
            break
        time.sleep(0.1)
    for th in threads:
        th.join(timeout=300)
    accepted = [r for r in records if "submitted" in r]
    results = [r["result_s"] for r in records if "result_s" in r]
    last = max((r["submitted"] for r in accepted), default=began)
    leaderboard_s = (complete - last) if complete else float("nan")
    p95 = float(np.percentile(results, 95)) if results else float("nan")
    server.stop()
    game, _, _ = Game.start(session)
    try:
        stored = game.store.submissions()
    finally:
        game.store.close()
    per_team: dict[int, int] = {}
    for s in stored:
        per_team[s["team_id"]] = per_team.get(s["team_id"], 0) + 1
    duplicated = sum(c - 1 for c in per_team.values())
    lost = max(0, len(accepted) - len(per_team)) + duplicated
    rss = server.peak / 2**20
    print(f"participants: {n}, submissions accepted {len(accepted)}, stored {len(stored)}, duplicated {duplicated}")
    print(f"submissions spread over {args.window:g} s; {args.reps} replications each; {os.cpu_count()} cores")
    print(f"time from the last submission to a complete leaderboard: {leaderboard_s:.2f} s")
    if results:
        print(f"submit to result: median {np.median(results):.2f} s, p95 {p95:.2f} s, max {max(results):.2f} s")
    print(f"server peak RSS: {rss:.1f} MiB; worker processes together at most {server.workers_peak / 2**20:.1f} MiB")
    print(f"participant page with its assets: {participant_page[0]:,} bytes ({participant_page[1]:,} gzipped)")
    print(f"facilitator page with its assets: {facilitator_page[0]:,} bytes ({facilitator_page[1]:,} gzipped)")
    for line in errors[:10]:
        print(f"error: {line}")
    print(
        f"workshop: participants={n} leaderboard_s={leaderboard_s:.2f} p95_result_s={p95:.2f} "
        f"rss_mib={rss:.1f} lost={lost} errors={len(errors)}"
    )
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
