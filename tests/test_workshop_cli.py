"""``community-1234 workshop``: its help and errors, and a real server process killed with SIGKILL mid-round
and restarted on the same session file — every accepted submission kept, the teams back with their cookies."""

from __future__ import annotations

import contextlib
import signal
import socket
import time
from pathlib import Path

import psutil
import pytest

from sim.cli import main
from sim.i18n import t
from sim.workshop.bots import Bot, BotError, WorkshopProcess, read_start
from sim.workshop.game import Game

SMALL = (Path(__file__).parent / "workshop-small.toml").read_text(encoding="utf-8")


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- help and user errors --
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_exits_0_in_both_languages(capsys, lang):
    assert main(["--lang", lang, "workshop", "--help"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("用法：" if lang == "zh" else "usage: ")
    assert "--lan" in out and "--session" in out and ("局域网" in out) == (lang == "zh")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--reps", "2"], "--reps"),
        (["--reps", "many"], "--reps"),
        (["--port", "70000"], "--port"),
        (["--staff", "6"], "--staff"),
        (["--bots", "0"], "--bots"),
        (["--scenario", "no-such-community"], "no-such-community"),
    ],
)
def test_user_errors_are_one_line_and_status_2(tmp_path, capsys, args, needle):
    session = tmp_path / "room.db"
    assert main(["--lang", "en", "workshop", "--session", str(session), *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1 and needle in err
    assert not session.exists()  # a refused start leaves no session behind


def test_a_file_that_is_not_a_session_is_refused(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database " * 100, encoding="utf-8")
    assert main(["--lang", "zh", "workshop", "--session", str(notes)]) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.strip().endswith(f"{notes} 不是工作坊会话文件：它不是 SQLite 数据库文件"), err
    assert notes.read_text(encoding="utf-8").startswith("not a database")


def test_another_programs_database_is_left_as_it_is(tmp_path, capsys):
    import sqlite3

    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    before = other.read_bytes()
    for args in ([], ["--scenario", "no-such-community"]):
        assert main(["--lang", "en", "workshop", "--session", str(other), *args]) == 2
        err = capsys.readouterr().err
        assert "is not a workshop session file: it holds other tables (notes)" in err and err.count("\n") == 1
        assert other.read_bytes() == before
    assert main(["--lang", "zh", "workshop", "--session", str(other)]) == 2
    assert "不是工作坊会话文件：其中有别的程序的数据表（notes），文件保持原样" in capsys.readouterr().err
    assert other.read_bytes() == before


def test_a_missing_dependency_says_how_to_install_it(capsys, monkeypatch, tmp_path):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "tornado" else real(name, *a))
    assert main(["--lang", "en", "workshop", "--session", str(tmp_path / "room.db")]) == 2
    err = capsys.readouterr().err
    assert "tornado" in err and "pip install 'community-1234-kit[workshop]'" in err and err.count("\n") == 1


def test_a_port_in_use_is_one_line(tmp_path, capsys, small_file):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["--lang", "en", "workshop", "--session", str(tmp_path / "room.db"), "--scenario", str(small_file)]
        assert main([*args, "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_start_lines_read_back_in_either_language(tmp_path, monkeypatch, small_file, lang):
    import sim.commands.workshop as command
    import sim.workshop.server as server

    async def fake_serve(game, secret, resumed, host, port, public, bots, lang):
        game.store.close()
        return 0

    monkeypatch.setattr(command, "_serve", fake_serve)
    assert main(["workshop", "--session", str(tmp_path / "r.db"), "--scenario", str(small_file)]) == 0
    game, secret, _ = Game.start(tmp_path / "r.db")
    url = server.WorkshopServer(game, port=8771).join_url()
    for resumed in (False, True):
        lines = command.start_lines(game, lang, resumed, False, url, 8771, secret)
        started = read_start(lines, lang)
        assert started == ("http://127.0.0.1:8771", secret, game.room["code"])
    with pytest.raises(BotError, match="did not print its start"):
        read_start([x for x in lines if x != t("workshop.cli.code", lang, code=game.room["code"])], lang)
    game.store.close()


def test_a_server_that_cannot_start_is_reported_at_once_with_its_own_message(tmp_path):
    began = time.monotonic()
    with pytest.raises(BotError, match="did not print its start.*no-such-scenario' does not exist") as failed:
        WorkshopProcess(["--session", str(tmp_path / "r.db"), "--scenario", "no-such-scenario"], wait=120)
    assert time.monotonic() - began < 60, "waited for the start instead of reading the end of the output"
    assert not (tmp_path / "r.db").exists()
    assert "Traceback" not in str(failed.value)


def test_lan_listens_on_the_lan_address_and_warns(tmp_path, monkeypatch, small_file):
    import sim.commands.workshop as command
    import sim.workshop.server as server

    seen = {}

    async def fake_serve(game, secret, resumed, host, port, public, bots, lang):
        seen.update(host=host, public=public)
        game.store.close()
        return 0

    monkeypatch.setattr(command, "_serve", fake_serve)
    monkeypatch.setattr(server, "lan_address", lambda: "192.168.1.20")
    assert main(["workshop", "--lan", "--session", str(tmp_path / "r.db"), "--scenario", str(small_file)]) == 0
    assert seen == {"host": "0.0.0.0", "public": "192.168.1.20"}
    game, secret, _ = Game.start(tmp_path / "r.db")
    lines = command.start_lines(game, "en", False, True, "http://192.168.1.20:8770/?code=ACDE", 8770, secret)
    game.store.close()
    assert any(line.startswith("WARNING: the server listens on the LAN address 192.168.1.20") for line in lines)
    assert "Participants open: http://192.168.1.20:8770/?code=ACDE" in lines
    assert f"Facilitator (keep it private): http://127.0.0.1:8770/facilitator?key={secret}" in lines
    quiet = command.start_lines(game, "zh", False, False, "http://127.0.0.1:8770/?code=ACDE", 8770, secret)
    assert not any("警告" in line for line in quiet) and len(quiet) == len(lines) - 1


@pytest.mark.parametrize("found", [None, "127.0.1.1"])
def test_lan_without_a_network_address_warns_that_phones_cannot_join(tmp_path, monkeypatch, small_file, found):
    import sim.commands.workshop as command
    import sim.workshop.server as server

    seen = {}

    async def fake_serve(game, secret, resumed, host, port, public, bots, lang):
        seen.update(host=host, public=public, secret=secret)
        game.store.close()
        return 0

    class NoNetwork(socket.socket):
        """A socket on a laptop on no network: a UDP "connect" finds no route (or only the loopback)."""

        def connect(self, address):
            if found is None:
                raise OSError(101, "Network is unreachable")

        def getsockname(self):
            return (found, 40000)

    monkeypatch.setattr(server.socket, "socket", NoNetwork)
    assert server.lan_address() is None
    monkeypatch.setattr(command, "_serve", fake_serve)
    assert main(["workshop", "--lan", "--session", str(tmp_path / "r.db"), "--scenario", str(small_file)]) == 0
    assert (seen["host"], seen["public"]) == ("0.0.0.0", "127.0.0.1")  # it still listens on every address
    game, secret, _ = Game.start(tmp_path / "r.db")
    url = server.WorkshopServer(game, host=seen["host"], port=8770, public_host=seen["public"]).join_url()
    zh = command.start_lines(game, "zh", False, True, url, 8770, secret)
    en = command.start_lines(game, "en", False, True, url, 8770, secret)
    game.store.close()
    assert url.startswith("http://127.0.0.1:8770/")
    assert zh[1].startswith("警告：没有找到这台电脑的局域网地址") and "手机无法加入" in zh[1] and "Wi-Fi" in zh[1]
    assert en[1].startswith("WARNING: this laptop has no network address") and "phones cannot join" in en[1]
    assert "hotspot" in en[1] and "start it again" in en[1]
    # not the LAN warning, which would name 127.0.0.1 as an address phones could use
    assert not any("listens on the LAN address" in line for line in en)


# ---------------------------------------------------------------------------- kill -9 and restart --
class Served(WorkshopProcess):
    """The workshop server in a process of its own, which a test may kill with its workers."""

    def __init__(self, session, scenario, started: list):
        options = ["--session", str(session), "--scenario", str(scenario), "--reps", "5", "--seed", "3"]
        super().__init__(options, wait=60)
        started.append(self)
        self.family = [psutil.Process(self.proc.pid)]

    def _end_family(self) -> None:
        # psutil checks each process is still the one noted (pid and start time), never a reused pid
        for process in self.family:
            with contextlib.suppress(psutil.NoSuchProcess):
                if process.is_running():
                    process.kill()

    def kill(self) -> list[psutil.Process]:
        """SIGKILL the server alone; return the worker processes it had started."""
        started = psutil.Process(self.proc.pid).children(recursive=True)
        self.family += started
        self.proc.kill()
        self.proc.wait(30)
        return started

    def stop(self) -> None:
        super().stop()
        self._end_family()  # (only if a test failed: workers end with their server)


@pytest.fixture
def servers():
    started: list[Served] = []
    yield started
    for served in started:
        served.stop()


UP = {"response_rate": "up", "resolution_rate": "up", "satisfaction_rate": "flat", "on_time_closure_rate": "down"}


def test_kill_9_mid_round_and_restart_keeps_every_accepted_submission(tmp_path, small_file, servers):
    session = tmp_path / "room.db"
    first = Served(session, small_file, servers)
    facilitator = first.facilitator()
    facilitator.call("POST", "/api/facilitator/open", {})
    bots = [Bot(first.url, seed=i) for i in range(6)]
    for i, bot in enumerate(bots):
        bot.join(first.code, f"Team {i + 1}")
        bot.call("POST", "/api/predict", UP)
    accepted = []
    for bot in bots[:4]:
        answer = bot.call("POST", "/api/submit", bot.affordable())
        assert answer["submission"]["status"] == "running"
        accepted.append(bot.name)
    workers = first.kill()  # mid-round: two teams have not submitted, some runs may still be going
    assert first.proc.returncode == -signal.SIGKILL
    assert workers, "the server had started no worker process"
    _, alive = psutil.wait_procs(workers, timeout=20)
    assert not alive, f"the killed server's workers still run: {[p.cmdline() for p in alive]}"

    second = Served(session, small_file, servers)
    assert second.code == first.code and second.facilitator_key != first.facilitator_key
    old = Bot(second.url)
    old.opener.addheaders = [("X-Facilitator-Key", first.facilitator_key)]
    status, answer = old.request("POST", "/api/facilitator/close", {})
    assert status == 403 and answer["error"]["code"] == "not_facilitator"
    for bot in bots:
        bot.base = second.url  # the same browsers, with their cookies, after the restart
    for bot in bots[:4]:
        state = bot.call("GET", "/api/state")
        assert state["team"]["name"] == bot.name and state["submission"] is not None
        card = bot.result(timeout=120)  # computed again if the kill interrupted the runs
        assert card["reps"] == 5
        status, answer = bot.request("POST", "/api/submit", bot.affordable())
        assert status == 409 and answer["error"]["code"] == "already_submitted"
    for bot in bots[4:]:
        assert bot.call("GET", "/api/state")["submission"] is None
        assert bot.play_round()
        bot.result(timeout=120)
    facilitator = second.facilitator()
    state = facilitator.call("GET", "/api/facilitator/state")
    assert [t["name"] for t in state["teams"]] == [b.name for b in bots]
    assert state["submitted"] == 6 and all(t["done"] for t in state["teams"])
    second.stop()
    game, _, resumed = Game.start(session)
    try:
        subs = game.store.submissions()
        assert resumed and sorted(s["team"] for s in subs) == sorted(b.name for b in bots)
        assert len({s["team_id"] for s in subs}) == len(subs) == 6 and all(s["card"] for s in subs)
        assert set(accepted) <= {s["team"] for s in subs}
    finally:
        game.store.close()
