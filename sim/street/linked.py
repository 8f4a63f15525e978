"""Run the communities of a linked street in step, in this process or on worker processes.

Every community runs working day ``d`` before any runs day ``d + 1``. Between days the
street office (``sim.street.shared.StreetOffice``) reads each community's state and sends
it its orders for the next day. With ``jobs > 1`` the communities are dealt to worker
processes that each keep theirs for the whole run and step them when told; only the
states and the orders (a few numbers per community) cross between processes, so the
numbers are the same whatever ``jobs`` is.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from ..model import CommunityModel
from ..model.metrics import daily_series, hours_table, issue_log, summary
from ..scenario import Scenario
from ..workers import process as worker_process
from ..workers import spawn
from .shared import CommunityState, Orders, Shared, StreetOffice, apply_orders, read_state

Task = tuple[int, str, Scenario, int]  # position, name, scenario, seed


class _Group:
    """Communities kept and stepped together (all of a street, or a worker's share of it)."""

    def __init__(self, tasks: list[Task]):
        self.models = [CommunityModel(sc.params, rng=seed, shocks=sc.shocks) for _, _, sc, seed in tasks]

    def states(self) -> list[CommunityState]:
        return [read_state(m) for m in self.models]

    def day(self, day: int, orders: list[Orders]) -> list[CommunityState]:
        """Apply the orders, run working day ``day`` to its end in every community; return the states."""
        for m, o in zip(self.models, orders, strict=True):
            apply_orders(m, o)
            if day <= m.horizon:
                m.run_until(day)
        return self.states()

    def summaries(self) -> list[dict[str, Any]]:
        out = []
        for m in self.models:
            log, daily, hours = issue_log(m), daily_series(m), hours_table(m)
            out.append(summary(m, log, daily, hours))
        return out


def _serve(connection, tasks: list[Task]) -> None:
    """A worker's loop: build its communities, then step them until told to finish."""
    try:
        group = _Group(tasks)
        connection.send(("ok", group.states()))
        while True:
            message = connection.recv()
            if message[0] == "day":
                connection.send(("ok", group.day(message[1], message[2])))
            else:
                connection.send(("ok", group.summaries()))
                return
    except BaseException:  # the driver re-raises it with the worker's traceback
        connection.send(("error", traceback.format_exc()))
    finally:
        connection.close()


def _deal(tasks: list[Task], jobs: int) -> list[list[int]]:
    """Indices of the communities for each worker: the largest first, to the least loaded."""
    shares: list[list[int]] = [[] for _ in range(jobs)]
    load = [0] * jobs
    for k in sorted(range(len(tasks)), key=lambda k: (-int(tasks[k][2].params["households"]), k)):
        w = min(range(jobs), key=lambda w: (load[w], w))
        shares[w].append(k)
        load[w] += int(tasks[k][2].params["households"])
    return [sorted(share) for share in shares if share]


class _Workers:
    """Worker processes that each keep some of the communities; answers come back in street order."""

    def __init__(self, tasks: list[Task], jobs: int):
        self.shares = _deal(tasks, jobs)
        self.n = len(tasks)
        self.connections, self.processes = [], []
        for share in self.shares:
            ours, theirs = spawn().Pipe()
            worker = worker_process(_serve, theirs, [tasks[k] for k in share])
            theirs.close()
            self.connections.append(ours)
            self.processes.append(worker)

    def _gather(self) -> list[Any]:
        out: list[Any] = [None] * self.n
        for share, connection in zip(self.shares, self.connections, strict=True):
            try:
                kind, value = connection.recv()
            except EOFError:
                raise RuntimeError("a worker process of the linked street stopped") from None
            if kind == "error":
                raise RuntimeError(f"a worker process of the linked street failed:\n{value}")
            for k, item in zip(share, value, strict=True):
                out[k] = item
        return out

    def states(self) -> list[CommunityState]:
        return self._gather()

    def day(self, day: int, orders: list[Orders]) -> list[CommunityState]:
        for share, connection in zip(self.shares, self.connections, strict=True):
            connection.send(("day", day, [orders[k] for k in share]))
        return self._gather()

    def summaries(self) -> list[dict[str, Any]]:
        for connection in self.connections:
            connection.send(("finish",))
        return self._gather()

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()


def run_linked(
    tasks: list[Task], shared: Shared, jobs: int = 1, progress: Callable[[int, int], None] | None = None
) -> tuple[list[dict[str, Any]], StreetOffice, str]:
    """Run linked communities to the end of the longest run.

    Args:
        tasks: ``(position, name, scenario, seed)`` of each community, in street order.
        shared: what they share.
        jobs: worker processes (1: all in this process).
        progress: called as ``progress(day, last_day)`` after each day, if given.

    Returns:
        Each community's summary (the metrics of a single run), the street office (its
        accounts of the help given), and how the street ran, in words.
    """
    jobs = min(jobs, len(tasks))
    group: _Group | _Workers = _Group(tasks) if jobs <= 1 else _Workers(tasks, jobs)
    how = "linked: one process" if jobs <= 1 else f"linked: {len(group.shares)} processes"
    try:
        states = group.states()
        office = StreetOffice(states, shared)
        last = int(max(s.horizon for s in states))
        orders = office.plan(0, states)
        for day in range(1, last + 1):
            states = group.day(day, orders)
            orders = office.plan(day, states)
            if progress is not None:
                progress(day, last)
        return group.summaries(), office, f"{how}, communities in step day by day"
    finally:
        if isinstance(group, _Workers):
            group.close()
