"""Shocks (冲击): changes of a scenario's parameters for a window of working days.

A trainer's storm (hazard issues × 3 for ten days), two grid workers away for a fortnight,
a slow county department, or a counterfactual branch ("the same year, but with call-backs
from day 100") is a shock: from its ``start`` day to the day before its ``end`` some
parameters are scaled or set, and afterwards they return to the scenario's values.

Only parameters marked ``mid_run`` in the parameter table may change: the model re-reads
them whenever it uses them, or this module refreshes what the model derived from them at
the start of the working day on which a shock begins or ends (docs/ODD.md §7.15). A practice
that some shock switches on is made and set up with the community, idle until then, so a
run without shocks is the same, draw for draw, as before shocks existed.

This module holds the record (``Shock``), its checks (``read_shocks``, ``check_shocks``) and
what a run does with it (``ShockPlan``).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from heapq import heapify
from typing import Any

from ..errors import ScenarioError
from ..inputs import MAX_TITLE, as_integer, check_key, check_text, flatten, is_finite, quote, shown
from ..params import ARRIVAL_SCALE_KEYS, MID_RUN, PARAMS, check_consistency, unknown_key_error
from ..text import Part, render
from .arrivals import arrival_tables
from .issues import State, TaskKind
from .layout import move_in
from .practices.base import Practice
from .practices.four import PatrolTeam, VolunteerPoints
from .practices.one import OrderOfWork
from .practices.three import Linkage, StandardProcess
from .practices.two import CallBack, FollowUp, FrequentVisits, PatientListening, QuickContact

SHOCK_KEYS = ("name_zh", "name_en", "start", "end", "scale", "set")
MAX_FACTOR = 1000  # a scale factor; the result must still be in the parameter's range
MAX_SHOCKS = 500  # shocks in one scenario: far above a year of workshop events, and checked in moments

# What the model must redo when a parameter that is not a lever changes mid-run; "" when it reads
# the value each time it uses it. Every such parameter marked mid_run has an entry.
REFRESH: dict[str, str] = {
    **dict.fromkeys(ARRIVAL_SCALE_KEYS, "arrivals"),
    "issues_per_household": "arrivals",
    "staff_absent": "absence",
    "new_households": "households",
    "hours_per_day": "staff_hours",
    "department_hours": "department",
    **dict.fromkeys(("department_case_hours", "report_delay", "hotline_share", "buck_passing"), ""),
    "escalation_chance": "",  # read for the value in force at each case's limit (ShockPlan.value_at)
}
# The practices a shock may switch on, off or up from a day on (their levers carry mid_run): each
# keeps nothing from its set-up but what ``settle`` puts right (the order of work, the listening
# minutes, the quick call). The others build desks, stations, agents or rounds when they set up.
# tests/test_shocks.py checks that these and the levers marked mid_run agree.
SWITCHABLE: tuple[type[Practice], ...] = (
    OrderOfWork,
    PatientListening,
    QuickContact,
    FrequentVisits,
    StandardProcess,
    Linkage,
    FollowUp,
    CallBack,
    PatrolTeam,
    VolunteerPoints,
)


def refresh_kind(name: str) -> str:
    """What the model redoes when the mid-run parameter ``name`` changes (see ``refresh``)."""
    return "practices" if PARAMS[name].lever else REFRESH[name]


@dataclass(frozen=True)
class Shock:
    """One change of parameters for a window of observed working days (冲击).

    Mappings given for ``scale`` or ``set`` are kept as ``(name, value)`` pairs, so a shock
    can be hashed, compared and sent to worker processes. ``check_shocks`` validates it.

    Attributes:
        start: the first observed working day it applies (day 0 is the end of the warm-up).
        end: the first day it no longer applies; None: to the end of the run.
        scale: ``(name, factor)`` pairs: the scenario's value times the factor.
        set: ``(name, value)`` pairs: the value itself.
        name_zh: Chinese label for reports (may be empty).
        name_en: English label for reports (may be empty).
    """

    start: int | None = None
    end: int | None = None
    scale: tuple[tuple[str, Any], ...] = ()
    set: tuple[tuple[str, Any], ...] = ()
    name_zh: str = ""
    name_en: str = ""

    def __post_init__(self):
        for attr in ("scale", "set"):
            value = getattr(self, attr)
            if isinstance(value, Mapping):
                object.__setattr__(self, attr, tuple(value.items()))

    @property
    def names(self) -> tuple[str, ...]:
        """The parameters it changes."""
        return tuple(name for name, _ in (*self.scale, *self.set))

    def values(self, base: Mapping[str, Any]) -> dict[str, Any]:
        """The values in force while it applies, given the scenario's ``base`` values (checked)."""
        out = {name: PARAMS[name].check(base[name] * factor) for name, factor in self.scale}
        out.update(self.set)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The shock as plain data, as a scenario file writes it (for meta.json)."""
        return {
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "start": self.start,
            "end": self.end,
            "scale": dict(self.scale),
            "set": dict(self.set),
        }


def label(where: str, number: int) -> str:
    """How messages name the ``number``-th shock (from 1): ``[[shocks]] #2``, the file in front."""
    return f"{where}[[shocks]] #{number}"


