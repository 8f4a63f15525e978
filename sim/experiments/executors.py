"""Where the runs of an experiment are carried out.

Every executor takes a function and a list of tasks and yields the results as the
runs finish (in any order). The driver stores each result as it arrives, so stopping
the driver loses only the runs that had not finished. A run's numbers depend only on
its task (scenario, factor values and seed), never on the executor.

* ``SerialExecutor``: in this process, one after the other.
* ``ProcessExecutor``: local worker processes (``concurrent.futures``, "spawn").
* ``DaskExecutor``: a Dask distributed cluster: an existing scheduler
  (``tcp://HOST:PORT``, or the ``SIM_DASK_SCHEDULER`` environment variable) or a
  ``LocalCluster`` started for the experiment and closed after it.

A scheduler address is checked for its form before any connection is tried
(``check_scheduler``), and a connection that fails or does not answer within
``CONNECT_TIMEOUT`` seconds is reported as one ``ScenarioError`` naming the address.
"""

from __future__ import annotations

import logging
import os
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from ..inputs import check_text, quote
from ..model import practices
from ..workers import pool

SCHEDULER_ENV = "SIM_DASK_SCHEDULER"
EXECUTORS = ("serial", "processes", "local-cluster", "dask")
CONNECT_TIMEOUT = 10  # seconds to reach a scheduler before giving up
MAX_ADDRESS = 300  # characters in a scheduler address
# SCHEME://HOST:PORT or HOST:PORT (HOST a name, an IPv4 address or [IPv6]); inproc://NAME.
_ADDRESS = re.compile(
    r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\]):(?P<port>[0-9]{1,5})/?$"
    r"|^inproc://\S+$"
)


def scheduler_address(scheduler: str | None = None) -> tuple[str | None, str]:
    """The scheduler address to use and where it came from (``--scheduler`` or the environment)."""
    env = os.environ.get(SCHEDULER_ENV)
    if scheduler is None or (env is not None and scheduler == env):
        return env, SCHEDULER_ENV
    return scheduler, "--scheduler"


def check_scheduler(address: Any, label: str = "--scheduler") -> str:
    """Return ``address`` if it has the form of a Dask scheduler address, else raise.

    Accepted: ``tcp://HOST:PORT`` (also ``tls``, ``ws``, ``wss``, ``ucx``),
    ``HOST:PORT`` (TCP) and ``inproc://NAME``, with a port from 1 to 65535.
    """
    check_text(address, label, MAX_ADDRESS)
    m = _ADDRESS.match(address)
    if m is None or (m.group("port") is not None and not 1 <= int(m.group("port")) <= 65535):
        raise ScenarioError.keyed("experiment.executor.bad_address", label=label, address=quote(address))
    return address


def check_executor(kind: str | Any, scheduler: str | None = None) -> None:
    """Check an executor name and, for ``dask``, the scheduler address, without starting anything."""
    if not isinstance(kind, str):
        return
    if kind not in EXECUTORS:
        raise ScenarioError.keyed("experiment.executor.unknown", kind=quote(kind), allowed=", ".join(EXECUTORS))
    if kind == "dask":
        address, label = scheduler_address(scheduler)
        if not address:
            raise _no_scheduler()
        check_scheduler(address, label)


def _no_scheduler() -> ScenarioError:
    return ScenarioError.keyed("experiment.executor.no_scheduler", env=SCHEDULER_ENV)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    line = "".join(c if c.isprintable() else "?" for c in line)  # nothing that moves the terminal's cursor
    return line if len(line) <= 160 else line[:159] + "…"


