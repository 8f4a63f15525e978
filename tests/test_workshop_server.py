"""The workshop's real server on 127.0.0.1 (random port, own event loop in a thread): a room of bots,
what participants may see, and every refused request — one clear message, nothing stored, still serving."""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from pathlib import Path

import pytest

from sim import run
from sim.workshop.bots import Bot, BotError, play
from sim.workshop.game import Game
from sim.workshop.results import make_card, run_rep
from sim.workshop.rules import PREDICTED
from sim.workshop.server import ServerThread

SMALL = (Path(__file__).parent / "workshop-small.toml").read_text(encoding="utf-8")

UP = dict.fromkeys(PREDICTED, "up")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def small_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("scenario") / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def _start(tmp_path, small_file, **kwargs):
    game, secret, _ = Game.start(tmp_path / "room.db", scenario=small_file, reps=5, seed=3, **kwargs)
    server = ServerThread(game, jobs=2)
    facilitator = Bot(server.url)
    facilitator.opener.addheaders = [("X-Facilitator-Key", secret)]
    return game, server, facilitator


@pytest.fixture
def room(tmp_path, small_file):
    game, server, facilitator = _start(tmp_path, small_file)
    try:
        yield game, server, facilitator
    finally:
        server.stop()


def _count(server, game) -> tuple[int, int, int, int]:
    """Teams, rounds, predictions and submissions in the session file (read on the server's loop)."""

    def count():
        db = game.store.db
        return tuple(
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("teams", "rounds", "predictions", "submissions")
        )

    return server.call(count)


def _refused(bot: Bot, method: str, path: str, body=None, status=None, code=None, lang="zh") -> dict:
    """Call and check the refusal: the status, the code, one message in the language asked for."""
    sep = "&" if "?" in path else "?"
    got, answer = bot.request(method, f"{path}{sep}lang={lang}", body)
    assert answer["ok"] is False, answer
    error = answer["error"]
    assert (got, error["code"]) == (status, code), answer
    message = error["message"]
    assert message and "\n" not in message and "Traceback" not in message
    assert bool(CJK.search(message)) == (lang == "zh"), message
    return error


def _serving(bot: Bot) -> None:
    assert bot.call("GET", "/api/round")["ok"]


def _raw(server, method: str, path: str, body: bytes, headers: dict) -> tuple[int, dict]:
    """A request with a body exactly as given (bots always send valid JSON)."""
    parts = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read().decode("utf-8"))
    finally:
        conn.close()


