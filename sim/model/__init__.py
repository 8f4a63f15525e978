"""The Mesa model of the community: agents, issues, practices and metrics."""

from .issues import CHANNELS, PROACTIVE, Issue, State
from .model import CommunityModel

__all__ = ["CHANNELS", "PROACTIVE", "CommunityModel", "Issue", "State"]
