"""Smoke test of benchmarks/bench.py: it runs and writes the expected figures.

Timings are never checked against targets here; only that the run completes and the
JSON has the expected shape with positive numbers.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    pytest.importorskip("ciw")
    out = tmp_path_factory.mktemp("bench") / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,  # --quick takes about 6 s on a 2-core machine
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "# Community 1234 Kit — benchmark" in done.stdout
    assert not list(out.parent.glob("*.tmp")), "temporary file left behind"
    return json.loads(out.read_text(encoding="utf-8"))


def _positive(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0


def test_top_level_keys(figures):
    for key in ("schema", "created", "command", "quick", "machine", "versions", "one_year", "scale", "mmc"):
        assert key in figures
    assert figures["quick"] is True
    assert _positive(figures["machine"]["cpu_count"])
    assert figures["machine"]["python"]


def test_one_year(figures):
    oy = figures["one_year"]
    assert set(oy["scenarios"]) == {"full-1234", "baseline"}
    for entry in oy["scenarios"].values():
        for part in ("model", "sim_run"):
            assert _positive(entry[part]["median_s"])
            assert _positive(entry[part]["min_s"])
            assert entry[part]["min_s"] <= entry[part]["median_s"]
            assert entry[part]["runs"] == len(entry[part]["times_s"]) >= 1
        assert _positive(entry["issues_median"])
        assert entry["events_median"] is None or _positive(entry["events_median"])
    assert _positive(oy["ratio_full_to_baseline"])
    assert isinstance(oy["meets_target"], bool)


def test_scale(figures):
    sc = figures["scale"]
    points = sc["points"]
    assert [p["factor"] for p in points] == [1, 2, 4]
    assert [p["households"] for p in points] == [2000, 4000, 8000]
    assert all(_positive(p["median_s"]) for p in points)
    assert isinstance(sc["exponent"], float)
    assert isinstance(sc["exponent_cpu"], float)
    assert _positive(points[-1]["memory"]["peak_rss_mib"])
    assert isinstance(sc["meets_target"], bool)


def test_mmc(figures):
    mm = figures["mmc"]
    assert mm["servers"] == 3
    assert mm["arrival_rate_per_day"] == pytest.approx(20.0)
    assert mm["service_rate_per_day"] == pytest.approx(8.0)
    assert mm["erlang_c"]["mean_wait_days"] == pytest.approx(0.17556, rel=1e-3)
    for who in ("ours", "ciw"):
        assert _positive(mm[who]["total"]["median_s"])
        assert _positive(mm[who]["mean_wait_days"])
    assert _positive(mm["ratio_ours_to_ciw"])
