"""The resident's verdict at closure (满意度): how the course of a case moves it.

The verdict is a Bernoulli draw with a chance from a logistic function of terms that
each describe how the case went; the terms are model assumptions (docs/ODD.md §7.10),
named here in one place. Practices may add terms of their own (patient listening does).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .issues import PROACTIVE, Issue


class SatisfactionTerms(NamedTuple):
    """How a case's course moves the resident's verdict at closure (满意度), on the log-odds scale.

    All are model assumptions (docs/ODD.md §7.10); patient listening adds its own term.
    """

    wrong_fix_chance: float = 0.1  # chance of satisfaction when the problem was never fixed
    base: float = 0.9
    on_time: float = 1.2  # closed within the time limit…
    late: float = -0.6  # …or after it
    per_reopen: float = -0.9  # each failed fix
    slow_response: float = -0.5  # first answer later than the response limit
    found_first: float = 0.3  # found by the community before the resident had to ask


SATISFACTION = SatisfactionTerms()


def chance_satisfied(
    issue: Issue,
    closed: float,
    response_limit: float,
    practice_terms: Sequence[Callable[[Issue, float], float]] = (),
    terms: SatisfactionTerms = SATISFACTION,
) -> float:
    """Chance the resident is satisfied with a case closed at ``closed``.

    Args:
        issue: the case.
        closed: when it was closed.
        response_limit: the response time limit (working days).
        practice_terms: the active practices' ``satisfaction`` hooks, in order.
        terms: the terms of the verdict.
    """
    s = terms
    if issue.wrong_fix:
        return s.wrong_fix_chance
    z = s.base
    z += s.on_time if closed <= issue.due else s.late
    for change in practice_terms:
        z = change(issue, z)
    z += s.per_reopen * issue.reopened
    if issue.responded - issue.discovered > response_limit:
        z += s.slow_response
    if issue.channel in PROACTIVE:
        z += s.found_first
    return 1.0 / (1.0 + math.exp(-z))
