"""Time and memory of running a street (default ``county-100``: 100 communities, about 200,000 households).

Usage::

    python benchmarks/street.py                      # county-100, serial and 2 jobs: several minutes on 2 cores
    python benchmarks/street.py --street street-10   # quicker
    python benchmarks/street.py --out /tmp/street.json

Measured in this run, on this machine:

1. the reference: one year of one community (``sim.run("baseline", seed=0)``, 2,000
   households, 250 working days), median of 3 runs after a warm-up;
2. the street with ``run_street(street, seed=0, jobs=1)`` and with ``jobs=2``, each in a
   fresh subprocess: wall and CPU time, and the ratio to the reference (how many
   "community-years" the street costs);
3. peak memory: the driving process's own peak resident set (``VmHWM`` in
   ``/proc/self/status``) and, with jobs, the largest worker's peak
   (``getrusage(RUSAGE_CHILDREN).ru_maxrss``; the workers are spawned, so they do not
   inherit the driver's high-water mark). "Total (bound)" = driver + jobs × largest worker.

The target for later is county-100 in ≤ 20 s and ≤ 2 GiB on this machine (2 cores). The
figures are information only: the exit status never depends on them, and no test checks them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time

TARGET_SECONDS = 20.0
TARGET_BYTES = 2 * 1024**3

CHILD = """
import json, os, resource, sys, time
from sim.street import load_street, run_street
street = load_street(sys.argv[1])
jobs = int(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
result = run_street(street, seed=0, jobs=jobs)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu

def own_peak():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 if jobs > 1 else 0
print(json.dumps({
    "wall": wall, "cpu_driver": cpu, "peak_driver": own_peak(), "peak_worker": workers,
    "communities": len(street.communities), "households": street.households,
    "issues_known": result.summary["issues_known"], "executor": result.meta["executor"],
}))
"""


def reference(repeats: int = 3) -> float:
    """Median seconds of one community's year (``baseline``, 250 working days), after a warm-up."""
    from sim.run import run

    run("baseline", seed=0, keep_model=False)
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run("baseline", seed=0, keep_model=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(street: str, jobs: int) -> dict:
    """Run the street once in a fresh subprocess; return its figures."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, street, str(jobs)], capture_output=True, text=True, check=True, timeout=3600
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["jobs"] = jobs
    figures["total_bound"] = figures["peak_driver"] + jobs * figures["peak_worker"]
    return figures


def _gib(n: float) -> str:
    return f"{n / 1024**3:.2f} GiB"


def main() -> int:
    """Measure and print a Markdown report; optionally write every figure as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--street", default="county-100", help="a shipped street or a street file")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the parallel measurement")
    parser.add_argument("--out", help="also write the figures to this JSON file")
    args = parser.parse_args()
    load = os.getloadavg()
    print("measuring one community's year…", file=sys.stderr)
    ref = reference()
    rows = []
    for jobs in (1, args.jobs):
        print(f"running {args.street} with {jobs} job(s)…", file=sys.stderr)
        rows.append(measure(args.street, jobs))
    end_load = os.getloadavg()
    first = rows[0]
    print(f"# Street benchmark: {args.street}\n")
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load {load[0]:.2f} → {end_load[0]:.2f}.")
    print(f"{first['communities']} communities, {first['households']:,} households, one year (250 working days).\n")
    print(f"Reference: one community's year (`baseline`, 2,000 households): **{ref:.2f} s** (median of 3).\n")
    print("| jobs | executor | wall | CPU (driver) | wall / reference | driver peak | largest worker | total (bound) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        worker = _gib(r["peak_worker"]) if r["peak_worker"] else "–"
        print(
            f"| {r['jobs']} | {r['executor']} | {r['wall']:.1f} s | {r['cpu_driver']:.1f} s | {r['wall'] / ref:.1f}× "
            f"| {_gib(r['peak_driver'])} | {worker} | {_gib(r['total_bound'])} |"
        )
    speedup = rows[0]["wall"] / rows[1]["wall"]
    best = min(rows, key=lambda r: r["wall"])
    print(f"\nSpeed-up with {args.jobs} jobs: {speedup:.2f}×.\n")
    print("**Targets** (information only; the exit status never depends on them):\n")
    ok_time = "yes" if best["wall"] <= TARGET_SECONDS else "**no**"
    ok_mem = "yes" if max(r["total_bound"] for r in rows) <= TARGET_BYTES else "**no**"
    print(f"- fastest wall time: **{best['wall']:.1f} s** — target ≤ {TARGET_SECONDS:.0f} s: {ok_time}")
    print(f"- largest memory (bound): **{_gib(max(r['total_bound'] for r in rows))}** — target ≤ 2 GiB: {ok_mem}")
    if args.out:
        from sim.files import atomic_write

        figures = {"street": args.street, "reference_seconds": ref, "runs": rows, "load": [load, end_load]}
        atomic_write(args.out, json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
