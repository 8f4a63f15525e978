"""The workshop's game logic, without a server: the session file, the rules, the budget, the cards."""

from __future__ import annotations

import math
import re
import sqlite3
from pathlib import Path

import pytest

from sim import LEVERS, PARAMS, load_scenario, run
from sim.i18n import t
from sim.workshop.budget import capacity, reserved_hours
from sim.workshop.events import KINDS, MAX_EVENTS, event_line, shocks_of
from sim.workshop.game import Game, check_name, secret_hash, typed_code
from sim.workshop.pages import COMPACT, WIDE, page_html, scatter_layout, scatter_plots
from sim.workshop.results import direction, interval, leaderboard, make_card, scatter, summarise_runs, tally
from sim.workshop.rules import CHOICES, CODE_LETTERS, PREDICTED, VALUE_KINDS, WorkshopError, choice_table
from sim.workshop.store import DuplicateError, Store

SMALL = (Path(__file__).parent / "workshop-small.toml").read_text(encoding="utf-8")
PREDICT_UP = dict.fromkeys(PREDICTED, "up")


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def game(tmp_path, small_file):
    game, secret, resumed = Game.start(tmp_path / "room.db", scenario=small_file, reps=5, seed=11)
    assert not resumed and game.is_facilitator(secret)
    yield game
    game.store.close()


def _error(fn, *args) -> WorkshopError:
    with pytest.raises(WorkshopError) as info:
        fn(*args)
    err = info.value
    assert str(err) and err.text("zh") and err.text("zh") != str(err)  # a message in both languages
    return err


# ---------------------------------------------------------------------------- the session file --
def test_store_settings_and_a_second_submission_refused_by_the_database(tmp_path):
    store = Store(tmp_path / "s.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    team = store.add_team("A", "a", "h1")
    with pytest.raises(DuplicateError):
        store.add_team("a", "a", "h2")  # names are unique whatever their case
    round_id = store.last_round() or store.open_round()
    round_id = store.last_round()["id"]
    store.add_submission(team, round_id, {"staff": 3})
    with pytest.raises(DuplicateError):
        store.add_submission(team, round_id, {"staff": 4})
    assert [s["choice"] for s in store.submissions()] == [{"staff": 3}]
    store.set_round_state(round_id, "closed", "closed")
    other = store.add_team("B", "b", "h3")
    with pytest.raises(LookupError):
        store.add_submission(other, round_id, {"staff": 3})
    assert len(store.submissions()) == 1
    store.close()
    again = Store(tmp_path / "s.db")  # everything committed is in the file
    assert [s["team"] for s in again.submissions()] == ["A"]
    assert again.last_round()["state"] == "closed"
    again.close()


def test_a_failed_write_leaves_nothing(tmp_path):
    store = Store(tmp_path / "s.db")
    with pytest.raises(sqlite3.IntegrityError), store.write() as db:
        db.execute("INSERT INTO messages (text, sent) VALUES ('kept?', 0)")
        db.execute("INSERT INTO rounds (number, state, opened) VALUES (1, 'nonsense', 0)")
    assert store.messages() == []
    store.close()


# ---------------------------------------------------------------------------- the rules --
def test_the_game_levers_are_levers_with_allowed_values():
    assert set(CHOICES) <= set(LEVERS) and set(CHOICES) == set(VALUE_KINDS)
    for lever, values in CHOICES.items():
        for value in values:
            assert PARAMS[lever].check(value) == value, (lever, value)


def test_room_code_and_secrets(game):
    code = game.room["code"]
    assert len(code) == 4 and set(code) <= set(CODE_LETTERS)
    assert not set("0O1IL2Z5S8B6G") & set(CODE_LETTERS)
    assert not game.is_facilitator("guess") and not game.is_facilitator(None)
    assert game.room["facilitator_hash"] != secret_hash("")


def test_team_names_are_trimmed_checked_and_kept_as_given():
    assert check_name("  红旗队 ") == "红旗队"
    assert check_name("<script>alert(1)</script>"[:24]) == "<script>alert(1)</script"
    assert check_name("x" * 24) == "x" * 24
    for bad in ("", "   ", "x" * 25, "a\tb", "a\x00b", None, 5):
        with pytest.raises(WorkshopError) as info:
            check_name(bad)
        assert info.value.field == "name"


def test_join_checks_the_code_the_lock_and_taken_names(game):
    code = game.room["code"]
    team, secret = game.join(code.lower() + " ", "Alpha")  # codes are forgiving of case and spaces
    assert game.team(secret)["name"] == "Alpha" and game.team("other") is None
    assert _error(game.join, "ZZZZ", "Beta").code == "wrong_code"
    # Spaces anywhere (the projector spaces the letters out), and a Chinese input method's
    # full-width letters and spaces, still read as the room's code.
    spaced = f"{code[:2].lower()} {code[2:]}"
    assert typed_code(spaced) == code and typed_code(" \t".join(code) + "\n") == code
    wide = "\u3000".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in code)  # ＫＵ　ＸＤ
    assert typed_code(wide) == code
    assert game.join(spaced, "Gamma")[0]["name"] == "Gamma"
    assert _error(game.join, code[:3], "Delta").code == "wrong_code"
    assert _error(game.join, code + code[0], "Delta").code == "wrong_code"
    assert _error(game.join, code, "alpha").code == "name_taken"
    game.lock(True)
    assert _error(game.join, code, "Beta").code == "locked"
    game.lock(False)
    game.join(code, "Beta")
    assert [t["name"] for t in game.store.teams()] == ["Alpha", "Gamma", "Beta"]


