"""Read and validate experiment files (TOML).

An experiment file::

    name = "levers-small"
    scenario = "baseline"          # shipped name, or a path relative to this file
    replications = 5
    seed = 1234                    # master seed
    metrics = ["response_rate", "resolution_time_median"]   # default: all metrics

    [params]                       # optional fixed changes to the base scenario
    days = 120

    [design]
    method = "factorial"           # factorial | lhs | sobol | morris
    # samples = 64                 # N, for lhs, sobol and morris only
    # second_order = true          # sobol only: N(2D+2) points (false: N(D+2))
    # levels = 4                   # morris only: grid levels

    [factors.visit_share]
    levels = [0.0, 0.2]            # factorial: the values to cross
    [factors.callback]             # a true/false parameter: levels default to [false, true]
    [factors.linkage]
    low = 0.0                      # sampled designs: a range (int parameters are rounded)
    high = 1.0

Every mistake raises one ``ScenarioError`` naming the file, the field and what is
allowed, before anything is run or written. Values go through ``sim.inputs`` and
``sim.params`` (finite numbers, seeds, bounded names, keys and nesting); how many runs
the file asks for is checked against the run cap later, from the sizes alone, by
``sim.experiments.runner.prepare`` (see ``check_size``), because the cap is an option
of the command that runs the file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from ..inputs import (
    MAX_DEPTH,
    MAX_DESCRIPTION,
    SEED_LIMIT,
    check_count,
    check_key,
    check_name,
    check_seed,
    check_text,
    flatten,
    parse_toml,
    quote,
)
from ..model.metrics import METRICS
from ..params import PARAMS, unknown_key_message, validate
from ..scenario import Scenario, load_scenario, read_user_file

DESIGNS = ("factorial", "lhs", "sobol", "morris")
SAMPLED = ("lhs", "sobol", "morris")
TOP_KEYS = ("name", "description", "scenario", "replications", "seed", "metrics", "params", "design", "factors")
DESIGN_KEYS = {
    "factorial": ("method",),
    "lhs": ("method", "samples"),
    "sobol": ("method", "samples", "second_order"),
    "morris": ("method", "samples", "levels"),
}
FACTOR_KEYS = ("levels", "low", "high")
# Counts in the file are only bounded by what an int64 holds (they are stored in
# meta.json and Parquet); how many runs may be started is the run cap's business.
MAX_COUNT = SEED_LIMIT - 1
MAX_SCENARIO_REF = 1_000  # characters in the scenario name or path


@dataclass(frozen=True)
class Factor:
    """One varied parameter.

    Attributes:
        name: the parameter's dotted name (a key of ``sim.params.PARAMS``).
        kind: the parameter's kind (``int``, ``float``, ``bool``, ``choice``).
        levels: the values to use (factorial designs, and bool/choice factors of
            sampled designs); empty for a range.
        low: smallest value of a range (numeric factors of sampled designs).
        high: largest value of a range.
    """

    name: str
    kind: str
    levels: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None

    @property
    def discrete(self) -> bool:
        """Whether the factor takes a list of levels rather than a range."""
        return bool(self.levels)


@dataclass(frozen=True)
class ExperimentSpec:
    """A validated experiment.

    Attributes:
        name: the experiment's name.
        description: free text.
        scenario: the base scenario with the fixed ``[params]`` changes applied.
        scenario_ref: the base scenario as written in the file.
        method: one of ``DESIGNS``.
        samples: N for sampled designs (None for factorial).
        options: further design options (``second_order`` for sobol, ``levels`` for morris).
        factors: the varied parameters, in file order.
        replications: runs per design point.
        seed: the master seed.
        metrics: the metrics kept per run.
        path: the file it was read from (None for text).
        text: the file's text, stored with the results.
    """

    name: str
    scenario: Scenario
    method: str
    factors: tuple[Factor, ...]
    replications: int = 1
    seed: int = 0
    metrics: tuple[str, ...] = METRICS
    samples: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    scenario_ref: str = "baseline"
    description: str = ""
    path: Path | None = None
    text: str = ""

    @property
    def factor_names(self) -> tuple[str, ...]:
        """The factors' parameter names."""
        return tuple(f.name for f in self.factors)


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_.-]+$")


