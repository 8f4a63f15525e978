"""The scenario lab: move the practices of the 1234 method and watch the figures change.

>>> from sim.widgets import ScenarioLab
>>> ScenarioLab(lang="zh")                 # doctest: +SKIP

The lab runs the model through the public API (``sim.run``, ``sim.compare``) only. Every
change runs the changed scenario once; the reference run is kept in a cache per scenario,
seed and community settings, so only one run is needed per change. Plots are drawn for the
tab in view; the other tabs are drawn when they are opened.

Presets switch every practice on (``full-1234``) or off, or go back to a shipped scenario;
"run 10 replications" shows ``sim.compare([reference, changed], reps=10, seed=<the lab's
seed>)``, the call behind the numbers the lessons quote.
"""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets

from ..i18n import format_diff, format_value, group_label, metric_label, scenario_title, t
from ..params import LEVERS, PARAMS
from ..report_tables import ASSESSED, KEEPS_UP, RATE_ROWS, keep_up_warning
from ..run import Comparison, RunResult, compare, run
from ..scenario import Scenario, load_scenario
from ..viz import backlog_over_time, community_map, hours_breakdown, rates_comparison, resolution_distribution
from .base import Debouncer, Panel, label_bars
from .compare import comparison_table_html, offered_scenarios
from .controls import COMMUNITY_SETTINGS, ParamControl

VIEWS: tuple[str, ...] = ("rates", "map", "distribution", "backlog", "hours")

# The lab's first table has a row per rate (``RATE_ROWS``), true and assessed (考核口径) side by side.
# The metrics of the lab's second table, in the order people read them.
TABLE_METRICS: tuple[str, ...] = (
    "keeps_up_share",
    "rework_rate",
    "response_time_mean",
    "resolution_time_mean",
    "resolution_time_median",
    "resolution_time_p90",
    "issues_known",
    "proactive_share",
    "hidden_share",
    "incidents",
    "backlog_mean",
    "backlog_growth",
    "assessed_cases",
    "staff_hours",
    "overtime_hours",
    "staff_utilisation",
    "volunteer_hours_used",
    "partner_hours_used",
)

# The scenarios whose lever values "all practices on" and "all practices off" use.
ALL_ON, ALL_OFF = "full-1234", "baseline"
# Replications of the lab's "run 10 replications": as many as the lessons' comparisons.
LAB_REPS = 10

CACHE_SIZE = 24


def _better(metric: str) -> int:
    from ..model.metrics import BETTER

    return BETTER.get(metric, 0)


def _params_key(scenario: Scenario, seed: int) -> tuple:
    return (seed, tuple(sorted(scenario.params.items())))


