"""Component 3 — three kinds of management (三化管理).

* ``Gridding``: one worker per grid, answerable for its households (网格化).
* ``StandardProcess``: disputes and hazards handled by the standard procedure (精准化).
* ``HazardInspection``: a rolling check of every household for safety hazards (隐患排查).
* ``Linkage``: a working link with the county departments (联动化).
"""

from __future__ import annotations

from ...params import CATEGORY_KEYS
from ..agents import GridWorker
from ..issues import Activity, Channel, Issue, Route
from .base import Practice, Round

FAMILIARITY_REWORK = 1.5  # a grid worker's misdiagnosis cut = familiarity × this
PROCESS_TIME = 0.3  # the standard process adds 30% to dispute and hazard handling…
PROCESS_REWORK_CUT = 0.7  # …and removes 70% of their failed fixes at full compliance
INSPECTION_DETECT = 0.7  # chance an inspection finds a hidden hazard
LINKAGE_DELAY_CUT = 0.8  # full linkage cuts the hand-off time by 80%

PROCESS_CATEGORY_KEYS = ("dispute", "hazard")  # the cases the standard process is for
_PROCESS_CATEGORIES = frozenset(CATEGORY_KEYS.index(k) for k in PROCESS_CATEGORY_KEYS)
_HAZARD = CATEGORY_KEYS.index("hazard")


class Gridding(Practice):
    """Gridding (网格化): the community split into grids, one worker answerable for each.

    Each worker has a queue of their own and works only their grid's cases. Effect: short
    trips (``travel_grid``), local knowledge (fixes take ``familiarity`` less time and miss less
    often); but a busy grid cannot borrow an idle colleague. No reserved cost.
    """

    key = "gridding"
    component = "3"
    levers = ("gridding",)
    params = ("travel_grid", "familiarity")

    @classmethod
    def case_travel(cls, p, travel: float) -> float:
        """A trip inside the grid."""
        return p["travel_grid"]

    @classmethod
    def case_fix_factor(cls, p) -> float:
        """A worker who knows the place works faster."""
        return 1.0 - p["familiarity"]

    def setup(self) -> None:
        """One worker per grid, sitting in the middle of it, with the grid's households to visit."""
        community, p = self.community, self.p
        workers = []
        for g in range(community.n_grids):
            homes = community.grid_households(g)
            worker = GridWorker(community, g, p["hours_per_day"], community.centre_of(homes))
            worker.homes = homes
            workers.append(worker)
        community.use_staff(workers, lambda grid: workers[grid], travel=self.case_travel(p, 0.0), gridded=True)
        self.fix_factor = self.case_fix_factor(p)
        self.miss_factor = max(0.0, 1.0 - FAMILIARITY_REWORK * p["familiarity"])

    def fix_hours(self, issue: Issue, hours: float, by_staff: bool) -> float:
        """A grid worker knows the place and the people."""
        return hours * self.fix_factor if by_staff else hours

    def miss_chance(self, issue: Issue, chance: float) -> float:
        """…and misreads fewer problems (also for the party members the worker brings in)."""
        return chance * self.miss_factor if issue.handler in (Route.STAFF, Route.PARTY) else chance


class StandardProcess(Practice):
    """The standard process (精准化): ``process_compliance`` of disputes and hazards go by procedure.

    Cost: the procedure adds ``PROCESS_TIME`` to their handling. Effect: up to
    ``PROCESS_REWORK_CUT`` of their failed fixes are avoided.
    """

    key = "process"
    component = "3"
    levers = ("process_compliance",)

    @classmethod
    def case_process_share(cls, p) -> float:
        """The procedure's share of a dispute's or hazard's fix (as ``process_hours`` adds it)."""
        return PROCESS_TIME * p["process_compliance"]

    def process_hours(self, issue: Issue, fix: float) -> float:
        """The procedure's extra hours on a dispute or a hazard."""
        if issue.category in _PROCESS_CATEGORIES:
            return fix * PROCESS_TIME * self.p["process_compliance"]
        return 0.0

    def miss_chance(self, issue: Issue, chance: float) -> float:
        """The procedure gets disputes and hazards right more often."""
        if issue.category in _PROCESS_CATEGORIES:
            return chance * (1.0 - PROCESS_REWORK_CUT * self.p["process_compliance"])
        return chance


class HazardInspection(Practice):
    """Hazard inspection (隐患排查): every household checked in turn, once per ``inspection_interval``.

    Cost: ``inspection_hours`` per household, shared by all staff. Effect: each hidden hazard of
    an inspected household is found with chance ``INSPECTION_DETECT`` before it becomes an incident.
    """

    key = "inspection"
    component = "3"
    levers = ("inspection_interval",)
    params = ("inspection_hours",)
    searches = True

    def setup(self) -> None:
        """Start the round at the first household."""
        n = len(self.community.households)
        self.round = Round(list(range(n)))
        self.per_day = n / max(1.0, self.p["inspection_interval"])

    def shared_hours(self) -> dict[str, float]:
        """Inspection hours today, community-wide."""
        p = self.p
        return {Activity.INSPECTION: p["inspection_hours"] * p["households"] / max(1.0, p["inspection_interval"])}

    def new_day(self) -> None:
        """Inspect today's households for hazards."""
        self.community.find_in(self.round.next(self.per_day), Channel.INSPECTION, INSPECTION_DETECT, _HAZARD)


class Linkage(Practice):
    """Linkage with the county departments (联动化), from 0 (none) to 1 (full).

    Effect: the hand-off to a department is quicker (by up to ``LINKAGE_DELAY_CUT``) and
    departments pass fewer cases back. No reserved cost.
    """

    key = "linkage"
    component = "3"
    levers = ("linkage",)

    def handoff_delay(self, mean: float) -> float:
        """A linked department picks the case up sooner."""
        return mean * (1.0 - LINKAGE_DELAY_CUT * self.p["linkage"])

    def bounce_chance(self, chance: float) -> float:
        """…and passes it back less often."""
        return chance * (1.0 - self.p["linkage"])


__all__ = ["Gridding", "HazardInspection", "Linkage", "StandardProcess"]