def _key(key: str) -> str:
    """A key as shown in a message: as written when plain, else quoted (no control characters reach the terminal)."""
    return key if _PLAIN_KEY.match(key) else quote(key)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _factor_tables(table: dict[str, Any], where: str, prefix: str = "", depth: int = 0) -> dict[str, dict[str, Any]]:
    """Find the factor tables under ``[factors]``, also when dotted names were nested by TOML."""
    if depth >= MAX_DEPTH:  # checked before recursing, so Python's limit is never reached
        name = prefix.rstrip(".")
        raise ScenarioError(
            f"{where}factors.{quote(name)}: tables nested more than {MAX_DEPTH} levels deep",
            zh=f"{where}factors.{quote(name)}：表的嵌套超过 {MAX_DEPTH} 层",
        )
    out: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        check_key(key, f"{where}factors.")
        name = f"{prefix}{key}"
        check_key(name, f"{where}factors.")
        if not isinstance(value, dict):
            shown = _key(name)
            raise ScenarioError(
                f"{where}factors.{shown} must be a table ([factors.{shown}]) with levels = [...] or low/high",
                zh=f"{where}factors.{shown} 必须是一个表（[factors.{shown}]），其中给出 levels = [...] 或 low/high",
            )
        if not value or any(k in FACTOR_KEYS for k in value) or name in PARAMS:
            out[name] = value
        else:
            out.update(_factor_tables(value, where, name + ".", depth + 1))
    return out


def _factor(name: str, table: dict[str, Any], method: str, where: str) -> Factor:
    label = f"{where}factors.{name}"
    if name not in PARAMS:
        raise ScenarioError(
            unknown_key_message(_key(name), f"{where}factors."),
            zh=unknown_key_message(_key(name), f"{where}factors.", "zh"),
        )
    p = PARAMS[name]
    for key in table:
        check_key(key, f"{label}.")
        if key not in FACTOR_KEYS:
            raise ScenarioError(
                f"{label}.{_key(key)}: unknown key; allowed keys are levels, or low and high",
                zh=f"{label}.{_key(key)}：未知的键；允许的键为 levels，或 low 和 high",
            )
    has_range = "low" in table or "high" in table
    numeric = p.kind in ("int", "float")
    if "levels" in table and has_range:
        raise ScenarioError(
            f"{label}: give either levels = [...] or low and high, not both",
            zh=f"{label}：请给出 levels = [...] 或 low 和 high，不能两者都给",
        )
    if method == "factorial" or not numeric:
        if has_range:
            what = "the factorial design" if numeric else f"a {p.kind} parameter"
            what_zh = "全因子设计" if numeric else f"{p.kind} 类型的参数"
            raise ScenarioError(
                f"{label}: low/high are not allowed for {what}; give levels = [...]",
                zh=f"{label}：{what_zh}不允许使用 low/high；请给出 levels = [...]",
            )
        if "levels" not in table:
            if p.kind == "bool":
                return Factor(name, p.kind, (False, True))
            if p.kind == "choice":
                return Factor(name, p.kind, tuple(p.choices))
            raise ScenarioError(
                f"{label}: levels = [...] is missing (the values to use, {p.allowed()})",
                zh=f"{label}：缺少 levels = [...]（要使用的取值，{p.allowed('zh')}）",
            )
        levels = table["levels"]
        if not isinstance(levels, list) or not levels:
            raise ScenarioError(
                f"{label}.levels must be a non-empty list of values ({p.allowed()})",
                zh=f"{label}.levels 必须是非空的取值列表（{p.allowed('zh')}）",
            )
        # Checked one by one, so the first bad value (nan, inf, 1e400, …) is named.
        checked = tuple(p.check(v, f"{label}.levels: ") for v in levels)
        if len(set(checked)) != len(checked):
            raise ScenarioError(
                f"{label}.levels: each value may appear only once", zh=f"{label}.levels：每个取值只能出现一次"
            )
        if method != "factorial" and len(checked) < 2:
            raise ScenarioError(
                f"{label}.levels: a sampled design needs at least 2 levels",
                zh=f"{label}.levels：抽样设计至少需要 2 个水平",
            )
        return Factor(name, p.kind, checked)
    if "levels" in table:
        raise ScenarioError(
            f"{label}.levels is not allowed for the {method} design; give low and high",
            zh=f"{label}.levels 在 {method} 设计中不允许；请给出 low 和 high",
        )
    for key in ("low", "high"):
        if key not in table:
            raise ScenarioError(
                f"{label}.{key} is missing ({p.allowed()})", zh=f"{label}.{key} 缺失（{p.allowed('zh')}）"
            )
    low = p.check(table["low"], f"{label}.low: ")
    high = p.check(table["high"], f"{label}.high: ")
    if not low < high:
        raise ScenarioError(
            f"{label}: low = {low!r} must be smaller than high = {high!r}",
            zh=f"{label}：low = {low!r} 必须小于 high = {high!r}",
        )
    return Factor(name, p.kind, (), float(low), float(high))


