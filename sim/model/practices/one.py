"""Component 1 — one philosophy: everything for residents (一个理念：一切为了居民).

* ``OrderOfWork``: the order in which a desk takes up waiting cases (``priority_rule``).
* ``NeedsSurvey``: a rolling survey that asks every household what it needs (问需调查).
"""

from __future__ import annotations

from collections.abc import Callable

from ..issues import Activity, Channel, Issue
from .base import Practice, Round


# The order of work is a plain function of a case and its staff hours, chosen by name;
# a smaller key is taken up first, and equal keys keep first-come order.
def fifo(issue: Issue, hours: float) -> tuple:
    """First come, first served, from the moment the community knew (先来先办)."""
    return (1, issue.discovered)


def convenience(issue: Issue, hours: float) -> tuple:
    """Easy ones first (先办省事的): the shortest task is done first."""
    return (1, hours)


def resident_first(issue: Issue, hours: float) -> tuple:
    """Earliest deadline first (急难优先): the case due soonest is done first."""
    return (1, issue.due)


ORDERS: dict[str, Callable[[Issue, float], tuple]] = {
    "fifo": fifo,
    "convenience": convenience,
    "resident_first": resident_first,
}


class OrderOfWork(Practice):
    """The order of work at every staff desk (办理顺序); always in force, ``fifo`` by default."""

    key = "order_of_work"
    component = "1"
    levers = ("priority_rule",)

    @classmethod
    def active(cls, p) -> bool:
        """Every run has an order of work."""
        return True

    def setup(self) -> None:
        """Put the chosen rule to work."""
        self.community.queue_key = ORDERS[self.p["priority_rule"]]


class NeedsSurvey(Practice):
    """Needs surveys (问需调查): every household asked in turn, once per ``survey_interval`` days.

    Cost: ``survey_hours`` per household, shared by all staff. Effect: each hidden need in a
    surveyed household is found with chance ``survey_detect``. Under triage the round moves on
    only by the share of the staff's day that went ahead.
    """

    key = "survey"
    component = "1"
    levers = ("survey_interval",)
    params = ("survey_detect", "survey_hours")
    searches = True

    def setup(self) -> None:
        """Start the round at the first household."""
        n = len(self.community.households)
        self.round = Round(list(range(n)))
        self.per_day = n / max(1.0, self.p["survey_interval"])  # under a day: every household every day

    def moved_in(self, homes: list[int]) -> None:
        """New households join the end of the round."""
        self.round.homes.extend(homes)
        self.per_day = len(self.round.homes) / max(1.0, self.p["survey_interval"])

    def shared_hours(self) -> dict[str, float]:
        """Survey hours today, community-wide."""
        homes = len(self.community.households)
        return {Activity.SURVEY: self.p["survey_hours"] * homes / max(1.0, self.p["survey_interval"])}

    def new_day(self) -> None:
        """Survey today's households."""
        community = self.community
        community.find_in(
            self.round.next(self.per_day * community.reserve_share), Channel.SURVEY, self.p["survey_detect"]
        )
