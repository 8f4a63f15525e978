"""Experiment analysis: figures, report and store messages.

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # --- experiment analysis: figures and report ---------------------------------------
    "fig.exp.effects.title": ("与基准点的差值：{metric}", "Difference from the baseline point: {metric}"),
    "fig.exp.effects.xlabel": (
        "差值（设计点均值 − 基准点均值，95%置信区间，Welch）",
        "difference (point mean − baseline mean, 95% CI, Welch)",
    ),
    "fig.exp.effects.better": ("更好", "better"),
    "fig.exp.effects.worse": ("更差", "worse"),
    "fig.exp.effects.unclear": ("不确定（Holm 校正后）", "unclear (after Holm)"),
    "fig.exp.point": ("设计点 {n}", "point {n}"),
    "fig.exp.tornado.title": ("各因素从低到高时的变化：{metric}", "Change as each factor goes low → high: {metric}"),
    "fig.exp.tornado.xlabel": ("设计点均值的边际平均", "marginal mean over design points"),
    "fig.exp.tornado.low": ("低水平", "low setting"),
    "fig.exp.tornado.high": ("高水平", "high setting"),
    "fig.exp.sobol.title": ("Sobol 敏感性指数：{metric}", "Sobol sensitivity indices: {metric}"),
    "fig.exp.sobol.s1": ("一阶指数 S1", "first order S1"),
    "fig.exp.sobol.st": ("总效应指数 ST", "total effect ST"),
    "fig.exp.sobol.ylabel": ("指数（95%置信区间）", "index (95% CI)"),
    "fig.exp.morris.title": ("Morris 筛选：{metric}", "Morris screening: {metric}"),
    "fig.exp.morris.xlabel": ("μ*（平均绝对基本效应，95%置信区间）", "μ* (mean absolute elementary effect, 95% CI)"),
    "fig.exp.morris.ylabel": ("σ（基本效应的标准差）", "σ (spread of elementary effects)"),
    "fig.exp.tradeoff.title": ("权衡：{x} 与 {y}", "Trade-off: {x} vs {y}"),
    "fig.exp.tradeoff.points": ("设计点", "design points"),
    "fig.exp.tradeoff.front": ("帕累托前沿（没有其他点在两项上都更好）", "Pareto front (no point is better on both)"),
    "fig.exp.tradeoff.baseline": ("基准点", "baseline point"),
    "report.exp.title": ("试验报告：{name}", "Experiment report: {name}"),
    "report.exp.overview": ("概况", "Overview"),
    "report.exp.method": ("设计方法", "Design method"),
    "report.exp.points": ("设计点数", "Design points"),
    "report.exp.replications": ("每点重复次数", "Replications per point"),
    "report.exp.seed": ("主随机种子", "Master seed"),
    "report.exp.seed_scheme": ("每次运行的种子", "Seed of each run"),
    "report.exp.status": ("运行情况", "Runs"),
    "report.exp.status_line": (
        "共 {total} 次：完成 {done}，出错 {error}，缺失 {missing}",
        "{total} in all: {done} done, {error} failed, {missing} missing",
    ),
    "report.exp.baseline": ("基准点", "Baseline point"),
    "report.exp.baseline_note": (
        "差值 = 设计点均值 − 基准点均值。各设计点的随机种子互相独立，因此用 Welch t 区间（95%）；"
        "p 值在每个指标内对全部设计点做 Holm 校正。“排除 0”表示校正后 p < 0.05。",
        "Difference = point mean − baseline mean. Design points use independent seeds, so the "
        "intervals are Welch t-intervals (95%); p-values are Holm-adjusted over the points of "
        "each metric. “Excludes 0” means adjusted p < 0.05.",
    ),
    "report.exp.summary": ("各设计点的均值与95%置信区间", "Mean and 95% CI per design point"),
    "report.exp.differences": ("与基准点的差值", "Differences from the baseline point"),
    "report.exp.indices": ("敏感性指数", "Sensitivity indices"),
    "report.exp.indices_note_sobol": (
        "Sobol 指数按设计点均值计算（SALib，置信区间为自助法 95%）。运行间的随机波动会使不起作用的因素也得到小的正 ST。",
        "Sobol indices from the per-point means (SALib; bootstrap 95% CIs). Run-to-run noise "
        "gives even an inert factor a small positive ST.",
    ),
    "report.exp.indices_note_morris": (
        "Morris 指数按设计点均值计算（SALib）：μ* 大表示影响大，σ 大表示非线性或交互作用。",
        "Morris indices from the per-point means (SALib): large μ* means influential, large σ "
        "means non-linear or interacting.",
    ),
    "report.exp.figures": ("图", "Figures"),
    "report.exp.file": ("试验文件", "Experiment file"),
    "report.exp.versions": ("软件版本", "Versions"),
    "report.exp.notes": ("说明", "Notes"),
    "report.exp.more_rows": ("（仅显示前 {n} 行，完整表格见 CSV 文件）", "(first {n} rows only; see the CSV files)"),
    "report.exp.col.metric": ("指标", "metric"),
    "report.exp.col.point": ("设计点", "point"),
    "report.exp.col.n": ("次数", "n"),
    "report.exp.col.mean": ("均值", "mean"),
    "report.exp.col.ci": ("95%置信区间", "95% CI"),
    "report.exp.col.diff": ("差值", "difference"),
    "report.exp.col.p": ("p 值", "p"),
    "report.exp.col.p_holm": ("Holm 校正 p", "Holm p"),
    "report.exp.col.excludes": ("排除 0", "excludes 0"),
    "report.exp.col.direction": ("方向", "direction"),
    "report.exp.col.factor": ("因素", "factor"),
    "report.exp.col.index": ("指数", "index"),
    "report.exp.col.value": ("值", "value"),
    "report.exp.yes": ("是", "yes"),
    "report.exp.no": ("否", "no"),
    "report.exp.dir.better": ("更好", "better"),
    "report.exp.dir.worse": ("更差", "worse"),
    "report.exp.dir.higher": ("更高", "higher"),
    "report.exp.dir.lower": ("更低", "lower"),
    "report.exp.dir.unclear": ("不确定", "unclear"),
    "cli.arg.analyze_metric": (
        "图中使用的指标（默认：第一个指标）",
        "metric for the figures (default: the first metric)",
    ),
    "cli.arg.analyze_baseline": (
        "基准设计点（默认：因素取值与基础情景相同的点，否则 0）",
        "baseline design point (default: the point matching the base scenario, else 0)",
    ),
    "cli.experiment.report_written": ("报告：{path}", "report: {path}"),
    "cli.experiment.damaged": (
        "{n} 个运行文件损坏，已计为缺少：{files}。再次把同一试验文件运行到此目录，会把它们移到 runs/damaged/ 并重新运行。",
        "{n} run files are damaged and counted as missing: {files}. Running the same experiment file into "
        "this directory again moves them to runs/damaged/ and runs them again.",
    ),
    "cli.experiment.set_aside": (
        "{n} 个损坏的运行文件已移到 {path}，并已重新运行",
        "{n} damaged run files were moved to {path} and run again",
    ),
    "cli.experiment.repaired": ("已重写损坏的文件：{files}", "rewrote damaged files: {files}"),
    "experiment.report.damaged": ("损坏而未计入的运行文件", "Damaged run files (left out)"),
    "experiment.report.damaged_line": (
        "{n} 个：{files}。再次把试验文件运行到此目录，会把它们移到 runs/damaged/ 并重新运行。",
        "{n}: {files}. Running the experiment file into this directory again moves them to runs/damaged/ "
        "and runs them again.",
    ),
}
