"""The practices of the 1234 method as units: registered, owned, found in one place, costed.

* A practice written outside the model joins through the public registration path and is
  then used by scenario files and runs without any change to a model file.
* Every lever and every parameter of components 1–4 belongs to one practice, and a lever's
  name is read in its practice's unit and nowhere else in the model.
* Practices define only hooks the model calls (a misspelt hook would never run).
* The staff task the model builds for a case is what calibration assumes it is.
* The ODD lists every registered practice.
"""

from __future__ import annotations

import ast
import inspect
import math
import re
import textwrap
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.errors import ScenarioError
from sim.model import CommunityModel
from sim.model.agents import ServiceDesk
from sim.model.costs import case_cost
from sim.model.issues import Activity, Channel, Route, State, TaskKind
from sim.model.practices import HOOKS, Practice, Round, active, practice_of, register, registered, unregister
from sim.params import LEVERS, PARAMS, Param, defaults
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "sim" / "model"
SMALL = {"days": 60, "households": 1000}


# --- a practice from outside the model ------------------------------------------------------


class DoorNotes(Practice):
    """A toy practice: staff leave notes at doors asking about problems, and every note is answered.

    Cost: ``NOTE_HOURS`` × ``door_notes`` staff hours a day, shared by all staff, booked under an
    activity of its own. Effect: ``door_notes`` × households / ``ROUND_DAYS`` households a day are
    asked in turn; every hidden need there is found.
    """

    key = "door_notes"
    component = "2"
    levers = ("door_notes",)
    searches = True

    ACTIVITY = "door_notes"
    NOTE_HOURS = 4.0  # staff hours a day at door_notes = 1
    ROUND_DAYS = 5.0  # at door_notes = 1 the whole community is asked every 5 days

    def setup(self) -> None:
        """The round starts at the first household."""
        n = len(self.community.households)
        self.round = Round(list(range(n)))
        self.per_day = self.p["door_notes"] * n / self.ROUND_DAYS

    def shared_hours(self) -> dict[str, float]:
        """Writing and reading the notes."""
        return {self.ACTIVITY: self.NOTE_HOURS * self.p["door_notes"]}

    def new_day(self) -> None:
        """Today's notes come back: every hidden need in those households is found."""
        self.community.find_in(self.round.next(self.per_day), Channel.VISIT, 1.0)


DOOR_NOTES = Param("door_notes", "float", 0.0, "", "2", "门条问需", "Door notes", 0, 1, source="test", lever=True)


@pytest.fixture
def door_notes():
    """DoorNotes registered with its lever, taken out again whatever the test did."""
    register(DoorNotes, params=[DOOR_NOTES])
    try:
        yield DoorNotes
    finally:
        if DoorNotes in registered():
            unregister(DoorNotes)