def parse_experiment(data: dict[str, Any], label: str = "experiment", base: Path | None = None) -> ExperimentSpec:
    """Validate the contents of an experiment file.

    Args:
        data: the parsed TOML.
        label: the file's name, used in error messages.
        base: the directory that relative scenario paths start from.

    Raises:
        ScenarioError: naming the field and what is allowed.
    """
    where = f"{label}: "
    for key in data:
        check_key(key, where)
        if key not in TOP_KEYS:
            raise ScenarioError(
                f"{where}{_key(key)}: unknown key; allowed top-level keys are {', '.join(TOP_KEYS)}",
                zh=f"{where}{_key(key)}：未知的键；顶层允许的键为 {', '.join(TOP_KEYS)}",
            )
    for key in ("name", "description", "scenario"):
        if key in data and not isinstance(data[key], str):
            raise ScenarioError(f"{where}{key} must be a string", zh=f"{where}{key} 必须是字符串")
    name = data.get("name") or (Path(label).stem if label != "experiment" else "experiment")
    # The name becomes a directory (out/NAME) and a title in the report.
    check_name(name, f"{where}name")
    description = check_text(data.get("description", ""), f"{where}description", MAX_DESCRIPTION, one_line=False)

    # --- base scenario and fixed changes
    ref = check_text(data.get("scenario", "baseline"), f"{where}scenario", MAX_SCENARIO_REF)
    if not ref.strip():
        raise ScenarioError(
            f"{where}scenario is empty: give a shipped scenario name or the path of a .toml file",
            zh=f"{where}scenario 为空：请给出内置情景名或 .toml 文件的路径",
        )
    target: str | Path = ref
    if base is not None and (ref.endswith(".toml") or "/" in ref or "\\" in ref):
        target = base / ref
    try:
        scenario = load_scenario(target)
    except ScenarioError as exc:
        raise exc.prefixed(f"{where}scenario: ") from None
    fixed = data.get("params", {})
    if not isinstance(fixed, dict):
        raise ScenarioError(f"{where}params must be a table ([params])", zh=f"{where}params 必须是一个表（[params]）")
    fixed = validate(flatten(fixed, f"{where}params."), f"{where}params.")
    if fixed:
        try:
            scenario = scenario.with_values(fixed)
        except ScenarioError as exc:
            raise exc.prefixed(f"{where}params: ") from None

    # --- replications, seed, metrics
    reps = check_count(data.get("replications", 1), f"{where}replications", 1, MAX_COUNT)
    seed = check_seed(data.get("seed", 0), f"{where}seed")
    metrics = data.get("metrics", list(METRICS))
    if not isinstance(metrics, list) or not metrics or not all(isinstance(m, str) for m in metrics):
        raise ScenarioError(
            f"{where}metrics must be a non-empty list of metric names", zh=f"{where}metrics 必须是非空的指标名列表"
        )
    for m in metrics:
        if m not in METRICS:
            # The full list is long; the closest names, or a few examples, fit on one line.
            close = difflib.get_close_matches(m[:100], METRICS, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else f"e.g. {', '.join(METRICS[2:6])}, …"
            hint_zh = f"是不是 {', '.join(close)}？" if close else f"例如 {', '.join(METRICS[2:6])} 等"
            raise ScenarioError(
                f"{where}metrics: {quote(m)} is not a metric of a run's summary; {hint} "
                "(all metrics: docs/experiments.md)",
                zh=f"{where}metrics：{quote(m)} 不是运行摘要中的指标；{hint_zh}（全部指标见 docs/experiments.zh.md）",
            )
    if len(set(metrics)) != len(metrics):
        raise ScenarioError(
            f"{where}metrics: each metric may appear only once", zh=f"{where}metrics：每个指标只能出现一次"
        )

    # --- design
    design = data.get("design")
    if not isinstance(design, dict):
        raise ScenarioError(
            f"{where}[design] is missing: give method = one of {', '.join(DESIGNS)}",
            zh=f"{where}缺少 [design]：请给出 method = 以下之一：{', '.join(DESIGNS)}",
        )
    method = design.get("method")
    if not isinstance(method, str) or method not in DESIGNS:
        raise ScenarioError(
            f"{where}design.method = {quote(method)} is not allowed: expected one of {', '.join(DESIGNS)}",
            zh=f"{where}design.method = {quote(method)} 不允许：应为以下之一：{', '.join(DESIGNS)}",
        )
    for key in design:
        check_key(key, f"{where}design.")
        if key not in DESIGN_KEYS[method]:
            known = {k for keys in DESIGN_KEYS.values() for k in keys}
            if key in known:
                users = [m for m, keys in DESIGN_KEYS.items() if key in keys]
                raise ScenarioError(
                    f"{where}design.{key} is not allowed for method {method!r} (only for {', '.join(users)})",
                    zh=f"{where}design.{key} 不适用于 method {method!r}（仅用于 {', '.join(users)}）",
                )
            raise ScenarioError(
                f"{where}design.{_key(key)}: unknown key; allowed for {method}: {', '.join(DESIGN_KEYS[method])}",
                zh=f"{where}design.{_key(key)}：未知的键；{method} 允许的键为：{', '.join(DESIGN_KEYS[method])}",
            )
    samples = None
    options: dict[str, Any] = {}
    if method in SAMPLED:
        samples = design.get("samples")
        if samples is None:
            raise ScenarioError(
                f"{where}design.samples is missing: the {method} design needs N (an integer ≥ 1)",
                zh=f"{where}缺少 design.samples：{method} 设计需要 N（≥ 1 的整数）",
            )
        samples = check_count(samples, f"{where}design.samples", 1, MAX_COUNT)
    if method == "sobol":
        second = design.get("second_order", True)
        if not isinstance(second, bool):
            raise ScenarioError(
                f"{where}design.second_order must be true or false",
                zh=f"{where}design.second_order 必须是 true 或 false",
            )
        options["second_order"] = second
    if method == "morris":
        levels = design.get("levels", 4)
        if not _is_int(levels) or not 2 <= levels <= 100 or levels % 2:
            raise ScenarioError(
                f"{where}design.levels = {quote(levels)} is not allowed: expected an even integer from 2 to 100",
                zh=f"{where}design.levels = {quote(levels)} 不允许：应为 2 到 100 之间的偶数",
            )
        options["levels"] = levels

    # --- factors
    raw = data.get("factors")
    if not isinstance(raw, dict) or not raw:
        raise ScenarioError(
            f"{where}[factors] is missing: give at least one [factors.NAME] table for a parameter "
            "(run `python -m sim params` for the names)",
            zh=f"{where}缺少 [factors]：请为参数至少给出一个 [factors.NAME] 表（参数名见 `python -m sim params`）",
        )
    factors = tuple(_factor(n, table, method, where) for n, table in _factor_tables(raw, where).items())
    for f in factors:
        if f.name in fixed:
            raise ScenarioError(
                f"{where}factors.{f.name}: also set in [params]; a parameter is either fixed or varied",
                zh=f"{where}factors.{f.name}：也在 [params] 中设置了；一个参数要么固定，要么变化",
            )
    if method in ("sobol", "morris") and len(factors) < 2:
        raise ScenarioError(
            f"{where}factors: the {method} design needs at least 2 factors",
            zh=f"{where}factors：{method} 设计至少需要 2 个因子",
        )
    return ExperimentSpec(
        name=name,
        description=description,
        scenario=scenario,
        scenario_ref=ref,
        method=method,
        samples=samples,
        options=options,
        factors=factors,
        replications=reps,
        seed=seed,
        metrics=tuple(metrics),
    )


def load_experiment(ref: str | Path | ExperimentSpec) -> ExperimentSpec:
    """Read and validate an experiment file.

    Args:
        ref: the path of a TOML file (or an ExperimentSpec, returned as it is).

    Raises:
        ScenarioError: for a missing or malformed file or any invalid field.
    """
    if isinstance(ref, ExperimentSpec):
        return ref
    path = Path(ref)
    return parse_text(read_user_file(path, "experiment file"), str(path), path.parent, path)


def parse_text(
    text: str, label: str = "experiment", base: Path | None = None, path: Path | None = None
) -> ExperimentSpec:
    """Validate an experiment given as TOML text."""
    data = parse_toml(text, label)
    spec = parse_experiment(data, label, base)
    return ExperimentSpec(**{**spec.__dict__, "path": path, "text": text})
