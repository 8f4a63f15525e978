"""Issues (诉求): the records the model tracks from the moment a need arises to closure."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

NAN = float("nan")


class State(IntEnum):
    """Where an issue is in its life. Every issue is in exactly one state."""

    HIDDEN = 0  # the need exists, the community does not know (隐性需求)
    WAITING = 1  # known, nobody has answered the resident yet (待响应)
    IN_PROGRESS = 2  # answered, work under way: staff, partner, mediation or department (办理中)
    RESOLVED = 3  # fixed, waiting for the call-back or for the resident to come back (已办结待回访)
    CLOSED = 4  # closed (已结案)


# How the community came to know of an issue (发现渠道).
CHANNELS = ("report", "hotline", "station", "visit", "patrol", "survey", "inspection", "incident")
PROACTIVE = frozenset({"visit", "patrol", "survey", "inspection"})

# Who did the hands-on work (办理主体).
HANDLERS = ("staff", "department", "partner", "mediation", "helpers", "party")


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
        route: who will do the fix (one of HANDLERS).
        channel: how it became known (one of CHANNELS), empty while hidden.
        reopened: how many times a fix failed and the case was reopened (返工).
        satisfied: the resident's verdict at closure (None until closed).
        whistled: the whistle was blown for it (社区吹哨).
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
        "handler",
        "_action",
        "_event",
        "__weakref__",
    )

    def __init__(self, uid: int, category: int, household: int, grid: int, compound: int, created: float):
        """Create a hidden issue that arose at ``created``."""
        self.uid = uid
        self.category = category
        self.household = household
        self.grid = grid
        self.compound = compound
        self.created = created
        self.urgent = False
        self.hours = 0.0
        self.route = "staff"
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
        self._action: Callable[[Issue], None] | None = None
        self._event = None

    def __call__(self) -> None:
        """Run the action scheduled for this issue.

        The issue is itself the callback of its pending event: events hold callbacks
        by weak reference, and the issue log keeps every issue alive.
        """
        action, self._action = self._action, None
        action(self)
