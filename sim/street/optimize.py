"""Policy search over a street (策略搜索): where staff and practices pay off, under a staff budget.

>>> from sim.street.optimize import optimize
>>> result = optimize("sim/scenarios/streets/optimize-street-10.toml", "out/street-10-staff")  # doctest: +SKIP
>>> result.pareto                                                                          # doctest: +SKIP

A policy gives each decision variable of the optimisation file (``sim.street.optimize_spec``)
a value: a parameter of one community. It is evaluated by running the street with those
values (``dataclasses.replace`` of its communities) on ``replications`` street seeds,
``sim.run.replication_seed(seed, r)`` for replication ``r`` — the same seeds for every
policy (common random numbers) — and each objective is the mean over the replications.

The search is pymoo's NSGA-II for mixed variables (``MixedVariableGA`` with rank-and-crowding
survival): whole numbers and switches are sampled, crossed and mutated as such. The budget
is a constraint ``G = Σ staff − budget ≤ 0`` that pymoo's survival uses before any
objective (a policy over budget is never run and never ranks above one within it); a
policy whose objectives have no value (no case due yet in any replication, or a run that
failed) is held back by a second constraint. The optimiser is seeded with ``seed``, so a
search run again asks for the same policies in the same order.

Every (policy, replication) is stored in ``DIR/evaluations.sqlite`` as it finishes
(``sim.street.optimize_store``). Running the search again into the same folder takes
the stored runs instead of running them: after a kill it goes on where it stopped and
gives the same Pareto set as a search never stopped. Runs are carried out on the kit's
executors (``sim.experiments.executors``); their numbers do not depend on the executor.

The Pareto set is the non-dominated set of every policy within the budget evaluated in
the search (not only the last generation); the hypervolume of that set, generation by
generation, shows how the search converged (objectives scaled between the best and worst
value found, reference point 1.1 in each).
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..experiments.executors import check_executor, make_executor
from ..files import check_out_dir
from ..run import replication_seed
from .optimize_spec import Objective, OptimizeSpec, load_optimize
from .optimize_store import STORE, EvaluationStore
from .run import RATES
from .spec import Street

SEED_SCHEME = "street seed of replication r = sim.run.replication_seed(seed, r) (numpy SeedSequence([seed, r]))"
REFERENCE = 1.1  # the hypervolume's reference point in scaled objectives (0 best, 1 worst found)
AS_GIVEN = "as-given"  # the id of the street's own values in the tables


@dataclass(frozen=True)
class EvalTask:
    """One run of the search (small and picklable): a policy's street on one replication seed.

    Attributes:
        policy: the policy's key (its values as JSON).
        rep: the replication.
        seed: the street seed of the replication.
        street: the street with the policy's values.
        objectives: what to read from the run.
    """

    policy: str
    rep: int
    seed: int
    street: Street
    objectives: tuple[Objective, ...]


def objective_value(objective: Objective, table: pd.DataFrame, summary: dict[str, Any]) -> float:
    """One run's value of an objective: the street's figure, the worst community's, or the total."""
    if objective.of == "street":
        value = summary.get(objective.metric)
        return math.nan if value is None else float(value)
    column = pd.to_numeric(table[objective.metric], errors="coerce").dropna()
    if column.empty:
        return math.nan
    if objective.of == "total":
        return float(column.sum())
    return float(column.min() if objective.sense == "max" else column.max())


def evaluate(task: EvalTask) -> dict[str, Any]:
    """Run one (policy, replication); never raises for a failing run (status "error")."""
    from .run import run_street

    start = time.perf_counter()
    row: dict[str, Any] = {"policy": task.policy, "rep": task.rep, "seed": task.seed, "status": "ok", "error": ""}
    try:
        result = run_street(task.street, seed=task.seed, jobs=1, executor="serial")
        values = {o.key: objective_value(o, result.table, result.summary) for o in task.objectives}
        values.update({f"street:{m}": float(result.summary.get(m, math.nan)) for m in RATES})
    except Exception as exc:  # noqa: BLE001 - a failed run is data, kept with its message
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" (at {Path(last[0].filename).name}:{last[0].lineno})" if last else ""
        row.update(status="error", error=f"{type(exc).__name__}: {exc}{where}")
        values = {}
    row["values"] = values
    row["seconds"] = time.perf_counter() - start
    return row


def fingerprint(spec: OptimizeSpec) -> str:
    """A hash of what fixes a run's numbers: the street, its shared help, the objectives and the seed."""
    street = spec.street
    content = {
        "communities": [[c.name, c.scenario.params, repr(c.scenario.shocks)] for c in street.communities],
        "shared": repr(getattr(street, "shared", None)),
        "objectives": [[o.metric, o.sense, o.of] for o in spec.objectives],
        "seed": spec.seed,
        "seed_scheme": SEED_SCHEME,
    }
    text = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def policy_key(values: dict[str, Any]) -> str:
    """A policy's key: its values as JSON, in the order of the variables."""
    return json.dumps(values, separators=(",", ":"))


