"""Worker processes end with the process that started them, however it ends (sim.workers)."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from sim import workers

ROOT = Path(__file__).resolve().parents[1]
# A process with a pool of two workers: one in the middle of a long task, one waiting for work.
POOL = """
import os, time
from sim import workers

if __name__ == "__main__":
    pool = workers.pool(2)
    first = pool.submit(time.sleep, 300)
    pool.submit(os.getpid).result()
    print("ready", flush=True)
    time.sleep(300)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_the_workers_end_when_the_process_that_started_them_is_killed(tmp_path, sig):
    script = tmp_path / "pool.py"
    script.write_text(POOL, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    started: list[psutil.Process] = []
    try:
        assert proc.stdout.readline().strip() == "ready"
        started = psutil.Process(proc.pid).children(recursive=True)
        assert len(started) >= 2, started  # the two workers (and multiprocessing's resource tracker)
        proc.send_signal(sig)
        proc.wait(30)
        _, alive = psutil.wait_procs(started, timeout=20)
        assert not alive, f"still running after their parent was killed: {[p.cmdline() for p in alive]}"
    finally:
        for process in [*started, psutil.Process(proc.pid)] if proc.poll() is None else started:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()  # psutil checks it is still the process noted, never a reused pid
        proc.wait(30)
        proc.stdout.close()


def test_follow_parent_does_nothing_outside_a_worker():
    import threading

    before = threading.active_count()
    workers.follow_parent()
    assert threading.active_count() == before


def test_every_worker_process_the_kit_starts_comes_from_sim_workers():
    """One place starts worker processes, so each of them follows its parent."""
    starts = ("ProcessPoolExecutor(", 'get_context("spawn")', ".Process(target")
    found = [
        f"{path.relative_to(ROOT)}: {text}"
        for path in sorted((ROOT / "sim").rglob("*.py"))
        if path.name != "workers.py"
        for text in starts
        if text in path.read_text(encoding="utf-8")
    ]
    assert not found, found