def test_a_round_flows_open_closed_revealed(game):
    assert _error(game.close_round).code == "round_not_open"
    assert _error(game.reveal_round).code == "nothing_to_reveal"
    assert game.open_round() == 1
    assert _error(game.open_round).code == "round_unfinished"
    assert game.close_round() == 1
    assert _error(game.open_round).code == "round_unfinished"
    assert game.reveal_round() == 1
    assert game.open_round() == 2
    assert game.reveal_round() == 2  # reveal closes an open round first
    assert [r["state"] for r in game.store.rounds()] == ["revealed", "revealed"]


def test_predict_then_submit_once(game):
    team, _ = game.join(game.room["code"], "Alpha")
    assert _error(game.predict, team, PREDICT_UP).code == "round_not_open"
    game.open_round()
    assert _error(game.submit, team, {"staff": 2}).code == "predict_first"
    err = _error(game.predict, team, {**PREDICT_UP, "response_rate": "sideways"})
    assert (err.code, err.field) == ("direction", "response_rate")
    assert _error(game.predict, team, {**PREDICT_UP, "mood": "up"}).code == "unknown_field"
    assert _error(game.predict, team, ["up"]).code == "not_object"
    game.predict(team, {**PREDICT_UP, "satisfaction_rate": "flat"})
    game.predict(team, PREDICT_UP)  # changeable until the team submits
    sub = game.submit(team, {"staff": 3, "levers": {"gridding": True}})
    assert sub["choice"]["levers"]["gridding"] is True and sub["choice"]["staff"] == 3
    assert sub["choice"]["levers"]["priority_rule"] == "fifo"  # a lever left out keeps the community's value
    assert _error(game.submit, team, {"staff": 3}).code == "already_submitted"
    assert _error(game.predict, team, PREDICT_UP).code == "already_submitted"
    assert game.store.prediction(team["id"], sub["round_id"]) == PREDICT_UP
    assert len(game.store.submissions()) == 1


def test_choices_outside_the_table_are_refused_with_the_field_and_the_allowed_values(game):
    cases = [
        ({"staff": 99}, "staff", "staff"),
        ({"staff": True}, "staff", "staff"),
        ({"staff": 2.5}, "staff", "staff"),
        ({"levers": {"visit_share": 0.25}}, "value", "visit_share"),
        ({"levers": {"gridding": 1}}, "value", "gridding"),  # 1 is not true
        ({"levers": {"stations": 8}}, "value", "stations"),  # more stations than the 4 compounds
        ({"levers": {"households": 10}}, "unknown_lever", "households"),
        ({"levers": ["gridding"]}, "not_object", "levers"),
        ({"budget": 1}, "unknown_field", "budget"),
        ("staff=3", "not_object", None),
    ]
    for payload, code, field in cases:
        err = _error(game.check_choice, payload)
        assert (err.code, err.field) == (code, field), payload
    err = _error(game.check_choice, {"levers": {"visit_share": 0.25}})
    assert "0, 0.1, 0.2, 0.3, 0.5" in str(err) and "0, 0.1, 0.2, 0.3, 0.5" in err.text("zh")
    assert game.table["stations"] == (0, 2, 4)