# ---------------------------------------------------------------------------- a round with ten bot teams --
def test_ten_bot_teams_join_predict_submit_and_see_the_reveal(room):
    game, server, facilitator = room
    code = game.room["code"]
    assert facilitator.call("POST", "/api/facilitator/open", {})["round"] == 1
    bots = play(server.url, code, 10, seed=1)
    cards = [bot.result(timeout=120) for bot in bots]
    assert all(card["reps"] == 5 and set(card["outcome"]) == set(PREDICTED) for card in cards)
    assert all(card["reserved_total"] <= card["capacity"] for card in cards)
    assert _count(server, game) == (10, 1, 10, 10)

    # before the reveal a participant sees its own card and nobody else's
    one = bots[0]
    _refused(one, "GET", "/api/standings", status=403, code="not_revealed")
    state = one.call("GET", "/api/state")
    assert state["standings"] is None and state["submission"]["card"] == cards[0]
    fragment = one.opener.open(server.url + "/frag/participant").read().decode("utf-8")
    assert one.name in fragment and not any(b.name in fragment for b in bots[1:] if b.name != "bot 1")
    # a team that has submitted is told it waits for the reveal, not asked to predict and choose
    assert '<p class="state">第 1 轮：你们已提交，等待主持人公布结果。</p>' in fragment
    assert "先预测，再选择做法并提交" not in fragment
    english = one.opener.open(server.url + "/frag/participant?lang=en").read().decode("utf-8")
    waiting = "Round 1: your team has submitted; waiting for the facilitator to reveal the results."
    assert f'<p class="state">{waiting}</p>' in english
    late = Bot(server.url)  # joined, not submitted: still asked to play
    late.join(code, "Late")
    late_fragment = late.opener.open(server.url + "/frag/participant").read().decode("utf-8")
    assert '<p class="state">第 1 轮进行中：先预测，再选择做法并提交。</p>' in late_fragment

    assert facilitator.call("POST", "/api/facilitator/close", {})["round"] == 1
    assert facilitator.call("POST", "/api/facilitator/reveal", {})["round"] == 1
    standings = one.call("GET", "/api/standings?metric=satisfaction_rate&y=satisfaction_rate")
    assert len(standings["leaderboard"]) == 11  # ten teams and the community as it is
    assert sorted(r["team"] for r in standings["leaderboard"] if r["team"]) == sorted(b.name for b in bots)
    assert any(p["front"] for p in standings["scatter"])
    assert sum(r["teams"] for r in standings["tally"] if r["metric"] == "response_rate") == 10
    fragment = one.opener.open(server.url + "/frag/participant").read().decode("utf-8")
    assert all(b.name in fragment for b in bots) and "<svg" in fragment
    assert one.call("GET", "/api/state")["standings"]["metric"] == "on_time_closure_rate"
    facilitator.call("POST", "/api/facilitator/view", {"metric": "hidden_never_found", "y": "satisfaction_rate"})
    shown = one.call("GET", "/api/state")["standings"]  # every page shows the facilitator's pick
    assert (shown["metric"], shown["y"]) == ("hidden_never_found", "satisfaction_rate")
    means = [r["mean"] for r in shown["leaderboard"] if r["team"]]
    assert means == sorted(means)  # fewer hidden needs never found is better

    # common random numbers: the card is the choice run on the room's seeds, whenever and wherever it ran
    sub = server.call(lambda: game.store.submissions()[0])
    runs = [run_rep(game.scenario_of(sub["choice"]), seed) for seed in game.seeds()]
    prediction = server.call(lambda: game.store.prediction(sub["team_id"], sub["round_id"]))
    assert make_card(game.room["baseline"], runs, prediction)["metrics"] == sub["card"]["metrics"]

    files = facilitator.call("POST", "/api/facilitator/export", {})["files"]
    csv_text = Path(files[0]).read_text(encoding="utf-8-sig")
    assert csv_text.count("\n") == 11 and "on_time_closure_rate_diff_low" in csv_text
    report = Path(files[1]).read_text(encoding="utf-8")
    assert "<script" not in report and "<svg" in report and all(b.name in report for b in bots)


def test_the_event_stream_tells_pages_that_the_room_changed(room):
    game, server, facilitator = room
    parts = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", "/events")
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/event-stream")
        first = resp.readline().decode()
        while resp.readline().strip():
            pass
        facilitator.call("POST", "/api/facilitator/broadcast", {"text": "十分钟后截止"})
        lines = []
        while not lines or lines[-1].strip():
            lines.append(resp.readline().decode())
        assert first.startswith("retry:") and "event: change\n" in lines
    finally:
        conn.close()
    bot = Bot(server.url)
    bot.join(game.room["code"], "Alpha")
    assert bot.call("GET", "/api/state")["messages"][0]["text"] == "十分钟后截止"


# ---------------------------------------------------------------------------- pages --
def test_pages_load_everything_from_the_server_and_escape_team_names(room):
    game, server, facilitator = room
    page = Bot(server.url).opener.open(server.url + "/").read().decode("utf-8")
    assert 'lang="zh-CN"' in page and "加入工作坊" in page
    english = Bot(server.url).opener.open(server.url + "/?lang=en").read().decode("utf-8")
    assert 'lang="en"' in english and "Join the workshop" in english
    evil = Bot(server.url)
    evil.join(game.room["code"], "<script>alert(1)</script>"[:24])
    facilitator.call("POST", "/api/facilitator/open", {})
    facilitator_page = facilitator.opener.open(server.url + "/facilitator").read().decode("utf-8")
    live = facilitator.opener.open(server.url + "/frag/facilitator").read().decode("utf-8")
    participant = evil.opener.open(server.url + "/").read().decode("utf-8")
    for html in (page, facilitator_page, live, participant):
        assert "<script>alert" not in html
        # every asset and link is the server's own
        for ref in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert ref.startswith(("/", "?", "#")), ref
        assert re.findall(r"<script[^>]*>", html) in ([], ['<script src="/static/workshop.js" defer>'])
    assert "&lt;script&gt;alert(1)&lt;/script" in live
    assert "<svg" in facilitator_page and game.room["code"] in facilitator_page
    css = Bot(server.url).opener.open(server.url + "/static/workshop.css").read().decode("utf-8")
    assert "http" not in css and "PingFang SC" in css