@dataclass
class OptimizeResult:
    """What a policy search gives.

    Attributes:
        spec: the optimisation file, checked.
        policies: one row per distinct policy asked for (and the street as given, id
            ``as-given``): id, values, staff total, status, objective means, the street's rates.
        evaluations: one row per policy asked for, generation by generation (a policy
            asked for twice has two rows).
        pareto: the Pareto policies' rows of ``policies``, best first by the first objective.
        convergence: the hypervolume of the Pareto set found by each generation.
        ran: runs carried out by this call.
        reused: runs taken from the store.
        seconds: wall time of this call.
        executor: description of the executor.
        path: the output folder.
    """

    spec: OptimizeSpec
    policies: pd.DataFrame
    evaluations: pd.DataFrame
    pareto: pd.DataFrame
    convergence: pd.DataFrame
    ran: int
    reused: int
    seconds: float
    executor: str
    path: Path
    meta: dict[str, Any] = field(default_factory=dict)


def _pymoo():
    """The parts of pymoo the search uses, imported quietly.

    pymoo says once that its compiled modules are missing; the pure-Python ones give the
    same numbers, only slower, and the model's runs take far longer anyway.
    """
    try:
        from pymoo.config import Config
    except ImportError:
        raise ScenarioError.keyed("optimize.missing_pymoo") from None
    Config.warnings["not_compiled"] = False
    from pymoo.core.evaluator import Evaluator
    from pymoo.core.mixed import MixedVariableDuplicateElimination, MixedVariableGA
    from pymoo.core.problem import Problem
    from pymoo.core.variable import Binary, Integer, Real
    from pymoo.operators.survival.rank_and_crowding import RankAndCrowding
    from pymoo.problems.static import StaticProblem

    return {
        "Evaluator": Evaluator,
        "MixedVariableGA": MixedVariableGA,
        "Duplicates": MixedVariableDuplicateElimination,
        "Problem": Problem,
        "Binary": Binary,
        "Integer": Integer,
        "Real": Real,
        "RankAndCrowding": RankAndCrowding,
        "StaticProblem": StaticProblem,
    }


def _algorithm(spec: OptimizeSpec, pm: dict[str, Any]):
    """The problem and NSGA-II for mixed variables, set up and seeded."""
    variables = {}
    for v in spec.variables:
        if v.kind == "bool":
            variables[v.key] = pm["Binary"]()
        elif v.kind == "int":
            variables[v.key] = pm["Integer"](bounds=(v.low, v.high))
        else:
            variables[v.key] = pm["Real"](bounds=(v.low, v.high))
    problem = pm["Problem"](vars=variables, n_obj=len(spec.objectives), n_ieq_constr=2)
    algorithm = pm["MixedVariableGA"](
        pop_size=spec.population, survival=pm["RankAndCrowding"](), eliminate_duplicates=pm["Duplicates"]()
    )
    algorithm.setup(problem, termination=("n_gen", spec.generations), seed=spec.seed, verbose=False)
    return problem, algorithm


def check_folder(spec: OptimizeSpec, out_dir: str | Path, overwrite: bool, lang: str | None) -> bool:
    """Check, before anything runs, that the search may write ``out_dir``.

    Returns:
        True when the folder holds this very search (it resumes), False when it is new,
        empty or (with ``overwrite``) to be replaced.

    Raises:
        ScenarioError: when the folder cannot be written, or holds something else (or
            another search) and ``overwrite`` is not given.
    """
    inputs = [spec.path] if spec.path is not None else []
    if not spec.street.source.startswith("builtin:") and Path(spec.street.source).is_file():
        inputs.append(Path(spec.street.source))  # the street file must survive --overwrite too
    path = check_out_dir(out_dir, overwrite=True, lang=lang, inputs=inputs)
    if not path.is_dir() or not any(path.iterdir()):
        return False
    store = EvaluationStore(path)
    same = store.exists() and store.fingerprint() == fingerprint(spec)
    if same and not overwrite:
        return True
    if not overwrite:
        key = "optimize.store.other" if store.exists() else "optimize.store.not_a_search"
        raise ScenarioError.keyed(key, path=path)
    return False


