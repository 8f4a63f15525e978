"""Issues (诉求): the records the model tracks from the moment a need arises to closure."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum, StrEnum
from typing import NamedTuple

NAN = float("nan")


class State(IntEnum):
    """Where an issue is in its life. Every issue is in exactly one state."""

    HIDDEN = 0  # the need exists, the community does not know (隐性需求)
    WAITING = 1  # known, nobody has answered the resident yet (待响应)
    IN_PROGRESS = 2  # answered, work under way: staff, partner, mediation or department (办理中)
    RESOLVED = 3  # fixed, waiting for the call-back or for the resident to come back (已办结待回访)
    CLOSED = 4  # closed (已结案)


class Channel(StrEnum):
    """How the community came to know of an issue (发现渠道)."""

    REPORT = "report"  # the resident came or called (居民反映)
    HOTLINE = "hotline"  # forwarded from the 12345 hotline (12345热线)
    STATION = "station"  # told at a compound's service station (党群服务站)
    VISIT = "visit"  # found on a household visit (入户走访)
    PATROL = "patrol"  # spotted on a volunteer patrol (巡访观察)
    SURVEY = "survey"  # found by a needs survey (问需调查)
    INSPECTION = "inspection"  # found by a hazard inspection (隐患排查)
    INCIDENT = "incident"  # a hidden hazard that became an incident (事故)


CHANNELS = tuple(Channel)
PROACTIVE = frozenset({Channel.VISIT, Channel.PATROL, Channel.SURVEY, Channel.INSPECTION})


class Route(StrEnum):
    """Who does the hands-on work of a case (办理主体); also a row of the hours table."""

    STAFF = "staff"  # community staff: the office or the grid worker (社区工作人员)
    DEPARTMENT = "department"  # county departments (县直部门)
    PARTNER = "partner"  # community partners (社区合伙人)
    MEDIATION = "mediation"  # the mediation committee (调委会)
    HELPERS = "helpers"  # '60 helps 80' volunteers (60助80)
    PARTY = "party"  # reporting party members, called by the whistle (报到党员)


class Activity(StrEnum):
    """What desk hours are spent on (工时去向); practices may book activities of their own."""

    CONTACT = "contact"
    LISTENING = "listening"
    TRAVEL = "travel"
    FIX = "fix"
    PROCESS = "process"
    VISITS = "visits"
    STATION = "station"
    SURVEY = "survey"
    INSPECTION = "inspection"
    FOLLOW_UP = "follow_up"
    CALLBACK = "callback"
    COORDINATION = "coordination"
    MEDIATION = "mediation"
    VOLUNTEER_ADMIN = "volunteer_admin"
    DEPARTMENT = "department"
    PATROL = "patrol"


class VolunteerRole(StrEnum):
    """What a volunteer does (志愿者角色)."""

    PATROL = "patrol"  # walks the compounds and looks (巡访人)
    YOUNG_OLD = "young_old"  # a younger elderly person helping the very old (60助80)


class TaskKind(StrEnum):
    """Whether a desk task is the staff's own work on a case or work handed to another desk."""

    CONTACT = "contact"  # the staff's first contact with the resident (首次联系), before the work
    MAIN = "main"  # the answerable staff desk's work on the case: travel, and the fix if staff do it
    EXTERNAL = "external"  # work at a department, partner, helpers, mediation or party desk


class Task(NamedTuple):
    """One piece of work waiting at (or being done by) a desk.

    Attributes:
        key: the queue's sort key (smaller first), from the order of work.
        seq: a running number that keeps equal keys in first-come order.
        issue: the case the work is for.
        kind: the staff's own task or work handed on.
        parts: ``(activity, hours)`` pairs the task consists of.
        hours: their sum.
    """

    key: tuple
    seq: int
    issue: Issue
    kind: TaskKind
    parts: tuple
    hours: float


class Issue:
    """One resident issue (诉求) and its history.

    Times are in working days since the start. ``discovered`` is when the community
    learns of it, ``responded`` when a staff member first answers the resident,
    ``resolved`` when the (last) fix is done and ``closed`` when the case is closed.

    Attributes:
        uid: running number.
        category: index into ``params.CATEGORIES``.
        household: index of the household.
        grid: index of the grid (网格) the household belongs to.
        compound: index of the residential compound (小区).
        urgent: True for same-day cases.
        hours: hands-on handling time of the fix, in hours.
        route: who will do the fix.
        channel: how it became known, empty while hidden.
        reopened: how many times a fix failed and the case was reopened (返工).
        satisfied: the resident's verdict at closure (None until closed).
        whistled: the whistle was blown for it (社区吹哨).
        unresolvable: the need cannot be resolved, however well it is handled (无法解决).
        repeats: times the resident had to come back about it (重复反映).
        asks: the resident reports the need (or would have, had nobody found it first).
        escalated: still open past its time limit, the resident called the 12345 hotline
            about it (催办), so the hotline's assessment counts it.
        u_route, u_miss, u_satisfied, u_call: the issue's own uniform draws, made when it
            arises, for whether a department must handle it, whether its first fix misses,
            whether the resident is satisfied at closure and whether they call the hotline
            once the limit passes. An issue carries its chances with it, so scenarios run
            on the same seed decide the same issue alike (common random numbers).
    """

    __slots__ = (
        "uid",
        "category",
        "household",
        "grid",
        "compound",
        "urgent",
        "hours",
        "route",
        "channel",
        "state",
        "created",
        "discovered",
        "responded",
        "resolved",
        "closed",
        "due",
        "reopened",
        "bounces",
        "stalled",
        "whistled",
        "satisfied",
        "wrong_fix",
        "unresolvable",
        "repeats",
        "asks",
        "escalated",
        "handler",
        "u_route",
        "u_miss",
        "u_satisfied",
        "u_call",
        "_next",
        "_event",
    )

    def __init__(
        self,
        uid: int,
        category: int,
        household: int,
        grid: int,
        compound: int,
        created: float,
        urgent: bool = False,
        hours: float = 0.0,
        unresolvable: bool = False,
        draws: Sequence[float] = (1.0, 1.0, 0.0, 1.0),
    ):
        """Create a hidden issue that arose at ``created`` (with what was drawn for it: urgent, hours, unresolvable).

        ``draws`` are its own uniforms ``u_route, u_miss, u_satisfied, u_call``; the default
        never sends it to a department, never misses, satisfies and never calls.
        """
        self.uid = uid
        self.category = category
        self.household = household
        self.grid = grid
        self.compound = compound
        self.created = created
        self.urgent = urgent
        self.hours = hours
        self.route = Route.STAFF
        self.handler = ""
        self.channel = ""
        self.state = State.HIDDEN
        self.discovered = self.responded = self.resolved = self.closed = self.due = NAN
        self.reopened = 0
        self.bounces = 0
        self.stalled = False
        self.whistled = False
        self.satisfied: bool | None = None
        self.wrong_fix = False
        self.unresolvable = unresolvable
        self.repeats = 0
        self.asks = False
        self.escalated = False
        self.u_route, self.u_miss, self.u_satisfied, self.u_call = draws
        self._next: tuple | None = None  # the staff's work waiting for the first contact to finish
        self._event: list | None = None  # the pending entry in the model's event heap
