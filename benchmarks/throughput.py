"""Throughput of the experiment machinery: runs per second on 1 and 2 local workers.

Usage::

    python benchmarks/throughput.py              # 48 runs per measurement, about a minute and a half on 2 cores
    python benchmarks/throughput.py --runs 16    # quicker
    python benchmarks/throughput.py --dask       # also a Dask LocalCluster of 2 workers

A fixed small experiment (a factorial over two levers in the default 2,000-household
community, one year of 250 working days, replicated to ``--runs`` runs) is run

1. as a plain serial loop of ``sim.run`` (the reference: no experiment machinery);
2. with ``run_experiment`` and the serial executor (same process): the difference per
   run to (1) is the machinery's overhead (design, seeds, validation, one atomic
   Parquet file per run);
3. with ``run_experiment`` on 1 and 2 worker processes (and optionally a LocalCluster),
   with the workers started and warmed up beforehand ("warm"), and once including the
   start-up of the pool ("cold").

Speed-up = runs per second on 2 workers / on 1 worker (target ≥ 1.8× on 2 cores).
Printed as a Markdown table; the figures are measured, not asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sim.experiments import make_design, parse_experiment, run_experiment
from sim.experiments.executors import DaskExecutor, ProcessExecutor
from sim.experiments.runner import tasks_for
from sim.run import run

EXPERIMENT = """
name = "throughput"
scenario = "baseline"
replications = {reps}
seed = 1
[params]
households = 2000
days = 250
[design]
method = "factorial"
[factors.visit_share]
levels = [0.0, 0.2]
[factors.callback]
"""


def _spec(runs: int):
    import tomllib

    reps = max(1, runs // 4)
    text = EXPERIMENT.format(reps=reps)
    spec = parse_experiment(tomllib.loads(text), "throughput")
    return spec.__class__(**{**spec.__dict__, "text": text})


def _warm(_: int) -> int:
    import sim.experiments.runner  # noqa: F401 - import the model's modules in the worker

    time.sleep(0.5)  # long enough that the pool starts every worker
    return os.getpid()


def plain_loop(spec) -> float:
    """Seconds for a plain serial loop of sim.run over the same runs."""
    design = make_design(spec)
    tasks = tasks_for(spec, design)
    start = time.perf_counter()
    for task in tasks:
        run(spec.scenario.with_values(task.values), seed=task.seed, keep_model=False)
    return time.perf_counter() - start


def timed(spec, executor, tmp: Path) -> float:
    out = tmp / f"out-{time.monotonic_ns()}"
    start = time.perf_counter()
    run_experiment(spec, out, executor=executor)
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def warm_pool(workers: int) -> ProcessExecutor:
    pool = ProcessExecutor(workers)
    pids = set(pool.map_unordered(_warm, range(4 * workers)))
    assert len(pids) == workers, pids
    return pool


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=48, help="runs per measurement (default 48)")
    ap.add_argument("--dask", action="store_true", help="also measure a Dask LocalCluster of 2 workers")
    args = ap.parse_args(argv)
    spec = _spec(args.runs)
    n = len(make_design(spec)) * spec.replications
    rows = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        print(f"warming up ({n} runs per measurement) ...", file=sys.stderr)
        run(spec.scenario, seed=0, keep_model=False)
        t_plain = plain_loop(spec)
        rows.append(("plain serial loop of sim.run", 1, t_plain))
        t_serial = timed(spec, "serial", tmp)
        rows.append(("run_experiment, serial executor", 1, t_serial))
        for workers in (1, 2):
            print(f"{workers} worker process(es) ...", file=sys.stderr)
            rows.append(
                (
                    f"run_experiment, processes (warm), {workers} worker(s)",
                    workers,
                    timed(spec, warm_pool(workers), tmp),
                )
            )
        rows.append(
            ("run_experiment, processes (cold, incl. start-up), 2 workers", 2, timed(spec, ProcessExecutor(2), tmp))
        )
        if args.dask:
            print("Dask LocalCluster ...", file=sys.stderr)
            ex = DaskExecutor(local_cluster=2)
            list(ex.map_unordered(_warm, range(8)))
            rows.append(("run_experiment, Dask LocalCluster (warm), 2 workers", 2, timed(spec, ex, tmp)))

    print(f"Experiment throughput — {n} runs per row; Python {platform.python_version()}, {os.cpu_count()} CPUs\n")
    print("| how | workers | seconds | runs/s | s/run |")
    print("|---|---:|---:|---:|---:|")
    for name, workers, seconds in rows:
        print(f"| {name} | {workers} | {seconds:.2f} | {n / seconds:.2f} | {seconds / n:.3f} |")
    rate = {name: n / s for name, _, s in rows}
    one = rate["run_experiment, processes (warm), 1 worker(s)"]
    two = rate["run_experiment, processes (warm), 2 worker(s)"]
    overhead = (t_serial - t_plain) / n
    print()
    target = "yes" if two / one >= 1.8 else "**no**"
    print(f"- speed-up 2 vs 1 worker processes (warm): **{two / one:.2f}×** (target ≥ 1.8×: {target})")
    print(
        f"- overhead of the experiment machinery per run (serial executor vs plain loop): "
        f"{overhead * 1000:.1f} ms ({overhead / (t_plain / n):.1%} of a run of {t_plain / n * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
