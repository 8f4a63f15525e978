"""The workshop game (工作坊游戏): a room plays one community year together, round by round.

No web code here: the server (``sim.workshop.app``) calls these methods and turns a
``WorkshopError`` into one clear message. The flow of a round:

1. the facilitator opens a round;
2. each team predicts which way its choice will move the response, resolution and
   satisfaction rates and on-time closure, against the community as it is (↑ ↓ —);
3. each team chooses practices (``rules.CHOICES``) and its staffing within the
   facilitator's range, under a budget: the staff hours a year the choice reserves
   (``budget.reserved_hours``) may not exceed the staff's hours (staff × hours a day × 250);
4. it submits once; the server runs the choice ``reps`` times on the room's replication
   seeds, the same as the community's, and keeps the team's result card;
5. the facilitator closes the round, then reveals it: every team sees the leaderboard,
   the strategies' scatter and how the room's predictions fared.

Between rounds the facilitator may set events (``sim.workshop.events``: a storm, staff away,
a slow department, a new compound); a round opens with the events in force, and its
community as it is and every team's choice are run under them. After a round closes, the
facilitator's debrief replays two teams on the same seed, or branches one team's year
("the same year, but with call-backs from day 100"): ``sim.workshop.debrief``.

A team is a browser: joining gives a secret the browser keeps (its cookie), and only
the hash of the secret is stored. The facilitator's secret is new at every start of the
server (only its hash is stored), so an old facilitator link stops working after a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from ..model.shocks import Shock
from ..params import PARAMS
from ..run import replication_seed
from ..scenario import Scenario, load_scenario
from .budget import capacity, reserved_hours
from .events import check_event, shocks_of
from .results import leaderboard, make_card, scatter, summarise_runs, tally
from .rules import (
    CODE_LENGTH,
    CODE_LETTERS,
    DIRECTIONS,
    LEADERBOARD_METRICS,
    MAX_TEAMS,
    MESSAGE_MAX,
    NAME_MAX,
    PREDICTED,
    REPS_MAX,
    REPS_MIN,
    SCATTER_METRICS,
    WorkshopError,
    allowed_text,
    as_object,
    choice_table,
    default_choice,
    fail,
    same,
    shown,
)
from .store import DuplicateError, Store

DEFAULT_SCENARIO = "stretched-baseline"
STAFF_BELOW, STAFF_ABOVE = 1, 3  # the default staffing range around the community's own staff
BUDGET_CACHE = 4096  # choices whose reserved hours are kept (each costs a few milliseconds to price)


def secret_hash(secret: str) -> str:
    """The stored form of a secret (SHA-256: the secrets are long random tokens, not passwords)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_code() -> str:
    """A short room code without look-alike characters."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def check_reps(reps: Any) -> int:
    """The replications per choice: an integer from ``REPS_MIN`` to ``REPS_MAX``."""
    if isinstance(reps, bool) or not isinstance(reps, int) or not REPS_MIN <= reps <= REPS_MAX:
        raise fail("reps", field="reps", value=repr(reps), lo=REPS_MIN, hi=REPS_MAX)
    return reps


def staff_range(params: dict[str, Any], lo: int | None = None, hi: int | None = None) -> tuple[int, int]:
    """The staffing a team may choose: by default one below to three above the community's own."""
    p = PARAMS["staff"]
    top = int(min(p.hi, params["households"]))
    lo = max(1, params["staff"] - STAFF_BELOW) if lo is None else lo
    hi = min(top, params["staff"] + STAFF_ABOVE) if hi is None else hi
    if not 1 <= lo <= hi <= top:
        raise fail("staff_range", field="staff", lo=lo, hi=hi, top=top)
    return lo, hi


