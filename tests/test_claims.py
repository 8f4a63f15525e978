"""The lessons' headline claims (lessons/claims.toml) and their robustness screen (lessons/screen.py).

A claim taught to trainees must hold across the plausible range of the model's behavioural
assumptions, not only at the defaults. ``lessons/screen.py`` measures in how much of that range
each claim holds and stores it in ``lessons/claims-results.toml``; these tests check that the
claims file is sound, that the stored results belong to the claims, model and ranges as they are
now, that every claim the lessons make holds in at least 80% of the space, that a small screen
runs end to end with the same numbers serially and in two processes, and that the table written
into the ODD replaces exactly the block between its markers.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest
from scripts import load_script

from sim.model.metrics import METRICS
from sim.params import BEHAVIOURAL, PARAMS

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"


screen = load_script("lessons/screen.py")
CLAIMS = screen.load_claims()
CITED = [c for c in CLAIMS if c.cited_in]
NUMBERS = tomllib.loads((LESSONS / "numbers.toml").read_text(encoding="utf-8"))
# The cheapest claim to screen (both arms are six-staff scenarios with few practices on).
QUICK_CLAIM = "callback_resolution"


# ------------------------------------------------------------------------- claims file --


def test_claims_are_few_and_cover_the_episodes():
    assert 6 <= len(CITED) <= 10, f"{len(CITED)} claims cited in the lessons; the screen is meant for 6–10"
    episodes = {Path(f).name[:2] for c in CITED for f in c.cited_in}
    assert episodes == {"01", "02", "03", "04", "05"}, f"claims cite episodes {sorted(episodes)}"


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_is_well_formed(claim):
    assert claim.metric in METRICS
    assert claim.sign in ("+", "-")
    assert claim.zh.strip() and claim.en.strip() and claim.zh != claim.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in claim.zh), "the Chinese claim must be in Chinese"
    a, b = (screen.arm_scenario(ref) for ref in claim.arms)
    assert a.params != b.params, "the two arms are the same scenario"
    for ref in claim.arms:
        if ref.endswith(".toml"):
            assert ref.startswith("lessons/scenarios/"), (
                f"{ref}: arms are shipped scenarios or lessons/scenarios/ files"
            )
    if claim.rewording_of:
        assert claim.rewording_of in {c.id for c in CLAIMS}
        assert not claim.cited_in, "a proposed rewording is not cited until the lessons adopt it"
    else:
        assert claim.cited_in, "a claim of the lessons names the files that make it"
        languages = {Path(f).parts[0] for f in claim.cited_in}
        assert languages == {"zh", "en"}, f"cited in {sorted(languages)}: a claim is made in both languages"


def _links(claim) -> list[str]:
    """What a lesson that makes the claim names: arm b, a lever that differs between the arms, or a quoted number."""
    a, b = (screen.arm_scenario(ref) for ref in claim.arms)
    return [b.name] + [f"`{k}`" for k in sorted(a.params) if a.params[k] != b.params[k]]


def _quotes_number(claim, path: str) -> bool:
    names = {screen.arm_scenario(ref).name for ref in claim.arms}
    return any(
        e["metric"] == claim.metric and e["scenario"] in names and path in e["cited_in"] for e in NUMBERS.values()
    )


@pytest.mark.parametrize("claim", CITED, ids=lambda c: c.id)
def test_cited_files_make_the_claim(claim):
    """Every cited file exists and names the scenario or lever compared, or quotes the claim's number."""
    links = _links(claim)
    for rel in claim.cited_in:
        path = LESSONS / rel
        assert path.is_file(), f"{claim.id}: {rel} does not exist"
        text = path.read_text(encoding="utf-8")
        assert any(link in text for link in links) or _quotes_number(claim, rel), (
            f"{claim.id}: {rel} names none of {links} and quotes no {claim.metric} of these arms (numbers.toml)"
        )