def test_an_over_budget_choice_is_refused_and_nothing_is_stored(game):
    team, _ = game.join(game.room["code"], "Alpha")
    game.open_round()
    game.predict(team, PREDICT_UP)
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
    cost = game.budget(game.check_choice(heavy))
    assert cost["over"] and cost["total"] > cost["capacity"] == 1 * 6 * 250
    err = _error(game.submit, team, heavy)
    assert err.code == "over_budget" and str(round(cost["capacity"])) in str(err)
    assert game.store.submissions() == []
    light = {"staff": 2, "levers": {"visit_share": 0.1}}
    assert not game.budget(game.check_choice(light))["over"]


# ---------------------------------------------------------------------------- the budget --
def test_reserved_hours_are_what_the_model_books_for_them():
    # With no triage and no cap, a year's run books exactly the reserved hours the practices ask for.
    sc = load_scenario("stretched-baseline").with_values(
        {
            "households": 400,
            "compounds": 4,
            "warmup_days": 0,
            "days": 250,
            "triage_backlog": 0.0,
            "reserved_cap": 1.0,
            "visit_share": 0.2,
            "survey_interval": 60.0,
            "inspection_interval": 20.0,
            "stations": 2,
        }
    )
    reserved = reserved_hours(sc)
    assert set(reserved) == {"visits", "survey", "inspection", "station"}
    hours = run(sc, seed=1, keep_model=False).hours
    booked = hours[hours["who"] == "staff"].groupby("activity")["hours"].sum()
    for activity, h in reserved.items():
        assert booked[activity] == pytest.approx(h), activity
    assert reserved_hours(load_scenario("stretched-baseline")) == {}
    assert capacity(sc.params) == 3 * 6 * 250


# ---------------------------------------------------------------------------- results --
def _runs(values: dict[str, list[float]], seeds=(1, 2, 3, 4, 5)) -> list[dict]:
    out = []
    for i, seed in enumerate(seeds):
        metrics = {m: 0.5 for m in ("resolution_time_median", "resolution_time_p90", "hidden_never_found")}
        metrics |= {"staff_hours": 1000.0, "overtime_hours": 0.0}
        metrics |= {m: 0.8 for m in PREDICTED}
        metrics |= {m: v[i] for m, v in values.items()}
        out.append({"seed": seed, "metrics": metrics, "hours": {"fix": 10.0 * (i + 1)}})
    return out


def test_interval_and_direction():
    mean, low, high = interval([1.0, 2.0, 3.0])
    assert mean == 2.0 and low == pytest.approx(2 - 4.302653 / math.sqrt(3), rel=1e-5) and high > 3
    assert interval([None, 2.0]) == (2.0, 2.0, 2.0) and interval([]) == (None, None, None)
    assert (direction(0.1, 0.3), direction(-0.3, -0.1), direction(-0.1, 0.1), direction(None, 1)) == (
        "up",
        "down",
        "flat",
        None,
    )


def test_a_rates_interval_stays_within_0_and_100_percent_and_a_difference_is_not_clipped():
    # Near 100% a t-interval reaches past it: a card once showed 98.4% [93.9%, 102.9%].
    near_one = [1.0, 1.0, 1.0, 0.92, 1.0]
    raw_mean, raw_low, raw_high = interval(near_one)
    assert raw_high > 1.0  # what the card showed before
    assert interval(near_one, (0.0, 1.0)) == (raw_mean, raw_low, 1.0)
    assert interval([0.0, 0.0, 0.08, 0.0, 0.0], (0.0, 1.0))[1] == 0.0
    base = _runs({"response_rate": [0.5] * 5, "overtime_hours": [0.0, 0.0, 0.0, 0.0, 8.0]})
    team = _runs({"response_rate": near_one, "overtime_hours": [0.0, 0.0, 0.0, 0.0, 8.0]})
    card = make_card(base, team, None)
    rate = card["metrics"]["response_rate"]
    assert (rate["low"], rate["high"]) == (pytest.approx(raw_low), 1.0)
    assert rate["diff_high"] > 0.5  # a difference of rates keeps its own interval
    hours = card["metrics"]["overtime_hours"]
    assert hours["low"] < 0.0  # hours are not a rate: their interval is as computed
    board = leaderboard([{"team": "a", "card": card}], "response_rate", summarise_runs(team))
    assert all(0.0 <= row[k] <= 1.0 for row in board for k in ("low", "high"))
    html = page_html("_card.html", "zh", card={**card, "reserved_total": 0, "capacity": 1, "staff": 2}, params={})
    assert '>98.4%</span> <span class="ci">[94.0%, 100.0%]<' in html and "102.8%" not in html


