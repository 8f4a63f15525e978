"""Compare shipped scenarios over many replications, with 95% confidence intervals.

>>> from sim.widgets import ComparePanel
>>> ComparePanel(["baseline", "full-1234"], reps=10, lang="zh")    # doctest: +SKIP

A comparison runs every scenario ``reps`` times (``sim.compare``); a progress bar
follows the runs. The results are drawn as the three rates and on-time closure with
confidence intervals, the key metrics, and a table of means, intervals and paired
differences from the reference.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import ipywidgets as widgets

from ..i18n import format_ci, format_diff, format_value, is_percent, metric_label, scenario_title, t
from ..report_tables import keep_up_counts
from ..run import Comparison, compare
from ..scenario import Scenario, list_scenarios, load_scenario
from ..viz import comparison_chart, rates_comparison
from .base import Panel

COMPARE_VIEWS: tuple[str, ...] = ("rates", "key_metrics", "table")

# The first rows of the comparison table: each rate, and under it the same rate assessed (考核口径).
RATE_ROWS: tuple[str, ...] = (
    "response_rate",
    "assessed_response_rate",
    "resolution_rate",
    "assessed_resolution_rate",
    "satisfaction_rate",
    "assessed_satisfaction_rate",
    "on_time_closure_rate",
)
# The other metrics of the comparison table (after how many replications keep up).
COMPARE_METRICS: tuple[str, ...] = (
    "rework_rate",
    "resolution_time_mean",
    "resolution_time_p90",
    "issues_known",
    "assessed_cases",
    "proactive_share",
    "hidden_share",
    "incidents",
    "backlog_mean",
    "backlog_growth",
    "staff_utilisation",
    "overtime_hours",
)

# Shipped scenarios not offered: verify-mmc checks the queueing core over 2,000 days and
# teaches nothing about the method.
NOT_OFFERED = ("verify-mmc",)


def offered_scenarios() -> list[str]:
    """The shipped scenarios the panel offers, in teaching order."""
    return [name for name in list_scenarios() if name not in NOT_OFFERED]


class ComparePanel(Panel):
    """Pick scenarios, run each many times, and read means with 95% confidence intervals.

    Args:
        scenarios: the scenarios selected at the start; the first is the reference.
        reps: replications per scenario at the start.
        lang: "zh" or "en".
        seed: the master seed (replication seeds are derived from it).
        days: working days to simulate (default: each scenario's).
        jobs: worker processes for ``sim.compare`` (1 = in the notebook's process).
        big: larger text and plots, for a projector.
        run_now: compare at once (otherwise when "Compare" is pressed).

    Attributes:
        comparison: the latest ``sim.Comparison`` (None before the first).
        compares: how many comparisons have been run.

    """

    VIEWS = COMPARE_VIEWS

    def __init__(
        self,
        scenarios: Sequence[str] = ("baseline", "full-1234"),
        reps: int = 10,
        lang: str | None = "zh",
        seed: int = 0,
        days: int | None = None,
        jobs: int = 1,
        big: bool = False,
        run_now: bool = False,
    ):
        super().__init__(lang, big)
        names = offered_scenarios()
        names += [s for s in scenarios if s not in names]
        self._scenarios: dict[str, Scenario] = {name: load_scenario(name) for name in names}
        self.days = days
        self.jobs = jobs
        self.comparison: Comparison | None = None
        self.compares = 0
        self.error: Exception | None = None
        wide = {"description_width": "initial"}
        self._select = widgets.SelectMultiple(
            options=[(name, name) for name in names],
            value=tuple(scenarios),
            rows=min(len(names), 8),
            layout=widgets.Layout(width="100%"),
            style=wide,
        )
        self._select.add_class("kit-stack")
        self._select_hint = widgets.HTML()
        self._select_hint.add_class("kit-help")
        self._reference = widgets.Dropdown(
            options=[(name, name) for name in names],
            value=scenarios[0],
            layout=widgets.Layout(width="100%"),
            style=wide,
        )
        self._reference.add_class("kit-stack")
        self._reps = widgets.IntSlider(
            value=reps, min=2, max=50, step=1, continuous_update=False, layout=widgets.Layout(width="100%"), style=wide
        )
        self._seed = widgets.BoundedIntText(
            value=seed, min=0, max=2**31 - 1, layout=widgets.Layout(width="260px"), style=wide
        )
        self._button = widgets.Button(button_style="primary", icon="play", layout=widgets.Layout(width="200px"))
        self._button.add_class("kit-compare")
        self._button.on_click(lambda _: self.compare())
        self._progress = widgets.IntProgress(value=0, min=0, max=1, layout=widgets.Layout(width="100%"), style=wide)
        self._progress.add_class("kit-progress")
        self._outs = {view: widgets.Output(layout=widgets.Layout(width="100%")) for view in COMPARE_VIEWS[:2]}
        for view, out in self._outs.items():
            out.add_class(f"kit-plot-{view}")
            out.add_class("kit-plot")
        self._table = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._table.add_class("kit-comparison-table")
        self._tabs = widgets.Tab(children=[*self._outs.values(), self._table], layout=widgets.Layout(width="100%"))
        self._stale: set[str] = set(COMPARE_VIEWS)
        self._tabs.observe(self._on_tab, "selected_index")
        self._subtitle = widgets.HTML()
        self._subtitle.add_class("kit-help")

        left = widgets.VBox(
            [
                self._select,
                self._select_hint,
                self._reference,
                self._reps,
                self._seed,
                self._button,
                self._progress,
                self._status,
            ],
            layout=widgets.Layout(width="32%", min_width="320px", padding="0 18px 0 0"),
        )
        left.add_class("kit-controls")
        right = widgets.VBox([self._warning, self._tabs], layout=widgets.Layout(width="68%"))
        right.add_class("kit-views")
        self._frame(
            self._subtitle, widgets.HBox([left, right], layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        )
        self.relabel()
        self._set_status("status.press_compare")
        if run_now:
            self.compare()

    # --- labels ----------------------------------------------------------------------------
    def relabel(self) -> None:
        """Write every label in the current language."""
        lang = self.lang
        self._set_title(t("compare.title", lang))
        self._subtitle.value = t("compare.subtitle", lang)
        titled = [
            (t("format.with_unit", lang, label=scenario_title(sc, lang), unit=name), name)
            for name, sc in self._scenarios.items()
        ]
        selected, reference = self._select.value, self._reference.value
        self._select.options = titled
        self._select.value = selected
        self._reference.options = titled
        self._reference.value = reference
        self._select.description = t("ctl.scenarios", lang)
        self._select_hint.value = t("ctl.scenarios_hint", lang)
        self._reference.description = t("ctl.reference", lang)
        self._reps.description = t("ctl.reps", lang)
        self._seed.description = t("ctl.seed", lang)
        self._button.description = t("ctl.compare", lang)
        self._progress.description = t("status.progress", lang, done=self._progress.value, total=self._progress.max)
        self._tabs.titles = tuple(t(f"tab.{view}", lang) for view in COMPARE_VIEWS)

    # --- running ---------------------------------------------------------------------------
    def chosen(self) -> list[str]:
        """The scenarios to compare: the reference first, then the other selected ones."""
        ref = self._reference.value
        return [ref, *[name for name in self._select.value if name != ref]]

    def _scenario(self, name: str) -> Scenario:
        sc = self._scenarios[name]
        return sc.with_values({"days": self.days}) if self.days is not None else sc

    def _on_progress(self, done: int, total: int) -> None:
        self._progress.max = total
        self._progress.value = done
        self._progress.description = t("status.progress", self.lang, done=done, total=total)

    def compare(self) -> None:
        """Run the comparison with the chosen scenarios, replications and seed, then draw it."""
        names = self.chosen()
        if len(names) < 2:
            self._set_status("status.need_two", error=True)
            return
        reps = int(self._reps.value)
        self._on_progress(0, len(names) * reps)
        self._set_status("status.running")
        self._button.disabled = True
        start = time.perf_counter()
        try:
            self.comparison = compare(
                [self._scenario(n) for n in names],
                reps=reps,
                seed=int(self._seed.value),
                jobs=self.jobs,
                progress=self._on_progress,
            )
        except Exception as exc:  # show it in the panel: a callback's traceback would be lost
            self.error = exc
            self._set_status(("status.error", {"message": f"{type(exc).__name__}: {exc}"}), error=True)
            return
        finally:
            self._button.disabled = False
        self.error = None
        self.compares += 1
        self.redraw()
        seconds = time.perf_counter() - start
        self._set_status(("status.compare_done", {"n": len(names), "reps": reps, "seconds": seconds}))

    # --- drawing ---------------------------------------------------------------------------
    @property
    def _has_data(self) -> bool:
        return self.comparison is not None

    def redraw(self) -> None:
        """Draw the tab in view and the table again from the latest comparison."""
        if self.comparison is None:
            return
        self._stale = set(COMPARE_VIEWS)
        self.draw("table")
        if self.view != "table":
            self.draw(self.view)
        lang = self.lang
        self._set_warnings(
            [
                t("panel.cannot_keep_up_some", lang, title=scenario_title(sc, lang), n=reps - n, reps=reps)
                for sc, n, reps in keep_up_counts(self.comparison)
                if n < reps
            ]
        )

    def draw(self, view: str) -> None:
        """Draw one tab from the latest comparison."""
        c, lang = self.comparison, self.lang
        if view == "rates":
            self._show(self._outs[view], rates_comparison(c, lang=lang))
        elif view == "key_metrics":
            self._show(self._outs[view], comparison_chart(c, lang=lang))
        elif view == "table":
            self._table.value = comparison_table_html(c, lang)
        else:
            raise ValueError(f"unknown view {view!r}; expected one of {', '.join(COMPARE_VIEWS)}")
        self._stale.discard(view)

    def outputs(self, view: str) -> tuple:
        """What the tab ``view`` currently shows (Jupyter output dicts)."""
        return self._outs[view].outputs

    @property
    def table_html(self) -> str:
        """The comparison table as HTML."""
        return self._table.value


def _diff_ci(metric: str, low: float, high: float, lang: str) -> str:
    """Format the interval of a difference: percentage points for rates, the metric's unit otherwise."""
    if is_percent(metric):
        return f"[{round(low * 100, 1) + 0.0:+.1f}, {round(high * 100, 1) + 0.0:+.1f}]"
    return f"[{format_diff(metric, low, lang)}, {format_diff(metric, high, lang)}]"


def _metric_row(comparison_table, m: str, scs, lang: str, better: dict[str, int]) -> str:
    """One metric: each scenario's mean [95% CI] and, after the reference, the paired difference."""
    cells = [f"<td>{metric_label(m, lang)}</td>"]
    for i, sc in enumerate(scs):
        row = comparison_table.loc[(m, sc.name)]
        text = f"{format_value(m, row['mean'], lang)} <span class='kit-small'>{format_ci(m, row['ci_low'], row['ci_high'], lang)}</span>"
        if i:
            low, high = row["diff_low"], row["diff_high"]
            mark, cls = "", ""
            if low > 0 or high < 0:
                good = (1 if low > 0 else -1) * better.get(m, 0)
                if good:
                    mark = t("word.better", lang) if good > 0 else t("word.worse", lang)
                    cls = "kit-better" if good > 0 else "kit-worse"
            diff = f"{format_diff(m, row['diff'], lang)} {_diff_ci(m, low, high, lang)}"
            text += f"<br><span class='kit-small'>Δ {diff}</span> <span class='{cls}'>{mark}</span>"
        cells.append(f"<td>{text}</td>")
    kind = ' class="kit-assessed"' if m.startswith("assessed_") else ""
    return f"<tr{kind}>" + "".join(cells) + "</tr>"


def comparison_table_html(comparison: Comparison, lang: str) -> str:
    """Return a comparison as an HTML table: mean [95% CI] per scenario, and the paired differences.

    The three rates come first, each followed by the same rate as an assessment scores
    it (考核口径), with a sentence on the difference; then how many replications of each
    scenario keep up with their work, and the other metrics.

    Args:
        comparison: the result of ``sim.compare``.
        lang: "zh" or "en".

    """
    from ..model.metrics import BETTER

    table = comparison.table.set_index(["metric", "scenario"])
    scs = comparison.scenarios
    span = len(scs) + 1
    head = (
        f"<tr><th>{t('col.metric', lang)}</th>"
        + "".join(f"<th>{scenario_title(sc, lang)}</th>" for sc in scs)
        + "</tr>"
    )

    def section(text: str) -> str:
        return f'<tr class="kit-section"><td colspan="{span}">{text}</td></tr>'

    rows = [section(t("result.rates_title", lang))]
    rows += [_metric_row(table, m, scs, lang, BETTER) for m in RATE_ROWS]
    rows.append(f'<tr><td colspan="{span}" class="kit-note">{t("panel.assessed_note", lang)}</td></tr>')
    rows.append(section(t("panel.others", lang)))
    counts = "".join(
        f"<td class='{'' if n == reps else 'kit-worse'}'>{n}/{reps}</td>" for _, n, reps in keep_up_counts(comparison)
    )
    rows.append(f"<tr><td>{t('panel.keeps_up_row', lang)}</td>{counts}</tr>")
    rows += [_metric_row(table, m, scs, lang, BETTER) for m in COMPARE_METRICS]
    note = t("table.compare_note", lang, reps=comparison.meta.get("reps", 0))
    return f'<table class="kit-table">{head}{"".join(rows)}</table><p class="kit-note">{note}</p>'
