"""Scenario files: the shipped ones load and validate, ``extends`` works, bad input is explained."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from sim import PARAMS, Scenario, ScenarioError, list_scenarios, load_scenario
from sim.params import CATEGORY_KEYS, check_consistency, defaults, validate
from sim.scenario import TOP_KEYS, flatten

SCENARIO_DIR = Path(str(resources.files("sim") / "scenarios"))
SHIPPED = sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def own_values(name: str) -> dict:
    """The ``[params]`` a shipped file sets itself, read straight from the TOML."""
    data = tomllib.loads((SCENARIO_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    return flatten(data.get("params", {}))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def error_for(ref) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(ref)
    return str(info.value)


# --------------------------------------------------------------------------- shipped --


def test_list_scenarios_names_every_shipped_file():
    assert sorted(list_scenarios()) == SHIPPED
    assert {"baseline", "full-1234", "stretched-baseline", "stretched-full-1234", "verify-mmc"} <= set(SHIPPED)
    assert list_scenarios()[0] == "baseline"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_loads_and_validates(name):
    sc = load_scenario(name)
    assert sc.name == name
    assert sc.source == f"builtin:{name}"
    assert set(sc.params) == set(PARAMS)
    # Every value is of its declared type and inside its range, and the whole is consistent.
    assert validate(sc.params) == sc.params
    check_consistency(sc.params)
    for key, value in sc.overrides.items():
        assert sc.params[key] == value
    assert sc.title["zh"] and sc.title["en"]
    assert sc.description["zh"] and sc.description["en"]
    data = tomllib.loads((SCENARIO_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    assert set(data) <= set(TOP_KEYS)


def test_baseline_is_all_defaults():
    sc = load_scenario("baseline")
    assert sc.params == defaults()
    assert sc.overrides == {}


def test_full_1234_has_its_file_values_on_top_of_baseline():
    sc = load_scenario("full-1234")
    own = validate(own_values("full-1234"))
    assert own, "full-1234 sets no parameters"
    for key, value in own.items():
        assert sc.params[key] == value, key
    assert sc.overrides == own
    # Everything it does not set stays at the default.
    for key, value in defaults().items():
        if key not in own:
            assert sc.params[key] == value, key
    # Every lever of the method is switched away from its default ("off").
    for key in (
        "priority_rule",
        "survey_interval",
        "listening_minutes",
        "visit_share",
        "linkage",
        "gridding",
        "stations",
    ):
        assert sc.params[key] != PARAMS[key].default, key


def test_full_1234_combines_the_four_component_scenarios():
    full = load_scenario("full-1234").overrides
    merged = {}
    for part in ("component-1", "component-2", "component-3", "component-4"):
        merged.update(load_scenario(part).overrides)
    assert full == merged


def test_stretched_full_1234_inherits_full_1234_and_overrides_staff():
    full = load_scenario("full-1234")
    stretched = load_scenario("stretched-full-1234")
    assert stretched.params["staff"] == 3 != full.params["staff"]
    assert {k: v for k, v in stretched.params.items() if k != "staff"} == {
        k: v for k, v in full.params.items() if k != "staff"
    }
    assert stretched.overrides == {**full.overrides, "staff": 3}
    base = load_scenario("stretched-baseline")
    assert base.params == {**defaults(), "staff": 3}


def test_verify_mmc_is_a_plain_queue():
    p = load_scenario("verify-mmc").params
    shares = {k: p[f"categories.{k}.share"] for k in CATEGORY_KEYS}
    assert [k for k, v in shares.items() if v > 0] == ["property"]
    assert p["handling"] == "exponential"
    assert p["categories.property.report"] == 1.0
    assert p["categories.property.department"] == 0.0
    assert p["misdiagnosis"] == 0.0
    for lever in (
        "survey_interval",
        "listening_minutes",
        "visit_share",
        "linkage",
        "stations",
        "party_members",
        "partner_hours",
    ):
        assert p[lever] == 0, lever
    assert p["priority_rule"] == "fifo"


# ------------------------------------------------------------------------ user files --


def test_user_file_by_path_extends_a_sibling_file(tmp_path):
    write(tmp_path / "parent.toml", "[params]\nstaff = 4\nlistening_minutes = 10\n")
    child = write(tmp_path / "child.toml", 'extends = "parent"\n[params]\nlistening_minutes = 20\n')
    sc = load_scenario(child)
    assert sc.name == "child"  # no name in the file: the file's stem
    assert sc.source == str(child)
    assert sc.params["staff"] == 4
    assert sc.params["listening_minutes"] == 20.0
    assert sc.overrides == {"staff": 4, "listening_minutes": 20.0}
    # The same file given as a string path.
    assert load_scenario(str(child)).params == sc.params


def test_user_file_extends_sibling_by_file_name_and_a_chain(tmp_path):
    write(tmp_path / "a.toml", 'name = "a"\nextends = "full-1234"\n[params]\nstaff = 9\n')
    write(tmp_path / "b.toml", 'name = "b"\nextends = "a.toml"\n[params.categories.hazard]\nreport = 0.9\n')
    sc = load_scenario(tmp_path / "b.toml")
    assert sc.name == "b"
    assert sc.params["staff"] == 9
    assert sc.params["categories.hazard.report"] == 0.9
    # The builtin at the root of the chain is followed too.
    full = load_scenario("full-1234")
    for key, value in full.overrides.items():
        if key != "staff":
            assert sc.params[key] == value, key


def test_sibling_file_shadows_a_builtin_of_the_same_name(tmp_path):
    write(tmp_path / "baseline.toml", "[params]\nstaff = 2\n")
    child = write(tmp_path / "child.toml", 'extends = "baseline"\n')
    assert load_scenario(child).params["staff"] == 2


def test_user_file_extends_builtin_when_no_sibling(tmp_path):
    child = write(tmp_path / "mine.toml", 'extends = "stretched-baseline"\n[params]\ngridding = true\n')
    sc = load_scenario(child)
    assert sc.params["staff"] == 3
    assert sc.params["gridding"] is True


def test_integer_written_as_float_is_accepted_and_converted(tmp_path):
    sc = load_scenario(write(tmp_path / "s.toml", "[params]\nstaff = 4.0\nlistening_minutes = 5\n"))
    assert sc.params["staff"] == 4 and isinstance(sc.params["staff"], int)
    assert isinstance(sc.params["listening_minutes"], float)


def test_with_params_and_with_values():
    base = load_scenario("baseline")
    sc = base.with_params(staff=3, categories__hazard__report=0.5)
    assert sc.params["staff"] == 3
    assert sc.params["categories.hazard.report"] == 0.5
    assert sc.overrides == {"staff": 3, "categories.hazard.report": 0.5}
    assert base.params == defaults(), "with_params must not change the original"
    named = base.with_values({"gridding": True}, name="mine")
    assert named.name == "mine" and named.params["gridding"] is True


# ------------------------------------------------------------------------ bad input --


def test_unknown_top_level_key(tmp_path):
    f = write(tmp_path / "s.toml", 'nmae = "x"\n')
    msg = error_for(f)
    assert str(f) in msg
    assert "nmae" in msg
    assert "allowed top-level keys" in msg
    for key in TOP_KEYS:
        assert key in msg


def test_top_level_value_of_wrong_type(tmp_path):
    msg = error_for(write(tmp_path / "s.toml", "name = 3\n"))
    assert "name must be a string" in msg
    msg = error_for(write(tmp_path / "p.toml", "params = 3\n"))
    assert "params must be a table" in msg


def test_unknown_parameter_suggests_the_closest(tmp_path):
    f = write(tmp_path / "s.toml", "[params]\nsatff = 3\n")
    msg = error_for(f)
    assert str(f) in msg
    assert "satff" in msg
    assert "unknown parameter" in msg
    assert "did you mean staff" in msg


def test_unknown_nested_parameter_suggests_the_closest(tmp_path):
    msg = error_for(write(tmp_path / "s.toml", "[params.categories.hazrd]\nreport = 0.5\n"))
    assert "categories.hazrd.report" in msg
    assert "did you mean" in msg and "categories.hazard.report" in msg


def test_unknown_parameter_without_close_match_points_to_the_list(tmp_path):
    msg = error_for(write(tmp_path / "s.toml", "[params]\nqqqqqqqqqq = 3\n"))
    assert "qqqqqqqqqq" in msg and "unknown parameter" in msg
    assert "python -m sim params" in msg


@pytest.mark.parametrize(
    ("line", "field", "allowed"),
    [
        ('staff = "three"', "staff", "int from 1 to 2000"),
        ('listening_minutes = "15"', "listening_minutes", "float from 0 to 60"),
        ("staff = 2.5", "staff", "int from 1 to 2000"),
        ("gridding = 1", "gridding", "true or false"),
        ('quick_contact = "yes"', "quick_contact", "true or false"),
        ("visit_share = true", "visit_share", "float from 0 to 0.6"),
    ],
)
def test_wrong_type_names_field_and_allowed_values(tmp_path, line, field, allowed):
    f = write(tmp_path / "s.toml", f"[params]\n{line}\n")
    msg = error_for(f)
    assert str(f) in msg
    assert field in msg
    assert allowed in msg


@pytest.mark.parametrize(
    ("line", "field", "allowed"),
    [
        ("visit_share = 0.9", "visit_share", "float from 0 to 0.6"),
        ("staff = 0", "staff", "int from 1 to 2000"),
        ("linkage = -0.1", "linkage", "float from 0 to 1"),
        ("categories.hazard.report = 1.5", "categories.hazard.report", "float from 0 to 1"),
    ],
)
def test_out_of_range_names_field_and_range(tmp_path, line, field, allowed):
    msg = error_for(write(tmp_path / "s.toml", f"[params]\n{line}\n"))
    assert field in msg
    assert "not allowed" in msg
    assert allowed in msg


def test_bad_choice_for_priority_rule(tmp_path):
    msg = error_for(write(tmp_path / "s.toml", '[params]\npriority_rule = "lifo"\n'))
    assert "priority_rule" in msg and "'lifo'" in msg
    for choice in PARAMS["priority_rule"].choices:
        assert choice in msg


def test_malformed_toml(tmp_path):
    f = write(tmp_path / "s.toml", "[params\nstaff = \n")
    msg = error_for(f)
    assert str(f) in msg
    assert "not valid TOML" in msg


def test_missing_file(tmp_path):
    f = tmp_path / "nowhere.toml"
    msg = error_for(f)
    assert str(f) in msg and "not found" in msg
    assert "not found" in error_for(str(f))


def test_unknown_scenario_name_lists_the_shipped_ones():
    msg = error_for("full-1243")
    assert "'full-1243'" in msg and "does not exist" in msg
    for name in SHIPPED:
        assert name in msg


def test_extends_unknown_parent(tmp_path):
    msg = error_for(write(tmp_path / "s.toml", 'extends = "no-such-parent"\n'))
    assert "no-such-parent" in msg


def test_circular_extends(tmp_path):
    write(tmp_path / "a.toml", 'extends = "b"\n')
    write(tmp_path / "b.toml", 'extends = "a"\n')
    msg = error_for(tmp_path / "a.toml")
    assert "extends" in msg and "circular" in msg
    assert "a.toml" in msg and "b.toml" in msg


def test_extends_itself(tmp_path):
    msg = error_for(write(tmp_path / "self.toml", 'extends = "self"\n'))
    assert "circular" in msg


def test_more_stations_than_compounds(tmp_path):
    f = write(tmp_path / "s.toml", "[params]\ncompounds = 3\nstations = 4\n")
    msg = error_for(f)
    assert str(f) in msg
    assert "stations" in msg and "compounds" in msg
    assert "at most one station per compound" in msg


def test_stations_check_sees_inherited_compounds(tmp_path):
    write(tmp_path / "few.toml", "[params]\ncompounds = 2\n")
    msg = error_for(write(tmp_path / "s.toml", 'extends = "few"\n[params]\nstations = 3\n'))
    assert "stations" in msg and "compounds = 2" in msg


def test_all_category_shares_zero(tmp_path):
    text = "".join(f"[params.categories.{k}]\nshare = 0\n" for k in CATEGORY_KEYS)
    msg = error_for(write(tmp_path / "s.toml", text))
    assert "share" in msg and "above 0" in msg


def test_one_category_share_left_is_enough(tmp_path):
    text = "".join(f"[params.categories.{k}]\nshare = 0\n" for k in CATEGORY_KEYS[1:])
    sc = load_scenario(write(tmp_path / "s.toml", text))
    assert sc.params[f"categories.{CATEGORY_KEYS[0]}.share"] > 0


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"satff": 3}, ("satff", "did you mean staff")),
        ({"staff": "3"}, ("staff", "int from 1 to 2000")),
        ({"gridding": 1}, ("gridding", "true or false")),
        ({"visit_share": 0.7}, ("visit_share", "float from 0 to 0.6")),
        ({"priority_rule": "lifo"}, ("priority_rule", "resident_first")),
        ({"stations": 9}, ("stations", "compounds")),
        ({f"categories.{k}.share": 0.0 for k in CATEGORY_KEYS}, ("share",)),
    ],
)
def test_with_values_validates(changes, words):
    base = load_scenario("baseline")
    with pytest.raises(ScenarioError) as info:
        base.with_values(changes)
    for word in words:
        assert word in str(info.value)


def test_with_params_validates_consistency_against_existing_values():
    sc = load_scenario("baseline").with_params(compounds=2)
    with pytest.raises(ScenarioError, match="stations"):
        sc.with_params(stations=3)


def test_scenario_error_is_a_value_error():
    assert issubclass(ScenarioError, ValueError)
    assert isinstance(load_scenario(Scenario("x", defaults())), Scenario)
