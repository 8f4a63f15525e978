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

PROCESS_CATEGORY_KEYS = ("dispute", "hazard")  # the cases the standard process is for
_PROCESS_CATEGORIES = frozenset(CATEGORY_KEYS.index(k) for k in PROCESS_CATEGORY_KEYS)
_HAZARD = CATEGORY_KEYS.index("hazard")
_WORKER_HANDS = (Route.STAFF, Route.PARTY)  # the grid worker's own, or brought in by them


class Gridding(Practice):
    """Gridding (网格化): the community split into grids, one worker answerable for each.

    Each worker has a queue of their own. Effect: short trips (``travel_grid``), local
    knowledge (fixes take ``familiarity`` less time and miss less often). With ``grid_cover``
    workers are each other's A/B partners (A/B角): a worker who is free takes the partner's
    case when the partner is busy. The community pairs the busiest grid with the quietest,
    the second busiest with the second quietest and so on, as a head who knows the
    workload would (an odd middle grid joins the quietest pair). With ``duty_contact`` a
    resident whose worker and partner are both busy is called back by any free colleague
    (the office's duty rota, 社区值班); the visit and the fix stay with the grid's worker.
    No reserved cost.
    """

    key = "gridding"
    component = "3"
    levers = ("gridding",)
    params = ("travel_grid", "familiarity", "familiarity_rework", "grid_cover", "duty_contact")

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
        self.workers = workers
        community.use_staff(workers, lambda grid: workers[grid], travel=self.case_travel(p, 0.0), gridded=True)
        if p["grid_cover"] and len(workers) > 1:
            self._pair_up(workers)
        if p["duty_contact"]:
            for worker in workers:  # the grid's partners first, then the others in grid order
                worker.duty = tuple(w for w in workers if w is not worker and w not in worker.partners)
        self.fix_factor = self.case_fix_factor(p)
        self.miss_factor = max(0.0, 1.0 - p["familiarity_rework"] * p["familiarity"])

    def moved_in(self, homes: list[int]) -> None:
        """A new compound's households join their grid's worker's round (visits go through it)."""
        grid_of = self.community.households
        for h in homes:
            self.workers[grid_of[h].grid].homes.append(h)

    def _pair_up(self, workers: list[GridWorker]) -> None:
        """A/B partners: busiest with quietest, inwards; an odd middle grid joins the quietest pair."""
        load = self.community.grid_load
        order = sorted(range(len(workers)), key=lambda g: (-load(g), g))
        n = len(order)
        for i in range(n // 2):
            a, b = workers[order[i]], workers[order[n - 1 - i]]
            a.partners, b.partners = (b,), (a,)
        if n % 2:
            middle, quiet = workers[order[n // 2]], workers[order[n - 1]]
            middle.partners = (quiet,)
            quiet.partners += (middle,)

    def fix_hours(self, issue: Issue, hours: float, by_staff: bool) -> float:
        """A grid worker knows the place and the people."""
        return hours * self.fix_factor if by_staff else hours

    def miss_chance(self, issue: Issue, chance: float) -> float:
        """…and misreads fewer problems (also for the party members the worker brings in)."""
        return chance * self.miss_factor if issue.handler in _WORKER_HANDS else chance


class StandardProcess(Practice):
    """The standard process (精准化): ``process_compliance`` of disputes and hazards go by procedure.

    Cost: the procedure adds ``process_time`` to their handling. Effect: up to
    ``process_rework_cut`` of their failed fixes are avoided.
    """

    key = "process"
    component = "3"
    levers = ("process_compliance",)
    params = ("process_time", "process_rework_cut")

    @classmethod
    def case_process_share(cls, p) -> float:
        """The procedure's share of a dispute's or hazard's fix (as ``process_hours`` adds it)."""
        return p["process_time"] * p["process_compliance"]

    def process_hours(self, issue: Issue, fix: float) -> float:
        """The procedure's extra hours on a dispute or a hazard."""
        if issue.category in _PROCESS_CATEGORIES:
            return fix * self.p["process_time"] * self.p["process_compliance"]
        return 0.0

    def miss_chance(self, issue: Issue, chance: float) -> float:
        """The procedure gets disputes and hazards right more often."""
        if issue.category in _PROCESS_CATEGORIES:
            return chance * (1.0 - self.p["process_rework_cut"] * self.p["process_compliance"])
        return chance


class HazardInspection(Practice):
    """Hazard inspection (隐患排查): every household checked in turn, once per ``inspection_interval``.

    Cost: ``inspection_hours`` per household, shared by all staff. Effect: each hidden hazard of
    an inspected household is found with chance ``inspection_detect`` before it becomes an incident.
    Under triage the round moves on only by the share of the staff's day that went ahead.
    """

    key = "inspection"
    component = "3"
    levers = ("inspection_interval",)
    params = ("inspection_hours", "inspection_detect")
    searches = True

    def setup(self) -> None:
        """Start the round at the first household."""
        n = len(self.community.households)
        self.round = Round(list(range(n)))
        self.per_day = n / max(1.0, self.p["inspection_interval"])

    def moved_in(self, homes: list[int]) -> None:
        """New households join the end of the round."""
        self.round.homes.extend(homes)
        self.per_day = len(self.round.homes) / max(1.0, self.p["inspection_interval"])

    def shared_hours(self) -> dict[str, float]:
        """Inspection hours today, community-wide."""
        p = self.p
        homes = len(self.community.households)
        return {Activity.INSPECTION: p["inspection_hours"] * homes / max(1.0, p["inspection_interval"])}

    def new_day(self) -> None:
        """Inspect today's households for hazards."""
        community = self.community
        homes = self.round.next(self.per_day * community.reserve_share)
        community.find_in(homes, Channel.INSPECTION, self.p["inspection_detect"], _HAZARD)


class Linkage(Practice):
    """Linkage with the county departments (联动化), from 0 (none) to 1 (full).

    Effect: the hand-off to a department is quicker (by up to ``LINKAGE_DELAY_CUT``) and
    departments pass fewer cases back. No reserved cost.
    """

    key = "linkage"
    component = "3"
    levers = ("linkage",)
    params = ("linkage_delay_cut",)

    def handoff_delay(self, mean: float) -> float:
        """A linked department picks the case up sooner."""
        return mean * (1.0 - self.p["linkage_delay_cut"] * self.p["linkage"])

    def bounce_chance(self, chance: float) -> float:
        """…and passes it back less often."""
        return chance * (1.0 - self.p["linkage"])


__all__ = ["Gridding", "HazardInspection", "Linkage", "StandardProcess"]
