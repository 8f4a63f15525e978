"""Run an experiment: every (design point, replication) once, stored as it finishes.

>>> from sim.experiments import run_experiment
>>> run_experiment("sim/experiments/examples/levers-small.toml", "out/levers-small")  # doctest: +SKIP

A street experiment (a file that names a street instead of a scenario; see
``sim.experiments.street_runs``) runs the same way: one task is one run of the whole
street, and ``max_runs`` also caps its community runs (communities × runs).

Running the same experiment into the same directory again resumes it: the runs
already stored are skipped, the missing ones are run. It also repairs the directory:
damaged run files are moved to ``runs/damaged/`` and run again, and damaged files that
describe the experiment (its copy, the design) are rewritten.

How many runs an experiment asks for is checked against a cap (``max_runs``, default
``sim.inputs.DEFAULT_MAX_RUNS``) from the sizes alone, before any design or list of
runs is built.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import check_out_dir
from ..inputs import check_runs
from ..scenario import Scenario
from ..text import Part
from .design import Design, check_size, make_design, run_seed, where
from .executors import check_executor, make_executor, recorded_row
from .spec import ExperimentSpec
from .store import ExperimentStore

if TYPE_CHECKING:
    from .street_runs import StreetExperimentSpec, StreetRunTask

# The street code is imported where it is used: sim.street imports this package (executors).


def load_experiment(
    ref: str | os.PathLike | ExperimentSpec | StreetExperimentSpec,
) -> ExperimentSpec | StreetExperimentSpec:
    """Read and validate an experiment file of either kind (over a scenario or over a street); see ``street_runs.load_any``."""
    from .street_runs import load_any

    return load_any(ref)


def is_street(spec: ExperimentSpec | StreetExperimentSpec) -> bool:
    """Whether ``spec`` is a street experiment."""
    from .street_runs import StreetExperimentSpec

    return isinstance(spec, StreetExperimentSpec)


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run (small and picklable).

    Attributes:
        point: design point id.
        rep: replication number.
        seed: the run's seed (``run_seed(master, point, rep)``, the same at every point).
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

    def metrics() -> dict[str, float]:
        scenario = task.base.with_values(task.values, name=f"{task.base.name}#p{task.point}")
        summary = run(scenario, seed=task.seed, keep_model=False).summary
        return {m: float(summary[m]) for m in task.metrics}

    return recorded_row(task, metrics)


def iter_tasks(
    spec: ExperimentSpec | StreetExperimentSpec, design: Design, skip: set[tuple[int, int]] = frozenset()
) -> Iterator[RunTask | StreetRunTask]:
    """The runs of an experiment not in ``skip``, replication by replication, made as they are used.

    A street experiment's tasks are ``StreetRunTask``: one run of the whole street each.
    """
    from .street_runs import StreetRunTask

    values = list(design.records())
    street = is_street(spec)
    for r in range(spec.replications):
        for p in range(len(design)):
            if (p, r) not in skip:
                seed = run_seed(spec.seed, p, r)
                if street:
                    yield StreetRunTask(p, r, seed, values[p], spec.street, spec.metrics)
                else:
                    yield RunTask(p, r, seed, values[p], spec.scenario, spec.metrics)


def tasks_for(
    spec: ExperimentSpec | StreetExperimentSpec, design: Design, skip: set[tuple[int, int]] = frozenset()
) -> list[RunTask | StreetRunTask]:
    """The runs of an experiment not in ``skip``, replication by replication, as a list."""
    return list(iter_tasks(spec, design, skip))


def experiment_of(spec: ExperimentSpec | StreetExperimentSpec) -> ExperimentSpec:
    """The experiment as the kit's reader checked it (for a street experiment, its design part)."""
    return spec.experiment if is_street(spec) else spec