def _scenario_file(tmp_path: Path, value: float) -> Path:
    path = tmp_path / "door-notes.toml"
    lines = ['extends = "baseline"', "", "[params]", f"door_notes = {value}"]
    lines += [f"{k} = {v}" for k, v in SMALL.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _staff_hours(result: sim.RunResult, activity: str) -> float:
    h = result.hours
    return float(h[(h["who"] == Route.STAFF) & (h["activity"] == activity)]["hours"].sum())


def test_a_practice_joins_through_registration(door_notes, tmp_path):
    """A scenario file sets the new lever; the run shows the practice's cost and effect."""
    path = _scenario_file(tmp_path, 0.5)
    scenario = sim.load_scenario(path)
    assert scenario.params["door_notes"] == 0.5
    assert scenario.overrides["door_notes"] == 0.5
    assert DoorNotes in active(scenario.params)
    assert DoorNotes not in active(scenario.with_params(door_notes=0.0).params)
    assert practice_of("door_notes") is DoorNotes
    assert registered()[-1] is DoorNotes  # after every shipped practice

    on = sim.run(path, seed=1, keep_model=False)
    off = sim.run(path, seed=1, keep_model=False, door_notes=0.0)

    # Its cost: its own activity in the hours table, exactly the hours it reserved each day
    # (one reservation per working day; far below the 90% cap, so nothing shrinks).
    days = SMALL["days"]
    assert _staff_hours(on, DoorNotes.ACTIVITY) == pytest.approx(DoorNotes.NOTE_HOURS * 0.5 * days, rel=1e-9)
    assert _staff_hours(off, DoorNotes.ACTIVITY) == 0.0
    # …and the casework of the needs it finds comes on top: staff hours rise by more than it.
    assert on.summary["staff_hours"] > off.summary["staff_hours"] + DoorNotes.NOTE_HOURS * 0.5 * days
    # Its effect: every household asked every 10 days with certain detection. A need stays hidden
    # to the end only if it arose after its household's last note (at most 10 of 60 days);
    # without the practice about 40% of needs are never reported at all.
    assert on.summary["hidden_share"] < 0.1 < 0.25 < off.summary["hidden_share"]
    assert on.summary["proactive_share"] > off.summary["proactive_share"]


def test_a_registered_practice_that_is_off_changes_nothing(door_notes):
    """Registered but switched off, the practice takes no part: the run is the shipped one to the bit."""
    with_it = sim.run("baseline", seed=3, keep_model=False, door_notes=0.0, **SMALL)
    unregister(DoorNotes)
    without = sim.run("baseline", seed=3, keep_model=False, **SMALL)
    pd.testing.assert_series_equal(with_it.summary, without.summary)
    pd.testing.assert_frame_equal(with_it.hours, without.hours)


def test_other_processes_are_refused_while_a_practice_is_registered_here(door_notes):
    """Worker processes import only the shipped practices: the kit says so instead of leaving it out."""
    from sim.experiments.executors import ProcessExecutor
    from sim.model import practices

    short = load_scenario("baseline").with_values({"days": 5})
    pair = [short, short.with_values({"door_notes": 0.5})]
    assert practices.added() == (door_notes,)
    with pytest.raises(ScenarioError, match="DoorNotes") as caught:
        sim.compare(pair, reps=2, jobs=2)
    assert "jobs=1" in str(caught.value) and "DoorNotes" in caught.value.text("zh")
    with pytest.raises(ScenarioError, match="DoorNotes"):
        ProcessExecutor(2)
    assert len(sim.compare(pair, reps=2, jobs=1).runs) == 4


def test_unregistering_takes_the_parameter_away(door_notes, tmp_path):
    path = _scenario_file(tmp_path, 0.5)
    sim.load_scenario(path)
    unregister(DoorNotes)
    assert "door_notes" not in PARAMS
    assert DoorNotes not in registered()
    with pytest.raises(KeyError):
        practice_of("door_notes")
    with pytest.raises(ScenarioError, match="door_notes"):
        sim.load_scenario(path)
    with pytest.raises(ScenarioError, match="door_notes"):
        sim.load_scenario("baseline").with_params(door_notes=0.5)


def test_registration_refuses_what_it_cannot_use(door_notes):
    before, table = registered(), dict(PARAMS)

    class Unknown(Practice):
        key = "unknown"
        component = "2"
        levers = ("no_such_lever",)

    class Leverless(Practice):
        key = "leverless"
        component = "2"

    class ReadsUnknown(Practice):
        key = "reads_unknown"
        component = "2"
        levers = ("reads_unknown",)
        params = ("no_such_param",)

    with pytest.raises(ValueError, match="no_such_lever"):
        register(Unknown)
    with pytest.raises(ValueError, match="lever"):
        register(Leverless)
    row = Param("reads_unknown", "bool", False, "", "2", "测", "Test", lever=True, source="test")
    with pytest.raises(ValueError, match="no_such_param"):
        register(ReadsUnknown, params=[row])
    with pytest.raises(ValueError, match="door_notes"):  # a parameter that exists already
        register(Unknown, params=[DOOR_NOTES])
    with pytest.raises(ValueError, match="DoorNotes"):  # registered already
        register(DoorNotes)
    assert registered() == before
    assert dict(PARAMS) == table  # a refused practice leaves no parameter behind


def test_register_before_puts_the_practice_in_place(door_notes):
    """``before`` sets where a practice acts in the day (here: before the shipped surveys)."""
    unregister(DoorNotes)
    survey = practice_of("survey_interval")
    register(DoorNotes, params=[DOOR_NOTES], before=survey)
    order = registered()
    assert order.index(DoorNotes) == order.index(survey) - 1


# --- who owns which parameter -------------------------------------------------------------------

# Parameters of components 1–4 that more than one practice reads.
SHARED = {"volunteer_hours": ("PatrolTeam", "SixtyHelpsEighty", "VolunteerPoints")}
# Parameters of components 1–4 that belong to no practice: the volunteer pool is the
# community's own; the model draws who joins and leaves, practices only change the rates.
MODEL_CORE = {"volunteers", "volunteer_join", "volunteer_leave"}


def _named() -> Counter:
    return Counter(n for practice in registered() for n in (*practice.levers, *practice.params))


def test_every_lever_belongs_to_exactly_one_practice():
    owners = Counter(n for practice in registered() for n in practice.levers)
    for lever in LEVERS:
        assert owners[lever] == 1, f"{lever}: lever of {owners[lever]} practices"
        assert lever in practice_of(lever).levers
    assert set(owners) == set(LEVERS), "a practice's lever is not a lever of the table"


def test_levers_sit_in_their_practices_component():
    for practice in registered():
        assert practice.component in ("1", "2", "3", "4"), practice.__name__
        for name in practice.levers:
            assert PARAMS[name].lever, f"{practice.__name__}: {name} is not marked lever=True"
            assert PARAMS[name].group == practice.component, f"{practice.__name__}: {name}"
        for name in practice.params:
            assert not PARAMS[name].lever, f"{practice.__name__}: lever {name} listed among params"


def test_every_parameter_of_the_method_has_one_owner():
    named = _named()
    for name, param in PARAMS.items():
        if param.group not in ("1", "2", "3", "4") or name in MODEL_CORE:
            continue
        if name in SHARED:
            readers = {p.__name__ for p in registered() if name in p.params or name in p.levers}
            assert readers == set(SHARED[name]), f"{name} is read by {sorted(readers)}"
        else:
            assert named[name] == 1, f"{name} (group {param.group}) is named by {named[name]} practices"
    for name in MODEL_CORE:
        assert named[name] == 0 and PARAMS[name].group == "4", name


def test_every_name_a_practice_lists_is_in_the_table():
    for practice in registered():
        for name in (*practice.levers, *practice.params):
            assert name in PARAMS, f"{practice.__name__}: {name}"
        assert len(set(practice.levers + practice.params)) == len(practice.levers + practice.params)
    keys = [p.key for p in registered()]
    assert len(set(keys)) == len(keys) and all(keys), keys


def _class_tree(practice: type) -> ast.ClassDef:
    return ast.parse(textwrap.dedent(inspect.getsource(practice))).body[0]


def _strings_read(practice: type) -> set[str]:
    """String constants in the class body, leaving out its ``levers``/``params`` declarations and docstrings."""
    out = set()
    for node in _class_tree(practice).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("levers", "params", "key") for t in node.targets
        ):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the class docstring
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                out.add(sub.value)
    return out


