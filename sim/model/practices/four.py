"""Component 4 — four integrations (四融).

* ``PatrolTeam``: volunteers walk the compounds weekly and spot visible problems (巡访观察).
* ``Whistle``: cases stuck too long call in party members and hurry departments (社区吹哨),
  with the in-service party members who report to the community (在职党员双报到).
* ``Mediation``: the mediation committee and its on-site team take disputes (调委会、说事议事).
* ``SixtyHelpsEighty``: '60 helps 80' volunteers take elderly care (60助80).
* ``Partners``: community partners take repairs and care under contract (社区合伙人).
* ``CadrePairing``: cadres paired with the community bring more department officers (干部包联).
* ``VolunteerPoints``: points keep volunteers longer and bring more in (志愿积分).
* ``ServiceStations``: party–mass service stations inside compounds (小区党群服务站).
"""

from __future__ import annotations

import math

from ...params import CATEGORIES
from ..agents import (
    CommunityPartner,
    MediationCommittee,
    PartyMember,
    PartyMemberTeam,
    ServiceDesk,
    ServiceStation,
    YoungOldHelpers,
)
from ..calendar import DAYS_PER_MONTH, DAYS_PER_QUARTER, DAYS_PER_WEEK
from ..issues import Activity, Channel, Issue, Route, TaskKind, VolunteerRole
from .base import HelpingDesk, Practice

MEDIATION = Route.MEDIATION  # read for every case (a global costs less than an enum member)


class PatrolTeam(Practice):
    """The visiting-and-watching team (巡访观察队): volunteers in the patrol role walk once a week.

    Each patroller looks at ``patrol_households`` households; a visible hidden problem in the
    area covered is spotted with chance ``patrol_detect``. Cost: the volunteers' hours.
    """

    key = "patrol"
    component = "4"
    levers = ("patrol",)
    params = ("patrol_households", "patrol_detect", "patrol_every", "volunteer_hours")
    searches = True

    def setup(self) -> None:
        """Which categories a walk can see."""
        self.visible = [c.visible for c in CATEGORIES]

    def new_day(self) -> None:
        """On the weekly walking day, patrollers look for visible problems."""
        community, p = self.community, self.p
        if round(community.now) % self.p["patrol_every"]:
            return
        patrol = VolunteerRole.PATROL
        patrollers = sum([v.role == patrol for v in community.volunteers])
        if not patrollers:
            return
        community.volunteer_hours += patrollers * p["volunteer_hours"]
        coverage = min(1.0, patrollers * p["patrol_households"] / len(community.households))
        detect = coverage * p["patrol_detect"]
        now, visible = community.now, self.visible
        pool = [i for i in community.hidden_issues() if i.created <= now and visible[i.category]]
        hits = community.rng.random(len(pool)) < detect
        for issue, hit in zip(pool, hits.tolist(), strict=True):
            if hit:
                community.discover(issue, Channel.PATROL)


_OWN_WORK = (TaskKind.CONTACT, TaskKind.MAIN)  # the staff's tasks on a case (not work handed on)


class Whistle(Practice):
    """The community blows the whistle (社区吹哨) for cases waiting over ``whistle_days``.

    A staff case that has waited too long goes to the reporting party members, first in
    line; a department case goes to the front of the department's queue, and a case on its
    way to a department arrives by the deadline. Party members (``party_members``, each
    ``party_hours`` a quarter) take cases only when whistled.
    """

    key = "whistle"
    component = "4"
    levers = ("whistle_days", "party_members")
    params = ("party_hours",)

    team: PartyMemberTeam | None = None

    def setup(self) -> None:
        """Register the party members; they serve as one team when they have hours."""
        community, p = self.community, self.p
        self.members = [PartyMember(community) for _ in range(p["party_members"])]
        hours = p["party_members"] * p["party_hours"] / DAYS_PER_QUARTER
        if p["party_members"] > 0 and hours > 0:
            self.team = PartyMemberTeam(community, 1, hours)
            community.add_desk(Route.PARTY, self.team)

    def new_day(self) -> None:
        """Blow the whistle for every case that has waited too long."""
        community = self.community
        limit = community.now - self.p["whistle_days"]
        if self.team is not None:
            for desk in community.staff_desks:
                if not any(t.issue.discovered < limit for t in desk.queue):  # most days nothing is stuck
                    continue
                stuck = desk.take_waiting(
                    lambda t: t.kind in _OWN_WORK and t.issue.route == Route.STAFF and t.issue.discovered < limit
                )
                for task in stuck:
                    issue = task.issue
                    issue.whistled = True
                    issue.route = Route.PARTY
                    community.respond(issue)  # taking the case up answers the resident, if nobody has
                    # a case not yet contacted goes with the work that was to follow the contact
                    parts = task.parts + community.pending_work(issue)
                    community.hand_to(self.team, issue, (0, issue.due), parts, TaskKind.EXTERNAL)
        department = community.department
        if not any(t.issue.discovered < limit for t in department.queue):
            return
        for task in department.take_waiting(lambda t: not t.issue.whistled and t.issue.discovered < limit):
            task.issue.whistled = True
            department.resubmit(task, (0, task.issue.due))

    def department_arrival(self, issue: Issue, arrive: float) -> float:
        """A case still on its way when the deadline passes is called in by the whistle."""
        now, deadline = self.community.now, issue.discovered + self.p["whistle_days"]
        if arrive > deadline and arrive > now:
            issue.whistled = True
            return max(now, deadline)
        return arrive

    def reopened(self, issue: Issue) -> None:
        """The whistle was for the first attempt: a failed fix goes back to staff."""
        if issue.route == Route.PARTY:
            issue.route = Route.STAFF