def test_the_facilitator_page_needs_its_secret(room):
    game, server, facilitator = room
    stranger = Bot(server.url)
    status, _ = _page(stranger, "/facilitator")
    assert status == 403
    status, _ = _page(stranger, "/facilitator?key=guess")
    assert status == 403
    secret = facilitator.opener.addheaders[0][1]
    status, html = _page(stranger, f"/facilitator?key={secret}")  # the secret becomes a cookie
    assert status == 200 and "<svg" in html
    cookie = next(c for c in stranger.cookies if c.name == "ws_facilitator")
    assert cookie.has_nonstandard_attr("HttpOnly") and cookie.get_nonstandard_attr("SameSite") == "Strict"


def _page(bot: Bot, path: str) -> tuple[int, str]:
    import urllib.error

    try:
        with bot.opener.open(bot.base + path) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read().decode("utf-8")


# ---------------------------------------------------------------------------- refused requests --
def test_bad_input_gets_one_message_stores_nothing_and_the_server_keeps_serving(room):
    game, server, facilitator = room
    code = game.room["code"]
    alpha, beta = Bot(server.url), Bot(server.url)
    alpha.join(code, "Alpha")
    beta.join(code, "Beta")
    facilitator.call("POST", "/api/facilitator/open", {})
    alpha.call("POST", "/api/predict", UP)
    before = _count(server, game)

    stranger = Bot(server.url)
    _refused(stranger, "POST", "/api/join", {"code": "ZZZZ", "name": "Gamma"}, 403, "wrong_code")
    _refused(stranger, "POST", "/api/join", {"code": "ZZZZ", "name": "Gamma"}, 403, "wrong_code", lang="en")
    _refused(stranger, "POST", "/api/join", {"code": code, "name": "alpha"}, 409, "name_taken")
    _refused(stranger, "POST", "/api/join", {"code": code, "name": "x" * 25}, 400, "name")
    _refused(stranger, "POST", "/api/join", ["code"], 400, "not_object")
    _refused(stranger, "POST", "/api/predict", UP, 401, "not_team")
    _refused(beta, "POST", "/api/submit", {"staff": 2}, 409, "predict_first")
    _refused(beta, "POST", "/api/predict", {**UP, "response_rate": "⬆"}, 400, "direction")
    err = _refused(alpha, "POST", "/api/submit", {"staff": 2, "levers": {"visit_share": 0.25}}, 400, "value", "en")
    assert err["field"] == "visit_share" and "0, 0.1, 0.2, 0.3, 0.5" in err["message"]
    err = _refused(alpha, "POST", "/api/submit", {"staff": 50}, 400, "staff")
    assert err["field"] == "staff"
    heavy = {
        "staff": 1,
        "levers": {
            "visit_share": 0.5,
            "survey_interval": 20.0,
            "inspection_interval": 20.0,
            "stations": 4,
            "volunteer_points": True,
        },
    }
    _refused(alpha, "POST", "/api/submit", heavy, 400, "over_budget")
    alpha_cookie = "ws_team=" + next(c.value for c in alpha.cookies if c.name == "ws_team")
    status, answer = _raw(
        server, "POST", "/api/submit", b'{"staff": 2,', {"Content-Type": "application/json", "Cookie": alpha_cookie}
    )
    assert (status, answer["error"]["code"]) == (400, "not_json")
    nested = b"[" * 9_000 + b"]" * 9_000  # under the size limit, deeper than Python's stack
    status, answer = _raw(
        server, "POST", "/api/submit", nested, {"Content-Type": "application/json", "Cookie": alpha_cookie}
    )
    assert (status, answer["error"]["code"]) == (400, "not_json")
    status, answer = _raw(
        server, "POST", "/api/join", b"code=A&name=B", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (status, answer["error"]["code"]) == (415, "content_type")
    status, answer = _raw(server, "POST", "/api/join", b"[" * 30_000, {"Content-Type": "application/json"})
    assert (status, answer["error"]["code"]) == (413, "too_large")
    _refused(alpha, "GET", "/api/nothing", status=404, code="not_found")
    _refused(alpha, "GET", "/api/result?round=x", status=400, code="round_number")
    assert _count(server, game) == before
    _serving(alpha)

    # participants cannot act as the facilitator, with their cookie or their secret as the key
    for action in ("open", "close", "reveal", "lock", "broadcast", "view", "bots", "export"):
        _refused(alpha, "POST", f"/api/facilitator/{action}", {"text": "hi", "n": 3}, 403, "not_facilitator")
    _refused(alpha, "GET", "/api/facilitator/state", status=403, code="not_facilitator")
    _refused(alpha, "GET", "/api/facilitator/export/results.csv", status=403, code="not_facilitator")
    _refused(alpha, "GET", "/frag/facilitator", status=403, code="not_facilitator")
    team_secret = next(c.value for c in alpha.cookies if c.name == "ws_team")
    alpha.opener.addheaders = [("X-Facilitator-Key", team_secret)]
    _refused(alpha, "POST", "/api/facilitator/close", {}, 403, "not_facilitator")
    alpha.opener.addheaders = []
    assert server.call(lambda: game.store.last_round()["state"]) == "open"
    assert server.call(lambda: game.store.messages()) == []

    # one submission per team; a secret acts for its own team only
    alpha.call("POST", "/api/submit", {"staff": 2, "levers": {"gridding": True}})
    _refused(alpha, "POST", "/api/submit", {"staff": 3}, 409, "already_submitted")
    assert beta.call("GET", "/api/state")["submission"] is None
    _refused(beta, "GET", "/api/result", status=404, code="no_submission")
    forged = Bot(server.url)
    forged.cookies.set_cookie(_cookie("ws_team", team_secret[:-2] + "xx"))
    _refused(forged, "POST", "/api/submit", {"staff": 2}, 401, "not_team")
    assert server.call(lambda: [s["team"] for s in game.store.submissions()]) == ["Alpha"]

    # after the round closes nothing more is taken; a locked room takes no new team
    beta.call("POST", "/api/predict", UP)
    facilitator.call("POST", "/api/facilitator/close", {})
    _refused(beta, "POST", "/api/submit", {"staff": 2}, 409, "round_not_open")
    _refused(beta, "POST", "/api/predict", UP, 409, "round_not_open")
    facilitator.call("POST", "/api/facilitator/lock", {"locked": True})
    _refused(stranger, "POST", "/api/join", {"code": code, "name": "Late"}, 403, "locked")
    _refused(facilitator, "POST", "/api/facilitator/lock", {"locked": "yes"}, 400, "bool")
    _refused(facilitator, "POST", "/api/facilitator/open", {}, 409, "round_unfinished")
    _refused(facilitator, "POST", "/api/facilitator/broadcast", {"text": ""}, 400, "message")
    _refused(facilitator, "POST", "/api/facilitator/bots", {"n": 0}, 400, "bots")
    _refused(facilitator, "GET", "/api/facilitator/state?metric=mood", status=400, code="metric")
    _refused(facilitator, "POST", "/api/facilitator/view", {"metric": "mood", "y": "satisfaction_rate"}, 400, "metric")
    assert server.call(lambda: [s["team"] for s in game.store.submissions()]) == ["Alpha"]
    assert [t["name"] for t in server.call(game.store.teams)] == ["Alpha", "Beta"]
    _serving(beta)
    with pytest.raises(BotError, match="locked"):
        Bot(server.url).join(code, "Later")


def _cookie(name: str, value: str):
    import http.cookiejar

    return http.cookiejar.Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}
    )


