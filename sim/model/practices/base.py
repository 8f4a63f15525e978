"""What a practice is: a lever, the parameters it reads, its cost and the hooks where it acts.

A practice (做法) of the 1234 method is a small class. The class says which parameters
switch it on (``levers``) and which others it reads (``params``); ``active`` decides from
the scenario's values whether it takes part in a run. The model makes one instance per
active practice and calls, in the registry's order, only the hooks the class defines.
Hooks come in two kinds: *actions* (``setup``, ``new_day``, ``discovered``…) return
nothing; *modifiers* (``fix_hours``, ``miss_chance``…) take a value and
return it changed. A practice's reserved hours (``shared_hours``, ``desk_hours``) sit in
the same class as its effect.

Practices see the community only through ``sim.model.protocol.Community``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ...params import CATEGORY_KEYS
from ..agents import ServiceDesk
from ..issues import Activity, Issue, Route, TaskKind

if TYPE_CHECKING:
    from ..protocol import Community

# Every hook the model calls, in the order of a day and of a case's life (docs/ODD.md §3, §8).
HOOKS: tuple[str, ...] = (
    # the community is built
    "setup",
    # a new compound moves in (at set-up or from a shock's day)
    "moved_in",
    # the day begins
    "volunteer_rates",
    "volunteer_role",
    "volunteers_changed",
    "shared_hours",
    "desk_hours",
    "new_day",
    # a case's life
    "discovered",
    "route",
    "case_parts",
    "fix_hours",
    "process_hours",
    "handoff_delay",
    "bounce_chance",
    "stalled",
    "department_arrival",
    "resolved",
    "miss_chance",
    "finds_failure",
    "reopened",
)


class Practice:
    """One practice of the 1234 work method (做法).

    Subclasses set the class attributes and define the hooks they act in; a hook not
    defined is never called. Hooks, with what they receive and return:

    * ``setup()``: build what the practice needs (desks, stations, agents) before day one.
    * ``moved_in(homes)``: households of a new compound moved in (indices); called for every
      practice made, active or idle, so rounds through the households take them in.
    * ``volunteer_rates(leave, join) -> (leave, join)``: monthly leaving and joining rates.
    * ``volunteer_role(u, role) -> role``: the role of a new volunteer, from a uniform draw ``u``.
    * ``volunteers_changed()``: after volunteers joined and left today.
    * ``shared_hours() -> {activity: hours}``: community-wide reserved hours today, shared by
      all staff alike.
    * ``desk_hours(desk) -> {activity: hours}``: reserved hours per person of one staff desk today.
    * ``new_day()``: act at the start of a working day (after reserving its hours).
    * ``discovered(issue, desk)``: the community has just learnt of a case someone reported.
    * ``route(issue) -> Route | None``: who should do the hands-on work (None: not mine).
    * ``case_parts(issue) -> tuple``: extra ``(activity, hours)`` parts of the staff task.
    * ``fix_hours(issue, hours, by_staff) -> hours``: the hands-on hours of a fix.
    * ``process_hours(issue, fix) -> hours``: extra hours of a standard process.
    * ``handoff_delay(mean) -> mean``, ``bounce_chance(chance) -> chance``: a hand-off to a
      department.
    * ``stalled(issue, staff) -> days | None``: how long a stalled case waits (None: not mine).
    * ``department_arrival(issue, arrive) -> arrive``: when a case reaches the department.
    * ``resolved(issue)``: a fix is done.
    * ``miss_chance(issue, chance) -> chance``: the chance the fix missed the real problem.
    * ``finds_failure(issue) -> bool``: whether a failed fix is found without the resident.
    * ``reopened(issue)``: a failed fix comes back.

    A practice with ``route_served`` also has ``take(issue)``: the staff hand it a case of
    that route (``HelpingDesk`` gives the usual way). The ``case_*`` class methods say what
    the practice adds to the staff cost of a case (``sim.model.costs``).

    Class attributes:
        key: short identifier of the practice.
        component: the component of the method, ``"1"`` to ``"4"``.
        levers: parameters that switch it on or up (levers in the parameter table).
        params: the other parameters it reads.
        searches: whether it looks for hidden needs (then the model indexes them).
        route_served: the route whose desk it runs, if any.
    """

    key: ClassVar[str] = ""
    component: ClassVar[str] = ""
    levers: ClassVar[tuple[str, ...]] = ()
    params: ClassVar[tuple[str, ...]] = ()
    searches: ClassVar[bool] = False
    route_served: ClassVar[Route | None] = None

    def __init__(self, community: Community):
        """Take part in ``community``'s run."""
        self.community = community
        self.p = community.p

    @classmethod
    def active(cls, p: dict[str, Any]) -> bool:
        """Whether the practice takes part under these parameter values: its first lever is set."""
        return bool(p[cls.levers[0]])

    # What the practice adds to the staff cost of one resident-reported case fixed by staff
    # (``sim.model.costs.case_cost``, which calibration inverts); not hooks: nothing is run.
    @classmethod
    def case_hours(cls, p: dict[str, Any]) -> float:
        """Staff hours it adds to every such case (e.g. listening minutes)."""
        return 0.0

    @classmethod
    def case_travel(cls, p: dict[str, Any], travel: float) -> float:
        """The staff's round trip to a household under this practice (default: unchanged)."""
        return travel

    @classmethod
    def case_fix_factor(cls, p: dict[str, Any]) -> float:
        """What it multiplies a staff fix's hands-on hours by."""
        return 1.0

    @classmethod
    def case_process_share(cls, p: dict[str, Any]) -> float:
        """The share it adds to the fix of a case that goes by the standard process."""
        return 0.0

    @classmethod
    def hooks(cls) -> tuple[str, ...]:
        """The hooks this practice acts in, in the model's order."""
        return tuple(h for h in HOOKS if callable(getattr(cls, h, None)))


