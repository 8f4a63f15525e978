"""Experiments: many runs of the model over a design of parameter values.

An experiment file (TOML) names a base scenario, the factors to vary, a design
(full factorial, Latin hypercube, Sobol or Morris), the number of replications, a
master seed and the metrics to keep. Replication ``rep`` is seeded with numpy's
``SeedSequence([master, rep])`` at every design point (common random numbers, as in
``sim.compare``), so points differ only by their factor values, and any subset of runs
can be repeated to identical numbers on any executor. A file may name a street instead
of a scenario (``sim.experiments.street_runs``): each run is then a run of the whole
street, stored, resumed and analysed the same way.

>>> from sim.experiments import load_experiment, run_experiment, load_results
>>> spec = load_experiment("sim/experiments/examples/levers-small.toml")  # doctest: +SKIP
>>> run_experiment(spec, "out/levers-small")                             # doctest: +SKIP
>>> load_results("out/levers-small")                                     # doctest: +SKIP

This package sits on top of the model (``sim.run``) and never changes it.
"""

from __future__ import annotations

from .design import Design, make_design, run_seed
from .runner import ExperimentRun, run_experiment
from .spec import DESIGNS, ExperimentSpec, Factor, load_experiment, parse_experiment
from .store import ExperimentStore, load_results, status

__all__ = [
    "DESIGNS",
    "Design",
    "ExperimentRun",
    "ExperimentSpec",
    "ExperimentStore",
    "Factor",
    "load_experiment",
    "load_results",
    "make_design",
    "parse_experiment",
    "run_experiment",
    "run_seed",
    "status",
]