def test_bots_fill_a_thin_room_and_play_each_round(room):
    game, server, facilitator = room
    assert facilitator.call("POST", "/api/facilitator/bots", {"n": 3})["bots"] == 3
    facilitator.call("POST", "/api/facilitator/open", {})
    deadline = 60
    import time

    start = time.monotonic()
    while time.monotonic() - start < deadline:
        state = facilitator.call("GET", "/api/facilitator/state")
        if sum(t["done"] for t in state["teams"]) == 3:
            break
        time.sleep(0.2)
    assert [t["name"] for t in state["teams"]] == ["机器人 1", "机器人 2", "机器人 3"]
    assert all(t["done"] for t in state["teams"]) and len(state["standings"]["leaderboard"]) == 4


# ---------------------------------------------------------------------------- events --
STORM = {"kind": "storm", "start": 10, "days": 15, "factor": 6}
ABSENCE = {"kind": "absence", "start": 30, "staff": 1, "weeks": 2}
PLAIN = {"staff": 2, "levers": {}}
CALLS = {"staff": 3, "levers": {"callback": True, "listening_minutes": 15.0}}


def _play(server, code: str, choices: list[dict]) -> list[Bot]:
    """Teams that join, predict and submit the given choices in the open round; their cards are done."""
    bots = []
    for i, choice in enumerate(choices):
        bot = Bot(server.url, seed=i)
        bot.join(code, f"Team {i + 1}")
        bot.call("POST", "/api/predict", UP)
        bot.call("POST", "/api/submit", choice)
        bots.append(bot)
    for bot in bots:
        bot.result(timeout=120)
    return bots


