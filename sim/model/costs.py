"""What one case costs the staff desk that handles it (工时构成): the model's own accounting.

Each practice says what it adds to a case's staff cost (``Practice.case_hours`` and the
other ``case_*`` class methods, next to the hooks that spend the hours), and
``case_cost`` adds them up for a scenario's active practices. Calibration turns a recorded
time to resolution back into hands-on hours with these numbers, and a test ties them to
the tasks the model builds, so the two cannot drift.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from . import practices
from .practices.three import PROCESS_CATEGORY_KEYS


class CaseCost(NamedTuple):
    """Staff hours a case costs besides its hands-on fix.

    Attributes:
        hours_per_day: hours each staff member works on residents' affairs a day.
        fixed_hours: hours every case answered by staff costs whatever its fix: the first
            contact, the trip, and what active practices add (the quick call, listening).
        fix_factor: what the hands-on fix hours are multiplied by when staff do the fix
            (under gridding a worker who knows the place works faster).
        process_share: the share the standard process adds to a dispute's or a hazard's fix.
    """

    hours_per_day: float
    fixed_hours: float
    fix_factor: float
    process_share: float = 0.0

    def fix_multiplier(self, category: str) -> float:
        """What a staff fix of this category costs per hour of hands-on work (process included)."""
        if category in PROCESS_CATEGORY_KEYS:
            return self.fix_factor * (1.0 + self.process_share)
        return self.fix_factor


def case_cost(params: dict[str, Any]) -> CaseCost:
    """The staff cost of one case reported by a resident and fixed by staff, under ``params``."""
    active = practices.active(params)
    travel = params["travel_office"]
    fix_factor, process_share = 1.0, 0.0
    added = []
    for practice in active:
        travel = practice.case_travel(params, travel)
        fix_factor *= practice.case_fix_factor(params)
        process_share += practice.case_process_share(params)
        added.append(practice.case_hours(params))
    fixed = params["contact_hours"] + sum(added) + travel
    return CaseCost(params["hours_per_day"], fixed, fix_factor, process_share)
