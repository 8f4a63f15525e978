"""What the communities of a street share (共享资源), and the street office that shares it.

A street file's optional ``[shared]`` table links its communities::

    [shared]
    departments = true     # the county departments' officers are one pool for the street
    party_members = true   # the in-service party members (在职党员) are one pool
    guaranteed = 0.5       # share of a pool each community keeps by what it brings; the rest follows waiting work
    reserve_staff = 2      # the street office's reserve staff (街道机动人员)
    reserve_days = 5       # working days between two postings of the reserve

Without it (or with everything off) the communities run apart, as ``sim.run`` runs each.

How the pools work (docs/street.md, "Shared help"): the street office plans each working
day from the state at the start of the day before. A pool's hours are what its
communities would have alone (for the departments, officers × hours per officer of each
community). Each community keeps ``guaranteed`` of what it brings; the rest of the pool is
split in proportion to the work waiting in each community's queue for that pool (queued
hours), or, when nothing waits anywhere, in proportion to what each brings. With
``guaranteed = 1`` nothing moves and every community runs exactly as alone. The reserve
staff are posted every ``reserve_days`` working days, one by one, to the community whose
staff have the most waiting casework per person at work (reserve staff already posted
there counted); a reserve member works that community's case queues for its hours per day,
shared among its staff desks by their waiting work. The lag of one day, the split rule and
the posting rule are model assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from ..errors import ScenarioError
from ..model.issues import Route
from .fields import check_keys

SHARED_KEYS = ("departments", "party_members", "guaranteed", "reserve_staff", "reserve_days")
# A task's duration is fixed when it starts, at that day's speed: a desk left with a sliver of
# its hours would take a case many times as long as it should. With at least a quarter of its
# own hours, a case takes at most four times as long as alone.
MIN_GUARANTEED = 0.25
MAX_RESERVE = 10_000
MAX_RESERVE_DAYS = 250


@dataclass(frozen=True)
class Shared:
    """What a street's communities share (``[shared]`` of a street file).

    Attributes:
        departments: the county departments' officers serve the street as one pool.
        party_members: the in-service party members serve the street as one pool.
        guaranteed: share (0.25–1) of a pool each community keeps by what it brings (assumption).
        reserve_staff: staff the street office posts where casework waits most (机动人员).
        reserve_days: working days between two postings of the reserve (assumption).
    """

    departments: bool = False
    party_members: bool = False
    guaranteed: float = 0.5
    reserve_staff: int = 0
    reserve_days: int = 5

    @property
    def linked(self) -> bool:
        """Whether the communities affect each other at all."""
        return self.departments or self.party_members or self.reserve_staff > 0


def _bad(label: str, value: Any, allowed: str) -> ScenarioError:
    return ScenarioError.keyed("street.shared.value", label=label, value=repr(value), allowed=allowed)


def parse_shared(table: dict[str, Any], where: str) -> Shared:
    """Read ``[shared]``; ``where`` goes in front of every message.

    Raises:
        ScenarioError: for an unknown key or a value of the wrong kind or out of range.
    """
    check_keys(table, SHARED_KEYS, f"{where}shared.")
    values: dict[str, Any] = {}
    for key in ("departments", "party_members"):
        if key in table:
            if not isinstance(table[key], bool):
                raise _bad(f"{where}shared.{key}", table[key], "true, false")
            values[key] = table[key]
    if "guaranteed" in table:
        value = table["guaranteed"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not MIN_GUARANTEED <= value <= 1:
            raise _bad(f"{where}shared.guaranteed", value, f"{MIN_GUARANTEED} … 1")
        values["guaranteed"] = float(value)
    for key, high in (("reserve_staff", MAX_RESERVE), ("reserve_days", MAX_RESERVE_DAYS)):
        if key in table:
            value, low = table[key], 0 if key == "reserve_staff" else 1
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise _bad(f"{where}shared.{key}", value, f"{low} … {high}")
            values[key] = value
    return Shared(**values)


def split(pool: list[float], waiting: list[float], guaranteed: float) -> list[float]:
    """Each member's part of a pool, as a multiple of what it brings.

    Args:
        pool: what each member brings (hours a day).
        waiting: the work waiting in each member's queue (hours).
        guaranteed: share of its own hours each member keeps.

    Returns:
        For each member, its hours today over its own hours (1.0: as alone); a member that
        brings nothing gets 0 (it has no desk to work).
    """
    total, wait = sum(pool), sum(waiting)
    weights = waiting if wait > 0 else pool
    weight_total = wait if wait > 0 else total
    return [
        guaranteed + (1.0 - guaranteed) * (w / weight_total) * total / own if own > 0 else 0.0
        for own, w in zip(pool, weights, strict=True)
    ]


class DeskState(NamedTuple):
    """What the street office sees of one desk: work waiting (hours), people at work, hours per person."""

    waiting: float
    servers: int
    base_hours: float


class CommunityState(NamedTuple):
    """What the street office sees of one community at the start of a working day.

    Attributes:
        running: whether the community still has working days to run.
        start: the first observed day (after the warm-up).
        horizon: the day its run ends.
        hours_per_day: hours per staff member per day.
        department: its county departments' desk.
        party: its party members' desk (None: no party members called by the whistle).
        staff: its staff desks, in order (waiting: casework backlog in hours).
    """

    running: bool
    start: float
    horizon: float
    hours_per_day: float
    department: DeskState
    party: DeskState | None
    staff: tuple[DeskState, ...]


class Orders(NamedTuple):
    """What the street office sets in one community for the next working day (None: leave as is).

    Attributes:
        department: hours per department officer.
        party: hours per party member on the party members' desk.
        lent: reserve hours per person for each staff desk, in order.
    """

    department: float | None = None
    party: float | None = None
    lent: tuple[float, ...] | None = None


def read_state(model) -> CommunityState:
    """The state of a community (``CommunityModel``) that the street office plans from."""
    dep = model.department
    team = model.desks[Route.PARTY][0] if model.desks[Route.PARTY] else None
    return CommunityState(
        running=model.time < model.horizon,
        start=model.start,
        horizon=model.horizon,
        hours_per_day=model.p["hours_per_day"],
        department=DeskState(dep.queued_hours, dep.servers, dep.base_hours),
        party=DeskState(team.queued_hours, team.servers, team.base_hours) if team is not None else None,
        staff=tuple(DeskState(d.backlog_hours, d.servers, d.base_hours) for d in model.staff_desks),
    )


def apply_orders(model, orders: Orders) -> None:
    """Set the street office's orders in a community before its next working day."""
    if orders.department is not None:
        model.department.base_hours = orders.department
    if orders.party is not None:
        model.desks[Route.PARTY][0].base_hours = orders.party
    if orders.lent is not None:
        for desk, lent in zip(model.staff_desks, orders.lent, strict=True):
            desk.lent = lent


