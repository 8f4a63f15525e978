"""The resident's verdict (满意度): how the course of a case moves it.

The verdict is a Bernoulli draw with a chance from a logistic function of what the
resident lived through: how long the need waited since it arose, whether the first
answer came in time, how often a department passed the case back, how often the fix
failed and the resident had to come back, and the outcome (resolved in time, late, or
not at all). Which practice was in force does not enter: a practice moves satisfaction
only by changing what happens to the case. The terms are parameters of the table
(``satisfaction.*``, group "behaviour"), so experiments can vary them and calibration
can fit them (docs/ODD.md §7.10).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from .issues import Issue


class SatisfactionTerms(NamedTuple):
    """How a case's course moves the verdict, on the log-odds scale (parameters ``satisfaction.*``)."""

    base: float  # a case resolved on time, answered in time, nothing went wrong
    late: float  # closed after its time limit
    unresolved: float  # the problem stays: a missed fix, a need that cannot be met, or still open
    per_reopen: float  # each failed fix (返工)
    per_repeat: float  # each time the resident had to come back about it
    per_bounce: float  # each time a department passed it back (推诿)
    slow_response: float  # first answer later than the response limit, or none yet
    per_wait_day: float  # each working day the resident waited: see ``features``

    @classmethod
    def from_params(cls, p) -> SatisfactionTerms:
        """The terms of a run's parameters."""
        return cls(*(p[f"satisfaction.{name}"] for name in cls._fields))


# The names of the features the verdict reads, in the order of the terms after ``base``:
# calibration fits the terms from these columns of a log (sim.calibrate).
FEATURES = ("late", "unresolved", "reopened", "repeats", "bounces", "slow_response", "wait_days")


def features(issue: Issue, when: float, response_limit: float) -> tuple[float, ...]:
    """What the resident lived through up to ``when`` (closure, or the question on an open case).

    The wait runs from the moment the need arose when the resident asks for help (or would
    have, had nobody found the need first), and from the moment the community found it when
    the resident would never have asked: nobody waits for help they did not seek.
    """
    closed = issue.closed == issue.closed  # not NaN
    unresolved = (not closed) or issue.wrong_fix or issue.unresolvable
    responded = issue.responded if issue.responded == issue.responded else math.inf
    return (
        float(when > issue.due),
        float(unresolved),
        float(issue.reopened),
        float(issue.repeats),
        float(issue.bounces),
        float(min(responded, when) - issue.discovered > response_limit),
        when - (issue.created if issue.asks else issue.discovered),
    )


def chance_satisfied(issue: Issue, when: float, response_limit: float, terms: SatisfactionTerms) -> float:
    """Chance the resident is satisfied with a case, asked at ``when``.

    Args:
        issue: the case (closed, or still open when asked).
        when: when the resident is asked: at closure, or at the end of the run for an open case.
        response_limit: the response time limit (working days).
        terms: the terms of the verdict.
    """
    # The terms of ``features`` added one by one, in its order (this runs for every case:
    # no tuple of features, no zip); the sums are the same to the last bit (a float times a
    # count is the float times the count made a float).
    base, late, unresolved, per_reopen, per_repeat, per_bounce, slow_response, per_wait_day = terms
    closed = issue.closed == issue.closed  # not NaN
    responded = issue.responded if issue.responded == issue.responded else math.inf
    if when < responded:  # (min, written out)
        responded = when
    z = base
    z += late * (1.0 if when > issue.due else 0.0)
    z += unresolved * (1.0 if (not closed) or issue.wrong_fix or issue.unresolvable else 0.0)
    z += per_reopen * issue.reopened
    z += per_repeat * issue.repeats
    z += per_bounce * issue.bounces
    z += slow_response * (1.0 if responded - issue.discovered > response_limit else 0.0)
    z += per_wait_day * (when - (issue.created if issue.asks else issue.discovered))
    if z < -700.0:  # exp would overflow; the chance is 0 to double precision
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
