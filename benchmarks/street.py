"""Time and memory of running a street (default ``county-100``: 100 communities, about 200,000 households).

Usage::

    python benchmarks/street.py                      # county-100: a few minutes on 2 cores
    python benchmarks/street.py --street street-10   # quicker
    python benchmarks/street.py --out /tmp/street.json

Measured in this run, on this machine:

1. the reference: one year of one community (``sim.run("baseline", seed=0)``, 2,000
   households, 250 working days), median of 3 runs after a warm-up;
2. the street as its file says (linked by ``[shared]``: every community in step) and the
   same communities run apart (``shared`` removed), each serially and with ``--jobs``, each
   in a fresh subprocess: wall and CPU time, and the ratio to the reference (how many
   "community-years" the street costs);
3. growth: the linked street of ``--small`` of its communities (every k-th, so the same mix
   of kinds and sizes) against all of them, serially; the exponent is log(CPU time ratio) /
   log(households ratio) (1.0: time grows as the street does);
4. peak memory: the driving process's own peak resident set (``VmHWM`` in
   ``/proc/self/status``) and, with jobs, the largest worker's peak
   (``getrusage(RUSAGE_CHILDREN).ru_maxrss``; the workers are spawned, so they do not
   inherit the driver's high-water mark). "Total (bound)" = driver + jobs × largest worker.

The targets are county-100 in ≤ 20 s and ≤ 2 GiB, and an exponent ≤ 1.1 from 10 to 100
communities, on this machine (2 cores). The figures are information only: the exit status
never depends on them, and no test checks them.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time

TARGET_SECONDS = 20.0
TARGET_BYTES = 2 * 1024**3
TARGET_EXPONENT = 1.1

CHILD = """
import dataclasses, json, os, resource, sys, time
from sim.street import load_street, run_street
street = load_street(sys.argv[1])
jobs, mode, sample = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
if mode == "apart":
    street = dataclasses.replace(street, shared=None)
if sample:  # every k-th community: a smaller street with the same mix of kinds and sizes
    step = max(1, len(street.communities) // sample)
    street = dataclasses.replace(street, communities=street.communities[::step][:sample])
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


def measure(street: str, jobs: int, mode: str = "as-filed", sample: int = 0) -> dict:
    """Run the street once in a fresh subprocess; return its figures.

    Args:
        street: a shipped street or a street file.
        jobs: worker processes (a linked street runs in one process whatever this says).
        mode: "as-filed" (its ``[shared]`` as written) or "apart" (``[shared]`` removed).
        sample: run only ``sample`` of its communities, every k-th (0: all).
    """
    argv = [sys.executable, "-c", CHILD, street, str(jobs), mode, str(sample)]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=3600)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures.update(jobs=jobs, mode=mode, sample=sample)
    figures["total_bound"] = figures["peak_driver"] + jobs * figures["peak_worker"]
    return figures


def _gib(n: float) -> str:
    return f"{n / 1024**3:.2f} GiB"


def main() -> int:
    """Measure and print a Markdown report; optionally write every figure as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--street", default="county-100", help="a shipped street or a street file")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the parallel measurement")
    parser.add_argument("--small", type=int, default=10, help="communities of the small street of the growth figure")
    parser.add_argument("--out", help="also write the figures to this JSON file")
    args = parser.parse_args()
    load = os.getloadavg()
    print("measuring one community's year…", file=sys.stderr)
    ref = reference()
    rows = []
    plan = ((1, "as-filed", 0), (args.jobs, "as-filed", 0), (1, "apart", 0), (args.jobs, "apart", 0))
    for jobs, mode, sample in (*plan, (1, "as-filed", args.small)):
        print(f"running {args.street} ({mode}, {sample or 'all'} communities) with {jobs} job(s)…", file=sys.stderr)
        rows.append(measure(args.street, jobs, mode, sample))
    end_load = os.getloadavg()
    full, small = rows[0], rows[4]
    fastest = min(rows[:2], key=lambda r: r["wall"])
    print(f"# Street benchmark: {args.street}\n")
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load {load[0]:.2f} → {end_load[0]:.2f}.")
    print(f"{full['communities']} communities, {full['households']:,} households, one year (250 working days).\n")
    print(f"Reference: one community's year (`baseline`, 2,000 households): **{ref:.2f} s** (median of 3).\n")
    print(
        "| run | communities | jobs | executor | wall | CPU (driver) | wall / reference | driver peak | largest worker | total (bound) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        worker = _gib(r["peak_worker"]) if r["peak_worker"] else "–"
        print(
            f"| {r['mode']} | {r['communities']} | {r['jobs']} | {r['executor']} | {r['wall']:.1f} s "
            f"| {r['cpu_driver']:.1f} s | {r['wall'] / ref:.1f}× "
            f"| {_gib(r['peak_driver'])} | {worker} | {_gib(r['total_bound'])} |"
        )
    exponent = math.log(full["cpu_driver"] / small["cpu_driver"]) / math.log(full["households"] / small["households"])
    print(f"\nSpeed-up with {args.jobs} jobs: linked {rows[0]['wall'] / rows[1]['wall']:.2f}×, ", end="")
    print(f"apart {rows[2]['wall'] / rows[3]['wall']:.2f}×.")
    print(
        f"Growth from {small['communities']} to {full['communities']} communities (linked, "
        f"{small['households']:,} → {full['households']:,} households): exponent **{exponent:.3f}**.\n"
    )
    print("**Targets** (information only; the exit status never depends on them):\n")
    ok_time = "yes" if fastest["wall"] <= TARGET_SECONDS else "**no**"
    peak = max(r["total_bound"] for r in rows)
    ok_mem = "yes" if peak <= TARGET_BYTES else "**no**"
    ok_exp = "yes" if exponent <= TARGET_EXPONENT else "**no**"
    print(
        f"- the street as filed, fastest ({fastest['jobs']} job(s)): **{fastest['wall']:.1f} s** "
        f"— target ≤ {TARGET_SECONDS:.0f} s: {ok_time}"
    )
    print(f"- largest memory (bound): **{_gib(peak)}** — target ≤ 2 GiB: {ok_mem}")
    print(f"- growth exponent: **{exponent:.3f}** — target ≤ {TARGET_EXPONENT}: {ok_exp}")
    if args.out:
        from sim.files import atomic_write

        figures = {"street": args.street, "reference_seconds": ref, "runs": rows, "exponent": exponent}
        figures["load"] = [load, end_load]
        atomic_write(args.out, json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
