"""Scenario discovery (``cli.experiment.discover.*``, ``discover.*``): which conditions make a metric fail.

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cli.experiment.discover.help": (
        "情景发现：在一次试验的结果里找出让某个指标变差的条件组合（PRIM）",
        "scenario discovery: find the conditions under which a metric fails in an experiment's results (PRIM)",
    ),
}