@pytest.fixture
def staffed(tmp_path, small_file):
    """A room whose teams have two to four staff (so that one may be away), with a facilitator client."""
    game, server, facilitator = _start(tmp_path, small_file, staff=(2, 4))
    try:
        yield game, server, facilitator
    finally:
        server.stop()


def test_events_run_with_the_rounds_community_and_every_team_on_the_same_seeds(staffed):
    game, server, facilitator = staffed
    before = server.call(game.store.events)
    for payload, code, lang in [
        ({**STORM, "factor": 20}, "event_float", "zh"),
        ({**STORM, "start": 50}, "event_too_long", "en"),
        ({**ABSENCE, "staff": 2}, "event_int", "zh"),
        ({"kind": "earthquake", "start": 1}, "event_kind", "en"),
        ({**STORM, "days": "ten"}, "event_int", "zh"),
    ]:
        _refused(facilitator, "POST", "/api/facilitator/event", payload, 400, code, lang=lang)
    assert server.call(game.store.events) == before == []
    storm = facilitator.call("POST", "/api/facilitator/event", STORM)["event"]
    answer = facilitator.call("POST", "/api/facilitator/event?lang=en", ABSENCE)
    assert answer["event"]["text"].startswith("Staff away: days 30–39") and len(answer["events"]) == 2
    _refused(facilitator, "POST", "/api/facilitator/event", {**STORM, "start": 20}, 409, "event_overlap")
    participant = Bot(server.url)
    participant.join(game.room["code"], "Nosy")
    _refused(participant, "POST", "/api/facilitator/event", STORM, 403, "not_facilitator")
    _refused(participant, "POST", "/api/facilitator/remove_event", {"id": storm["id"]}, 403, "not_facilitator")
    facilitator.call("POST", "/api/facilitator/open", {})
    _refused(facilitator, "POST", "/api/facilitator/event", {**STORM, "start": 40}, 409, "events_while_open")
    _refused(facilitator, "POST", "/api/facilitator/remove_event", {"id": storm["id"]}, 409, "events_while_open")
    assert len(server.call(game.store.events)) == 2
    bots = _play(server, game.room["code"], [PLAIN, CALLS])

    current = server.call(game.store.last_round)
    events = server.call(game.store.round_events, current["id"])
    assert [e["kind"] for e in events] == ["storm", "absence"]
    # The round's community ran under its events on the room's seeds, and differs from the room's.
    seeds = game.seeds()
    community = server.call(game.store.round_baseline, current["id"])
    assert community == [run_rep(game.round_scenario(current), seed) for seed in seeds]
    assert community != game.room["baseline"]
    # Each card is the team's choice under the same events on the same seeds, against that community.
    for bot, sub in zip(bots, server.call(game.store.submissions), strict=True):
        card = bot.result()
        assert card["events"] == events
        runs = [run_rep(game.scenario_of(sub["choice"], events), seed) for seed in seeds]
        assert card["metrics"] == make_card(community, runs, UP)["metrics"]
        fragment = bot.opener.open(server.url + "/frag/participant?lang=en").read().decode("utf-8")
        assert "Storm: days 10–24, safety-hazard issues × 6" in fragment
    live = facilitator.opener.open(server.url + "/frag/facilitator").read().decode("utf-8")
    assert live.count("暴雨：第 10–24 天") == 2  # for the rounds to come, and in force this round
    facilitator.call("POST", "/api/facilitator/reveal", {})
    standings = facilitator.call("GET", "/api/standings")
    row = next(r for r in standings["leaderboard"] if r["team"] is None)
    assert row["mean"] == pytest.approx(game.community(current)["on_time_closure_rate"]["mean"])
    # The events are in the export: the CSV's column and the report's list.
    csv_text = facilitator.opener.open(server.url + "/api/facilitator/export/results.csv").read().decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("round,events,team")
    assert "storm start=10 factor=6 days=15; absence start=30 staff=1 weeks=2" in csv_text
    report = facilitator.opener.open(server.url + "/api/facilitator/export/report.html?lang=en").read().decode()
    assert "Storm: days 10–24" in report and "<script" not in report
    # Removed after the round: the next round opens without it; the first keeps its own.
    assert facilitator.call("POST", "/api/facilitator/remove_event", {"id": storm["id"]})["removed"] == storm["id"]
    _refused(facilitator, "POST", "/api/facilitator/remove_event", {"id": storm["id"]}, 404, "no_event")
    facilitator.call("POST", "/api/facilitator/open", {})
    last = server.call(game.store.last_round)
    assert [e["kind"] for e in server.call(game.store.round_events, last["id"])] == ["absence"]
    assert server.call(game.store.round_events, current["id"]) == events
    _serving(facilitator)


