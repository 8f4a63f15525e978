"""The course on a user's machine (``cli.materials.*``, ``cli.lab.*``, ``cli.dashboard.*``, ``course.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cli.materials.help": (
        "把课程材料（笔记本、课程、讲义、情景）复制到一个文件夹",
        "copy the course (notebooks, lessons, handouts, scenarios) into a folder",
    ),
    "cli.lab.help": (
        "在本机打开 JupyterLab 和课程笔记本（127.0.0.1，带令牌）",
        "open JupyterLab with the course notebooks on this machine (127.0.0.1, with a token)",
    ),
    "cli.dashboard.help": (
        "在本机打开投影用的 Voilà 仪表盘（127.0.0.1）",
        "open the Voilà dashboard for the projector on this machine (127.0.0.1)",
    ),
}
