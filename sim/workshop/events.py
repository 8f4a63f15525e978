"""Events the facilitator injects (主持人注入的事件): a storm, staff away, a slow department, a new compound.

Each event is one of the model's shocks (``sim.model.shocks.Shock``): some parameters changed
for a window of observed working days. The facilitator sets events between rounds; a round
that opens takes the events in force then, and every team's runs of that round and the
round's community as it is run with them, on the room's seeds (common random numbers). The
events stay in force for the rounds after, until the facilitator removes them.

The kinds, with what the facilitator sets (``KINDS``):

* ``storm`` (暴雨): safety-hazard issues × ``factor`` for ``days`` working days
  (``arrival_scale.hazard``);
* ``absence`` (人员缺岗): ``staff`` more people away for ``weeks`` weeks of five working days
  (``staff_absent``; with gridding, the workers of the busiest grids);
* ``slowdown`` (部门办件变慢): the departments' handling time × ``factor`` for ``days`` days
  (``department_case_hours``);
* ``compound`` (新小区入住): ``households`` new households from the day it opens to the end of the
  year (``new_households``): a new compound on the map, joined to the grid next to it, whose
  homes bring issues like the average home's and enter the rounds of visits and surveys.

An event is stored as plain data: ``{"kind", "start", <its fields>}`` (plus its ``id`` in the
session file). ``check_event`` validates one against the room; ``shocks_of`` turns a list into
shocks; ``event_line`` says one in a language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ScenarioError
from ..i18n import t
from ..model.shocks import Shock
from ..scenario import Scenario
from ..text import Part
from .rules import as_object, fail, model_error, shown

DAYS_PER_WEEK = 5  # working days
MAX_EVENTS = 8  # events in force at once: more than a year of training needs, and quick to check


@dataclass(frozen=True)
class Field:
    """One value the facilitator sets for an event.

    Attributes:
        name: its key in the API and the session file.
        kind: "int" or "float".
        lo: the least allowed value.
        hi: the largest allowed value (None: set by the room, see ``bounds``).
        default: what the facilitator's form proposes.
    """

    name: str
    kind: str
    lo: float
    hi: float | None
    default: float


# kind -> the fields it takes besides "start", in the order the page shows them
KINDS: dict[str, tuple[Field, ...]] = {
    "storm": (Field("factor", "float", 1.5, 10, 3), Field("days", "int", 1, 60, 10)),
    "absence": (Field("staff", "int", 1, None, 1), Field("weeks", "int", 1, 12, 2)),
    "slowdown": (Field("factor", "float", 1.5, 10, 2), Field("days", "int", 1, 120, 20)),
    "compound": (Field("households", "int", 1, None, 200),),
}
# kind -> the parameter its shock changes
PARAMETER = {
    "storm": "arrival_scale.hazard",
    "absence": "staff_absent",
    "slowdown": "department_case_hours",
    "compound": "new_households",
}


def bounds(kind: str, field: Field, params: Mapping[str, Any], staff_min: int) -> tuple[float, float]:
    """The allowed range of a field in this room.

    At least one person stays at work whatever staffing a team picks (people away < the least
    staffing allowed); a new compound at most doubles the households.
    """
    if field.hi is not None:
        return field.lo, field.hi
    if kind == "absence":
        return field.lo, staff_min - 1 - params["staff_absent"]
    return field.lo, params["households"]


def length(event: Mapping[str, Any]) -> int | None:
    """How many working days an event lasts (None: to the end of the year)."""
    if event["kind"] == "absence":
        return event["weeks"] * DAYS_PER_WEEK
    return event.get("days")


def check_event(
    payload: Any,
    scenario: Scenario,
    staff_min: int,
    staff_max: int,
    existing: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """An event as the facilitator asked for it, checked; its plain data (without an id).

    Args:
        payload: ``{"kind", "start", <fields>}`` from the API.
        scenario: the room's community.
        staff_min: the least staffing a team may pick.
        staff_max: the most.
        existing: the events in force already.

    Raises:
        WorkshopError: an unknown kind or field, a value out of its range, a window that does
            not fit in the year, an event of the same kind at the same time, too many events,
            or a combination the model refuses (its message).
    """
    payload = as_object(payload)
    kind = payload.get("kind")
    if kind not in KINDS:
        raise fail("event_kind", field="kind", value=shown(kind), allowed=", ".join(KINDS))
    fields = KINDS[kind]
    allowed = ("kind", "start", *(f.name for f in fields))
    extra = sorted(set(payload) - set(allowed))
    if extra:
        raise fail("unknown_field", field=extra[0], name=shown(extra[0]), allowed=", ".join(allowed))
    if len(existing) >= MAX_EVENTS:
        raise fail("events_full", status=409, limit=MAX_EVENTS)
    params = scenario.params
    days = int(params["days"])
    event: dict[str, Any] = {
        "kind": kind,
        "start": _number(payload, Field("start", "int", 0, days - 1, 0), 0, days - 1),
    }
    for field in fields:
        lo, hi = bounds(kind, field, params, staff_min)
        if hi < lo:
            raise fail("event_impossible", field=field.name, kind=_kind_names(kind), staff=staff_min)
        event[field.name] = _number(payload, field, lo, hi)
    span = length(event)
    if span is not None and event["start"] + span > days:
        raise fail("event_too_long", field="start", start=event["start"], length=span, days=days)
    for other in existing:
        if other["kind"] == kind and _overlap(event, other, days):
            raise fail("event_overlap", status=409, field="start", kind=_kind_names(kind), id=other.get("id", "?"))
    try:  # what the model checks besides: every value in range on every day, whatever staffing a team picks
        for staff in {staff_min, staff_max}:
            community = scenario.with_values({"staff": staff})
            community.with_shocks(*community.shocks, *shocks_of([*existing, event], params))
    except ScenarioError as exc:
        raise model_error(exc) from None
    return event


def _number(payload: Mapping[str, Any], field: Field, lo: float, hi: float) -> int | float:
    """A field's value: a number of the field's kind from ``lo`` to ``hi``."""
    value = payload.get(field.name)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok and field.kind == "int":
        ok = float(value).is_integer()
    if not ok or not lo <= value <= hi:
        key = "event_int" if field.kind == "int" else "event_float"
        raise fail(key, field=field.name, name=field.name, value=shown(value), lo=f"{lo:g}", hi=f"{hi:g}")
    return int(value) if field.kind == "int" else float(value)


def _window(event: Mapping[str, Any], days: int) -> tuple[int, int]:
    span = length(event)
    return event["start"], days if span is None else event["start"] + span


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any], days: int) -> bool:
    (s1, e1), (s2, e2) = _window(a, days), _window(b, days)
    return s1 < e2 and s2 < e1


def shock_of(event: Mapping[str, Any], params: Mapping[str, Any]) -> Shock:
    """The model's shock for one checked event, in a community with these values."""
    kind, start = event["kind"], event["start"]
    span = length(event)
    end = None if span is None else start + span
    names = {"name_zh": t(f"workshop.event.{kind}.name", "zh"), "name_en": t(f"workshop.event.{kind}.name", "en")}
    if kind == "absence":
        return Shock(start, end, set={"staff_absent": params["staff_absent"] + event["staff"]}, **names)
    if kind == "compound":
        return Shock(start, end, set={PARAMETER[kind]: params["new_households"] + event["households"]}, **names)
    return Shock(start, end, scale={PARAMETER[kind]: event["factor"]}, **names)