def test_a_practice_reads_only_what_it_declares():
    """Every parameter of components 1–4 a practice reads by name is one of its levers or params."""
    for practice in registered():
        declared = set(practice.levers + practice.params)
        read = {s for s in _strings_read(practice) if s in PARAMS and PARAMS[s].group in ("1", "2", "3", "4")}
        assert read <= declared, f"{practice.__name__} reads {sorted(read - declared)} without declaring them"


def test_every_lever_is_read_in_its_unit():
    """A lever is named in its practice's class, and read there: the first one by the base class's
    ``active`` (it switches the practice on), any other one by the practice's own code."""
    for practice in registered():
        source = inspect.getsource(practice)
        for i, lever in enumerate(practice.levers):
            assert f'"{lever}"' in source, f"{lever} not found in {practice.__name__}"
            switched_on = i == 0 and practice.active.__func__ is Practice.active.__func__
            assert switched_on or lever in _strings_read(practice), f"{practice.__name__} never reads {lever}"


# Where a lever's name may appear in the model besides its unit, and why.
LEVER_NAME_ELSEWHERE = {
    # Activities, routes and channels that happen to share a lever's name.
    "issues.py": {"follow_up", "callback", "mediation", "patrol"},
    # The volunteer role "patrol" (every volunteer not a helper walks) and its hours.
    "model.py": {"patrol"},
    "agents.py": {"patrol"},
    "metrics.py": {"patrol"},
}