# ------------------------------------------------------------------ reading and checking --
def read_shocks(raw: Any, where: str = "", first: int = 1) -> tuple[Shock, ...]:
    """The shocks of a scenario file's ``[[shocks]]`` tables, in file order (their form only).

    Args:
        raw: the parsed value of the ``shocks`` key.
        where: the file, in front of messages.
        first: the number of the first of them (after a parent scenario's shocks).

    Raises:
        ScenarioError: for a value that is not an array of tables, an unknown key, a label
            that is not one line of text, or ``scale``/``set`` that is not a table.
    """
    if not isinstance(raw, list) or not all(isinstance(table, dict) for table in raw):
        raise ScenarioError.keyed("error.shocks.not_list", where=where)
    _check_count(first - 1 + len(raw), where)
    return tuple(shock_from_table(table, label(where, first + i)) for i, table in enumerate(raw))


def shock_from_table(table: Mapping[str, Any], name: str) -> Shock:
    """One shock from its table (``{"start": 60, "scale": {...}}``); ``name`` labels messages."""
    for key in table:
        if key not in SHOCK_KEYS:
            keys = ", ".join(SHOCK_KEYS)
            raise ScenarioError.keyed("error.shocks.unknown_key", label=name, key=shown(str(key)), keys=keys)
    changes = {}
    for key in ("scale", "set"):
        value = table.get(key, {})
        if not isinstance(value, Mapping):
            raise ScenarioError.keyed("error.shocks.not_table", label=name, key=f" {key}", form=f"[shocks.{key}]")
        changes[key] = tuple(flatten(value, f"{name} {key}.").items())
    texts = {key: check_text(table.get(key, ""), f"{name} {key}", MAX_TITLE) for key in ("name_zh", "name_en")}
    return Shock(table.get("start"), table.get("end"), changes["scale"], changes["set"], **texts)


def check_shocks(shocks: Iterable[Shock | Mapping], params: Mapping[str, Any], where: str = "") -> tuple[Shock, ...]:
    """Validate shocks against a scenario's values; return them with their values converted.

    Each shock must start on an observed day (0 ≤ start < end ≤ days), change at least one
    parameter, and change only parameters marked ``mid_run``, to values in their ranges;
    two shocks that change the same parameter must not overlap; and the values in force on
    every day must pass ``sim.params.check_consistency``.

    Args:
        shocks: ``Shock`` records or tables as a scenario file gives them.
        params: the scenario's values (every parameter).
        where: the file, in front of messages.

    Raises:
        ScenarioError: naming the shock, the field and what is allowed.
    """
    shocks = list(shocks)
    _check_count(len(shocks), where)
    out = []
    for number, shock in enumerate(shocks, 1):
        name = label(where, number)
        if not isinstance(shock, Shock):
            if not isinstance(shock, Mapping):
                raise ScenarioError.keyed("error.shocks.not_table", label=name, key="", form="[[shocks]]")
            shock = shock_from_table(shock, name)
        out.append(_check_one(shock, params, name))
    _check_overlaps(out, params["days"], where)
    for numbers, values in _segments(out, params):
        try:
            check_consistency(values)
        except ScenarioError as exc:
            raise exc.prefixed(where + ", ".join(label("", n) for n in numbers) + ": ") from None
    return tuple(out)


