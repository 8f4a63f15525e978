"""The community model (社区模型): issues arise, get found, answered, worked and closed.

Time unit: one working day (工作日). Mesa's event list drives everything:

* the daily step (time 1, 2, …) records the day, turns hidden hazards into incidents,
  lets volunteers join and leave, runs the proactive practices (visits, surveys,
  inspections, patrols), blows the whistle for stuck cases, draws the next day's new
  issues and plans each desk's day (reserved time lowers the speed of queue work);
* one event per issue when a resident's report arrives, one per finished task at a
  desk, one per hand-off to a department and one per reopened case.

Households never step: issues arise for them in daily batches drawn with numpy.
"""

from __future__ import annotations

import math
from itertools import count

import mesa
import numpy as np
from mesa.discrete_space import OrthogonalMooreGrid

from ..params import CATEGORIES, CATEGORY_KEYS
from .agents import (
    CommunityOffice,
    CommunityPartner,
    CountyDepartment,
    GridWorker,
    Household,
    MediationCommittee,
    PartyMember,
    PartyMemberTeam,
    ServiceDesk,
    ServiceStation,
    Volunteer,
    YoungOldHelpers,
)
from .issues import Issue, State

DAYS_PER_YEAR = 250.0
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
DAYS_PER_QUARTER = DAYS_PER_YEAR / 4
DAYS_PER_WEEK = 5.0