def test_a_lever_is_found_in_its_unit_and_nowhere_else_in_the_model():
    files = sorted(MODEL.rglob("*.py"))
    for lever in LEVERS:
        home = Path(inspect.getfile(practice_of(lever))).resolve()
        quoted = re.compile(rf"[\"']{re.escape(lever)}[\"']")
        for path in files:
            if path.resolve() == home or lever in LEVER_NAME_ELSEWHERE.get(str(path.relative_to(MODEL)), ()):
                continue
            assert not quoted.search(path.read_text(encoding="utf-8")), (
                f"lever {lever!r} appears in {path.relative_to(ROOT)}, outside its unit {home.relative_to(ROOT)}"
            )


# --- hooks ----------------------------------------------------------------------------------------

# Public methods of practices that are not hooks: the registry's questions and the desk helpers.
# The case_* class methods say what a practice adds to a case's staff cost (sim.model.costs).
HELPERS = {
    "active",
    "hooks",
    "make_desk",
    "take",
    "takes",
    "case_hours",
    "case_travel",
    "case_fix_factor",
    "case_process_share",
}


def _public_methods(practice: type) -> set[str]:
    """Methods (plain, class or static) a practice class defines or inherits, without a leading underscore."""
    return {
        name
        for klass in practice.__mro__[:-1]  # all but object
        for name, value in vars(klass).items()
        if not name.startswith("_") and (inspect.isfunction(value) or isinstance(value, (classmethod, staticmethod)))
    }


@pytest.mark.parametrize("practice", registered(), ids=lambda p: p.__name__)
def test_only_hooks_the_model_calls(practice):
    unknown = _public_methods(practice) - set(HOOKS) - HELPERS
    assert not unknown, f"{practice.__name__} defines {sorted(unknown)}: not hooks the model calls"
    assert practice.hooks(), f"{practice.__name__} acts nowhere"


def test_hook_check_catches_a_misspelt_hook():
    class Misspelt(Practice):
        levers = ("callback",)

        def new_days(self) -> None:
            pass

    assert _public_methods(Misspelt) - set(HOOKS) - HELPERS == {"new_days"}
    assert Misspelt.hooks() == ()


def test_hooks_are_documented_in_the_base_class():
    doc = inspect.getdoc(Practice)
    for hook in HOOKS:
        assert f"``{hook}(" in doc, hook


# --- the staff cost of a case ---------------------------------------------------------------------


@pytest.fixture
def built_tasks(monkeypatch):
    """Record, for every case the community learns of, the staff tasks built for it (the first
    contact, then the work) and the hours charged to desks while it was being taken in.

    Only the protocol's ``discover`` and a desk's public ``submit`` and ``charge`` are watched:
    the record is what the model really built, not a recomputation.
    """
    built: dict[int, dict] = {}
    taking_in: list[int] = []
    discover, submit, charge = CommunityModel.discover, ServiceDesk.submit, ServiceDesk.charge

    def spy_discover(self, issue, channel=None, *args, **kwargs):
        if issue.state != State.HIDDEN:
            return discover(self, issue, channel, *args, **kwargs)
        built[issue.uid] = {"tasks": [], "charged": []}
        taking_in.append(issue.uid)
        try:
            return discover(self, issue, channel, *args, **kwargs)
        finally:
            taking_in.pop()

    def spy_submit(self, key, issue, kind, parts, *args, **kwargs):
        if issue.uid in built and kind in (TaskKind.CONTACT, TaskKind.MAIN):
            built[issue.uid]["tasks"].append((kind, tuple(parts)))
        return submit(self, key, issue, kind, parts, *args, **kwargs)

    def spy_charge(self, activity, hours, *args, **kwargs):
        if taking_in:
            built[taking_in[-1]]["charged"].append((activity, hours))
        return charge(self, activity, hours, *args, **kwargs)

    monkeypatch.setattr(CommunityModel, "discover", spy_discover)
    monkeypatch.setattr(ServiceDesk, "submit", spy_submit)
    monkeypatch.setattr(ServiceDesk, "charge", spy_charge)
    return built