class Game:
    """One room of the workshop, kept in a session file.

    Use ``Game.start`` to create a room or resume the one in a file.

    Attributes:
        store: the session file.
        room: the room's settings as stored.
        scenario: the community as it is.
        table: the values a team may pick for each practice.
    """

    def __init__(self, store: Store):
        """Read the room of ``store`` (which must hold one)."""
        self.store = store
        self.room = store.room()
        if self.room is None:
            raise ValueError("the session file holds no room")
        self.scenario = scenario_from(self.room["scenario"])
        self.table = choice_table(self.scenario.params)
        self._budgets: dict[tuple, dict[str, float]] = {}

    # ------------------------------------------------------------------ the room --
    @classmethod
    def start(
        cls,
        path: str | Path,
        scenario: str | Path | Scenario = DEFAULT_SCENARIO,
        reps: int = 5,
        lang: str = "zh",
        seed: int | None = None,
        staff: tuple[int, int] | None = None,
    ) -> tuple[Game, str, bool]:
        """Create the room in a session file, or resume the room the file holds.

        A resumed room keeps its settings (the other arguments are not used) and gets a
        new facilitator secret.

        Returns:
            The game, the facilitator's secret and whether the room was resumed.

        Raises:
            ScenarioError: for a scenario that cannot be loaded, bad ``reps`` or staffing.
        """
        created = not Path(path).exists()
        store = Store(path)
        secret = secrets.token_urlsafe(18)
        if store.room() is not None:
            store.update_room(facilitator_hash=secret_hash(secret))
            return cls(store), secret, True
        try:
            sc = load_scenario(scenario)
            reps = check_reps(reps)
            lo, hi = staff_range(sc.params, *(staff or (None, None)))
        except ScenarioError:
            store.close()
            if created:  # a refused start leaves no empty session behind (and never removes a file it found)
                for leftover in (Path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
                    leftover.unlink(missing_ok=True)
            raise
        store.create_room(
            code=new_code(),
            facilitator_hash=secret_hash(secret),
            lang=lang,
            scenario=asdict(sc),
            reps=reps,
            session_seed=secrets.randbelow(2**31) if seed is None else int(seed),
            staff_min=lo,
            staff_max=hi,
        )
        return cls(store), secret, False

    def reload(self) -> None:
        """Read the room's settings again (after a change)."""
        self.room = self.store.room()

    def seeds(self) -> list[int]:
        """The replication seeds every choice and the community are run on (common random numbers)."""
        return [replication_seed(self.room["session_seed"], r) for r in range(self.room["reps"])]

    def is_facilitator(self, secret: str | None) -> bool:
        """Whether ``secret`` is the facilitator's (compared in constant time)."""
        return bool(secret) and hmac.compare_digest(secret_hash(secret), self.room["facilitator_hash"])

    # ------------------------------------------------------------------ teams --
    def join(self, code: Any, name: Any) -> tuple[dict[str, Any], str]:
        """A new team joins with the room code and a name; the team and its browser secret.

        Raises:
            WorkshopError: wrong code, a locked or full room, a bad or taken name.
        """
        if not isinstance(code, str) or typed_code(code) != self.room["code"]:
            raise fail("wrong_code", status=403, field="code")
        if self.room["locked"]:
            raise fail("locked", status=403)
        name = check_name(name)
        if len(self.store.teams()) >= MAX_TEAMS:
            raise fail("full", status=403, limit=MAX_TEAMS)
        secret = secrets.token_urlsafe(24)
        try:
            team_id = self.store.add_team(name, name.casefold(), secret_hash(secret))
        except DuplicateError:
            raise fail("name_taken", status=409, field="name") from None
        return {"id": team_id, "name": name}, secret

    def team(self, secret: str | None) -> dict[str, Any] | None:
        """The team whose browser holds ``secret``, or None."""
        if not secret or len(secret) > 200:
            return None
        return self.store.team_by_secret(secret_hash(secret))

    # ------------------------------------------------------------------ a round, for a team --
    def _open_round(self) -> dict[str, Any]:
        current = self.store.last_round()
        if current is None or current["state"] != "open":
            raise fail("round_not_open", status=409)
        return current

    def predict(self, team: dict[str, Any], payload: Any) -> dict[str, str]:
        """Keep a team's predicted directions for the open round (changeable until it submits)."""
        current = self._open_round()
        if self.store.submission(team["id"], current["id"]) is not None:
            raise fail("already_submitted", status=409)
        payload = as_object(payload)
        extra = sorted(set(payload) - set(PREDICTED))
        if extra:
            raise fail("unknown_field", field=extra[0], name=shown(extra[0]), allowed=", ".join(PREDICTED))
        directions = {}
        for metric in PREDICTED:
            value = payload.get(metric)
            if value not in DIRECTIONS:
                raise fail("direction", field=metric, name=metric, value=shown(value), allowed=", ".join(DIRECTIONS))
            directions[metric] = value
        self.store.put_prediction(team["id"], current["id"], directions)
        return directions

    def check_choice(self, payload: Any) -> dict[str, Any]:
        """A team's choice, checked against the table and the staffing range (not the budget).

        The payload is ``{"staff": n, "levers": {lever: value}}``; a lever left out keeps
        the community's current value.

        Raises:
            WorkshopError: an unknown field or lever, or a value not in the table.
        """
        payload = as_object(payload)
        extra = sorted(set(payload) - {"staff", "levers"})
        if extra:
            raise fail("unknown_field", field=extra[0], name=shown(extra[0]), allowed="staff, levers")
        lo, hi = self.room["staff_min"], self.room["staff_max"]
        staff = payload.get("staff", self.scenario.params["staff"])
        if isinstance(staff, bool) or not isinstance(staff, int) or not lo <= staff <= hi:
            raise fail("staff", field="staff", value=shown(staff), lo=lo, hi=hi)
        levers = as_object(payload.get("levers", {}), "levers")
        unknown = sorted(set(levers) - set(self.table))
        if unknown:
            raise fail("unknown_lever", field=unknown[0], name=shown(unknown[0]), allowed=", ".join(self.table))
        chosen = default_choice(self.scenario.params, self.table)
        for lever, value in levers.items():
            match = next((v for v in self.table[lever] if same(v, value)), None)
            if match is None:
                raise fail(
                    "value", field=lever, name=lever, value=shown(value), allowed=allowed_text(self.table[lever])
                )
            chosen[lever] = match
        return {"staff": staff, "levers": chosen}

    def scenario_of(self, choice: dict[str, Any], events: list[dict[str, Any]] | tuple = ()) -> Scenario:
        """The community under a team's choice, and under the events of its round when given."""
        sc = self.scenario.with_values({"staff": choice["staff"], **choice["levers"]}, name=self.scenario.name)
        return sc.with_shocks(*sc.shocks, *shocks_of(events, sc.params)) if events else sc

    def round_scenario(self, current: dict[str, Any]) -> Scenario:
        """The community as it is under a round's events."""
        events = self.store.round_events(current["id"])
        sc = self.scenario
        return sc.with_shocks(*sc.shocks, *shocks_of(events, sc.params)) if events else sc

    def budget(self, choice: dict[str, Any]) -> dict[str, Any]:
        """What a checked choice reserves against the staff's hours: ``{reserved, total, capacity, over}``."""
        key = (choice["staff"], *sorted(choice["levers"].items()))
        hours = self._budgets.get(key)
        if hours is None:
            if len(self._budgets) >= BUDGET_CACHE:  # a bound on what a stream of requests can make it keep
                self._budgets.clear()
            hours = self._budgets[key] = reserved_hours(self.scenario_of(choice))
        total = sum(hours.values())
        cap = capacity({**self.scenario.params, "staff": choice["staff"]})
        return {"reserved": hours, "total": total, "capacity": cap, "over": total > cap}

    def submit(self, team: dict[str, Any], payload: Any) -> dict[str, Any]:
        """Keep a team's choice for the open round; the stored submission (its result is run later).

        Raises:
            WorkshopError: no open round, no prediction yet, a bad or over-budget choice,
                or a second submission.
        """
        current = self._open_round()
        if self.store.prediction(team["id"], current["id"]) is None:
            raise fail("predict_first", status=409)
        choice = self.check_choice(payload)
        cost = self.budget(choice)
        if cost["over"]:
            raise fail("over_budget", field="levers", total=round(cost["total"]), capacity=round(cost["capacity"]))
        choice["reserved"] = cost["reserved"]
        try:
            self.store.add_submission(team["id"], current["id"], choice)
        except DuplicateError:
            raise fail("already_submitted", status=409) from None
        except LookupError:
            raise fail("round_not_open", status=409) from None
        return self.store.submission(team["id"], current["id"])

    # ------------------------------------------------------------------ results --
    def finish(self, submission: dict[str, Any], runs: list[dict[str, Any]]) -> dict[str, Any]:
        """Compute and keep a submission's result card from its runs (the community's of its round are stored)."""
        choice = submission["choice"]
        cost = self.budget({"staff": choice["staff"], "levers": choice["levers"]})
        prediction = self.store.prediction(submission["team_id"], submission["round_id"])
        extra = {
            "staff": choice["staff"],
            "levers": choice["levers"],
            "reserved": cost["reserved"],
            "reserved_total": cost["total"],
            "capacity": cost["capacity"],
            "events": self.store.round_events(submission["round_id"]),
        }
        base = self.baseline_of(submission["round_id"])
        if base is None:
            raise RuntimeError(f"the community of round {submission['round']} has not been run")
        card = make_card(base, runs, prediction, extra)
        self.store.put_result(submission["id"], card)
        return card

    def set_baseline(self, runs: list[dict[str, Any]]) -> None:
        """Keep the runs of the community as it is (once per room)."""
        self.store.update_room(baseline=runs)
        self.reload()

    def baseline_of(self, round_id: int | None) -> list[dict[str, Any]] | None:
        """The runs a round's teams are compared with: the community under the round's events.

        A round without events shares the room's runs of the community. None until they are run.
        """
        if round_id is not None and self.store.round_events(round_id):
            return self.store.round_baseline(round_id)
        return self.room["baseline"]

    def community(self, current: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The community's means and intervals, under a round's events (None until its runs are done)."""
        base = self.baseline_of(current["id"] if current else None)
        return summarise_runs(base) if base else None

    # ------------------------------------------------------------------ the facilitator --
    def open_round(self) -> int:
        """Open the next round; allowed before the first and after the last one is revealed."""
        last = self.store.last_round()
        if last is not None and last["state"] != "revealed":
            raise fail("round_unfinished", status=409, number=last["number"])
        return self.store.open_round()

    def close_round(self) -> int:
        """Close the open round: no more predictions or submissions."""
        current = self._open_round()
        self.store.set_round_state(current["id"], "closed", "closed")
        return current["number"]

    def reveal_round(self) -> int:
        """Reveal the last round to everyone (closing it first if it is still open)."""
        last = self.store.last_round()
        if last is None or last["state"] == "revealed":
            raise fail("nothing_to_reveal", status=409)
        if last["state"] == "open":
            self.store.set_round_state(last["id"], "closed", "closed")
        self.store.set_round_state(last["id"], "revealed", "revealed")
        return last["number"]

    def lock(self, locked: Any) -> bool:
        """Lock the room (no new teams) or unlock it."""
        if not isinstance(locked, bool):
            raise fail("bool", field="locked", name="locked", value=shown(locked))
        self.store.update_room(locked=int(locked))
        self.reload()
        return locked

    def set_view(self, metric: Any, y: Any) -> dict[str, str]:
        """The metric the leaderboard ranks by and the scatter's vertical axis, on every page."""
        if metric not in LEADERBOARD_METRICS:
            raise fail("metric", field="metric", value=shown(metric), allowed=", ".join(LEADERBOARD_METRICS))
        if y not in SCATTER_METRICS:
            raise fail("metric", field="y", value=shown(y), allowed=", ".join(SCATTER_METRICS))
        self.store.update_room(metric=metric, y=y)
        self.reload()
        return {"metric": metric, "y": y}

    def broadcast(self, text: Any) -> int:
        """Send a message to every page."""
        if not isinstance(text, str) or not text.strip() or len(text.strip()) > MESSAGE_MAX:
            raise fail("message", field="text", limit=MESSAGE_MAX)
        return self.store.add_message(text.strip())

    # ------------------------------------------------------------------ events --
    def _no_open_round(self) -> None:
        last = self.store.last_round()
        if last is not None and last["state"] == "open":
            raise fail("events_while_open", status=409, number=last["number"])

    def add_event(self, payload: Any) -> dict[str, Any]:
        """Set an event for the rounds to come (only while no round is open); the event with its id.

        Raises:
            WorkshopError: a round is open, or the event is refused (``events.check_event``).
        """
        self._no_open_round()
        room = self.room
        event = check_event(payload, self.scenario, room["staff_min"], room["staff_max"], self.store.events())
        event_id = self.store.add_event(event)
        if event_id is None:  # a round opened meanwhile
            self._no_open_round()
        return {**event, "id": event_id}

    def remove_event(self, event_id: Any) -> int:
        """Take an event out of the rounds to come (only while no round is open); its id."""
        if isinstance(event_id, bool) or not isinstance(event_id, int):
            raise fail("no_event", status=404, field="id", value=shown(event_id))
        self._no_open_round()
        removed = self.store.remove_event(event_id)
        if removed is None:
            self._no_open_round()
        if not removed:
            raise fail("no_event", status=404, field="id", value=shown(event_id))
        return event_id

    # ------------------------------------------------------------------ views --
    def round_of(self, number: Any = None) -> dict[str, Any] | None:
        """A round by number (the last one when None)."""
        if number is None:
            return self.store.last_round()
        if isinstance(number, bool) or not isinstance(number, int):
            raise fail("round_number", field="round", value=shown(number))
        found = self.store.round_by_number(number)
        if found is None:
            raise fail("round_number", status=404, field="round", value=shown(number))
        return found

    def cards(self, current: dict[str, Any] | None) -> list[dict[str, Any]]:
        """``{"team", "card"}`` of every finished submission of a round."""
        if current is None:
            return []
        return [{"team": s["team"], "card": s["card"]} for s in self.store.submissions(current["id"]) if s["card"]]

    def standings(self, current: dict[str, Any] | None, metric: Any = None, y: Any = None) -> dict[str, Any]:
        """The leaderboard, the scatter and the tally of a round."""
        metric = metric or self.room["metric"]
        y = y or self.room["y"]
        if metric not in LEADERBOARD_METRICS:
            raise fail("metric", field="metric", value=shown(metric), allowed=", ".join(LEADERBOARD_METRICS))
        if y not in SCATTER_METRICS:
            raise fail("metric", field="y", value=shown(y), allowed=", ".join(SCATTER_METRICS))
        cards = self.cards(current)
        community = self.community(current)
        return {
            "round": current["number"] if current else None,
            "metric": metric,
            "y": y,
            "leaderboard": leaderboard(cards, metric, community),
            "scatter": scatter(cards, y, community),
            "tally": tally(cards),
            "finished": len(cards),
        }

    def participant_view(self, team: dict[str, Any] | None) -> dict[str, Any]:
        """What a participant's page may show: its own team's round, and the standings once revealed."""
        current = self.store.last_round()
        view: dict[str, Any] = {
            "locked": self.room["locked"],
            "team": team and {"name": team["name"]},
            "round": current and {"number": current["number"], "state": current["state"]},
            "prediction": None,
            "submission": None,
            "messages": self.store.messages(5),
            "events": self.store.round_events(current["id"]) if current else [],
            "standings": None,
        }
        if current is not None and team is not None:
            view["prediction"] = self.store.prediction(team["id"], current["id"])
            sub = self.store.submission(team["id"], current["id"])
            if sub is not None:
                view["submission"] = {"status": "done" if sub["card"] else "running", "card": sub["card"]}
        if current is not None and current["state"] == "revealed":
            view["standings"] = self.standings(current)
        return view

    def facilitator_view(self, metric: Any = None, y: Any = None) -> dict[str, Any]:
        """Everything the facilitator's page shows: teams and who has submitted, the round, the standings."""
        current = self.store.last_round()
        subs = {s["team_id"]: s for s in self.store.submissions(current["id"])} if current else {}
        predicted = self.store.predictions(current["id"]) if current else {}
        teams = [
            {
                "name": t["name"],
                "predicted": t["id"] in predicted,
                "submitted": t["id"] in subs,
                "done": t["id"] in subs and subs[t["id"]]["card"] is not None,
            }
            for t in self.store.teams()
        ]
        return {
            "code": self.room["code"],
            "locked": self.room["locked"],
            "reps": self.room["reps"],
            "scenario": self.scenario.name,
            "staff": [self.room["staff_min"], self.room["staff_max"]],
            "community_ready": self.room["baseline"] is not None,
            "round": current and {"number": current["number"], "state": current["state"]},
            "round_events": self.store.round_events(current["id"]) if current else [],
            "round_ready": self.baseline_of(current["id"] if current else None) is not None,
            "events": self.store.events(),
            "teams": teams,
            "submitted": len(subs),
            "messages": self.store.messages(5),
            "standings": self.standings(current, metric, y),
        }


def scenario_from(data: dict[str, Any]) -> Scenario:
    """The room's community from its stored form (``dataclasses.asdict`` through JSON), its shocks rebuilt."""
    shocks = tuple(
        Shock(**{**s, "scale": tuple(map(tuple, s["scale"])), "set": tuple(map(tuple, s["set"]))})
        for s in data.get("shocks", ())
    )
    return Scenario(**{**data, "shocks": shocks})


def typed_code(code: str) -> str:
    """A room code as a team typed it, read the way the room shows it.

    Every space goes (the projector spaces the letters out, and people copy the gaps),
    letters become capitals, and full-width letters and spaces from a Chinese input method
    become their plain forms (NFKC).
    """
    return "".join(unicodedata.normalize("NFKC", code).split()).upper()


def check_name(name: Any) -> str:
    """A team name: trimmed, 1 to ``NAME_MAX`` characters, no control characters."""
    if not isinstance(name, str):
        raise fail("name", field="name", limit=NAME_MAX)
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX or not name.isprintable():
        raise fail("name", field="name", limit=NAME_MAX)
    return name


__all__ = ["DEFAULT_SCENARIO", "Game", "WorkshopError", "check_name", "check_reps", "secret_hash", "staff_range"]
