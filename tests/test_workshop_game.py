"""The workshop's game logic, without a server: the session file, the rules, the budget, the cards."""

from __future__ import annotations

import math
import re
import sqlite3

import pytest

from sim import LEVERS, PARAMS, load_scenario, run
from sim.i18n import t
from sim.workshop.budget import capacity, reserved_hours
from sim.workshop.game import Game, check_name, secret_hash
from sim.workshop.results import direction, interval, leaderboard, make_card, scatter, tally
from sim.workshop.rules import CHOICES, CODE_LETTERS, PREDICTED, VALUE_KINDS, WorkshopError, choice_table
from sim.workshop.store import DuplicateError, Store

SMALL = """
name = "workshop-small"
extends = "stretched-baseline"
title_zh = "小社区"
title_en = "Small community"

[params]
households = 400
compounds = 4
staff = 2
days = 60
warmup_days = 20
"""
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
    assert _error(game.join, code, "alpha").code == "name_taken"
    game.lock(True)
    assert _error(game.join, code, "Beta").code == "locked"
    game.lock(False)
    game.join(code, "Beta")
    assert [t["name"] for t in game.store.teams()] == ["Alpha", "Beta"]


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
            named |= {prefix + end for end in ("none", "open", "closed", "revealed", "up", "down", "flat")} & set(TABLE)
    assert len(named) > 60
    assert sorted(k for k in named if k not in TABLE) == []
    for prefix in ("workshop.state.", "workshop.dir.", "workshop.tally.dir.", "workshop.tally.came."):
        ends = {"none", "open", "closed", "revealed"} if prefix == "workshop.state." else {"up", "down", "flat"}
        assert {prefix + end for end in ends} <= set(TABLE), prefix
