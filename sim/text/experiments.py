"""Experiments: errors in experiment files, executors and results stores; analysis figures and report.

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t`` or ``sim.errors.ScenarioError.keyed``. A ``{where}`` or ``{label}`` is
the file and field as the user wrote them, the same in both languages; keys of parts
of a message (``experiment.spec.what.*``, ``experiment.spec.hint.*``,
``experiment.damaged.problem.*``, ``experiment.damaged.repair.*``,
``experiment.damaged.expected.*``) fill a placeholder of another message as a
``sim.text.Part``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # what the run cap counts (error.runs's {label}); {where}: the file, or the experiment's name
    "experiment.where.named": ("实验 {name}：", "experiment {name}: "),
    "experiment.runs.replications": ("{where}replications（重复次数）", "{where}replications"),
    "experiment.runs.points": ("{where}设计点数（{formula}）", "{where}design points ({formula})"),
    "experiment.runs.total": (
        "{where}运行次数（{points:,} 个设计点 × {reps:,} 次重复）",
        "{where}runs ({points:,} design points × {reps:,} replications)",
    ),
    "experiment.runs.community": (
        "{where}社区运行次数（街道运行 {runs:,} 次 × {n:,} 个社区）",
        "{where}community runs ({runs:,} runs of the street × {n:,} communities)",
    ),
    "experiment.formula.factorial": (
        "factorial：{d} 个因子的水平数之积",
        "factorial: the product of the numbers of levels of {d} factors",
    ),
    "experiment.formula.lhs": ("lhs：样本数 N = {n:,}", "lhs: N = {n:,}"),
    "experiment.formula.sobol": (
        "sobol：{form}，样本数 N = {n:,}，因子数 D = {d}",
        "sobol: {form} with N = {n:,}, D = {d}",
    ),
    "experiment.formula.morris": (
        "morris：N·(D+1)，轨迹数 N = {n:,}，因子数 D = {d}",
        "morris: N·(D+1) with N = {n:,}, D = {d}",
    ),
    "experiment.note.no_indices": (
        "{metric}：有设计点没有一次成功的运行，未计算敏感性指数",
        "{metric}: some design points have no successful run; indices not computed",
    ),
    # --- experiment analysis: figures and report ---------------------------------------
    "fig.exp.effects.title": ("与基准点的差值：{metric}", "Difference from the baseline point: {metric}"),
    "fig.exp.effects.xlabel": (
        "差值（设计点 − 基准点，按重复配对，95%置信区间）",
        "difference (point − baseline, paired by replication, 95% CI)",
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
    "report.exp.title": ("实验报告：{name}", "Experiment report: {name}"),
    "report.exp.overview": ("概况", "Overview"),
    "report.exp.street": ("街道", "Street"),
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
        "差值 = 设计点 − 基准点。第 r 次重复在每个设计点使用同一个随机种子（共同随机数），因此差值按重复配对，"
        "区间为配对差值的 t 区间（95%）；p 值在每个指标内对全部设计点做 Holm 校正。“排除 0”表示校正后 p < 0.05。",
        "Difference = point − baseline. Replication r uses the same seed at every design point (common "
        "random numbers), so differences are paired by replication and the intervals are t-intervals (95%) "
        "of the paired differences; p-values are Holm-adjusted over the points of each metric. “Excludes 0” "
        "means adjusted p < 0.05.",
    ),
    "report.exp.summary": ("各设计点的均值与95%置信区间", "Mean and 95% CI per design point"),
    "report.exp.differences": ("与基准点的差值", "Differences from the baseline point"),
    "report.exp.indices": ("敏感性指数", "Sensitivity indices"),
    "report.exp.indices_note_sobol": (
        "Sobol 指数按设计点均值计算（SALib，置信区间为自助法 95%）。各设计点使用同样的重复种子（共同随机数），"
        "因此不起任何作用的因素 ST = 0；改变了运行过程的因素，其 ST 中也带有运行间的随机波动。",
        "Sobol indices from the per-point means (SALib; bootstrap 95% CIs). Every point uses the same "
        "replication seeds (common random numbers), so a factor that changes nothing has ST = 0; a factor "
        "that changes the course of the runs also carries their noise into its ST.",
    ),
    "report.exp.indices_note_morris": (
        "Morris 指数按设计点均值计算（SALib）：μ* 大表示影响大，σ 大表示非线性或交互作用。",
        "Morris indices from the per-point means (SALib): large μ* means influential, large σ "
        "means non-linear or interacting.",
    ),
    "report.exp.figures": ("图", "Figures"),
    "report.exp.file": ("实验文件", "Experiment file"),
    "report.exp.versions": ("软件版本", "Versions"),
    "report.exp.notes": ("说明", "Notes"),
    "report.exp.more_rows": ("（仅显示前 {n} 行，完整表格见 CSV 文件）", "(first {n} rows only; see the CSV files)"),
    "report.exp.col.metric": ("指标", "metric"),
    "report.exp.col.point": ("设计点", "point"),
    "report.exp.col.n": ("次数", "n"),
    "report.exp.col.pairs": ("配对数", "pairs"),
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
    "report.exp.col.keeps_up": ("该点办得过来的重复", "replications of the point that keep up"),
    "report.exp.behind": ("办不过来的设计点", "Design points that cannot keep up"),
    "report.exp.cannot_keep_up": (
        "注意：设计点 {points} 并非每次重复都办得过来——积压在持续增长，这些点的结果取决于模拟多长时间。",
        "Note: not every replication of design points {points} keeps up — their backlog keeps growing, so "
        "their results depend on how long the runs are.",
    ),
    "report.exp.keeps_up_unknown": (
        "本实验没有记录“办得过来”（keeps_up_share），所以无法标出办不过来的设计点；在实验文件的 metrics 中加上它即可。",
        "This experiment did not record keeps_up_share, so design points that cannot keep up are not marked; "
        "add it to the metrics of the experiment file.",
    ),
    "report.exp.assessed_note": (
        "“考核口径”开头的指标按12345考核的算法计算：只看经热线转来的件，按回访时居民的回答，逾期未办结算作未解决、"
        "不满意；表中紧跟在对应的真实指标之后。",
        "Metrics starting “Assessed” are scored the way a 12345 assessment scores them: hotline cases only, "
        "from the residents' answers at the return visit, a case open past its limit counted as unsolved and "
        "unsatisfied; each follows its true metric in the tables.",
    ),
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
        "{n} 个运行文件损坏，已计为缺少：{files}。再次把同一实验文件运行到此目录，会把它们移到 runs/damaged/ 并重新运行。",
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
        "{n} 个：{files}。再次把实验文件运行到此目录，会把它们移到 runs/damaged/ 并重新运行。",
        "{n}: {files}. Running the experiment file into this directory again moves them to runs/damaged/ "
        "and runs them again.",
    ),
    # --- experiment files (sim.experiments.spec) ------------------------------------------
    "experiment.spec.factors_nested": (
        "{where}factors.{name}：表的嵌套超过 {depth} 层",
        "{where}factors.{name}: tables nested more than {depth} levels deep",
    ),
    "experiment.spec.factor_not_table": (
        "{where}factors.{name} 必须是一个表（[factors.{name}]），其中给出 levels = [...] 或 low/high",
        "{where}factors.{name} must be a table ([factors.{name}]) with levels = [...] or low/high",
    ),
    "experiment.spec.factor_unknown_key": (
        "{label}.{key}：未知的键；允许的键为 levels，或 low 和 high",
        "{label}.{key}: unknown key; allowed keys are levels, or low and high",
    ),
    "experiment.spec.levels_and_range": (
        "{label}：请给出 levels = [...] 或 low 和 high，不能两者都给",
        "{label}: give either levels = [...] or low and high, not both",
    ),
    "experiment.spec.range_not_allowed": (
        "{label}：{what}不允许使用 low/high；请给出 levels = [...]",
        "{label}: low/high are not allowed for {what}; give levels = [...]",
    ),
    "experiment.spec.what.factorial": ("全因子设计", "the factorial design"),
    "experiment.spec.what.kind": ("{kind} 类型的参数", "a {kind} parameter"),
    "experiment.spec.levels_missing": (
        "{label}：缺少 levels = [...]（要使用的取值，{allowed}）",
        "{label}: levels = [...] is missing (the values to use, {allowed})",
    ),
    "experiment.spec.levels_not_list": (
        "{label}.levels 必须是非空的取值列表（{allowed}）",
        "{label}.levels must be a non-empty list of values ({allowed})",
    ),
    "experiment.spec.levels_repeated": (
        "{label}.levels：每个取值只能出现一次",
        "{label}.levels: each value may appear only once",
    ),
    "experiment.spec.levels_too_few": (
        "{label}.levels：抽样设计至少需要 2 个水平",
        "{label}.levels: a sampled design needs at least 2 levels",
    ),
    "experiment.spec.levels_not_allowed": (
        "{label}.levels 在 {method} 设计中不允许；请给出 low 和 high",
        "{label}.levels is not allowed for the {method} design; give low and high",
    ),
    "experiment.spec.bound_missing": ("{label}.{key} 缺失（{allowed}）", "{label}.{key} is missing ({allowed})"),
    "experiment.spec.low_not_below_high": (
        "{label}：low = {low!r} 必须小于 high = {high!r}",
        "{label}: low = {low!r} must be smaller than high = {high!r}",
    ),
    "experiment.spec.unknown_key": (
        "{where}{key}：未知的键；顶层允许的键为 {allowed}",
        "{where}{key}: unknown key; allowed top-level keys are {allowed}",
    ),
    "experiment.spec.scenario_empty": (
        "{where}scenario 为空：请给出内置情景名或 .toml 文件的路径",
        "{where}scenario is empty: give a shipped scenario name or the path of a .toml file",
    ),
    "experiment.spec.params_not_table": (
        "{where}params 必须是一个表（[params]）",
        "{where}params must be a table ([params])",
    ),
    "experiment.spec.metrics_not_list": (
        "{where}metrics 必须是非空的指标名列表",
        "{where}metrics must be a non-empty list of metric names",
    ),
    "experiment.spec.metric_unknown": (
        "{where}metrics：{metric} 不是运行摘要中的指标；{hint}（全部指标见 docs/experiments.zh.md）",
        "{where}metrics: {metric} is not a metric of a run's summary; {hint} (all metrics: docs/experiments.md)",
    ),
    "experiment.spec.hint.close": ("是不是 {names}？", "did you mean {names}?"),
    "experiment.spec.hint.examples": ("例如 {names} 等", "e.g. {names}, …"),
    "experiment.spec.metrics_repeated": (
        "{where}metrics：每个指标只能出现一次",
        "{where}metrics: each metric may appear only once",
    ),
    "experiment.spec.design_missing": (
        "{where}缺少 [design]：请给出 method = 以下之一：{methods}",
        "{where}[design] is missing: give method = one of {methods}",
    ),
    "experiment.spec.design_key_other_method": (
        "{where}design.{key} 不适用于 method {method!r}（仅用于 {users}）",
        "{where}design.{key} is not allowed for method {method!r} (only for {users})",
    ),
    "experiment.spec.design_unknown_key": (
        "{where}design.{key}：未知的键；{method} 允许的键为：{allowed}",
        "{where}design.{key}: unknown key; allowed for {method}: {allowed}",
    ),
    "experiment.spec.samples_missing": (
        "{where}缺少 design.samples：{method} 设计需要 N（≥ 1 的整数）",
        "{where}design.samples is missing: the {method} design needs N (an integer ≥ 1)",
    ),
    "experiment.spec.second_order": (
        "{where}design.second_order 必须是 true 或 false",
        "{where}design.second_order must be true or false",
    ),
    "experiment.spec.morris_levels": (
        "{where}design.levels = {value} 不允许：应为 2 到 100 之间的偶数",
        "{where}design.levels = {value} is not allowed: expected an even integer from 2 to 100",
    ),
    "experiment.spec.factors_missing": (
        "{where}缺少 [factors]：请为参数至少给出一个 [factors.NAME] 表（参数名见 `python -m sim params`）",
        "{where}[factors] is missing: give at least one [factors.NAME] table for a parameter "
        "(run `python -m sim params` for the names)",
    ),
    "experiment.spec.fixed_and_varied": (
        "{where}factors.{name}：也在 [params] 中设置了；一个参数要么固定，要么变化",
        "{where}factors.{name}: also set in [params]; a parameter is either fixed or varied",
    ),
    "experiment.spec.factors_too_few": (
        "{where}factors：{method} 设计至少需要 2 个因子",
        "{where}factors: the {method} design needs at least 2 factors",
    ),
    "experiment.design.needs_salib": (
        "design.method = {method!r} 需要 SALib：pip install SALib",
        "design.method = {method!r} needs SALib: pip install SALib",
    ),
    # --- executors (sim.experiments.executors) -------------------------------------------
    "experiment.executor.bad_address": (
        "{label} = {address} 不是 Dask 调度器地址：应为 tcp://主机:端口"
        "（或 tls://、ws://、wss://、ucx://）、主机:端口 或 inproc://名称，端口为 1 到 65535",
        "{label} = {address} is not a Dask scheduler address: expected tcp://HOST:PORT "
        "(or tls://, ws://, wss://, ucx://), HOST:PORT or inproc://NAME, with a port from 1 to 65535",
    ),
    "experiment.executor.unknown": (
        "executor {kind} 不允许：应为以下之一：{allowed}",
        "executor {kind} is not allowed: expected one of {allowed}",
    ),
    "experiment.executor.no_scheduler": (
        "没有 Dask 调度器：请给出 --scheduler tcp://HOST:PORT 或设置 {env}",
        "no Dask scheduler: give --scheduler tcp://HOST:PORT or set {env}",
    ),
    "experiment.executor.no_dask": (
        "未安装 Dask：pip install 'dask[distributed]'（--scheduler 和 --local-cluster 需要它）",
        "Dask is not installed: pip install 'dask[distributed]' (needed for --scheduler and --local-cluster)",
    ),
    "experiment.executor.cluster_failed": (
        "无法启动含 {workers} 个工作进程的 Dask LocalCluster：{why}",
        "cannot start a Dask LocalCluster of {workers} workers: {why}",
    ),
    "experiment.executor.connect_failed": (
        "无法在 {timeout} 秒内连接到 {address}（{label}）的 Dask 调度器：{why}",
        "cannot connect to the Dask scheduler at {address} ({label}) within {timeout} s: {why}",
    ),
    # --- the results store (sim.experiments.store, .description, .damaged) ----------------
    "experiment.store.not_a_directory": ("{path}：已存在且不是目录", "{path}: exists and is not a directory"),
    "experiment.store.not_an_experiment": (
        "{path}：该目录已存在、不为空且不包含实验；请换一个 --out",
        "{path}: the directory exists, is not empty and holds no experiment; choose another --out",
    ),
    "experiment.store.other_experiment": (
        "{path}：存放的是另一个实验的结果（{name}：情景、因子、设计、种子或指标不同）；请换一个 --out",
        "{path}: holds results of a different experiment ({name}: other scenario, factors, design, seed or "
        "metrics); choose another --out",
    ),
    "experiment.store.other_seed_scheme": (
        "{path}：存放的结果用的是另一种种子方案（{scheme}），现在补跑的运行无法与之一致；请换一个 --out",
        "{path}: holds results made with another seed scheme ({scheme}), which runs added now would not "
        "match; choose another --out",
    ),
    "experiment.store.no_experiment": (
        "{path}：不是实验目录（没有 meta.json 和 runs/）",
        "{path}: not an experiment directory (no meta.json and runs/)",
    ),
    # A damaged file: {problem} is an experiment.damaged.problem.* part, {repair} an .repair.* part.
    "experiment.damaged": ("{where}：{problem}；{repair}", "{where}: {problem}; {repair}"),
    "experiment.damaged.repair.meta": (
        "它标识了这个实验，因此无法核对或续跑这些结果：请把实验文件运行到一个新目录"
        "（--out 新目录；见 docs/experiments.zh.md 的“文件损坏”一节）",
        "it identifies the experiment, so these results cannot be checked or resumed: run the "
        "experiment file into a new directory (--out NEW_DIR; see 'Damaged files' in docs/experiments.md)",
    ),
    "experiment.damaged.repair.rewrite": (
        "再次把同一实验文件运行到此目录即可重写它（experiment run FILE --out {path}）",
        "run the same experiment file into this directory again to rewrite it (experiment run FILE --out {path})",
    ),
    "experiment.damaged.repair.move_away": (
        "请把它移走，然后再次把同一实验文件运行到此目录",
        "move it away, then run the same experiment file into this directory again",
    ),
    "experiment.damaged.problem.missing": ("缺失", "missing"),
    "experiment.damaged.problem.not_a_file": ("不是文件", "not a file"),
    "experiment.damaged.problem.not_a_directory": ("不是目录", "not a directory"),
    "experiment.damaged.problem.empty": ("是空文件（0 字节）", "empty (0 bytes)"),
    "experiment.damaged.problem.too_large": (
        "太大（{size:,} 字节；最多 {limit:,} 字节）",
        "too large ({size:,} bytes; at most {limit:,})",
    ),
    "experiment.damaged.problem.unreadable": ("无法读取（{why}）", "cannot be read ({why})"),
    "experiment.damaged.problem.not_json": ("不是有效的 JSON（{why}）", "not valid JSON ({why})"),
    "experiment.damaged.problem.not_object": ("不是 JSON 对象（{example}）", "not a JSON object ({example})"),
    "experiment.damaged.problem.not_parquet": (
        "不是可读的 Parquet 文件（{why}）",
        "not a readable Parquet file ({why})",
    ),
    "experiment.damaged.problem.not_toml": ("不是有效的 TOML（{why}）", "not valid TOML ({why})"),
    "experiment.damaged.problem.no_keys": ("没有任何键", "holds no keys"),
    "experiment.damaged.problem.field_missing": ("缺少 {key!r}", "{key!r} is missing"),
    "experiment.damaged.problem.field": ("{key} = {found}（应为{expected}）", "{key} = {found} (expected {expected})"),
    "experiment.damaged.expected.string": ("字符串", "a string"),
    "experiment.damaged.expected.integer": ("≥ {low} 的整数", "an integer ≥ {low}"),
    "experiment.damaged.expected.metrics": ("非空的指标名列表", "a non-empty list of metric names"),
    "experiment.damaged.problem.no_point_column": ("缺少 'point' 列", "the column 'point' is missing"),
    "experiment.damaged.problem.points": (
        "有 {rows:,} 行，而不是 meta.json 所说的设计点 0 到 {last:,}",
        "holds {rows:,} rows, not the points 0 to {last:,} that meta.json names",
    ),
    "experiment.damaged.problem.method": (
        "method = {found}，但 meta.json 中为 {method!r}",
        "method = {found}, but meta.json says {method!r}",
    ),
    "experiment.damaged.problem.factors": (
        "其中的因子与 design.parquet 的列不一致",
        "its factors do not match the columns of design.parquet",
    ),
    "experiment.damaged.problem.options": ("options 不是表", "options is not a table"),
    "experiment.damaged.problem.problem": (
        "SALib 的 problem（因子名与取值范围）缺失或与设计不一致",
        "the SALib problem (names and bounds of the factors) is missing or does not match the design",
    ),
    "experiment.damaged.problem.shape": (
        "其形状 {shape} 与设计（{points:,} × {factors}）不一致",
        "its shape {shape} does not match the design ({points:,} × {factors})",
    ),
    # --- analysis (sim.experiments.analysis) ----------------------------------------------
    "experiment.analysis.no_point": (
        "--baseline {point}：没有这个设计点（应为 0 到 {last}）",
        "--baseline {point}: no such design point (0 to {last})",
    ),
}