def test_a_round_with_events_finishes_after_a_restart(tmp_path, small_file):
    game, server, facilitator = _start(tmp_path, small_file, staff=(2, 4))
    try:
        facilitator.call("POST", "/api/facilitator/event", {"kind": "compound", "start": 20, "households": 200})
        facilitator.call("POST", "/api/facilitator/open", {})
        team = Bot(server.url)
        team.join(game.room["code"], "Alpha")
        team.call("POST", "/api/predict", UP)
        team.call("POST", "/api/submit", CALLS)
    finally:
        server.stop()  # the round's community and the card may not have been run yet
    game, secret, resumed = Game.start(tmp_path / "room.db")
    server = ServerThread(game, jobs=2)
    try:
        team.base = server.url
        card = team.result(timeout=120)
        current = server.call(game.store.last_round)
        events = server.call(game.store.round_events, current["id"])
        assert resumed and [e["kind"] for e in events] == ["compound"] and card["events"] == events
        community = server.call(game.store.round_baseline, current["id"])
        assert community == [run_rep(game.round_scenario(current), seed) for seed in game.seeds()]
        facilitator = Bot(server.url)
        facilitator.opener.addheaders = [("X-Facilitator-Key", secret)]
        state = facilitator.call("GET", "/api/facilitator/state")
        assert state["round_ready"] and [e["kind"] for e in state["events"]] == ["compound"]
    finally:
        server.stop()