def _check_count(count: int, where: str) -> None:
    if count > MAX_SHOCKS:
        raise ScenarioError.keyed("error.shocks.too_many", where=where, count=count, limit=MAX_SHOCKS)


def _check_one(shock: Shock, params: Mapping[str, Any], name: str) -> Shock:
    days = params["days"]
    for key in ("name_zh", "name_en"):
        check_text(getattr(shock, key), f"{name} {key}", MAX_TITLE)
    if shock.start is None:
        raise ScenarioError.keyed("error.shocks.no_start", label=name, hi=days - 1)
    start = _day(shock.start, f"{name} start", 0, days - 1)
    end = None if shock.end is None else _day(shock.end, f"{name} end", start + 1, days)
    if not shock.scale and not shock.set:
        raise ScenarioError.keyed("error.shocks.empty", label=name)
    seen: set[str] = set()
    for key, pairs in (("scale", shock.scale), ("set", shock.set)):
        if not all(isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) for pair in pairs):
            raise ScenarioError.keyed("error.shocks.not_table", label=name, key=f" {key}", form=f"[shocks.{key}]")
        for param, _ in pairs:
            check_key(param, f"{name} {key}.")
            if param not in PARAMS:
                raise unknown_key_error(param, f"{name} {key}.")
            if not PARAMS[param].mid_run:
                raise ScenarioError.keyed("error.shocks.not_mid_run", label=name, name=param, names=", ".join(MID_RUN))
            if param in seen:
                raise ScenarioError.keyed("error.shocks.twice", label=name, name=param)
            seen.add(param)
    scale = tuple((param, _factor(param, factor, params, name)) for param, factor in shock.scale)
    values = tuple((param, PARAMS[param].check(value, f"{name} set.")) for param, value in shock.set)
    checked = Shock(start, end, scale, values, shock.name_zh, shock.name_en)
    if "new_households" in checked.names:  # homes are built, never pulled down
        base, value = params["new_households"], checked.values(params)["new_households"]
        if value < base or (end is not None and value != base):
            raise ScenarioError.keyed("error.shocks.moved_in", label=name, base=base)
    return checked


def _day(value: Any, field: str, lo: int, hi: int) -> int:
    day = as_integer(value)
    if day is None or not lo <= day <= hi:
        expected = Part("error.allowed.int", lo=lo, hi=hi)
        raise ScenarioError.keyed("error.not_allowed", label=field, value=quote(value), expected=expected)
    return day


def _factor(param: str, factor: Any, params: Mapping[str, Any], name: str) -> float:
    """A scale factor: a number from 0 to ``MAX_FACTOR`` whose product with the scenario's value is allowed."""
    p = PARAMS[param]
    if p.kind not in ("int", "float"):
        raise ScenarioError.keyed("error.shocks.not_number", label=name, name=param)
    if not is_finite(factor) or not 0 <= factor <= MAX_FACTOR:
        expected = Part("error.allowed.factor", most=MAX_FACTOR)
        raise ScenarioError.keyed(
            "error.not_allowed", label=f"{name} scale.{param}", value=quote(factor), expected=expected
        )
    value = params[param] * factor
    try:
        p.check(value)
    except ScenarioError:
        raise ScenarioError.keyed(
            "error.shocks.scaled",
            label=name,
            name=param,
            factor=quote(factor),
            base=quote(params[param]),
            value=quote(value),
            expected=p.allowed_part(),
        ) from None
    return float(factor)


def _window(shock: Shock, days: int) -> tuple[int, int]:
    return shock.start, days if shock.end is None else shock.end


def _check_overlaps(shocks: list[Shock], days: int, where: str) -> None:
    for i, a in enumerate(shocks):
        for j in range(i + 1, len(shocks)):
            b = shocks[j]
            (s1, e1), (s2, e2) = _window(a, days), _window(b, days)
            common = [n for n in a.names if n in b.names]
            if common and s1 < e2 and s2 < e1:
                raise ScenarioError.keyed(
                    "error.shocks.overlap",
                    where=where,
                    first=label("", i + 1),
                    second=label("", j + 1),
                    name=common[0],
                    days_first=f"{s1}–{e1 - 1}",
                    days_second=f"{s2}–{e2 - 1}",
                )


