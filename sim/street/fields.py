"""Reading the tables of a street or optimisation file: where a field is, unknown keys, sub-tables.

Each mistake is one ``ScenarioError`` in both languages that names the file, the entry and the field.
"""

from __future__ import annotations

from typing import Any

from ..errors import ScenarioError
from ..inputs import quote, shown


def where_in(label: str, kind: str, number: int, name: Any) -> str:
    """Where a message points: the file, the entry by kind and number, and its name (the same in both languages)."""
    named = f" {quote(name)}" if name is not None else ""
    return f"{label}: [[{kind}]] #{number}{named}: "


def check_keys(table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    """Refuse a key of ``table`` that is not in ``allowed``, listing the allowed ones."""
    for key in table:
        if key not in allowed:
            raise ScenarioError.keyed("street.unknown_key", where=where, key=shown(key), keys=", ".join(allowed))


def table_in(data: dict[str, Any], key: str, where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """The sub-table ``data[key]`` (empty when absent); anything else than a table is refused."""
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ScenarioError.keyed("street.not_table", where=where, key=key, keys=", ".join(keys))
    return value


def tables_in(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    """The list of tables ``[[key]]`` (empty when absent); anything else is refused."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ScenarioError.keyed("street.not_list", where=where, key=key)
    return value
