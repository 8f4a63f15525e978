"""What every candidate's participant page shows, and how its server is started.

The four small apps in this folder build the same page from these texts so that they can be
compared: a Chinese title, a team-name field, four ↑/↓/— choices, a submit button and a
result area that the server updates when a result arrives (``POST /push`` with the secret).
"""

from __future__ import annotations

import hmac
import os

TITLE = "社区1234工作坊"
TEAM = "队名"
SUBMIT = "提交"
WAITING = "等待本轮结果…"
SUBMITTED = "已提交：{team}"
NEED_TEAM = "请填写队名（1–24 个字）。"
BAD_CHOICE = "请为每个指标选择 ↑、↓ 或 —。"
# The four indicators a team predicts, and the three directions.
METRICS = [
    ("backlog", "积压问题"),
    ("wait", "居民等待天数"),
    ("hidden", "隐藏需求"),
    ("overtime", "网格员加班"),
]
DIRECTIONS = [("up", "↑ 上升"), ("down", "↓ 下降"), ("same", "— 不变")]
DIRECTION_VALUES = {value for value, _ in DIRECTIONS}
TEAM_MAX = 24


def port() -> int:
    """The loopback port given by the benchmark (``FW_PORT``)."""
    return int(os.environ["FW_PORT"])


def secret_ok(given: str | None) -> bool:
    """Whether a push request carries the server's secret (``FW_SECRET``), compared in constant time."""
    return given is not None and hmac.compare_digest(given.encode(), os.environ["FW_SECRET"].encode())


def check_submission(team: str, choices: dict[str, str]) -> str | None:
    """The one message for a bad submission, or None when it is good."""
    team = team.strip()
    if not team or len(team) > TEAM_MAX:
        return NEED_TEAM
    if any(choices.get(key) not in DIRECTION_VALUES for key, _ in METRICS):
        return BAD_CHOICE
    return None
