"""The workshop dashboard: every panel a trainer needs for the three hours, one tab each.

>>> from sim.widgets import dashboard
>>> dashboard(lang="zh")                   # doctest: +SKIP

The tabs follow the workshop: the four components of the method (each a
``ComponentExplorer`` with its presets and a line on what the component is), the
scenario lab (every lever, the presets, ten replications), the scenario comparison with
the lessons' comparisons ("lesson steps"), and how the room plays the workshop game with
``community-1234 workshop`` — a separate server the trainer starts; the dashboard starts
none. One language switch relabels every tab. A tab is built and run when it is first
opened, so the page opens as fast as one panel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..i18n import t
from .base import Panel
from .compare import ComparePanel
from .explorer import ComponentExplorer
from .lab import ScenarioLab

COMPONENTS: tuple[str, ...] = ("1", "2", "3", "4")
TABS: tuple[str, ...] = (*(f"component-{c}" for c in COMPONENTS), "lab", "compare", "game")
FIRST_TAB = "component-1"


class Dashboard(Panel):
    """The tabbed workshop dashboard (``notebooks/dashboard.ipynb``, served by Voilà).

    Args:
        lang: "zh" (default) or "en".
        seed: the random seed of the labs' runs (0: the lessons' seed).
        days: working days to simulate (default: each scenario's).
        big: larger text and plots, for a projector.
        run_now: run the first tab's panel at once (otherwise when it is first shown).
        root: the course root the lesson steps are read from (default: this installation's).

    Attributes:
        panels: the panels built so far, by tab name (``TABS``); a tab's panel is built when
            the tab is first opened.
    """

    VIEWS = TABS

    def __init__(
        self,
        lang: str | None = "zh",
        seed: int = 0,
        days: int | None = None,
        big: bool = True,
        run_now: bool = True,
        root: Path | None = None,
    ):
        super().__init__(lang, big)
        self.seed, self.days, self.root, self.run_now = seed, days, root, run_now
        self.panels: dict[str, Any] = {}
        self._pages = {name: widgets.VBox(layout=widgets.Layout(width="100%")) for name in TABS}
        self._game = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._game.add_class("kit-game")
        self._pages["game"].children = (self._game,)
        # What each component is, one line above its explorer.
        self._about = {c: widgets.HTML(layout=widgets.Layout(width="100%")) for c in COMPONENTS}
        for c, about in self._about.items():
            about.add_class("kit-about")
            self._pages[f"component-{c}"].children = (about,)
        self._subtitle = widgets.HTML()
        self._subtitle.add_class("kit-help")
        self._tabs = widgets.Tab(children=list(self._pages.values()), layout=widgets.Layout(width="100%"))
        self._tabs.add_class("kit-dashboard-tabs")
        self._tabs.selected_index = TABS.index(FIRST_TAB)
        self._tabs.observe(self._on_tab, "selected_index")
        self._frame(self._subtitle, self._tabs)
        self.relabel()
        self._open(FIRST_TAB, run=run_now)

    # --- tabs ------------------------------------------------------------------------------
    def _build(self, name: str) -> Any:
        common = {"lang": self.lang, "big": self.big}
        if name.startswith("component-"):
            return ComponentExplorer(name.split("-")[1], seed=self.seed, days=self.days, run_now=False, **common)
        if name == "lab":
            return ScenarioLab(seed=self.seed, days=self.days, run_now=False, **common)
        if name == "compare":
            return ComparePanel(
                ("baseline", "full-1234"),
                reps=10,
                seed=self.seed,
                days=self.days,
                lessons=True,
                root=self.root,
                **common,
            )
        raise ValueError(f"unknown tab {name!r}")

    def panel(self, name: str) -> Any:
        """The panel of tab ``name`` (built now if it was not yet); the game tab has none."""
        if name == "game":
            raise ValueError("the game tab is text only: the game runs in `community-1234 workshop`")
        if name not in self.panels:
            panel = self._build(name)
            panel._lang_toggle.layout.display = "none"  # the dashboard's switch speaks for every tab
            self.panels[name] = panel
            self._pages[name].children = (*self._pages[name].children, panel.widget)
        return self.panels[name]

    def _open(self, name: str, run: bool = True) -> None:
        """Make the tab's panel ready to show: built, in the dashboard's language, run once."""
        if name == "game":
            return
        panel = self.panel(name)
        if panel.lang != self.lang:
            panel.set_lang(self.lang)
        if run and isinstance(panel, ScenarioLab) and panel.result is None:
            panel.update()

    def _on_tab(self, change: dict) -> None:
        self._open(self.view)

    # --- labels ----------------------------------------------------------------------------
    def relabel(self) -> None:
        """Write the dashboard's labels and the game tab in the current language."""
        lang = self.lang
        self._set_title(t("dashboard.title", lang))
        self._subtitle.value = t("dashboard.subtitle", lang)
        titles = [t(f"dashboard.component.{c}", lang) for c in COMPONENTS]
        titles += [t(f"dashboard.tab.{name}", lang) for name in ("lab", "compare", "game")]
        self._tabs.titles = tuple(titles)
        self._game.value = t("dashboard.game", lang)
        for c, about in self._about.items():
            about.value = f'<p class="kit-about-line">{t(f"dashboard.about.{c}", lang)}</p>'

    def redraw(self) -> None:
        """Show the tab in view in the current language; the others follow when they are opened."""
        self._open(self.view, run=False)

    def select(self, view: str) -> None:
        """Open a tab by name (one of ``TABS``); its panel is built and run the first time."""
        self._tabs.selected_index = TABS.index(view)


def dashboard(lang: str | None = "zh", **kwargs: Any) -> Dashboard:
    """Return the workshop dashboard: the components, the lab, comparisons and the game, one tab each.

    Args:
        lang: "zh" (default) or "en".
        **kwargs: passed on to ``Dashboard``.

    """
    return Dashboard(lang=lang, **kwargs)
