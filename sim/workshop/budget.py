"""What a team's choice costs in staff hours (工时预算), from the model's own accounting.

The practices that set staff time aside every day say how much in the model itself:
``shared_hours()`` (community-wide: needs surveys, hazard inspections, running volunteer
points) and ``desk_hours(desk)`` (per person of a staff desk: household visits, station
duty). ``reserved_hours`` builds the community of a scenario, as a run would, and asks
its active practices for those hours, without running a single day's queues; a working
year of 250 days makes the yearly figure. It is what the choice books before any case is
worked. The hours a practice adds to each case (listening minutes, the quick call, call-
backs, follow-ups) depend on how many cases come and are not in it: the result card
shows them, measured, under the staff hours by activity.

>>> from sim import load_scenario
>>> sorted(reserved_hours(load_scenario("stretched-full-1234")))
['inspection', 'station', 'survey', 'visits', 'volunteer_admin']
"""

from __future__ import annotations

from typing import Any

from ..model import CommunityModel
from ..model.calendar import DAYS_PER_YEAR
from ..scenario import Scenario

# The seed of the community built to read the costs: what practices reserve does not depend
# on luck (the volunteers at the start are a parameter, the stations' places follow the layout).
COST_SEED = 0


def reserved_hours(scenario: Scenario) -> dict[str, float]:
    """Staff hours per year the scenario's practices reserve, by activity.

    Args:
        scenario: a loaded scenario (``sim.load_scenario``), the team's choice applied.

    Returns:
        ``{activity: hours per year}`` for every activity with reserved hours (empty when
        no active practice reserves any).
    """
    model = CommunityModel(scenario.params, rng=COST_SEED)
    hours: dict[str, float] = {}
    for practice in model.practices:
        hooks = type(practice).hooks()
        if "shared_hours" in hooks:
            for activity, h in practice.shared_hours().items():
                hours[str(activity)] = hours.get(str(activity), 0.0) + h * DAYS_PER_YEAR
        if "desk_hours" in hooks:
            for desk in model.staff_desks:
                for activity, h in practice.desk_hours(desk).items():
                    # desk_hours are per person of the desk
                    hours[str(activity)] = hours.get(str(activity), 0.0) + h * desk.servers * DAYS_PER_YEAR
    return {activity: h for activity, h in hours.items() if h > 0}


def capacity(params: dict[str, Any]) -> float:
    """The staff's working hours per year for residents' affairs: staff × hours a day × 250."""
    return float(params["staff"] * params["hours_per_day"] * DAYS_PER_YEAR)