class SerialExecutor:
    """Run every task in this process, in order."""

    name = "serial"

    def __init__(self) -> None:
        self.workers = 1

    def map_unordered(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Yield ``fn(task)`` for each task."""
        for task in tasks:
            yield fn(task)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        """A short description for messages and meta.json."""
        return "serial"


def _drain(submit: Callable[[Any], Any], tasks: Iterable[Any], window: int, next_done) -> Iterator[Any]:
    """Keep at most ``window`` tasks in flight; yield results as they finish."""
    pending: set = set()
    it = iter(tasks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            try:
                pending.add(submit(next(it)))
            except StopIteration:
                exhausted = True
        if not pending:
            return
        done, pending = next_done(pending)
        for fut in done:
            yield fut.result()


class ProcessExecutor:
    """Run tasks in local worker processes (all cores by default)."""

    name = "processes"

    def __init__(self, workers: int | None = None) -> None:
        practices.check_shipped_only("--jobs")
        self.workers = workers or os.cpu_count() or 1
        self._pool = pool(self.workers)

    def map_unordered(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Yield ``fn(task)`` for each task as the workers finish them."""
        yield from _drain(
            lambda task: self._pool.submit(fn, task),
            tasks,
            4 * self.workers,
            lambda pending: wait(pending, return_when=FIRST_COMPLETED),
        )

    def close(self) -> None:
        """Stop the worker processes (cancelling what has not started)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        """A short description for messages and meta.json."""
        return f"processes ({self.workers} workers)"


class DaskExecutor:
    """Run tasks on a Dask distributed cluster.

    Args:
        scheduler: address of a running scheduler (``tcp://HOST:PORT``); default the
            ``SIM_DASK_SCHEDULER`` environment variable.
        local_cluster: start a ``LocalCluster`` with this many single-threaded worker
            processes instead.
        client: an existing ``distributed.Client`` to use (not closed afterwards).
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, local_cluster: int | None = None, client: Any = None) -> None:
        practices.check_shipped_only("--scheduler")
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ScenarioError.keyed("experiment.executor.no_dask") from None
        self._cluster = None
        self._own_client = client is None
        if client is not None:
            self.client = client
            self.address = getattr(client, "scheduler", None) and client.scheduler.address
        elif local_cluster:
            try:
                self._cluster = LocalCluster(
                    n_workers=local_cluster,
                    threads_per_worker=1,
                    # loopback only; the scheduler's status server on a free port, never a fixed 8787
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                    processes=True,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self._cluster)
            except Exception as exc:  # noqa: BLE001 - any failure to start is the user's to see in one line
                if self._cluster is not None:
                    self._cluster.close()
                raise ScenarioError.keyed(
                    "experiment.executor.cluster_failed", workers=local_cluster, why=_first_line(exc)
                ) from None
            self.address = self._cluster.scheduler_address
        else:
            address, label = scheduler_address(scheduler)
            if not address:
                raise _no_scheduler()
            check_scheduler(address, label)
            try:
                self.client = Client(address, timeout=f"{CONNECT_TIMEOUT}s")
            except Exception as exc:  # noqa: BLE001 - refused, unreachable, timed out or not a scheduler
                raise ScenarioError.keyed(
                    "experiment.executor.connect_failed",
                    address=quote(address),
                    label=label,
                    timeout=CONNECT_TIMEOUT,
                    why=_first_line(exc),
                ) from None
            self.address = address
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map_unordered(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Yield ``fn(task)`` for each task as the cluster finishes them."""
        from distributed import wait as dask_wait

        def next_done(pending):
            return dask_wait(pending, return_when="FIRST_COMPLETED")

        # pure=False: every task is run, even two with equal arguments.
        workers = max(1, sum(self.client.nthreads().values()))
        yield from _drain(lambda task: self.client.submit(fn, task, pure=False), tasks, 4 * workers, next_done)

    def close(self) -> None:
        """Close the client and the local cluster, if this executor started them."""
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        """A short description for messages and meta.json."""
        kind = "LocalCluster" if self._cluster is not None else "scheduler"
        return f"dask {kind} {self.address} ({self.workers} workers)"


def make_executor(
    kind: str | Any = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
) -> Any:
    """Build an executor by name; an executor object is returned as it is.

    Names: ``serial``; ``processes`` (``workers`` processes, default all cores);
    ``local-cluster`` (a Dask LocalCluster of ``workers`` processes); ``dask`` (the
    scheduler at ``scheduler`` or ``SIM_DASK_SCHEDULER``).
    """
    if not isinstance(kind, str):
        return kind
    check_executor(kind, scheduler)
    if kind == "serial":
        return SerialExecutor()
    if kind == "processes":
        return SerialExecutor() if workers == 1 else ProcessExecutor(workers)
    if kind == "local-cluster":
        return DaskExecutor(local_cluster=workers or os.cpu_count() or 1)
    return DaskExecutor(scheduler=scheduler)


def recorded_row(task: Any, metrics: Callable[[], dict[str, float]]) -> dict[str, Any]:
    """The row the store keeps for one run: its metrics, or the error that stopped it (a failed run is data).

    Args:
        task: the run (``point``, ``rep``, ``seed``).
        metrics: carries out the run and returns its metrics.

    Returns:
        ``point``, ``rep``, ``seed``, the metrics, ``status`` ("ok" or "error"), ``error`` and ``run_seconds``.
    """
    start = time.perf_counter()
    row: dict[str, Any] = {"point": task.point, "rep": task.rep, "seed": task.seed}
    try:
        row.update(metrics())
        row.update(status="ok", error="")
    except Exception as exc:  # noqa: BLE001 - a failed run is data, recorded with its message
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" (at {Path(last[0].filename).name}:{last[0].lineno})" if last else ""
        row.update(status="error", error=f"{type(exc).__name__}: {exc}{where}")
    row["run_seconds"] = time.perf_counter() - start
    return row
