"""Interactive panels for the notebooks and the workshop dashboard (ipywidgets).

The panels call the kit's public API (``sim.run``, ``sim.compare``, ``sim.viz``); the
model knows nothing of them. A notebook cell only has to write::

    from sim.widgets import ScenarioLab
    ScenarioLab(lang="zh")

Panels:

* ``ScenarioLab`` — every lever of the 1234 method (or a chosen few), community
  settings and a seed; the figures of the changed scenario against a reference.
* ``ComponentExplorer`` — the lab for one component ("1"–"4"), with an explanation of
  each practice and buttons that switch the whole component on or off.
* ``ComparePanel`` — replicated comparisons of shipped scenarios with 95% confidence
  intervals and a progress bar.
* ``dashboard`` — the workshop dashboard for a projector (``notebooks/dashboard.ipynb``): a tab
  per component of the method, the lab, the comparisons with the lessons' steps, and how the
  room plays the workshop game.

Each panel has a 中文/English switch that relabels and redraws the whole panel.
``show_key_numbers`` and ``show_comparison_numbers`` print the seeded numbers a
lesson's story rests on.
"""

from ..course.numbers import LessonStep, lesson_steps
from .base import label_bars, show_figure
from .compare import ComparePanel, offered_scenarios
from .controls import ParamControl, param_description
from .dashboard import Dashboard, dashboard
from .explorer import ComponentExplorer
from .lab import VIEWS, ScenarioLab
from .numbers import key_numbers, show_comparison_numbers, show_key_numbers

__all__ = [
    "VIEWS",
    "ComparePanel",
    "ComponentExplorer",
    "Dashboard",
    "LessonStep",
    "ParamControl",
    "ScenarioLab",
    "dashboard",
    "key_numbers",
    "label_bars",
    "lesson_steps",
    "offered_scenarios",
    "param_description",
    "show_comparison_numbers",
    "show_figure",
    "show_key_numbers",
]
