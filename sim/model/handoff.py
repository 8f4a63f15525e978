"""The hand-off to the county departments (转办): the submodel of docs/ODD.md §7.8.

The staff coordinate the hand-off; the departments may pass the case back and forth
(推诿) before one takes it, and it may stall on the way. Practices shorten the delay,
make passing back rarer or chase a stalled case through hooks.
"""

from __future__ import annotations

from .issues import Activity, Issue


def department_delay(model, issue: Issue, staff) -> float:
    """Working days until a case handed on reaches the departments; the staff's hours are charged.

    Args:
        model: the community model (``CommunityModel``).
        issue: the case handed on.
        staff: the staff desk that hands it on (charged the coordination hours).
    """
    p, rng, hooks = model.p, model.rng, model._hooks
    staff.charge(Activity.COORDINATION, p["coordination_hours"])
    mean_delay = p["handoff_delay"]
    for change in hooks["handoff_delay"]:
        mean_delay = change(mean_delay)
    delay = rng.exponential(mean_delay) if mean_delay > 0 else 0.0
    bounce = p["buck_passing"]
    for change in hooks["bounce_chance"]:
        bounce = change(bounce)
    while issue.bounces < p["max_bounces"] and rng.random() < bounce:
        issue.bounces += 1
        staff.charge(Activity.COORDINATION, p["bounce_hours"])
        delay += rng.exponential(mean_delay) if mean_delay > 0 else 0.0
    if rng.random() < p["stall_chance"]:
        issue.stalled = True
        wait = None
        for chase in hooks["stalled"]:
            wait = chase(issue, staff)
            if wait is not None:
                break
        if wait is None:
            wait = rng.exponential(p["stall_days"]) if p["stall_days"] > 0 else 0.0
        delay += wait
    return delay