class ScenarioLab(Panel):
    """Controls for the levers of the 1234 method and the figures of one changed run against a reference.

    Args:
        base: the scenario the controls start from (name, path or Scenario).
        levers: the parameters to offer (default: every lever, ``sim.LEVERS``).
        compare_with: the reference scenario drawn next to the changed one.
        lang: "zh" or "en".
        seed: the random seed of both runs.
        days: working days to simulate (default: the scenario's).
        settings: community settings offered besides the levers; they change the
            reference run too, so the comparison stays fair.
        debounce: seconds to wait after a change before running (inside Jupyter).
        show_help: show each lever's explanation under its control.
        big: larger text and plots, for a projector.
        run_now: run and draw at once (otherwise on the first change or "Run").
        title_key: key of the panel's title in ``sim.widgets.strings`` (default "lab.title").
        presets: offer the buttons "all practices on", "all practices off" and "back to a scenario".

    Attributes:
        result: the latest run of the changed scenario.
        reference_result: the latest run of the reference.
        updates: how many times the plots have been brought up to date.
        last_timing: seconds spent on the model and on the plots in the latest update.
        error: the exception of the latest update, or None when it worked.
        replication: the latest "run 10 replications" comparison of the reference and the
            changed scenario (None before one, and again once a control changes).

    """

    VIEWS = VIEWS  # the tabs named at the top of this module

    title_key = "lab.title"

    def __init__(
        self,
        base: str | Scenario = "baseline",
        levers: Iterable[str] | None = None,
        compare_with: str | Scenario = "baseline",
        lang: str | None = "zh",
        seed: int = 0,
        days: int | None = None,
        settings: Iterable[str] = COMMUNITY_SETTINGS,
        debounce: float = 0.2,
        show_help: bool = False,
        big: bool = False,
        run_now: bool = True,
        title_key: str | None = None,
        presets: bool = True,
    ):
        super().__init__(lang, big)
        self.presets = presets
        self.replication: Comparison | None = None
        self._replication_key: tuple | None = None
        if title_key is not None:
            self.title_key = title_key
        self.base = load_scenario(base)
        self.reference = load_scenario(compare_with)
        self.levers = tuple(LEVERS if levers is None else levers)
        for name in self.levers:
            if name not in PARAMS:
                raise ValueError(f"{name}: not a parameter of sim.params.PARAMS")
        self.days = days
        self.show_help = show_help
        self.result: RunResult | None = None
        self.reference_result: RunResult | None = None
        self.updates = 0
        self.last_timing: dict[str, float] = {}
        self.error: Exception | None = None
        self._cache: OrderedDict[tuple, RunResult] = OrderedDict()
        self._stale: set[str] = set(VIEWS)
        self._hold = 0

        p = self.base.params
        self.controls: dict[str, ParamControl] = {}
        for name in self.levers:
            high = p["compounds"] if name == "stations" else None
            self.controls[name] = ParamControl(name, p[name], self.lang, high=high)
        self.settings: dict[str, ParamControl] = {name: ParamControl(name, p[name], self.lang) for name in settings}
        self._seed = widgets.BoundedIntText(
            value=seed,
            min=0,
            max=2**31 - 1,
            layout=widgets.Layout(width="260px"),
            style={"description_width": "initial"},
        )
        self._auto = widgets.Checkbox(value=True, indent=False, layout=widgets.Layout(width="auto"))
        self._run_button = widgets.Button(button_style="primary", icon="play", layout=widgets.Layout(width="160px"))
        self._run_button.add_class("kit-run")
        self._reset_button = widgets.Button(icon="undo", layout=widgets.Layout(width="auto"))
        self._reset_button.add_class("kit-reset")
        # Presets: every practice on or off at once, or back to a shipped scenario.
        self._lab_all_on = widgets.Button(button_style="success", icon="toggle-on", layout=widgets.Layout(width="auto"))
        self._lab_all_on.add_class("kit-lab-all-on")
        self._lab_all_off = widgets.Button(icon="toggle-off", layout=widgets.Layout(width="auto"))
        self._lab_all_off.add_class("kit-lab-all-off")
        offered = offered_scenarios()
        self._goto_choice = widgets.Dropdown(
            options=offered,
            value=self.base.name if self.base.name in offered else offered[0],
            layout=widgets.Layout(width="100%"),
            style={"description_width": "initial"},
        )
        self._goto_choice.add_class("kit-stack")
        self._goto_choice.add_class("kit-goto-choice")
        self._goto_button = widgets.Button(icon="step-backward", layout=widgets.Layout(width="auto"))
        self._goto_button.add_class("kit-goto")
        # Replications: the means the lessons quote (sim.compare with the lab's seed).
        self._reps_button = widgets.Button(icon="repeat", layout=widgets.Layout(width="auto"))
        self._reps_button.add_class("kit-reps")
        self._reps_progress = widgets.IntProgress(
            value=0, min=0, max=1, layout=widgets.Layout(width="100%"), style={"description_width": "initial"}
        )
        self._reps_progress.add_class("kit-progress")
        self._reps_table = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._reps_table.add_class("kit-reps-table")

        self._outs = {view: widgets.Output(layout=widgets.Layout(width="100%")) for view in VIEWS}
        for view, out in self._outs.items():
            out.add_class(f"kit-plot-{view}")
            out.add_class("kit-plot")
        self._map_choice = widgets.ToggleButtons(
            value="changed",
            options=[("", "reference"), (" ", "changed")],
            style={"description_width": "initial", "button_width": "auto"},
        )
        self._map_choice.add_class("kit-map-choice")
        pages = [widgets.VBox([self._map_choice, out]) if v == "map" else out for v, out in self._outs.items()]
        self._tabs = widgets.Tab(children=pages, layout=widgets.Layout(width="100%"))
        self._table = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._table.add_class("kit-metrics")
        self._debounced = Debouncer(debounce, self.update)

        for control in [*self.controls.values(), *self.settings.values()]:
            control.observe(self._on_change)
        self._seed.observe(self._on_change_widget, "value")
        self._run_button.on_click(lambda _: self.update())
        self._reset_button.on_click(lambda _: self.reset())
        self._lab_all_on.on_click(lambda _: self.all_practices(True))
        self._lab_all_off.on_click(lambda _: self.all_practices(False))
        self._goto_button.on_click(lambda _: self.go_to(self._goto_choice.value))
        self._reps_button.on_click(lambda _: self.replicate())
        self._tabs.observe(self._on_tab, "selected_index")
        self._map_choice.observe(self._on_map_choice, "value")

        self._build()
        self.relabel()
        self._set_status("status.ready")
        if run_now:
            self.update()

    # --- layout ----------------------------------------------------------------------------
    def _lever_boxes(self) -> list[widgets.Widget]:
        boxes: list[widgets.Widget] = []
        self._group_headings: dict[str, widgets.HTML] = {}
        groups = list(dict.fromkeys(PARAMS[n].group for n in self.levers))
        for group in groups:
            if len(groups) > 1:
                self._group_headings[group] = self._heading("")
                boxes.append(self._group_headings[group])
            for name in self.levers:
                if PARAMS[name].group == group:
                    control = self.controls[name]
                    boxes.append(control.widget)
                    if self.show_help:
                        boxes.append(control.help)
        return boxes

    def _extra_controls(self) -> list[widgets.Widget]:
        """Widgets shown above the levers: the presets (subclasses put their own buttons here)."""
        buttons = widgets.HBox([self._lab_all_on, self._lab_all_off], layout=widgets.Layout(flex_flow="row wrap"))
        return [buttons, self._goto_choice, self._goto_button] if self.presets else []

    def _build(self) -> None:
        self._levers_heading = self._heading("")
        self._community_heading = self._heading("")
        self._run_heading = self._heading("")
        left = widgets.VBox(
            [
                *self._extra_controls(),
                self._levers_heading,
                *self._lever_boxes(),
                self._community_heading,
                *[c.widget for c in self.settings.values()],
                self._run_heading,
                self._seed,
                widgets.HBox([self._run_button, self._auto], layout=widgets.Layout(align_items="center")),
                self._reset_button,
                self._reps_button,
                self._reps_progress,
            ],
            layout=widgets.Layout(width="36%", min_width="330px", padding="0 18px 0 0"),
        )
        left.add_class("kit-controls")
        right = widgets.VBox(
            [self._status, self._warning, self._tabs, self._table, self._reps_table], layout=widgets.Layout(width="64%")
        )
        right.add_class("kit-views")
        body = widgets.HBox([left, right], layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        self._frame(body)

    # --- labels ----------------------------------------------------------------------------
    def _titles(self) -> tuple[str, str]:
        return t(self.title_key, self.lang), t("lab.subtitle", self.lang, ref=scenario_title(self.reference, self.lang))

    def relabel(self) -> None:
        """Write every label of the lab in the current language."""
        lang = self.lang
        self._set_title(*self._titles())
        for control in [*self.controls.values(), *self.settings.values()]:
            control.relabel(lang)
        for group, heading in getattr(self, "_group_headings", {}).items():
            heading.value = f'<h3 class="kit-heading">{group_label(group, lang)}</h3>'
        self._levers_heading.value = f'<h3 class="kit-heading">{t("sec.levers", lang)}</h3>'
        self._community_heading.value = f'<h3 class="kit-heading">{t("sec.community", lang)}</h3>'
        self._run_heading.value = f'<h3 class="kit-heading">{t("sec.run", lang)}</h3>'
        self._seed.description = t("ctl.seed", lang)
        self._auto.description = t("ctl.auto", lang)
        self._run_button.description = t("ctl.run", lang)
        self._reset_button.description = t("ctl.reset", lang)
        self._lab_all_on.description = t("ctl.lab_all_on", lang)
        self._lab_all_off.description = t("ctl.lab_all_off", lang)
        self._goto_choice.description = t("ctl.goto_choice", lang)
        with self._held():
            value = self._goto_choice.value
            self._goto_choice.options = [
                (t("format.with_unit", lang, label=scenario_title(load_scenario(name), lang), unit=name), name)
                for name in offered_scenarios()
            ]
            self._goto_choice.value = value
        self._goto_button.description = t("ctl.goto", lang)
        self._reps_button.description = t("ctl.reps_run", lang, reps=LAB_REPS)
        self._reps_progress.description = t(
            "status.progress", lang, done=self._reps_progress.value, total=self._reps_progress.max
        )
        self._tabs.titles = tuple(t(f"tab.{view}", lang) for view in VIEWS)
        self._map_choice.description = t("ctl.map_shows", lang)
        with self._held():
            value = self._map_choice.value
            self._map_choice.options = [
                (scenario_title(self.reference, lang), "reference"),
                (self._changed_title(lang), "changed"),
            ]
            self._map_choice.value = value

    def _changed_title(self, lang: str) -> str:
        if self.base.name == self.reference.name:
            return t("run.changed", lang)
        return t("run.changed_from", lang, base=scenario_title(self.base, lang))

    # --- values ----------------------------------------------------------------------------
    @property
    def seed(self) -> int:
        """The random seed of both runs."""
        return int(self._seed.value)

    def values(self) -> dict[str, Any]:
        """The values of every lever and community setting the lab offers."""
        return {name: c.value for name, c in {**self.controls, **self.settings}.items()}

    def _common(self) -> dict[str, Any]:
        common = {name: c.value for name, c in self.settings.items()}
        if self.days is not None:
            common["days"] = self.days
        return common

    def changed_scenario(self) -> Scenario:
        """The scenario the controls describe: the base with the levers and settings applied."""
        sc = self.base.with_values({**self.values(), **self._common()}, name="lab")
        title = {lang: self._changed_title(lang) for lang in ("zh", "en")}
        return dataclasses.replace(sc, title=title)

    def reference_scenario(self) -> Scenario:
        """The reference scenario with the same community settings."""
        return self.reference.with_values(self._common())

    def set_values(self, values: dict[str, Any], update: bool = True) -> None:
        """Set several controls at once and run once (instead of once per control)."""
        with self._held():
            for name, value in values.items():
                (self.controls.get(name) or self.settings[name]).value = value
        if update:
            self._request_update()

    def reset(self) -> None:
        """Put every control back to the base scenario's value and run."""
        self.set_values({name: self.base.params[name] for name in self.values()})

    def all_practices(self, on: bool) -> None:
        """Switch every practice the lab offers on (as in ``full-1234``) or off (as in ``baseline``), and run once."""
        source = load_scenario(ALL_ON if on else ALL_OFF)
        self.set_values({name: source.params[name] for name in self.levers})

    def go_to(self, scenario: str | Scenario) -> None:
        """Start again from ``scenario``: it becomes the base, every control takes its value, and the lab runs."""
        self.base = load_scenario(scenario)
        self.relabel()  # the changed run is now titled after the new base
        self.reset()

    # --- replications ----------------------------------------------------------------------
    def _replication_key_now(self) -> tuple:
        """What the replications depend on: the seed and both scenarios' parameters."""
        return tuple(_params_key(sc, self.seed) for sc in (self.reference_scenario(), self.changed_scenario()))

    def _on_reps_progress(self, done: int, total: int) -> None:
        self._reps_progress.max = total
        self._reps_progress.value = done
        self._reps_progress.description = t("status.progress", self.lang, done=done, total=total)

    def replicate(self, reps: int = LAB_REPS) -> None:
        """Run the reference and the changed scenario ``reps`` times each and show the means.

        The call is ``sim.compare([reference, changed], reps=reps, seed=<the lab's seed>)``:
        with the lessons' seed (0) and ten replications, the means are the ones the lessons quote.
        """
        scenarios = [self.reference_scenario(), self.changed_scenario()]
        self._on_reps_progress(0, len(scenarios) * reps)
        self._set_status("status.running")
        start = time.perf_counter()
        replication = self._guarded(
            lambda: compare(scenarios, reps=reps, seed=self.seed, progress=self._on_reps_progress), self._reps_button
        )
        if replication is None:
            return
        self.replication = replication
        self._replication_key = self._replication_key_now()
        self._fill_replication()
        seconds = time.perf_counter() - start
        self._set_status(("status.compare_done", {"n": len(scenarios), "reps": reps, "seconds": seconds}))

    def _fill_replication(self) -> None:
        """The replications' table (the comparison table of the scenario comparison), or nothing."""
        if self.replication is None:
            self._reps_table.value = ""
            return
        lang, c = self.lang, self.replication
        heading = t("lab.reps_heading", lang, reps=c.meta.get("reps", 0), seed=c.meta.get("seed", 0))
        self._reps_table.value = f'<h3 class="kit-heading">{heading}</h3>{comparison_table_html(c, lang)}'

    @property
    def replication_html(self) -> str:
        """The replications' table as HTML ("" before "run 10 replications")."""
        return self._reps_table.value

    # --- running ---------------------------------------------------------------------------
    @contextmanager
    def _held(self) -> Iterator[None]:
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1

    def _on_change(self, control: ParamControl) -> None:
        if not self._hold:
            self._request_update()

    def _on_change_widget(self, change: dict) -> None:
        if not self._hold:
            self._request_update()

    def _request_update(self) -> None:
        if self._auto.value:
            self._debounced()

    def _run_cached(self, scenario: Scenario) -> tuple[RunResult, bool]:
        key = _params_key(scenario, self.seed)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return dataclasses.replace(hit, scenario=scenario), True
        result = run(scenario, seed=self.seed)
        self._cache[key] = result
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return result, False

    def update(self) -> None:
        """Run the changed scenario (the reference comes from the cache when it can) and redraw.

        This is what a change of any control triggers; call it directly to time the lab.
        """
        self._debounced.cancel()
        start = time.perf_counter()
        self._set_status("status.running")
        try:
            self.reference_result, ref_cached = self._run_cached(self.reference_scenario())
            self.result, _ = self._run_cached(self.changed_scenario())
            if self._replication_key != self._replication_key_now():
                self.replication, self._replication_key = None, None  # its means belong to other settings
            ran = time.perf_counter()
            self._stale = set(VIEWS)
            self.redraw()
        except Exception as exc:  # show it in the panel: a callback's traceback would be lost
            self.error = exc
            self._set_status(("status.error", {"message": f"{type(exc).__name__}: {exc}"}), error=True)
            return
        self.error = None
        end = time.perf_counter()
        self.updates += 1
        self.last_timing = {"model": ran - start, "draw": end - ran, "total": end - start}
        parts: list = [("status.done", dict(self.last_timing))]
        if ref_cached:
            parts.append("status.cached")
        self._set_status(*parts)

    # --- drawing ---------------------------------------------------------------------------
    @property
    def _has_data(self) -> bool:
        return self.result is not None

    def _on_map_choice(self, change: dict) -> None:
        if self._hold or self.result is None:
            return
        if self.view == "map":
            self.draw("map")
        else:
            self._stale.add("map")

    def redraw(self) -> None:
        """Draw the tab in view and the table from the latest results; mark the other tabs out of date."""
        if self.result is None:
            return
        self._stale = set(VIEWS)
        self.draw(self.view)
        self._fill_table()
        self._fill_replication()

    def draw(self, view: str) -> None:
        """Draw one tab's figure from the latest results."""
        ref, res, lang = self.reference_result, self.result, self.lang
        both = [ref, res]
        if view == "rates":
            fig = rates_comparison(both, lang=lang)
        elif view == "map":
            fig = community_map(res if self._map_choice.value == "changed" else ref, lang=lang)
        elif view == "distribution":
            fig = resolution_distribution(both, lang=lang)
        elif view == "backlog":
            fig = backlog_over_time(both, lang=lang)
        elif view == "hours":
            fig = hours_breakdown(both, lang=lang)
            label_bars(fig)
        else:
            raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
        self._show(self._outs[view], fig)
        self._stale.discard(view)

    def draw_all(self) -> None:
        """Draw every tab now (for exporting or testing)."""
        for view in VIEWS:
            self.draw(view)

    def _fill_table(self) -> None:
        """The numbers under the plots: the rates true and assessed side by side, then the rest.

        A run that cannot keep up gets a warning above the plots.
        """
        lang, ref, res = self.lang, self.reference_result.summary, self.result.summary
        ref_title = t("table.ref_title", lang, title=scenario_title(self.reference, lang))
        changed = self._changed_title(lang)
        trio = f"<th>{ref_title}</th><th>{changed}</th><th>{t('col.diff', lang)}</th>"
        # Short column names twice over; the full titles head the table below.
        short = f"<th>{t('col.reference', lang)}</th><th>{t('col.changed', lang)}</th><th>{t('col.diff', lang)}</th>"
        head = (
            f'<tr><th rowspan="2">{t("col.metric", lang)}</th>'
            f'<th class="kit-group" colspan="3">{t("result.true", lang)}</th>'
            f'<th class="kit-group" colspan="3">{t("result.assessed", lang)}</th></tr>'
            f"<tr>{short}{short}</tr>"
        )
        rows = []
        for m in RATE_ROWS:
            twin = ASSESSED.get(m)
            assessed = self._cells(twin, ref, res) if twin else '<td>–</td><td>–</td><td class="">–</td>'
            rows.append(f"<tr><td>{metric_label(m, lang)}</td>{self._cells(m, ref, res)}{assessed}</tr>")
        rates = (
            f'<table class="kit-table kit-rates">{head}{"".join(rows)}</table>'
            f'<p class="kit-note">{t("panel.assessed_note", lang)}</p>'
        )
        rows = [f"<tr><td>{metric_label(m, lang)}</td>{self._cells(m, ref, res)}</tr>" for m in TABLE_METRICS]
        head = f"<tr><th>{t('col.metric', lang)}</th>{trio}</tr>"
        days = self.result.scenario.params["days"]
        note = t("table.note", lang, seed=self.seed, days=days)
        self._table.value = (
            f'{rates}<table class="kit-table">{head}{"".join(rows)}</table><p class="kit-note">{note}</p>'
        )
        runs = [(scenario_title(self.reference, lang), ref), (changed, res)]
        self._set_warnings(
            [t("panel.cannot_keep_up", lang, title=title) for title, summary in runs if keep_up_warning(summary, lang)]
        )

    def _cells(self, m: str, ref, res) -> str:
        """The reference's value, the changed run's and the difference, coloured when better or worse."""
        lang = self.lang
        if m == KEEPS_UP:  # one run keeps up or not: yes/no, no difference to read
            yes_no = [t("result.yes" if s[m] >= 1 else "result.no", lang) for s in (ref, res)]
            return f'<td>{yes_no[0]}</td><td>{yes_no[1]}</td><td class=""></td>'
        diff = res[m] - ref[m]
        shown = format_diff(m, diff, lang)
        sign = _better(m) * diff if any(ch in "123456789" for ch in shown) else 0
        cls = "kit-better" if sign > 0 else "kit-worse" if sign < 0 else ""
        return (
            f"<td>{format_value(m, ref[m], lang)}</td><td>{format_value(m, res[m], lang)}</td>"
            f'<td class="{cls}">{shown}</td>'
        )

    @property
    def table_html(self) -> str:
        """The metrics table as HTML."""
        return self._table.value

    def outputs(self, view: str) -> tuple:
        """What the tab ``view`` currently shows (Jupyter output dicts)."""
        return self._outs[view].outputs
