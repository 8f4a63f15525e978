"""The offline bundle (``cli.bundle.*``, ``bundle.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cli.bundle.help": (
        "为没有网络的电脑打离线安装包（每个平台一个 zip）",
        "build offline install bundles for computers without internet (one zip per platform)",
    ),
}
