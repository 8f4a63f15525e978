"""The scenario lab for one component of the method, with its presets.

>>> from sim.widgets import ComponentExplorer
>>> ComponentExplorer("2", lang="en")      # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..i18n import group_label, t
from ..params import LEVERS, PARAMS
from ..scenario import load_scenario
from .lab import ALL_OFF, ALL_ON, ScenarioLab

# The presets of a component explorer: everything off, only this component on, all four on.
PRESETS: tuple[str, ...] = ("off", "on", "all")


class ComponentExplorer(ScenarioLab):
    """The scenario lab for one component of the method, starting from the traditional community.

    Every lever of the component has its control and a short explanation; three presets set
    them at once: everything off (the baseline), only this component on (the values of the
    shipped scenario ``component-N``), or all four components on (``full-1234``: the other
    components' practices are on too, behind the scenes).

    Args:
        component: "1", "2", "3" or "4".
        lang: "zh" or "en".
        seed: the random seed of both runs.
        days: working days to simulate (default: the scenario's).
        **kwargs: passed on to ``ScenarioLab``.

    """

    title_key = "explorer.title"

    def __init__(
        self, component: str = "1", lang: str | None = "zh", seed: int = 0, days: int | None = None, **kwargs: Any
    ):
        component = str(component)
        if component not in ("1", "2", "3", "4"):
            raise ValueError(f"component = {component!r}: expected '1', '2', '3' or '4'")
        self.component = component
        self.shipped = load_scenario(f"component-{component}")
        levers = [name for name in LEVERS if PARAMS[name].group == component]
        self._all_on = widgets.Button(button_style="success", icon="toggle-on", layout=widgets.Layout(width="auto"))
        self._all_off = widgets.Button(icon="toggle-off", layout=widgets.Layout(width="auto"))
        self._all_full = widgets.Button(button_style="info", icon="th", layout=widgets.Layout(width="auto"))
        self._all_on.add_class("kit-all-on")
        self._all_off.add_class("kit-all-off")
        self._all_full.add_class("kit-all-full")
        self._shipped_note = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._shipped_note.add_class("kit-help")
        kwargs.setdefault("show_help", True)
        super().__init__(
            base="baseline", levers=levers, compare_with="baseline", lang=lang, seed=seed, days=days, **kwargs
        )
        self._all_on.on_click(lambda _: self.preset("on"))
        self._all_off.on_click(lambda _: self.preset("off"))
        self._all_full.on_click(lambda _: self.preset("all"))

    def _extra_controls(self) -> list[widgets.Widget]:
        buttons = widgets.HBox(
            [self._all_off, self._all_on, self._all_full], layout=widgets.Layout(flex_flow="row wrap")
        )
        return [buttons, self._shipped_note]

    def _titles(self) -> tuple[str, str]:
        return t("explorer.title", self.lang, group=group_label(self.component, self.lang)), t(
            "explorer.subtitle", self.lang
        )

    def relabel(self) -> None:
        """Write every label in the current language."""
        super().relabel()
        self._all_on.description = t("ctl.preset_on", self.lang)
        self._all_off.description = t("ctl.preset_off", self.lang)
        self._all_full.description = t("ctl.preset_all", self.lang)
        self._shipped_note.value = t(
            "explorer.shipped", self.lang, description=self.shipped.description.get(self.lang, "")
        )

    def preset(self, name: str) -> None:
        """Set the levers to a preset and run once.

        Args:
            name: "off" (the traditional community), "on" (only this component, as in
                ``component-N``) or "all" (every component, as in ``full-1234``).

        """
        if name not in PRESETS:
            raise ValueError(f"preset = {name!r}: expected one of {', '.join(PRESETS)}")
        base = load_scenario(ALL_ON if name == "all" else ALL_OFF)
        source = self.shipped if name == "on" else base
        if base.name != self.base.name:
            self.base = base
            self.relabel()  # the changed run is titled after its starting point
        self.set_values({n: source.params[n] for n in self.levers})