# ---------------------------------------------------------------------------- the debrief --
def test_the_debrief_replays_two_teams_and_branches_one_on_the_same_seed(staffed):
    game, server, facilitator = staffed
    facilitator.call("POST", "/api/facilitator/event", STORM)
    facilitator.call("POST", "/api/facilitator/open", {})
    bots = _play(server, game.room["code"], [PLAIN, CALLS])
    _refused(facilitator, "POST", "/api/facilitator/replay", {"teams": ["Team 1", "Team 2"]}, 409, "debrief_open")
    facilitator.call("POST", "/api/facilitator/close", {})
    events = server.call(lambda: game.store.round_events(game.store.last_round()["id"]))
    subs = server.call(game.store.submissions)
    days = int(game.scenario.params["days"])

    replay = facilitator.call("POST", "/api/facilitator/replay", {"teams": ["team 1", "Team 2"], "day": 12, "rep": 2})
    replay = replay["replay"]
    assert (replay["round"], replay["day"], replay["rep"], replay["seed"]) == (1, 12, 2, game.seeds()[1])
    assert replay["events"] == events and [t["team"] for t in replay["teams"]] == ["Team 1", "Team 2"]
    for team, sub in zip(replay["teams"], subs, strict=True):
        # the team's own year of the round on that seed, events and all
        year = run(game.scenario_of(sub["choice"], events), seed=game.seeds()[1], keep_model=False)
        assert team["daily"]["backlog"] == year.daily["backlog"].tolist() and len(team["daily"]["day"]) == days + 1
        assert team["open_on_day"] >= 0 and team["map"].startswith("<svg") and team["choice"] == sub["choice"]
    figures = [replay["backlog"], *(t["map"] for t in replay["teams"])]
    assert all(f.startswith("<svg") and "style=" not in f and "<script" not in f.lower() for f in figures)
    assert replay["teams"][0]["daily"]["backlog"] != replay["teams"][1]["daily"]["backlog"]

    branch = facilitator.call(
        "POST", "/api/facilitator/branch", {"team": "Team 1", "lever": "callback", "value": True, "day": 25}
    )["branch"]
    original, branched = branch["original"]["daily"], branch["branch"]["daily"]
    assert branch["seed"] == game.seeds()[0] and branch["events"] == events
    until = [i for i, day in enumerate(original["day"]) if day < 25]
    after = [i for i, day in enumerate(original["day"]) if day >= 25]
    # the same year until day 25, draw for draw; then the call-backs change it
    assert [original["backlog"][i] for i in until] == [branched["backlog"][i] for i in until]
    assert [original["hidden"][i] for i in until] == [branched["hidden"][i] for i in until]
    assert [original["backlog"][i] for i in after] != [branched["backlog"][i] for i in after]
    year = run(game.scenario_of(subs[0]["choice"], events), seed=game.seeds()[0], keep_model=False)
    assert original["backlog"] == year.daily["backlog"].tolist()  # the original is the team's own year
    assert branch["original"]["metrics"] != branch["branch"]["metrics"]
    assert "style=" not in branch["backlog"] and branch["change"] == "办结次日回访：开"

    # what the debrief refuses: one message each, in the language asked for
    for path, body, status, code in [
        ("replay", {"teams": ["Team 1"]}, 400, "two_teams"),
        ("replay", {"teams": ["Team 1", "team 1"]}, 400, "two_teams"),
        ("replay", {"teams": ["Team 1", "Nobody"]}, 404, "team_unknown"),
        ("replay", {"teams": ["Team 1", "Team 2"], "day": days + 1}, 400, "whole"),
        ("replay", {"teams": ["Team 1", "Team 2"], "rep": 6}, 400, "whole"),
        ("replay", {"teams": ["Team 1", "Team 2"], "round": 7}, 404, "round_number"),
        ("replay", {"teams": ["Team 1", "Team 2"], "colour": 1}, 400, "unknown_field"),
        ("branch", {"team": "Team 1", "lever": "gridding", "value": True}, 400, "branch_lever"),
        ("branch", {"team": "Team 1", "lever": "callback", "value": "yes"}, 400, "value"),
        ("branch", {"team": "Team 2", "lever": "callback", "value": True}, 400, "branch_same"),
        ("branch", {"team": "Team 1", "lever": "callback", "value": True, "day": 0}, 400, "whole"),
    ]:
        for lang in ("zh", "en"):
            _refused(facilitator, "POST", f"/api/facilitator/{path}", body, status, code, lang=lang)
    _refused(bots[0], "POST", "/api/facilitator/replay", {"teams": ["Team 1", "Team 2"]}, 403, "not_facilitator")
    status, html = _page(bots[0], "/facilitator/debrief")
    assert status == 403 and "只有主持人" in html and "replay-form" not in html

    # the page: forms, then the figures; nothing from outside, no inline style (the page's policy allows none)
    status, html = _page(facilitator, "/facilitator/debrief?do=replay&a=Team+1&b=Team+2&day=12&lang=en")
    assert status == 200 and 'id="replay-backlog"' in html and 'id="replay-map-2"' in html
    assert "Round 1 replayed: Team 1 and Team 2" in html and "Storm: days 10–24" in html
    assert "style=" not in html and "<style" not in html
    for ref in re.findall(r'(?:src|href)="([^"]*)"', html):  # the map's compounds are a picture inside it
        assert ref.startswith(("/", "?", "#", "data:image/png;base64,")), ref[:40]
    status, html = _page(facilitator, "/facilitator/debrief?do=branch&team=Team+1&change=callback:1&day=25&lang=zh")
    assert status == 200 and 'id="branch-backlog"' in html and "第 25 天" in html
    status, html = _page(facilitator, "/facilitator/debrief?do=branch&team=Team+2&change=callback:1&day=25")
    assert status == 400 and 'id="debrief-error"' in html and "Team 2" in html and 'id="branch-form"' in html
    _serving(facilitator)
