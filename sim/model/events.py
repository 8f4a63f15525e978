"""The day's short events: a lean heap the model runs at each daily step.

Mesa's event list keeps the day schedule (one step per working day). The many short
events inside a day — a report arriving, a task finished, a case reaching a department —
are plain entries ``[time, order, function, argument]`` in a heap of the model's own,
run in the order Mesa would run them: by time, then first scheduled first. A Mesa
event costs a weak reference and a Python-level comparison per heap step; an entry here
costs neither.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush


class DayEvents:
    """A heap of short events; ``run_until`` runs them and moves the clock along.

    Args:
        clock: the object whose ``now`` attribute is the current time (the model).

    Attributes:
        scheduled: how many events were scheduled so far (cancelled ones included).
    """

    def __init__(self, clock):
        """Start with no events."""
        self.clock = clock
        self.heap: list[list] = []
        self.scheduled = 0  # entries scheduled so far (their order of scheduling)

    def at(self, time: float, function: Callable, argument: object) -> list:
        """Call ``function(argument)`` at ``time``; return the entry (set ``entry[2] = None`` to cancel).

        Raises:
            ValueError: for a time in the past.
        """
        if time < self.clock.now:
            raise ValueError(f"cannot schedule an event at {time}, before the current time {self.clock.now}")
        self.scheduled = order = self.scheduled + 1
        entry = [time, order, function, argument]
        heappush(self.heap, entry)
        return entry

    def run_until(self, until: float, inclusive: bool = False) -> None:
        """Run the events before ``until`` (or up to and including it), in order."""
        heap, clock = self.heap, self.clock
        while heap and (heap[0][0] < until or (inclusive and heap[0][0] == until)):
            time, _, function, argument = heappop(heap)  # (read now: a cancel or a leaver changes it)
            if function is not None:  # None: cancelled
                clock.now = time
                function(argument)
