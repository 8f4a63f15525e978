"""The practices of the 1234 work method, one unit each, and the registry the model reads.

The registry lists the practices in the order the model calls them (docs/ODD.md §3 and §8):
within a day (visits before surveys before inspections before patrols before the whistle) and
within a case's life. A new practice joins with ``register``, bringing its parameters into
the parameter table, and is then used by every layer (scenario files, command line,
experiments) without any change to the model.

Component 1 (``one``): order of work, needs surveys. Component 2 (``two``): listening, quick
contact, visits, follow-up, call-backs. Component 3 (``three``): gridding, standard process,
hazard inspection, linkage. Component 4 (``four``): patrols, the whistle, mediation,
'60 helps 80', partners, cadre pairing, volunteer points, service stations.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...errors import ScenarioError
from ...params import PARAMS, Param, add_params, remove_params
from .base import HOOKS, HelpingDesk, Practice, Round
from .four import (
    CadrePairing,
    Mediation,
    Partners,
    PatrolTeam,
    ServiceStations,
    SixtyHelpsEighty,
    VolunteerPoints,
    Whistle,
)
from .one import ORDERS, NeedsSurvey, OrderOfWork
from .three import Gridding, HazardInspection, Linkage, StandardProcess
from .two import CallBack, FollowUp, FrequentVisits, PatientListening, QuickContact

_REGISTRY: list[type[Practice]] = [
    OrderOfWork,
    PatientListening,
    QuickContact,
    FrequentVisits,
    NeedsSurvey,
    Gridding,
    StandardProcess,
    HazardInspection,
    Linkage,
    FollowUp,
    CallBack,
    PatrolTeam,
    Whistle,
    Mediation,
    SixtyHelpsEighty,
    Partners,
    CadrePairing,
    VolunteerPoints,
    ServiceStations,
]
_ADDED_PARAMS: dict[type[Practice], list[str]] = {}


def registered() -> tuple[type[Practice], ...]:
    """Every registered practice, in the order the model calls them."""
    return tuple(_REGISTRY)


def active(params: dict[str, Any]) -> list[type[Practice]]:
    """The practices that take part in a run with these parameter values, in order."""
    return [practice for practice in _REGISTRY if practice.active(params)]


def added() -> tuple[type[Practice], ...]:
    """The practices registered in this process with ``register`` (not shipped with the kit)."""
    return tuple(_ADDED_PARAMS)


def check_shipped_only(where: str) -> None:
    """Refuse to send runs to other processes while practices registered here exist.

    Worker processes start afresh and import only the shipped practices, so their runs
    would silently leave the added ones out.

    Raises:
        ScenarioError: naming the added practices and how to run them.
    """
    if _ADDED_PARAMS:
        names = ", ".join(p.__name__ for p in _ADDED_PARAMS)
        raise ScenarioError.keyed("error.practices.other_processes", names=names, where=where)


def practice_of(lever: str) -> type[Practice]:
    """The practice a lever switches on.

    Raises:
        KeyError: when no registered practice has that lever.
    """
    for practice in _REGISTRY:
        if lever in practice.levers:
            return practice
    raise KeyError(lever)


def register(practice: type[Practice], params: Iterable[Param] = (), before: type[Practice] | None = None) -> None:
    """Add a practice to the model, with the parameters it brings.

    Args:
        practice: the practice class; its levers and params must be in the table (or in ``params``).
        params: new rows for the parameter table, e.g. the practice's lever.
        before: the practice it acts before (default: after all others).

    Raises:
        ValueError: when the practice is registered already, a parameter exists, or a
            lever or parameter it names is not in the table.
    """
    if practice in _REGISTRY:
        raise ValueError(f"practice {practice.__name__} is registered already")
    rows = list(params)
    add_params(rows)
    missing = [n for n in (*practice.levers, *practice.params) if n not in PARAMS]
    if missing or not practice.levers:
        remove_params([r.name for r in rows])
        raise ValueError(f"practice {practice.__name__}: needs a lever; unknown parameters {missing}")
    _ADDED_PARAMS[practice] = [r.name for r in rows]
    _REGISTRY.insert(_REGISTRY.index(before) if before is not None else len(_REGISTRY), practice)


def unregister(practice: type[Practice]) -> None:
    """Take a practice registered with ``register`` out again, with the parameters it brought."""
    _REGISTRY.remove(practice)
    remove_params(_ADDED_PARAMS.pop(practice, []))


__all__ = [
    "HOOKS",
    "ORDERS",
    "HelpingDesk",
    "Practice",
    "Round",
    "active",
    "added",
    "check_shipped_only",
    "practice_of",
    "register",
    "registered",
    "unregister",
]