def test_a_card_pairs_replications_and_judges_the_predictions():
    base = _runs({"response_rate": [0.70, 0.80, 0.75, 0.72, 0.78], "satisfaction_rate": [0.6, 0.7, 0.65, 0.6, 0.7]})
    team = _runs(
        {
            "response_rate": [0.75, 0.85, 0.80, 0.76, 0.83],  # up on every seed: up
            "satisfaction_rate": [0.61, 0.69, 0.66, 0.6, 0.7],  # wobbles around the community: level
            "resolution_rate": [0.7, 0.69, 0.71, 0.7, 0.7],  # down from 0.8 everywhere
        }
    )
    prediction = {
        "response_rate": "up",
        "satisfaction_rate": "up",
        "resolution_rate": "down",
        "on_time_closure_rate": "flat",
    }
    card = make_card(base, team, prediction, {"staff": 3})
    assert card["outcome"] == {
        "response_rate": "up",
        "resolution_rate": "down",
        "satisfaction_rate": "flat",
        "on_time_closure_rate": "flat",
    }
    assert card["right"] == {
        "response_rate": True,
        "resolution_rate": True,
        "satisfaction_rate": False,
        "on_time_closure_rate": True,
    }
    assert card["score"] == 3 and card["staff"] == 3 and card["reps"] == 5
    assert card["metrics"]["response_rate"]["diff"] == pytest.approx(0.048)
    assert card["hours"] == {"fix": 30.0}
    assert make_card(base, team, None)["score"] == 0  # no prediction: nothing right


def test_leaderboard_ranks_by_the_better_direction_and_ties_share_a_rank():
    def entry(name, value, hours=1000.0):
        runs = _runs({"on_time_closure_rate": [value] * 5, "resolution_time_median": [value * 10] * 5})
        for r in runs:
            r["metrics"]["staff_hours"] = hours
        return {"team": name, "card": make_card(_runs({}), runs, None)}

    cards = [entry("a", 0.7), entry("b", 0.9), entry("c", 0.7)]
    board = leaderboard(cards, "on_time_closure_rate")
    assert [(r["team"], r["rank"]) for r in board] == [("b", 1), ("a", 2), ("c", 2)]
    times = leaderboard(cards, "resolution_time_median")  # lower is better
    assert [r["team"] for r in times][0] in ("a", "c") and times[-1]["team"] == "b"
    community = {"on_time_closure_rate": {"mean": 0.8, "low": 0.8, "high": 0.8}}
    with_community = leaderboard(cards, "on_time_closure_rate", community)
    assert [r["team"] for r in with_community] == ["b", None, "a", "c"]
    assert [r["rank"] for r in with_community] == [1, None, 2, 2]


def test_the_pareto_front_keeps_the_strategies_nobody_beats():
    def entry(name, value, hours):
        runs = _runs({"on_time_closure_rate": [value] * 5})
        for r in runs:
            r["metrics"]["staff_hours"] = hours
        return {"team": name, "card": make_card(_runs({}), runs, None)}

    cards = [entry("cheap", 0.6, 500), entry("best", 0.9, 1500), entry("worse", 0.55, 900), entry("mid", 0.8, 1000)]
    front = {p["team"]: p["front"] for p in scatter(cards, "on_time_closure_rate")}
    assert front == {"cheap": True, "best": True, "worse": False, "mid": True}


