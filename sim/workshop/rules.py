"""The rules of the workshop game (游戏规则): what a team may choose, predict and be told.

The game's practices are a subset of ``sim.params.LEVERS``, each with a short table of
values, chosen so that every choice fits on a phone and means something to new staff:

* kept: the order of work, needs surveys, patient listening, household visits, the quick
  call, following up hard cases, call-backs, linkage with the departments, gridding, the
  standard process, hazard inspections, service stations, the whistle, mediation and
  volunteer points — what a community's own team decides;
* left out: cadre pairing, reporting party members, community partners, the patrol team
  and '60 helps 80' — resources the county or the residents bring, which a community
  team cannot simply switch on.

Errors a participant or the facilitator can cause are ``WorkshopError``: a message in
both languages (from ``sim.text.workshop``), the HTTP status the server answers with, a
short code and, where one field is wrong, its name.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import ScenarioError
from ..params import PARAMS

# lever -> the values a team may pick, in the order the page shows them
CHOICES: dict[str, tuple[Any, ...]] = {
    "priority_rule": ("fifo", "convenience", "resident_first"),
    "survey_interval": (0.0, 125.0, 60.0, 20.0),
    "listening_minutes": (0.0, 5.0, 15.0, 30.0),
    "visit_share": (0.0, 0.1, 0.2, 0.3, 0.5),
    "quick_contact": (False, True),
    "follow_up": (False, True),
    "callback": (False, True),
    "linkage": (0.0, 0.5, 0.8, 1.0),
    "gridding": (False, True),
    "process_compliance": (0.0, 0.5, 0.9),
    "inspection_interval": (0.0, 125.0, 60.0, 20.0),
    "stations": (0, 2, 4, 8),
    "whistle_days": (0.0, 20.0, 10.0, 5.0),
    "mediation": (False, True),
    "volunteer_points": (False, True),
}
# How each lever's values read (texts "workshop.value.*"): a switch, a named choice, an
# interval in working days where 0 means "not done", a share, minutes, a count.
VALUE_KINDS: dict[str, str] = {
    "priority_rule": "choice",
    "survey_interval": "interval",
    "listening_minutes": "minutes",
    "visit_share": "share",
    "quick_contact": "bool",
    "follow_up": "bool",
    "callback": "bool",
    "linkage": "share",
    "gridding": "bool",
    "process_compliance": "share",
    "inspection_interval": "interval",
    "stations": "count",
    "whistle_days": "interval",
    "mediation": "bool",
    "volunteer_points": "bool",
}

# The practices a counterfactual branch may change from a day on: the game's, among those the
# model can switch mid-run (the others build desks, stations or rounds when the community is set up).
BRANCH_LEVERS: tuple[str, ...] = tuple(lever for lever in CHOICES if PARAMS[lever].mid_run)

# The four outcomes a team predicts, and the directions it may predict.
PREDICTED: tuple[str, ...] = ("response_rate", "resolution_rate", "satisfaction_rate", "on_time_closure_rate")
DIRECTIONS: tuple[str, ...] = ("up", "down", "flat")
ARROWS = {"up": "↑", "down": "↓", "flat": "—"}
# What a result card shows (means over the replications, with 95% intervals).
CARD_METRICS: tuple[str, ...] = (
    *PREDICTED,
    "resolution_time_median",
    "resolution_time_p90",
    "hidden_never_found",
    "staff_hours",
    "overtime_hours",
)
# What the facilitator may rank teams by, and plot against staff hours.
LEADERBOARD_METRICS: tuple[str, ...] = CARD_METRICS
SCATTER_METRICS: tuple[str, ...] = ("on_time_closure_rate", "satisfaction_rate")

NAME_MAX = 24  # characters of a team name
MESSAGE_MAX = 280  # characters of a broadcast message
CODE_LETTERS = "ACDEFHJKMNPRTUVWXY3479"  # no look-alikes: no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B
CODE_LENGTH = 4
REPS_MIN, REPS_MAX = 5, 50
MAX_TEAMS = 60  # a room of 20–30 trainees with room to spare; bounds what one room can store
MAX_BODY = 20_000  # bytes of a request body


class WorkshopError(ScenarioError):
    """Something a participant or the facilitator asked for that the game refuses.

    Attributes:
        status: the HTTP status the server answers with.
        code: a short machine-readable name (the last part of the text's key).
        field: the field that is wrong, when one is.
    """

    status: int = 400
    code: str = "bad_request"
    field: str | None = None


def fail(key: str, status: int = 400, field: str | None = None, **values: Any) -> WorkshopError:
    """The error whose texts are ``workshop.error.<key>``, to raise."""
    err = WorkshopError.keyed(f"workshop.error.{key}", **values)
    err.status, err.code, err.field = status, key, field
    return err


def model_error(exc: ScenarioError) -> WorkshopError:
    """The model's refusal (a shock that cannot apply) as the game's, its message kept in both languages."""
    err = WorkshopError(str(exc), exc.zh)
    err.status, err.code, err.field = 400, "model", None
    return err


def as_object(payload: Any, field: str | None = None) -> dict[str, Any]:
    """A request's JSON object (or one of its fields), or the refusal ``not_object``."""
    if not isinstance(payload, dict):
        raise fail("not_object", field=field)
    return payload


def shown(value: Any) -> str:
    """A value for a message, short (the page escapes it)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def choice_table(params: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """The values a team may pick in a community: no more stations than compounds."""
    table = dict(CHOICES)
    table["stations"] = tuple(n for n in CHOICES["stations"] if n <= params["compounds"])
    return table


def default_choice(params: dict[str, Any], table: dict[str, tuple[Any, ...]]) -> dict[str, Any]:
    """The community as it is, in the game's terms: each lever at the scenario's value when allowed."""
    out = {}
    for lever, values in table.items():
        current = params[lever]
        out[lever] = next((v for v in values if same(v, current)), values[0])
    return out


def same(a: Any, b: Any) -> bool:
    """Whether two values of a lever are the same value (``True`` is not ``1``; 0.1 is 0.1)."""
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return type(a) is type(b) and a == b
    try:
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def allowed_text(values: tuple[Any, ...]) -> str:
    """The allowed values of a field as the API takes them (JSON literals)."""
    return ", ".join(_json_literal(v) for v in values)


def _json_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:g}"
