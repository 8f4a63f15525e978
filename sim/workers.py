"""Worker processes (工作进程): started with "spawn", and ended with the process that started them.

Every set of worker processes the kit starts — ``compare --jobs``, experiments on
``processes``, the workshop's runs, a linked street's communities — comes from here. They
are started with "spawn": safe in a process with threads (Jupyter, a server) and the same
on every OS. Each runs ``follow_parent`` first: a worker waits on its queue for work, and
when the process that started it is killed (SIGTERM, SIGKILL, a closed terminal window)
nothing else would tell it, so it would wait for ever, holding memory on a training-room
PC. ``follow_parent`` ends it as soon as its parent is gone. It waits on the parent's
sentinel, which Python provides on every OS; tests/test_workers.py checks it on Linux.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import wait
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

ORPHANED = 3  # the exit status of a worker whose parent is gone


def spawn() -> SpawnContext:
    """The "spawn" context (its ``Pipe`` links a process of one's own to this one)."""
    return multiprocessing.get_context("spawn")


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` worker processes that end when this process ends, however it ends."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=spawn(), initializer=follow_parent)


def process(target: Callable[..., Any], *args: Any) -> BaseProcess:
    """Start a worker process of one's own that runs ``target(*args)`` and ends when this process ends."""
    worker = spawn().Process(target=_follow_and_run, args=(target, *args), daemon=True)
    worker.start()
    return worker


def _follow_and_run(target: Callable[..., Any], *args: Any) -> None:
    follow_parent()
    target(*args)


def follow_parent() -> None:
    """In a worker process: end it at once when the process that started it is gone.

    A thread waits on the parent's sentinel (a pipe on POSIX, a process handle on Windows),
    which becomes ready when the parent ends. Outside a worker it does nothing.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    threading.Thread(target=_end_with, args=(parent.sentinel,), name="follow-parent", daemon=True).start()


def _end_with(sentinel: int) -> None:
    wait([sentinel])
    os._exit(ORPHANED)  # at once: the task in hand has nobody to report to