def _scatter_points(*teams: tuple[str | None, float, float]) -> list[dict]:
    """Scatter points as ``results.scatter`` makes them (team None: the community as it is)."""

    def entry(name, value, hours):
        runs = _runs({"on_time_closure_rate": [value] * 5})
        for r in runs:
            r["metrics"]["staff_hours"] = hours
        return runs

    cards = [{"team": n, "card": make_card(_runs({}), entry(n, v, h), None)} for n, v, h in teams if n is not None]
    community = [summarise_runs(entry(None, v, h)) for n, v, h in teams if n is None]
    return scatter(cards, "on_time_closure_rate", community[0] if community else None)


def _ink(p: dict, font: float) -> tuple[float, float, float, float]:
    """The box a name's ink takes, worked out here: 1 em a character (the names below are Chinese)."""
    width = len(p["label"]) * font
    x0 = {"start": p["lx"], "end": p["lx"] - width, "middle": p["lx"] - width / 2}[p["anchor"]]
    return (x0, p["ly"] - font, x0 + width, p["ly"] + 0.25 * font)


def _apart(a: tuple, b: tuple) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


@pytest.mark.parametrize("size", [WIDE, COMPACT])
def test_names_of_coinciding_points_do_not_overlap(size):
    # A team that chose exactly the community's settings sits on the community's point.
    points = _scatter_points(("红旗队", 0.8, 1000.0), (None, 0.8, 1000.0), ("先锋队", 0.9, 1400.0))
    layout = scatter_layout(points, "on_time_closure_rate", size, own="红旗队", community="社区现状")
    by_name = {p["label"]: p for p in layout["points"]}
    team, community = by_name["红旗队"], by_name["社区现状"]
    assert (team["px"], team["py"]) == (community["px"], community["py"])
    boxes = [_ink(p, size.label_font) for p in layout["points"]]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert _apart(a, b), (a, b)
        for p in layout["points"]:  # nor does a name cover a point
            r = p["r"] + (3 if p["own"] else 0)  # the team's own point has a ring 3 units out
            circle = (p["px"] - r, p["py"] - r, p["px"] + r, p["py"] + r)
            assert _apart(a, circle), (a, p)
    # a name stays in the picture
    assert all(b[0] >= 0 and b[1] >= 0 and b[2] <= size.width and b[3] <= size.height for b in boxes)


def test_the_phone_scatter_draws_text_at_12_px_and_names_the_points_that_matter():
    # On a 390-px phone the card's inside is 390 - 2 x 12 (main) - 2 x (14.4 + 1) (card) = 335 px:
    # a viewBox no wider is drawn at its own size or larger, so a font of 12 units is 12 px or more.
    assert COMPACT.width <= 335
    teams = [(f"第{i}队", 0.5 + 0.02 * i, 800.0 + 60 * ((i * 7) % 12)) for i in range(12)]
    points = _scatter_points(*teams, (None, 0.6, 900.0))
    plots = scatter_plots({"scatter": points, "y": "on_time_closure_rate"}, "zh", own="第2队")
    compact = plots["compact"]
    assert min(compact["tick_font"], compact["label_font"], compact["title_font"]) >= 12
    named = {p["label"] for p in compact["points"] if p["label"] is not None}
    front = {p["team"] for p in points if p["front"]}
    assert named == front | {"第2队", "社区现状"} and len(named) < len(points)
    assert all(p["label"] is not None for p in plots["wide"]["points"])  # the projector names them all
    standings = {"scatter": points, "y": "on_time_closure_rate", "metric": "on_time_closure_rate"}
    html = page_html("_standings.html", "zh", standings={**standings, "leaderboard": [], "tally": []}, plot=plots)
    svg = re.search(r'<svg class="scatter scatter-compact" viewBox="0 0 (\d+) (\d+)".*?</svg>', html, re.S)
    assert int(svg.group(1)) <= 335
    sizes = [float(v) for v in re.findall(r'font-size="([\d.]+)"', svg.group(0))]
    assert sizes and min(sizes) >= 12
    assert (
        "灰点是社区现状，带黑圈的点是你们队。" in html
        and "小屏幕上只写出帕累托前沿上的队伍、你们队和社区现状的名字" in html
    )
    long = _scatter_points(("一个很长很长很长很长的队伍名字", 0.7, 900.0))
    cut = scatter_layout(long, "on_time_closure_rate", COMPACT, community="社区现状")["points"][0]["label"]
    assert cut.endswith("…") and len(cut) <= COMPACT.label_em


