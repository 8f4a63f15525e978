"""The results store of an experiment: one directory, one file per finished run.

Layout::

    DIR/experiment.toml     copy of the experiment file
    DIR/design.parquet      the design points (point + one column per factor)
    DIR/design.json         method, options, factors and the SALib problem
    DIR/samples.parquet     the sampler's raw matrix (sampled designs only)
    DIR/meta.json           versions, seed scheme, master seed, created time
    DIR/runs/p000012-r0003.parquet    one row per finished run (point 12, replication 3)

Each run file is written to a temporary file in ``runs/`` and renamed into place
(``os.replace``), so a file is either complete or absent: the run files are the
checkpoint. Re-running the experiment skips every (point, replication) already stored.
A run that raised is stored too, with ``status = "error"`` and its message.

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
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ScenarioError
from ..report import OutputError, _json, atomic_write, staged_dir
from ..run import versions
from .design import SEED_SCHEME, Design
from .spec import ExperimentSpec, parse_text

RUNS = "runs"
RUN_NAME = re.compile(r"^p(\d+)-r(\d+)\.parquet$")
BASE_COLUMNS = ("point", "rep", "seed", "status", "error", "run_seconds")
FILES = ("experiment.toml", "design.parquet", "design.json", "meta.json")


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


class ExperimentStore:
    """An experiment's directory of results.

    Args:
        path: the directory.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.runs = self.path / RUNS

    # ------------------------------------------------------------- creating / opening
    def exists(self) -> bool:
        """Whether the directory holds an experiment."""
        return (self.path / "meta.json").is_file() and self.runs.is_dir()

    def check(self, spec: ExperimentSpec, design: Design) -> bool:
        """Check that ``spec`` may be written here, before anything runs.

        Returns:
            True when the directory already holds this experiment (the run resumes),
            False when it is new or empty.

        Raises:
            OutputError: when the path is a file, a non-empty directory of something else,
                or holds a different experiment.
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
        if meta.get("fingerprint") != fingerprint(spec, design):
            raise OutputError(
                f"{self.path}: holds results of a different experiment ({meta.get('name')!r}: other scenario, "
                "factors, design, seed or metrics); choose another --out",
                zh=f"{self.path}：存放的是另一个实验的结果（{meta.get('name')!r}：情景、因子、设计、种子或指标不同）；"
                "请换一个 --out",
            )
        return True

    def create(self, spec: ExperimentSpec, design: Design, extra_meta: dict[str, Any] | None = None) -> None:
        """Write a new experiment directory (all files at once), or update a resumed one."""
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
        if self.check(spec, design):
            old = self.meta()
            if old.get("replications") != spec.replications:
                # More (or fewer) replications of the same experiment: seeds do not change.
                meta["created"] = old.get("created", meta["created"])
                atomic_write(self.path / "experiment.toml", spec.text or old_text(self.path))
                atomic_write(self.path / "meta.json", _json(meta))
            return
        info = {
            "method": spec.method,
            "options": design.options or {},
            "factors": [
                {"name": f.name, "kind": f.kind, "levels": list(f.levels), "low": f.low, "high": f.high}
                for f in spec.factors
            ],
            "problem": design.problem,
        }
        with staged_dir(self.path, overwrite=True) as tmp:
            atomic_write(tmp / "experiment.toml", spec.text or _spec_toml(spec))
            atomic_write(tmp / "design.parquet", _parquet(design.points))
            atomic_write(tmp / "design.json", _json(info))
            if design.samples is not None:
                raw = pd.DataFrame(design.samples, columns=[f.name for f in spec.factors])
                atomic_write(tmp / "samples.parquet", _parquet(raw))
            (tmp / RUNS).mkdir()
            atomic_write(tmp / "meta.json", _json(meta))

    # ------------------------------------------------------------- reading
    def meta(self) -> dict[str, Any]:
        """The contents of meta.json."""
        try:
            return json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScenarioError(
                f"{self.path}: not an experiment directory (meta.json: {exc})",
                zh=f"{self.path}：不是实验目录（meta.json：{exc}）",
            ) from None

    def design(self) -> pd.DataFrame:
        """The design points."""
        return pd.read_parquet(self.path / "design.parquet")

    def spec(self) -> ExperimentSpec:
        """The experiment, read back from the stored copy of its file."""
        return parse_text(old_text(self.path), str(self.path / "experiment.toml"), None, None)

    def stored(self) -> set[tuple[int, int]]:
        """The (point, replication) pairs with a run file (finished or failed)."""
        out = set()
        if not self.runs.is_dir():
            return out
        for entry in os.scandir(self.runs):
            m = RUN_NAME.match(entry.name)
            if m:
                out.add((int(m.group(1)), int(m.group(2))))
        return out

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

    def results(self, with_design: bool = True) -> pd.DataFrame:
        """Every stored run, one row each, sorted by point and replication."""
        files = sorted(p for p in self.runs.glob("p*-r*.parquet") if RUN_NAME.match(p.name))
        if not files:
            meta = self.meta()
            cols = [*BASE_COLUMNS, *meta.get("metrics", [])]
            runs = pd.DataFrame({c: pd.Series(dtype=float) for c in cols})
        else:
            runs = _read_runs(files).to_pandas()
        runs = runs.sort_values(["point", "rep"], kind="stable").reset_index(drop=True)
        if with_design:
            design = self.design()
            factors = [c for c in design.columns if c != "point"]
            runs = runs.merge(design, on="point", how="left")
            runs = runs[["point", "rep", *factors, *[c for c in runs.columns if c not in ("point", "rep", *factors)]]]
        return runs

    def status(self) -> dict[str, Any]:
        """Counts of runs done, failed and missing."""
        meta = self.meta()
        points, reps = int(meta["points"]), int(meta["replications"])
        wanted = {(p, r) for p in range(points) for r in range(reps)}
        stored = self.stored() & wanted
        errors = 0
        if stored:
            files = [self.runs / run_file_name(p, r) for p, r in sorted(stored)]
            errors = int((_read_runs(files, ["status"]).column("status").to_pandas() == "error").sum())
        return {
            "name": meta.get("name"),
            "points": points,
            "replications": reps,
            "total": len(wanted),
            "done": len(stored) - errors,
            "error": errors,
            "missing": len(wanted) - len(stored),
        }


def _read_runs(files: list[Path], columns: list[str] | None = None):
    """Read many run files at once into one Arrow table."""
    import pyarrow.dataset as ds

    return ds.dataset([str(f) for f in files], format="parquet").to_table(columns=columns)


def old_text(path: Path) -> str:
    """The stored copy of the experiment file."""
    return (Path(path) / "experiment.toml").read_text(encoding="utf-8")


def _spec_toml(spec: ExperimentSpec) -> str:
    """A TOML text for a spec built in code (no file): enough to read it back."""
    from ..report import toml_value

    lines = [
        f"name = {json.dumps(spec.name)}",
        f"scenario = {json.dumps(spec.scenario_ref)}",
        f"replications = {spec.replications}",
        f"seed = {spec.seed}",
        "metrics = [" + ", ".join(json.dumps(m) for m in spec.metrics) + "]",
    ]
    fixed = {k: v for k, v in spec.scenario.overrides.items() if k not in spec.factor_names}
    if fixed:
        lines += ["", "[params]"] + [f'"{k}" = {toml_value(v)}' for k, v in fixed.items()]
    lines += ["", "[design]", f'method = "{spec.method}"']
    if spec.samples is not None:
        lines.append(f"samples = {spec.samples}")
    lines += [f"{k} = {toml_value(v)}" for k, v in spec.options.items()]
    for f in spec.factors:
        lines += ["", f'[factors."{f.name}"]']
        if f.discrete:
            lines.append("levels = [" + ", ".join(toml_value(v) for v in f.levels) + "]")
        else:
            lines += [f"low = {toml_value(f.low)}", f"high = {toml_value(f.high)}"]
    return "\n".join(lines) + "\n"


def load_results(path: str | os.PathLike, with_design: bool = True) -> pd.DataFrame:
    """Every stored run of the experiment in ``path``, with its factor values.

    Columns: ``point``, ``rep``, the factors, ``seed``, ``status`` (``ok`` or
    ``error``), ``error`` (the message), ``run_seconds`` and the metrics.
    """
    store = ExperimentStore(path)
    if not store.exists():
        raise ScenarioError(
            f"{path}: not an experiment directory (no meta.json and runs/)",
            zh=f"{path}：不是实验目录（没有 meta.json 和 runs/）",
        )
    return store.results(with_design)


def status(path: str | os.PathLike) -> dict[str, Any]:
    """How many runs of the experiment in ``path`` are done, failed and missing."""
    store = ExperimentStore(path)
    if not store.exists():
        raise ScenarioError(
            f"{path}: not an experiment directory (no meta.json and runs/)",
            zh=f"{path}：不是实验目录（没有 meta.json 和 runs/）",
        )
    return store.status()
