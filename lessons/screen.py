"""Robustness screen of the lessons' headline claims (课程核心结论的稳健性筛查).

Every claim of ``lessons/claims.toml`` compares two scenarios (arms a and b) on one metric and
says which way b − a goes. Most of the model's behavioural numbers are assumptions
(``sim.params.BEHAVIOURAL``), so a claim taught to trainees should hold across their plausible
range, not only at the defaults. The screen draws a Latin hypercube over all of them (the kit's
experiment design, ``sim.experiments.make_design``), runs both arms at every point with the same
random numbers (replication r has the seed ``SeedSequence([master, r])`` in both arms: common
random numbers) and counts the points where the mean paired difference has the claimed sign.
It writes, per claim, that share with its 95% Wilson interval, the sizes and a fingerprint of
what was screened to ``lessons/claims-results.toml``; ``--odd`` writes the table into docs/ODD.md
and docs/ODD.zh.md between ``<!-- claims:begin -->`` and ``<!-- claims:end -->``.

课程里的每条结论（lessons/claims.toml）都是两个情景在一个指标上的比较。模型的行为参数大多是假设，
所以结论要在这些假设的合理范围内都成立。本脚本在全部行为假设上做拉丁超立方抽样，每个样本点上两个情景
用相同的随机数（共同随机数）各跑几次，统计配对差均值方向与结论一致的样本点比例，连同 95% Wilson 区间、
样本量和指纹写入 lessons/claims-results.toml；--odd 把结果表写进 docs/ODD.md 和 docs/ODD.zh.md。

    .venv/bin/python lessons/screen.py --jobs 2           # the whole screen (make screen)
    .venv/bin/python lessons/screen.py --only full_satisfaction --quick
    .venv/bin/python lessons/screen.py --check            # are the stored results fresh?
    .venv/bin/python lessons/screen.py --odd              # write the stored results into docs/ODD*.md

Exit status: 0 when done (``--check``: results fresh and complete); 1 when the stored results are
stale or incomplete, or a run failed. 退出码 0：完成；1：结果过期或不全，或有运行出错。
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import math
import sys
import time
import tomllib
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import tomli_w

from sim.experiments import make_design, parse_experiment, run_seed
from sim.experiments.executors import make_executor
from sim.experiments.runner import RunTask, execute
from sim.files import atomic_write
from sim.i18n import default_lang, metric_label
from sim.model.metrics import METRICS
from sim.params import BEHAVIOURAL, PARAMS
from sim.run import versions
from sim.scenario import Scenario, load_scenario

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLAIMS = HERE / "claims.toml"
RESULTS = HERE / "claims-results.toml"
ODD_FILES = (ROOT / "docs" / "ODD.md", ROOT / "docs" / "ODD.zh.md")  # English, Chinese
BEGIN, END = "<!-- claims:begin -->", "<!-- claims:end -->"
MODEL_CODE = ROOT / "sim" / "model"

# Sizes of the screen: 100 points × 3 replications of each distinct arm (11 arms: 3,300 runs).
# Measured with --jobs 2 on this 2-core machine: 245 s when it is otherwise idle; 3,900 runs took
# 566 s while another test run shared the cores, so these take about 8 minutes then — within the
# 10 minutes allowed (the results file records the time of the last run). At 100 points a claim
# that holds everywhere has a 95% interval of [0.963, 1], and one at 90% about ±0.06.
POINTS = 100
REPS = 3
SEED = 20261130
QUICK_POINTS = 4  # --quick: an end-to-end check in seconds, not a result
QUICK_REPS = 2
# The screened range of every behavioural assumption — the one rule, applied here only:
# default × [0.7, 1.3] (ends swapped for a negative default), clipped to the parameter's allowed
# bounds; an integer parameter's range is widened to whole numbers (floor, ceiling) and its
# sampled values rounded. A parameter whose default is 0 (e.g. disputes are never urgent) keeps
# it: a structural zero is not a magnitude to vary.
RANGE = (0.7, 1.3)
RANGE_RULE = (
    "default × [0.7, 1.3] (ends swapped for a negative default), clipped to the allowed bounds; "
    "integers widened to whole numbers and rounded; a default of 0 is kept"
)
THRESHOLD = 0.8  # a claim the lessons make must hold in at least this share of the space
SIGNS = {"+": 1, "-": -1}
CLAIM_KEYS = {"id", "zh", "en", "a", "b", "metric", "sign", "cited_in", "rewording_of"}

TEXT = {
    "line": (
        "{id}：在 {n} 个样本点（各 {reps} 次重复）中成立比例 {share:.0%}，95% 区间 [{lo:.0%}, {hi:.0%}]，"
        "配对差均值 {effect:+.4g}",
        "{id}: holds in {share:.0%} of {n} points ({reps} replications each), 95% interval [{lo:.0%}, {hi:.0%}], "
        "mean paired difference {effect:+.4g}",
    ),
    "below": ("  低于 {bar:.0%}：课文的说法需要改写", "  below {bar:.0%}: the lessons' wording must change"),
    "below_proposal": ("  低于 {bar:.0%}：这样改写也不成立", "  below {bar:.0%}: this rewording does not hold either"),
    "drivers": ("  明显影响结果的假设：{names}", "  assumptions that clearly move it: {names}"),
    "done": (
        "{arms} 个情景共 {runs} 次运行，用时 {seconds:.0f} 秒（--jobs {jobs}）",
        "{runs} runs of {arms} scenarios in {seconds:.0f} s (--jobs {jobs})",
    ),
    "written": ("已写入 {path}", "written: {path}"),
    "quick": (
        "--quick 只是快速检查，不写结果文件（要写请加 --out）",
        "--quick is a check, not a result: nothing written (give --out to write)",
    ),
    "stale": (
        "{id}：结果过期（指纹不符），请运行 make screen",
        "{id}: stale result (fingerprint differs); run make screen",
    ),
    "missing": ("{id}：没有结果，请运行 make screen", "{id}: no result; run make screen"),
    "extra": ("{id}：结果文件里有，但 claims.toml 里没有", "{id}: in the results but not in claims.toml"),
    "fresh": ("{n} 条结论的结果都是最新的", "the results of all {n} claims are fresh"),
    "progress": ("已完成 {done}/{total} 次运行", "{done}/{total} runs done"),
    "unknown": ("claims.toml 里没有这些结论：{ids}", "not in claims.toml: {ids}"),
}


def say(key: str, lang: str, **values: Any) -> str:
    """One message of ``TEXT`` in ``lang`` (``zh`` or ``en``)."""
    return TEXT[key][0 if lang == "zh" else 1].format(**values)


# ------------------------------------------------------------------------------- claims --


@dataclass(frozen=True)
class Claim:
    """One headline claim: arm b against arm a on one metric, with the claimed sign of b − a."""

    id: str
    zh: str
    en: str
    a: str
    b: str
    metric: str
    sign: str
    cited_in: tuple[str, ...]
    rewording_of: str = ""

    @property
    def arms(self) -> tuple[str, str]:
        """The two arms as written (scenario name or path relative to the repository root)."""
        return self.a, self.b

    def entry(self) -> dict[str, Any]:
        """The claim as a plain table."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}

    def tested(self) -> dict[str, str]:
        """What the screen's numbers depend on: the arms, the metric and the claimed sign.

        Its wording and where it is cited do not change them, so a reworded claim keeps its result.
        """
        return {"a": self.a, "b": self.b, "metric": self.metric, "sign": self.sign}