class _Runs:
    """The runs of a search: the store, the executor, and every policy's means."""

    def __init__(self, spec: OptimizeSpec, store: EvaluationStore, pool: Any, progress) -> None:
        self.spec, self.store, self.pool, self.progress = spec, store, pool, progress
        self.rows = store.rows()
        self.ran = 0
        self.reused: set[tuple[str, int]] = set()
        self.seeds = [replication_seed(spec.seed, r) for r in range(spec.replications)]

    def run(self, policies: dict[str, dict[str, Any]]) -> None:
        """Make sure every (policy, replication) of ``policies`` is stored: reuse or run it."""
        tasks = []
        for key, values in policies.items():
            for r, seed in enumerate(self.seeds):
                if (key, r) in self.rows:
                    self.reused.add((key, r))
                else:
                    street = self.spec.apply(values) if values is not None else self.spec.street
                    tasks.append(EvalTask(key, r, seed, street, self.spec.objectives))
        for row in self.pool.map_unordered(evaluate, tasks):
            self.store.put(row)
            self.rows[(row["policy"], row["rep"])] = row
            self.ran += 1
            if self.progress:
                self.progress(self.ran)

    def means(self, key: str) -> tuple[str, dict[str, float]]:
        """A policy's status (``ok``, ``error``, ``no_value``) and its means over the replications."""
        rows = [self.rows[(key, r)] for r in range(self.spec.replications)]
        if any(row["status"] != "ok" for row in rows):
            return "error", {}
        names = [o.key for o in self.spec.objectives] + [f"street:{m}" for m in RATES]
        out = {}
        for name in names:
            values = np.array([row["values"].get(name, math.nan) for row in rows], dtype=float)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a metric with no value in any replication
                out[name] = float(np.nanmean(values))
        status = "ok" if all(math.isfinite(out[o.key]) for o in self.spec.objectives) else "no_value"
        return status, out


def _minimised(spec: OptimizeSpec, means: dict[str, float]) -> list[float]:
    """The objectives as pymoo minimises them (a maximised one negated)."""
    return [-means[o.key] if o.sense == "max" else means[o.key] for o in spec.objectives]


def non_dominated(f: np.ndarray) -> np.ndarray:
    """Indices of the rows of ``f`` (minimised objectives) no other row dominates (pymoo's sorting)."""
    if len(f) == 0:
        return np.array([], dtype=int)
    from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

    return np.sort(NonDominatedSorting().do(f, only_non_dominated_front=True))


def hypervolume(f: np.ndarray, ideal: np.ndarray, nadir: np.ndarray) -> float:
    """The hypervolume of minimised objectives ``f`` scaled to [0, 1] between ``ideal`` and ``nadir``."""
    if len(f) == 0:
        return 0.0
    from pymoo.indicators.hv import HV

    span = np.where(nadir > ideal, nadir - ideal, 1.0)
    scaled = (f - ideal) / span
    return float(HV(ref_point=np.full(f.shape[1], REFERENCE))(scaled))


def optimize(
    spec: str | Path | OptimizeSpec,
    out_dir: str | Path,
    executor: str | Any = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    overwrite: bool = False,
    progress: Callable[[int], None] | None = None,
    generation_done: Callable[[int, int], None] | None = None,
    lang: str | None = None,
) -> OptimizeResult:
    """Search the policies of an optimisation file; store every run in ``out_dir`` as it finishes.

    Args:
        spec: an optimisation file or OptimizeSpec.
        out_dir: the output folder (created; resumed when it holds this search).
        executor: ``serial``, ``processes``, ``local-cluster``, ``dask`` or an executor object.
        workers: processes for ``processes`` / ``local-cluster`` (default: all cores).
        scheduler: the Dask scheduler address for ``dask``.
        overwrite: start afresh in a folder that holds something else or an earlier search.
        progress: called with the number of runs carried out so far, after each.
        generation_done: called as ``generation_done(generation, generations)``.
        lang: the language of messages about the folder.

    Returns:
        The policies, the Pareto set and the convergence (write them with
        ``sim.street.optimize_report.write_optimize``).

    Raises:
        ScenarioError: for a bad file, executor or folder (before anything is written).
    """
    start = time.perf_counter()
    check_executor(executor, scheduler)
    spec = load_optimize(spec)
    resume = check_folder(spec, out_dir, overwrite, lang)
    path = Path(out_dir)
    pm = _pymoo()
    problem, algorithm = _algorithm(spec, pm)
    pool = make_executor(executor, workers, scheduler)  # a cluster that cannot be reached fails before any change
    try:
        if path.is_dir() and not resume and any(path.iterdir()):
            shutil.rmtree(path)  # --overwrite: checked above that it is neither an input nor the user's folder
        path.mkdir(parents=True, exist_ok=True)
        store = EvaluationStore(path).open(fingerprint(spec))
    except BaseException:
        pool.close()
        raise
    asked: list[tuple[int, str]] = []  # (generation, policy key), in the order asked
    values_of: dict[str, dict[str, Any]] = {}
    try:
        runs = _Runs(spec, store, pool, progress)
        runs.run({AS_GIVEN: None})
        generation = 0
        while algorithm.has_next():
            pop = algorithm.ask()
            if pop is None:  # every new policy would repeat one already in the population: nothing left to try
                break
            generation += 1
            keys = []
            for ind in pop:
                values = {v.key: v.value(ind.X[v.key]) for v in spec.variables}
                key = policy_key(values)
                values_of.setdefault(key, values)
                keys.append(key)
                asked.append((generation, key))
            within = {
                k: values_of[k]
                for k in dict.fromkeys(keys)
                if spec.budget_staff is None or spec.staff_total(values_of[k]) <= spec.budget_staff
            }
            runs.run(within)
            f, g = [], []
            for key in keys:
                over = 0 if spec.budget_staff is None else spec.staff_total(values_of[key]) - spec.budget_staff
                status, means = runs.means(key) if key in within else ("over_budget", {})
                g.append([over, 0.0 if status == "ok" else 1.0])
                f.append(_minimised(spec, means) if status == "ok" else [math.inf] * len(spec.objectives))
            f_arr, g_arr = np.array(f, dtype=float), np.array(g, dtype=float)
            pm["Evaluator"]().eval(pm["StaticProblem"](problem, F=f_arr, G=g_arr), pop)
            algorithm.tell(infills=pop)
            if generation_done:
                generation_done(generation, spec.generations)
        describe = pool.describe()
    finally:
        pool.close()
        store.close()
    policies = _policies(spec, runs, values_of)
    evaluations = _evaluations(spec, asked, policies)
    pareto, convergence = _front(spec, policies, asked)
    return OptimizeResult(
        spec=spec,
        policies=policies,
        evaluations=evaluations,
        pareto=pareto,
        convergence=convergence,
        ran=runs.ran,
        reused=len(runs.reused),
        seconds=time.perf_counter() - start,
        executor=describe,
        path=path,
        meta={"fingerprint": fingerprint(spec), "seed_scheme": SEED_SCHEME, "store": STORE},
    )


