"""Issue arrival and reporting (诉求的产生与反映): the submodels of docs/ODD.md §7.2–7.4.

Issues arise for households as a Poisson process with uneven rates; each is hidden
until the community learns of it. A resident reports it (in person, by the 12345
hotline or at a station next door) with a chance and after a delay that depend on its
category; a hidden hazard nobody reports becomes an incident in time. The tables a day's
issues are drawn from are built here too, and rebuilt when a shock scales the arrivals.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from ..params import ARRIVAL_SCALE_KEYS, CATEGORY_KEYS, SEASON_KEYS
from .calendar import DAYS_PER_YEAR
from .issues import Channel, Issue, State


def arrival_tables(p: dict) -> tuple[np.ndarray, float]:
    """The cumulative shares of the categories among new issues, and the mean number a day.

    Each category's rate is its share of ``issues_per_household`` times its ``arrival_scale``,
    for the households there and those of a new compound (``new_households``).
    With every scale at 1 the tables are the unscaled ones, number for number.

    Args:
        p: the parameter values in force.
    """
    share = np.array([p[f"categories.{k}.share"] for k in CATEGORY_KEYS])
    share = share / share.sum()
    per_day = p["issues_per_household"] * (p["households"] + p["new_households"]) / DAYS_PER_YEAR
    scale = [p[k] for k in ARRIVAL_SCALE_KEYS]
    if any(s != 1.0 for s in scale):  # only then: all-ones keeps today's numbers exactly
        share = share * np.array(scale)
        total = float(share.sum())
        per_day *= total
        if total > 0:
            share = share / total
    cum = np.cumsum(share)
    cum[-1] = 1.0
    return cum, per_day


def category_tables(model) -> None:
    """Set the tables a day's new issues are drawn from: by category, and the seasonal profile."""
    p = model.p
    cat = [f"categories.{k}." for k in CATEGORY_KEYS]
    model.cat_cum_arr, model.arrivals_per_day = arrival_tables(p)
    model.i_property = CATEGORY_KEYS.index("property")
    season = np.array([p[k] for k in SEASON_KEYS])
    model.season = (season / season.mean() if season.sum() > 0 else np.ones(12)).tolist()
    model.cat_report = [p[c + "report"] for c in cat]
    model.cat_hours = [p[c + "hours"] for c in cat]
    model.cat_sigma = [p[c + "sigma"] for c in cat]
    model.cat_limit = [p[c + "limit"] for c in cat]
    model.cat_urgent = [p[c + "urgent"] for c in cat]
    model.cat_department = [p[c + "department"] for c in cat]
    model.i_hazard = CATEGORY_KEYS.index("hazard")
    model._search_tables = None  # (see _search_lists)


def _search_lists(model) -> tuple[list[float], list[float], list[float]]:
    """The cumulative tables a day's draws are looked up in, as lists (kept until a table is replaced).

    A few lookups a day cost less with ``bisect`` on a list than with a numpy call each;
    ``bisect_right`` finds the same index as ``searchsorted(side="right")``.
    """
    layout = model.layout
    arrays = (model.cat_cum_arr, layout.cum_weight, layout.cum_weight_other)
    kept = model._search_tables
    if kept is None or any(a is not b for a, b in zip(kept[0], arrays, strict=True)):
        kept = model._search_tables = (arrays, tuple(a.tolist() for a in arrays))
    return kept[1]


def hazards_become_incidents(model) -> None:
    """Hidden hazards whose time has come become incidents: urgent, and known at once."""
    now = model.now
    due = [issue for t, issue in model.hazard_incident.values() if t <= now]
    for issue in due:
        issue.urgent = True
        model.discover(issue, Channel.INCIDENT)