def load_claims(path: Path = CLAIMS) -> list[Claim]:
    """Read and check ``claims.toml``.

    Raises:
        ValueError: naming the entry and what is wrong (unknown key, missing field, unknown
            metric, a sign other than + or -, a repeated id).
    """
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    claims, seen = [], set()
    for i, raw in enumerate(data.get("claims", [])):
        where = f"{Path(path).name}: claims[{i}] ({raw.get('id', '?')})"
        unknown = set(raw) - CLAIM_KEYS
        missing = CLAIM_KEYS - {"rewording_of"} - set(raw)
        if unknown or missing:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        if raw["metric"] not in METRICS:
            raise ValueError(f"{where}: unknown metric {raw['metric']!r}")
        if raw["sign"] not in SIGNS:
            raise ValueError(f"{where}: sign must be '+' or '-', not {raw['sign']!r}")
        if raw["id"] in seen:
            raise ValueError(f"{where}: the id is used twice")
        seen.add(raw["id"])
        claims.append(Claim(**{**raw, "cited_in": tuple(raw["cited_in"])}))
    if not claims:
        raise ValueError(f"{Path(path).name}: no [[claims]] entries")
    return claims


def arm_scenario(ref: str, root: Path = ROOT) -> Scenario:
    """The scenario of an arm: a shipped name, or a ``.toml`` path relative to the repository root."""
    return load_scenario(root / ref if ref.endswith(".toml") else ref)