class StreetOffice:
    """The street office (街道办事处): shares the pools and posts the reserve, day by day.

    It plans from what a community's desks show (``CommunityState``: work waiting, people at
    work) and orders only what a desk takes from outside (``Orders``: hours per person of the
    department and of the party members' desk, ``lent`` hours of staff desks); it draws no
    random numbers, so the same states always give the same orders.

    Attributes:
        posted: reserve staff posted in each community now.
        reserve_days_worked: reserve person-days worked in each community after its warm-up.
        department_hours: department hours each community had after its warm-up.
    """

    def __init__(self, states: list[CommunityState], shared: Shared):
        """Plan for the communities whose states before their first day are ``states``."""
        self.shared = shared
        self.own_department = [s.department.base_hours for s in states]
        self.own_party = [s.party.base_hours if s.party is not None else 0.0 for s in states]
        self.posted = [0] * len(states)
        self.reserve_days_worked = [0.0] * len(states)
        self.department_hours = [0.0] * len(states)

    def plan(self, day: int, states: list[CommunityState]) -> list[Orders]:
        """The orders for working day ``day + 1``, from the states at the start of day ``day``."""
        shared, n = self.shared, len(states)
        active = [s.running for s in states]
        department: list[float | None] = [None] * n
        party: list[float | None] = [None] * n
        lent: list[tuple[float, ...] | None] = [None] * n
        if shared.departments:
            department = self._share([s.department for s in states], self.own_department, active)
        if shared.party_members:
            party = self._share([s.party for s in states], self.own_party, active)
        if shared.reserve_staff and day % shared.reserve_days == 0:
            self._post(states)
        if shared.reserve_staff:
            lent = [self._lend(k, s) for k, s in enumerate(states)]
        for k, s in enumerate(states):
            if s.start <= day + 1 < s.horizon:  # the help of day + 1, an observed day
                hours = department[k] if department[k] is not None else s.department.base_hours
                self.department_hours[k] += hours * s.department.servers
                self.reserve_days_worked[k] += self.posted[k]
        return [Orders(department[k], party[k], lent[k]) for k in range(n)]

    def _share(self, desks: list[DeskState | None], own: list[float], active: list[bool]) -> list[float | None]:
        """Split a pool among the communities still running: hours per person of each desk."""
        out: list[float | None] = [None] * len(desks)
        members = [k for k, desk in enumerate(desks) if desk is not None and active[k]]
        if not members:
            return out
        pool = [own[k] * desks[k].servers for k in members]
        waiting = [desks[k].waiting for k in members]
        for k, factor in zip(members, split(pool, waiting, self.shared.guaranteed), strict=True):
            out[k] = own[k] * factor
        return out

    def _post(self, states: list[CommunityState]) -> None:
        """Post the reserve afresh: one by one where casework per person waits most."""
        self.posted = [0] * len(states)
        waiting = [sum(d.waiting for d in s.staff) for s in states]
        at_work = [sum(d.servers for d in s.staff) for s in states]
        open_ = [k for k, s in enumerate(states) if s.running]
        if not open_:
            return
        for _ in range(self.shared.reserve_staff):
            k = max(open_, key=lambda k: (waiting[k] / (at_work[k] + self.posted[k] + 1), -k))
            self.posted[k] += 1

    def _lend(self, k: int, state: CommunityState) -> tuple[float, ...]:
        """The posted reserve's hours per person of each staff desk, by the desks' waiting work."""
        hours = self.posted[k] * state.hours_per_day
        working = [d for d in state.staff if d.servers]
        if not hours or not working:
            return (0.0,) * len(state.staff)
        total = sum(d.waiting for d in working)
        lent = []
        for d in state.staff:
            share = (d.waiting / total if total > 0 else 1.0 / len(working)) if d.servers else 0.0
            lent.append(hours * share / d.servers if d.servers else 0.0)
        return tuple(lent)
