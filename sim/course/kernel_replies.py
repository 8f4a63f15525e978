"""Kernel replies that arrive while nobody is told: the servers look again every half second.

Voilà runs a notebook with nbclient, which waits for each cell's reply with jupyter_client's
asyncio channel: ``await socket.poll(timeout)``, then read. On a busy machine the wake-up
for a reply that has already arrived is sometimes lost: the reply sits in the socket and the
wait goes on until its timeout — and Voilà waits without one, so the dashboard page never
finishes loading. Measured with ``benchmarks/kernel_replies.py --runs 20 --busy 1`` on
2 cores: 4 of 20 runs of a small widget notebook waited a whole 40 s cell timeout for a reply
that had arrived, none of 20 once the wait looks again in slices. A look after a slice finds
the reply at once, so a lost wake-up costs at most one slice.

``look_again_in_slices()`` replaces ``AsyncZMQSocketChannel.get_msg`` (same arguments, same
result, ``queue.Empty`` on timeout) in the process that calls it: ``sim.course.apps`` calls
it before JupyterLab or Voilà starts.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

SLICE_MS = 500


async def get_msg_in_slices(self, timeout: float | None = None) -> dict[str, Any]:
    """``AsyncZMQSocketChannel.get_msg`` that polls at most ``SLICE_MS`` at a time.

    Args:
        self: the channel (jupyter_client's ``AsyncZMQSocketChannel``).
        timeout: seconds to wait for a message; ``None`` waits as long as it takes.

    Raises:
        queue.Empty: no message came within ``timeout``.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = SLICE_MS if deadline is None else int((deadline - time.monotonic()) * 1000)
        if await self.socket.poll(max(0, min(SLICE_MS, left))):
            return await self._recv()
        if deadline is not None and time.monotonic() >= deadline:
            raise Empty


def look_again_in_slices() -> None:
    """Make every asyncio kernel channel of this process wait in slices (see the module)."""
    from jupyter_client.channels import AsyncZMQSocketChannel

    AsyncZMQSocketChannel.get_msg = get_msg_in_slices  # type: ignore[method-assign]
