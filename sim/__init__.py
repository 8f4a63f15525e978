"""Community 1234 Kit: an agent-based model of how the 1234 work method changes issue handling.

The public API::

    from sim import run, compare, load_scenario, list_scenarios, PARAMS
"""

from .errors import ScenarioError
from .params import CATEGORIES, LEVERS, PARAMS
from .run import Comparison, RunResult, compare, run
from .scenario import Scenario, list_scenarios, load_scenario

__version__ = "0.1.0"
__all__ = [
    "CATEGORIES",
    "LEVERS",
    "PARAMS",
    "Comparison",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "compare",
    "list_scenarios",
    "load_scenario",
    "run",
]