class Mediation(HelpingDesk):
    """The mediation committee with the compound 'talk it over' team (调委会、说事议事).

    It takes disputes (working ``mediation_hours`` a day); the answerable staff member attends
    (``mediation_attend`` hours). Mediated disputes fail ``mediation_rework`` as often.
    """

    key = "mediation"
    component = "4"
    levers = ("mediation",)
    params = ("mediation_hours", "mediation_rework", "mediation_attend")
    route_served = Route.MEDIATION
    categories = ("dispute",)

    def make_desk(self) -> ServiceDesk:
        """The committee, as one desk."""
        return MediationCommittee(self.community, 1, self.p["mediation_hours"])

    def take(self, issue: Issue) -> None:
        """The staff member attends; the committee does the work."""
        self.community.staff_desk(issue).charge(Activity.MEDIATION, self.p["mediation_attend"])
        super().take(issue)

    def miss_chance(self, issue: Issue, chance: float) -> float:
        """Disputes settled face to face come back less often."""
        return chance * self.p["mediation_rework"] if issue.handler == MEDIATION else chance


class SixtyHelpsEighty(HelpingDesk):
    """'60 helps 80' (60助80): a share ``young_old_share`` of volunteers help the very old.

    The helpers work as one desk with their weekly ``volunteer_hours`` and take elderly care.
    """

    key = "young_old"
    component = "4"
    levers = ("young_old_share",)
    params = ("volunteer_hours",)
    route_served = Route.HELPERS
    categories = ("elderly",)

    def make_desk(self) -> ServiceDesk:
        """The helpers, pooled; their hours follow how many of them there are."""
        return YoungOldHelpers(self.community, 1, 0.0)

    def volunteer_role(self, u: float, role: VolunteerRole) -> VolunteerRole:
        """A new volunteer joins the helpers with chance ``young_old_share``."""
        return VolunteerRole.YOUNG_OLD if u < self.p["young_old_share"] else role

    def volunteers_changed(self) -> None:
        """Today's helper hours, from today's helpers."""
        young_old = VolunteerRole.YOUNG_OLD
        n = sum([v.role == young_old for v in self.community.volunteers])
        self.desk.base_hours = n * self.p["volunteer_hours"] / DAYS_PER_WEEK


class Partners(HelpingDesk):
    """Community partners (社区合伙人): social organisations and firms, ``partner_hours`` a week.

    They take repairs and care (the categories marked for partners).
    """

    key = "partners"
    component = "4"
    levers = ("partner_hours",)
    route_served = Route.PARTNER
    categories = tuple(c.key for c in CATEGORIES if c.partner)

    def make_desk(self) -> ServiceDesk:
        """The partners, as one desk."""
        return CommunityPartner(self.community, 1, self.p["partner_hours"] / DAYS_PER_WEEK)


class CadrePairing(Practice):
    """Cadres paired with the community (干部包联): departments add ``pairing_extra`` more officers."""

    key = "cadre_pairing"
    component = "4"
    levers = ("cadre_pairing",)
    params = ("pairing_extra",)

    def setup(self) -> None:
        """More case officers serve the community."""
        department = self.community.department
        department.add_servers(math.ceil(department.servers * self.p["pairing_extra"]))


class VolunteerPoints(Practice):
    """Volunteer points (志愿积分): volunteers stay longer and more join.

    Cost: ``points_admin_hours`` per volunteer a month, shared by all staff. Effect: the
    leaving rate times ``points_retention``, the joining rate times ``points_recruitment``.
    """

    key = "volunteer_points"
    component = "4"
    levers = ("volunteer_points",)
    params = ("points_admin_hours", "volunteer_hours", "points_retention", "points_recruitment")

    def volunteer_rates(self, leave: float, join: float) -> tuple[float, float]:
        """Points keep volunteers and attract new ones."""
        return leave * self.p["points_retention"], join * self.p["points_recruitment"]

    def volunteers_changed(self) -> None:
        """Every volunteer earns today's points."""
        per_day = self.p["volunteer_hours"] / DAYS_PER_WEEK
        for v in self.community.volunteers:
            v.points += per_day

    def shared_hours(self) -> dict[str, float]:
        """Running the points takes staff time."""
        return {
            Activity.VOLUNTEER_ADMIN: self.p["points_admin_hours"] * len(self.community.volunteers) / DAYS_PER_MONTH
        }


class ServiceStations(Practice):
    """Party–mass service stations (小区党群服务站) in the ``stations`` busiest compounds.

    Effect: residents of those compounds leave fewer needs unreported and report sooner,
    most of them at the station. Cost: ``station_hours`` a day of duty for the staff desk
    answerable for the station's place.
    """

    key = "stations"
    component = "4"
    levers = ("stations",)
    params = ("station_hours", "station_report_boost", "station_delay_factor", "station_channel_share")

    def setup(self) -> None:
        """Open the stations and tell their compounds' households."""
        community = self.community
        self.stations: list[ServiceStation] = []
        self.duty: dict[ServiceDesk, float] = {}
        for c in community.busiest_compounds(self.p["stations"]):
            station = ServiceStation(
                community,
                community.centre_of(community.compound_households(c)),
                c,
                report_boost=self.p["station_report_boost"],
                delay_factor=self.p["station_delay_factor"],
                channel_share=self.p["station_channel_share"],
            )
            self.stations.append(station)
            community.open_station(station, community.compound_households(c))
        community.stations = self.stations

    def desk_hours(self, desk: ServiceDesk) -> dict[str, float]:
        """Station duty per person of the desk answerable for the stations' places."""
        if not self.duty:
            for s in self.stations:
                d = self.community.desk_for_cell(s.cell)
                self.duty[d] = self.duty.get(d, 0.0) + self.p["station_hours"]
        hours = self.duty.get(desk)
        return {Activity.STATION: hours / desk.servers} if hours else {}
