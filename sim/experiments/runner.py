"""Run an experiment: every (design point, replication) once, stored as it finishes.

>>> from sim.experiments import run_experiment
>>> run_experiment("sim/experiments/examples/levers-small.toml", "out/levers-small")  # doctest: +SKIP

Running the same experiment into the same directory again resumes it: the runs
already stored are skipped, the missing ones are run.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..scenario import Scenario
from .design import Design, make_design, run_seed
from .executors import make_executor
from .spec import ExperimentSpec, load_experiment
from .store import ExperimentStore


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run (small and picklable).

    Attributes:
        point: design point id.
        rep: replication number.
        seed: the run's seed (``run_seed(master, point, rep)``).
        values: the factor values of the point.
        base: the base scenario.
        metrics: the metrics to return.
    """

    point: int
    rep: int
    seed: int
    values: dict[str, Any]
    base: Scenario
    metrics: tuple[str, ...]


def execute(task: RunTask) -> dict[str, Any]:
    """Carry out one run; never raises for a failing run (returns status "error")."""
    from ..run import run

    start = time.perf_counter()
    row: dict[str, Any] = {"point": task.point, "rep": task.rep, "seed": task.seed}
    try:
        scenario = task.base.with_values(task.values, name=f"{task.base.name}#p{task.point}")
        summary = run(scenario, seed=task.seed, keep_model=False).summary
        row.update({m: float(summary[m]) for m in task.metrics})
        row.update(status="ok", error="")
    except Exception as exc:  # noqa: BLE001 - a failed run is data, recorded with its message
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" (at {Path(last[0].filename).name}:{last[0].lineno})" if last else ""
        row.update(status="error", error=f"{type(exc).__name__}: {exc}{where}")
    row["run_seconds"] = time.perf_counter() - start
    return row


def tasks_for(spec: ExperimentSpec, design: Design, skip: set[tuple[int, int]] = frozenset()) -> list[RunTask]:
    """The runs of an experiment not in ``skip``, replication by replication."""
    values = [design.values(p) for p in range(len(design))]
    return [
        RunTask(p, r, run_seed(spec.seed, p, r), values[p], spec.scenario, spec.metrics)
        for r in range(spec.replications)
        for p in range(len(design))
        if (p, r) not in skip
    ]


@dataclass
class ExperimentRun:
    """What ``run_experiment`` did.

    Attributes:
        path: the experiment directory.
        total: runs in the experiment.
        skipped: runs already stored before this call (resumed).
        ran: runs carried out by this call.
        errors: runs of this call that raised (stored with their message).
        seconds: wall time of this call.
        executor: description of the executor.
    """

    path: Path
    total: int
    skipped: int
    ran: int
    errors: int
    seconds: float
    executor: str


def prepare(spec: str | os.PathLike | ExperimentSpec, out_dir: str | os.PathLike) -> tuple[ExperimentSpec, Design]:
    """Load and validate the experiment, build its design and check the directory.

    Nothing is written; every mistake raises ``ScenarioError`` before any run.
    """
    spec = load_experiment(spec)
    design = make_design(spec)
    ExperimentStore(out_dir).check(spec, design)
    return spec, design


def run_experiment(
    spec: str | os.PathLike | ExperimentSpec,
    out_dir: str | os.PathLike,
    executor: str | Any = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    retry_errors: bool = False,
    extra_meta: dict[str, Any] | None = None,
) -> ExperimentRun:
    """Run every (design point, replication) of an experiment not yet stored in ``out_dir``.

    Args:
        spec: an experiment file or ExperimentSpec.
        out_dir: the experiment directory (created, or resumed if it holds this experiment).
        executor: ``serial``, ``processes``, ``local-cluster``, ``dask`` or an executor object
            (see ``sim.experiments.executors``).
        workers: processes for ``processes`` / ``local-cluster`` (default: all cores).
        scheduler: Dask scheduler address for ``dask`` (default ``SIM_DASK_SCHEDULER``).
        progress: called as ``progress(done, total)``, counting runs already stored.
        retry_errors: run again the runs stored with status "error".
        extra_meta: more entries for meta.json (e.g. the command line).

    Returns:
        What was run.

    Raises:
        ScenarioError: for a bad experiment file or an output directory that holds
            something else (nothing is written then).
    """
    start = time.perf_counter()
    spec, design = prepare(spec, out_dir)
    store = ExperimentStore(out_dir)
    pool = make_executor(executor, workers, scheduler)
    try:
        store.create(spec, design, extra_meta)
        store.clean_temporary()
        stored = store.stored()
        if retry_errors and stored:
            results = store.results(with_design=False)
            failed = results[results["status"] == "error"]
            stored -= set(zip(failed["point"].tolist(), failed["rep"].tolist(), strict=True))
        tasks = tasks_for(spec, design, stored)
        total = len(design) * spec.replications
        done = total - len(tasks)
        if progress:
            progress(done, total)
        errors = 0
        for row in pool.map_unordered(execute, tasks):
            store.write_run(row, spec.metrics)
            errors += row["status"] == "error"
            done += 1
            if progress:
                progress(done, total)
        describe = pool.describe()
    finally:
        pool.close()
    return ExperimentRun(
        path=Path(out_dir),
        total=total,
        skipped=total - len(tasks),
        ran=len(tasks),
        errors=errors,
        seconds=time.perf_counter() - start,
        executor=describe,
    )