def test_the_tally_counts_predictions_against_outcomes():
    base = _runs({"response_rate": [0.7] * 5})
    rose = _runs({"response_rate": [0.75, 0.76, 0.77, 0.78, 0.79]})
    level = _runs({"response_rate": [0.69, 0.71, 0.7, 0.69, 0.71]})
    up = {**PREDICT_UP}
    cards = [
        {"team": "a", "card": make_card(base, rose, up)},
        {"team": "b", "card": make_card(base, level, up)},
        {"team": "c", "card": make_card(base, level, {**up, "response_rate": "flat"})},
    ]
    rows = {(r["metric"], r["predicted"]): r for r in tally(cards)}
    up_row = rows[("response_rate", "up")]
    assert (up_row["teams"], up_row["total"], up_row["right"]) == (2, 3, 1)
    assert up_row["came"] == {"up": 1, "down": 0, "flat": 1}
    assert rows[("response_rate", "flat")]["right"] == 1
    line = t(
        "workshop.tally.line",
        "en",
        teams=2,
        total=3,
        metric="satisfaction",
        dir=t("workshop.tally.dir.up", "en"),
        came=t("workshop.tally.came.up", "en", n=1),
    )
    assert line == "2 of 3 teams predicted that satisfaction would rise: it rose for 1."


# ---------------------------------------------------------------------------- resuming --
def test_a_resumed_room_keeps_its_settings_and_gets_a_new_facilitator_secret(tmp_path, small_file):
    path = tmp_path / "room.db"
    game, first, _ = Game.start(path, scenario=small_file, reps=6, seed=5, staff=(1, 4))
    team, secret = game.join(game.room["code"], "Alpha")
    code = game.room["code"]
    game.store.close()
    again, second, resumed = Game.start(path, scenario="baseline", reps=9)
    assert resumed and second != first
    assert not again.is_facilitator(first) and again.is_facilitator(second)
    assert (again.room["code"], again.room["reps"], again.room["session_seed"]) == (code, 6, 5)
    assert (again.room["staff_min"], again.room["staff_max"], again.scenario.name) == (1, 4, "workshop-small")
    assert again.team(secret)["name"] == "Alpha"  # the team's browser is still its team
    assert again.seeds() == game.seeds()
    again.store.close()


def test_a_refused_start_leaves_no_session_file(tmp_path):
    path = tmp_path / "room.db"
    with pytest.raises(WorkshopError):
        Game.start(path, scenario="baseline", reps=2)
    assert not path.exists()
    assert choice_table(load_scenario("baseline").params)["stations"] == (0, 2, 4, 8)


def test_every_text_the_templates_name_exists_in_both_languages():
    from importlib import resources

    from sim.i18n import TABLE

    templates = resources.files("sim.workshop") / "templates"
    named = set()
    for page in templates.iterdir():
        source = page.read_text(encoding="utf-8")
        named |= set(re.findall(r"tr\('([\w.]+)'\)", source)) | set(re.findall(r"tr\('([\w.]+)',", source))
        # keys built from a prefix and a state, direction or outcome
        for prefix in re.findall(r"tr\('([\w.]+\.)' ~", source):
            ends = ("none", "open", "submitted", "closed", "revealed", "up", "down", "flat")
            named |= {prefix + end for end in ends} & set(TABLE)
    assert len(named) > 60
    assert sorted(k for k in named if k not in TABLE) == []
    for prefix in ("workshop.state.", "workshop.dir.", "workshop.tally.dir.", "workshop.tally.came."):
        ends = (
            {"none", "open", "submitted", "closed", "revealed"}
            if prefix == "workshop.state."
            else {"up", "down", "flat"}
        )
        assert {prefix + end for end in ends} <= set(TABLE), prefix


# ---------------------------------------------------------------------------- events --
STORM = {"kind": "storm", "start": 10, "days": 10, "factor": 3}


@pytest.fixture
def staffed(tmp_path, small_file):
    """A room whose teams have at least two staff, so that one may be away."""
    game, _, _ = Game.start(tmp_path / "staffed.db", scenario=small_file, reps=5, seed=11, staff=(2, 4))
    yield game
    game.store.close()


