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
from typing import Any

from ..errors import ScenarioError
from ..model.issues import Route

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
    for key in table:
        if key not in SHARED_KEYS:
            raise ScenarioError.keyed(
                "street.unknown_key", where=f"{where}shared.", key=key, keys=", ".join(SHARED_KEYS)
            )
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


class StreetOffice:
    """The street office (街道办事处): shares the pools and posts the reserve, day by day.

    It reads only what a community's desks show (queued hours, people at work) and sets
    only what a desk takes from outside (``base_hours`` of the department and the party
    members' team, ``lent`` hours of staff desks); it draws no random numbers.

    Attributes:
        posted: reserve staff posted in each community now.
        reserve_days_worked: reserve person-days worked in each community after its warm-up.
        department_hours: department hours each community had after its warm-up.
    """

    def __init__(self, models: list, shared: Shared):
        """Link the communities ``models`` (``CommunityModel``, built, not yet run)."""
        self.models, self.shared = models, shared
        self.departments = [m.department for m in models]
        self.own_department = [d.base_hours for d in self.departments]
        self.teams = [m.desks[Route.PARTY][0] if m.desks[Route.PARTY] else None for m in models]
        self.own_party = [t.base_hours if t is not None else 0.0 for t in self.teams]
        self.posted = [0] * len(models)
        self.reserve_days_worked = [0.0] * len(models)
        self.department_hours = [0.0] * len(models)

    def plan(self, day: int) -> None:
        """Set the help each community has on working day ``day + 1``, from its state now."""
        shared = self.shared
        active = [m.time < m.horizon for m in self.models]
        if shared.departments:
            self._share(self.departments, self.own_department, active)
        if shared.party_members:
            self._share(self.teams, self.own_party, active)
        if shared.reserve_staff and day % shared.reserve_days == 0:
            self._post(active)
        if shared.reserve_staff:
            self._lend()
        for k, m in enumerate(self.models):
            if m.start <= day + 1 < m.horizon:  # the help of day + 1, an observed day
                self.department_hours[k] += self.departments[k].base_hours * self.departments[k].servers
                self.reserve_days_worked[k] += self.posted[k]

    def _share(self, desks: list, own: list[float], active: list[bool]) -> None:
        """Split a pool among the communities still running: ``base_hours`` of each desk."""
        members = [k for k, desk in enumerate(desks) if desk is not None and active[k]]
        if not members:
            return
        pool = [own[k] * desks[k].servers for k in members]
        waiting = [desks[k].queued_hours for k in members]
        for k, factor in zip(members, split(pool, waiting, self.shared.guaranteed), strict=True):
            desks[k].base_hours = own[k] * factor

    def _post(self, active: list[bool]) -> None:
        """Post the reserve afresh: one by one where casework per person waits most."""
        self.posted = [0] * len(self.models)
        waiting = [sum(d.backlog_hours for d in m.staff_desks) for m in self.models]
        at_work = [sum(d.servers for d in m.staff_desks) for m in self.models]
        open_ = [k for k in range(len(self.models)) if active[k]]
        if not open_:
            return
        for _ in range(self.shared.reserve_staff):
            k = max(open_, key=lambda k: (waiting[k] / (at_work[k] + self.posted[k] + 1), -k))
            self.posted[k] += 1

    def _lend(self) -> None:
        """The posted reserve's hours go to the staff desks of its community, by their waiting work."""
        for k, m in enumerate(self.models):
            for desk in m.staff_desks:
                desk.lent = 0.0
            desks = [d for d in m.staff_desks if d.servers]
            hours = self.posted[k] * m.p["hours_per_day"]
            if not hours or not desks:
                continue
            waiting = [d.backlog_hours for d in desks]
            total = sum(waiting)
            for desk, w in zip(desks, waiting, strict=True):
                share = w / total if total > 0 else 1.0 / len(desks)
                desk.lent = hours * share / desk.servers