# ------------------------------------------------------------------------------- ranges --


def ranges(names: Iterable[str] = BEHAVIOURAL) -> dict[str, tuple[float, float]]:
    """The screened range (low, high) of each behavioural assumption, by the rule of ``RANGE_RULE``.

    A range with low == high (a default of 0) means the parameter is held at its default.
    """
    out = {}
    for name in names:
        p = PARAMS[name]
        ends = sorted((p.default * RANGE[0], p.default * RANGE[1]))
        low, high = max(ends[0], p.lo), min(ends[1], p.hi)
        if p.kind == "int":
            low, high = math.floor(low), math.ceil(high)
        out[name] = (low, high)
    return out


def varied(rng: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The ranges that are wider than a point (the factors of the design)."""
    return {name: (lo, hi) for name, (lo, hi) in rng.items() if lo < hi}


def design_points(points: int, seed: int, rng: dict[str, tuple[float, float]] | None = None) -> list[dict[str, Any]]:
    """The Latin hypercube over the varied assumptions: one ``{name: value}`` per point.

    The kit's experiment machinery builds it (``sim.experiments.make_design``, method ``lhs``),
    so the sampler's seed comes from ``seed`` as for any experiment file.
    """
    factors = varied(rng if rng is not None else ranges())
    spec = parse_experiment(
        {
            "name": "claims-screen",
            "scenario": "baseline",
            "seed": seed,
            "design": {"method": "lhs", "samples": points},
            "factors": {name: {"low": lo, "high": hi} for name, (lo, hi) in factors.items()},
        },
        "claims screen",
    )
    return list(make_design(spec).records())


# -------------------------------------------------------------------------- fingerprint --


def model_digest(folder: Path = MODEL_CODE) -> str:
    """A digest of the model's code (every ``.py`` under sim/model), so a model change shows.

    It reads the code as parsed, without comments and docstrings: a change in what the model
    does makes the stored results stale, a change in how it is described does not.
    """
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(b"\0")
        h.update(_code_only(path.read_text(encoding="utf-8")).encode())
    return h.hexdigest()


def _code_only(source: str) -> str:
    """The parsed code of a module with its docstrings left out (comments never reach the tree)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            first = body[0] if body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def fingerprint(claim: Claim, points: int, reps: int, seed: int, root: Path = ROOT, digest: str | None = None) -> str:
    """What a claim's result depends on, as one hash.

    The claim as tested (arms, metric, sign), every parameter value of both arms (so the defaults of every parameter
    count), the default and screened range of every behavioural assumption, the sizes and seed
    of the screen, the model's code and the kit's version.
    """
    payload = {
        "claim": claim.tested(),
        "arms": {ref: arm_scenario(ref, root).params for ref in claim.arms},
        "ranges": {name: [PARAMS[name].default, *r] for name, r in ranges().items()},
        "rule": RANGE_RULE,
        "sizes": [points, reps, seed],
        "model": digest or model_digest(),
        "version": versions().get("community-1234-kit", ""),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


# ------------------------------------------------------------------------------- screen --


@dataclass
class ClaimResult:
    """What the screen found for one claim."""

    id: str
    holds: int
    points: int
    replications: int
    share: float
    ci_low: float
    ci_high: float
    effect_mean: float
    effect_min: float
    effect_max: float
    drivers: dict[str, float]
    fingerprint: str

    def record(self) -> dict[str, Any]:
        """The result as a table of the results file (numbers to 4 significant digits)."""
        return {k: _round(v) for k, v in self.__dict__.items() if k != "id"}


def _round(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.4g}")
    return value


def wilson(k: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval of k successes in n trials (scipy)."""
    from scipy.stats import binomtest

    ci = binomtest(k, n).proportion_ci(0.95, method="wilson")
    return float(ci.low), float(ci.high)


def drivers(diffs: np.ndarray, design: list[dict[str, Any]], n: int = 3) -> dict[str, float]:
    """Up to ``n`` assumptions whose values go with the paired difference, with Spearman's rho.

    Only correlations that are significant after a Bonferroni correction over all the varied
    assumptions (p × factors < 0.05): with about a hundred factors, the largest of a hundred
    chance correlations is otherwise mistaken for a driver.
    """
    from scipy.stats import spearmanr

    ok = ~np.isnan(diffs)
    if ok.sum() < 3 or np.ptp(diffs[ok]) == 0:
        return {}
    rows = []
    names = list(design[0])
    for name in names:
        x = np.array([float(p[name]) for p in design])[ok]
        if np.ptp(x) > 0:
            test = spearmanr(x, diffs[ok])
            if test.pvalue * len(names) < 0.05:
                rows.append((name, round(float(test.statistic), 2)))
    rows.sort(key=lambda r: -abs(r[1]))
    return dict(rows[:n])


@dataclass
class ArmRuns:
    """The runs of a screen: ``values[arm, point, replication, metric]`` with what indexes them."""

    refs: list[str]
    metrics: tuple[str, ...]
    design: list[dict[str, Any]]
    values: np.ndarray

    def of(self, ref: str, metric: str) -> np.ndarray:
        """One arm's values of one metric: an array (points, replications)."""
        return self.values[self.refs.index(ref), :, :, self.metrics.index(metric)]


def run_arms(
    refs: list[str],
    metrics: tuple[str, ...],
    points: int = POINTS,
    reps: int = REPS,
    seed: int = SEED,
    jobs: int = 1,
    root: Path = ROOT,
    progress: Callable[[int, int], None] | None = None,
) -> ArmRuns:
    """Run every arm at every point of the design, ``reps`` times, on common random numbers.

    Replication r has the seed ``run_seed(seed, point, r)`` (= ``SeedSequence([seed, r])``) in
    every arm and at every point. Values an arm's own scenario sets (e.g. ``triage_backlog = 0``)
    are kept: the design varies only what the arm leaves at its default. The runs go through the
    kit's experiment executors (``--jobs``); the numbers do not depend on how many.

    Raises:
        RuntimeError: when a run failed (its message is shown).
    """
    design = design_points(points, seed)
    arms = {ref: arm_scenario(ref, root) for ref in refs}
    tasks = [
        RunTask(
            i * points + p,  # the arm and the point in one number; execute passes it back
            r,
            run_seed(seed, p, r),
            {k: v for k, v in design[p].items() if k not in arms[ref].overrides},
            arms[ref],
            metrics,
        )
        for i, ref in enumerate(refs)
        for r in range(reps)
        for p in range(points)
    ]
    values = np.full((len(refs), points, reps, len(metrics)), np.nan)
    errors = []
    pool = make_executor("processes", jobs)
    try:
        for done, row in enumerate(pool.map_unordered(execute, tasks), 1):
            arm, p = divmod(row["point"], points)
            if row["status"] != "ok":
                errors.append(f"{refs[arm]} point {p} replication {row['rep']}: {row['error']}")
            else:
                values[arm, p, row["rep"]] = [row[m] for m in metrics]
            if progress:
                progress(done, len(tasks))
    finally:
        pool.close()
    if errors:
        raise RuntimeError(f"{len(errors)} runs failed; the first: {errors[0]}")
    return ArmRuns(list(refs), tuple(metrics), design, values)


def score(claim: Claim, runs: ArmRuns, seed: int = SEED, root: Path = ROOT, digest: str | None = None) -> ClaimResult:
    """Score one claim on the runs of its arms: where the mean paired difference has its sign."""
    points, reps = runs.values.shape[1:3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a point where the metric is undefined in every run
        diffs = np.nanmean(runs.of(claim.b, claim.metric) - runs.of(claim.a, claim.metric), axis=1)
    holds = int(np.sum(np.sign(diffs) == SIGNS[claim.sign]))  # NaN and 0 do not hold
    lo, hi = wilson(holds, points)
    finite = diffs[~np.isnan(diffs)]
    return ClaimResult(
        id=claim.id,
        holds=holds,
        points=points,
        replications=reps,
        share=holds / points,
        ci_low=lo,
        ci_high=hi,
        effect_mean=float(finite.mean()) if finite.size else math.nan,
        effect_min=float(finite.min()) if finite.size else math.nan,
        effect_max=float(finite.max()) if finite.size else math.nan,
        drivers=drivers(diffs, runs.design),
        fingerprint=fingerprint(claim, points, reps, seed, root, digest),
    )


def screen(
    claims: list[Claim],
    points: int = POINTS,
    reps: int = REPS,
    seed: int = SEED,
    jobs: int = 1,
    root: Path = ROOT,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ClaimResult], dict[str, Any]]:
    """Run both arms of every claim at every point of the design and score the claims.

    Each distinct arm is run once per (point, replication) and shared by the claims that use it.

    Returns:
        One result per claim, in order, and facts about the run (runs, arms, seconds, jobs).

    Raises:
        RuntimeError: when a run failed (its message is shown).
    """
    start = time.perf_counter()
    refs = list(dict.fromkeys(ref for c in claims for ref in c.arms))
    metrics = tuple(dict.fromkeys(c.metric for c in claims))
    runs = run_arms(refs, metrics, points, reps, seed, jobs, root, progress)
    digest = model_digest()
    results = [score(c, runs, seed, root, digest) for c in claims]
    facts = {
        "runs": len(refs) * points * reps,
        "arms": len(refs),
        "seconds": round(time.perf_counter() - start, 1),
        "jobs": jobs,
    }
    return results, facts


# ------------------------------------------------------------------------ results file --

HEADER = """\
# Written by lessons/screen.py (make screen); do not edit by hand.
# 由 lessons/screen.py（make screen）生成，请勿手工修改。
#
# Per claim of lessons/claims.toml: at how many points of a Latin hypercube over the behavioural
# assumptions the mean paired difference (arm b − arm a) had the claimed sign (holds / points =
# share, with its 95% Wilson interval), the mean, smallest and largest paired difference over the
# points, the assumptions whose values go most with it (Spearman's rho) and a fingerprint of what
# was screened (tests/test_claims.py recomputes it to find stale results).
# 每条结论：拉丁超立方样本点中配对差方向与结论一致的个数与比例（95% Wilson 区间）、配对差的均值和范围、
# 与之关系最大的假设，以及筛查内容的指纹（tests/test_claims.py 据此判断结果是否过期）。

"""


def read_results(path: Path = RESULTS) -> dict[str, Any]:
    """The stored results (an empty document when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return {"screen": {}, "claims": {}}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data.setdefault("screen", {})
    data.setdefault("claims", {})
    return data


def results_text(claims: list[Claim], results: list[ClaimResult], facts: dict[str, Any], old: dict[str, Any]) -> str:
    """The results file: these results, with the stored ones of the other claims kept (in file order)."""
    new = {r.id: r.record() for r in results}
    stored = old.get("claims", {})
    table = {c.id: new.get(c.id, stored.get(c.id)) for c in claims if c.id in new or c.id in stored}
    rng = ranges()
    doc = {
        "screen": {
            "range_rule": RANGE_RULE,
            "factors": len(varied(rng)),
            "held_at_default": sorted(n for n, (lo, hi) in rng.items() if lo == hi),
            "last_run": {**facts, "claims": [r.id for r in results]},
        },
        "claims": table,
    }
    return HEADER + tomli_w.dumps(doc)


def freshness(claims: list[Claim], stored: dict[str, Any], root: Path = ROOT) -> dict[str, list[str]]:
    """Which claims have no stored result, a stale one (fingerprint differs), or are not claims.

    A result is fresh when its fingerprint equals the one the claim would get now with the
    sizes it was screened at and the standard seed.
    """
    out: dict[str, list[str]] = {"missing": [], "stale": [], "extra": []}
    table = stored.get("claims", {})
    digest = model_digest()
    for c in claims:
        r = table.get(c.id)
        if r is None:
            out["missing"].append(c.id)
        elif r.get("fingerprint") != fingerprint(c, POINTS, REPS, SEED, root, digest):
            out["stale"].append(c.id)
    ids = {c.id for c in claims}
    out["extra"] = [k for k in table if k not in ids]
    return out


# ------------------------------------------------------------------------- ODD tables --

ODD_TEXT = {
    "intro": (
        "由 `lessons/screen.py --odd` 根据 `lessons/claims-results.toml` 生成，请勿手工修改。每条结论在行为假设"
        "（`sim.params.BEHAVIOURAL`，共 {factors} 个参与抽样）的拉丁超立方样本上检验：每个样本点上两个情景用相同的"
        "随机数各跑 {reps} 次，配对差均值方向与结论一致即算成立。取值范围：默认值 ×［{low}, {high}］，不超出参数允许范围，"
        "整数取整，默认值为 0 的不变。课文引用的结论应在至少 {bar:.0%} 的空间里成立。",
        "Written by `lessons/screen.py --odd` from `lessons/claims-results.toml`; do not edit by hand. Each claim is "
        "checked over a Latin hypercube of the behavioural assumptions (`sim.params.BEHAVIOURAL`, {factors} of them "
        "varied): at every point both scenarios run {reps} times on the same random numbers, and the claim holds "
        "there when the mean paired difference has the claimed sign. Ranges: default × [{low}, {high}] within the "
        "allowed bounds, integers rounded, defaults of 0 kept. A claim the lessons make should hold in at least "
        "{bar:.0%} of the space.",
    ),
    "head": (
        "| 结论 | 比较（a → b） | 指标 | 预期 | 成立比例 [95% 区间] | 样本点 × 重复 | 出处 |",
        "| claim | compared (a → b) | metric | expected | holds in [95% interval] | points × replications | cited in |",
    ),
    "+": ("上升", "higher"),
    "-": ("下降", "lower"),
    "proposed": ("建议的改写（课文尚未采用）", "proposed rewording (not yet in the lessons)"),
}


def odd_block(claims: list[Claim], stored: dict[str, Any], lang: str, root: Path = ROOT) -> str:
    """The text between the markers: a sentence on the method and one table row per claim."""
    k = 0 if lang == "zh" else 1
    table = stored["claims"]
    first = table[claims[0].id]
    lines = [
        ODD_TEXT["intro"][k].format(
            factors=stored["screen"].get("factors", len(varied(ranges()))),
            reps=first["replications"],
            bar=THRESHOLD,
            low=RANGE[0],
            high=RANGE[1],
        ),
        "",
        ODD_TEXT["head"][k],
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in claims:
        r = table[c.id]
        names = " → ".join(f"`{arm_scenario(ref, root).name}`" for ref in c.arms)
        cited = ", ".join(dict.fromkeys(Path(f).name for f in c.cited_in)) or ODD_TEXT["proposed"][k]
        share = f"{r['share']:.0%} [{r['ci_low']:.0%}, {r['ci_high']:.0%}]"
        text = c.zh if lang == "zh" else c.en
        sizes = f"{r['points']} × {r['replications']}"
        lines.append(
            f"| {text} | {names} | {metric_label(c.metric, lang, unit=False)} | {ODD_TEXT[c.sign][k]} "
            f"| {share} | {sizes} | {cited} |"
        )
    return "\n".join(lines) + "\n"


def replace_block(text: str, block: str) -> str:
    """``text`` with everything between the marker lines replaced by ``block`` (markers kept).

    Raises:
        ValueError: when a marker is missing, appears more than once, or the end comes first.
    """
    for marker in (BEGIN, END):
        if text.count(marker) != 1:
            raise ValueError(f"the marker {marker} must appear exactly once (found {text.count(marker)})")
    begin, end = text.index(BEGIN), text.index(END)
    if end < begin:
        raise ValueError(f"{END} comes before {BEGIN}")
    after = text.find("\n", begin)
    if after == -1 or after > end:
        raise ValueError(f"{BEGIN} must be on a line of its own, before {END}")
    line_start = text.rfind("\n", 0, end) + 1
    if text[line_start:end].strip():
        raise ValueError(f"{END} must start its own line")
    return text[: after + 1] + block + text[line_start:]


def write_odd(claims: list[Claim], stored: dict[str, Any], files: tuple[Path, Path] = ODD_FILES) -> None:
    """Write the table into the English and the Chinese ODD (each between its markers)."""
    english, chinese = files
    texts = {}
    for path, lang in ((english, "en"), (chinese, "zh")):
        texts[path] = replace_block(Path(path).read_text(encoding="utf-8"), odd_block(claims, stored, lang))
    for path, text in texts.items():  # both are built before either is written
        atomic_write(Path(path), text)


# -------------------------------------------------------------------------- command line --


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="A claim below 80% must be reworded in the lessons (both languages). "
        "成立比例低于 80% 的结论，课文（中英文）都要改写。",
    )
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these claims / 只筛查这些结论")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1; same results) / 进程数")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_POINTS} points × {QUICK_REPS} replications, an end-to-end check; writes only with --out "
        f"/ 快速检查（{QUICK_POINTS} 个样本点 × {QUICK_REPS} 次重复），只有给了 --out 才写文件",
    )
    parser.add_argument("--points", type=int, default=None, help=f"design points (default {POINTS}) / 样本点数")
    parser.add_argument("--reps", type=int, default=None, help=f"replications (default {REPS}) / 每点重复次数")
    parser.add_argument("--seed", type=int, default=SEED, help=f"master seed (default {SEED}) / 主种子")
    parser.add_argument("--claims", type=Path, default=CLAIMS, help="the claims file / 结论文件")
    parser.add_argument(
        "--out", type=Path, default=None, help="the results file (default lessons/claims-results.toml) / 结果文件"
    )
    parser.add_argument(
        "--check", action="store_true", help="only check that the stored results are fresh / 只检查结果是否最新"
    )
    parser.add_argument(
        "--odd",
        action="store_true",
        help="write the stored results into docs/ODD.md and docs/ODD.zh.md (no screen) / 把已有结果写进 ODD 文档",
    )
    parser.add_argument(
        "--odd-files", nargs=2, type=Path, metavar=("EN", "ZH"), default=ODD_FILES, help="the ODD files / ODD 文件"
    )
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="language of the report / 报告语言")
    args = parser.parse_args(argv)
    lang = args.lang or default_lang()
    for name in ("jobs", "points", "reps"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name} must be 1 or more / --{name} 至少为 1")
    claims = load_claims(args.claims)
    ids = [c.id for c in claims]
    if args.only:
        unknown = [i for i in args.only if i not in ids]
        if unknown:
            parser.error(say("unknown", lang, ids=", ".join(unknown)))
    out = args.out or RESULTS

    if args.check or args.odd:
        stored = read_results(out)
        state = freshness(claims, stored)
        lines = [say("missing", lang, id=i) for i in state["missing"]] + [
            say("stale", lang, id=i) for i in state["stale"]
        ]
        lines += [say("extra", lang, id=i) for i in state["extra"]]
        if lines:
            print("\n".join(lines))
            return 1
        if args.odd:
            write_odd(claims, stored, tuple(args.odd_files))
            for path in args.odd_files:
                print(say("written", lang, path=path))
        else:
            print(say("fresh", lang, n=len(claims)))
        return 0

    chosen = [c for c in claims if not args.only or c.id in args.only]
    points = args.points or (QUICK_POINTS if args.quick else POINTS)
    reps = args.reps or (QUICK_REPS if args.quick else REPS)
    step = {"next": 0.1}

    def progress(done: int, total: int) -> None:
        if done / total >= step["next"] or done == total:
            print(say("progress", lang, done=done, total=total), file=sys.stderr, flush=True)
            step["next"] = math.floor(10 * done / total + 1) / 10

    try:
        results, facts = screen(chosen, points, reps, args.seed, args.jobs, progress=progress)
    except RuntimeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for r in results:
        print(
            say(
                "line",
                lang,
                id=r.id,
                share=r.share,
                n=r.points,
                reps=r.replications,
                lo=r.ci_low,
                hi=r.ci_high,
                effect=r.effect_mean,
            )
        )
        if r.share < THRESHOLD:
            cited = next(c for c in chosen if c.id == r.id).cited_in
            print(say("below" if cited else "below_proposal", lang, bar=THRESHOLD))
            if r.drivers:
                print(say("drivers", lang, names=", ".join(f"{n} (ρ = {rho:+.2f})" for n, rho in r.drivers.items())))
    print(say("done", lang, **facts))
    if args.quick and args.out is None:
        print(say("quick", lang))
        return 0
    atomic_write(out, results_text(claims, results, facts, read_results(out)))
    print(say("written", lang, path=out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
