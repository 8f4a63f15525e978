"""How much noise a paired comparison carries: common random numbers at work.

Usage::

    python benchmarks/paired_noise.py                 # 15 seeds, about a minute
    python benchmarks/paired_noise.py --seeds 30

For each pair of scenarios (A, B) it runs both on seeds 1…n (``sim.run(name, seed=s)``) and
prints, for a few metrics, the standard deviation over the seeds of the paired difference
A − B, beside that of A alone. The smaller the first is next to the second, the better
the two runs of one seed are kept in step, and the fewer replications a comparison needs
(the width of its confidence interval grows with that standard deviation). Run it at two
versions of the model (``PYTHONPATH=<a checkout>``) to see what a change of the random
numbers does to comparisons. It prints Markdown; no test checks it.
"""

from __future__ import annotations

import argparse
import statistics

import sim

PAIRS = (("full-1234", "component-2"), ("baseline", "component-4"))
METRICS = (
    "satisfaction_rate",
    "on_time_closure_rate",
    "response_time_mean",
    "resolution_time_mean",
    "assessed_satisfaction_rate",
)


def paired_noise(a: str, b: str, seeds: range) -> list[tuple[str, float, float, float]]:
    """``(metric, mean difference, sd of the paired difference, sd of A alone)`` for each metric."""
    runs_a = [sim.run(a, seed=s, keep_model=False).summary for s in seeds]
    runs_b = [sim.run(b, seed=s, keep_model=False).summary for s in seeds]
    rows = []
    for m in METRICS:
        diff = [x[m] - y[m] for x, y in zip(runs_a, runs_b, strict=True)]
        rows.append((m, statistics.fmean(diff), statistics.stdev(diff), statistics.stdev([x[m] for x in runs_a])))
    return rows


def main() -> None:
    """Print the table for every pair."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=15, help="seeds 1…n (default 15)")
    args = parser.parse_args()
    seeds = range(1, max(2, args.seeds) + 1)
    print(f"Seeds 1–{seeds[-1]}; sd: standard deviation over the seeds.\n")
    print("| A | B | metric | mean A − B | sd of A − B | sd of A | ratio |")
    print("|---|---|---|---:|---:|---:|---:|")
    for a, b in PAIRS:
        for m, mean, sd_diff, sd_a in paired_noise(a, b, seeds):
            print(f"| {a} | {b} | {m} | {mean:+.4f} | {sd_diff:.4f} | {sd_a:.4f} | {sd_diff / sd_a:.2f} |")


if __name__ == "__main__":
    main()
