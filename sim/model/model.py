"""The community model (社区模型): issues arise, get found, answered, worked and closed.

Time unit: one working day (工作日). Mesa's event list keeps the day schedule:

* the daily step (time 1, 2, …) records the day, puts the shocks that begin or end that day in force
  (``sim.model.shocks``), turns hidden hazards into incidents, lets volunteers join and leave, reserves each staff
  desk's time for the practices that need it, lets the active practices act (visits, surveys, inspections, patrols,
  the whistle), draws the next day's new issues and plans each desk's day;
* within a day, the many short events — a resident's report arriving, a task finished at a desk, a case reaching a
  department, a failed fix coming back — wait in a lean heap of the model's own (``at``). Each daily step first runs
  the events of the day that ends, in the order Mesa would: by time, then first scheduled first, and after the day's
  step at a whole-day time. ``now`` is the model's clock while they run; Mesa's ``time`` moves a day at a time.

The model holds what every run has: households, the staff desk(s), the county departments, volunteers, and the life
of a case. Each practice of the 1234 method is a unit of its own in ``sim.model.practices``, called at its hooks in
the registry's order; practices reach the model only through ``sim.model.protocol.Community``, which this class
implements. Households never step: issues arise for them in daily batches drawn with numpy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from itertools import count

import mesa
import numpy as np

from . import practices
from .agents import CommunityOffice, CountyDepartment, Household, ServiceDesk, ServiceStation, Volunteer
from .arrivals import category_tables, draw_new_issues, hazards_become_incidents
from .calendar import DAYS_PER_MONTH
from .events import DayEvents
from .handoff import department_delay
from .issues import Activity, Channel, Issue, Route, State, TaskKind, VolunteerRole
from .layout import Layout, move_in
from .practices import HOOKS, Practice
from .practices.one import fifo
from .satisfaction import SatisfactionTerms, chance_satisfied
from .shocks import Shock, ShockPlan, settle, staff_away
from .workday import begin_observation, reserve_time, volunteers_come_and_go

HIDDEN, WAITING, IN_PROGRESS, CLOSED = State.HIDDEN, State.WAITING, State.IN_PROGRESS, State.CLOSED
# Members read for every case, looked up once (an enum member's lookup costs more than a global's).
STAFF, DEPARTMENT = Route.STAFF, Route.DEPARTMENT
CONTACT_TASK, MAIN_TASK, EXTERNAL_TASK = TaskKind.CONTACT, TaskKind.MAIN, TaskKind.EXTERNAL
CONTACT, TRAVEL, FIX, PROCESS = Activity.CONTACT, Activity.TRAVEL, Activity.FIX, Activity.PROCESS
INCIDENT = Channel.INCIDENT


class CommunityModel(mesa.Model):
    """One urban community under a scenario's practices.

    Args:
        params: every parameter's value, as produced by ``sim.scenario`` (validated).
        rng: seed (int) or numpy Generator; the only source of randomness. New issues and
            what is drawn for each come from a stream of their own spawned from it
            (``arrival_rng``), so scenarios that share a seed share their issues.
        shocks: checked shocks (``sim.model.shocks.check_shocks``) that change parameters
            for windows of days.

    Attributes:
        issues: every issue that arose, in order of creation (the issue log).
        arrival_rng: the stream new issues are drawn from (docs/ODD.md §4.9).
        grid: the community map (``mesa.discrete_space.OrthogonalMooreGrid``); each
            cell is a building or open ground.
        practices: the active practices, in the order they act (a shock may switch some on later).
        desks: every desk that works through issues, by route.
        daily: one row per working day (backlog, hidden needs, volunteers…).
    """

    def __init__(self, params: dict, rng=None, shocks: tuple[Shock, ...] = ()):
        """Build the community and schedule its first day."""
        super().__init__(rng=rng)
        self.p = p = dict(params)
        self.arrival_rng = self.rng.spawn(1)[0]  # (spawning draws nothing from model.rng)
        # The first ``warmup_days`` fill the queues and are not observed; ``days`` are.
        self.start = float(p["warmup_days"])
        self.days = float(p["days"])
        self.horizon = self.start + self.days
        self.shocks = ShockPlan(p, shocks, self.start) if shocks else None
        self._shock_day = self.shocks.first if shocks else math.inf  # when the next shock acts
        # A running number that keeps equal sort keys in first-come order (a C callable: one per task).
        self.next_seq: Callable[[], int] = count().__next__
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
        self.contact_first = p["contact_first"]
        self.call_hours: float | None = None  # the quick call's hours, when staff call at once
        self.reserve_share = 1.0  # share of the community-wide reserved work done today (triage)
        self.satisfaction_terms = SatisfactionTerms.from_params(p)
        self.observed_from: dict = {}  # hours booked before the observation began (warm-up)
        self.travel_hours, self.gridding = p["travel_office"], False
        self.stations: list[ServiceStation] = []
        self.office: CommunityOffice | None = None  # without gridding, the one office (_build_office)
        self._built: list[Practice] = []  # every practice made for the run (_start_practices)
        self._build_space()
        self._build_department()
        self._start_practices()
        self._build_office()
        if p["staff_absent"]:
            staff_away(self, p["staff_absent"])
        category_tables(self)
        self.volunteers = [self._recruit() for _ in range(p["volunteers"])]
        # Hidden issues are indexed only when some practice goes looking for them; without
        # grids the office visits all over the community, in a fixed shuffled round.
        self.searching = any(practice.searches for practice in self.practices)
        if self.searching:
            round_ = self.rng.permutation(len(self.households)).tolist()
            if self.office is not None:
                self.office.homes = round_
        if self.shocks:  # practices made for a shock wait, idle, for it
            settle(self)
        self._record_day()
        if self.start == 0:
            begin_observation(self)
        self._new_day()

    # ------------------------------------------------------------------ construction --
    def _build_space(self) -> None:
        """Lay the community out on the map and move the households in."""
        room = max(v["new_households"] for v in (self.shocks.regimes if self.shocks else (self.p,)))
        layout = self.layout = Layout(self.p, self.rng, self.random, room)  # room: a new compound may move in
        self.grid, self.n_grids = layout.grid, layout.n_grids
        self._layout_tables()
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
        self.moved_in = 0  # households of the new compound
        move_in(self, self.p["new_households"])  # a compound there before the year begins

    def _layout_tables(self) -> None:
        """The map's tables that figures, metrics and practices read."""
        layout = self.layout
        self.building_cells = layout.building_cells
        self.hh_compound, self.hh_grid, self.hh_building = layout.hh_compound, layout.hh_grid, layout.hh_building
        self.hh_weight, self.compound_weight = layout.hh_weight, layout.compound_weight
        self.cell_compound, self.cell_grid = layout.cell_compound, layout.cell_grid

    def _build_department(self) -> None:
        p = self.p
        self.desks: dict[str, list[ServiceDesk]] = {route: [] for route in Route}
        self.department = CountyDepartment(self, p["department_servers"], p["department_hours"])
        self.desks[Route.DEPARTMENT].append(self.department)
        self.staff_desks: list[ServiceDesk] = []
        self.office: CommunityOffice | None = None

    def _start_practices(self) -> None:
        """Make the practices that are active on some day (a shock's too), and let them set up."""
        regimes = self.shocks.regimes if self.shocks else (self.p,)
        kinds = [pr for pr in practices.registered() if any(pr.active(values) for values in regimes)]
        self._built = [practice(self) for practice in kinds]
        for practice in self._built:
            if "setup" in type(practice).hooks():
                practice.setup()
        self._wire()

    def _wire(self) -> None:
        """List who acts at each hook: the practices active under the values in force."""
        self.practices = [pr for pr in self._built if type(pr).active(self.p)]
        own = {type(pr): type(pr).hooks() for pr in self.practices}  # (each class's hooks found once)
        hooks = {name: [getattr(pr, name) for pr in self.practices if name in own[type(pr)]] for name in HOOKS}
        del hooks["setup"], hooks["moved_in"]
        self._hooks = hooks
        # The hooks called for every case, looked up once.
        self._discovered, self._routes, self._case_parts = hooks["discovered"], hooks["route"], hooks["case_parts"]
        self._fix_hooks, self._process_hooks = hooks["fix_hours"], hooks["process_hours"]
        self._resolved, self._miss_hooks = hooks["resolved"], hooks["miss_chance"]
        self._finds_failure = hooks["finds_failure"]
        self._owner = {pr.route_served: pr for pr in self.practices if pr.route_served is not None}

    def _build_office(self) -> None:
        """Without a practice that brings its own staff desks, all staff share one office."""
        if self.staff_desks:
            return
        p = self.p
        self.office = CommunityOffice(self, p["staff"], p["hours_per_day"])
        self.office.cell = self.layout.centre_cell(np.arange(len(self.building_cells)))
        self.use_staff([self.office], lambda grid: self.office)

    def _recruit(self) -> Volunteer:
        u, role = self.rng.random(), VolunteerRole.PATROL
        for choose in self._hooks["volunteer_role"]:
            role = choose(u, role)
        return Volunteer(self, role)

    # ------------------------------------------------------------------ what practices may ask and do --
    def staff_desk(self, issue: Issue) -> ServiceDesk:
        """The desk answerable for an issue: its grid's worker, or the shared office."""
        return self._staff_by_grid[issue.grid]

    def desk_for_grid(self, grid: int) -> ServiceDesk:
        """The staff desk answerable for a grid's households."""
        return self._staff_by_grid[grid]

    def desk_for_cell(self, cell) -> ServiceDesk:
        """The staff desk answerable for a building's place on the map."""
        return self._staff_by_grid[self.cell_grid[cell.coordinate]]

    def grid_load(self, grid: int) -> float:
        """The share of the community's issues expected to arise in a grid (from the layout)."""
        return float(self.layout.grid_load[grid])

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
        now, discover = self.now, self.discover
        # Only homes with hidden issues are looked at (map and filter run the loop over homes in C).
        seen = [
            issue
            for found in filter(None, map(self.hidden_at.get, homes))
            for issue in found
            if issue.created <= now and (category is None or issue.category == category)
        ]
        if seen:
            for issue, u in zip(seen, self.rng.random(len(seen)).tolist(), strict=True):
                if u < detect:
                    discover(issue, channel, at_door)

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

    def pending_work(self, issue: Issue) -> tuple:
        """Take away the work queued to follow a case's first contact: its ``(activity, hours)`` parts."""
        work, issue._next = issue._next, None
        if work is None:
            return ()
        self._staff_by_grid[issue.grid].promised_hours -= work[2]
        return work[1]

    def call_first(self, hours: float) -> None:
        """Staff call the resident at once (先行联系): a short call, first in every queue."""
        self.call_hours = hours

    def season_factor(self, day: float) -> float:
        """Arrivals on ``day`` relative to the year's mean (month 1 starts with the observation)."""
        return self.season[int((day - self.start) // DAYS_PER_MONTH) % 12]

    def schedule(self, time: float, issue: Issue, action: Callable[[Issue], None]) -> None:
        """Run ``action(issue)`` at ``time``."""
        issue._event = self.at(time, action, issue)

    def fix_hours(self, issue: Issue, by_staff: bool) -> tuple[float, float]:
        """Hands-on hours of the fix and the extra hours of the standard process."""
        h = issue.hours
        if issue.channel == INCIDENT:
            h *= self.p["incident_factor"]
        if issue.reopened:
            h *= self.p["rework_factor"]
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
        if issue.u_route < self.cat_department[issue.category]:  # a department must do the work
            issue.route = DEPARTMENT
        elif self._routes:  # else whoever a practice offers; else the staff (an issue's route at first)
            issue.route = self._route(issue)
        desk = self._staff_by_grid[issue.grid]
        if at_door:  # the visitor is the first answer
            self.respond(issue)
        else:
            for act in self._discovered:
                act(issue, desk)
        self._take_up(issue, desk, at_door)

    def _take_up(self, issue: Issue, desk: ServiceDesk, at_door: bool) -> None:
        """Queue the staff's work on a case: first the contact with the resident, then the work.

        The first contact is a task of its own (``contact_first``): a staff member answers the
        resident when the case's turn comes in the order of work, and the work follows on
        (the same person goes on with it unless an earlier case waits). With the quick call,
        the contact is a short call that goes before every other task, and the visit
        (contact, trip, fix) follows in the case's turn. A visitor who found the need at the
        door has already answered, so the work is queued at once.
        """
        talk, work = self._staff_parts(issue, at_door)
        parts = talk + work
        hours = sum([h for _, h in parts])  # sum(), not a loop: it compensates rounding
        call = self.call_hours
        if at_door or not self.contact_first:
            if call is not None and not at_door:  # the call made at once, its time owed
                desk.charge(CONTACT, call)
                self.respond(issue)
            desk.submit(self.queue_key(issue, hours), issue, MAIN_TASK, parts, hours)
            return
        if call is not None:  # the call first, its hours known; the visit follows in the case's turn
            issue._next = (self.queue_key(issue, hours), parts, hours)
            desk.promised_hours += hours
            desk.submit((0, issue.discovered), issue, CONTACT_TASK, ((CONTACT, call),), call)
            return
        key = self.queue_key(issue, hours)  # the contact first; then the trip and the fix, if staff fix it
        if issue.route == STAFF:
            promised = sum([h for _, h in work])
            issue._next = (key, work, promised)
            desk.promised_hours += promised
            desk.submit(key, issue, CONTACT_TASK, talk)
        else:  # handed on after the contact (and the trip to see it, for a partner's case)
            desk.submit(key, issue, CONTACT_TASK, parts, hours)

    def _route(self, issue: Issue) -> Route:
        """Who a practice offers to do the hands-on work of a case no department must do (else staff)."""
        for offer in self._routes:
            route = offer(issue)
            if route is not None:
                return route
        return STAFF

    def _staff_parts(self, issue: Issue, at_door: bool) -> tuple[tuple, tuple]:
        """The answerable staff desk's parts of a case: the talk with the resident and the work.

        The talk is the contact and what practices add to it; the work is the trip, and the
        fix if staff do it.
        """
        talk = () if at_door else ((CONTACT, self.p["contact_hours"]),)
        for extra in self._case_parts:
            talk += tuple(extra(issue))
        route = issue.route
        work = () if at_door or route == DEPARTMENT else ((TRAVEL, self.travel_hours),)
        if route == STAFF:
            fix, extra = self.fix_hours(issue, True)  # (by staff; positional: a little quicker)
            work += ((FIX, fix), (PROCESS, extra)) if extra else ((FIX, fix),)
        return talk, work

    def task_done(self, desk: ServiceDesk, issue: Issue, kind: TaskKind) -> None:
        """A desk finishes a task: the case moves on."""
        if kind == CONTACT_TASK:  # the resident has been answered: the work follows
            work, issue._next = issue._next, None
            if work is None:
                self._hand_off(issue)
            else:
                key, parts, hours = work
                staff = self._staff_by_grid[issue.grid]
                staff.promised_hours -= hours
                staff.submit(key, issue, MAIN_TASK, parts, hours)
            return
        if kind == MAIN_TASK and issue.route != STAFF and desk in self._staff:
            self._hand_off(issue)
        else:
            issue.handler = issue.route
            self._resolve(issue)

    def _hand_off(self, issue: Issue) -> None:
        """The staff hand the case on: to the desk of a practice, or to a department."""
        if issue.route != DEPARTMENT:
            self._owner[issue.route].take(issue)
            return
        arrive = self.now + department_delay(self, issue, self._staff_by_grid[issue.grid])
        for change in self._hooks["department_arrival"]:
            arrive = change(issue, arrive)
        self.schedule(arrive, issue, self._reach_department)

    def _reach_department(self, issue: Issue) -> None:
        issue._event = None  # (spent: not kept alive with the case)
        hours = self._draw_hours(self.p["department_case_hours"], self.p["department_sigma"])
        self.department.submit(
            (0 if issue.whistled else 1, issue.due), issue, EXTERNAL_TASK, ((Activity.DEPARTMENT, hours),)
        )

    def _resolve(self, issue: Issue) -> None:
        """A fix is done: it may have missed the real problem; if nobody finds out, the case closes."""
        p, now = self.p, self.now
        issue.resolved = now
        for act in self._resolved:
            act(issue)
        if issue.unresolvable:  # explained to the resident and closed (解释说明): the need stays
            self._close(issue, now)
            return
        miss = p["misdiagnosis"]
        for change in self._miss_hooks:
            miss = change(issue, miss)
        if issue.reopened:
            miss *= p["reopen_miss"] ** issue.reopened
        rng = self.rng
        if (rng.random() if issue.reopened else issue.u_miss) < miss:
            if any([find(issue) for find in self._finds_failure]):  # every check is made (and drawn)
                self._set_state(issue, State.RESOLVED)
                self.schedule(now + 1.0, issue, self._reopen)
                return
            if rng.random() < p["rereport_chance"]:  # the resident comes back
                issue.repeats += 1
                self._set_state(issue, State.RESOLVED)
                self.schedule(now + rng.exponential(p["rereport_delay"]), issue, self._reopen)
                return
            issue.wrong_fix = True  # nobody comes back: closed, but the problem stays
        self._close(issue, now)

    def _overdue(self, issue: Issue) -> None:
        """The case was still open at its time limit: the resident may have called the hotline (催办).

        Settled when the case closes, or at the end of the run for a case still open then,
        with the issue's own draw and the chance in force at the limit: the same as at the
        limit itself, without an event per case.
        """
        chance = self.shocks.value_at("escalation_chance", issue.due) if self.shocks else self.p["escalation_chance"]
        if issue.u_call < chance:
            issue.escalated = True
            issue.repeats += 1

    def _reopen(self, issue: Issue) -> None:
        """A failed fix comes back (返工): the answerable desk works it again."""
        issue._event = None
        issue.reopened += 1
        self._set_state(issue, State.IN_PROGRESS)
        desk = self.staff_desk(issue)
        for act in self._hooks["reopened"]:
            act(issue)
        self._take_up(issue, desk, False)

    def _close(self, issue: Issue, when: float) -> None:
        counts = self.counts  # (the state change inline: this runs for every case)
        counts[issue.state] -= 1
        counts[CLOSED] += 1
        issue.state = CLOSED
        issue.closed = when
        if issue.due < when:
            self._overdue(issue)
        issue.satisfied = issue.u_satisfied < chance_satisfied(
            issue, when, self.p["response_limit"], self.satisfaction_terms
        )  # as self.chance_satisfied, one call fewer for every case

    def chance_satisfied(self, issue: Issue, when: float) -> float:
        """Chance the resident is satisfied (满意) with the case, asked at ``when``."""
        return chance_satisfied(issue, when, self.p["response_limit"], self.satisfaction_terms)

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
        if day == self.start:
            begin_observation(self)
        self._record_day()
        if day < self.horizon:
            self._new_day()
        else:
            self.events.run_until(day, inclusive=True)
            for issue in self.issues:  # cases still open past their limit (closed ones are settled)
                if HIDDEN < issue.state < CLOSED and issue.due <= day:
                    self._overdue(issue)
            if self.shocks:  # the metrics measure against the scenario's own values
                self.p.update(self.shocks.base)

    def _new_day(self) -> None:
        now = self.now
        if now == self._shock_day:  # a shock begins or ends today
            self.shocks.apply(self)
        hazards_become_incidents(self)
        volunteers_come_and_go(self)
        reserved = reserve_time(self)
        for act in self._hooks["new_day"]:
            act()
        draw_new_issues(self, now)
        for desk, hours in reserved:
            desk.plan_day(hours)

    def _record_day(self) -> None:
        c = self.counts
        pending = self.pending_reports
        young_old = VolunteerRole.YOUNG_OLD
        young = sum([v.role == young_old for v in self.volunteers])
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
                sum([d.backlog_hours for d in self.staff_desks]),
                self.department.queued_hours,
            )
        )

    # ------------------------------------------------------------------ running --------
    def run(self) -> CommunityModel:
        """Run to the horizon (``days``); return the model for chaining."""
        self.run_until(self.horizon)
        return self
