"""The results store of an experiment: one directory, one file per finished run.

Layout::

    DIR/experiment.toml     copy of the experiment file
    DIR/design.parquet      the design points (point + one column per factor)
    DIR/design.json         method, options, factors and the SALib problem
    DIR/samples.parquet     the sampler's raw matrix (sampled designs only)
    DIR/meta.json           versions, seed scheme, master seed, created time
    DIR/runs/p000012-r0003.parquet    one row per finished run (point 12, replication 3)
    DIR/runs/damaged/       run files that could not be read, set aside by a rerun

Each run file is written to a temporary file in ``runs/`` and renamed into place
(``os.replace``), so a file is either complete or absent: the run files are the
checkpoint. Re-running the experiment skips every (point, replication) already stored.
A run that raised is stored too, with ``status = "error"`` and its message.

A store can still be damaged from outside (a disk that filled up, a copy that was cut
short, a file edited by hand). Every file is checked when it is read, and a problem is
reported as one ``ScenarioError`` naming the file, what is wrong and how to repair it:

- ``meta.json`` identifies the experiment; without it nothing can be checked, and the
  experiment is run again into a new directory;
- ``experiment.toml``, ``design.parquet``, ``design.json`` and ``samples.parquet`` are
  rewritten by running the same experiment file into the directory again (its
  fingerprint must match ``meta.json``);
- a run file that cannot be read, or whose row does not match its name, is *damaged*:
  status and analysis leave it out and list it, and a rerun moves it to
  ``runs/damaged/`` and runs that (point, replication) again.

>>> from sim.experiments import load_results, status
>>> status("out/levers-small")            # doctest: +SKIP
{'total': 24, 'done': 20, 'error': 1, 'missing': 3, ...}
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import tomllib
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..files import OutputError, atomic_write, staged_dir
from ..inputs import SEED_LIMIT, as_integer, is_finite, quote
from ..report import _json, toml_literal
from ..run import versions
from .design import SEED_SCHEME, Design
from .spec import DESIGNS, SAMPLED, ExperimentSpec, parse_text

RUNS = "runs"
DAMAGED = "damaged"  # runs/damaged/: run files set aside by a rerun
RUN_NAME = re.compile(r"^p(\d+)-r(\d+)\.parquet$")
BASE_COLUMNS = ("point", "rep", "seed", "status", "error", "run_seconds")
FILES = ("experiment.toml", "design.parquet", "design.json", "meta.json")
MAX_TEXT_BYTES = 64_000_000  # meta.json, design.json and experiment.toml are far smaller
SHOW_FILES = 5  # damaged run files named in a message; the rest are counted
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


def short_list(names: list[str], limit: int = SHOW_FILES) -> str:
    """``a, b, c`` for a few names, ``a, b, c, … (N in all)`` for many."""
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])}, … ({len(names):,} in all)"


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def _versions() -> dict[str, str]:
    out = versions()
    for pkg in ("SALib", "dask", "distributed"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def fingerprint(spec: ExperimentSpec, design: Design) -> str:
    """A hash of everything that fixes the numbers of a run (not the replication count)."""
    content = {
        "params": spec.scenario.params,
        "method": spec.method,
        "samples": spec.samples,
        "options": spec.options,
        "seed": spec.seed,
        "metrics": list(spec.metrics),
        "design": design.points.to_json(orient="split"),
    }
    text = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _short(exc: BaseException) -> str:
    """The first line of an exception's message, cut to a readable length."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"^Could not open Parquet input source '[^']*': ", "", text)  # the file is named already
    text = "".join(c if c.isprintable() else "?" for c in text)  # nothing that moves the terminal's cursor
    return text if len(text) <= 160 else text[:159] + "…"


class DamagedFile(ScenarioError):
    """A file of an experiment directory that is missing, empty or cannot be read.

    The message names the file, says what is wrong and how to repair it.
    """


class ExperimentStore:
    """An experiment's directory of results.

    Args:
        path: the directory.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.runs = self.path / RUNS
        self._cache: dict[str, Any] = {}

    # ------------------------------------------------------------- creating / opening
    def exists(self) -> bool:
        """Whether the directory holds an experiment (possibly a damaged one)."""
        if not self.path.is_dir():
            return False
        return self.runs.exists() or any((self.path / name).exists() for name in FILES)

    def check(self, spec: ExperimentSpec, design: Design) -> bool:
        """Check that ``spec`` may be written here, before anything runs.

        Returns:
            True when the directory already holds this experiment (the run resumes),
            False when it is new or empty.

        Raises:
            OutputError: when the path is a file, a non-empty directory of something else,
                or holds a different experiment.
            DamagedFile: when meta.json, which identifies the experiment, is damaged.
        """
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(f"{self.path}: exists and is not a directory", zh=f"{self.path}：已存在且不是目录")
        if not self.path.exists() or not any(self.path.iterdir()):
            return False
        if not self.exists():
            raise OutputError(
                f"{self.path}: the directory exists, is not empty and holds no experiment; choose another --out",
                zh=f"{self.path}：该目录已存在、不为空且不包含实验；请换一个 --out",
            )
        meta = self.meta()
        if meta["fingerprint"] != fingerprint(spec, design):
            raise OutputError(
                f"{self.path}: holds results of a different experiment ({quote(meta['name'])}: other scenario, "
                "factors, design, seed or metrics); choose another --out",
                zh=f"{self.path}：存放的是另一个实验的结果（{quote(meta['name'])}：情景、因子、设计、种子或指标不同）；"
                "请换一个 --out",
            )
        self._check_runs_dir()
        return True

    def create(self, spec: ExperimentSpec, design: Design, extra_meta: dict[str, Any] | None = None) -> list[str]:
        """Write a new experiment directory (all files at once), or update a resumed one.

        On a resumed directory the files that describe the experiment and are damaged
        (``experiment.toml``, ``design.parquet``, ``design.json``, ``samples.parquet``)
        are written again: ``check`` has compared the fingerprint in meta.json with
        ``spec``, so their content is known.

        Returns:
            The names of the files rewritten because they were damaged (empty for a new
            directory).
        """
        meta = {
            "name": spec.name,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "scenario": spec.scenario.name,
            "scenario_source": spec.scenario.source,
            "method": spec.method,
            "points": len(design),
            "replications": spec.replications,
            "runs": len(design) * spec.replications,
            "seed": spec.seed,
            "seed_scheme": SEED_SCHEME,
            "metrics": list(spec.metrics),
            "fingerprint": fingerprint(spec, design),
            "versions": _versions(),
            **(extra_meta or {}),
        }
        files = _description_files(spec, design)
        if self.check(spec, design):
            old = self.meta()
            repaired = []
            for name, data in files.items():
                try:
                    self._read_description(name)
                except DamagedFile:
                    atomic_write(self.path / name, data)
                    repaired.append(name)
            if old["replications"] != spec.replications:
                # More (or fewer) replications of the same experiment: seeds do not change.
                meta["created"] = old.get("created", meta["created"])
                if "experiment.toml" not in repaired:
                    atomic_write(self.path / "experiment.toml", files["experiment.toml"])
                atomic_write(self.path / "meta.json", _json(meta))
            self.runs.mkdir(exist_ok=True)
            self._cache.clear()
            return repaired
        with staged_dir(self.path, overwrite=True) as tmp:
            for name, data in files.items():
                atomic_write(tmp / name, data)
            (tmp / RUNS).mkdir()
            atomic_write(tmp / "meta.json", _json(meta))
        self._cache.clear()
        return []

    # ------------------------------------------------------------- reading, checked
    def _damaged(self, name: str, problem: str, problem_zh: str, repair: str, repair_zh: str) -> DamagedFile:
        where = self.path / name
        return DamagedFile(f"{where}: {problem}; {repair}", zh=f"{where}：{problem_zh}；{repair_zh}")

    def _bad(self, name: str, problem: str, problem_zh: str) -> DamagedFile:
        """A damaged file, with the repair that fits it."""
        if name == "meta.json":
            return self._damaged(
                name,
                problem,
                problem_zh,
                "it identifies the experiment, so these results cannot be checked or resumed: run the "
                "experiment file into a new directory (--out NEW_DIR; see 'Damaged files' in docs/experiments.md)",
                "它标识了这个实验，因此无法核对或续跑这些结果：请把实验文件运行到一个新目录"
                "（--out 新目录；见 docs/experiments.zh.md 的“文件损坏”一节）",
            )
        return self._damaged(
            name,
            problem,
            problem_zh,
            f"run the same experiment file into this directory again to rewrite it (experiment run FILE --out {self.path})",
            f"再次把同一实验文件运行到此目录即可重写它（experiment run FILE --out {self.path}）",
        )

    def _bytes(self, name: str) -> bytes:
        """The contents of one file of the directory, or DamagedFile when missing, empty or too large."""
        path = self.path / name
        if not path.exists():
            raise self._bad(name, "missing", "缺失")
        if not path.is_file():
            raise self._bad(name, "not a file", "不是文件")
        try:
            size = path.stat().st_size
            if size == 0:
                raise self._bad(name, "empty (0 bytes)", "是空文件（0 字节）")
            if size > MAX_TEXT_BYTES and not name.endswith(".parquet"):
                raise self._bad(
                    name, f"too large ({size:,} bytes; at most {MAX_TEXT_BYTES:,})", f"太大（{size:,} 字节）"
                )
            return path.read_bytes()
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            raise self._bad(name, f"cannot be read ({why})", f"无法读取（{why}）") from None

    def _json_object(self, name: str) -> dict[str, Any]:
        try:
            data = json.loads(self._bytes(name).decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            if isinstance(exc, DamagedFile):
                raise
            raise self._bad(name, f"not valid JSON ({_short(exc)})", f"不是有效的 JSON（{_short(exc)}）") from None
        if not isinstance(data, dict):
            raise self._bad(name, "not a JSON object ({...})", "不是 JSON 对象（{...}）")
        return data

    def _table(self, name: str) -> pd.DataFrame:
        try:
            return pd.read_parquet(io.BytesIO(self._bytes(name)))
        except DamagedFile:
            raise
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds for a damaged file
            raise self._bad(
                name, f"not a readable Parquet file ({_short(exc)})", f"不是可读的 Parquet 文件（{_short(exc)}）"
            ) from None

    def meta(self) -> dict[str, Any]:
        """The contents of meta.json, checked.

        Raises:
            DamagedFile: when meta.json is missing, empty, not JSON, or a field that the
                store relies on is missing or has the wrong type.
        """
        if "meta" in self._cache:
            return self._cache["meta"]
        meta = self._json_object("meta.json")

        def bad(key: str, expected: str, expected_zh: str) -> DamagedFile:
            if key not in meta:
                return self._bad("meta.json", f"{key!r} is missing", f"缺少 {key!r}")
            found = quote(meta[key])
            return self._bad(
                "meta.json", f"{key} = {found} (expected {expected})", f"{key} = {found}（应为{expected_zh}）"
            )

        if not isinstance(meta.get("name"), str):
            raise bad("name", "a string", "字符串")
        if not isinstance(meta.get("fingerprint"), str):
            raise bad("fingerprint", "a string", "字符串")
        if meta.get("method") not in DESIGNS:
            raise bad("method", f"one of {', '.join(DESIGNS)}", f"以下之一：{', '.join(DESIGNS)}")
        for key, low in (("points", 1), ("replications", 1), ("seed", 0)):
            value = meta.get(key)
            if isinstance(value, bool) or as_integer(value) is None or not low <= value < SEED_LIMIT:
                raise bad(key, f"an integer ≥ {low}", f"≥ {low} 的整数")
        metrics = meta.get("metrics")
        if not isinstance(metrics, list) or not metrics or not all(isinstance(m, str) for m in metrics):
            raise bad("metrics", "a non-empty list of metric names", "非空的指标名列表")
        self._cache["meta"] = meta
        return meta

    def design(self) -> pd.DataFrame:
        """The design points, checked against meta.json.

        Raises:
            DamagedFile: when design.parquet is missing or unreadable, or does not hold
                points 0, 1, … in order, as many as meta.json says.
        """
        if "design" in self._cache:
            return self._cache["design"]
        points = self.meta()["points"]
        design = self._table("design.parquet")
        if "point" not in design.columns:
            raise self._bad("design.parquet", "the column 'point' is missing", "缺少 'point' 列")
        ids = design["point"]
        if (
            len(design) != points
            or not pd.api.types.is_integer_dtype(ids)
            or not np.array_equal(ids.to_numpy(), np.arange(len(design)))
        ):
            raise self._bad(
                "design.parquet",
                f"holds {len(design):,} rows, not the points 0 to {points - 1:,} that meta.json names",
                f"有 {len(design):,} 行，而不是 meta.json 所说的设计点 0 到 {points - 1:,}",
            )
        self._cache["design"] = design
        return design

    def design_info(self) -> dict[str, Any]:
        """The contents of design.json (method, options, factors, SALib problem), checked.

        Raises:
            DamagedFile: when design.json is missing, unreadable, or disagrees with
                meta.json or design.parquet.
        """
        if "info" in self._cache:
            return self._cache["info"]
        info = self._json_object("design.json")
        method = self.meta()["method"]
        if info.get("method") != method:
            raise self._bad(
                "design.json",
                f"method = {quote(info.get('method'))}, but meta.json says {method!r}",
                f"method = {quote(info.get('method'))}，但 meta.json 中为 {method!r}",
            )
        factors = info.get("factors")
        names = (
            [f.get("name") for f in factors]
            if isinstance(factors, list) and all(isinstance(f, dict) for f in factors)
            else None
        )
        columns = [c for c in self.design().columns if c != "point"]
        if names != columns:
            raise self._bad(
                "design.json",
                "its factors do not match the columns of design.parquet",
                "其中的因子与 design.parquet 的列不一致",
            )
        options = info.get("options")
        if options is not None and not isinstance(options, dict):
            raise self._bad("design.json", "options is not a table", "options 不是表")
        if method in ("sobol", "morris"):
            problem = info.get("problem")
            ok = (
                isinstance(problem, dict)
                and problem.get("names") == columns
                and isinstance(problem.get("bounds"), list)
                and len(problem["bounds"]) == len(columns)
                and all(isinstance(b, list) and len(b) == 2 and all(is_finite(x) for x in b) for b in problem["bounds"])
            )
            if not ok:
                raise self._bad(
                    "design.json",
                    "the SALib problem (names and bounds of the factors) is missing or does not match the design",
                    "SALib 的 problem（因子名与取值范围）缺失或与设计不一致",
                )
        self._cache["info"] = info
        return info

    def samples(self) -> pd.DataFrame:
        """The sampler's raw matrix (sampled designs), checked against the design.

        Raises:
            DamagedFile: when samples.parquet is missing, unreadable or of the wrong shape.
        """
        if "samples" in self._cache:
            return self._cache["samples"]
        columns = [c for c in self.design().columns if c != "point"]
        raw = self._table("samples.parquet")
        if list(raw.columns) != columns or len(raw) != self.meta()["points"]:
            raise self._bad(
                "samples.parquet",
                f"its shape {raw.shape} does not match the design ({self.meta()['points']:,} × {len(columns)})",
                f"其形状 {raw.shape} 与设计（{self.meta()['points']:,} × {len(columns)}）不一致",
            )
        self._cache["samples"] = raw
        return raw

    def text(self) -> str:
        """The stored copy of the experiment file, checked to be TOML.

        Raises:
            DamagedFile: when experiment.toml is missing, empty or not valid TOML.
        """
        if "text" in self._cache:
            return self._cache["text"]
        try:
            text = self._bytes("experiment.toml").decode("utf-8")
            data = tomllib.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
            if isinstance(exc, DamagedFile):
                raise
            raise self._bad(
                "experiment.toml", f"not valid TOML ({_short(exc)})", f"不是有效的 TOML（{_short(exc)}）"
            ) from None
        if not data:
            raise self._bad("experiment.toml", "holds no keys", "没有任何键")
        self._cache["text"] = text
        return text

    def _read_description(self, name: str) -> Any:
        """Read and check one of the files that describe the experiment (not meta.json)."""
        readers = {
            "experiment.toml": self.text,
            "design.parquet": self.design,
            "design.json": self.design_info,
            "samples.parquet": self.samples,
        }
        return readers[name]()

    def verify(self) -> dict[str, Any]:
        """Check every file that describes the experiment; return meta.json's contents.

        Raises:
            ScenarioError: when the directory holds no experiment.
            DamagedFile: for the first damaged file, with how to repair it.
        """
        if not self.exists():
            raise ScenarioError(
                f"{self.path}: not an experiment directory (no meta.json and runs/)",
                zh=f"{self.path}：不是实验目录（没有 meta.json 和 runs/）",
            )
        meta = self.meta()
        self.design()
        self.design_info()
        if meta["method"] in SAMPLED:
            self.samples()
        self.text()
        self._check_runs_dir()
        return meta

    def _check_runs_dir(self) -> None:
        """Refuse a ``runs`` entry that is not a directory (a damaged store)."""
        if self.runs.exists() and not self.runs.is_dir():
            raise self._damaged(
                RUNS,
                "not a directory",
                "不是目录",
                "move it away, then run the same experiment file into this directory again",
                "请把它移走，然后再次把同一实验文件运行到此目录",
            )

    def spec(self) -> ExperimentSpec:
        """The experiment, read back from the stored copy of its file."""
        return parse_text(self.text(), str(self.path / "experiment.toml"), None, None)

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


def _description_files(spec: ExperimentSpec, design: Design) -> dict[str, bytes | str]:
    """The files that describe an experiment (all but meta.json), by name."""
    info = {
        "method": spec.method,
        "options": design.options or {},
        "factors": [
            {"name": f.name, "kind": f.kind, "levels": list(f.levels), "low": f.low, "high": f.high}
            for f in spec.factors
        ],
        "problem": design.problem,
    }
    files: dict[str, bytes | str] = {
        "experiment.toml": spec.text or _spec_toml(spec),
        "design.parquet": _parquet(design.points),
        "design.json": _json(info),
    }
    if design.samples is not None:
        raw = pd.DataFrame(design.samples, columns=[f.name for f in spec.factors])
        files["samples.parquet"] = _parquet(raw)
    return files


def old_text(path: Path) -> str:
    """The stored copy of the experiment file (checked; see ``ExperimentStore.text``)."""
    return ExperimentStore(path).text()


def _spec_toml(spec: ExperimentSpec) -> str:
    """A TOML text for a spec built in code (no file) that reads back to the same spec."""
    lines = [
        f"name = {toml_literal(spec.name)}",
        f"scenario = {toml_literal(spec.scenario_ref)}",
        f"replications = {spec.replications}",
        f"seed = {spec.seed}",
        f"metrics = {toml_literal(list(spec.metrics))}",
    ]
    if spec.description:
        lines.insert(1, f"description = {toml_literal(spec.description)}")
    fixed = {k: v for k, v in spec.scenario.overrides.items() if k not in spec.factor_names}
    if fixed:
        lines += ["", "[params]"] + [f"{toml_literal(k)} = {toml_literal(v)}" for k, v in fixed.items()]
    lines += ["", "[design]", f"method = {toml_literal(spec.method)}"]
    if spec.samples is not None:
        lines.append(f"samples = {spec.samples}")
    lines += [f"{k} = {toml_literal(v)}" for k, v in spec.options.items()]
    for f in spec.factors:
        lines += ["", f"[factors.{toml_literal(f.name)}]"]
        if f.discrete:
            lines.append(f"levels = {toml_literal(list(f.levels))}")
        else:
            low, high = f.low, f.high
            if f.kind == "int":  # an int parameter's range reads back as integers
                low, high = int(low), int(high)
            lines += [f"low = {toml_literal(low)}", f"high = {toml_literal(high)}"]
    return "\n".join(lines) + "\n"


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


def damaged_message(names: list[str], lang: str | None = None) -> str:
    """One line for ``experiment status``/``analyze``: how many run files are damaged, which, how to repair."""
    from ..i18n import t

    return t("cli.experiment.damaged", lang, n=len(names), files=short_list(names))
