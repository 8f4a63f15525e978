"""The store of a policy search: every (policy, replication) evaluated, in one SQLite file.

``DIR/evaluations.sqlite`` holds two tables:

* ``meta``: the fingerprint of what fixes a run's numbers (the street, the objectives,
  the seed) and the store's format;
* ``runs``: one row per (policy, replication) as it finishes: the policy's values (JSON,
  its key), the replication, the street seed, ``ok`` or ``error`` (with the message),
  the seconds it took and the values read from it (JSON: each objective, the street's rates).

Each row is committed on its own, so a search that is killed loses only the runs under
way; SQLite's journal keeps the file whole. A search run again into the same folder takes
every stored row instead of running it again. Only the driver process writes: workers
return their rows to it.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import ScenarioError

STORE = "evaluations.sqlite"
FORMAT = "1"  # the layout of the tables; a store of another format is not read


def _number(value: Any) -> float | None:
    """A value for JSON: a finite float, or None for a missing one (NaN)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


class EvaluationStore:
    """The evaluations of one search in ``DIR/evaluations.sqlite``.

    Args:
        folder: the output folder.
    """

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / STORE
        self._db: sqlite3.Connection | None = None

    def exists(self) -> bool:
        """Whether the folder holds a store."""
        return self.path.is_file()

    def fingerprint(self) -> str | None:
        """The fingerprint of the stored search, or None when the file is not a store of this kind."""
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
            finally:
                db.close()
        except sqlite3.Error:
            return None
        return rows.get("fingerprint") if rows.get("format") == FORMAT else None

    def open(self, fingerprint: str) -> EvaluationStore:
        """Create the store, or open it for the search with this ``fingerprint``.

        Raises:
            ScenarioError: when the file holds another search or cannot be read.
        """
        try:
            db = sqlite3.connect(self.path)
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS runs (policy TEXT NOT NULL, rep INTEGER NOT NULL, seed INTEGER NOT NULL,"
                " status TEXT NOT NULL, error TEXT NOT NULL, seconds REAL NOT NULL, "
                "vals TEXT NOT NULL, PRIMARY KEY (policy, rep))"
            )
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not meta:
                db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("fingerprint", fingerprint)])
                db.commit()
            elif meta.get("format") != FORMAT or meta.get("fingerprint") != fingerprint:
                db.close()
                raise ScenarioError.keyed("optimize.store.other", path=self.path.parent)
        except sqlite3.Error as exc:
            raise ScenarioError.keyed("optimize.store.unreadable", path=self.path, why=str(exc)) from None
        self._db = db
        return self

    def close(self) -> None:
        """Close the file."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> EvaluationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self) -> dict[tuple[str, int], dict[str, Any]]:
        """Every stored row by (policy key, replication)."""
        assert self._db is not None, "open() the store first"
        out = {}
        for policy, rep, seed, status, error, seconds, vals in self._db.execute(
            "SELECT policy, rep, seed, status, error, seconds, vals FROM runs"
        ):
            values = {k: (math.nan if v is None else v) for k, v in json.loads(vals).items()}
            out[(policy, rep)] = {
                "policy": policy,
                "rep": rep,
                "seed": seed,
                "status": status,
                "error": error,
                "seconds": seconds,
                "values": values,
            }
        return out

    def put(self, row: dict[str, Any]) -> None:
        """Store one finished (or failed) run and commit it at once."""
        assert self._db is not None, "open() the store first"
        vals = json.dumps({k: _number(v) for k, v in row["values"].items()}, sort_keys=True)
        self._db.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row["policy"], int(row["rep"]), int(row["seed"]), row["status"], row["error"], row["seconds"], vals),
        )
        self._db.commit()

    def count(self) -> int:
        """How many rows are stored."""
        assert self._db is not None, "open() the store first"
        return int(self._db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])