def _segments(shocks: list[Shock], params: Mapping[str, Any]) -> list[tuple[list[int], dict[str, Any]]]:
    """The values in force between consecutive starts and ends, with the shocks in force (numbered)."""
    days = params["days"]
    bounds = sorted({d for s in shocks for d in _window(s, days)})
    out = []
    for day in bounds[:-1]:
        numbers = [n for n, s in enumerate(shocks, 1) if _window(s, days)[0] <= day < _window(s, days)[1]]
        if numbers:
            values = dict(params)
            for n in numbers:
                values.update(shocks[n - 1].values(params))
            out.append((numbers, values))
    return out


def describe(shocks: Iterable[Shock], lang: str) -> list[str]:
    """One line per shock for reports: its label, its days and its changes."""
    lines = []
    for number, s in enumerate(shocks, 1):
        name = (s.name_zh if lang == "zh" else s.name_en) or s.name_en or s.name_zh
        name = name or render("shock.unnamed", lang, n=number)
        if s.end is None:
            days = render("shock.days_to_end", lang, start=s.start)
        else:
            days = render("shock.days", lang, start=s.start, last=s.end - 1)
        changes = [f"{_param_label(n, lang)} × {f:g}" for n, f in s.scale]
        changes += [f"{_param_label(n, lang)} = {_shown_value(v)}" for n, v in s.set]
        joined = render("shock.separator", lang).join(changes)
        lines.append(render("shock.line", lang, name=name, days=days, changes=joined))
    return lines


def _param_label(name: str, lang: str) -> str:
    p = PARAMS[name]
    return p.zh if lang == "zh" else p.en


def _shown_value(value: Any) -> str:
    """A value as a scenario file writes it (``true``, ``15``, ``convenience``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


# ------------------------------------------------------------------ in a run --------------
class ShockPlan:
    """What a run's shocks change and when: the values to put in force at the start of given days.

    Args:
        base: the scenario's values (every parameter).
        shocks: the checked shocks (``check_shocks``).
        start: the model time of observed day 0 (the end of the warm-up).

    Attributes:
        base: the scenario's values, put back after the last day (the metrics read them).
        changes: model time -> ``{name: value}`` to put in force at the start of that day.
        times: the times of ``changes``, in order.
        regimes: the values in force before the first change and after each.
    """

    def __init__(self, base: Mapping[str, Any], shocks: Iterable[Shock], start: float):
        """Work out the day-by-day changes."""
        self.base = dict(base)
        shocks = tuple(shocks)
        changes: dict[float, dict[str, Any]] = {}
        for s in shocks:  # ends first: a shock that starts the day another ends has the last word
            if s.end is not None:
                changes.setdefault(start + s.end, {}).update({n: self.base[n] for n in s.names})
        for s in shocks:
            changes.setdefault(start + s.start, {}).update(s.values(self.base))
        self.changes = changes
        self.times = sorted(changes)
        self.regimes = [self.base]
        for t in self.times:
            self.regimes.append({**self.regimes[-1], **changes[t]})
        self._next = 0

    @property
    def first(self) -> float:
        """The time of the first change."""
        return self.times[0]

    def value_at(self, name: str, time: float) -> Any:
        """The value of ``name`` in force at model time ``time`` (a change acts from the start of its day)."""
        return self.regimes[bisect_right(self.times, time)][name]

    def apply(self, model) -> None:
        """Put today's changes in force and refresh what the model derived from them."""
        p = model.p
        today = self.changes[model.now]
        changed = [name for name, value in today.items() if p[name] != value]
        p.update(today)
        self._next += 1
        model._shock_day = self.times[self._next] if self._next < len(self.times) else math.inf
        if changed:
            refresh(model, {refresh_kind(name) for name in changed})