def test_events_are_checked_and_a_refused_one_stores_nothing(staffed, game):
    storm = staffed.add_event(STORM)
    assert storm == {**STORM, "factor": 3.0, "id": storm["id"]} and isinstance(storm["id"], int)
    bad = [
        ({"kind": "flood", "start": 1}, "event_kind", "kind"),
        ({**STORM, "colour": "red"}, "unknown_field", "colour"),
        ({**STORM, "factor": 11}, "event_float", "factor"),
        ({**STORM, "factor": 1.2}, "event_float", "factor"),
        ({**STORM, "factor": True}, "event_float", "factor"),
        ({**STORM, "factor": float("nan")}, "event_float", "factor"),
        ({**STORM, "start": 30, "days": 2.5}, "event_int", "days"),
        ({**STORM, "start": -1}, "event_int", "start"),
        ({**STORM, "start": 60}, "event_int", "start"),  # the year is days 0–59
        ({**STORM, "start": 55}, "event_too_long", "start"),  # ten days from day 55 run past the year
        ({**STORM, "start": 15}, "event_overlap", "start"),  # a second storm while the first blows
        ({"kind": "absence", "start": 0, "staff": 2, "weeks": 1}, "event_int", "staff"),  # one of two must stay
        ({"kind": "compound", "start": 0, "households": 401}, "event_int", "households"),
        ({"kind": "compound", "start": 0}, "event_int", "households"),
        ("storm", "not_object", None),
    ]
    for payload, code, field in bad:
        err = _error(staffed.add_event, payload)
        assert (err.code, err.field) == (code, field), payload
    assert "2.5" in _error(staffed.add_event, {**STORM, "start": 30, "days": 2.5}).text("en")
    assert [e["id"] for e in staffed.store.events()] == [storm["id"]]
    # A room where a team may have one person: nobody can be away.
    err = _error(game.add_event, {"kind": "absence", "start": 0, "staff": 1, "weeks": 1})
    assert err.code == "event_impossible" and "人员缺岗" in err.text("zh") and "Staff away" in err.text("en")
    # Events change between rounds, never while one is open.
    staffed.open_round()
    err = _error(staffed.add_event, {**STORM, "start": 40})
    assert (err.code, err.status) == ("events_while_open", 409)
    assert _error(staffed.remove_event, storm["id"]).code == "events_while_open"
    staffed.close_round()
    assert _error(staffed.remove_event, 999).code == "no_event"
    assert _error(staffed.remove_event, "1").code == "no_event"
    assert staffed.remove_event(storm["id"]) == storm["id"] and staffed.store.events() == []


def test_a_room_holds_a_bounded_number_of_events(staffed):
    for k in range(MAX_EVENTS):
        staffed.add_event({**STORM, "start": 6 * k, "days": 5})
    err = _error(staffed.add_event, {"kind": "compound", "start": 1, "households": 10})
    assert (err.code, err.status) == ("events_full", 409) and len(staffed.store.events()) == MAX_EVENTS


def test_each_event_is_the_models_shock_and_says_so_in_both_languages(staffed):
    params = staffed.scenario.params
    events = [
        staffed.add_event(STORM),
        staffed.add_event({"kind": "absence", "start": 20, "staff": 1, "weeks": 2}),
        staffed.add_event({"kind": "slowdown", "start": 5, "days": 30, "factor": 2.5}),
        staffed.add_event({"kind": "compound", "start": 40, "households": 100}),
    ]
    shocks = shocks_of(events, params)
    assert [(s.start, s.end) for s in shocks] == [(10, 20), (20, 30), (5, 35), (40, None)]
    assert shocks[0].scale == (("arrival_scale.hazard", 3.0),)
    assert shocks[1].set == (("staff_absent", params["staff_absent"] + 1),)
    assert shocks[2].scale == (("department_case_hours", 2.5),)
    assert shocks[3].set == (("new_households", 100),) and shocks[3].scale == ()  # homes of its own
    zh = [event_line(e, "zh", params) for e in events]
    en = [event_line(e, "en", params) for e in events]
    assert zh[0] == "暴雨：第 10–19 天，安全隐患诉求 × 3"
    assert en[1].startswith("Staff away: days 20–29 (2 weeks), 1 staff away")
    assert "新增 100 户" in zh[3] and "地图" in zh[3]
    assert "100 new households" in en[3] and "on the map" in en[3]
    for kind, fields in KINDS.items():
        for key in ("name", "description", "line"):
            assert all(t(f"workshop.event.{kind}.{key}", lang) for lang in ("zh", "en"))
        for field in ("start", *(f.name for f in fields)):
            assert t(f"workshop.event.field.{field}", "zh") != t(f"workshop.event.field.{field}", "en")


