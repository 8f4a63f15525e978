"""Measure how long the scenario lab takes from a control change to redrawn plots.

Run it with::

    .venv/bin/python -m sim.widgets.latency [--lang zh] [--repeat 3]

Each step changes one control of ``ScenarioLab`` (default community: 2,000 households,
6 staff, one year) and times the call until the plot in view and the table are redrawn:
one model run (the reference comes from the cache) plus one figure. Outside Jupyter
there is no event loop, so the change triggers the update at once; inside Jupyter the
lab first waits ``debounce`` seconds (0.2 s) for further changes.
"""

from __future__ import annotations

import argparse
import statistics
import time

from .lab import VIEWS, ScenarioLab

# Changes made one after another, as a trainer would on stage.
STEPS: tuple[tuple[str, object], ...] = (
    ("quick_contact", True),
    ("listening_minutes", 15),
    ("gridding", True),
    ("priority_rule", "resident_first"),
    ("visit_share", 0.1),
    ("linkage", 0.8),
    ("stations", 4),
    ("patrol", True),
    ("staff", 4),
    ("whistle_days", 10),
)


def measure(lang: str = "zh", repeat: int = 3) -> dict[str, list[float]]:
    """Time control changes, tab switches and a language switch; return seconds by kind."""
    lab = ScenarioLab(lang=lang)  # first run and figure: fonts and caches warm up here
    times: dict[str, list[float]] = {"change": [], "model": [], "draw": [], "tab": [], "language": []}
    for _ in range(repeat):
        lab._cache.clear()  # every step below runs the model: no help from earlier repeats
        lab.reset()
        for name, value in STEPS:
            control = lab.controls.get(name) or lab.settings[name]
            start = time.perf_counter()
            control.value = value
            times["change"].append(time.perf_counter() - start)
            times["model"].append(lab.last_timing["model"])
            times["draw"].append(lab.last_timing["draw"])
            if lab.error is not None:
                raise lab.error
        for view in (*VIEWS[1:], VIEWS[0]):
            start = time.perf_counter()
            lab.select(view)
            times["tab"].append(time.perf_counter() - start)
        start = time.perf_counter()
        lab.set_lang("en" if lab.lang == "zh" else "zh")
        times["language"].append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> None:
    """Print median and maximum seconds per kind of interaction."""
    parser = argparse.ArgumentParser(description="widget-to-plot latency of the scenario lab")
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    times = measure(args.lang, args.repeat)
    labels = {
        "change": "control change -> plot and table redrawn",
        "model": "  of which: model run",
        "draw": "  of which: figure and table",
        "tab": "switch to a tab not yet drawn",
        "language": "language switch (relabel and redraw)",
    }
    for kind, values in times.items():
        print(
            f"{labels[kind]:45s} median {statistics.median(values):.3f} s  max {max(values):.3f} s  (n={len(values)})"
        )


if __name__ == "__main__":
    main()
