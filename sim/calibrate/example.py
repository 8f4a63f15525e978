"""From the model back to a log: exporting a run as an issue log, and the shipped example.

``export_issue_log`` writes what a community would have recorded of a simulated run
(only the issues it knew of, with the times it knew them). ``make_example`` uses it to
generate ``sim/data/example-issue-log.csv``, a year of the baseline scenario, which the
documentation and the tests calibrate back.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..files import atomic_write
from ..i18n import category_label, channel_label
from ..run import run
from .calendar import from_working_days


def export_issue_log(
    issues: pd.DataFrame,
    window: tuple[float, float] | None = None,
    start: str | None = "2024-01-01",
    labels: str = "zh",
    holidays: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Turn a model run's issue log into the CSV format a community would keep.

    Only issues the community knew of appear, with ``created`` = when it learnt of them
    and ``resolved`` = when the case was closed (empty if still open at the window's end).
    What the resident lived through comes along, for the fit of the satisfaction terms:
    ``responded`` (the first answer; empty if none by the window's end), ``due`` (the
    time limit), ``solved`` (closed cases: whether the problem went away, as the resident
    says at the return visit) and the counts ``reopened``, ``repeats`` and ``bounces``
    (as at the end of the run).

    Args:
        issues: ``RunResult.issues``.
        window: (first, end) working days to export; issues known in it are kept and
            times shifted so the window starts at 0. Default: the whole run.
        start: date of working day 0 for date-times (``None``: working-day numbers).
        labels: ``"zh"`` (Chinese names), ``"en"`` or ``"key"`` for category and channel.
        holidays: non-working dates for the date-times.

    Returns:
        Columns created, category, resolved, grid, channel, satisfaction, responded, due,
        solved, reopened, repeats, bounces.
    """
    lo, hi = window if window is not None else (0.0, math.ceil(float(issues["discovered"].max())))
    k = issues[(issues["discovered"] >= lo) & (issues["discovered"] < hi)].sort_values(["discovered", "uid"])
    created = k["discovered"].to_numpy() - lo
    closed = k["closed"].to_numpy()
    resolved = np.where(closed < hi, closed - lo, np.nan)
    done = ~np.isnan(resolved)
    cat = k["category"].astype(str)
    chan = k["channel"]
    if labels != "key":
        cat = cat.map(lambda c: category_label(c, labels))
        chan = chan.map(lambda c: channel_label(c, labels))
    sat = np.where(done, k["satisfied"].fillna(False).astype(bool).map({True: "1", False: "0"}), "")
    stays = (k["wrong_fix"].astype(bool) | k["unresolvable"].astype(bool)).to_numpy()
    solved = np.where(done, np.where(stays, "0", "1"), "")
    first = k["responded"].to_numpy(dtype=float)
    responded = np.where(first < hi, first - lo, np.nan)
    due = k["due"].to_numpy(dtype=float) - lo

    def times(w: np.ndarray) -> np.ndarray:
        if start is None:
            return pd.Series(np.floor(w * 1e4) / 1e4).map(lambda v: "" if np.isnan(v) else f"{v:.4f}").to_numpy()
        stamps = from_working_days(np.floor(w * 1440) / 1440, start, holidays)
        return stamps.dt.strftime("%Y-%m-%d %H:%M").fillna("").to_numpy()

    return pd.DataFrame(
        {
            "created": times(created),
            "category": cat.to_numpy(),
            "resolved": times(resolved),
            "grid": (k["grid"] + 1).to_numpy(),
            "channel": chan.to_numpy(),
            "satisfaction": sat,
            "responded": times(responded),
            "due": times(due),
            "solved": solved,
            **{col: k[col].astype(int).to_numpy() for col in ("reopened", "repeats", "bounces")},
        }
    )


# How the shipped example was made: ``make_example()`` with these values writes it again, byte for byte.
EXAMPLE = {"scenario": "baseline", "seed": 1234, "households": 1000, "warmup": 250, "days": 250, "start": "2024-01-01"}
EXAMPLE_PATH = Path(__file__).parent.parent / "data" / "example-issue-log.csv"


def make_example(
    out: str | os.PathLike = EXAMPLE_PATH,
    scenario: str | Path = EXAMPLE["scenario"],
    seed: int = EXAMPLE["seed"],
    households: int = EXAMPLE["households"],
    warmup: int = EXAMPLE["warmup"],
    days: int = EXAMPLE["days"],
    start: str = EXAMPLE["start"],
) -> pd.DataFrame:
    """Generate the synthetic example log: one model year after a year of run-in."""
    res = run(scenario, seed=seed, keep_model=False, households=households, days=warmup + days)
    df = export_issue_log(res.issues, window=(warmup, warmup + days), start=start)
    atomic_write(out, df.to_csv(index=False, lineterminator="\n"))
    return df