def check_street_size(spec: ExperimentSpec | StreetExperimentSpec, points: int, max_runs: int | None = None) -> None:
    """Refuse a street experiment whose community runs (communities × runs) are more than the cap."""
    if not is_street(spec):
        return
    n = len(spec.street.communities)
    runs = points * spec.replications
    check_runs(runs * n, Part("experiment.runs.community", where=where(spec), runs=runs, n=n), max_runs)


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
        damaged: damaged run files moved to ``runs/damaged/`` and run again.
        repaired: damaged files describing the experiment that were rewritten.
    """

    path: Path
    total: int
    skipped: int
    ran: int
    errors: int
    seconds: float
    executor: str
    damaged: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)


def prepare(
    spec: str | os.PathLike | ExperimentSpec | StreetExperimentSpec,
    out_dir: str | os.PathLike,
    max_runs: int | None = None,
    lang: str | None = None,
    executor: str | Any = None,
    scheduler: str | None = None,
) -> tuple[ExperimentSpec | StreetExperimentSpec, Design]:
    """Load and validate the experiment, check its size and the directory, build its design.

    In this order, so that nothing big is built for an experiment that will be refused:
    the executor and scheduler address, when given; the file (over a scenario or over a
    street); replications, design points, runs and, for a street, community runs against
    ``max_runs`` (from the sizes alone); the output directory
    (not empty as a path, creatable, not a file, not the experiment file or a directory
    holding it); the design; whether the directory is new or holds this very experiment.

    Args:
        spec: an experiment file, ExperimentSpec or StreetExperimentSpec.
        out_dir: the experiment directory.
        max_runs: the cap on replications, design points, runs and a street's community
            runs (default ``sim.inputs.DEFAULT_MAX_RUNS``).
        lang: the language of messages about the directory.
        executor: the executor that will run it (checked only; see ``run_experiment``).
        scheduler: the Dask scheduler address for ``executor="dask"`` (its form only).

    Raises:
        ScenarioError: for any of the above (nothing is written).
    """
    if executor is not None:
        check_executor(executor, scheduler)
    spec = load_experiment(spec)
    points = check_size(experiment_of(spec), max_runs)
    check_street_size(spec, points, max_runs)
    inputs = [spec.path] if spec.path is not None else []
    check_out_dir(out_dir, overwrite=True, lang=lang, inputs=inputs, option="--out")
    design = make_design(experiment_of(spec), max_runs)
    ExperimentStore(out_dir).check(spec, design)
    return spec, design


def run_experiment(
    spec: str | os.PathLike | ExperimentSpec | StreetExperimentSpec,
    out_dir: str | os.PathLike,
    executor: str | Any = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    retry_errors: bool = False,
    extra_meta: dict[str, Any] | None = None,
    max_runs: int | None = None,
    lang: str | None = None,
) -> ExperimentRun:
    """Run every (design point, replication) of an experiment not yet stored in ``out_dir``.

    Args:
        spec: an experiment file, ExperimentSpec or StreetExperimentSpec.
        out_dir: the experiment directory (created, or resumed if it holds this experiment).
        executor: ``serial``, ``processes``, ``local-cluster``, ``dask`` or an executor object
            (see ``sim.experiments.executors``).
        workers: processes for ``processes`` / ``local-cluster`` (default: all cores).
        scheduler: Dask scheduler address for ``dask`` (default ``SIM_DASK_SCHEDULER``).
        progress: called as ``progress(done, total)``, counting runs already stored.
        retry_errors: run again the runs stored with status "error".
        extra_meta: more entries for meta.json (e.g. the command line).
        max_runs: the cap on replications, design points, runs and a street's community
            runs (default ``sim.inputs.DEFAULT_MAX_RUNS``).
        lang: the language of messages about the directory.

    Returns:
        What was run.

    Raises:
        ScenarioError: for a bad experiment file, too many runs, a bad executor or
            scheduler address, or an output directory that cannot be used (nothing is
            written then).
    """
    start = time.perf_counter()
    check_executor(executor, scheduler)  # a bad address is reported before the design is built
    spec, design = prepare(spec, out_dir, max_runs=max_runs, lang=lang)
    store = ExperimentStore(out_dir)
    pool = make_executor(executor, workers, scheduler)
    try:
        repaired = store.create(spec, design, extra_meta)
        store.clean_temporary()
        damaged = store.set_aside_damaged()
        stored = store.stored()
        if retry_errors and stored:
            results = store.results(with_design=False)
            failed = results[results["status"] == "error"]
            stored -= set(zip(failed["point"].tolist(), failed["rep"].tolist(), strict=True))
        total = len(design) * spec.replications
        stored = {(p, r) for p, r in stored if p < len(design) and r < spec.replications}
        todo = total - len(stored)
        done = total - todo
        if progress:
            progress(done, total)
        errors = 0
        from .street_runs import execute_street

        worker = execute_street if is_street(spec) else execute
        for row in pool.map_unordered(worker, iter_tasks(spec, design, stored)):
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
        skipped=total - todo,
        ran=todo,
        errors=errors,
        seconds=time.perf_counter() - start,
        executor=describe,
        damaged=damaged,
        repaired=repaired,
    )
