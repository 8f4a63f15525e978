"""The community model (社区模型): issues arise, get found, answered, worked and closed.

Time unit: one working day (工作日). Mesa's event list keeps the day schedule:

* the daily step (time 1, 2, …) records the day, turns hidden hazards into incidents,
  lets volunteers join and leave, reserves each staff desk's time for the practices that
  need it, lets the active practices act (visits, surveys, inspections, patrols, the
  whistle), draws the next day's new issues and plans each desk's day;
* within a day, the many short events — a resident's report arriving, a task finished at
  a desk, a case reaching a department, a failed fix coming back — wait in a lean heap of
  the model's own (``at``). Each daily step first runs the events of the day that ends,
  in the order Mesa would: by time, then first scheduled first, and after the day's step
  at a whole-day time. ``now`` is the model's clock while they run; Mesa's ``time`` moves
  a day at a time.

The model holds what every run has: households, the staff desk(s), the county
departments, volunteers, and the life of a case. Each practice of the 1234 method is a
unit of its own in ``sim.model.practices``, called at its hooks in the registry's order;
practices reach the model only through ``sim.model.protocol.Community``, which this
class implements. Households never step: issues arise for them in daily batches drawn
with numpy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from itertools import count

import mesa
import numpy as np

from ..params import CATEGORY_KEYS
from . import practices
from .agents import CommunityOffice, CountyDepartment, Household, ServiceDesk, ServiceStation, Volunteer
from .arrivals import draw_new_issues
from .calendar import DAYS_PER_MONTH, DAYS_PER_YEAR
from .events import DayEvents
from .issues import Activity, Channel, Issue, Route, State, TaskKind, VolunteerRole
from .layout import Layout
from .practices import HOOKS, Practice
from .practices.one import fifo
from .satisfaction import chance_satisfied

HIDDEN, WAITING, IN_PROGRESS = State.HIDDEN, State.WAITING, State.IN_PROGRESS

# Mechanism constants that are not levers (documented in docs/ODD.md, "Submodels"); the
# constants of a practice sit in its unit in sim/model/practices/.
COORDINATION_HOURS = 0.25  # staff hours to hand a case to a department
BOUNCE_HOURS = 0.5  # staff hours each time a case is passed back
MAX_BOUNCES = 5  # a case is passed back at most this often
INCIDENT_FACTOR = 3.0  # an incident takes three times the hazard's work
REWORK_FACTOR = 0.7  # a second fix takes 70% of the first
REOPEN_MISS = 0.5  # each reopening halves the chance the next fix misses again
DEPARTMENT_SIGMA = 0.8  # lognormal spread of department handling times
RESERVED_CAP = 0.9  # reserved activities take at most 90% of a working day


class CommunityModel(mesa.Model):
    """One urban community under a scenario's practices.

    Args:
        params: every parameter's value, as produced by ``sim.scenario`` (validated).
        rng: seed (int) or numpy Generator; the only source of randomness.

    Attributes:
        issues: every issue that arose, in order of creation (the issue log).
        grid: the community map (``mesa.discrete_space.OrthogonalMooreGrid``); each
            cell is a building or open ground.
        practices: the active practices, in the order they act.
        desks: every desk that works through issues, by route.
        daily: one row per working day (backlog, hidden needs, volunteers…).
    """

    def __init__(self, params: dict, rng=None):
        """Build the community and schedule its first day."""
        super().__init__(rng=rng)
        self.p = p = dict(params)
        self.days = float(p["days"])
        self._seq = count()
        self._reserve_key, self._reserve_plan = None, []
        self.events = DayEvents(self)
        self.at = self.events.at
        self.issues: list[Issue] = []
        self.counts = [0, 0, 0, 0, 0]
        self.daily: list[tuple] = []
        self.now = 0.0  # the model's clock, as Mesa's ``time`` (a plain float, read on every event)
        self.volunteer_hours = 0.0
        self.pending_reports = 0  # hidden issues whose resident will report them
        self.hidden: dict[int, Issue] = {}  # uid -> hidden issue, in creation order
        self.hidden_at: dict[int, list[Issue]] = {}  # household -> its hidden issues
        self.hazard_incident: dict[int, tuple[float, Issue]] = {}  # uid -> (when it blows up, hidden hazard)
        self.queue_key: Callable[[Issue, float], tuple] = fifo
        self.travel_hours = p["travel_office"]
        self.gridding = False
        self.stations: list[ServiceStation] = []
        self._build_space()
        self._build_department()
        self._start_practices()
        self._build_office()
        self._build_issue_tables()
        self.volunteers = [self._recruit() for _ in range(p["volunteers"])]
        # Hidden issues are indexed only when some practice goes looking for them; without
        # grids the office visits all over the community, in a fixed shuffled round.
        self.searching = any(practice.searches for practice in self.practices)
        if self.searching:
            round_ = self.rng.permutation(len(self.households)).tolist()
            if self.office is not None:
                self.office.homes = round_
        self._record_day()
        self._new_day()

    # ------------------------------------------------------------------ construction --
    def _build_space(self) -> None:
        """Lay the community out on the map and move the households in."""
        layout = self.layout = Layout(self.p, self.rng, self.random)
        # The map and the tables that figures, metrics and practices read.
        self.grid, self.building_cells, self.n_grids = layout.grid, layout.building_cells, layout.n_grids
        self.hh_compound, self.hh_grid, self.hh_building = layout.hh_compound, layout.hh_grid, layout.hh_building
        self.hh_weight, self.compound_weight = layout.hh_weight, layout.compound_weight
        self.cell_compound, self.cell_grid = layout.cell_compound, layout.cell_grid
        self.households = [
            Household(cell, c, g)
            for cell, c, g in zip(
                layout.household_cells(), layout.hh_compound.tolist(), layout.hh_grid.tolist(), strict=True
            )
        ]
        self.grid_households = layout.grid_households
        self.compound_households = layout.compound_households
        self.centre_of = layout.centre_of
        self.busiest_compounds = layout.busiest_compounds

    def _build_department(self) -> None:
        p = self.p
        self.desks: dict[str, list[ServiceDesk]] = {route: [] for route in Route}
        self.department = CountyDepartment(self, p["department_servers"], p["department_hours"])
        self.desks[Route.DEPARTMENT].append(self.department)
        self.staff_desks: list[ServiceDesk] = []
        self.office: CommunityOffice | None = None

    def _start_practices(self) -> None:
        """Make the active practices, let them set up, and list who acts at each hook."""
        self.practices: list[Practice] = [practice(self) for practice in practices.active(self.p)]
        hooks = {name: [getattr(pr, name) for pr in self.practices if name in type(pr).hooks()] for name in HOOKS}
        for setup in hooks.pop("setup"):
            setup()
        self._hooks = hooks
        # The hooks called for every case, looked up once.
        self._discovered, self._routes, self._case_parts = hooks["discovered"], hooks["route"], hooks["case_parts"]
        self._fix_hooks, self._process_hooks = hooks["fix_hours"], hooks["process_hours"]
        self._resolved, self._miss_hooks = hooks["resolved"], hooks["miss_chance"]
        self._finds_failure, self._satisfaction_hooks = hooks["finds_failure"], hooks["satisfaction"]
        self._owner = {pr.route_served: pr for pr in self.practices if pr.route_served is not None}

    def _build_office(self) -> None:
        """Without a practice that brings its own staff desks, all staff share one office."""
        if self.staff_desks:
            return
        p = self.p
        self.office = CommunityOffice(self, p["staff"], p["hours_per_day"])
        self.office.cell = self.layout.centre_cell(np.arange(len(self.building_cells)))
        self.use_staff([self.office], lambda grid: self.office)

    def _build_issue_tables(self) -> None:
        p = self.p
        cat = [f"categories.{k}." for k in CATEGORY_KEYS]
        share = np.array([p[c + "share"] for c in cat])
        share = share / share.sum()
        self.cat_cum_arr = np.cumsum(share)
        self.cat_cum_arr[-1] = 1.0
        self.i_property = CATEGORY_KEYS.index("property")
        self.arrivals_per_day = p["issues_per_household"] * p["households"] / DAYS_PER_YEAR
        self.cat_report = [p[c + "report"] for c in cat]
        self.cat_hours_arr = np.array([p[c + "hours"] for c in cat])
        self.cat_sigma_arr = np.array([p[c + "sigma"] for c in cat])
        self.cat_limit = [p[c + "limit"] for c in cat]
        self.cat_urgent = [p[c + "urgent"] for c in cat]
        self.cat_department = [p[c + "department"] for c in cat]
        self.i_hazard = CATEGORY_KEYS.index("hazard")

    def _recruit(self) -> Volunteer:
        u, role = self.rng.random(), VolunteerRole.PATROL
        for choose in self._hooks["volunteer_role"]:
            role = choose(u, role)
        return Volunteer(self, role)

    # ------------------------------------------------------------------ what practices may ask and do --
    def next_seq(self) -> int:
        """A running number that keeps equal sort keys in first-come order."""
        return next(self._seq)

    def staff_desk(self, issue: Issue) -> ServiceDesk:
        """The desk answerable for an issue: its grid's worker, or the shared office."""
        return self._staff_by_grid[issue.grid]

    def desk_for_grid(self, grid: int) -> ServiceDesk:
        """The staff desk answerable for a grid's households."""
        return self._staff_by_grid[grid]

    def desk_for_cell(self, cell) -> ServiceDesk:
        """The staff desk answerable for a building's place on the map."""
        return self._staff_by_grid[self.cell_grid[cell.coordinate]]

    def hidden_issues(self) -> Iterable[Issue]:
        """Issues the community does not know of yet, in order of creation (when indexed)."""
        return self.hidden.values()

    def open_station(self, station: ServiceStation, households: list[int]) -> None:
        """Let these households report at a station: fewer needs unreported, reported sooner."""
        for h in households:
            self.households[h].station = station

    def add_desk(self, route: Route, desk: ServiceDesk) -> None:
        """Put a desk to work for a route; its hours count in the hours table under the route."""
        self.desks.setdefault(route, []).append(desk)

    def use_staff(
        self,
        desks: list[ServiceDesk],
        desk_of_grid: Callable[[int], ServiceDesk],
        travel: float | None = None,
        gridded: bool = False,
    ) -> None:
        """Let these desks answer for residents' cases (before the first day).

        Args:
            desks: the staff desks.
            desk_of_grid: which desk answers for a grid's households.
            travel: the staff's round trip to a household (default ``travel_office``).
            gridded: whether each desk answers for grids of its own (the map draws them so).
        """
        self.staff_desks = list(desks)
        self._staff = frozenset(self.staff_desks)
        self._staff_by_grid = [desk_of_grid(g) for g in range(self.n_grids)]
        self.desks[Route.STAFF] = self.staff_desks
        self.gridding = gridded
        if travel is not None:
            self.travel_hours = travel

    def find_in(
        self, homes: Iterable[int], channel: Channel, detect: float, category: int | None = None, at_door=False
    ) -> None:
        """Look for hidden needs in these households; each is found with chance ``detect``."""
        hidden_at, rng, now = self.hidden_at, self.rng, self.now
        for h in homes:
            found = hidden_at.get(h)
            if found:
                for issue in list(found):
                    if (
                        issue.created <= now
                        and (category is None or issue.category == category)
                        and rng.random() < detect
                    ):
                        self.discover(issue, channel, at_door=at_door)

    def respond(self, issue: Issue) -> None:
        """A staff member answers the resident now (首次响应), unless someone already has."""
        if issue.responded != issue.responded:  # NaN: not yet answered
            issue.responded = self.now
            counts = self.counts  # (the state change inline: this runs for every case)
            counts[issue.state] -= 1
            counts[IN_PROGRESS] += 1
            issue.state = IN_PROGRESS

    def hand_to(self, desk: ServiceDesk, issue: Issue, key: tuple, parts: tuple, kind=TaskKind.EXTERNAL) -> None:
        """Give a case's work to a desk."""
        desk.submit(key, issue, kind, parts)

    def schedule(self, time: float, issue: Issue, action: Callable[[Issue], None]) -> None:
        """Run ``action(issue)`` at ``time``."""
        issue._event = self.at(time, action, issue)

    def fix_hours(self, issue: Issue, by_staff: bool) -> tuple[float, float]:
        """Hands-on hours of the fix and the extra hours of the standard process."""
        h = issue.hours
        if issue.channel == Channel.INCIDENT:
            h *= INCIDENT_FACTOR
        if issue.reopened:
            h *= REWORK_FACTOR
        for change in self._fix_hooks:
            h = change(issue, h, by_staff)
        extra = 0.0
        for process in self._process_hooks:
            extra += process(issue, h)
        return h, extra

    # ------------------------------------------------------------------ helpers --------
    def _set_state(self, issue: Issue, state: State) -> None:
        self.counts[issue.state] -= 1
        self.counts[state] += 1
        issue.state = state

    def _draw_hours_batch(self, cats: np.ndarray) -> np.ndarray:
        """Handling hours for a batch of new issues of the given categories."""
        median = self.cat_hours_arr[cats]
        if self.p["handling"] == "exponential":
            return self.rng.exponential(1.0, len(cats)) * median
        return median * np.exp(self.cat_sigma_arr[cats] * self.rng.standard_normal(len(cats)))

    def _draw_hours(self, median: float, sigma: float) -> float:
        if self.p["handling"] == "exponential":
            return float(self.rng.exponential(median))
        return float(median * math.exp(sigma * self.rng.standard_normal()))

    # ------------------------------------------------------------------ arrivals -------
    def discover(self, issue: Issue, channel: Channel | None = None, at_door: bool = False) -> None:
        """The community learns of an issue: it joins the answerable desk's queue.

        Without a channel, the resident's own report arrives (the event scheduled at arrival).
        """
        if issue.state != HIDDEN:
            return
        if channel is None:
            channel = issue.channel
        if issue.channel:
            self.pending_reports -= 1
            if channel != issue.channel:
                issue._event[2] = None  # found before the resident's own report arrived: cancel it
        issue._event = None
        now = self.now
        if self.searching:
            del self.hidden[issue.uid]
            self.hidden_at[issue.household].remove(issue)
        self.hazard_incident.pop(issue.uid, None)
        issue.channel = channel
        issue.discovered = now
        issue.due = now + (1.0 if issue.urgent else self.cat_limit[issue.category])
        counts = self.counts
        counts[HIDDEN] -= 1
        counts[WAITING] += 1
        issue.state = WAITING
        issue.route = self._route(issue)
        desk = self._staff_by_grid[issue.grid]
        if at_door:  # the visitor is the first answer
            self.respond(issue)
        else:
            for act in self._discovered:
                act(issue, desk)
        parts, hours = self._staff_parts(issue, at_door)
        desk.submit(self.queue_key(issue, hours), issue, TaskKind.MAIN, parts, hours)

    def _route(self, issue: Issue) -> Route:
        """Who will do the hands-on work: a department when it must, else whoever a practice offers."""
        if self.rng.random() < self.cat_department[issue.category]:
            return Route.DEPARTMENT
        for offer in self._routes:
            route = offer(issue)
            if route is not None:
                return route
        return Route.STAFF

    def _staff_parts(self, issue: Issue, at_door: bool) -> tuple[tuple, float]:
        """The answerable staff desk's task and its hours: contact, extras, trip, and the fix if staff do it."""
        parts = [] if at_door else [(Activity.CONTACT, self.p["contact_hours"])]
        for extra in self._case_parts:
            parts.extend(extra(issue))
        route = issue.route
        if route != Route.DEPARTMENT and not at_door:
            parts.append((Activity.TRAVEL, self.travel_hours))
        if route == Route.STAFF:
            fix, extra = self.fix_hours(issue, by_staff=True)
            parts.append((Activity.FIX, fix))
            if extra:
                parts.append((Activity.PROCESS, extra))
        return tuple(parts), sum([h for _, h in parts])  # sum(), not a loop: it compensates rounding

    def task_done(self, desk: ServiceDesk, issue: Issue, kind: TaskKind) -> None:
        """A desk finishes a task: the case moves on."""
        if kind == TaskKind.MAIN and issue.route != Route.STAFF and desk in self._staff:
            self._hand_off(issue)
        else:
            issue.handler = issue.route
            self._resolve(issue)

    def _hand_off(self, issue: Issue) -> None:
        """The staff hand the case on: to the desk of a practice, or to a department."""
        if issue.route != Route.DEPARTMENT:
            self._owner[issue.route].take(issue)
            return
        p, rng, hooks = self.p, self.rng, self._hooks
        staff = self._staff_by_grid[issue.grid]
        staff.charge(Activity.COORDINATION, COORDINATION_HOURS)
        mean_delay = p["handoff_delay"]
        for change in hooks["handoff_delay"]:
            mean_delay = change(mean_delay)
        delay = rng.exponential(mean_delay) if mean_delay > 0 else 0.0
        bounce = p["buck_passing"]
        for change in hooks["bounce_chance"]:
            bounce = change(bounce)
        while issue.bounces < MAX_BOUNCES and rng.random() < bounce:
            issue.bounces += 1
            staff.charge(Activity.COORDINATION, BOUNCE_HOURS)
            delay += rng.exponential(mean_delay) if mean_delay > 0 else 0.0
        arrive = self.now + delay
        if rng.random() < p["stall_chance"]:
            issue.stalled = True
            wait = None
            for chase in hooks["stalled"]:
                wait = chase(issue, staff)
                if wait is not None:
                    break
            if wait is None:
                wait = rng.exponential(p["stall_days"]) if p["stall_days"] > 0 else 0.0
            arrive += wait
        for change in hooks["department_arrival"]:
            arrive = change(issue, arrive)
        self.schedule(arrive, issue, self._reach_department)

    def _reach_department(self, issue: Issue) -> None:
        hours = self._draw_hours(self.p["department_case_hours"], DEPARTMENT_SIGMA)
        self.department.submit(
            (0 if issue.whistled else 1, issue.due), issue, TaskKind.EXTERNAL, ((Activity.DEPARTMENT, hours),)
        )

    def _resolve(self, issue: Issue) -> None:
        """A fix is done: it may have missed the real problem; if nobody finds out, the case closes."""
        p, rng, now = self.p, self.rng, self.now
        issue.resolved = now
        for act in self._resolved:
            act(issue)
        miss = p["misdiagnosis"]
        for change in self._miss_hooks:
            miss = change(issue, miss)
        if issue.reopened:
            miss *= REOPEN_MISS**issue.reopened
        if rng.random() < miss:
            if any(find(issue) for find in self._finds_failure):
                self._set_state(issue, State.RESOLVED)
                self.schedule(now + 1.0, issue, self._reopen)
                return
            if rng.random() < p["rereport_chance"]:  # the resident comes back
                self._set_state(issue, State.RESOLVED)
                self.schedule(now + rng.exponential(p["rereport_delay"]), issue, self._reopen)
                return
            issue.wrong_fix = True  # nobody comes back: closed, but the problem stays
        self._close(issue, now)

    def _reopen(self, issue: Issue) -> None:
        """A failed fix comes back (返工): the answerable desk works it again."""
        issue.reopened += 1
        self._set_state(issue, State.IN_PROGRESS)
        desk = self.staff_desk(issue)
        for act in self._hooks["reopened"]:
            act(issue)
        parts, hours = self._staff_parts(issue, False)
        desk.submit(self.queue_key(issue, hours), issue, TaskKind.MAIN, parts, hours)

    def _close(self, issue: Issue, when: float) -> None:
        self._set_state(issue, State.CLOSED)
        issue.closed = when
        issue.satisfied = self.rng.random() < self._satisfaction(issue, when)

    def _satisfaction(self, issue: Issue, closed: float) -> float:
        """Chance the resident is satisfied (满意), from how the case went."""
        return chance_satisfied(issue, closed, self.p["response_limit"], self._satisfaction_hooks)

    # ------------------------------------------------------------------ the day --------
    def step(self) -> None:
        """One working day ends and, unless it was the last, the next begins.

        The day's short events run first, in time order; events at exactly the day's end
        belong to the next day's run (they come after this step, as Mesa orders a step first).
        On the last day they run too, after the day is recorded.
        """
        day = self.time
        self.events.run_until(day)
        self.now = day
        self._record_day()
        if day < self.days:
            self._new_day()
        else:
            self.events.run_until(day, inclusive=True)

    def _new_day(self) -> None:
        now = self.now
        self._incidents()
        self._volunteers_change()
        reserved = self._reserve_time()
        for act in self._hooks["new_day"]:
            act()
        draw_new_issues(self, now)
        for desk, hours in reserved:
            desk.plan_day(hours)

    def _incidents(self) -> None:
        now = self.now
        due = [issue for t, issue in self.hazard_incident.values() if t <= now]
        for issue in due:
            issue.urgent = True
            self.discover(issue, Channel.INCIDENT)

    def _volunteers_change(self) -> None:
        p, rng = self.p, self.rng
        leave = p["volunteer_leave"] / DAYS_PER_MONTH
        join = p["volunteer_join"] / DAYS_PER_MONTH
        for change in self._hooks["volunteer_rates"]:
            leave, join = change(leave, join)
        if self.volunteers:
            gone = rng.random(len(self.volunteers)) < leave
            if gone.any():
                stay = []
                for v, g in zip(self.volunteers, gone.tolist(), strict=True):
                    if g:
                        v.remove()
                    else:
                        stay.append(v)
                self.volunteers = stay
        for _ in range(int(rng.poisson(join))):
            self.volunteers.append(self._recruit())
        for act in self._hooks["volunteers_changed"]:
            act()

    def _reserve_time(self) -> list[tuple[ServiceDesk, float]]:
        """Hours per person each staff desk sets aside today for the practices, booked by activity."""
        servers = sum(d.servers for d in self.staff_desks)
        shared = {}
        for ask in self._hooks["shared_hours"]:
            for activity, hours in ask().items():
                shared[activity] = shared.get(activity, 0.0) + hours / servers
        key = tuple(shared.items())
        if key != self._reserve_key:  # the plan changes only when the shared hours do
            self._reserve_key, self._reserve_plan = key, [self._desk_plan(desk, shared) for desk in self.staff_desks]
        out = []
        for desk, scale, total, booked in self._reserve_plan:
            desk.reserve_scale = scale
            for activity, h in booked:
                desk.hours[activity] += h
            out.append((desk, total))
        for route, desks in self.desks.items():
            if route != Route.STAFF:
                out.extend((desk, 0.0) for desk in desks)
        return out

    def _desk_plan(self, desk: ServiceDesk, shared: dict[str, float]) -> tuple:
        """A staff desk's reserved hours: the share that fits, the total and the hours booked by activity."""
        per = dict(shared)
        for ask in self._hooks["desk_hours"]:
            for activity, hours in ask(desk).items():
                per[activity] = per.get(activity, 0.0) + hours
        total = sum(per.values())
        # Reserved work cannot take more than 90% of the day: all of it shrinks alike.
        scale = min(1.0, RESERVED_CAP * desk.base_hours / total) if total > 0 else 1.0
        booked = [(activity, h * scale * desk.servers) for activity, h in per.items() if h]
        return desk, scale, total * scale, booked

    def _record_day(self) -> None:
        c = self.counts
        pending = self.pending_reports
        young = sum(1 for v in self.volunteers if v.role == VolunteerRole.YOUNG_OLD)
        self.daily.append(
            (
                self.now,
                c[State.WAITING],
                c[State.IN_PROGRESS],
                c[State.RESOLVED],
                c[State.CLOSED],
                c[State.HIDDEN] - pending,
                pending,
                len(self.volunteers),
                young,
            )
        )

    # ------------------------------------------------------------------ running --------
    def run(self) -> CommunityModel:
        """Run to the horizon (``days``); return the model for chaining."""
        self.run_until(self.days)
        return self