def test_load_claims_refuses_a_bad_entry(tmp_path):
    good = (LESSONS / "claims.toml").read_text(encoding="utf-8")
    for old, new, word in [
        ('metric = "satisfaction_rate"', 'metric = "happiness"', "unknown metric"),
        ('sign = "+"', 'sign = "up"', "sign must be"),
        ('id = "stretched_full_on_time"', 'id = "full_satisfaction"', "used twice"),
        ('metric = "satisfaction_rate"', 'metric = "satisfaction_rate"\ncolour = "red"', "unknown keys"),
    ]:
        path = tmp_path / "claims.toml"
        path.write_text(good.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(ValueError, match=word):
            screen.load_claims(path)


# ------------------------------------------------------------------------------ ranges --


def test_ranges_follow_the_one_rule():
    rng = screen.ranges()
    assert set(rng) == set(BEHAVIOURAL)
    for name, (lo, hi) in rng.items():
        p = PARAMS[name]
        assert p.lo <= lo <= p.default <= hi <= p.hi, name
        if p.kind == "int":
            assert lo == int(lo) and hi == int(hi), name
        if p.default == 0:
            assert lo == hi == 0, f"{name}: a default of 0 is kept"
        else:
            ends = sorted((0.7 * p.default, 1.3 * p.default))
            assert lo <= max(ends[0], p.lo) + 1e-12 and hi >= min(ends[1], p.hi) - 1e-12, name
            if p.kind == "float":
                assert math.isclose(lo, max(ends[0], p.lo)) and math.isclose(hi, min(ends[1], p.hi)), name


def test_design_covers_every_varied_assumption_within_its_range():
    rng = screen.ranges()
    design = screen.design_points(8, screen.SEED)
    assert len(design) == 8
    assert set(design[0]) == set(screen.varied(rng)) and len(design[0]) >= len(BEHAVIOURAL) - 5
    for name in design[0]:
        lo, hi = rng[name]
        values = [p[name] for p in design]
        assert all(lo <= v <= hi for v in values), name
        assert len(set(values)) > 1 or PARAMS[name].kind == "int", f"{name} is not varied"


# ----------------------------------------------------------------------- stored results --


def test_model_digest_follows_the_code_not_its_description(tmp_path):
    code = tmp_path / "model"
    code.mkdir()
    module = code / "m.py"
    module.write_text('"""A module."""\n\n\ndef f(x):\n    """Double."""\n    return 2 * x  # why\n', encoding="utf-8")
    before = screen.model_digest(code)
    module.write_text(
        '"""Reworded."""\n\n\ndef f(x):\n    """Twice x."""\n    return 2 * x  # because\n', encoding="utf-8"
    )
    assert screen.model_digest(code) == before, "a docstring or comment made the results stale"
    module.write_text('"""Reworded."""\n\n\ndef f(x):\n    """Twice x."""\n    return 3 * x\n', encoding="utf-8")
    assert screen.model_digest(code) != before, "a change in the code went unnoticed"


def test_fingerprint_follows_what_is_tested_not_the_wording():
    claim = next(c for c in CLAIMS if c.id == QUICK_CLAIM)
    digest = "code"
    before = screen.fingerprint(claim, screen.POINTS, screen.REPS, 0, digest=digest)
    reworded = screen.Claim(**{**claim.__dict__, "zh": "换个说法。", "en": "Said otherwise.", "cited_in": ()})
    assert screen.fingerprint(reworded, screen.POINTS, screen.REPS, 0, digest=digest) == before
    other_metric = "response_rate" if claim.metric != "response_rate" else "resolution_rate"
    for change in ({"sign": "+" if claim.sign == "-" else "-"}, {"metric": other_metric}, {"b": claim.a}):
        changed = screen.Claim(**{**claim.__dict__, **change})
        assert screen.fingerprint(changed, screen.POINTS, screen.REPS, 0, digest=digest) != before, change


def test_stored_results_are_fresh_and_complete():
    stored = screen.read_results(screen.RESULTS)
    state = screen.freshness(CLAIMS, stored)
    assert state == {"missing": [], "stale": [], "extra": []}, (
        f"lessons/claims-results.toml does not match the claims, model or ranges as they are now: {state}; "
        "run `make screen` (about 5 minutes) and commit the results"
    )


@pytest.mark.parametrize("claim", CITED, ids=lambda c: c.id)
def test_cited_claim_holds_in_most_of_the_space(claim):
    r = screen.read_results(screen.RESULTS)["claims"].get(claim.id)
    assert r is not None, f"{claim.id}: no screen result; run `make screen`"
    assert r["points"] >= screen.POINTS and r["replications"] >= screen.REPS
    assert r["share"] == pytest.approx(r["holds"] / r["points"], abs=1e-4)
    assert r["share"] >= screen.THRESHOLD, (
        f"{claim.id} ({claim.en}) holds in only {r['share']:.0%} of the behavioural assumptions' range "
        f"[95% interval {r['ci_low']:.0%}–{r['ci_high']:.0%}]; reword it in {', '.join(claim.cited_in)} "
        f"(lessons/claims.toml can screen a rewording: rewording_of = {claim.id!r})"
    )


# ---------------------------------------------------------------------- a small screen --


def test_quick_screen_end_to_end_serial_equals_two_jobs(tmp_path):
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}.toml"
        status = screen.main(["--quick", "--only", QUICK_CLAIM, "--jobs", str(jobs), "--out", str(out), "--lang", "en"])
        assert status == 0
        outs[jobs] = tomllib.loads(out.read_text(encoding="utf-8"))
    assert outs[1]["claims"] == outs[2]["claims"], "the numbers must not depend on the number of processes"
    r = outs[1]["claims"][QUICK_CLAIM]
    assert (r["points"], r["replications"]) == (screen.QUICK_POINTS, screen.QUICK_REPS)
    assert 0 <= r["holds"] <= r["points"] and r["share"] == pytest.approx(r["holds"] / r["points"])
    assert r["ci_low"] <= r["share"] <= r["ci_high"]
    assert r["effect_min"] <= r["effect_mean"] <= r["effect_max"]
    # A quick screen is not the record: it is stale against the standard sizes.
    claim = next(c for c in CLAIMS if c.id == QUICK_CLAIM)
    assert screen.freshness([claim], outs[1])["stale"] == [QUICK_CLAIM]


