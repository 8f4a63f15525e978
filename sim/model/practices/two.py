"""Component 2 — two hearts: original aspiration and care (两颗心：初心与爱心).

* ``PatientListening``: minutes more at each contact (用心倾听).
* ``QuickContact``: the resident is called at once, before the work is done (先行联系).
* ``FrequentVisits``: a share of staff time spent knocking on doors in turn (经常走访).
* ``FollowUp``: stalled department cases are chased at fixed intervals (跟踪督办).
* ``CallBack``: every fix is checked with the resident the next day (办结回访).
"""

from __future__ import annotations

import math

from ..agents import ServiceDesk
from ..issues import Activity, Channel, Issue, Route
from .base import Practice, Round

# Read for every case (a global costs less than an enum member).
DEPARTMENT, CALLBACK = Route.DEPARTMENT, Activity.CALLBACK


class PatientListening(Practice):
    """Patient listening (用心倾听): ``listening_minutes`` more at every staff contact.

    Cost: the minutes, at every talk with a resident. Effect: fewer fixes miss the real
    problem (the chance falls by a factor e every ``listening_scale`` minutes), so fewer
    residents see their case fail and have to come back — which is what they judge.
    """

    key = "listening"
    component = "2"
    levers = ("listening_minutes",)
    params = ("listening_scale",)

    @classmethod
    def case_hours(cls, p) -> float:
        """The listening minutes, in hours."""
        return p["listening_minutes"] / 60.0

    def setup(self) -> None:
        """Work out the per-contact hours and the effects once."""
        minutes = self.p["listening_minutes"]
        self.parts = ((Activity.LISTENING, self.case_hours(self.p)),)
        self.miss_factor = math.exp(-minutes / self.p["listening_scale"])

    def case_parts(self, issue: Issue) -> tuple:
        """The listening minutes of a staff task."""
        return self.parts

    def miss_chance(self, issue: Issue, chance: float) -> float:
        """Listening finds the real problem more often."""
        return chance * self.miss_factor


class QuickContact(Practice):
    """Call the resident at once (先行联系): the first answer does not wait for the queue.

    Cost: ``quick_contact_hours`` per case. Effect: the call is a task that goes before every
    other task in the queue, so the resident is answered as soon as a staff member is free,
    not when their case's turn comes; the visit and the fix follow in the case's own turn.
    """

    key = "quick_contact"
    component = "2"
    levers = ("quick_contact",)
    params = ("quick_contact_hours",)

    @classmethod
    def case_hours(cls, p) -> float:
        """The call."""
        return p["quick_contact_hours"]

    def setup(self) -> None:
        """Staff call first, for every case the community learns of."""
        self.community.call_first(self.case_hours(self.p))


class FrequentVisits(Practice):
    """Frequent visits (经常走访): ``visit_share`` of staff time knocking on doors, in turn.

    Cost: the share of each staff desk's day. Effect: each hidden need of a visited household
    is found with chance ``visit_detect``, and the resident is answered at the door. A grid
    worker visits the grid's own households; the office visits all over the community.
    """

    key = "visits"
    component = "2"
    levers = ("visit_share",)
    params = ("visit_hours", "visit_detect")
    searches = True

    rounds: dict[ServiceDesk, Round]

    def setup(self) -> None:
        """Each desk's round starts at the first of its households (set on the first day)."""
        self.rounds = {}

    def desk_hours(self, desk: ServiceDesk) -> dict[str, float]:
        """Visit hours per person of this desk today."""
        return {Activity.VISITS: self.p["visit_share"] * desk.base_hours}

    def new_day(self) -> None:
        """Every staff desk visits as many households as its visiting hours allow.

        The desks' households are looked at in one search, desk after desk: each household is
        one desk's, and finding a need at the door draws nothing, so this is the same as a
        search per desk.
        """
        p, community = self.p, self.community
        per_visit = p["visit_hours"] + community.travel_hours
        homes: list[int] = []
        for desk in community.staff_desks:
            round_ = self.rounds.get(desk)
            if round_ is None:
                round_ = self.rounds[desk] = Round(desk.homes)
            hours = p["visit_share"] * desk.base_hours * desk.servers * desk.reserve_scale
            homes += round_.next(hours / per_visit)
        community.find_in(homes, Channel.VISIT, p["visit_detect"], at_door=True)


class FollowUp(Practice):
    """Follow up hard cases (跟踪督办): a stalled department case is chased every ``follow_up_days``.

    Cost: ``follow_up_hours`` per chase. Effect: a stall lasts one interval instead of
    ``stall_days`` on average.
    """

    key = "follow_up"
    component = "2"
    levers = ("follow_up",)
    params = ("follow_up_days", "follow_up_hours")

    def stalled(self, issue: Issue, staff: ServiceDesk) -> float:
        """The chase ends the stall after one interval."""
        staff.charge(Activity.FOLLOW_UP, self.p["follow_up_hours"])
        return self.p["follow_up_days"]

    def resolved(self, issue: Issue) -> None:
        """A department case was checked on every interval while it was out."""
        if issue.route == DEPARTMENT:
            checks = int((issue.resolved - issue.discovered) // self.p["follow_up_days"])
            if checks:
                self.community.staff_desk(issue).charge(Activity.FOLLOW_UP, checks * self.p["follow_up_hours"])


class CallBack(Practice):
    """Call back the day after a fix (办结次日回访): a failed fix is found without the resident.

    Cost: ``callback_hours`` per fix. Effect: a failed fix is found with chance
    ``callback_detect`` and reopened the next day, before the resident has to come back.
    """

    key = "callback"
    component = "2"
    levers = ("callback",)
    params = ("callback_hours", "callback_detect")

    def resolved(self, issue: Issue) -> None:
        """Book the call."""
        self.community.staff_desk(issue).charge(CALLBACK, self.p["callback_hours"])

    def finds_failure(self, issue: Issue) -> bool:
        """The call finds the fix failed (the resident may not notice yet, or not say)."""
        return self.community.rng.random() < self.p["callback_detect"]
