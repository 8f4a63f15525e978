"""The agents of the community model.

People and organisations that *do work* on issues are service desks: a desk has a
number of servers, each working a given number of hours per working day, and a
queue ordered by the community's rule of work. Passive agents (households, stations,
volunteers, party members) carry state the practices read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from heapq import heapify, heappop, heappush, heappushpop
from typing import Protocol

from mesa import Agent, Model
from mesa.discrete_space import FixedAgent

from .issues import Issue, Task, TaskKind, VolunteerRole

_new_task = tuple.__new__  # builds a Task without the namedtuple's argument handling (hot path)
# Members compared for every task, looked up once (an enum member's lookup costs more than a global's).
CONTACT_TASK, EXTERNAL_TASK = TaskKind.CONTACT, TaskKind.EXTERNAL


class DeskOwner(Protocol):
    """What a desk needs from the model it works in (``CommunityModel`` provides it)."""

    now: float
    p: dict  # the run's parameter values

    next_seq: Callable[[], int]  # a running number that keeps equal sort keys in first-come order

    def at(self, time: float, function: Callable, argument: object) -> list:
        """Call ``function(argument)`` at ``time`` (later the same working day or after)."""
        ...

    def respond(self, issue: Issue) -> None:
        """A staff member answers the resident now, unless someone already has."""
        ...

    def task_done(self, desk: ServiceDesk, issue: Issue, kind: TaskKind) -> None:
        """A desk has finished a task."""
        ...


class _Slot:
    """One server of a desk; holds the task it is working on."""

    __slots__ = ("desk", "task", "started")

    def __init__(self, desk: ServiceDesk):
        self.desk = desk
        self.task = None
        self.started = 0.0


class ServiceDesk(Agent):
    """Someone who works through a queue of issues: staff, a department, a partner….

    Attributes:
        servers: how many people work the queue in parallel.
        base_hours: hours per person per working day for this community.
        speed: hours per person per day left for queue work after reserved activities.
        hours: hours worked, by activity (累计工时).
        owed: ad-hoc hours (call-backs, follow-ups, coordination) by activity, not yet worked.
        partners: the desks that cover for this one when it is busy and whose waiting work
            it takes over when idle (A/B角); usually one.
        duty: the colleagues who make a first contact for this desk when it and its partners
            are all busy (社区值班); the work that follows stays with this desk.
        promised_hours: work queued to follow first contacts not yet made: part of the
            backlog though not yet a task in the queue.
        overtime: hours per person worked beyond the day today (triage under a backlog).
        overtime_hours: overtime granted so far on triage days, all people together (granted,
            not measured as used: a queue that empties early leaves some of it idle).
        away: how many of its people are away (a shock's ``staff_absent``); ``servers``
            counts only those at work.
        lent: queue hours per person per day added by help from outside the community (a
            street's reserve staff, 街道机动人员); set between days, worked from the next one.
    """

    model: DeskOwner

    def __init__(self, model: Model, servers: int, hours_per_day: float):
        """Create a desk of ``servers`` people each working ``hours_per_day``."""
        super().__init__(model)
        self.servers = servers
        self.base_hours = hours_per_day
        self.speed = hours_per_day
        self.reserved = 0.0
        self.partners: tuple[ServiceDesk, ...] = ()
        self.duty: tuple[ServiceDesk, ...] = ()
        self.promised_hours = 0.0
        self.overtime = 0.0
        self.overtime_hours = 0.0
        self.owed: dict[str, float] = {}
        self.owed_total = 0.0
        self.queue: list[Task] = []
        self.hours: defaultdict[str, float] = defaultdict(float)
        self.slots = [_Slot(self) for _ in range(servers)]
        self.idle = list(reversed(self.slots))
        self.done = 0
        self.queued_hours = 0.0
        self.reserve_scale = 1.0  # share of the planned reserved activities that fits in the day
        self.homes: list[int] = []  # households this desk visits, in the order of its rounds
        self.away = 0
        self.lent = 0.0
        self._parked: list[_Slot] = []  # the slots of people away
        self._leaving: list[_Slot] = []  # busy people who leave when their task is done
        self._end = self._finish  # the event that ends a task (bound once: one is scheduled for every task)

    @property
    def busy(self) -> int:
        """Servers working right now (someone away but finishing a task among them)."""
        return self.servers + len(self._leaving) - len(self.idle)

    def submit(self, key: tuple, issue: Issue, kind: TaskKind, parts: tuple, hours: float | None = None) -> None:
        """Hand a task to the desk: start it at once if someone is free, else queue it."""
        if hours is None:
            hours = sum([h for _, h in parts])
        task = _new_task(Task, (key, self.model.next_seq(), issue, kind, parts, hours))
        idle = self.idle
        if idle and self.speed > 0.0:  # (a float against a float: quicker than against 0)
            queue = self.queue
            if queue and queue[0] < task:  # a slot just freed takes the first in line, not the newcomer
                first = heappushpop(queue, task)
                self.queued_hours += hours - first.hours
                task = first
            self._start(idle.pop(), task)
            return
        # The first of the partners, then of the duty rota, with someone free at work.
        for cover in self.partners:
            if cover.idle and cover.speed > 0.0:
                cover._start(cover.idle.pop(), task)  # the partner is free: they take it (A/B角)
                return
        if kind == CONTACT_TASK:
            for cover in self.duty:
                if cover.idle and cover.speed > 0.0:
                    cover._start(cover.idle.pop(), task)  # a free colleague answers the resident (值班)
                    return
        heappush(self.queue, task)
        self.queued_hours += hours

    def _start(self, slot: _Slot, task: Task) -> None:
        slot.task = task
        model = self.model
        slot.started = now = model.now
        _, _, issue, kind, parts, task_hours = task
        hours = self.hours
        for activity, h in parts:
            hours[activity] += h
        if issue.responded != issue.responded and kind != EXTERNAL_TASK:
            model.respond(issue)  # the staff's first contact is the response (首次响应)
        model.at(now + task_hours / self.speed, self._end, slot)

    def _finish(self, slot: _Slot) -> None:
        task, slot.task = slot.task, None
        self.done += 1
        idle = self.idle
        idle.append(slot)
        # The case moves on first: work that follows a contact goes on with the same person.
        self.model.task_done(self, task.issue, task.kind)
        if not idle or self.speed <= 0.0:
            return
        if self.queue:
            self._start(idle.pop(), self._pop())
        else:
            for other in self.partners:
                if other.queue:  # nothing of one's own waits: take the partner's
                    self._start(idle.pop(), other._pop())
                    break

    def _leave(self, slot: _Slot) -> None:
        """A task is done by someone who is away from now on: the case moves on, they take nothing new."""
        task, slot.task = slot.task, None
        self.done += 1
        self._leaving.remove(slot)
        self._parked.append(slot)
        self.model.task_done(self, task.issue, task.kind)

    def set_away(self, n: int, ends: dict[_Slot, list]) -> None:
        """Let ``n`` of the desk's people be away from now on (0: all back).

        Someone idle leaves at once; someone busy finishes the task in hand, then leaves. While
        away, a person takes no work: the desk's other people, its partners and the duty rota
        take it as when everyone is busy.

        Args:
            n: how many are away (fewer than the desk's people).
            ends: the model's events that end the desk's busy tasks (``[time, order,
                function, slot]``), by slot; a leaver's event is pointed at ``_leave``.
        """
        while self.away > n:  # someone comes back: a leaver not yet gone first
            if self._leaving:
                ends[self._leaving.pop()][2] = self._finish
            else:
                self.idle.append(self._parked.pop())
            self.servers += 1
            self.away -= 1
        while self.away < n:
            if self.idle:
                self._parked.append(self.idle.pop())
            else:
                slot = next(s for s in self.slots if s.task is not None and s not in self._leaving)
                self._leaving.append(slot)
                ends[slot][2] = self._leave
            self.servers -= 1
            self.away += 1

    def cover(self) -> None:
        """While someone is free and nothing of one's own waits, take a partner's waiting work."""
        while self.idle and self.speed > 0 and not self.queue:
            other = next((o for o in self.partners if o.queue), None)
            if other is None:
                return
            self._start(self.idle.pop(), other._pop())

    def _pop(self) -> Task:
        task = heappop(self.queue)
        self.queued_hours -= task.hours
        return task

    @property
    def backlog_hours(self) -> float:
        """Hours of casework waiting: the queue, and the work promised behind contacts in it."""
        return self.queued_hours + self.promised_hours

    def backlog_days(self) -> float:
        """Working days the waiting work would take this desk at today's speed."""
        capacity = self.speed * self.servers
        return self.backlog_hours / capacity if capacity > 0 else float("inf")

    def take_waiting(self, predicate: Callable[[Task], bool]) -> list[Task]:
        """Remove and return the queued tasks for which ``predicate(task)`` is true."""
        taken, kept = [], []
        for t in self.queue:
            (taken if predicate(t) else kept).append(t)
        if taken:
            self.queue = kept
            heapify(kept)
            self.queued_hours -= sum(t.hours for t in taken)
        return taken

    def resubmit(self, task: Task, key: tuple | None = None) -> None:
        """Queue a task taken from another desk (keeping its parts)."""
        self.submit(key if key is not None else task.key, task.issue, task.kind, task.parts, task.hours)

    def add_servers(self, n: int) -> None:
        """Add ``n`` people to the desk (before the first day)."""
        self.servers += n
        new = [_Slot(self) for _ in range(n)]
        self.slots.extend(new)
        self.idle[:0] = reversed(new)

    def plan_day(self, reserved: float) -> float:
        """Set today's speed: base hours less reserved activities and the owed time worked today.

        Owed ad-hoc work comes before the queue but leaves at least a tenth of the day
        for it; what does not fit is carried to the next day. Hours are booked as worked.

        Args:
            reserved: hours per server reserved today (at most ``reserved_cap`` of the day).

        Returns:
            Hours per server left for queue work today.
        """
        base, owed_total = self.base_hours, self.owed_total
        self.reserved = reserved
        if not reserved and not owed_total and self.speed == base + self.lent and not self.queue:
            return self.speed  # nothing set aside, owed or waiting: today is like yesterday
        # (max and min written out, as they choose: this runs for every desk every day)
        room = base * self.model.p["reserved_cap"] - reserved
        if not room > 0.0:
            room = 0.0
        pay = 0.0
        if owed_total > 0.0:
            pay = owed_total / self.servers
            if room < pay:
                pay = room
        if pay > 0.0:
            share = pay * self.servers / owed_total
            owed, hours = self.owed, self.hours
            for activity, h in owed.items():
                hours[activity] += h * share
                owed[activity] = h * (1.0 - share)
            self.owed_total -= pay * self.servers
        # At least a tenth of the day is left for the queue; overtime adds to it.
        self.speed = max(base * 0.1, base - reserved - pay) + self.overtime + self.lent
        # e.g. '60 helps 80' helpers when no volunteer is left: the queue waits
        while self.idle and self.queue and self.speed > 0.0:
            self._start(self.idle.pop(), self._pop())
        return self.speed

    def charge(self, activity: str, hours: float) -> None:
        """Owe ad-hoc hours: worked (and booked) from the next day on, before queue work."""
        self.owed[activity] = self.owed.get(activity, 0.0) + hours
        self.owed_total += hours


class CommunityOffice(ServiceDesk):
    """The community office (社区办公室): all staff share one queue, without grids."""


class GridWorker(ServiceDesk):
    """A grid worker (网格员) responsible for one grid (网格): its own queue, its own households.

    Attributes:
        grid: index of the grid this worker answers for.
        cell: the cell the worker is in (for the map).
    """

    def __init__(self, model: Model, grid: int, hours_per_day: float, cell=None):
        """Create the worker of ``grid``."""
        super().__init__(model, 1, hours_per_day)
        self.grid = grid
        self.cell = cell


class CountyDepartment(ServiceDesk):
    """The county departments (县直部门) as one desk: sectoral work for this community."""


class CommunityPartner(ServiceDesk):
    """Community partners (社区合伙人): social organisations and firms under contract."""


class MediationCommittee(ServiceDesk):
    """The mediation committee (调委会) with the compound 'talk it over' team (说事议事)."""


class YoungOldHelpers(ServiceDesk):
    """'60 helps 80' volunteers (60助80): younger elderly helping the very old, pooled."""


class PartyMemberTeam(ServiceDesk):
    """In-service party members who report to the community (双报到), called by the whistle."""


class Household:
    """A household (居民户) living in a building cell.

    Households are passive: they never step, act or decide; issues arise for them in
    batches drawn by the model. So they are plain records that know their cell, not Mesa
    agents: a community of 200,000 households is built without 200,000 agent registrations.

    Attributes:
        cell: the building's cell on the map.
        compound: index of the residential compound (小区).
        grid: index of the grid (网格).
        station: the party–mass service station in the compound, if there is one.
    """

    __slots__ = ("cell", "compound", "grid", "station")

    def __init__(self, cell, compound: int, grid: int):
        """Place a household in ``cell``."""
        self.cell = cell
        self.compound = compound
        self.grid = grid
        self.station = None


class ServiceStation(FixedAgent):
    """A party–mass service station (小区党群服务站) in a compound: residents report close to home.

    Attributes:
        compound: the compound it serves.
        report_boost: share by which it cuts the chance a need goes unreported.
        delay_factor: what it multiplies the delay before a report by.
        channel_share: share of its compound's reports made at the station.
    """

    def __init__(
        self,
        model: Model,
        cell,
        compound: int,
        report_boost: float = 0.0,
        delay_factor: float = 1.0,
        channel_share: float = 0.0,
    ):
        """Open a station in ``cell`` for ``compound``."""
        super().__init__(model)
        self.cell = cell
        self.compound = compound
        self.report_boost = report_boost
        self.delay_factor = delay_factor
        self.channel_share = channel_share


class Volunteer(Agent):
    """A volunteer (志愿者): a patrol observer (巡访人) or a '60 helps 80' helper.

    Attributes:
        role: what the volunteer does (``VolunteerRole``).
        points: volunteer points earned (志愿积分), when points are in use.
    """

    def __init__(self, model: Model, role: VolunteerRole):
        """Recruit a volunteer for ``role``."""
        super().__init__(model)
        self.role = role
        self.points = 0.0


class PartyMember(Agent):
    """An in-service party member reporting to the community (在职党员双报到).

    Members act together, as the party members' desk (``PartyMemberTeam``) the whistle calls.
    """