def draw_new_issues(model, start: float) -> None:
    """Draw the issues that arise during (start, start + 1]: a Poisson process.

    The random numbers come from the model's arrival stream (``arrival_rng``), drawn for the
    whole day's batch at once, and always as many for each issue whatever the scenario does
    with them: so runs on the same seed see the same issues, with the same draws, even when
    their practices differ (common random numbers). A day holds few issues, so the rest is
    a plain loop over Python numbers (each worked out as numpy would).

    Args:
        model: the community model (``CommunityModel``), whose issue log grows.
        start: the start of the day.
    """
    rng, p = model.arrival_rng, model.p
    n = int(rng.poisson(model.arrivals_per_day * model.season_factor(start)))
    if n == 0:
        return
    # One call draws the uniforms: arrival times, categories, households (n each), then nine
    # per issue (urgent, reported, station, hotline, unresolvable, and the four it carries:
    # department, first fix missing, satisfied, calling the hotline).
    uniform = rng.random(12 * n).tolist()
    cat_cum, cum_property, cum_other = _search_lists(model)
    cats = [bisect_right(cat_cum, x) for x in uniform[n : 2 * n]]
    prop = model.i_property
    hh = [
        bisect_right(cum_property if c == prop else cum_other, x)
        for c, x in zip(cats, uniform[2 * n : 3 * n], strict=True)
    ]
    # Exponential factors: the reporting delay and a hidden hazard's time to an incident, and,
    # under exponential handling, the hours (one call: n, n, then n more).
    exponential = p["handling"] == "exponential"
    factors = rng.exponential(1.0, 3 * n if exponential else 2 * n).tolist()
    waits, blow_up = factors[:n], factors[n : 2 * n]
    # Handling hours: the median of the category times an exponential or a lognormal factor.
    median = model.cat_hours
    if exponential:
        hours = [x * median[c] for x, c in zip(factors[2 * n :], cats, strict=True)]
    else:
        sigma = model.cat_sigma
        z = [sigma[c] * x for c, x in zip(cats, rng.standard_normal(n).tolist(), strict=True)]
        hours = [median[c] * x for c, x in zip(cats, np.exp(z).tolist(), strict=True)]
    incident_days = p["incident_days"]
    report_delay, hotline_share, hotline_delay = p["report_delay"], p["hotline_share"], p["hotline_delay"]
    cat_report, cat_urgent, hazard = model.cat_report, model.cat_urgent, model.i_hazard
    unresolvable = p["unresolvable_share"]
    households, last = model.households, len(model.households) - 1
    issues, searching, report, at = model.issues, model.searching, model.discover, model.at
    hidden, hidden_at = model.hidden, model.hidden_at
    STATION, HOTLINE, REPORT = Channel.STATION, Channel.HOTLINE, Channel.REPORT
    reports = 0
    j = 3 * n  # the issue's nine uniforms: uniform[j : j + 9]
    for i in range(n):
        c = cats[i]
        h = hh[i]
        if h > last:
            h = last
        home = households[h]
        created = start + uniform[i]
        issue = Issue(
            len(issues),
            c,
            h,
            home.grid,
            home.compound,
            created,
            uniform[j] < cat_urgent[c],  # urgent
            hours[i],
            uniform[j + 4] < unresolvable,  # unresolvable
            uniform[j + 5 : j + 9],  # the draws it carries
        )
        issues.append(issue)
        miss = 1.0 - cat_report[c]
        delay = report_delay
        station = home.station
        if station is not None:  # reporting is easier next door
            miss *= 1.0 - station.report_boost
            delay *= station.delay_factor
        if uniform[j + 1] >= miss:  # the resident will report it
            issue.asks = True
            if station is not None and uniform[j + 2] < station.channel_share:
                issue.channel = STATION
            elif uniform[j + 3] < hotline_share:
                issue.channel = HOTLINE
                delay += hotline_delay
            else:
                issue.channel = REPORT
            issue._event = at(created + waits[i] * delay, report, issue)  # the report arrives: discover(issue)
            reports += 1
        if searching:  # until the community knows, visits, patrols… can find it
            hidden[issue.uid] = issue
            at_home = hidden_at.get(h)
            if at_home is None:
                hidden_at[h] = [issue]
            else:
                at_home.append(issue)
        if c == hazard and not issue.channel:
            model.hazard_incident[issue.uid] = (created + blow_up[i] * incident_days, issue)
        j += 9
    model.counts[State.HIDDEN] += n
    model.pending_reports += reports
