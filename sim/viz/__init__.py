"""Figures of runs and comparisons (matplotlib), with Chinese text that renders anywhere.

>>> from sim import run
>>> from sim.viz import rates_comparison
>>> rates_comparison([run("baseline"), run("full-1234")], lang="zh").savefig("rates.png")  # doctest: +SKIP
"""

from .figures import (
    ASSESSED_RATES,
    KEY_METRICS,
    RATES,
    backlog_over_time,
    community_map,
    comparison_chart,
    hours_breakdown,
    rates_comparison,
    resolution_distribution,
)
from .fonts import setup_fonts

__all__ = [
    "ASSESSED_RATES",
    "KEY_METRICS",
    "RATES",
    "backlog_over_time",
    "community_map",
    "comparison_chart",
    "hours_breakdown",
    "rates_comparison",
    "resolution_distribution",
    "setup_fonts",
]
