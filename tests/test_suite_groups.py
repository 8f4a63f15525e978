"""make test's two workers keep each group of tests together (``--dist loadgroup``).

The suite relies on it: the browser tests share one Chromium and one Jupyter server at a
time, and a file's module fixtures (a workshop server, a built wheel) are made once. A
pytest and pytest-xdist that stop honouring the groups do not fail anything by themselves:
tests of one group are simply spread over both workers. This runs a small suite the same
way and checks where each test ran.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

CONFTEST = """
import pytest

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        group = "browser" if "browser" in item.nodeid.split("::")[0].split("/") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
"""
TESTS = "import time\n" + "".join(f"def test_{i}():\n    time.sleep(0.05)\n" for i in range(6))


def test_a_group_runs_on_one_worker(tmp_path: Path):
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "browser").mkdir()
    for path in ("browser/test_one.py", "browser/test_two.py", "test_three.py", "test_four.py"):
        (tmp_path / path).write_text(TESTS, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    workers = defaultdict(set)
    for worker, nodeid in re.findall(r"\[(gw\d+)\].*PASSED (\S+)", done.stdout):
        workers[nodeid.split("::")[0].split("@")[0]].add(worker)
    assert sum(1 for _ in re.finditer(r"PASSED", done.stdout)) == 24
    browser = workers["browser/test_one.py"] | workers["browser/test_two.py"]
    assert len(browser) == 1, (
        f"the browser group ran on {sorted(browser)}: pytest-xdist no longer keeps groups together"
    )
    for name in ("test_three.py", "test_four.py"):
        assert len(workers[name]) == 1, f"{name} ran on {sorted(workers[name])}"