class HelpingDesk(Practice):
    """A practice that brings in extra hands with a desk of their own (partners, helpers, mediators).

    The desk takes a case of its categories when it would finish the work within a day, or no
    later than the staff would: extra hands relieve staff but never slow a case down.

    Class attributes:
        categories: category keys whose cases the desk can take.
    """

    categories: ClassVar[tuple[str, ...]] = ()
    TAKE_DAYS: ClassVar[float] = 1.0  # a desk takes a case it can finish within a day (or sooner than staff)

    desk: ServiceDesk | None = None

    def make_desk(self) -> ServiceDesk | None:
        """The desk of the extra hands, or None when they have no time."""
        raise NotImplementedError

    def setup(self) -> None:
        """Open the desk and put it to work for the practice's route."""
        self.desk = self.make_desk()
        self._cats = frozenset(CATEGORY_KEYS.index(k) for k in self.categories)
        if self.desk is not None:
            self.community.add_desk(self.route_served, self.desk)

    def route(self, issue: Issue) -> Route | None:
        """Take the case when it is of the desk's categories and the desk would be no slower."""
        if issue.category in self._cats and self.takes(issue):
            return self.route_served
        return None

    def takes(self, issue: Issue) -> bool:
        """Whether the desk would finish the case within a day or no later than the staff."""
        desk = self.desk
        if desk is None or desk.speed <= 0:
            return False
        community = self.community
        theirs = desk.backlog_days() + issue.hours / desk.speed
        staff = community.staff_desk(issue)
        ours = staff.backlog_days() + community.fix_hours(issue, True)[0] / staff.speed  # (by staff)
        return theirs <= max(ours, self.TAKE_DAYS)

    def take(self, issue: Issue) -> None:
        """The staff hand the case on: the desk does the fix (and the process, if any)."""
        fix, extra = self.community.fix_hours(issue, False)  # (by the desk)
        parts = ((Activity.FIX, fix),) + (((Activity.PROCESS, extra),) if extra else ())
        self.community.hand_to(self.desk, issue, (1, issue.due), parts, TaskKind.EXTERNAL)


class Round:
    """A rolling round through households: so many a day, in turn, starting where it stopped.

    Fractions of a household carry over, so a round of 2.5 a day visits 2, 3, 2, 3…

    Args:
        homes: household indices in the order of the round.
    """

    def __init__(self, homes: list[int]):
        """Start the round at its first household."""
        self.homes = homes
        self.cursor = 0
        self.carry = 0.0

    def next(self, per_day: float) -> list[int]:
        """The households of today's stretch of the round (never more than the whole round)."""
        budget = per_day + self.carry
        n = int(budget)
        self.carry = budget - n
        homes = self.homes
        size = len(homes)
        start = self.cursor
        self.cursor = (start + n) % size
        if n >= size:
            return homes[start:] + homes[:start]
        end = start + n
        return homes[start:end] if end <= size else homes[start:] + homes[: end - size]
