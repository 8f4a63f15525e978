"""Key numbers of seeded runs, printed as plain text for the notebooks.

Every notebook ends with a cell that prints the numbers its story rests on (a seeded
run, so the numbers never change unless the model does). The cell is marked
``# NBVAL_CHECK_OUTPUT``: when a change of the model changes the printout, the notebook
test fails, and the lesson's text has to be read again.

>>> show_key_numbers(["baseline", "component-2"], seed=1, days=120, lang="en")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..i18n import check_lang, display_width, metric_label, t
from ..run import compare, run
from ..scenario import Scenario, load_scenario

KEY_NUMBERS: tuple[str, ...] = (
    "issues_known",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "on_time_closure_rate",
    "rework_rate",
    "proactive_share",
    "hidden_share",
    "incidents",
    "backlog_mean",
    "staff_utilisation",
)
COUNTS = frozenset({"issues_arisen", "issues_known", "hidden_never_found", "incidents", "backlog_end"})


def _scenario(ref: str | Scenario, days: int | None) -> Scenario:
    sc = load_scenario(ref)
    return sc.with_values({"days": days}) if days is not None else sc


def _fmt(metric: str, value: float) -> str:
    if pd.isna(value):
        return "–"
    return f"{value:.0f}" if metric in COUNTS else _num(value)


def _num(value: float, sign: str = "") -> str:
    """Three decimals, without a "-0.000"."""
    return f"{round(float(value), 3) + 0.0:{sign}.3f}"


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def key_numbers(
    scenarios: Sequence[str | Scenario], seed: int = 1, days: int | None = 120, metrics: Sequence[str] = KEY_NUMBERS
) -> pd.DataFrame:
    """Run each scenario once and return its key metrics (rows) by scenario name (columns).

    Args:
        scenarios: shipped names or Scenario objects (give them distinct names).
        seed: the seed of every run.
        days: working days to simulate (None = the scenario's own).
        metrics: the metrics to return.

    """
    columns = {}
    for ref in scenarios:
        sc = _scenario(ref, days)
        columns[sc.name] = run(sc, seed=seed, keep_model=False).summary[list(metrics)]
    return pd.DataFrame(columns)


def _print_table(header: str, labels: list[str], columns: dict[str, list[str]]) -> None:
    width = max(display_width(label) for label in labels) + 2
    widths = {
        name: max(display_width(name), *(display_width(v) for v in values)) + 2 for name, values in columns.items()
    }
    print(header)
    print(_pad("", width) + "".join(_pad(name, widths[name], right=True) for name in columns))
    for i, label in enumerate(labels):
        print(
            _pad(label, width) + "".join(_pad(values[i], widths[name], right=True) for name, values in columns.items())
        )


def show_key_numbers(
    scenarios: Sequence[str | Scenario],
    seed: int = 1,
    days: int | None = 120,
    lang: str | None = "zh",
    metrics: Sequence[str] = KEY_NUMBERS,
) -> None:
    """Print the key metrics of one seeded run of each scenario, rates with three decimals.

    Args:
        scenarios: shipped names or Scenario objects (give them distinct names).
        seed: the seed of every run.
        days: working days to simulate (None = the scenario's own).
        lang: language of the metric names.
        metrics: the metrics to print.

    """
    lang = check_lang(lang)
    table = key_numbers(scenarios, seed=seed, days=days, metrics=metrics)
    labels = [metric_label(m, lang) for m in metrics]
    columns = {name: [_fmt(m, table.loc[m, name]) for m in metrics] for name in table.columns}
    days_shown = days if days is not None else "—"
    _print_table(t("numbers.header", lang, seed=seed, days=days_shown), labels, columns)


def show_comparison_numbers(
    scenarios: Sequence[str | Scenario],
    reps: int = 5,
    seed: int = 0,
    days: int | None = 120,
    lang: str | None = "zh",
    metrics: Sequence[str] = ("resolution_rate", "satisfaction_rate", "on_time_closure_rate", "rework_rate"),
) -> None:
    """Print means with 95% confidence intervals of a replicated comparison (three decimals).

    Args:
        scenarios: two or more shipped names or Scenario objects; the first is the reference.
        reps: replications per scenario.
        seed: the master seed.
        days: working days to simulate (None = the scenarios' own).
        lang: language of the metric names.
        metrics: the metrics to print.

    """
    lang = check_lang(lang)
    comparison = compare([_scenario(s, days) for s in scenarios], reps=reps, seed=seed)
    table = comparison.table.set_index(["metric", "scenario"])
    names = [sc.name for sc in comparison.scenarios]
    labels = []
    columns: dict[str, list[str]] = {name: [] for name in names}
    diff_col = t("col.diff", lang)
    for m in metrics:
        labels += [metric_label(m, lang), f"  {diff_col}"]
        for name in names:
            row = table.loc[(m, name)]
            columns[name].append(f"{_num(row['mean'])} [{_num(row['ci_low'])}, {_num(row['ci_high'])}]")
            if name == names[0]:
                columns[name].append("")
            else:
                columns[name].append(
                    f"{_num(row['diff'], '+')} [{_num(row['diff_low'], '+')}, {_num(row['diff_high'], '+')}]"
                )
    days_shown = days if days is not None else "—"
    _print_table(t("numbers.compare_header", lang, seed=seed, reps=reps, days=days_shown), labels, columns)
