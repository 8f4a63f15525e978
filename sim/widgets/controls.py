"""Controls built from the parameter table, and the text helpers the panels share.

Each parameter of ``sim.params.PARAMS`` becomes one control: a yes/no parameter a
toggle button, a number a slider, a choice a drop-down list with translated option
names. Labels come from the parameter table, so a control always says what its row
in ``sim/params.py`` says.

>>> control = ParamControl("listening_minutes", 15, lang="zh")
>>> control.widget.description
'用心倾听：每次接待多花的分钟'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets

from ..i18n import check_lang, param_label, param_unit, t
from ..params import PARAMS
from ..text import LEVER_HELP, STRINGS

# Teaching ranges: the part of a parameter's allowed range that a slider offers, and its step.
# The table allows more (e.g. 100,000 party members); these ranges keep the sliders usable and a
# run of the default community under a second. A starting value outside is always reachable.
UI_RANGES: dict[str, tuple[float, float, float]] = {
    "survey_interval": (0, 250, 5),
    "listening_minutes": (0, 60, 1),
    "visit_share": (0, 0.6, 0.01),
    "linkage": (0, 1, 0.05),
    "process_compliance": (0, 1, 0.05),
    "inspection_interval": (0, 250, 5),
    "stations": (0, 8, 1),
    "party_members": (0, 1000, 10),
    "whistle_days": (0, 60, 1),
    "partner_hours": (0, 200, 5),
    "young_old_share": (0, 1, 0.05),
    "staff": (1, 20, 1),
    "households": (500, 6000, 100),
    "hours_per_day": (1, 12, 0.5),
}

# Community settings a lab offers besides the levers; they change the reference run too.
COMMUNITY_SETTINGS: tuple[str, ...] = ("staff", "households", "hours_per_day")

# Units of parameters that count things: the label already says what is counted.
COUNT_UNITS = frozenset({"people", "households", "stations", "compounds", "case officers"})

# Widths that read well on a laptop and on a projector.
CONTROL_WIDTH = "100%"
STYLE = {"description_width": "initial"}
# Sliders and lists: the label takes a fixed share of the row (and wraps), so the sliders line up.
ALIGNED = {"description_width": "46%"}


def lever_help(name: str, lang: str | None = None) -> str:
    """Return the short explanation of a lever ("" for other parameters)."""
    pair = LEVER_HELP.get(name)
    if pair is None:
        return ""
    return pair[0 if check_lang(lang) == "zh" else 1]


def choice_label(name: str, value: str, lang: str | None = None) -> str:
    """Return the translated name of one choice of a ``choice`` parameter (the value if none)."""
    key = f"choice.{name}.{value}"
    return t(key, lang) if key in STRINGS else value


def param_description(name: str, lang: str | None = None) -> str:
    """Return a parameter's label with its unit, as a control shows it.

    The unit is added in brackets unless the label already names it; a label that ends
    in brackets gets the unit inside them.
    """
    lang = check_lang(lang)
    p = PARAMS[name]
    label = param_label(name, lang)
    unit = param_unit(p.unit, lang) if p.unit else ""
    if not unit or p.unit in COUNT_UNITS or unit in label or (lang == "en" and unit.rstrip("s") in label):
        return label
    if lang == "zh":
        return f"{label[:-1]}；{unit}）" if label.endswith("）") else f"{label}（{unit}）"
    return f"{label[:-1]}; {unit})" if label.endswith(")") else f"{label} ({unit})"


def ui_range(name: str, value: Any = None) -> tuple[float, float, float]:
    """Return (low, high, step) of the slider of a numeric parameter, widened to hold ``value``."""
    p = PARAMS[name]
    if name in UI_RANGES:
        lo, hi, step = UI_RANGES[name]
    else:
        lo, hi = float(p.lo), float(p.hi)
        step = 1 if p.kind == "int" else (hi - lo) / 100
    lo, hi = max(lo, p.lo), min(hi, p.hi)
    if value is not None:
        lo, hi = min(lo, value), max(hi, value)
    return lo, hi, step


def _readout_format(step: float) -> str:
    if step >= 1:
        return ".0f"
    if step >= 0.1:
        return ".1f"
    return ".2f"


class ParamControl:
    """One control for one parameter of the table.

    Attributes:
        name: the parameter's dotted name.
        widget: the ipywidgets control (``ToggleButton``, ``IntSlider``, ``FloatSlider``
            or ``Dropdown``).
        help: an ``HTML`` widget with the lever's explanation (empty for other parameters).

    Args:
        name: a parameter of ``sim.params.PARAMS``.
        value: the starting value.
        lang: "zh" or "en".
        high: a tighter upper end for the slider (e.g. stations ≤ compounds).

    """

    def __init__(self, name: str, value: Any, lang: str | None = None, high: float | None = None):
        self.name = name
        self.param = PARAMS[name]
        self._callbacks: list[Callable[[ParamControl], None]] = []
        self._mute = 0
        kind = self.param.kind
        layout = widgets.Layout(width=CONTROL_WIDTH)
        if kind == "bool":
            self.widget = widgets.ToggleButton(
                value=bool(value), layout=widgets.Layout(width=CONTROL_WIDTH, height="auto")
            )
            self.widget.add_class("kit-toggle")
        elif kind == "choice":
            self.widget = widgets.Dropdown(options=list(self.param.choices), value=value, layout=layout, style=ALIGNED)
        else:
            lo, hi, step = ui_range(name, value)
            if high is not None:
                hi = max(min(hi, high), value)
            cls = widgets.IntSlider if kind == "int" else widgets.FloatSlider
            extra = {} if kind == "int" else {"readout_format": _readout_format(step)}
            self.widget = cls(
                value=value,
                min=lo,
                max=hi,
                step=step,
                continuous_update=False,
                layout=layout,
                style=ALIGNED,
                **extra,
            )
        self.widget.add_class("kit-control")
        self.widget.add_class(f"kit-param-{name.replace('.', '-').replace('_', '-')}")
        self.help = widgets.HTML(layout=widgets.Layout(width=CONTROL_WIDTH))
        self.help.add_class("kit-help")
        self.widget.observe(self._changed, "value")
        self.relabel(lang)

    @property
    def value(self) -> Any:
        """The control's current value, in the parameter's type."""
        v = self.widget.value
        if self.param.kind == "int":
            return int(v)
        if self.param.kind == "float":
            return round(float(v), 6)
        return v

    @value.setter
    def value(self, new: Any) -> None:
        if self.param.kind in ("int", "float"):
            if new > self.widget.max:
                self.widget.max = new
            if new < self.widget.min:
                self.widget.min = new
        self.widget.value = new

    def observe(self, callback: Callable[[ParamControl], None]) -> None:
        """Call ``callback(control)`` whenever a person (or code) changes the value."""
        self._callbacks.append(callback)

    @contextmanager
    def muted(self) -> Iterator[None]:
        """Change the widget without telling the observers (used when relabelling)."""
        self._mute += 1
        try:
            yield
        finally:
            self._mute -= 1

    def _changed(self, change: dict) -> None:
        if self.param.kind == "bool":
            self._style_toggle()
        if self._mute:
            return
        for callback in self._callbacks:
            callback(self)

    def _style_toggle(self) -> None:
        on = bool(self.widget.value)
        self.widget.button_style = "success" if on else ""
        self.widget.icon = "check-square-o" if on else "square-o"

    def relabel(self, lang: str | None) -> None:
        """Write every label of the control in ``lang``."""
        lang = check_lang(lang)
        self.widget.description = param_description(self.name, lang)
        text = lever_help(self.name, lang)
        self.widget.tooltip = text or self.widget.description
        self.help.value = text
        if self.param.kind == "bool":
            self._style_toggle()
        elif self.param.kind == "choice":
            with self.muted():
                value = self.widget.value
                self.widget.options = [(choice_label(self.name, c, lang), c) for c in self.param.choices]
                self.widget.value = value