PROCESS_CATEGORIES = {"dispute", "hazard"}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"gridding": True, "quick_contact": True, "listening_minutes": 15.0},
        {"gridding": True, "familiarity": 0.35, "listening_minutes": 30.0},
        {"quick_contact": True, "quick_contact_hours": 0.25, "listening_minutes": 5.0, "travel_office": 0.7},
        {"gridding": True, "travel_grid": 0.3, "process_compliance": 0.9, "callback": True},
    ],
    ids=["baseline", "grid+call+listen15", "grid+listen30", "call+listen5", "grid+process"],
)
def test_a_reported_staff_case_costs_what_calibration_assumes(built_tasks, changes):
    """Tied to calibration: ``sim.calibrate`` turns a recorded time to resolution into hands-on
    hours as (days × hours per day − ``fixed_hours``) ÷ ``fix_factor``. That inversion is right
    only while the tasks the model builds for a resident-reported case fixed by staff cost
    exactly ``fixed_hours + fix × fix_multiplier(category)`` together: the first contact (or
    the quick call) and then the work, the standard process included for disputes and hazards.
    """
    params = {**defaults(), "days": 60, **changes}
    model = CommunityModel(params, rng=0).run()
    cost = case_cost(params)
    cats = sim.params.CATEGORY_KEYS
    cases = [
        i
        for i in model.issues
        if i.state == State.CLOSED
        and i.channel == Channel.REPORT
        and i.route == Route.STAFF
        and i.handler == Route.STAFF
        and i.reopened == 0
        and not i.whistled
    ]
    assert len(cases) > 50
    for issue in cases:
        record = built_tasks[issue.uid]
        kinds = [kind for kind, _ in record["tasks"]]
        assert kinds == [TaskKind.CONTACT, TaskKind.MAIN], f"case {issue.uid}: staff tasks {kinds}"
        parts = [part for _, task in record["tasks"] for part in task]
        assert record["tasks"][0][1][0][0] == Activity.CONTACT, "the first task opens with the contact"
        activities = [a for a, _ in parts]
        processed = cats[issue.category] in PROCESS_CATEGORIES and params["process_compliance"] > 0
        assert Activity.FIX in activities and (Activity.PROCESS in activities) == processed
        assert {a for a, _ in record["charged"]} <= {Activity.CONTACT}
        total = math.fsum([h for _, h in parts] + [h for _, h in record["charged"]])
        expected = cost.fixed_hours + issue.hours * cost.fix_multiplier(cats[issue.category])
        assert total == pytest.approx(expected, rel=1e-12, abs=1e-12), (issue.uid, parts, record["charged"])
    assert cost.hours_per_day == params["hours_per_day"]


# --- the ODD ----------------------------------------------------------------------------------------


def _section(path: Path, start: str, end: str) -> str:
    text = path.read_text(encoding="utf-8")
    a = text.index(start)
    return text[a : text.index(end, a)]


@pytest.mark.parametrize(
    ("doc", "start", "end"),
    [("ODD.md", "\n## 8 ", "\n## 9 "), ("ODD.zh.md", "\n## 8 ", "\n## 9 ")],
    ids=["en", "zh"],
)
def test_the_odd_lists_every_practice_in_the_registrys_order(doc, start, end):
    section = _section(ROOT / "docs" / doc, start, end)
    rows = [line for line in section.splitlines() if line.startswith("| `") and "sim/model/practices/" in line]
    positions = []
    for practice in registered():
        name = f"`{practice.__name__}`"
        found = [i for i, row in enumerate(rows) if row.startswith(f"| {name}")]
        assert found, f"{doc}: no row for {practice.__name__} in the table of practices (section 8)"
        module = inspect.getmodule(practice).__name__.rpartition(".")[2]
        assert f"sim/model/practices/{module}.py" in rows[found[0]], f"{doc}: {practice.__name__} not in {module}.py"
        for lever in practice.levers:
            assert f"`{lever}`" in rows[found[0]], f"{doc}: {practice.__name__} row lacks its lever {lever}"
        positions.append(found[0])
    assert positions == sorted(positions), f"{doc}: practices not in the registry's order"