def test_a_round_keeps_the_events_it_opened_with_and_they_survive_a_restart(tmp_path, small_file):
    path = tmp_path / "room.db"
    game, _, _ = Game.start(path, scenario=small_file, reps=5, seed=11, staff=(2, 4))
    storm = game.add_event(STORM)
    assert game.open_round() == 1
    game.reveal_round()
    game.remove_event(storm["id"])
    compound = game.add_event({"kind": "compound", "start": 30, "households": 50})
    assert game.open_round() == 2
    game.reveal_round()
    absence = game.add_event({"kind": "absence", "start": 5, "staff": 1, "weeks": 1})
    game.store.close()
    again, _, resumed = Game.start(path)
    first, second = again.store.rounds()
    assert resumed and again.store.round_events(first["id"]) == [storm]
    assert again.store.round_events(second["id"]) == [compound]
    assert again.store.events() == [compound, absence]  # in force for the rounds to come
    assert again.round_scenario(first).shocks == shocks_of([storm], again.scenario.params)
    again.store.close()


def test_an_event_changes_the_rounds_community_and_every_teams_run_the_same_way(staffed):
    """The round's community and each team run with the same shocks on the same seeds: until the
    event's first day each run is the run without it, draw for draw; from that day on it differs."""
    event = staffed.add_event({"kind": "storm", "start": 20, "days": 15, "factor": 8})
    staffed.open_round()
    current = staffed.store.last_round()
    events = staffed.store.round_events(current["id"])
    seed = staffed.seeds()[0]
    choices = [{"staff": 2, "levers": {}}, {"staff": 4, "levers": {"callback": True, "visit_share": 0.2}}]
    runs = [(staffed.scenario, staffed.round_scenario(current))]
    for payload in choices:
        choice = staffed.check_choice(payload)
        runs.append((staffed.scenario_of(choice), staffed.scenario_of(choice, events)))
    added = shocks_of([event], staffed.scenario.params)
    for plain, shocked in runs:
        assert shocked.shocks == plain.shocks + added  # the same shock for the community and every team
        a, b = run(plain, seed=seed, keep_model=False), run(shocked, seed=seed, keep_model=False)
        before, after = a.daily["day"] < 20, a.daily["day"] >= 20
        assert a.daily[before].equals(b.daily[before])
        hazards = [(r.issues["category"] == "hazard") & (r.issues["created"] >= 20) for r in (a, b)]
        assert hazards[1].sum() > 2 * hazards[0].sum()
        assert not a.daily[after].equals(b.daily[after])


def test_a_community_with_shocks_of_its_own_keeps_them_beside_the_events(tmp_path):
    path = tmp_path / "shocked.toml"
    path.write_text(SMALL + "\n[[shocks]]\nname_en = 'Call-backs'\nstart = 45\n[shocks.set]\ncallback = true\n")
    own = load_scenario(path).shocks
    game, _, _ = Game.start(tmp_path / "room.db", scenario=path, reps=5, seed=11, staff=(2, 4))
    game.store.close()
    again, _, resumed = Game.start(tmp_path / "room.db")  # the community comes back from the session file
    assert resumed and again.scenario.shocks == own and own[0].set == (("callback", True),)
    event = again.add_event(STORM)
    again.open_round()
    current = again.store.last_round()
    added = shocks_of([event], again.scenario.params)
    assert again.round_scenario(current).shocks == own + added
    choice = again.check_choice({"staff": 3, "levers": {"visit_share": 0.1}})
    assert again.scenario_of(choice, [event]).shocks == own + added
    assert again.scenario_of(choice).shocks == own
    again.store.close()
