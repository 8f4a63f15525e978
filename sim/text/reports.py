"""Files written by ``sim.report`` and ``sim.experiments.report`` (``report.*``).

The experiment report's table and headings are in ``sim.text.experiments``
(``report.exp.*``); the keys it needs beyond those are here. ``result.*`` are the words
every place that shows results shares (the command line, the reports, the panels and
the figures): true against assessed rates, and the warning for a run that cannot keep up.

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # --- shocks of a scenario (sim.model.shocks.describe) ------------------------------------
    "shock.line": ("{name}：{days}，{changes}", "{name}: {days}, {changes}"),
    "shock.unnamed": ("冲击 {n}", "Shock {n}"),
    "shock.days": ("第 {start}–{last} 天", "days {start}–{last}"),
    "shock.days_to_end": ("第 {start} 天起至结束", "day {start} to the end"),
    "shock.separator": ("；", "; "),
    "report.shocks": ("冲击（某段时间内改变的参数）", "Shocks (parameters changed for a window of days)"),
    # --- results, wherever they are shown ----------------------------------------------------
    "result.true": ("真实情况", "True"),
    "result.assessed": ("考核口径", "Assessed"),
    "result.rates_title": ("三率：真实情况与考核口径", "The three rates: true and assessed"),
    "result.assessed_note": (
        "真实情况按社区知晓的全部诉求计算；考核口径只看经12345热线转来的件，按回访时居民的回答计算，"
        "逾期未办结的件算作未解决、不满意。考核不计按期结案率（–）。",
        "True: every case the community knew of. Assessed: only cases that came through the 12345 hotline, "
        "scored from the residents' answers at the return visit, with every case still open past its time "
        "limit counted as unsolved and unsatisfied. The assessment has no on-time closure rate (–).",
    ),
    "result.assessed_cases": (
        "考核口径依据 {n} 件热线件。",
        "The assessed rates rest on {n} hotline cases.",
    ),
    "result.cannot_keep_up": (
        "注意：这个社区办不过来——积压在持续增长，结果取决于模拟多长时间。",
        "Note: this community cannot keep up — its backlog keeps growing, so the results depend on how long "
        "the run is.",
    ),
    "result.cannot_keep_up_some": (
        "注意：{scenarios} 并非每次重复都办得过来——积压持续增长时，结果取决于模拟多长时间。",
        "Note: not every replication of {scenarios} keeps up — where the backlog keeps growing, the results "
        "depend on how long the run is.",
    ),
    "result.keeps_up_line": ("办得过来的重复：{items}", "Replications that keep up: {items}"),
    "result.list_sep": ("、", ", "),
    "result.yes": ("是", "yes"),
    "result.no": ("否", "no"),
    "result.fig.assessed_note": (
        "只计12345热线件，按回访时的回答",
        "hotline cases only, as answered at the return visit",
    ),
    # --- report files ----------------------------------------------------------------------
    "report.run.title": ("单次运行：{title}", "One run: {title}"),
    "report.compare.title": ("情景比较", "Scenario comparison"),
    "report.files": ("本目录中的文件", "Files in this directory"),
    "report.scenarios": ("情景", "Scenarios"),
    "report.metrics": ("指标", "Metrics"),
    "report.csv_note": (
        "CSV 文件为 UTF-8 编码；比率以 0–1 的小数保存，时间单位为工作日，工时单位为小时。",
        "CSV files are UTF-8; rates are stored as fractions 0–1, times in working days, hours in hours.",
    ),
    "report.exists": (
        "{path} 已存在且不为空；请换一个目录，或加 --overwrite 替换它",
        "{path} already exists and is not empty; choose another directory or add --overwrite to replace it",
    ),
    "report.not_dir": ("{path} 已存在但不是目录", "{path} exists and is not a directory"),
    "report.empty_path": ("{option} 为空：请给出一个路径", "{option} is empty: give a path"),
    "report.cannot_create": (
        "{path} 无法创建：{blocker} {why}",
        "{path} cannot be created: {blocker} {why}",
    ),
    "report.name_too_long": (
        "{path} 无法创建：名称 {name} 超过了文件系统允许的 {limit} 字节",
        "{path} cannot be created: the name {name} is longer than the {limit} bytes the file system allows",
    ),
    "report.why.file": ("是文件而不是目录", "is a file, not a directory"),
    "report.why.readonly": ("不可写", "is not writable"),
    "report.why.dir": ("它是目录", "it is a directory"),
    "report.is_input": (
        "{path} 不能用作输出：它{how}输入文件 {input}",
        "{path} cannot be the output: it {how} the input file {input}",
    ),
    "report.holds_cwd": (
        "{path} 不能用作输出目录：它是当前目录、当前目录的上级或主目录；请换一个新目录",
        "{path} cannot be the output directory: it is the current directory, one that holds it, or the home "
        "directory; choose a new directory",
    ),
    "report.how.is": ("就是", "is"),
    "report.how.holds": ("包含", "holds"),
    "report.cannot_write": ("{path} 无法写入：{why}", "{path} cannot be written: {why}"),
    "report.file.issues": (
        "诉求台账，每件一行（隐性需求也在内）",
        "the issue log, one row per issue (hidden needs included)",
    ),
    "report.file.daily": (
        "每个工作日结束时的积压、隐性需求和志愿者人数",
        "backlog, hidden needs and volunteers at the end of each working day",
    ),
    "report.file.hours": ("按人员和事项统计的工时", "hours by who and activity"),
    "report.file.summary": ("全部指标", "every metric"),
    "report.file.by_category": ("按诉求类别的指标", "metrics by issue category"),
    "report.file.by_grid": ("按网格的指标", "metrics by grid"),
    "report.file.meta": ("情景、参数、随机种子和软件版本", "scenario, parameters, seed and package versions"),
    "report.file.map": ("社区地图", "community map"),
    "report.file.map_n": ("第 {n} 个情景的社区地图（示例运行）", "community map of scenario {n} (example run)"),
    "report.file.distribution": ("解决时间分布", "distribution of time to resolution"),
    "report.file.backlog": ("积压随时间变化", "backlog over time"),
    "report.file.hours_png": ("工时去向", "where the hours go"),
    "report.file.readme": ("本说明", "this summary"),
    "report.file.runs": ("每次运行一行，含全部指标", "one row per run with every metric"),
    "report.file.comparison": (
        "比较表：均值、95%置信区间、与第一个情景的差值",
        "comparison table: mean, 95% CI, difference from the first scenario",
    ),
    "report.file.comparison_png": ("主要指标的比较图", "key metrics compared"),
    "report.file.rates_png": (
        "三率与按期结案率：真实情况，以及考核口径下的三率",
        "the three rates and on-time closure, true, and the three rates as assessed",
    ),
    "report.file.report_html": (
        "本说明的网页版，图表都在页面里，可单独发送",
        "this summary as one web page with the figures inside, to send on its own",
    ),
    # --- web pages (report.html) -----------------------------------------------------------
    "report.html.scenario": ("情景", "Scenario"),
    "report.html.figures": ("图", "Figures"),
    "report.html.versions": ("软件版本", "Versions"),
    "report.html.examples": ("示例运行", "Example runs"),
    "report.html.examples_note": (
        "以下各图来自每个情景的一次示例运行（随机种子 {seed}，即第一次重复的种子）。",
        "The figures below come from one example run of each scenario (seed {seed}, the first replication's).",
    ),
    # --- experiment report -------------------------------------------------------------------
    "report.exp.bad_metric": (
        "--metric {metric}：不是本实验的指标；可选：{choices}",
        "--metric {metric}: not a metric of this experiment; choose from {choices}",
    ),
}
