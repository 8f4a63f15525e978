"""The side-by-side timing of two versions of the model (benchmarks/versus.py)."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "versus.py"


@pytest.fixture(scope="module")
def parse_set():
    return runpy.run_path(str(SCRIPT))["parse_set"]


def _worktrees() -> list[str]:
    out = subprocess.run(["git", "-C", str(ROOT), "worktree", "list"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_set_values_are_read_as_numbers_where_they_can_be(parse_set):
    assert parse_set("warmup_days=0") == ("warmup_days", 0)
    assert parse_set("handling=exponential") == ("handling", "exponential")
    assert parse_set("gridding=true") == ("gridding", True)
    for bad in ("warmup_days", "=3"):
        with pytest.raises(Exception, match="key=value"):
            parse_set(bad)


def test_both_versions_run_side_by_side_and_the_worktree_goes(tmp_path):
    before = _worktrees()
    (tmp_path / "small.toml").write_text('extends = "baseline"\n\n[params]\nstaff = 4\n', encoding="utf-8")
    cmd = [sys.executable, str(SCRIPT), "--ref", "HEAD", "--scenario", "small.toml"]
    cmd += ["--set", "days=12", "--set", "warmup_days=3", "--set", "no_such_key=1", "--seeds", "2", "--rounds", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| reference") or line.startswith("| this")]
    assert len(rows) == 2
    assert rows[0].startswith("| reference `HEAD` (")
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] == "15"  # 3 warm-up days + 12 observed: the values were set in both versions
        assert cells[6] == "days, warmup_days"  # the unknown key was set in neither
    assert "this / reference, time per run" in done.stdout
    assert _worktrees() == before


def test_a_reference_that_does_not_exist_is_refused(tmp_path):
    before = _worktrees()
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--ref", "no-such-revision-0000", "--seeds", "1", "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "cannot check out --ref no-such-revision-0000" in done.stderr
    assert "Traceback" not in done.stderr
    assert _worktrees() == before
