"""The servers' wait for kernel replies looks again in slices, so a lost wake-up cannot hang a page."""

from __future__ import annotations

import asyncio
from queue import Empty

import pytest
from jupyter_client.channels import AsyncZMQSocketChannel

from sim.course import apps, kernel_replies
from sim.course.kernel_replies import SLICE_MS, get_msg_in_slices


class Clock:
    """A monotonic clock that moves only when a fake poll waits."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class LostWakeUpSocket:
    """A socket whose reply is there, but whose first ``misses`` polls are never woken for it.

    A poll without a timeout would wait for ever (the hang this guards against), so it fails
    the test at once instead.
    """

    def __init__(self, clock: Clock, misses: int) -> None:
        self.clock, self.misses, self.polls = clock, misses, []

    async def poll(self, timeout_ms):
        assert timeout_ms is not None, "polled without a timeout: a lost wake-up would hang here"
        self.polls.append(timeout_ms)
        if len(self.polls) <= self.misses:
            self.clock.now += timeout_ms / 1000
            return 0
        return 1


class Channel:
    def __init__(self, socket) -> None:
        self.socket = socket

    async def _recv(self):
        return {"msg_type": "execute_reply"}


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(kernel_replies.time, "monotonic", c)
    return c


def test_a_reply_whose_wake_up_was_lost_is_found_by_the_next_slice(clock):
    socket = LostWakeUpSocket(clock, misses=3)
    msg = asyncio.run(get_msg_in_slices(Channel(socket), timeout=None))
    assert msg == {"msg_type": "execute_reply"}
    assert socket.polls == [SLICE_MS] * 4


def test_a_timeout_is_kept_slice_by_slice_and_ends_in_empty(clock):
    socket = LostWakeUpSocket(clock, misses=10**6)
    with pytest.raises(Empty):
        asyncio.run(get_msg_in_slices(Channel(socket), timeout=1.2))
    assert socket.polls == [SLICE_MS, SLICE_MS, 200]
    assert clock.now == pytest.approx(101.2)


def test_a_reply_within_the_timeout_comes_back(clock):
    socket = LostWakeUpSocket(clock, misses=1)
    assert asyncio.run(get_msg_in_slices(Channel(socket), timeout=3))["msg_type"] == "execute_reply"
    assert socket.polls == [SLICE_MS, SLICE_MS]


def test_a_real_kernel_answers_through_the_sliced_wait(monkeypatch):
    from jupyter_client.manager import AsyncKernelManager

    monkeypatch.setattr(AsyncZMQSocketChannel, "get_msg", get_msg_in_slices)

    async def ask() -> dict:
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            msg_id = kc.execute("6 * 7")
            while True:
                reply = await kc.get_shell_msg(timeout=60)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return reply
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    reply = asyncio.run(ask())
    assert reply["content"]["status"] == "ok"


def test_both_servers_wait_in_slices(monkeypatch):
    started = []
    monkeypatch.setenv(apps.TOKEN_VARIABLE, "secret")
    for name in ("lab", "dashboard"):
        monkeypatch.setattr(apps, name, lambda argv, token, name=name: started.append((name, token)))
    monkeypatch.setattr(AsyncZMQSocketChannel, "get_msg", lambda self, timeout=None: None)
    apps.main(["dashboard", "notebook.ipynb"])
    assert started == [("dashboard", "secret")]
    assert AsyncZMQSocketChannel.get_msg is get_msg_in_slices
