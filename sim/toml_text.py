"""Values as TOML text: written into files (``toml_literal``) and shown to a person (``toml_value``).

>>> toml_literal("fifo"), toml_literal(0.1)
('"fifo"', '0.1')
>>> toml_value(0.25), toml_value(True)
('0.25', 'true')
"""

from __future__ import annotations

from typing import Any

import tomli_w


def toml_literal(value: Any) -> str:
    """A value as TOML text that reads back to the same value (strings quoted, floats exact).

    The kit's one TOML writer: the text comes from ``tomli_w``, written as the value of a
    one-key table, so callers can add their own keys and trailing comments around it.
    """
    if not isinstance(value, (bool, int, float, str, list, tuple)):
        raise TypeError(f"cannot write {type(value).__name__} to TOML")
    text = tomli_w.dumps({"v": list(value) if isinstance(value, tuple) else value})
    return text[len("v = ") :].rstrip("\n")


def toml_value(value: Any) -> str:
    """Show a parameter value as a person writes it (``true``, ``60``, ``0.25``, ``fifo``); for display only."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


__all__ = ["toml_literal", "toml_value"]
