"""What one case costs the staff desk that handles it (工时构成): the model's own accounting.

The model builds every staff task from these numbers, and calibration turns a recorded
time to resolution back into hands-on hours with the same ones, so the two cannot drift.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .practices.three import PROCESS_CATEGORY_KEYS, PROCESS_TIME


class CaseCost(NamedTuple):
    """Staff hours a case costs besides its hands-on fix.

    Attributes:
        hours_per_day: hours each staff member works on residents' affairs a day.
        fixed_hours: hours every case answered by staff costs whatever its fix: the first
            contact, the quick call when that practice is on, patient listening and the trip.
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


def travel_hours(params: dict[str, Any]) -> float:
    """Round trip to a household: short inside a grid, longer from the office."""
    return params["travel_grid"] if params["gridding"] else params["travel_office"]


def fix_factor(params: dict[str, Any]) -> float:
    """Multiplier on a staff fix: a grid worker knows the place and the people."""
    return 1.0 - params["familiarity"] if params["gridding"] else 1.0


def case_cost(params: dict[str, Any]) -> CaseCost:
    """The staff cost of one case reported by a resident and fixed by staff, under ``params``."""
    fixed = params["contact_hours"] + params["listening_minutes"] / 60.0 + travel_hours(params)
    if params["quick_contact"]:
        fixed += params["quick_contact_hours"]
    return CaseCost(params["hours_per_day"], fixed, fix_factor(params), PROCESS_TIME * params["process_compliance"])
