"""The start of a working day (工作日安排): volunteers come and go, staff set hours aside.

At the start of each day every staff desk reserves the hours its practices ask for
(surveys, inspections, visits, station duty…), at most ``reserved_cap`` of the day. When
a desk's queued casework exceeds ``triage_backlog`` working days, its staff triage: the
reserved activities yield for the day and they work up to ``overtime_hours`` longer.
Both are behavioural assumptions (docs/ODD.md §7.7). Staff away (a shock's ``staff_absent``)
neither reserve hours nor plan a day: the community-wide hours are shared by those at work.
"""

from __future__ import annotations

from .agents import ServiceDesk
from .calendar import DAYS_PER_MONTH
from .issues import Route


def volunteers_come_and_go(model) -> None:
    """Volunteers leave and join at monthly rates that practices may change (志愿者流动)."""
    p, rng = model.p, model.rng
    leave = p["volunteer_leave"] / DAYS_PER_MONTH
    join = p["volunteer_join"] / DAYS_PER_MONTH
    for change in model._hooks["volunteer_rates"]:
        leave, join = change(leave, join)
    if model.volunteers:
        draws = rng.random(len(model.volunteers)).tolist()
        if min(draws) < leave:  # someone leaves (on most days nobody does)
            stay = []
            for v, u in zip(model.volunteers, draws, strict=True):
                if u < leave:
                    v.remove()
                else:
                    stay.append(v)
            model.volunteers = stay
    for _ in range(int(rng.poisson(join))):
        model.volunteers.append(model._recruit())
    for act in model._hooks["volunteers_changed"]:
        act()


def reserve_time(model) -> list[tuple[ServiceDesk, float]]:
    """Hours per person each desk sets aside today, booked by activity; triage applied.

    Args:
        model: the community model (``CommunityModel``).

    Returns:
        ``(desk, reserved hours per person)`` for every desk that works cases.
    """
    p = model.p
    staff = model.staff_desks
    servers = sum([d.servers for d in staff])
    shared = {}
    for ask in model._hooks["shared_hours"]:
        for activity, hours in ask().items():
            shared[activity] = shared.get(activity, 0.0) + hours / servers
    key = tuple(shared.items())
    if key != model._reserve_key:  # the plan changes only when the shared hours do (or a shock acts)
        # A desk whose people are all away (a shock's staff_absent) plans nothing and works nothing.
        plan = [_desk_plan(model, desk, shared) for desk in staff if desk.servers]
        model._reserve_key, model._reserve_plan = key, plan
    alarm, overtime = p["triage_backlog"], p["overtime_hours"]
    out, triaged = [], 0
    for desk, scale, total, booked in model._reserve_plan:
        if alarm > 0 and desk.backlog_hours > alarm * desk.base_hours * desk.servers:
            desk.reserve_scale, desk.overtime = 0.0, overtime  # cases first today, and stay late
            desk.overtime_hours += overtime * desk.servers
            triaged += desk.servers
            out.append((desk, 0.0))
            continue
        desk.reserve_scale, desk.overtime = scale, 0.0
        hours = desk.hours
        for activity, h in booked:
            hours[activity] += h
        out.append((desk, total))
    model.reserve_share = 1.0 - triaged / servers
    staff_route = Route.STAFF
    for route, desks in model.desks.items():
        if route != staff_route:
            out.extend([(desk, 0.0) for desk in desks])
    return out


def _desk_plan(model, desk: ServiceDesk, shared: dict[str, float]) -> tuple:
    """A staff desk's reserved hours: the share that fits, the total and the hours booked by activity."""
    per = dict(shared)
    for ask in model._hooks["desk_hours"]:
        for activity, hours in ask(desk).items():
            per[activity] = per.get(activity, 0.0) + hours
    total = sum(per.values())
    # Reserved work cannot take more than its cap of the day: all of it shrinks alike.
    cap = model.p["reserved_cap"]
    scale = min(1.0, cap * desk.base_hours / total) if total > 0 else 1.0
    booked = [(activity, h * scale * desk.servers) for activity, h in per.items() if h]
    return desk, scale, total * scale, booked


def begin_observation(model) -> None:
    """The warm-up is over: note the hours booked so far, so the metrics leave them out."""
    model.observed_from = {
        "desks": {id(desk): (dict(desk.hours), desk.overtime_hours) for ds in model.desks.values() for desk in ds},
        "volunteer_hours": model.volunteer_hours,
    }
