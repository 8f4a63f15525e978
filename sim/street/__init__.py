"""A street office (街道) or county: many communities run together, sharing help when the file says so.

>>> from sim.street import run_street, compare_streets
>>> result = run_street("street-10", seed=0)         # doctest: +SKIP
>>> result.summary["on_time_closure_rate"]           # doctest: +SKIP
>>> compare_streets(["street-10", "my-street.toml"])  # doctest: +SKIP

See docs/street.md for the file format, the shared help and the metrics, and
docs/street-compare.md for comparisons, street experiments and the street map.
"""

from .compare import STREET_METRICS, StreetComparison, compare_streets, comparison_frame, write_street_comparison
from .run import RATES, StreetResult, community_seeds, gini, run_street, street_summary, weighted, write_street
from .shared import Shared
from .spec import MAX_COMMUNITIES, Community, Street, list_streets, load_street, parse_street

__all__ = [
    "MAX_COMMUNITIES",
    "RATES",
    "STREET_METRICS",
    "Community",
    "Shared",
    "Street",
    "StreetComparison",
    "StreetResult",
    "community_seeds",
    "compare_streets",
    "comparison_frame",
    "gini",
    "list_streets",
    "load_street",
    "parse_street",
    "run_street",
    "street_summary",
    "weighted",
    "write_street",
    "write_street_comparison",
]