def _policies(spec: OptimizeSpec, runs: _Runs, values_of: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """One row per distinct policy (the street as given first): id, values, staff, status, means."""
    rows = []
    entries = [(AS_GIVEN, AS_GIVEN, spec.current), *[(str(i), k, v) for i, (k, v) in enumerate(values_of.items(), 1)]]
    for pid, key, values in entries:
        staff = spec.staff_total(values)
        if key != AS_GIVEN and spec.budget_staff is not None and staff > spec.budget_staff:
            status, means = "over_budget", {}
        else:
            status, means = runs.means(key)
        row = {"policy": pid, "key": key, **values, "staff_total": staff, "status": status}
        row.update({o.key: means.get(o.key, math.nan) for o in spec.objectives})
        row.update({f"street:{m}": means.get(f"street:{m}", math.nan) for m in RATES})
        rows.append(row)
    return pd.DataFrame(rows)


def _evaluations(spec: OptimizeSpec, asked: list[tuple[int, str]], policies: pd.DataFrame) -> pd.DataFrame:
    """One row per policy asked for, generation by generation."""
    by_key = policies.set_index("key")
    rows = [{"generation": g, **by_key.loc[key].to_dict()} for g, key in asked]
    frame = pd.DataFrame(rows)
    return frame.drop(columns=[c for c in frame.columns if c.startswith("street:")])


def _front(spec: OptimizeSpec, policies: pd.DataFrame, asked: list[tuple[int, str]]):
    """The Pareto policies (best first by the first objective) and the hypervolume by generation."""
    searched = policies[(policies["policy"] != AS_GIVEN) & (policies["status"] == "ok")].reset_index(drop=True)
    columns = [o.key for o in spec.objectives]
    f = np.array([_minimised(spec, row) for row in searched[columns].to_dict("records")], dtype=float)
    f = f.reshape(len(searched), len(columns))
    front = searched.iloc[non_dominated(f)].copy()
    first = spec.objectives[0]
    front = front.sort_values([first.key, "policy"], ascending=[first.sense == "min", True], kind="stable")
    ideal, nadir = (f.min(axis=0), f.max(axis=0)) if len(f) else (None, None)
    row_of = {key: i for i, key in enumerate(searched["key"])}
    seen: list[int] = []
    out = []
    for generation in sorted({g for g, _ in asked}):
        seen += [row_of[k] for g, k in asked if g == generation and k in row_of]
        part = f[sorted(set(seen))] if seen else np.empty((0, len(columns)))
        points = part[non_dominated(part)] if len(part) else part
        hv = hypervolume(points, ideal, nadir) if len(points) else 0.0
        out.append(
            {
                "generation": generation,
                "policies_within_budget": len(set(seen)),
                "pareto": len(points),
                "hypervolume": hv,
            }
        )
    return front.reset_index(drop=True), pd.DataFrame(out)
