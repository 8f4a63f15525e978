"""How often a kernel reply is waited for long after it arrived, with and without slices.

Runs a small widget notebook (``tests/browser/fixtures/slider_plot.ipynb``) with nbclient, as
Voilà does, ``--runs`` times with jupyter_client's own wait and ``--runs`` times with the
kit's wait in slices (``sim.course.kernel_replies``), alternating, and counts the runs in
which some reply came more than ``--stall`` seconds after the kernel sent it. A lost wake-up
shows as a wait of the whole cell timeout (``--timeout``; Voilà has none, so there the page
never loads). Busy cores make it more likely; ``--busy N`` keeps N processes spinning.

    .venv/bin/python benchmarks/kernel_replies.py --runs 20 --busy 2
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from jupyter_client.channels import AsyncZMQSocketChannel
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.course.kernel_replies import get_msg_in_slices  # noqa: E402

NOTEBOOK = ROOT / "tests" / "browser" / "fixtures" / "slider_plot.ipynb"
LIBRARY_WAIT = AsyncZMQSocketChannel.get_msg


def spin() -> None:
    while True:
        pass


def one_run(notebook: nbformat.NotebookNode, wait, timeout: float) -> float:
    """Run the notebook once with ``wait`` as the channel's get_msg; the longest reply delay in s."""
    worst = 0.0

    async def timed(self, timeout=None):
        msg = await wait(self, timeout=timeout)
        sent = msg["header"]["date"]
        if isinstance(sent, str):
            sent = datetime.fromisoformat(sent)
        nonlocal worst
        worst = max(worst, (datetime.now(UTC) - sent).total_seconds())
        return msg

    AsyncZMQSocketChannel.get_msg = timed
    try:
        NotebookClient(nbformat.from_dict(notebook), timeout=timeout, kernel_name="python3").execute()
    finally:
        AsyncZMQSocketChannel.get_msg = LIBRARY_WAIT
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each wait (default 20)")
    parser.add_argument("--timeout", type=float, default=40.0, help="nbclient cell timeout, s (default 40)")
    parser.add_argument("--stall", type=float, default=5.0, help="a reply later than this is a stall, s (default 5)")
    parser.add_argument("--busy", type=int, default=0, help="spinning processes beside the runs (default 0)")
    args = parser.parse_args()

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(args.busy)]
    for p in spinners:
        p.start()
    results: dict[str, list[float]] = {"library": [], "slices": []}
    start = time.monotonic()
    try:
        for i in range(args.runs):
            for name, wait in (("library", LIBRARY_WAIT), ("slices", get_msg_in_slices)):
                worst = one_run(notebook, wait, args.timeout)
                results[name].append(worst)
                print(f"run {i + 1:>3} {name:<8} longest reply delay {worst:6.2f} s", file=sys.stderr, flush=True)
    finally:
        for p in spinners:
            p.terminate()

    print("# Kernel replies: waits after a reply arrived\n")
    print(
        f"{args.runs} runs of each wait, cell timeout {args.timeout:g} s, {args.busy} busy processes, "
        f"{time.monotonic() - start:.0f} s in all.\n"
    )
    print(f"| wait | runs with a stall (> {args.stall:g} s) | longest delay, s | median longest delay, s |")
    print("|---|---|---|---|")
    for name, worsts in results.items():
        stalls = sum(w > args.stall for w in worsts)
        median = sorted(worsts)[len(worsts) // 2]
        print(f"| {name} | {stalls} of {len(worsts)} | {max(worsts):.2f} | {median:.2f} |")
    lib = sum(w > args.stall for w in results["library"])
    sl = sum(w > args.stall for w in results["slices"])
    print(f"\nStalls, slices / library: {sl} / {lib}")


if __name__ == "__main__":
    main()
