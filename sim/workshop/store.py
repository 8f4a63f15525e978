"""The workshop's session file (工作坊会话文件): one room in one SQLite database.

Everything a session has to keep lives here: the room (its code, the hash of the
facilitator's secret, whether it is locked, its language, community, replications and
session seed), the teams (name and the hash of each browser's secret), the rounds, the
teams' predictions and submissions, the result cards, the broadcast messages, the events
the facilitator has set for the rounds to come (``events``) and, for each round, the
events it opened with and the community's runs under them (``round_events``).

Settings, and why:

* ``journal_mode=WAL``: readers (the pages refreshing on every event) never wait for the
  writer, and a commit appends to the log instead of rewriting pages.
* ``synchronous=FULL``: a commit returns only after the log is on disk. ``NORMAL`` would
  already survive the server being killed (``kill -9``), but a trainer's laptop can also
  lose power or crash, and a submission the team was told is accepted must survive that
  too; a room writes a few rows a second at most, so the extra flush costs nothing a
  participant could notice.
* every write is one explicit ``BEGIN IMMEDIATE`` … ``COMMIT`` (``isolation_level=None``:
  the module opens no transaction on its own), so a write is all or nothing.
* ``UNIQUE(team_id, round_id)`` on submissions: the database itself refuses a second
  submission of a team in a round, whatever the code above it does.

The store is used from one thread (the server's event loop); runs of the model happen in
other processes and come back through it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS room (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    code TEXT NOT NULL,
    facilitator_hash TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    lang TEXT NOT NULL,
    scenario TEXT NOT NULL,
    reps INTEGER NOT NULL,
    session_seed INTEGER NOT NULL,
    staff_min INTEGER NOT NULL,
    staff_max INTEGER NOT NULL,
    baseline TEXT,
    metric TEXT NOT NULL DEFAULT 'on_time_closure_rate',
    y TEXT NOT NULL DEFAULT 'on_time_closure_rate',
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL UNIQUE,
    joined REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'revealed')),
    opened REAL NOT NULL,
    closed REAL,
    revealed REAL
);
CREATE TABLE IF NOT EXISTS predictions (
    team_id INTEGER NOT NULL REFERENCES teams(id),
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    directions TEXT NOT NULL,
    made REAL NOT NULL,
    PRIMARY KEY (team_id, round_id)
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    choice TEXT NOT NULL,
    submitted REAL NOT NULL,
    UNIQUE (team_id, round_id)
);
CREATE TABLE IF NOT EXISTS results (
    submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
    card TEXT NOT NULL,
    finished REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    sent REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    added REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS round_events (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id),
    events TEXT NOT NULL,
    baseline TEXT
);
"""

TABLES = frozenset(m.group(1) for m in re.finditer(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))


class OtherTables(sqlite3.DatabaseError):
    """A SQLite file of another program (tables that are not the workshop's): it is left as it is.

    Attributes:
        tables: the first few of its other tables, by name.
    """

    def __init__(self, tables: list[str]):
        """Name the first five of ``tables``."""
        self.tables = tables[:5]
        super().__init__(f"it holds other tables ({', '.join(self.tables)})")


class DuplicateError(Exception):
    """A row the database refuses as a second one (a team name taken, a second submission)."""