def refresh(model, kinds: set[str]) -> None:
    """Bring what the model derived from the parameters in line with the values now in force."""
    p = model.p
    if "households" in kinds:  # a new compound: its homes first, then the issues they bring
        move_in(model, p["new_households"] - model.moved_in)
        kinds = kinds | {"arrivals"}
    if "arrivals" in kinds:
        model.cat_cum_arr, model.arrivals_per_day = arrival_tables(p)
    if "absence" in kinds:
        staff_away(model, p["staff_absent"])
    if "staff_hours" in kinds:
        for desk in model.staff_desks:
            desk.base_hours = p["hours_per_day"]
    if "department" in kinds:
        model.department.base_hours = p["department_hours"]
    if "practices" in kinds:
        model._wire()
        settle(model)
    model._reserve_key = None  # the staff's reserved hours are planned afresh


def settle(model) -> None:
    """Make each practice made for a shock act as it should under the values in force.

    Hooks of an idle practice are not called (``CommunityModel._wire`` leaves them out); what a
    practice set up outside its hooks is put right here.
    """
    on = set(map(id, model.practices))
    for practice in model._built:
        active = id(practice) in on
        if isinstance(practice, QuickContact):
            model.call_hours = practice.case_hours(model.p) if active else None
        elif isinstance(practice, OrderOfWork):
            rule = model.queue_key
            practice.setup()  # the rule in force
            if model.queue_key is not rule:
                rekey(model)
        elif isinstance(practice, PatientListening) and active:
            practice.setup()  # its per-contact minutes and effect, from the minutes in force
        if active and type(practice).searches and not model.searching:
            start_searching(model)


def start_searching(model) -> None:
    """Index the hidden issues from now on, as at set-up when a practice looks for them."""
    model.searching = True
    for issue in model.issues:  # in order of creation
        if issue.state == State.HIDDEN:
            model.hidden[issue.uid] = issue
            model.hidden_at.setdefault(issue.household, []).append(issue)
    homes = model.rng.permutation(len(model.households)).tolist()  # drawn as at set-up
    if model.office is not None and not model.office.homes:
        model.office.homes = homes


def rekey(model) -> None:
    """Put the staff's waiting work in the order of the rule now in force.

    A first contact and the work promised behind it are keyed by the case's staff hours still
    to come, as when the case was taken up; other waiting work by its own hours.
    """
    key_of = model.queue_key

    def promised(task) -> tuple | None:
        """The key of a contact's case under the rule (and the promised work re-keyed)."""
        issue, work = task.issue, task.issue._next
        quick = task.key[0] == 0  # the quick call: the work that follows holds every part
        total = (0.0 if quick else task.hours) + (work[2] if work is not None else 0.0)
        key = key_of(issue, total)
        if work is not None:
            issue._next = (key, work[1], work[2])
        return None if quick else key

    for desk in model.staff_desks:
        for slot in desk.slots:
            if slot.task is not None and slot.task.kind == TaskKind.CONTACT:
                promised(slot.task)
        queue = []
        for task in desk.queue:
            if task.kind == TaskKind.CONTACT:
                key = promised(task)
            else:  # keys that start with 1 are the rule's; others (first in line) keep their place
                key = key_of(task.issue, task.hours) if task.key[0] == 1 else None
            queue.append(task if key is None else task._replace(key=key))
        heapify(queue)
        desk.queue = queue


def staff_away(model, n: int) -> None:
    """Let ``n`` staff be away from now on (0: all back).

    With gridding, the workers of the ``n`` busiest grids by expected load are away; their
    A/B partners and the duty rota cover as usual. Without, the office has ``n`` fewer people
    at work. Someone busy when the absence begins finishes the task in hand first.
    """
    desks = model.staff_desks
    if model.gridding:
        order = sorted(desks, key=lambda d: (-model.grid_load(d.grid), d.grid))
        want = {desk: int(i < n) for i, desk in enumerate(order)}
    else:  # one person at a time from the desk with the most at work (the office: its only desk)
        want = dict.fromkeys(desks, 0)
        for _ in range(n):
            desk = max(desks, key=lambda d: d.servers + d.away - want[d])
            want[desk] += 1
    heap = model.events.heap
    for desk, away in want.items():
        if away != desk.away:
            # the events that end its busy people's tasks: [time, order, desk._finish, slot]
            ends = {e[3]: e for e in heap if getattr(e[2], "__self__", None) is desk}
            desk.set_away(away, ends)
    for desk in desks:
        if desk.away:
            for partner in desk.partners:
                partner.cover()
