"""The files that describe an experiment: meta.json, its copy, the design.

::

    DIR/experiment.toml     copy of the experiment file
    DIR/design.parquet      the design points (point + one column per factor)
    DIR/design.json         method, options, factors and the SALib problem
    DIR/samples.parquet     the sampler's raw matrix (sampled designs only)
    DIR/meta.json           versions, seed scheme, master seed, fingerprint, created time

``ExperimentFiles`` writes them all at once for a new experiment, checks that a
directory may take an experiment (``check``), and reads every file back checked
against meta.json (a problem is one ``DamagedFile``; see ``sim.experiments.damaged``).
The run files are ``sim.experiments.store``'s.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tomllib
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..files import OutputError, atomic_write, staged_dir
from ..inputs import SEED_LIMIT, as_integer, is_finite, quote
from ..report import _json, toml_literal
from ..run import versions
from ..text import Part
from .damaged import CheckedFiles, DamagedFile, first_line, problem
from .design import SEED_SCHEME, Design
from .spec import DESIGNS, SAMPLED, ExperimentSpec, parse_text

if TYPE_CHECKING:
    from .street_runs import StreetExperimentSpec

RUNS = "runs"  # the directory of run files
FILES = ("experiment.toml", "design.parquet", "design.json", "meta.json")


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def _versions() -> dict[str, str]:
    return versions(extra=("SALib", "dask", "distributed"))


def fingerprint(spec: ExperimentSpec | StreetExperimentSpec, design: Design) -> str:
    """A hash of everything that fixes the numbers of a run (not the replication count).

    For an experiment over a scenario, the scenario's parameters; over a street, the
    street (its name, its communities' parameters in order, ``[shared]``): another street
    never resumes into the folder of this one.
    """
    from .street_runs import street_identity

    base = {"street": street_identity(spec.street)} if _is_street(spec) else {"params": spec.scenario.params}
    content = {
        **base,
        "method": spec.method,
        "samples": spec.samples,
        "options": spec.options,
        "seed": spec.seed,
        "metrics": list(spec.metrics),
        "design": design.points.to_json(orient="split"),
    }
    text = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _is_street(spec: ExperimentSpec | StreetExperimentSpec) -> bool:
    # Imported here, as the street code is wherever this package uses it: sim.street imports the package.
    from .street_runs import StreetExperimentSpec

    return isinstance(spec, StreetExperimentSpec)


def base_meta(spec: ExperimentSpec | StreetExperimentSpec, design: Design) -> dict[str, Any]:
    """What meta.json says of the experiment's base: its scenario, or its street.

    A street experiment also records the street's size and title, its community runs and
    ``base_values``: the factor values every community has as the street stands (the
    design point with them is the analysis's baseline).
    """
    if not _is_street(spec):
        return {"scenario": spec.scenario.name, "scenario_source": spec.scenario.source}
    from .street_runs import base_values

    street = spec.street
    return {
        "kind": "street",
        "street": street.name,
        "street_source": street.source,
        "street_title": dict(street.title),
        "communities": len(street.communities),
        "households": street.households,
        "shared": street.shared is not None and street.shared.linked,
        "community_runs": len(design) * spec.replications * len(street.communities),
        "base_values": base_values(street, spec.factor_names),
    }


class ExperimentFiles(CheckedFiles):
    """The files of an experiment directory that describe the experiment.

    Args:
        path: the directory.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        super().__init__(path)
        self.runs = self.path / RUNS
        self._cache: dict[str, Any] = {}

    # ------------------------------------------------------------- creating / opening
    def exists(self) -> bool:
        """Whether the directory holds an experiment (possibly a damaged one)."""
        if not self.path.is_dir():
            return False
        return self.runs.exists() or any((self.path / name).exists() for name in FILES)

    def check(self, spec: ExperimentSpec | StreetExperimentSpec, design: Design) -> bool:
        """Check that ``spec`` may be written here, before anything runs.

        Returns:
            True when the directory already holds this experiment (the run resumes),
            False when it is new or empty.

        Raises:
            OutputError: when the path is a file, a non-empty directory of something else,
                or holds a different experiment or runs seeded by another scheme.
            DamagedFile: when meta.json, which identifies the experiment, is damaged.
        """
        if self.path.exists() and not self.path.is_dir():
            raise OutputError.keyed("experiment.store.not_a_directory", path=self.path)
        if not self.path.exists() or not any(self.path.iterdir()):
            return False
        if not self.exists():
            raise OutputError.keyed("experiment.store.not_an_experiment", path=self.path)
        meta = self.meta()
        if meta["fingerprint"] != fingerprint(spec, design):
            raise OutputError.keyed("experiment.store.other_experiment", path=self.path, name=quote(meta["name"]))
        if meta.get("seed_scheme") != SEED_SCHEME:
            # Its runs were seeded otherwise: runs added now would not be comparable with them.
            scheme = quote(meta.get("seed_scheme"))
            raise OutputError.keyed("experiment.store.other_seed_scheme", path=self.path, scheme=scheme)
        self._check_runs_dir()
        return True

    def create(
        self, spec: ExperimentSpec | StreetExperimentSpec, design: Design, extra_meta: dict[str, Any] | None = None
    ) -> list[str]:
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
            **base_meta(spec, design),
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
        files = description_files(spec, design)
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
    def meta(self) -> dict[str, Any]:
        """The contents of meta.json, checked.

        Raises:
            DamagedFile: when meta.json is missing, empty, not JSON, or a field that the
                store relies on is missing or has the wrong type.
        """
        if "meta" in self._cache:
            return self._cache["meta"]
        meta = self._json_object("meta.json")

        def bad(key: str, expected: Part) -> DamagedFile:
            if key not in meta:
                return self._bad("meta.json", problem("field_missing", key=key))
            return self._bad("meta.json", problem("field", key=key, found=quote(meta[key]), expected=expected))

        if not isinstance(meta.get("name"), str):
            raise bad("name", Part("experiment.damaged.expected.string"))
        if not isinstance(meta.get("fingerprint"), str):
            raise bad("fingerprint", Part("experiment.damaged.expected.string"))
        if meta.get("method") not in DESIGNS:
            raise bad("method", Part("error.allowed.one_of", choices=", ".join(DESIGNS)))
        for key, low in (("points", 1), ("replications", 1), ("seed", 0)):
            value = meta.get(key)
            if isinstance(value, bool) or as_integer(value) is None or not low <= value < SEED_LIMIT:
                raise bad(key, Part("experiment.damaged.expected.integer", low=low))
        metrics = meta.get("metrics")
        if not isinstance(metrics, list) or not metrics or not all(isinstance(m, str) for m in metrics):
            raise bad("metrics", Part("experiment.damaged.expected.metrics"))
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
            raise self._bad("design.parquet", problem("no_point_column"))
        ids = design["point"]
        if (
            len(design) != points
            or not pd.api.types.is_integer_dtype(ids)
            or not np.array_equal(ids.to_numpy(), np.arange(len(design)))
        ):
            raise self._bad("design.parquet", problem("points", rows=len(design), last=points - 1))
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
            raise self._bad("design.json", problem("method", found=quote(info.get("method")), method=method))
        factors = info.get("factors")
        names = (
            [f.get("name") for f in factors]
            if isinstance(factors, list) and all(isinstance(f, dict) for f in factors)
            else None
        )
        columns = [c for c in self.design().columns if c != "point"]
        if names != columns:
            raise self._bad("design.json", problem("factors"))
        options = info.get("options")
        if options is not None and not isinstance(options, dict):
            raise self._bad("design.json", problem("options"))
        if method in ("sobol", "morris"):
            salib = info.get("problem")
            ok = (
                isinstance(salib, dict)
                and salib.get("names") == columns
                and isinstance(salib.get("bounds"), list)
                and len(salib["bounds"]) == len(columns)
                and all(isinstance(b, list) and len(b) == 2 and all(is_finite(x) for x in b) for b in salib["bounds"])
            )
            if not ok:
                raise self._bad("design.json", problem("problem"))
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
        points = self.meta()["points"]
        if list(raw.columns) != columns or len(raw) != points:
            raise self._bad("samples.parquet", problem("shape", shape=raw.shape, points=points, factors=len(columns)))
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
            raise self._bad("experiment.toml", problem("not_toml", why=first_line(exc))) from None
        if not data:
            raise self._bad("experiment.toml", problem("no_keys"))
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
            raise ScenarioError.keyed("experiment.store.no_experiment", path=self.path)
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
            raise self._damaged(RUNS, problem("not_a_directory"), Part("experiment.damaged.repair.move_away"))

    def spec(self) -> ExperimentSpec:
        """The experiment, read back from the stored copy of its file (an experiment over a scenario)."""
        return parse_text(self.text(), str(self.path / "experiment.toml"), None, None)

    def is_street(self) -> bool:
        """Whether the folder holds a street experiment (meta.json says so)."""
        return self.meta().get("kind") == "street"


def description_files(spec: ExperimentSpec | StreetExperimentSpec, design: Design) -> dict[str, bytes | str]:
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
        "experiment.toml": spec.text or spec_toml(spec),
        "design.parquet": _parquet(design.points),
        "design.json": _json(info),
    }
    if design.samples is not None:
        raw = pd.DataFrame(design.samples, columns=[f.name for f in spec.factors])
        files["samples.parquet"] = _parquet(raw)
    return files


def spec_toml(spec: ExperimentSpec | StreetExperimentSpec) -> str:
    """A TOML text for a spec built in code (no file) that reads back to the same spec."""
    if _is_street(spec):
        base, ref, fixed = "street", spec.street_ref, dict(spec.fixed)
        spec = replace(spec.experiment, metrics=spec.metrics)
    else:
        base, ref = "scenario", spec.scenario_ref
        fixed = {k: v for k, v in spec.scenario.overrides.items() if k not in spec.factor_names}
    lines = [
        f"name = {toml_literal(spec.name)}",
        f"{base} = {toml_literal(ref)}",
        f"replications = {spec.replications}",
        f"seed = {spec.seed}",
        f"metrics = {toml_literal(list(spec.metrics))}",
    ]
    if spec.description:
        lines.insert(1, f"description = {toml_literal(spec.description)}")
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