class Store:
    """The session file: open (or create) it and read and write the room.

    Args:
        path: the SQLite file; created with its tables when it does not exist.
    """

    def __init__(self, path: str | Path):
        """Open the file and make sure every table exists."""
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables - TABLES:  # another program's database: leave it as it is
            self.db.close()
            raise OtherTables(sorted(tables - TABLES))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        with self.write() as db:
            for statement in filter(str.strip, SCHEMA.split(";")):
                db.execute(statement)
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        """Close the file (the log is folded back into it)."""
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside is written together, or nothing is."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _one(self, sql: str, args: tuple = ()) -> dict[str, Any] | None:
        row = self.db.execute(sql, args).fetchone()
        return dict(row) if row is not None else None

    def _all(self, sql: str, args: tuple = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.db.execute(sql, args).fetchall()]

    # ------------------------------------------------------------------ the room --
    def room(self) -> dict[str, Any] | None:
        """The room, or None when the file holds none yet."""
        room = self._one("SELECT * FROM room WHERE id = 1")
        if room is not None:
            room["scenario"] = json.loads(room["scenario"])
            room["baseline"] = json.loads(room["baseline"]) if room["baseline"] else None
            room["locked"] = bool(room["locked"])
        return room

    def create_room(self, **values: Any) -> None:
        """Write the room (code, facilitator_hash, lang, scenario, reps, session_seed, staff_min, staff_max)."""
        values = {**values, "scenario": json.dumps(values["scenario"], ensure_ascii=False), "created": time.time()}
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.write() as db:
            db.execute(f"INSERT INTO room (id, {names}) VALUES (1, {marks})", tuple(values.values()))

    def update_room(self, **values: Any) -> None:
        """Change some of the room's fields (``locked``, ``facilitator_hash``, ``baseline``, ``metric``, ``y``)."""
        if "baseline" in values:
            values["baseline"] = json.dumps(values["baseline"])
        sets = ", ".join(f"{name} = ?" for name in values)
        with self.write() as db:
            db.execute(f"UPDATE room SET {sets} WHERE id = 1", tuple(values.values()))

    # ------------------------------------------------------------------ teams --
    def add_team(self, name: str, name_key: str, secret_hash: str) -> int:
        """Add a team; its id.

        Raises:
            DuplicateError: when a team of that name (``name_key``) exists.
        """
        try:
            with self.write() as db:
                cur = db.execute(
                    "INSERT INTO teams (name, name_key, secret_hash, joined) VALUES (?, ?, ?, ?)",
                    (name, name_key, secret_hash, time.time()),
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateError(str(exc)) from None
        return int(cur.lastrowid)

    def team_by_secret(self, secret_hash: str) -> dict[str, Any] | None:
        """The team whose browser secret has this hash."""
        return self._one("SELECT id, name, joined FROM teams WHERE secret_hash = ?", (secret_hash,))

    def teams(self) -> list[dict[str, Any]]:
        """Every team, in the order they joined."""
        return self._all("SELECT id, name, joined FROM teams ORDER BY id")

    # ------------------------------------------------------------------ rounds --
    def rounds(self) -> list[dict[str, Any]]:
        """Every round, first first."""
        return self._all("SELECT * FROM rounds ORDER BY number")

    def last_round(self) -> dict[str, Any] | None:
        """The latest round, or None before the first."""
        return self._one("SELECT * FROM rounds ORDER BY number DESC LIMIT 1")

    def round_by_number(self, number: int) -> dict[str, Any] | None:
        """The round of that number."""
        return self._one("SELECT * FROM rounds WHERE number = ?", (number,))

    def open_round(self) -> int:
        """Start the next round, open for predictions and submissions, with the events in force; its number.

        The round keeps a copy of the events (``round_events``), so removing one later changes
        only the rounds after.
        """
        with self.write() as db:
            number = db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM rounds").fetchone()[0]
            cur = db.execute("INSERT INTO rounds (number, state, opened) VALUES (?, 'open', ?)", (number, time.time()))
            events = [
                {**json.loads(row[1]), "id": row[0]} for row in db.execute("SELECT id, event FROM events ORDER BY id")
            ]
            db.execute("INSERT INTO round_events (round_id, events) VALUES (?, ?)", (cur.lastrowid, json.dumps(events)))
        return int(number)

    def round_events(self, round_id: int) -> list[dict[str, Any]]:
        """The events a round opened with (none for a round of a session file older than events)."""
        row = self._one("SELECT events FROM round_events WHERE round_id = ?", (round_id,))
        return json.loads(row["events"]) if row else []

    def round_baseline(self, round_id: int) -> list[dict[str, Any]] | None:
        """The community's runs under a round's events (None: not run yet, or the round has none)."""
        row = self._one("SELECT baseline FROM round_events WHERE round_id = ?", (round_id,))
        return json.loads(row["baseline"]) if row and row["baseline"] else None

    def put_round_baseline(self, round_id: int, runs: list[dict[str, Any]]) -> None:
        """Keep the community's runs under a round's events."""
        with self.write() as db:
            db.execute("UPDATE round_events SET baseline = ? WHERE round_id = ?", (json.dumps(runs), round_id))

    def set_round_state(self, round_id: int, state: str, when: str) -> None:
        """Move a round to ``state`` ('closed' or 'revealed'), noting the time in column ``when``."""
        if when not in ("closed", "revealed"):
            raise ValueError(when)
        with self.write() as db:
            db.execute(f"UPDATE rounds SET state = ?, {when} = ? WHERE id = ?", (state, time.time(), round_id))

    # ------------------------------------------------------------------ predictions and submissions --
    def put_prediction(self, team_id: int, round_id: int, directions: dict[str, str]) -> None:
        """Keep a team's prediction for a round, replacing an earlier one (only while the round is open)."""
        with self.write() as db:
            db.execute(
                "INSERT INTO predictions (team_id, round_id, directions, made) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (team_id, round_id) DO UPDATE SET directions = excluded.directions, made = excluded.made",
                (team_id, round_id, json.dumps(directions), time.time()),
            )

    def prediction(self, team_id: int, round_id: int) -> dict[str, str] | None:
        """A team's prediction for a round."""
        row = self._one("SELECT directions FROM predictions WHERE team_id = ? AND round_id = ?", (team_id, round_id))
        return json.loads(row["directions"]) if row else None

    def predictions(self, round_id: int) -> dict[int, dict[str, str]]:
        """Every team's prediction for a round, by team id."""
        rows = self._all("SELECT team_id, directions FROM predictions WHERE round_id = ?", (round_id,))
        return {r["team_id"]: json.loads(r["directions"]) for r in rows}

    def add_submission(self, team_id: int, round_id: int, choice: dict[str, Any]) -> int:
        """Keep a team's choice for a round, if the round is still open; the submission's id.

        The round's state is read inside the same transaction, so a round closed a moment
        earlier refuses it.

        Raises:
            DuplicateError: when the team has submitted in this round already.
            LookupError: when the round is no longer open.
        """
        try:
            with self.write() as db:
                state = db.execute("SELECT state FROM rounds WHERE id = ?", (round_id,)).fetchone()
                if state is None or state[0] != "open":
                    raise LookupError(round_id)
                cur = db.execute(
                    "INSERT INTO submissions (team_id, round_id, choice, submitted) VALUES (?, ?, ?, ?)",
                    (team_id, round_id, json.dumps(choice, ensure_ascii=False), time.time()),
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateError(str(exc)) from None
        return int(cur.lastrowid)

    def submission(self, team_id: int, round_id: int) -> dict[str, Any] | None:
        """A team's submission in a round, with its result card when it is ready."""
        rows = self._submissions("s.team_id = ? AND s.round_id = ?", (team_id, round_id))
        return rows[0] if rows else None

    def submissions(self, round_id: int | None = None) -> list[dict[str, Any]]:
        """Every submission (of one round, or all), first first, with its card when ready."""
        if round_id is None:
            return self._submissions("1", ())
        return self._submissions("s.round_id = ?", (round_id,))

    def pending(self) -> list[dict[str, Any]]:
        """Submissions whose result is not computed yet (e.g. after a restart)."""
        return [s for s in self._submissions("1", ()) if s["card"] is None]

    def _submissions(self, where: str, args: tuple) -> list[dict[str, Any]]:
        rows = self._all(
            "SELECT s.id, s.team_id, s.round_id, s.choice, s.submitted, t.name AS team, r.number AS round, "
            "x.card, x.finished FROM submissions s JOIN teams t ON t.id = s.team_id "
            f"JOIN rounds r ON r.id = s.round_id LEFT JOIN results x ON x.submission_id = s.id WHERE {where} "
            "ORDER BY s.id",
            args,
        )
        for row in rows:
            row["choice"] = json.loads(row["choice"])
            row["card"] = json.loads(row["card"]) if row["card"] else None
        return rows

    def put_result(self, submission_id: int, card: dict[str, Any]) -> None:
        """Keep a submission's result card (computed once; a second write replaces nothing)."""
        with self.write() as db:
            db.execute(
                "INSERT OR IGNORE INTO results (submission_id, card, finished) VALUES (?, ?, ?)",
                (submission_id, json.dumps(card), time.time()),
            )

    # ------------------------------------------------------------------ messages --
    def add_message(self, text: str) -> int:
        """Keep a broadcast message; its id."""
        with self.write() as db:
            cur = db.execute("INSERT INTO messages (text, sent) VALUES (?, ?)", (text, time.time()))
        return int(cur.lastrowid)

    def messages(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest messages, newest first."""
        return self._all("SELECT id, text, sent FROM messages ORDER BY id DESC LIMIT ?", (limit,))

    # ------------------------------------------------------------------ events --
    def add_event(self, event: dict[str, Any]) -> int | None:
        """Keep an event for the rounds to come; its id (None when a round is open, and nothing is kept).

        The state of the rounds is read inside the same transaction, so a round opened a
        moment earlier refuses it.
        """
        with self.write() as db:
            if db.execute("SELECT 1 FROM rounds WHERE state = 'open'").fetchone():
                return None
            cur = db.execute(
                "INSERT INTO events (event, added) VALUES (?, ?)", (json.dumps(event, ensure_ascii=False), time.time())
            )
        return int(cur.lastrowid)

    def remove_event(self, event_id: int) -> bool | None:
        """Remove an event from the rounds to come; whether it was there (None when a round is open)."""
        with self.write() as db:
            if db.execute("SELECT 1 FROM rounds WHERE state = 'open'").fetchone():
                return None
            cur = db.execute("DELETE FROM events WHERE id = ?", (event_id,))
        return cur.rowcount > 0

    def events(self) -> list[dict[str, Any]]:
        """The events in force for the rounds to come, first added first, each with its ``id``."""
        return [
            {**json.loads(r["event"]), "id": r["id"]} for r in self._all("SELECT id, event FROM events ORDER BY id")
        ]
