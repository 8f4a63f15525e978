"""A street office (街道) or county: many communities run together (first step: no interaction yet).

>>> from sim.street import run_street
>>> result = run_street("street-10", seed=0)   # doctest: +SKIP
>>> result.summary["on_time_closure_rate"]     # doctest: +SKIP

See docs/street.md for the file format and the metrics.
"""

from .run import RATES, StreetResult, community_seeds, gini, run_street, street_summary, weighted, write_street
from .spec import MAX_COMMUNITIES, Community, Street, list_streets, load_street, parse_street

__all__ = [
    "MAX_COMMUNITIES",
    "RATES",
    "Community",
    "Street",
    "StreetResult",
    "community_seeds",
    "gini",
    "list_streets",
    "load_street",
    "parse_street",
    "run_street",
    "street_summary",
    "weighted",
    "write_street",
]
