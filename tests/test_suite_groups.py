"""make test's two workers keep each group of tests together, and the browser group last.

The suite relies on both (tests/conftest.py): the browser tests share one Chromium and one
Jupyter server at a time, a file's module fixtures (a workshop server, a built wheel) are
made once, and a worker that has run a browser test must have nothing else left to run
(Playwright leaves an asyncio loop marked as running). A pytest or pytest-xdist that stops
honouring the groups, or that reorders them, fails nothing by itself: the tests just land
elsewhere. This runs a small suite with ``make test``'s own pytest options, grouped and
sorted the same way, and checks where and in which order each test ran.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONFTEST = """
import pytest

def _group(item):
    return "browser" if "browser" in item.nodeid.split("::")[0].split("/") else item.nodeid.split("::")[0]

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: _group(item) == "browser")
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_group(item)))
"""


def _tests(n: int, seconds: float) -> str:
    return "import time\n" + "".join(f"def test_{i}():\n    time.sleep({seconds})\n" for i in range(n))


def make_test_options() -> list[str]:
    """The options ``make test`` gives pytest for the suite (from the Makefile)."""
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if "-m pytest -n" in line:
            options = shlex.split(line.split("-m pytest", 1)[1])
            return [o for o in options if not o.startswith("--durations")]
    raise AssertionError("no 'python -m pytest -n …' line in the Makefile")


def test_make_test_keeps_each_group_on_one_worker_and_the_browser_group_last(tmp_path: Path):
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "browser").mkdir()
    # The browser group is the largest, as in the suite, so reordering by size would put it
    # first; and its tests are quick, so its worker would then take other groups after it.
    files = {"browser/test_one.py": 6, "browser/test_two.py": 6}
    files |= {f"test_{name}.py": 3 for name in ("a", "b", "c", "d")}
    for path, n in files.items():
        (tmp_path / path).write_text(_tests(n, 0.01 if path.startswith("browser/") else 0.3), encoding="utf-8")
    options = make_test_options()
    assert "--dist" in options and "loadgroup" in options
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *options, "-v", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    ran = re.findall(r"\[(gw\d+)\].*PASSED (\S+)", done.stdout)
    assert len(ran) == sum(files.values())
    workers = defaultdict(set)
    order = defaultdict(list)  # each worker's files, in the order its tests finished
    for worker, nodeid in ran:
        path = nodeid.split("::")[0]
        workers[path].add(worker)
        order[worker].append(path)
    browser = workers["browser/test_one.py"] | workers["browser/test_two.py"]
    assert len(browser) == 1, f"the browser group ran on {sorted(browser)}: the workers no longer keep groups together"
    for path in files:
        assert len(workers[path]) == 1, f"{path} ran on {sorted(workers[path])}"
    seen = order[browser.pop()]
    first = next(i for i, path in enumerate(seen) if path.startswith("browser/"))
    assert all(path.startswith("browser/") for path in seen[first:]), f"tests ran after the browser group: {seen}"
