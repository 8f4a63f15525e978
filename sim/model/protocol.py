"""What a practice may ask of the community and do in it: the interface ``CommunityModel`` offers.

Practices (``sim.model.practices``) are written against this protocol, never against the
model module, so the model can import the practices without an import circle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

import numpy as np

from .agents import Household, ServiceDesk, ServiceStation, Volunteer
from .issues import Channel, Issue, Route, TaskKind


class Community(Protocol):
    """The community as a practice sees it.

    Attributes:
        p: every parameter's value, by name (read only).
        rng: the run's only source of randomness.
        now: the model's clock, in working days since the start (Mesa's ``time`` moves a day at a time).
        households: every household, by index.
        staff_desks: the desks answerable for residents' cases (the office, or one per grid).
        department: the county departments' desk.
        desks: every desk that works cases, by route (the rows of the hours table).
        volunteers: the volunteers active today.
        volunteer_hours: volunteer hours spent on patrols so far (the hours table's volunteers row).
        travel_hours: round trip of a staff member to a household.
        n_grids: how many grids the community is split into (one per staff member).
        stations: the party–mass service stations open in the community (for the map).
        queue_key: the order of work at staff desks: a function of a case and its hours.
        reserve_share: the share of the staff's community-wide reserved work that goes
            ahead today (below 1 when some desks triage under a backlog).
    """

    p: Mapping[str, Any]
    rng: np.random.Generator
    now: float
    households: list[Household]
    staff_desks: list[ServiceDesk]
    department: ServiceDesk
    desks: dict[str, list[ServiceDesk]]
    volunteers: list[Volunteer]
    volunteer_hours: float
    travel_hours: float
    n_grids: int
    stations: list[ServiceStation]
    queue_key: Callable[[Issue, float], tuple]
    reserve_share: float

    # --- asking ------------------------------------------------------------------------
    def staff_desk(self, issue: Issue) -> ServiceDesk:
        """The staff desk answerable for an issue."""
        ...

    def desk_for_grid(self, grid: int) -> ServiceDesk:
        """The staff desk answerable for a grid's households (the office without grids)."""
        ...

    def desk_for_cell(self, cell) -> ServiceDesk:
        """The staff desk answerable for a building's place on the map."""
        ...

    def grid_load(self, grid: int) -> float:
        """The share of the community's issues expected to arise in a grid (from the layout)."""
        ...

    def hidden_issues(self) -> Iterable[Issue]:
        """Issues the community does not know of yet, in order of creation."""
        ...

    def grid_households(self, grid: int) -> list[int]:
        """The households of a grid, in index order."""
        ...

    def compound_households(self, compound: int) -> list[int]:
        """The households of a residential compound, in index order."""
        ...

    def centre_of(self, households: list[int]):
        """The middle building cell of these households (where a desk or station sits)."""
        ...

    def busiest_compounds(self, n: int) -> list[int]:
        """The ``n`` compounds with the most issues per household, in index order."""
        ...

    def fix_hours(self, issue: Issue, by_staff: bool) -> tuple[float, float]:
        """Hands-on hours of a case's fix and the extra hours of the standard process."""
        ...

    # --- doing -------------------------------------------------------------------------
    def open_station(self, station: ServiceStation, households: list[int]) -> None:
        """Let these households report at a station."""
        ...

    def add_desk(self, route: Route, desk: ServiceDesk) -> None:
        """Put a desk to work for a route (its hours are counted from now on)."""
        ...

    def use_staff(
        self,
        desks: list[ServiceDesk],
        desk_of_grid: Callable[[int], ServiceDesk],
        travel: float | None = None,
        gridded: bool = False,
    ) -> None:
        """Replace the staff desks (before the first day), e.g. one worker per grid."""
        ...

    def find_in(
        self, homes: Iterable[int], channel: Channel, detect: float, category: int | None = None, at_door=False
    ) -> None:
        """Look for hidden needs in these households; each is found with chance ``detect``."""
        ...

    def discover(self, issue: Issue, channel: Channel | None = None, at_door: bool = False) -> None:
        """The community learns of an issue: it joins the answerable desk's queue."""
        ...

    def respond(self, issue: Issue) -> None:
        """A staff member answers the resident now (首次响应)."""
        ...

    def hand_to(self, desk: ServiceDesk, issue: Issue, key: tuple, parts: tuple, kind=TaskKind.EXTERNAL) -> None:
        """Give a case's work to a desk."""
        ...

    def pending_work(self, issue: Issue) -> tuple:
        """Take away the work queued to follow a case's first contact: its ``(activity, hours)`` parts."""
        ...

    def call_first(self, hours: float) -> None:
        """Staff call the resident at once (先行联系): a short call, first in every queue."""
        ...

    def schedule(self, time: float, issue: Issue, action: Callable[[Issue], None]) -> None:
        """Run ``action(issue)`` at ``time``."""
        ...

    def at(self, time: float, function: Callable, argument: object) -> list:
        """Call ``function(argument)`` at ``time`` (practices never use Mesa's event list directly)."""
        ...
