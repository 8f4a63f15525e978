"""The results store of an experiment: one directory, one file per finished run.

Layout::

    DIR/experiment.toml     copy of the experiment file
    DIR/design.parquet      the design points (point + one column per factor)
    DIR/design.json         method, options, factors and the SALib problem
    DIR/samples.parquet     the sampler's raw matrix (sampled designs only)
    DIR/meta.json           versions, seed scheme, master seed, created time
    DIR/runs/p000012-r0003.parquet    one row per finished run (point 12, replication 3)
    DIR/runs/damaged/       run files that could not be read, set aside by a rerun

The files that describe the experiment are written and read by
``sim.experiments.description``; this module holds the run files. Each run file is
written to a temporary file in ``runs/`` and renamed into place (``os.replace``), so a
file is either complete or absent: the run files are the checkpoint. Re-running the
experiment skips every (point, replication) already stored. A run that raised is stored
too, with ``status = "error"`` and its message.

Every file is checked when it is read; a damaged one is reported as one ``DamagedFile``
naming the file and how to repair it, or, for a run file, left out and listed (see
``sim.experiments.damaged``).

>>> from sim.experiments import load_results, status
>>> status("out/levers-small")            # doctest: +SKIP
{'total': 24, 'done': 20, 'error': 1, 'missing': 3, ...}
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..files import atomic_write
from .damaged import DamagedFile, damaged_message, short_list
from .description import FILES, RUNS, ExperimentFiles, fingerprint, spec_toml

__all__ = [
    "BASE_COLUMNS",
    "DAMAGED",
    "FILES",
    "RUNS",
    "RUN_NAME",
    "DamagedFile",
    "ExperimentStore",
    "damaged_message",
    "fingerprint",
    "load_results",
    "old_text",
    "run_file_name",
    "short_list",
    "spec_toml",
    "status",
]

DAMAGED = "damaged"  # runs/damaged/: run files set aside by a rerun
RUN_NAME = re.compile(r"^p(\d+)-r(\d+)\.parquet$")
BASE_COLUMNS = ("point", "rep", "seed", "status", "error", "run_seconds")
SCAN_CHUNK = 1_000  # run files read by one scan; a damaged file makes only its chunk read file by file


@functools.lru_cache(maxsize=16)
def _run_schema(metrics: tuple[str, ...]):
    import pyarrow as pa

    base = [
        ("point", pa.int64()),
        ("rep", pa.int64()),
        ("seed", pa.int64()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("run_seconds", pa.float64()),
    ]
    return pa.schema(base + [(m, pa.float64()) for m in metrics])


def run_file_name(point: int, rep: int) -> str:
    """The name of the file of one run, e.g. ``p000012-r0003.parquet``."""
    return f"p{point:06d}-r{rep:04d}.parquet"


class ExperimentStore(ExperimentFiles):
    """An experiment's directory of results: the files that describe it and the run files.

    Args:
        path: the directory.
    """

    # ------------------------------------------------------------- run files
    def run_files(self) -> list[Path]:
        """The files in ``runs/`` named like run files, sorted by name."""
        if not self.runs.is_dir():
            return []
        return sorted(Path(e.path) for e in os.scandir(self.runs) if RUN_NAME.match(e.name))

    def stored(self) -> set[tuple[int, int]]:
        """The (point, replication) pairs with a run file (finished, failed or damaged)."""
        out = set()
        for path in self.run_files():
            m = RUN_NAME.match(path.name)
            out.add((int(m.group(1)), int(m.group(2))))
        return out

    def scan(self):
        """Read every run file; return the good rows (an Arrow table) and the damaged files.

        A run file is damaged when it cannot be read as Parquet with the run columns,
        does not hold exactly one row, or its row does not match its name (point and
        replication), has no valid status, or a finished run without its metrics.

        Returns:
            ``(table, damaged)``: one row per good run file in name order, and the names
            of the damaged files, sorted.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        metrics = tuple(self.meta()["metrics"])
        schema = _run_schema(metrics)
        files = self.run_files()
        if not files:
            return schema.empty_table(), []
        names = [f.name for f in files]
        batches, owners = [], []
        for start in range(0, len(files), SCAN_CHUNK):
            chunk = [str(f) for f in files[start : start + SCAN_CHUNK]]
            try:
                b, o = _scan_batches(chunk, schema)
            except Exception:  # noqa: BLE001 - a file of this chunk cannot be read at all: find which
                b, o = [], []
                for f in chunk:
                    try:
                        one = _scan_batches([f], schema)
                    except Exception:  # noqa: BLE001 - pyarrow raises several kinds for a damaged file
                        continue
                    b += one[0]
                    o += one[1]
            batches += b
            owners += o
        table = pa.Table.from_batches(batches, schema=schema) if batches else schema.empty_table()
        index = {str(f): i for i, f in enumerate(files)}
        owner = np.array([index[o] for o in owners], dtype=np.int64)
        expected = np.array([[int(g) for g in RUN_NAME.match(n).groups()] for n in names], dtype=np.int64)
        counts = np.bincount(owner, minlength=len(files))

        def ints(name: str) -> np.ndarray:
            return pc.fill_null(table.column(name), -1).to_numpy(zero_copy_only=False)

        status = pc.fill_null(table.column("status"), "").to_numpy(zero_copy_only=False)
        good_row = (ints("point") == expected[owner, 0]) & (ints("rep") == expected[owner, 1])
        good_row &= ints("seed") >= 0
        good_row &= np.isin(status, ["ok", "error"])
        for m in metrics:  # a finished run has every metric (NaN is a value; null means it is missing)
            good_row &= ~((status == "ok") & table.column(m).is_null().to_numpy(zero_copy_only=False))
        bad_file = counts != 1
        bad_file[owner[~good_row]] = True
        damaged = [n for n, bad in zip(names, bad_file, strict=True) if bad]
        if damaged:
            table = table.filter(pa.array(~bad_file[owner]))
        return table, damaged

    def damaged_runs(self) -> list[str]:
        """The names of the damaged run files (see ``scan``)."""
        return self.scan()[1]

    def set_aside_damaged(self) -> list[str]:
        """Move the damaged run files to ``runs/damaged/``, so that they are run again.

        A file already there under the same name is kept; the newer one gets a suffix.

        Returns:
            The names of the files moved.
        """
        damaged = self.damaged_runs()
        if not damaged:
            return []
        target = self.runs / DAMAGED
        target.mkdir(exist_ok=True)
        for name in damaged:
            dest = target / name
            n = 1
            while dest.exists():
                dest = target / f"{name}.{n}"
                n += 1
            os.replace(self.runs / name, dest)
        return damaged

    def clean_temporary(self) -> int:
        """Remove temporary files left by a write that was killed; return how many."""
        n = 0
        if self.runs.is_dir():
            for entry in os.scandir(self.runs):
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    Path(entry.path).unlink(missing_ok=True)
                    n += 1
        return n

    # ------------------------------------------------------------- writing
    def write_run(self, row: dict[str, Any], metrics: tuple[str, ...]) -> Path:
        """Store one finished (or failed) run atomically; return its file."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        record = {c: row.get(c) for c in BASE_COLUMNS}
        record["error"] = record["error"] or ""
        for m in metrics:
            value = row.get(m)
            record[m] = None if value is None else float(value)
        table = pa.Table.from_pylist([record], schema=_run_schema(tuple(metrics)))
        buf = pa.BufferOutputStream()
        pq.write_table(table, buf)
        path = self.runs / run_file_name(int(row["point"]), int(row["rep"]))
        atomic_write(path, buf.getvalue().to_pybytes())
        return path

    # ------------------------------------------------------------- results
    def results(self, with_design: bool = True) -> pd.DataFrame:
        """Every good stored run, one row each, sorted by point and replication.

        Damaged run files are left out; their names are in ``frame.attrs["damaged"]``.
        """
        table, damaged = self.scan()
        runs = table.to_pandas()
        runs = runs.sort_values(["point", "rep"], kind="stable").reset_index(drop=True)
        if with_design:
            design = self.design()
            factors = [c for c in design.columns if c != "point"]
            runs = runs.merge(design, on="point", how="left")
            runs = runs[["point", "rep", *factors, *[c for c in runs.columns if c not in ("point", "rep", *factors)]]]
        runs.attrs["damaged"] = damaged
        return runs

    def status(self) -> dict[str, Any]:
        """Counts of runs done, failed and missing (damaged run files count as missing).

        When some run files are damaged, the dict also has ``damaged`` (how many) and
        ``damaged_files`` (their names).
        """
        import pyarrow.compute as pc

        meta = self.meta()
        points, reps = int(meta["points"]), int(meta["replications"])
        table, damaged = self.scan()
        inside = pc.and_(pc.less(table.column("point"), points), pc.less(table.column("rep"), reps))
        status = table.filter(inside).column("status")
        errors = int(pc.sum(pc.equal(status, "error")).as_py() or 0)
        done = len(status) - errors
        total = points * reps
        out = {
            "name": meta["name"],
            "points": points,
            "replications": reps,
            "total": total,
            "done": done,
            "error": errors,
            "missing": total - done - errors,
        }
        if damaged:
            out.update(damaged=len(damaged), damaged_files=damaged)
        return out


def _scan_batches(files: list[str], schema) -> tuple[list, list[str]]:
    """Read run files with one dataset scan; return the record batches and, per row, its file."""
    import pyarrow.dataset as ds

    batches, owners = [], []
    scanner = ds.dataset(files, format="parquet", schema=schema).scanner()
    for tagged in scanner.scan_batches():
        batch = tagged.record_batch
        if batch.num_rows:
            batches.append(batch)
            owners += [tagged.fragment.path] * batch.num_rows
    return batches, owners


def old_text(path: Path) -> str:
    """The stored copy of the experiment file (checked; see ``ExperimentStore.text``)."""
    return ExperimentStore(path).text()


def _open(path: str | os.PathLike) -> ExperimentStore:
    """The store at ``path``, with every file that describes the experiment checked."""
    store = ExperimentStore(path)
    store.verify()
    return store


def load_results(path: str | os.PathLike, with_design: bool = True) -> pd.DataFrame:
    """Every good stored run of the experiment in ``path``, with its factor values.

    Columns: ``point``, ``rep``, the factors, ``seed``, ``status`` (``ok`` or
    ``error``), ``error`` (the message), ``run_seconds`` and the metrics. Damaged run
    files are left out and named in ``frame.attrs["damaged"]``.

    Raises:
        ScenarioError: when ``path`` holds no experiment, or a file that describes it is
            damaged (the message names the file and how to repair it).
    """
    return _open(path).results(with_design)


def status(path: str | os.PathLike) -> dict[str, Any]:
    """How many runs of the experiment in ``path`` are done, failed and missing.

    Returns:
        ``{'name', 'points', 'replications', 'total', 'done', 'error', 'missing'}``, and
        ``damaged`` and ``damaged_files`` when some run files cannot be read (they are
        counted as missing).
    """
    return _open(path).status()
