"""Compare shipped scenarios over many replications, with 95% confidence intervals.

>>> from sim.widgets import ComparePanel
>>> ComparePanel(["baseline", "full-1234"], reps=10, lang="zh")    # doctest: +SKIP

A comparison runs every scenario ``reps`` times (``sim.compare``); a progress bar
follows the runs. The results are drawn as the three rates and on-time closure with
confidence intervals, the key metrics, and a table of means, intervals and paired
differences from the reference: the metrics ``python -m sim compare`` prints, formatted by
the same code (``sim.report_tables``).

With ``lessons=True`` the panel also offers the "lesson steps": every comparison the
lessons quote (``lessons/numbers.toml``, see ``sim.course.numbers``). Choosing one and
pressing its button runs exactly that comparison and lists the numbers the lesson quotes,
as measured by this run and written as the lesson writes them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as widgets

from ..course.numbers import (
    LessonStep,
    Quote,
    lesson_format,
    lesson_steps,
    lesson_title,
    scenario_path,
    steps_by_lesson,
)
from ..i18n import format_ci, format_diff, format_value, metric_label, scenario_title, t
from ..report_tables import COMPARED_OTHERS, diff_ci, keep_up_counts, verdict
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
# The other metrics of the comparison table (after how many replications keep up): the ones
# ``python -m sim compare`` prints, in its order.
COMPARE_METRICS: tuple[str, ...] = COMPARED_OTHERS

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
        lessons: offer the lesson steps (the comparisons of ``lessons/numbers.toml``).
        root: the course root the lesson steps are read from (default: this installation's).

    Attributes:
        comparison: the latest ``sim.Comparison`` (None before the first).
        compares: how many comparisons have been run.
        steps: the lesson steps offered (empty without ``lessons``).
        step: the lesson step whose comparison is on show, as (lesson, step), or None.

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
        lessons: bool = False,
        root: Path | None = None,
    ):
        super().__init__(lang, big)
        self.root = root
        names = offered_scenarios()
        names += [s for s in scenarios if s not in names]
        self._scenarios: dict[str, Scenario] = {name: self._load(name) for name in names}
        self.days = days
        self.steps: list[tuple[str, LessonStep]] = steps_by_lesson(lesson_steps(root)) if lessons else []
        self.step: tuple[str, LessonStep] | None = None
        self.jobs = jobs
        self.comparison: Comparison | None = None
        self._shown: tuple[tuple[str, ...], int, int] | None = None  # (scenarios, reps, seed) on show
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
        # The lesson steps: a list of the lessons' comparisons, a button that runs the chosen one.
        self._step_heading = self._heading("")
        self._step_choice = widgets.Dropdown(
            options=[(str(i), i) for i in range(len(self.steps))], layout=widgets.Layout(width="100%"), style=wide
        )
        self._step_choice.add_class("kit-stack")
        self._step_choice.add_class("kit-lesson-steps")
        self._step_button = widgets.Button(
            button_style="primary", icon="play", layout=widgets.Layout(width="auto", max_width="100%")
        )
        self._step_button.add_class("kit-lesson-step-run")
        self._step_button.on_click(lambda _: self.run_step())
        self._step_help = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._step_help.add_class("kit-help")
        step_box = [self._step_heading, self._step_choice, self._step_help, self._step_button] if self.steps else []
        self._own_heading = self._heading("")
        self._quotes = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._quotes.add_class("kit-lesson-quotes")

        left = widgets.VBox(
            [
                *step_box,
                *([self._own_heading] if self.steps else []),
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
        right = widgets.VBox([self._warning, self._quotes, self._tabs], layout=widgets.Layout(width="68%"))
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
        if self.steps:
            self._step_heading.value = f'<h3 class="kit-heading">{t("steps.heading", lang)}</h3>'
            self._own_heading.value = f'<h3 class="kit-heading">{t("steps.own", lang)}</h3>'
            self._step_choice.description = t("steps.choice", lang)
            index = self._step_choice.value
            self._step_choice.options = [(self._step_label(i, lang), i) for i in range(len(self.steps))]
            self._step_choice.value = index
            self._step_button.description = t("steps.run", lang)
            self._step_help.value = t("steps.help", lang)
        self._show_quotes()

    def _step_label(self, index: int, lang: str) -> str:
        lesson, step = self.steps[index]
        return t(
            "steps.option",
            lang,
            lesson=lesson_title(lesson, lang, self.root),
            title=step.title(lang),
            n=len(step.scenarios),
            reps=step.reps,
            seed=step.seed,
        )

    # --- running ---------------------------------------------------------------------------
    def _load(self, name: str) -> Scenario:
        """A scenario by shipped name, or by a path of the lessons (relative to the course root)."""
        return load_scenario(scenario_path(name, self.root) if name.endswith(".toml") else name)

    def choose(self, scenarios: Sequence[str], reps: int | None = None, seed: int | None = None) -> None:
        """Select ``scenarios`` (the first is the reference), and optionally the replications and seed."""
        for name in scenarios:
            if name not in self._scenarios:
                self._scenarios[name] = self._load(name)
        self.relabel()  # offers the scenarios just loaded
        self._select.value = tuple(scenarios)
        self._reference.value = scenarios[0]
        if reps is not None:
            self._reps.max = max(self._reps.max, reps)
            self._reps.value = reps
        if seed is not None:
            self._seed.value = seed

    def run_step(self, index: int | None = None) -> None:
        """Run the chosen lesson step: its scenarios, replications and seed, as the lesson quotes them.

        Args:
            index: the position of the step in ``steps`` (default: the one chosen in the list).

        """
        if index is not None:
            self._step_choice.value = index
        lesson, step = self.steps[self._step_choice.value]
        self.choose(step.scenarios, step.reps, step.seed)
        self.step = (lesson, step)
        if self.comparison is not None and self._shown == step.key:
            self.redraw()  # another lesson quoting the comparison on show: nothing to run again
            return
        self.compare()

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
        start = time.perf_counter()
        scenarios, seed = [self._scenario(n) for n in names], int(self._seed.value)
        comparison = self._guarded(
            lambda: compare(scenarios, reps=reps, seed=seed, jobs=self.jobs, progress=self._on_progress), self._button
        )
        if comparison is None:
            return
        self.comparison = comparison
        self.compares += 1
        self._shown = (tuple(names), reps, int(self._seed.value))
        if self.step is not None and self.step[1].key != self._shown:
            self.step = None  # the comparison on show is no longer the lesson's
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
        self._show_quotes()

    def quoted(self) -> list[tuple[Quote, str]]:
        """The numbers the chosen lesson quotes from the comparison on show, as this run measured them.

        Returns:
            (quote, text) pairs: ``text`` is the measured statistic written as the lesson writes it
            (compare it with ``quote.text``, the value the lesson recorded).
        """
        if self.step is None or self.comparison is None:
            return []
        lesson, step = self.step
        table = self.comparison.table.set_index(["metric", "scenario"])
        return [
            (q, lesson_format(float(table.loc[(q.metric, q.scenario), q.stat]), q.format))
            for q in step.quotes_in(lesson)
        ]

    def _show_quotes(self) -> None:
        """List the numbers the lesson quotes from this comparison, or nothing when it is not a lesson step."""
        pairs = self.quoted()
        if not pairs:
            self._quotes.value = ""
            return
        lang = self.lang
        lesson, step = self.step
        titles = {sc.name: scenario_title(sc, lang) for sc in self.comparison.scenarios}
        rows = []
        for q, text in pairs:
            same = text == q.text
            cls = "" if same else ' class="kit-worse"'
            rows.append(
                f"<tr><td>{metric_label(q.metric, lang)}</td><td>{titles.get(q.scenario, q.scenario)}</td>"
                f"<td>{t(f'steps.stat.{q.stat}', lang)}</td><td{cls}>{text}</td>"
                f"<td>{t('result.yes' if same else 'result.no', lang)}</td></tr>"
            )
        head = "".join(
            f"<th>{t(k, lang)}</th>"
            for k in ("col.metric", "steps.col.scenario", "steps.col.stat", "steps.col.value", "steps.col.same")
        )
        self._quotes.value = (
            f'<h3 class="kit-heading">{t("steps.quotes", lang, lesson=lesson_title(lesson, lang, self.root))}</h3>'
            f'<table class="kit-table kit-quotes"><tr>{head}</tr>{"".join(rows)}</table>'
            f'<p class="kit-note">{t("steps.quotes_note", lang, n=len(step.scenarios), reps=step.reps, seed=step.seed)}</p>'
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


def _metric_row(comparison_table, m: str, scs, lang: str) -> str:
    """One metric: each scenario's mean [95% CI] and, after the reference, the paired difference.

    The cells are written as ``sim.report_tables.comparison_frame`` writes them for the
    command line (the same interval and better/worse rules); only the layout differs.
    """
    cells = [f"<td>{metric_label(m, lang)}</td>"]
    for i, sc in enumerate(scs):
        row = comparison_table.loc[(m, sc.name)]
        text = f"{format_value(m, row['mean'], lang)} <span class='kit-small'>{format_ci(m, row['ci_low'], row['ci_high'], lang)}</span>"
        if i:
            low, high = row["diff_low"], row["diff_high"]
            mark = verdict(m, low, high, lang)
            cls = "kit-better" if mark == t("word.better", lang) else "kit-worse" if mark else ""
            diff = f"{format_diff(m, row['diff'], lang)} {diff_ci(m, low, high, lang)}"
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
    rows += [_metric_row(table, m, scs, lang) for m in RATE_ROWS]
    rows.append(f'<tr><td colspan="{span}" class="kit-note">{t("panel.assessed_note", lang)}</td></tr>')
    rows.append(section(t("panel.others", lang)))
    counts = "".join(
        f"<td class='{'' if n == reps else 'kit-worse'}'>{n}/{reps}</td>" for _, n, reps in keep_up_counts(comparison)
    )
    rows.append(f"<tr><td>{t('panel.keeps_up_row', lang)}</td>{counts}</tr>")
    rows += [_metric_row(table, m, scs, lang) for m in COMPARE_METRICS if (m, scs[0].name) in table.index]
    note = t("table.compare_note", lang, reps=comparison.meta.get("reps", 0))
    return f'<table class="kit-table">{head}{"".join(rows)}</table><p class="kit-note">{note}</p>'