def shocks_of(events: Iterable[Mapping[str, Any]], params: Mapping[str, Any]) -> tuple[Shock, ...]:
    """The model's shocks for checked events, in order."""
    return tuple(shock_of(e, params) for e in events)


def event_line(event: Mapping[str, Any], lang: str, params: Mapping[str, Any]) -> str:
    """One event as a line for the pages, the cards and the report ("Storm: days 60–69, …")."""
    kind, start = event["kind"], event["start"]
    span = length(event)
    values: dict[str, Any] = {"start": start, "name": t(f"workshop.event.{kind}.name", lang)}
    if span is not None:
        values["last"] = start + span - 1
    if kind == "compound":
        values["households"] = event["households"]
    elif kind == "absence":
        values.update(staff=event["staff"], weeks=event["weeks"])
    else:
        values["factor"] = f"{event['factor']:g}"
    return t(f"workshop.event.{kind}.line", lang, **values)


def event_code(event: Mapping[str, Any]) -> str:
    """An event in a CSV cell: ``storm start=60 days=10 factor=3``."""
    fields = " ".join(f"{f.name}={event[f.name]:g}" for f in KINDS[event["kind"]])
    return f"{event['kind']} start={event['start']} {fields}"


def kinds_for_page(params: Mapping[str, Any], staff_min: int) -> list[dict[str, Any]]:
    """The kinds with their fields, ranges and proposed values in this room, for the facilitator's forms."""
    days = int(params["days"])
    out = []
    for kind, fields in KINDS.items():
        rows = [{"name": "start", "kind": "int", "lo": 0, "hi": days - 1, "default": days // 2}]
        for field in fields:
            lo, hi = bounds(kind, field, params, staff_min)
            default = max(lo, min(hi, field.default))
            rows.append({"name": field.name, "kind": field.kind, "lo": lo, "hi": hi, "default": default})
        out.append({"kind": kind, "fields": rows, "possible": all(r["lo"] <= r["hi"] for r in rows)})
    return out


def _kind_names(kind: str) -> Part:
    return Part(f"workshop.event.{kind}.name")


__all__ = [
    "DAYS_PER_WEEK",
    "KINDS",
    "MAX_EVENTS",
    "PARAMETER",
    "check_event",
    "event_code",
    "event_line",
    "kinds_for_page",
    "length",
    "shock_of",
    "shocks_of",
]
