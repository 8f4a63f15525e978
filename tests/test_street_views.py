"""Streets compared on common seeds, the street map, and ``street compare`` end to end."""

from __future__ import annotations

import io
import json
import warnings
from dataclasses import replace
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from cli_checks import fails_cleanly
from matplotlib.patches import Rectangle

from sim.cli import main
from sim.errors import ScenarioError
from sim.run import replication_seed
from sim.street import StreetResult, load_street, run_street, street_summary
from sim.street.compare import STREET_METRICS, compare_streets, comparison_frame
from sim.viz.street import squarify, street_map

# Two small communities over 60 days: a street runs in well under a second. The first,
# "东关", is busy (600 households, 2 issues each) with one grid worker.
TINY = """
[street]
name = "tiny"
title_zh = "小街道"
title_en = "A tiny street"

[[community]]
name = "东关"
extends = "baseline"
[community.params]
days = 60
warmup_days = 0
households = 600
staff = 1
issues_per_household = 2.0

[[community]]
name = "west"
extends = "full-1234"
[community.params]
days = 60
warmup_days = 0
households = 150
"""


def write(folder: Path, text: str, name: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def street_file(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("streets"), TINY, "tiny.toml")


def staffed(street, staff: int):
    """The street with ``staff`` grid workers in its first community, named "staffed"."""
    first = street.communities[0]
    busier = replace(first, scenario=first.scenario.with_values({"staff": staff}))
    return replace(street, name="staffed", communities=(busier, *street.communities[1:]))


# ----------------------------------------------------------------------- comparing -------
def test_a_street_compared_with_itself_differs_by_nothing_in_every_run(street_file):
    comparison = compare_streets([street_file, street_file], reps=3, seed=5)
    assert comparison.names == ["tiny#1", "tiny#2"]
    runs = comparison.runs.set_index(["street", "rep"])
    for rep in range(3):
        first, second = runs.loc[("tiny#1", rep)], runs.loc[("tiny#2", rep)]
        assert first["seed"] == second["seed"] == replication_seed(5, rep)  # the same street seed: common numbers
        for metric in STREET_METRICS:
            assert second[metric] - first[metric] == 0, (rep, metric)
    assert len(set(runs["seed"])) == 3  # … and another seed in each run
    second = comparison.table[comparison.table["street"] == "tiny#2"]
    assert set(second["metric"]) == set(STREET_METRICS)
    assert (second[["diff", "diff_low", "diff_high"]].to_numpy() == 0).all()


def test_serial_and_parallel_compare_the_same(street_file):
    street = load_street(street_file)
    serial = compare_streets([street, staffed(street, 2)], reps=2, seed=1, jobs=1)
    parallel = compare_streets([street, staffed(street, 2)], reps=2, seed=1, jobs=2)
    assert parallel.meta["executor"] == "processes (2 workers)" and serial.meta["executor"] == "serial"
    pd.testing.assert_frame_equal(serial.runs, parallel.runs)
    pd.testing.assert_frame_equal(serial.communities, parallel.communities)
    pd.testing.assert_frame_equal(serial.table, parallel.table)


def test_more_staff_in_the_busiest_community_closes_more_on_time_there(street_file):
    street = load_street(street_file)
    comparison = compare_streets([street, staffed(street, 4)], reps=3, seed=0)
    rows = comparison.communities
    busiest = rows.loc[rows["issues_arisen"].idxmax(), "community"]
    assert busiest == "东关"
    mean = rows[rows["community"] == busiest].groupby("street")["on_time_closure_rate"].mean()
    assert mean["staffed"] > mean["tiny"]
    # The other community is the same in both streets, run by run: only what differs makes a difference.
    west = rows[rows["community"] == "west"].drop(columns="street")
    pd.testing.assert_frame_equal(
        west.iloc[: len(west) // 2].reset_index(drop=True), west.iloc[len(west) // 2 :].reset_index(drop=True)
    )
    # Each run of a street is the street run alone with that run's seed.
    again = run_street(street, seed=replication_seed(0, 1))
    assert comparison.result(0, 1).summary == pytest.approx(again.summary)


def test_the_comparison_table_reads_in_both_languages(street_file):
    street = load_street(street_file)
    comparison = compare_streets([street, staffed(street, 4)], reps=2, seed=0)
    zh, en = comparison_frame(comparison, "zh"), comparison_frame(comparison, "en")
    assert list(zh.index)[-2:] == ["最差社区的按期结案率", "各社区按期结案率的基尼系数"]
    assert "On-time closure of the worst community" in en.index and "Δ vs tiny" in en.columns
    gini = comparison.table.set_index(["metric", "street"]).loc[("gini_on_time_closure_rate", "tiny"), "mean"]
    assert en.loc["Gini of the communities' on-time closure", "tiny"].startswith(f"{gini:.3f}")


def test_fewer_than_two_streets_or_bad_runs_are_refused(street_file):
    with pytest.raises(ScenarioError, match="at least two streets"):
        compare_streets([street_file], reps=2)
    with pytest.raises(ScenarioError, match="reps"):
        compare_streets([street_file, street_file], reps=0)


# ----------------------------------------------------------------------- the map ---------
def test_squarify_fills_the_space_with_areas_in_proportion():
    sizes = [3200, 2800, 1500, 2400, 3600, 3000, 1800, 1200, 2000, 900]
    rects = squarify(sizes, 1.6, 1.0)
    areas = np.array([w * h for _, _, w, h in rects])
    assert areas == pytest.approx(np.array(sizes) / sum(sizes) * 1.6, rel=1e-9)
    for x, y, w, h in rects:
        assert x >= -1e-9 and x + w <= 1.6 + 1e-9 and y >= -1e-9 and y + h <= 1 + 1e-9
        assert max(w / h, h / w) < 4  # squarified: no thin slivers
    with pytest.raises(ValueError):
        squarify([1, 0], 1, 1)


def map_result(street_file) -> StreetResult:
    """A street of seven communities with chosen sizes and rates (one without a rate), not run."""
    households = [3200, 1500, 2400, 900, 3600, 1200, 2000]
    rates = [0.71, 0.93, 0.82, np.nan, 0.64, 0.88, 0.77]
    names = ["东关", "西街", "river", "hill", "north", "school", "market"]
    table = pd.DataFrame(
        {
            "community": names,
            "households": households,
            "issues_arisen": [h * 1.1 for h in households],
            "issues_known": households,
            "on_time_closure_rate": rates,
            **{m: 0.9 for m in ("response_rate", "resolution_rate", "satisfaction_rate")},
        }
    )
    return StreetResult(street=load_street(street_file), seed=0, table=table, summary=street_summary(table))


def tiles(fig) -> dict[str, Rectangle]:
    return {p.get_gid(): p for p in fig.axes[0].patches if isinstance(p, Rectangle)}


def test_the_map_has_one_tile_per_community_sized_by_households(street_file):
    result = map_result(street_file)
    patches = tiles(street_map(result, lang="en"))
    assert len(patches) == len(result.table) and set(patches) == set(result.table["community"])
    areas = pd.Series({name: p.get_width() * p.get_height() for name, p in patches.items()})
    share = result.table.set_index("community")["households"] / result.table["households"].sum()
    assert (areas / areas.sum()).loc[share.index].to_numpy() == pytest.approx(share.to_numpy(), rel=0.01)


def test_the_colours_follow_the_metric_and_the_worst_is_outlined(street_file):
    result = map_result(street_file)
    patches = tiles(street_map(result, lang="en"))
    lut = mpl.colormaps["viridis"](np.linspace(0, 1, 256))
    rated = result.table.dropna(subset="on_time_closure_rate").sort_values("on_time_closure_rate")
    # Where each tile's colour sits on the colour scale, read back from the colour itself.
    place = [int(np.argmin(np.abs(lut - patches[n].get_facecolor()).sum(axis=1))) for n in rated["community"]]
    assert place == sorted(place) and place[0] < place[-1]
    assert result.summary["worst_community"] == "north"
    widths = {name: p.get_linewidth() for name, p in patches.items()}
    assert widths["north"] > max(w for name, w in widths.items() if name != "north")
    assert patches["hill"].get_hatch() and patches["hill"].get_facecolor() not in [tuple(c) for c in lut]


@pytest.mark.parametrize(
    ("lang", "label", "title"), [("zh", "按期结案率", "街道地图"), ("en", "On-time closure", "Street map")]
)
def test_the_map_is_labelled_in_each_language_without_missing_glyphs(street_file, lang, label, title):
    fig = street_map(map_result(street_file), lang=lang)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(text.startswith("东关\n") for text in texts) and any(text.startswith("西街\n") for text in texts)
    assert fig.axes[1].get_ylabel().startswith(label) and fig.axes[0].get_title().startswith(title)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" is a warning
        fig.savefig(io.BytesIO(), format="png")


def test_the_map_refuses_a_metric_the_street_has_not(street_file):
    with pytest.raises(ScenarioError, match="no metric 'speed'"):
        street_map(map_result(street_file), metric="speed", lang="en")


# ----------------------------------------------------------------------- the command -----
def test_street_compare_end_to_end(street_file, tmp_path, capsys):
    other = write(
        tmp_path, TINY.replace('name = "tiny"', 'name = "tiny-2"').replace("staff = 1", "staff = 3"), "b.toml"
    )
    out = tmp_path / "out"
    argv = ["street", "compare", str(street_file), str(other), "--reps", "2", "--seed", "4", "--out", str(out)]
    assert main([*argv, "--lang", "en"]) == 0
    stdout = capsys.readouterr().out
    assert "2 streets compared, 2 runs each, master seed 4" in stdout and "Δ vs tiny" in stdout
    names = {p.name for p in out.iterdir()}
    assert names == {"runs.csv", "communities.csv", "comparison.csv", "comparison.png", "map-1.png", "map-2.png"} | {
        "meta.json",
        "report.html",
    }
    runs = pd.read_csv(out / "runs.csv")
    assert list(runs["street"]) == ["tiny", "tiny", "tiny-2", "tiny-2"]
    assert list(runs["seed"]) == [replication_seed(4, 0), replication_seed(4, 1)] * 2
    table = pd.read_csv(out / "comparison.csv")
    assert len(table) == 2 * len(STREET_METRICS)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["reps"] == 2 and meta["seed"] == 4 and "replication_seed" in meta["seed_scheme"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3 and "tiny-2" in page


def test_the_command_says_what_each_street_shares(street_file, tmp_path):
    from sim.commands.street import _sharing

    text = TINY.replace("[[community]]", "[shared]\ndepartments = true\nreserve_staff = 2\n\n[[community]]", 1)
    linked = load_street(write(tmp_path, text, "linked.toml"))
    line = _sharing(linked, "zh")
    assert "同步运行" in line and "县级部门" in line and "2 名街道机动人员" in line and "50%" in line
    assert "reserve staff" in _sharing(linked, "en") and "party members" not in _sharing(linked, "en")
    assert "单独运行" in _sharing(load_street(street_file), "zh")


def test_street_run_writes_the_map_too(street_file, tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["street", "run", str(street_file), "--out", str(out), "--lang", "zh"]) == 0
    assert "已写入" in capsys.readouterr().out
    assert {p.name for p in out.iterdir()} == {"communities.csv", "summary.json", "map.png"}
    assert (out / "map.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["nowhere-street"], "找不到街道 'nowhere-street'", "no street 'nowhere-street'"),
        (["--reps", "0"], "--reps", "--reps 0 is not allowed"),
        (["--reps", "1001"], "--reps", "from 1 to 1000"),
        (["--jobs", "0"], "--jobs", "--jobs 0"),
        (["--seed", "-1"], "--seed", "--seed"),
    ],
)
def test_bad_input_fails_cleanly_in_both_languages(street_file, tmp_path, capsys, args, zh, en):
    for lang, words in (("zh", zh), ("en", en)):
        line = fails_cleanly(
            capsys, tmp_path, "street", "compare", str(street_file), "street-10", *args, "--lang", lang
        )
        assert words in line, line


def test_one_street_or_an_existing_folder_fails_cleanly(street_file, tmp_path, capsys):
    line = fails_cleanly(capsys, tmp_path, "street", "compare", str(street_file), "--lang", "zh")
    assert "至少给出两个街道" in line
    line = fails_cleanly(capsys, tmp_path, "street", "compare", str(street_file), "--lang", "en")
    assert "at least two streets" in line
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    for lang in ("zh", "en"):
        line = fails_cleanly(
            capsys, tmp_path, "street", "compare", str(street_file), str(street_file), "--out", str(out), "--lang", lang
        )
        assert str(out) in line and "--overwrite" in line, line