def test_a_claim_and_its_opposite_split_the_points(tmp_path):
    """The counting can fail, and the arms share their random numbers.

    The opposite claim holds exactly where the claim does not (the same runs); an arm that is a
    copy of the other under another name differs from it by exactly 0 at every point.
    """
    claim = next(c for c in CLAIMS if c.id == QUICK_CLAIM)
    opposite = screen.Claim(**{**claim.__dict__, "id": "opposite", "sign": "+" if claim.sign == "-" else "-"})
    copy = tmp_path / "copy.toml"
    copy.write_text(f'name = "copy"\nextends = "{claim.a}"\n', encoding="utf-8")
    same = screen.Claim(**{**claim.__dict__, "id": "same", "b": str(copy)})
    results, facts = screen.screen([claim, opposite, same], points=3, reps=1)
    assert facts["runs"] == 3 * 3  # three distinct arms, shared by the claims
    r, o, s = results
    assert r.holds + o.holds == 3, "every point holds for exactly one of a claim and its opposite"
    assert s.holds == 0 and s.effect_min == s.effect_max == 0.0, "a copy of an arm differs from it by exactly 0"


# ------------------------------------------------------------------------- ODD writer --

ODD_EN = "# ODD\n\n## 11 Trade-offs\n\nText before.\n\n<!-- claims:begin -->\nold table\n| x |\n<!-- claims:end -->\n\nText after.\n"
ODD_ZH = "# ODD 中文\n\n## 11 取舍\n\n前文。\n\n<!-- claims:begin -->\n<!-- claims:end -->\n后文。\n"


def _fake_results() -> dict:
    table = {}
    for i, c in enumerate(CLAIMS):
        holds = 100 - i
        table[c.id] = {"holds": holds, "points": 100, "replications": 3, "share": holds / 100}
        table[c.id].update(dict(zip(("ci_low", "ci_high"), screen.wilson(holds, 100), strict=True)))
    return {"screen": {"factors": 96}, "claims": table}


def test_odd_writer_replaces_exactly_the_block(tmp_path):
    en, zh = tmp_path / "ODD.md", tmp_path / "ODD.zh.md"
    en.write_text(ODD_EN, encoding="utf-8")
    zh.write_text(ODD_ZH, encoding="utf-8")
    stored = _fake_results()
    screen.write_odd(CLAIMS, stored, (en, zh))
    for path, original, lang in ((en, ODD_EN, "en"), (zh, ODD_ZH, "zh")):
        text = path.read_text(encoding="utf-8")
        head, tail = original.split(screen.BEGIN)[0], original.split(screen.END)[1]
        assert text.startswith(head + screen.BEGIN + "\n") and text.endswith(screen.END + tail)
        block = text[len(head + screen.BEGIN + "\n") : -len(screen.END + tail)]
        assert block == screen.odd_block(CLAIMS, stored, lang)
        assert "old table" not in text
        rows = [line for line in block.splitlines() if line.startswith("| ") and "---" not in line]
        assert len(rows) == len(CLAIMS) + 1  # the header and one row per claim
        for c in CLAIMS:
            assert sum((c.zh if lang == "zh" else c.en) in row for row in rows) == 1
    assert "成立比例" in zh.read_text(encoding="utf-8") and "holds in" in en.read_text(encoding="utf-8")
    before = en.read_text(encoding="utf-8")
    screen.write_odd(CLAIMS, stored, (en, zh))
    assert en.read_text(encoding="utf-8") == before, "writing twice changes nothing"


@pytest.mark.parametrize(
    "bad",
    [
        "no markers at all\n",
        "<!-- claims:begin -->\n<!-- claims:begin -->\n<!-- claims:end -->\n",
        "<!-- claims:end -->\n<!-- claims:begin -->\n",
        "<!-- claims:begin --> <!-- claims:end -->\n",
    ],
)
def test_odd_writer_refuses_bad_markers_and_writes_nothing(tmp_path, bad):
    en, zh = tmp_path / "ODD.md", tmp_path / "ODD.zh.md"
    en.write_text(ODD_EN, encoding="utf-8")
    zh.write_text(bad, encoding="utf-8")
    with pytest.raises(ValueError, match="marker|claims:"):
        screen.write_odd(CLAIMS, _fake_results(), (en, zh))
    assert en.read_text(encoding="utf-8") == ODD_EN and zh.read_text(encoding="utf-8") == bad
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ODD.md", "ODD.zh.md"], "no temporary file is left"