# Mechanism constants that are not levers (documented in docs/ODD.md, "Submodels").
STATION_REPORT_BOOST = 0.5  # a station halves the chance a need goes unreported
STATION_DELAY_FACTOR = 0.5  # …and halves the delay before it is reported
STATION_CHANNEL_SHARE = 0.6  # share of station-compound reports made at the station
INSPECTION_DETECT = 0.7  # chance an inspection finds a hidden hazard
LISTENING_SCALE = 10.0  # minutes of listening that cut misdiagnosis by a factor e
PROCESS_TIME = 0.3  # standard process adds 30% to dispute/hazard handling
PROCESS_REWORK_CUT = 0.7  # …and removes 70% of their failed fixes at full compliance
FAMILIARITY_REWORK = 1.5  # misdiagnosis cut = familiarity × this
MEDIATION_REWORK = 0.5  # mediated disputes fail half as often
MEDIATION_ATTEND = 0.5  # hours a grid worker spends at each mediation
LINKAGE_DELAY_CUT = 0.8  # full linkage cuts the hand-off time by 80%
COORDINATION_HOURS = 0.25  # staff hours to hand a case to a department
BOUNCE_HOURS = 0.5  # staff hours each time a case is passed back
FOLLOW_UP_HOURS = 0.25  # staff hours per follow-up of a case outside
CALLBACK_HOURS = 0.1  # staff hours per call-back
PAIRING_EXTRA = 0.5  # cadre pairing adds half again the department's officers
TAKE_DAYS = 1.0  # partners, helpers and mediators take a case they can finish within a day (or sooner than staff)
INCIDENT_FACTOR = 3.0  # an incident takes three times the hazard's work
REWORK_FACTOR = 0.7  # a second fix takes 70% of the first
POINTS_RETENTION = 0.4  # points cut the leaving rate to 40%
POINTS_RECRUITMENT = 1.5  # …and raise joining by half
DEPARTMENT_SIGMA = 0.8
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
        desks: every agent that works through issues, by role.
        daily: one row per working day (backlog, hidden needs, volunteers…).
    """

    def __init__(self, params: dict, rng=None):
        """Build the community and schedule its first day."""
        super().__init__(rng=rng)
        self.p = p = dict(params)
        self.days = float(p["days"])
        self._seq = count()
        self.issues: list[Issue] = []
        self.counts = [0, 0, 0, 0, 0]
        self.daily: list[tuple] = []
        self.volunteer_hours = 0.0
        self.pending_reports = 0  # hidden issues whose resident will report them
        self._build_space()
        self._build_desks()
        self._build_issue_tables()
        self._build_people()
        self.hidden: dict[int, Issue] = {}  # uid -> hidden issue, in creation order
        self.hidden_at: dict[int, list[Issue]] = {}  # household -> its hidden issues
        self.hazard_incident: dict[int, tuple[float, Issue]] = {}  # uid -> (when it blows up, hidden hazard)
        # Hidden issues are indexed only when some practice goes looking for them.
        self.searching = bool(
            params["visit_share"] or params["survey_interval"] or params["inspection_interval"] or params["patrol"]
        )
        self._carry: dict[str, float] = {}  # fractional households owed by rolling sweeps
        self._cursor: dict[str, int] = {}  # where each rolling sweep goes next
        self._office_round = self.rng.permutation(len(self.households)).tolist() if self.searching else []
        self._record_day()
        self._new_day()

    # ------------------------------------------------------------------ construction --
    def _build_space(self) -> None:
        """Lay buildings out in compact blocks: compounds, then grids along the same path."""
        p = self.p
        n_hh, per_bld = p["households"], p["households_per_building"]
        n_bld = math.ceil(n_hh / per_bld)
        side = max(2, math.ceil(math.sqrt(n_bld)))
        self.grid = OrthogonalMooreGrid((side, side), capacity=None, random=self.random)
        # Serpentine path through bands two rows high, so consecutive cells form blocks.
        path = []
        for band in range(0, side, 2):
            cols = range(side) if (band // 2) % 2 == 0 else range(side - 1, -1, -1)
            for x in cols:
                for y in (band, band + 1):
                    if y < side:
                        path.append((x, y))
        self.building_cells = path[:n_bld]
        bld_of_hh = np.minimum(np.arange(n_hh) // per_bld, n_bld - 1)
        k = p["compounds"]
        comp_of_bld = np.minimum(np.arange(n_bld) * k // n_bld, k - 1)
        self.hh_compound = comp_of_bld[bld_of_hh]
        g = p["staff"]
        self.n_grids = g
        self.hh_grid = np.minimum(np.arange(n_hh) * g // n_hh, g - 1)
        self.hh_building = bld_of_hh
        # Uneven workload: compounds ranked at random, rate ∝ rank^-skew (mean 1 per household).
        ranks = self.rng.permutation(k) + 1.0
        comp_w = ranks ** (-p["workload_skew"])
        w = comp_w[self.hh_compound]
        self.hh_weight = w / w.mean()
        self.compound_weight = comp_w / comp_w.sum()
        self._cum_w = np.cumsum(self.hh_weight)
        self._cum_w /= self._cum_w[-1]
        other = (ranks ** (-p["workload_skew_other"]))[self.hh_compound]
        self._cum_w_other = np.cumsum(other)
        self._cum_w_other /= self._cum_w_other[-1]
        self.cell_compound = {path[b]: int(comp_of_bld[b]) for b in range(n_bld)}
        self.cell_grid = {path[b]: int(self.hh_grid[np.searchsorted(bld_of_hh, b)]) for b in range(n_bld)}
        self.households = [
            Household(self, self.grid[path[b]], int(c), int(gr), float(wt))
            for b, c, gr, wt in zip(bld_of_hh, self.hh_compound, self.hh_grid, self.hh_weight, strict=True)
        ]

    def _centre_cell(self, building_indices: np.ndarray):
        b = int(building_indices[len(building_indices) // 2])
        return self.grid[self.building_cells[b]]

    def _build_desks(self) -> None:
        p = self.p
        self.gridding = p["gridding"]
        if self.gridding:
            self.workers = [
                GridWorker(
                    self, g, p["hours_per_day"], self._centre_cell(np.unique(self.hh_building[self.hh_grid == g]))
                )
                for g in range(self.n_grids)
            ]
            self.staff_desks: list[ServiceDesk] = list(self.workers)
        else:
            self.office = CommunityOffice(self, p["staff"], p["hours_per_day"])
            self.office.cell = self._centre_cell(np.arange(len(self.building_cells)))
            self.staff_desks = [self.office]
        officers = p["department_servers"]
        if p["cadre_pairing"]:
            officers += math.ceil(officers * PAIRING_EXTRA)
        self.department = CountyDepartment(self, officers, p["department_hours"])
        self.partner = CommunityPartner(self, 1, p["partner_hours"] / DAYS_PER_WEEK) if p["partner_hours"] > 0 else None
        self.mediation = MediationCommittee(self, 1, p["mediation_hours"]) if p["mediation"] else None
        self.helpers = YoungOldHelpers(self, 1, 0.0) if p["young_old_share"] > 0 else None
        whistle_team = p["whistle_days"] > 0 and p["party_members"] > 0
        party_hours = p["party_members"] * p["party_hours"] / DAYS_PER_QUARTER
        self.party = PartyMemberTeam(self, 1, party_hours) if whistle_team and party_hours > 0 else None
        self.desks = {
            "staff": self.staff_desks,
            "department": [self.department],
            "partner": [self.partner] if self.partner else [],
            "mediation": [self.mediation] if self.mediation else [],
            "helpers": [self.helpers] if self.helpers else [],
            "party": [self.party] if self.party else [],
        }

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
        self.cat_partner = [c.partner for c in CATEGORIES]
        self.cat_visible = [c.visible for c in CATEGORIES]
        self.i_dispute = CATEGORY_KEYS.index("dispute")
        self.i_hazard = CATEGORY_KEYS.index("hazard")
        self.i_elderly = CATEGORY_KEYS.index("elderly")

    def _build_people(self) -> None:
        p = self.p
        self.stations: list[ServiceStation] = []
        if p["stations"]:
            busiest = np.argsort(-self.compound_weight, kind="stable")[: p["stations"]]
            for c in sorted(int(x) for x in busiest):
                blds = np.unique(self.hh_building[self.hh_compound == c])
                self.stations.append(ServiceStation(self, self._centre_cell(blds), c))
            near = {s.compound for s in self.stations}
            for h in self.households:
                h.near_station = h.compound in near
        self.volunteers = [self._recruit() for _ in range(p["volunteers"])]
        self.party_members = [PartyMember(self, p["party_hours"]) for _ in range(p["party_members"])]

    def _recruit(self) -> Volunteer:
        role = "young_old" if self.rng.random() < self.p["young_old_share"] else "patrol"
        return Volunteer(self, role)

    # ------------------------------------------------------------------ helpers --------
    def next_seq(self) -> int:
        """A running number that keeps equal sort keys in first-come order."""
        return next(self._seq)

    def _set_state(self, issue: Issue, state: State) -> None:
        self.counts[issue.state] -= 1
        self.counts[state] += 1
        issue.state = state

    def _at(self, time: float, issue: Issue, action) -> None:
        issue._action = action
        issue._event = self.schedule_event(issue, at=time)

    def staff_desk(self, issue: Issue) -> ServiceDesk:
        """The desk answerable for an issue: its grid's worker, or the shared office."""
        return self.workers[issue.grid] if self.gridding else self.office

    def _key(self, issue: Issue, hours: float) -> tuple:
        rule = self.p["priority_rule"]
        if rule == "resident_first":
            return (1, issue.due)
        if rule == "convenience":
            return (1, hours)
        return (1, issue.discovered)

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
    def _draw_new_issues(self, start: float) -> None:
        """Draw the issues that arise during (start, start + 1]: a Poisson process."""
        rng, p = self.rng, self.p
        n = int(rng.poisson(self.arrivals_per_day))
        if n == 0:
            return
        times = (start + rng.random(n)).tolist()
        cats = np.searchsorted(self.cat_cum_arr, rng.random(n), side="right")
        draw = rng.random(n)
        hh = np.where(
            cats == self.i_property,
            np.searchsorted(self._cum_w, draw, side="right"),
            np.searchsorted(self._cum_w_other, draw, side="right"),
        ).tolist()
        cats = cats.tolist()
        u = rng.random((n, 4)).tolist()
        hours = self._draw_hours_batch(cats).tolist()
        waits = rng.exponential(1.0, n).tolist()
        report_delay, hotline_share = p["report_delay"], p["hotline_share"]
        for i in range(n):
            ui = u[i]
            c = cats[i]
            h = min(hh[i], len(self.households) - 1)
            home = self.households[h]
            issue = Issue(len(self.issues), c, h, home.grid, home.compound, times[i])
            issue.urgent = ui[0] < self.cat_urgent[c]
            issue.hours = hours[i]
            self.issues.append(issue)
            self.counts[State.HIDDEN] += 1
            miss = 1.0 - self.cat_report[c]
            delay = report_delay
            if home.near_station:
                miss *= 1.0 - STATION_REPORT_BOOST
                delay *= STATION_DELAY_FACTOR
            if ui[1] >= miss:  # the resident will report it
                if home.near_station and ui[2] < STATION_CHANNEL_SHARE:
                    issue.channel = "station"
                elif ui[3] < hotline_share:
                    issue.channel = "hotline"
                    delay += p["hotline_delay"]
                else:
                    issue.channel = "report"
                at = issue.created + waits[i] * delay
                self._at(at, issue, self._on_report)
                self.pending_reports += 1
            if self.searching:  # until the community knows, visits, patrols… can find it
                self.hidden[issue.uid] = issue
                self.hidden_at.setdefault(h, []).append(issue)
            if c == self.i_hazard and issue.channel == "":
                self.hazard_incident[issue.uid] = (issue.created + rng.exponential(p["incident_days"]), issue)

    def _on_report(self, issue: Issue) -> None:
        self._discover(issue, issue.channel)

    # ------------------------------------------------------------------ issue life -----
    def _discover(self, issue: Issue, channel: str, at_door: bool = False) -> None:
        """The community learns of an issue: it joins the answerable desk's queue."""
        if issue.state != State.HIDDEN:
            return
        if issue.channel:
            self.pending_reports -= 1
            if channel != issue.channel:
                issue._event.cancel()  # found before the resident's own report arrived
        issue._event = None
        now = self.time
        if self.searching:
            del self.hidden[issue.uid]
            self.hidden_at[issue.household].remove(issue)
        self.hazard_incident.pop(issue.uid, None)
        issue.channel = channel
        issue.discovered = now
        issue.due = now + (1.0 if issue.urgent else self.cat_limit[issue.category])
        self._set_state(issue, State.WAITING)
        issue.route = self._route(issue)
        desk = self.staff_desk(issue)
        if at_door:
            issue.responded = now
            self._set_state(issue, State.IN_PROGRESS)
        elif self.p["quick_contact"]:
            # The first call is made the same hour; its time is booked, not queued.
            desk.charge("contact", self.p["quick_contact_hours"])
            issue.responded = now
            self._set_state(issue, State.IN_PROGRESS)
        parts = self._staff_parts(issue, at_door)
        desk.submit(self._key(issue, sum(h for _, h in parts)), issue, "main", parts)

    def _route(self, issue: Issue) -> str:
        c = issue.category
        if self.rng.random() < self.cat_department[c]:
            return "department"
        if c == self.i_dispute and self._takes(self.mediation, issue):
            return "mediation"
        if c == self.i_elderly and self._takes(self.helpers, issue):
            return "helpers"
        if self.cat_partner[c] and self._takes(self.partner, issue):
            return "partner"
        return "staff"

    def _takes(self, desk: ServiceDesk | None, issue: Issue) -> bool:
        """Whether a partner, helper or mediation desk takes a case.

        It does when it would finish the work within a day or no later than the staff
        desk would: extra hands relieve staff, but never slow a case down.
        """
        if desk is None or desk.speed <= 0:
            return False
        theirs = desk.backlog_days() + issue.hours / desk.speed
        staff = self.staff_desk(issue)
        ours = staff.backlog_days() + self._fix_hours(issue, by_staff=True)[0] / staff.speed
        return theirs <= max(ours, TAKE_DAYS)

    def _fix_hours(self, issue: Issue, by_staff: bool) -> tuple[float, float]:
        """Hands-on hours of the fix and the extra hours of the standard process."""
        h = issue.hours
        if issue.channel == "incident":
            h *= INCIDENT_FACTOR
        if issue.reopened:
            h *= REWORK_FACTOR
        if by_staff and self.gridding:  # a grid worker knows the place and the people
            h *= 1.0 - self.p["familiarity"]
        extra = 0.0
        if issue.category in (self.i_dispute, self.i_hazard):
            extra = h * PROCESS_TIME * self.p["process_compliance"]
        return h, extra

    def _staff_parts(self, issue: Issue, at_door: bool) -> tuple:
        p = self.p
        parts = []
        if not at_door:
            parts.append(("contact", p["contact_hours"]))
        if p["listening_minutes"]:
            parts.append(("listening", p["listening_minutes"] / 60.0))
        if issue.route != "department" and not at_door:
            parts.append(("travel", p["travel_grid"] if self.gridding else p["travel_office"]))
        if issue.route == "staff":
            fix, extra = self._fix_hours(issue, by_staff=True)
            parts.append(("fix", fix))
            if extra:
                parts.append(("process", extra))
        return tuple(parts)

    def task_started(self, desk: ServiceDesk, issue: Issue, kind: str, now: float) -> None:
        """A desk starts a task: the first contact is the response (首次响应)."""
        if kind != "external" and issue.responded != issue.responded:  # NaN: not yet answered
            issue.responded = now
            self._set_state(issue, State.IN_PROGRESS)

    def task_done(self, desk: ServiceDesk, issue: Issue, kind: str) -> None:
        """A desk finishes a task: the case moves on."""
        if kind == "main" and issue.route != "staff" and desk in self.staff_desks:
            self._hand_off(issue)
        else:
            issue.handler = issue.route
            self._resolve(issue)

    def _hand_off(self, issue: Issue) -> None:
        p, rng = self.p, self.rng
        route = issue.route
        if route != "department":
            desk = {"partner": self.partner, "mediation": self.mediation, "helpers": self.helpers}[route]
            fix, extra = self._fix_hours(issue, by_staff=False)
            parts = (("fix", fix),) + ((("process", extra),) if extra else ())
            if route == "mediation":
                self.staff_desk(issue).charge("mediation", MEDIATION_ATTEND)
            desk.submit((1, issue.due), issue, "external", parts)
            return
        staff = self.staff_desk(issue)
        linkage = p["linkage"]
        staff.charge("coordination", COORDINATION_HOURS)
        mean_delay = p["handoff_delay"] * (1.0 - LINKAGE_DELAY_CUT * linkage)
        delay = rng.exponential(mean_delay) if mean_delay > 0 else 0.0
        bounce = p["buck_passing"] * (1.0 - linkage)
        while issue.bounces < 5 and rng.random() < bounce:
            issue.bounces += 1
            staff.charge("coordination", BOUNCE_HOURS)
            delay += rng.exponential(mean_delay) if mean_delay > 0 else 0.0
        arrive = self.time + delay
        if rng.random() < p["stall_chance"]:
            issue.stalled = True
            if p["follow_up"]:
                arrive += p["follow_up_days"]
                staff.charge("follow_up", FOLLOW_UP_HOURS)
            else:
                arrive += rng.exponential(p["stall_days"]) if p["stall_days"] > 0 else 0.0
        whistle = p["whistle_days"]
        if whistle and arrive > issue.discovered + whistle and arrive > self.time:
            # The whistle calls the department in once the case has waited too long.
            arrive = max(self.time, issue.discovered + whistle)
            issue.whistled = True
        self._at(arrive, issue, self._reach_department)

    def _reach_department(self, issue: Issue) -> None:
        hours = self._draw_hours(self.p["department_case_hours"], DEPARTMENT_SIGMA)
        self.department.submit((0 if issue.whistled else 1, issue.due), issue, "external", (("department", hours),))

    def _resolve(self, issue: Issue) -> None:
        p, rng, now = self.p, self.rng, self.time
        issue.resolved = now
        if p["follow_up"] and issue.route == "department":
            checks = int((now - issue.discovered) // p["follow_up_days"])
            if checks:
                self.staff_desk(issue).charge("follow_up", checks * FOLLOW_UP_HOURS)
        miss = p["misdiagnosis"] * math.exp(-p["listening_minutes"] / LISTENING_SCALE)
        if self.gridding and issue.handler in ("staff", "party"):
            miss *= max(0.0, 1.0 - FAMILIARITY_REWORK * p["familiarity"])
        if issue.category in (self.i_dispute, self.i_hazard):
            miss *= 1.0 - PROCESS_REWORK_CUT * p["process_compliance"]
        if issue.handler == "mediation":
            miss *= MEDIATION_REWORK
        miss *= 0.5**issue.reopened
        callback = p["callback"]
        if callback:
            self.staff_desk(issue).charge("callback", CALLBACK_HOURS)
        if rng.random() < miss:
            if callback:  # the call-back finds the fix failed
                self._set_state(issue, State.RESOLVED)
                self._at(now + 1.0, issue, self._reopen)
                return
            if rng.random() < p["rereport_chance"]:  # the resident comes back
                self._set_state(issue, State.RESOLVED)
                self._at(now + rng.exponential(p["rereport_delay"]), issue, self._reopen)
                return
            issue.wrong_fix = True  # nobody comes back: closed, but the problem stays
        self._close(issue, now)

    def _reopen(self, issue: Issue) -> None:
        """A failed fix comes back (返工): the answerable desk works it again."""
        issue.reopened += 1
        self._set_state(issue, State.IN_PROGRESS)
        desk = self.staff_desk(issue)
        if issue.route == "party":  # the whistle was for the first attempt
            issue.route = "staff"
        parts = self._staff_parts(issue, False)
        desk.submit(self._key(issue, sum(h for _, h in parts)), issue, "main", parts)

    def _close(self, issue: Issue, when: float) -> None:
        self._set_state(issue, State.CLOSED)
        issue.closed = when
        issue.satisfied = self.rng.random() < self._satisfaction(issue, when)

    def _satisfaction(self, issue: Issue, closed: float) -> float:
        """Chance the resident is satisfied (满意), from how the case went."""
        if issue.wrong_fix:
            return 0.1
        z = 0.9
        z += 1.2 if closed <= issue.due else -0.6
        z += 0.8 * min(1.0, self.p["listening_minutes"] / 20.0)
        z -= 0.9 * issue.reopened
        if issue.responded - issue.discovered > self.p["response_limit"]:
            z -= 0.5
        if issue.channel in ("visit", "survey", "patrol", "inspection"):
            z += 0.3  # found before having to ask
        return 1.0 / (1.0 + math.exp(-z))

    # ------------------------------------------------------------------ the day --------
    def step(self) -> None:
        """One working day ends and, unless it was the last, the next begins."""
        self._record_day()
        if self.time < self.days:
            self._new_day()

    def _new_day(self) -> None:
        now = self.time
        self._incidents()
        self._volunteers_change()
        reserved = self._reserve_time()
        self._visits()
        day = round(now)
        p = self.p
        n_hh = p["households"]
        if p["survey_interval"]:
            self._sweep("survey", n_hh / self._interval("survey_interval"), p["survey_detect"], None)
        if p["inspection_interval"]:
            self._sweep("inspection", n_hh / self._interval("inspection_interval"), INSPECTION_DETECT, self.i_hazard)
        if p["patrol"] and day % 5 == 0:
            self._patrol()
        if p["whistle_days"]:
            self._whistle()
        self._draw_new_issues(now)
        for desk, hours in reserved:
            desk.plan_day(hours)

    def _incidents(self) -> None:
        now = self.time
        due = [issue for t, issue in self.hazard_incident.values() if t <= now]
        for issue in due:
            issue.urgent = True
            self._discover(issue, "incident")

    def _volunteers_change(self) -> None:
        p, rng = self.p, self.rng
        points = p["volunteer_points"]
        leave = p["volunteer_leave"] / DAYS_PER_MONTH * (POINTS_RETENTION if points else 1.0)
        join = p["volunteer_join"] / DAYS_PER_MONTH * (POINTS_RECRUITMENT if points else 1.0)
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
        if points:
            for v in self.volunteers:
                v.points += p["volunteer_hours"] / DAYS_PER_WEEK
        if self.helpers is not None:
            n = sum(1 for v in self.volunteers if v.role == "young_old")
            self.helpers.base_hours = n * p["volunteer_hours"] / DAYS_PER_WEEK

    def _reserve_time(self) -> list[tuple[ServiceDesk, float]]:
        """Hours per server each staff desk sets aside today, booked by activity."""
        p = self.p
        n_hh = p["households"]
        servers = sum(d.servers for d in self.staff_desks)
        shared = {}
        if p["survey_interval"]:
            shared["survey"] = p["survey_hours"] * n_hh / self._interval("survey_interval") / servers
        if p["inspection_interval"]:
            shared["inspection"] = p["inspection_hours"] * n_hh / self._interval("inspection_interval") / servers
        if p["volunteer_points"]:
            shared["volunteer_admin"] = p["points_admin_hours"] * len(self.volunteers) / DAYS_PER_MONTH / servers
        station_hours = {}
        for s in self.stations:
            g = int(self.cell_grid[s.cell.coordinate]) if self.gridding else 0
            station_hours[g] = station_hours.get(g, 0.0) + p["station_hours"]
        out = []
        for i, desk in enumerate(self.staff_desks):
            per = dict(shared)
            per["visits"] = p["visit_share"] * desk.base_hours
            if station_hours.get(i):
                per["station"] = station_hours[i] / desk.servers
            total = sum(per.values())
            # Reserved work cannot take more than 90% of the day: all of it shrinks alike.
            scale = min(1.0, RESERVED_CAP * desk.base_hours / total) if total > 0 else 1.0
            desk.reserve_scale = scale
            for activity, h in per.items():
                if h:
                    desk.hours[activity] += h * scale * desk.servers
            out.append((desk, total * scale))
        for role in ("department", "partner", "mediation", "helpers", "party"):
            for desk in self.desks[role]:
                out.append((desk, 0.0))
        return out

    def _visits(self) -> None:
        """Frequent visits (经常走访): staff knock on doors in turn and find hidden needs."""
        p = self.p
        if not p["visit_share"]:
            return
        travel = p["travel_grid"] if self.gridding else p["travel_office"]
        per_visit = p["visit_hours"] + travel
        n_hh = len(self.households)
        for i, desk in enumerate(self.staff_desks):
            key = f"visit{i}"
            hours = p["visit_share"] * desk.base_hours * desk.servers * desk.reserve_scale
            budget = hours / per_visit + self._carry.get(key, 0.0)
            n = int(budget)
            self._carry[key] = budget - n
            homes = self._grid_homes(desk.grid) if self.gridding else None
            size = len(homes) if homes is not None else n_hh
            start = self._cursor.get(key, 0)
            self._cursor[key] = (start + n) % size
            # Without grids the office visits all over the community, in a fixed shuffled round.
            homes = homes if homes is not None else self._office_round
            visited = [homes[(start + j) % size] for j in range(min(n, size))]
            self._find_at(visited, "visit", p["visit_detect"], None, at_door=True)

    def _grid_homes(self, g: int) -> list[int]:
        cache = self.__dict__.setdefault("_grid_homes_cache", {})
        if g not in cache:
            cache[g] = np.flatnonzero(self.hh_grid == g).tolist()
        return cache[g]

    def _interval(self, name: str) -> float:
        """A sweep's round in working days: under a day means every household every day."""
        return max(1.0, self.p[name])

    def _sweep(self, channel: str, per_day: float, detect: float, category: int | None) -> None:
        """A rolling community-wide sweep (needs survey, hazard inspection): a share of homes a day."""
        budget = per_day + self._carry.get(channel, 0.0)
        n = int(budget)
        self._carry[channel] = budget - n
        start = self._cursor.get(channel, 0)
        n_hh = len(self.households)
        self._cursor[channel] = (start + n) % n_hh
        self._find_at([(start + j) % n_hh for j in range(min(n, n_hh))], channel, detect, category)

    def _find_at(
        self, homes: list[int], channel: str, detect: float, category: int | None, at_door: bool = False
    ) -> None:
        """Look for hidden needs in these households."""
        hidden_at, rng, now = self.hidden_at, self.rng, self.time
        for h in homes:
            found = hidden_at.get(h)
            if found:
                for issue in list(found):
                    if (
                        issue.created <= now
                        and (category is None or issue.category == category)
                        and rng.random() < detect
                    ):
                        self._discover(issue, channel, at_door=at_door)

    def _patrol(self) -> None:
        """Weekly patrol-and-observe walks (巡访观察) spot visible problems."""
        p = self.p
        patrollers = sum(1 for v in self.volunteers if v.role == "patrol")
        if not patrollers:
            return
        self.volunteer_hours += patrollers * p["volunteer_hours"]
        coverage = min(1.0, patrollers * p["patrol_households"] / p["households"])
        detect = coverage * p["patrol_detect"]
        now = self.time
        pool = [i for i in self.hidden.values() if i.created <= now and self.cat_visible[i.category]]
        hits = self.rng.random(len(pool)) < detect
        for issue, hit in zip(pool, hits.tolist(), strict=True):
            if hit:
                self._discover(issue, "patrol")

    def _whistle(self) -> None:
        """Community blows the whistle (社区吹哨): stuck cases go to party members, first in line."""
        limit = self.time - self.p["whistle_days"]
        if self.party is not None:
            for desk in self.staff_desks:
                stuck = desk.take_waiting(
                    lambda t: t[3] == "main" and t[2].route == "staff" and t[2].discovered < limit
                )
                for task in stuck:
                    issue = task[2]
                    issue.whistled = True
                    issue.route = "party"
                    if issue.responded != issue.responded:
                        issue.responded = self.time
                        self._set_state(issue, State.IN_PROGRESS)
                    self.party.submit((0, issue.due), issue, "external", task[4])
        for task in self.department.take_waiting(lambda t: t[0][0] == 1 and t[2].discovered < limit):
            task[2].whistled = True
            self.department.resubmit(task, (0, task[2].due))

    def _record_day(self) -> None:
        c = self.counts
        pending = self.pending_reports
        young = sum(1 for v in self.volunteers if v.role == "young_old")
        self.daily.append(
            (
                self.time,
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
