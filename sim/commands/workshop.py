"""The command ``workshop``: start (or resume) a workshop room and serve it until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import signal
import sqlite3
from collections.abc import Sequence
from urllib.parse import urlsplit

from ..i18n import t
from .options import UsageError, number_option, seed_option

DEFAULT_PORT = 8770
DEFAULT_SESSION = "workshop.db"
LOOPBACK = "127.0.0.1"
NEEDS = ("tornado", "segno")  # the optional group "workshop"


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``workshop``."""
    parser.add_argument("--session", default=DEFAULT_SESSION, metavar="FILE", help=t("cli.arg.session", lang))
    parser.add_argument("--scenario", default="stretched-baseline", metavar="NAME", help=t("cli.arg.ws_scenario", lang))
    parser.add_argument("--reps", default="5", metavar="N", help=t("cli.arg.ws_reps", lang))
    parser.add_argument("--port", default=str(DEFAULT_PORT), metavar="P", help=t("cli.arg.port", lang))
    parser.add_argument("--lan", action="store_true", help=t("cli.arg.lan", lang))
    parser.add_argument("--staff", metavar="MIN-MAX", help=t("cli.arg.staff", lang))
    parser.add_argument("--seed", metavar="N", help=t("cli.arg.ws_seed", lang))
    parser.add_argument("--bots", metavar="N", help=t("cli.arg.bots", lang))


def _staff(raw: str | None, lang: str) -> tuple[int, int] | None:
    if raw is None:
        return None
    lo, sep, hi = raw.partition("-")
    if not sep or not lo.strip().isdigit() or not hi.strip().isdigit() or len(raw) > 20:
        raise UsageError(t("workshop.cli.staff", lang, value=repr(raw[:20])))
    return int(lo), int(hi)


def _room_lang(argv: Sequence[str]) -> str:
    """The pages' default language: the one given with --lang, else Chinese."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "zh"


def cmd_workshop(args: argparse.Namespace, lang: str, argv: Sequence[str]) -> int:
    """Start the room (or resume it from ``--session``) and serve it until Ctrl-C."""
    for package in NEEDS:
        if importlib.util.find_spec(package) is None:
            raise UsageError(t("workshop.cli.missing", lang, package=package))
    reps = int(number_option(args.reps, "--reps", lang, 5, 50, integer=True))
    port = int(number_option(args.port, "--port", lang, 0, 65535, integer=True))
    bots = None if args.bots is None else int(number_option(args.bots, "--bots", lang, 1, 40, integer=True))
    seed = None if args.seed is None else seed_option(args.seed, lang)
    staff = _staff(args.staff, lang)

    from ..workshop.game import Game
    from ..workshop.server import lan_address, session_path

    path = session_path(args.session)
    try:
        game, secret, resumed = Game.start(
            path, scenario=args.scenario, reps=reps, lang=_room_lang(argv), seed=seed, staff=staff
        )
    except sqlite3.DatabaseError as exc:
        raise UsageError(t("workshop.cli.bad_session", lang, path=path, why=_session_problem(exc, lang))) from None
    # with no network address found the room still listens on every address, but prints
    # 127.0.0.1 and says that phones cannot join (start_lines)
    public = (lan_address() or LOOPBACK) if args.lan else LOOPBACK
    host = "0.0.0.0" if args.lan else LOOPBACK
    return asyncio.run(_serve(game, secret, resumed, host, port, public, bots, lang))


async def _serve(game, secret: str, resumed: bool, host: str, port: int, public: str, bots, lang: str) -> int:  # noqa: ANN001
    from ..workshop.server import WorkshopServer

    server = WorkshopServer(game, host=host, port=port, public_host=public)
    try:
        await server.start()
    except BaseException:
        game.store.close()
        raise
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    for line in start_lines(game, lang, resumed, host != LOOPBACK, server.join_url(), server.port, secret):
        print(line, flush=True)
    if bots:
        server.add_bots(bots)
    await stop.wait()
    await server.stop()
    print(t("workshop.cli.stopped", lang), flush=True)
    return 0


def start_lines(game, lang: str, resumed: bool, lan: bool, join_url: str, port: int, secret: str) -> list[str]:  # noqa: ANN001
    """What the command prints once the room listens: the addresses, the code, the LAN warning.

    With ``lan`` and a participants' address on 127.0.0.1 (no network address was found),
    the warning says that phones cannot join and how to fix it instead.
    """
    room = game.room
    lines = []
    if resumed:
        teams, rounds = len(game.store.teams()), len(game.store.rounds())
        lines.append(t("workshop.cli.resumed", lang, path=game.store.path, teams=teams, rounds=rounds))
    lines.append(t("workshop.cli.started", lang, scenario=game.scenario.name, reps=room["reps"]))
    if lan:
        host = urlsplit(join_url).hostname
        if host == LOOPBACK:  # no network address was found: phones cannot reach this one
            lines.append(t("workshop.cli.no_lan", lang))
        else:
            lines.append(t("workshop.cli.lan_warning", lang, host=host))
    lines.append(t("workshop.cli.participants", lang, url=join_url))
    # the facilitator's own link stays on this machine, also when the room listens on the LAN
    lines.append(t("workshop.cli.facilitator", lang, url=f"http://{LOOPBACK}:{port}/facilitator?key={secret}"))
    lines.append(t("workshop.cli.code", lang, code=room["code"]))
    lines.append(t("workshop.cli.session", lang, path=game.store.path))
    lines.append(t("workshop.cli.stop", lang))
    return lines


def _session_problem(exc: sqlite3.DatabaseError, lang: str) -> str:
    """What is wrong with a file given as the session, in the user's language where the kit can say it."""
    from ..workshop.store import OtherTables

    if isinstance(exc, OtherTables):
        return t("workshop.cli.other_tables", lang, tables=", ".join(exc.tables))
    if getattr(exc, "sqlite_errorname", None) == "SQLITE_NOTADB":
        return t("workshop.cli.not_sqlite", lang)
    return str(exc)
