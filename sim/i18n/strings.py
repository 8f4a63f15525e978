"""The kit's user-facing strings, each in Simplified Chinese and English.

Keys are dotted: ``metric.*`` (metric names, see ``sim.model.metrics.METRICS``),
``unit.*``, ``category.*``, ``channel.*``, ``state.*``, ``who.*``, ``activity.*``,
``fig.*`` (plot titles and axes), ``cli.*`` (command-line help and messages) and
``report.*`` (files written by ``sim.report``). Each value is ``(zh, en)``.
Strings may contain ``{placeholders}`` filled in by ``sim.i18n.t``.
"""

from __future__ import annotations

# Metric labels and units. Rates and shares carry no unit: they are shown as percentages.
METRIC_TEXT: dict[str, tuple[str, str, str]] = {
    # name: (zh label, en label, unit key or "")
    "issues_arisen": ("产生的诉求", "Issues arisen", "issues"),
    "issues_known": ("社区知晓的诉求", "Issues known to the community", "issues"),
    "response_rate": ("响应率", "Response rate", ""),
    "resolution_rate": ("解决率", "Resolution rate", ""),
    "satisfaction_rate": ("满意率", "Satisfaction rate", ""),
    "on_time_closure_rate": ("按期结案率", "On-time closure rate", ""),
    "closure_rate": ("结案率", "Closure rate", ""),
    "rework_rate": ("返工率", "Rework rate", ""),
    "response_time_mean": ("首次响应时间·均值", "Time to first response, mean", "working_days"),
    "response_time_median": ("首次响应时间·中位数", "Time to first response, median", "working_days"),
    "response_time_p90": ("首次响应时间·90%分位", "Time to first response, 90th percentile", "working_days"),
    "resolution_time_mean": ("解决时间·均值", "Time to resolution, mean", "working_days"),
    "resolution_time_median": ("解决时间·中位数", "Time to resolution, median", "working_days"),
    "resolution_time_p90": ("解决时间·90%分位", "Time to resolution, 90th percentile", "working_days"),
    "proactive_share": ("主动发现占比", "Share found proactively", ""),
    "hidden_never_found": ("始终未发现的隐性需求", "Hidden needs never found", "issues"),
    "hidden_share": ("未发现需求占比", "Share of needs never found", ""),
    "incidents": ("隐患酿成事故", "Hazards that became incidents", "issues"),
    "backlog_mean": ("平均积压", "Mean backlog", "issues"),
    "backlog_end": ("期末积压", "Backlog at the end", "issues"),
    "staff_hours": ("社区工作人员工时", "Staff hours", "hours"),
    "staff_utilisation": ("工作人员工时占用率", "Staff utilisation", ""),
    "volunteer_hours_used": ("志愿者工时", "Volunteer hours", "hours"),
    "partner_hours_used": ("社区合伙人工时", "Community partner hours", "hours"),
    "department_hours_used": ("县直部门工时", "County department hours", "hours"),
    "party_hours_used": ("报到党员工时", "Party member hours", "hours"),
}

STRINGS: dict[str, tuple[str, str]] = {
    # --- units ---------------------------------------------------------------------------
    "unit.issues": ("件", "issues"),
    "unit.working_days": ("工作日", "working days"),
    "unit.hours": ("小时", "h"),
    "unit.percent_points": ("个百分点", "pp"),
    # units of the parameter table (sim.params), keyed by their English spelling
    "unit.param./month": ("/月", "/month"),
    "unit.param.case officers": ("名对接人", "case officers"),
    "unit.param.compounds": ("个小区", "compounds"),
    "unit.param.h": ("小时", "h"),
    "unit.param.h/day": ("小时/日", "h/day"),
    "unit.param.h/household": ("小时/户", "h/household"),
    "unit.param.h/quarter": ("小时/季度", "h/quarter"),
    "unit.param.h/volunteer/month": ("小时/人/月", "h/volunteer/month"),
    "unit.param.h/week": ("小时/周", "h/week"),
    "unit.param.households": ("户", "households"),
    "unit.param.households/week": ("户/周", "households/week"),
    "unit.param.issues/household/year": ("件/户/年", "issues/household/year"),
    "unit.param.min": ("分钟", "min"),
    "unit.param.people": ("人", "people"),
    "unit.param.people/month": ("人/月", "people/month"),
    "unit.param.stations": ("个", "stations"),
    "unit.param.working days": ("工作日", "working days"),
    # --- issue states ----------------------------------------------------------------------
    "state.hidden": ("隐性需求", "hidden"),
    "state.waiting": ("待响应", "waiting"),
    "state.in_progress": ("办理中", "in progress"),
    "state.resolved": ("已办结但未解决，待返工", "fixed but not solved, awaiting rework"),
    "state.closed": ("已结案", "closed"),
    # --- how issues become known (sim.model.issues.CHANNELS) -------------------------------
    "channel.report": ("居民反映", "resident report"),
    "channel.hotline": ("12345热线", "12345 hotline"),
    "channel.station": ("党群服务站", "service station"),
    "channel.visit": ("入户走访", "household visit"),
    "channel.patrol": ("巡访观察", "patrol and observe"),
    "channel.survey": ("问需调查", "needs survey"),
    "channel.inspection": ("隐患排查", "hazard inspection"),
    "channel.incident": ("事故暴露", "incident"),
    # --- who does the work (handlers and rows of the hours table) --------------------------
    "who.staff": ("社区工作人员", "community staff"),
    "who.department": ("县直部门", "county departments"),
    "who.partner": ("社区合伙人", "community partners"),
    "who.mediation": ("调委会", "mediation committee"),
    "who.helpers": ("“60助80”志愿者", "'60 helps 80' helpers"),
    "who.party": ("报到党员", "reporting party members"),
    "who.volunteers": ("志愿者", "volunteers"),
    "who.grid_worker": ("网格员", "grid worker"),
    "who.office": ("社区办公室", "community office"),
    # --- activities (where the hours go) ---------------------------------------------------
    "activity.contact": ("接待", "first contact"),
    "activity.listening": ("倾听", "listening"),
    "activity.travel": ("路途", "travel"),
    "activity.fix": ("办理", "fixing"),
    "activity.process": ("流程", "standard process"),
    "activity.visits": ("走访", "household visits"),
    "activity.station": ("站点值守", "station duty"),
    "activity.survey": ("问需调查", "needs surveys"),
    "activity.inspection": ("隐患排查", "hazard inspection"),
    "activity.follow_up": ("跟踪督办", "follow-up"),
    "activity.callback": ("回访", "call-backs"),
    "activity.coordination": ("协调转办", "coordination and hand-off"),
    "activity.mediation": ("参与调解", "attending mediation"),
    "activity.volunteer_admin": ("积分管理", "volunteer points admin"),
    "activity.department": ("部门办理", "department casework"),
    "activity.patrol": ("巡访", "patrols"),
    # --- words used in several places ------------------------------------------------------
    "word.scenario": ("情景", "scenario"),
    "word.metric": ("指标", "metric"),
    "word.value": ("数值", "value"),
    "word.seed": ("随机种子", "seed"),
    "word.reps": ("重复次数", "replications"),
    "word.days": ("模拟天数", "days simulated"),
    "word.source": ("来源", "source"),
    "word.changes": ("改动的参数", "parameters changed"),
    "word.none": ("无", "none"),
    "word.grid": ("网格 {n}", "grid {n}"),
    "word.compound": ("小区 {n}", "compound {n}"),
    "word.category": ("诉求类别", "category"),
    "word.better": ("更好", "better"),
    "word.worse": ("更差", "worse"),
    "word.diff_vs": ("与 {name} 之差", "Δ vs {name}"),
    "word.mean_ci": ("均值 [95%置信区间]", "mean [95% CI]"),
    "word.higher_better": ("越高越好", "higher is better"),
    "word.lower_better": ("越低越好", "lower is better"),
    # --- figures ---------------------------------------------------------------------------
    "fig.map.title": ("社区地图：{scenario}", "Community map: {scenario}"),
    "fig.map.compound": ("小区{n}", "C{n}"),
    "fig.map.grid_boundary": ("网格边界", "grid boundary"),
    "fig.map.station": ("党群服务站", "service station"),
    "fig.map.open": ("未结诉求（圈越大越多）", "open issues (bigger = more)"),
    "fig.map.hidden": ("未发现的隐性需求", "hidden needs not found"),
    "fig.map.note": ("第 {day:g} 个工作日结束时", "at the end of working day {day:g}"),
    "fig.dist.title": ("诉求解决时间分布", "Time to resolution"),
    "fig.dist.xlabel": ("从知晓到解决（工作日，对数刻度）", "from known to resolved (working days, log scale)"),
    "fig.dist.ylabel": ("已解决诉求的累计占比", "share of resolved issues (cumulative)"),
    "fig.dist.limit": ("办理时限", "time limits"),
    "fig.dist.median": ("中位数 {value:.1f}", "median {value:.1f}"),
    "fig.backlog.title": ("积压与隐性需求随时间变化", "Backlog and hidden needs over time"),
    "fig.backlog.backlog": ("积压（件）", "backlog (issues)"),
    "fig.backlog.hidden": ("未发现的隐性需求（件）", "hidden needs not found"),
    "fig.day": ("工作日", "working day"),
    "fig.rates.title": ("三率与按期结案率", "The three rates and on-time closure"),
    "fig.rates.ci": (
        "误差线：95%置信区间（每个情景 {reps} 次重复）",
        "error bars: 95% CI ({reps} replications per scenario)",
    ),
    "fig.hours.title": ("工时都去哪儿了", "Where the hours go"),
    "fig.hours.xlabel": ("整个模拟期的工时（小时）", "hours over the whole run"),
    "fig.hours.capacity": ("工作人员可用工时", "staff hours available"),
    "fig.compare.title": (
        "情景比较：均值与95%置信区间（{reps} 次重复）",
        "Scenarios compared: mean and 95% CI ({reps} replications)",
    ),
    # --- command line ----------------------------------------------------------------------
    "cli.description": (
        "社区“1234”工作法仿真工具：运行与比较情景，输出三率、按期结案率、解决时间等指标。",
        "Community 1234 Kit: run and compare scenarios of the community '1234 work method' and "
        "report the three rates, on-time closure, times to resolution and more.",
    ),
    "cli.epilog": (
        "示例：\n"
        "  python -m sim scenarios                      列出内置情景\n"
        "  python -m sim params --group 2               查看“两颗心”的参数\n"
        "  python -m sim run full-1234 --seed 1         运行一次并打印指标\n"
        "  python -m sim run baseline --set visit_share=0.2 --out out/visits\n"
        "  python -m sim compare baseline full-1234 --reps 20 --out report\n"
        "  python -m sim run my-community.toml          运行自己的情景文件\n"
        "每个子命令都有 --help。语言：--lang zh 或 --lang en（默认跟随系统语言）。",
        "examples:\n"
        "  python -m sim scenarios                      list the shipped scenarios\n"
        "  python -m sim params --group 2               parameters of component 2\n"
        "  python -m sim run full-1234 --seed 1         run once and print the metrics\n"
        "  python -m sim run baseline --set visit_share=0.2 --out out/visits\n"
        "  python -m sim compare baseline full-1234 --reps 20 --out report\n"
        "  python -m sim run my-community.toml          run your own scenario file\n"
        "Every subcommand has --help. Language: --lang zh or --lang en (default: the system locale).",
    ),
    "cli.usage": ("用法：", "usage: "),
    "cli.positionals": ("位置参数", "positional arguments"),
    "cli.options": ("选项", "options"),
    "cli.commands": ("子命令", "commands"),
    "cli.help": ("显示帮助并退出", "show this help message and exit"),
    "cli.version": ("显示版本并退出", "show the version and exit"),
    "cli.lang": (
        "输出语言：zh（中文）或 en（英文）；默认跟随系统语言",
        "output language: zh or en; default: the system locale",
    ),
    "cli.seed": (
        "随机种子（默认 0）；相同情景和种子得到相同结果",
        "random seed (default 0); the same scenario and seed give the same numbers",
    ),
    "cli.scenarios.help": ("列出内置情景及其说明", "list the shipped scenarios with their descriptions"),
    "cli.params.help": (
        "列出参数表：名称、默认值、单位、取值范围、说明",
        "list the parameter table: name, default, unit, range, label",
    ),
    "cli.params.group": ("只显示一组参数：{groups}", "show one group only: {groups}"),
    "cli.params.levers": ("只显示“1234”做法的开关参数", "show only the levers of the 1234 method"),
    "cli.run.help": ("运行一个情景一次，打印指标", "run one scenario once and print its metrics"),
    "cli.run.epilog": (
        "示例：\n"
        "  python -m sim run baseline\n"
        "  python -m sim run full-1234 --seed 3 --out out/full\n"
        "  python -m sim run baseline --set gridding=true --set priority_rule=resident_first --days 120\n"
        "  python -m sim run path/to/my.toml --by category",
        "examples:\n"
        "  python -m sim run baseline\n"
        "  python -m sim run full-1234 --seed 3 --out out/full\n"
        "  python -m sim run baseline --set gridding=true --set priority_rule=resident_first --days 120\n"
        "  python -m sim run path/to/my.toml --by category",
    ),
    "cli.compare.help": (
        "多次重复运行几个情景并与第一个比较",
        "run several scenarios many times and compare them with the first",
    ),
    "cli.compare.epilog": (
        "示例：\n"
        "  python -m sim compare baseline full-1234 --reps 20\n"
        "  python -m sim compare baseline component-1 component-2 component-3 component-4 --reps 30 --jobs 4 --out report\n"
        "所有情景使用相同的重复种子（共同随机数），差值为配对差值。--set 和 --days 作用于每个情景。",
        "examples:\n"
        "  python -m sim compare baseline full-1234 --reps 20\n"
        "  python -m sim compare baseline component-1 component-2 component-3 component-4 --reps 30 --jobs 4 --out report\n"
        "Every scenario uses the same replication seeds (common random numbers); differences are paired.\n"
        "--set and --days apply to every scenario.",
    ),
    "cli.arg.scenario": (
        "内置情景名称或 .toml 情景文件路径",
        "a shipped scenario name or the path of a .toml scenario file",
    ),
    "cli.arg.scenarios": (
        "两个或更多情景（名称或 .toml 路径）；第一个为比较基准",
        "scenarios (names or .toml paths); the first is the reference",
    ),
    "cli.arg.set": (
        "修改一个参数，可重复，例如 --set visit_share=0.2 --set gridding=true（值按 TOML 解析）",
        "change one parameter, repeatable, e.g. --set visit_share=0.2 --set gridding=true (value read as TOML)",
    ),
    "cli.arg.days": ("模拟的工作日数（等同 --set days=N）", "working days to simulate (same as --set days=N)"),
    "cli.arg.out": (
        "把表格（CSV、Parquet）、图和 meta.json 写入此目录",
        "write tables (CSV, Parquet), figures and meta.json to this directory",
    ),
    "cli.arg.overwrite": ("目录已存在且非空时替换它", "replace the output directory if it exists and is not empty"),
    "cli.arg.by": ("另外按诉求类别或网格打印分项指标", "also print the metrics by issue category or by grid"),
    "cli.arg.reps": ("每个情景的重复次数（默认 10）", "replications per scenario (default 10)"),
    "cli.arg.jobs": ("并行进程数（默认 1）；不影响结果", "worker processes (default 1); results do not depend on it"),
    "cli.error": ("错误：", "error: "),
    "cli.interrupted": ("已中断，未写入任何文件。", "interrupted; nothing was written."),
    "cli.bad_set": (
        "--set {item!r}：格式应为 名称=值，例如 --set visit_share=0.2",
        "--set {item!r}: expected NAME=VALUE, e.g. --set visit_share=0.2",
    ),
    "cli.bad_set_value": (
        "--set {name}=…：这个值无法读取（嵌套过深或数字过长）",
        "--set {name}=…: the value cannot be read (nested too deeply or a number too long)",
    ),
    "cli.bad_lang": ("--lang {value!r} 不可用：只能是 zh 或 en", "--lang {value!r} is not allowed: expected zh or en"),
    "cli.bad_number": (
        "{option} {value} 不可用：应为{what}",
        "{option} {value} is not allowed: expected {what}",
    ),
    "cli.what.integer": ("{low} 到 {high} 的整数", "an integer from {low} to {high}"),
    "cli.what.at_least": ("不小于 {low} 的整数", "an integer of at least {low}"),
    "cli.what.seed": ("0 到 2**63 - 1 的整数", "an integer from 0 to 2**63 - 1"),
    "cli.what.number": ("{low} 到 {high} 的有限数值", "a finite number from {low} to {high}"),
    "cli.argparse.required": ("缺少必需的参数：{what}（见 --help）", "missing required arguments: {what} (see --help)"),
    "cli.argparse.unrecognized": ("无法识别的参数：{what}（见 --help）", "unrecognized arguments: {what} (see --help)"),
    "cli.argparse.choice": (
        "{option} 不接受 {value}：只能是 {allowed}",
        "{option} does not take {value}: expected one of {allowed}",
    ),
    "cli.argparse.one_value": ("{option} 后面需要一个取值", "{option} needs a value"),
    "cli.argparse.together": ("{option} 不能与 {other} 同时使用", "{option} cannot be used together with {other}"),
    "cli.argparse.ambiguous": ("{option} 有歧义：可能是 {what}", "{option} is ambiguous: it could be {what}"),
    "cli.argparse.no_value": ("{option} 不接受取值（{value}）", "{option} takes no value ({value})"),
    "cli.experiment.no_command": (
        "experiment：请给出子命令 run、status 或 analyze（见 --help）",
        "experiment: give a command: run, status or analyze (see --help)",
    ),
    "cli.missing_option": ("缺少 {option}（见 --help）", "{option} is missing (see --help)"),
    "cli.missing_argument": ("缺少 {what}（见 --help）", "{what} is missing (see --help)"),
    "cli.arg.max_runs": (
        "运行次数上限（默认 {default:,}）：重复次数、设计点数和总运行次数都不得超过它",
        "the most runs one command may start (default {default:,}): caps replications, design points and total runs",
    ),
    "cli.bad_group": (
        "--group {value!r} 不可用：只能是 {allowed}",
        "--group {value!r} is not allowed: expected one of {allowed}",
    ),
    "cli.header.run": ("情景 {name}：{title}", "Scenario {name}: {title}"),
    "cli.header.compare": (
        "比较 {n} 个情景，每个重复 {reps} 次，主种子 {seed}",
        "Comparing {n} scenarios, {reps} replications each, master seed {seed}",
    ),
    "cli.header.facts": (
        "随机种子 {seed} · 模拟 {days:g} 个工作日 · 来源 {source}",
        "seed {seed} · {days:g} working days · source {source}",
    ),
    "cli.written": ("已写入 {path}", "written to {path}"),
    "cli.by.category": ("按诉求类别", "By issue category"),
    "cli.by.grid": ("按网格", "By grid"),
    "cli.scenario.extends": ("（基于 {parent}）", "(extends {parent})"),
    "cli.params.title": ("参数表（共 {n} 个）", "Parameter table ({n} parameters)"),
    "cli.col.name": ("名称", "name"),
    "cli.col.default": ("默认值", "default"),
    "cli.col.unit": ("单位", "unit"),
    "cli.col.range": ("取值范围", "range"),
    "cli.col.label": ("说明", "label"),
    "cli.progress": ("运行", "running"),
    "cli.progress_unit": ("次", " runs"),
    "cli.compare.note": (
        "差值为配对差值及其95%置信区间；“更好/更差”表示置信区间不含 0。",
        "Differences are paired, with 95% CIs; better/worse means the CI excludes 0.",
    ),
    # --- experiments (python -m sim experiment ...) ----------------------------------------
    "cli.calibrate.help": (
        "从社区自己的诉求台账（CSV）估计参数并写出情景文件",
        "estimate parameters from a community's own issue log (CSV) and write a scenario file",
    ),
    # --- calibrate: help ----------------------------------------------------------------------
    "cli.calibrate.arg.log": (
        "诉求台账（CSV；格式见 docs/calibration.zh.md）",
        "the issue log (CSV; format in docs/calibration.md)",
    ),
    "cli.calibrate.arg.out": (
        "要写出的情景文件（.toml，必需）；不能是任何输入文件",
        "scenario file to write (.toml; required); may not be any of the input files",
    ),
    "cli.calibrate.arg.households": (
        "社区住户数：{low:,} 到 {high:,} 的整数（默认：基础情景的住户数）",
        "households in the community: an integer from {low:,} to {high:,} (default: the base scenario's)",
    ),
    "cli.calibrate.arg.name": (
        '情景名称：一行，最多 {limit} 个字符，不含 / \\ : * ? " < > |（默认：--out 的文件名）',
        'scenario name: one line of at most {limit} characters without / \\ : * ? " < > | '
        "(default: the file name of --out)",
    ),
    "cli.calibrate.arg.base": (
        "结果所扩展的基础情景，即本社区的做法（内置名称或 .toml；默认 baseline）",
        "scenario the result extends, i.e. the community's practices (name or .toml; default baseline)",
    ),
    "cli.calibrate.arg.hours": (
        "由解决时间推算处置工时并写出（direct），或沿用基础情景的工时（keep，默认）",
        "write handling hours from resolution times (direct) or keep the base scenario's (default)",
    ),
    "cli.calibrate.arg.days": (
        "台账覆盖的工作日数：{low} 到 {high:,} 的整数，不短于台账本身（默认：从第一条到最后一条受理日）",
        "working days the log covers: an integer from {low} to {high:,}, not shorter than the log itself "
        "(default: first to last created day)",
    ),
    "cli.calibrate.arg.holidays": (
        "非工作日文件：每行一个 YYYY-MM-DD（{first}–{last} 年），可有空行和 # 注释",
        "file of non-working dates: one YYYY-MM-DD ({first}–{last}) a line; blank lines and # comments allowed",
    ),
    "cli.calibrate.arg.table": (
        "另外写出估计结果表（CSV）；不能与 --out 相同",
        "also write the estimates table (CSV); may not be the same file as --out",
    ),
    "cli.calibrate.arg.seed": (
        "模拟和自助法（bootstrap）的随机种子，0 到 2**63 - 1（默认 0）",
        "seed of the simulation and bootstrap, 0 to 2**63 - 1 (default 0)",
    ),
    "cli.calibrate.epilog": (
        "少于 {min_issues} 条诉求的台账不予估计；少于 {few_issues} 条、少于 {few_days} 个工作日或超过 "
        "{long_days:,} 个工作日（约 5 年）时给出警告并写入情景文件。出错时只显示一行原因，不写出任何文件，"
        "输入文件绝不会被覆盖。",
        "Logs with fewer than {min_issues} issues are refused; fewer than {few_issues} issues, fewer than "
        "{few_days} working days or more than {long_days:,} (about 5 years) give a warning, also written into "
        "the scenario file. On an error one line says why, nothing is written, and input files are never "
        "overwritten.",
    ),
    # --- calibrate: output --------------------------------------------------------------------
    "cli.calibrate.header": (
        "{n} 条诉求，覆盖 {span:g} 个工作日 -> {path}",
        "{n} issues over {span:g} working days -> {path}",
    ),
    "cli.calibrate.table_written": ("估计结果表 -> {path}", "estimates table -> {path}"),
    "cli.calibrate.note": ("说明：", "note: "),
    "cli.calibrate.warning": ("警告：", "warning: "),
    "cli.calibrate.rough": ("（粗略）", "(rough)"),
    # --- calibrate: the written scenario file -------------------------------------------------
    "cli.calibrate.file.source": (
        "由 sim.calibrate 根据 {file} 校准：{n} 条诉求，覆盖 {span:g} 个工作日{when}。",
        "Calibrated by sim.calibrate from {file}: {n} issues over {span:g} working days{when}.",
    ),
    "cli.calibrate.file.when": ("，自 {origin}（第 0 个工作日）起", ", from {origin} (working day 0)"),
    "cli.calibrate.file.how": (
        "注释中给出估计值、95% 置信区间和样本量（估计方法见 docs/calibration.zh.md）；未列出的参数取自基础情景。",
        "Estimates, 95% confidence intervals and sample sizes in the comments (see docs/calibration.md for "
        "how); parameters not listed come from the base scenario.",
    ),
    "cli.calibrate.file.note": ("说明：", "Note: "),
    "cli.calibrate.file.warning": ("警告：", "Warning: "),
    "cli.calibrate.file.title": ("由诉求台账校准：{name}", "Calibrated from an issue log: {name}"),
    "cli.calibrate.file.description": (
        "根据{n}条诉求记录（{span:g}个工作日）估计的诉求数量、类别构成和热线比例；其余参数沿用{base}。",
        "Issue volume, category mix and hotline share estimated from {n} logged issues ({span:g} working "
        "days); everything else as in {base}.",
    ),
    # --- calibrate: notes and warnings (printed, and written into the scenario file) ----------
    "cli.calibrate.notes.households": (
        "未给出住户数：使用基础情景的 {h} 户（诉求率按户计算）",
        "households not given: the base scenario's {h} is used (rates are per household)",
    ),
    "cli.calibrate.notes.never_known": (
        "{k}：基础情景下这类需求从不被社区得知，其数量只是粗略猜测",
        "{k}: the base scenario lets no such need become known; its rate is a rough guess",
    ),
    "cli.calibrate.notes.capped": (
        "issues_per_household 估计为 {total:.3g}，超过允许的最大值，已取上限 {cap:g}",
        "issues_per_household {total:.3g} is above the allowed maximum; capped at {cap:g}",
    ),
    "cli.calibrate.notes.incidents": (
        "{n} 条事故暴露的记录不参与处理工时拟合（事故的工作量是平常的三倍）",
        "{n} incident rows left out of the handling-time fit (incidents take 3× the work)",
    ),
    "cli.calibrate.notes.instant": (
        "{k}：{n} 条受理即办结的记录不参与拟合",
        "{k}: {n} case(s) resolved the moment they were created left out of the fit",
    ),
    "cli.calibrate.notes.few_resolved": (
        "{k}：办结的诉求少于 2 条，无法估计处理工时",
        "{k}: fewer than 2 resolved cases: no handling-time estimate",
    ),
    "cli.calibrate.notes.no_channel_rows": ("{n} 行没有填写渠道", "{n} rows without a channel"),
    "cli.calibrate.notes.no_channel": (
        "没有渠道列（或全部为空）：hotline_share 沿用基础情景",
        "no channel column (or all empty): hotline_share kept from the base scenario",
    ),
    "cli.calibrate.notes.ignored": ("未使用的列：{columns}", "columns not used: {columns}"),
    "cli.calibrate.warn.few_issues": (
        "台账只有 {n} 条诉求（不足 {min} 条）：估计值很粗略、置信区间很宽，结果表中已标为粗略",
        "the log has only {n} issues (fewer than {min}): the estimates are rough and their intervals wide; "
        "they are marked as rough in the table",
    ),
    "cli.calibrate.warn.few_days": (
        "台账只覆盖 {days:g} 个工作日（不足 {min} 个，约一个月）：周与周之间的起伏左右着估计值，慢的诉求大多尚未办结",
        "the log covers only {days:g} working days (fewer than {min}, about a month): week-to-week swings "
        "dominate the estimates and slow cases are mostly still open",
    ),
    "cli.calibrate.warn.long": (
        "台账跨越 {days:,g} 个工作日（超过 {max:,} 个，约 5 年）：期间人员和做法多半有变化，估计值是它们的平均；"
        "可考虑只用最近一两年的记录",
        "the log spans {days:,g} working days (more than {max:,}, about 5 years): staff and practices have "
        "likely changed in that time and the estimates average over them; consider the last year or two",
    ),
    # --- calibrate: errors ----------------------------------------------------------------------
    "cli.calibrate.err.same_output": (
        "{out} 和 {table} 不能是同一个文件（{path}）",
        "{out} and {table} cannot be the same file ({path})",
    ),
    "cli.calibrate.err.no_dir": (
        "{option} {path} 无法写入：目录 {dir} 不存在",
        "{option} {path} cannot be written: the directory {dir} does not exist",
    ),
    "cli.calibrate.err.suffix": (
        "{option} {path}：情景文件名必须以 .toml 结尾",
        "{option} {path}: a scenario file name must end in .toml",
    ),
    "cli.calibrate.err.name_from_out": (
        "情景名称（取自 --out 的文件名；可用 --name 另取）",
        "the scenario name (from the file name of --out; choose one with --name)",
    ),
    "cli.calibrate.err.not_utf8": (
        "{label} 不允许：含有无法以 UTF-8 写出的字符",
        "{label} is not allowed: it holds characters that cannot be written as UTF-8",
    ),
    "cli.calibrate.err.shipped_name": (
        "情景名称 {name} 是内置情景的名称；请用 --name 另取一个",
        "the scenario name {name} is the name of a shipped scenario; choose another with --name",
    ),
    "cli.calibrate.err.inline_base": (
        "基础情景必须是内置情景的名称或情景文件，才能在其上扩展",
        "the base scenario must be a shipped name or a file to be extended",
    ),
    "cli.calibrate.err.hours": (
        "hours = {value} 不允许：应为 keep 或 direct",
        "hours = {value} is not allowed: expected keep or direct",
    ),
    "cli.calibrate.err.too_few": (
        "{source}：台账只有 {n} 条诉求，至少需要 {min} 条才能估计（更少时连诉求总量的 95% 区间都相差约四倍，"
        "各类别的占比更无从区分）",
        "{source}: the issue log has {n} issue(s); at least {min} are needed to estimate anything (with fewer, "
        "even the 95% interval of the total spans a factor of about four, and category shares cannot be told apart)",
    ),
    "cli.calibrate.err.span_short": (
        "{option} {days:g} 不可用：比台账本身还短（从第一条到最后一条受理日共 {span:g} 个工作日）",
        "{option} {days:g} is not allowed: shorter than the log itself ({span:g} working days from the first "
        "to the last created day)",
    ),
    "cli.calibrate.err.span_long": (
        "{source}：台账跨越 {span:,g} 个工作日，超过可以校准的 {max:,} 个（约 19 年）；请只用最近几年的记录",
        "{source}: the log spans {span:,g} working days, more than the {max:,} (about 19 years) that can be "
        "calibrated; use the records of the last few years",
    ),
    "cli.calibrate.err.no_usable": ("{source}：诉求台账没有可用的数据行", "{source}: the issue log has no usable rows"),
    "cli.calibrate.err.no_times": ("没有可换算的时间", "no timestamps to convert"),
    # --- calibrate: reading the holidays file ---------------------------------------------------
    "cli.calibrate.holidays.missing": (
        "{path}：找不到节假日文件（--holidays）",
        "{path}: holidays file (--holidays) not found",
    ),
    "cli.calibrate.holidays.unreadable": (
        "{path}：无法读取节假日文件（{why}）",
        "{path}: cannot read the holidays file ({why})",
    ),
    "cli.calibrate.holidays.too_large": (
        "{path}：节假日文件太大（{size:,} 字节；最多 {limit:,}）",
        "{path}: the holidays file is too large ({size:,} bytes; at most {limit:,})",
    ),
    "cli.calibrate.holidays.bad": (
        "{path}：节假日文件有 {n} 行不是 {first}–{last} 年间的 YYYY-MM-DD 日期：{items}",
        "{path}: {n} line(s) of the holidays file are not YYYY-MM-DD dates from {first} to {last}: {items}",
    ),
    "cli.calibrate.holidays.line": ("第 {line} 行 {value}", "line {line} {value}"),
    "cli.calibrate.holidays.more": ("另有 {n:,} 行", "and {n:,} more lines"),
    "cli.calibrate.holidays.more.one": ("另有 {n} 行", "and {n} more line"),
    # --- calibrate: reading the issue log --------------------------------------------------------
    "cli.calibrate.log.missing": ("{path}：找不到诉求台账文件", "{path}: issue log not found"),
    "cli.calibrate.log.not_file": (
        "{path}：不是文件（诉求台账应为 CSV 文件）",
        "{path}: not a file (the issue log is a CSV file)",
    ),
    "cli.calibrate.log.unreadable": ("{path}：无法读取诉求台账（{why}）", "{path}: cannot read the issue log ({why})"),
    "cli.calibrate.log.too_large": (
        "{path}：诉求台账太大（{size:,} 字节；最多 {limit:,}）",
        "{path}: the issue log is too large ({size:,} bytes; at most {limit:,})",
    ),
    "cli.calibrate.log.empty": ("{path}：诉求台账是空文件", "{path}: the issue log is empty"),
    "cli.calibrate.log.encoding": (
        "{path}：无法识别文件编码（请另存为 UTF-8）",
        "{path}: cannot decode the file (save it as UTF-8)",
    ),
    "cli.calibrate.log.not_csv": ("{path}：不是可读取的 CSV 文件（{why}）", "{path}: not a readable CSV file ({why})"),
    "cli.calibrate.log.no_rows": ("{source}：诉求台账没有数据行", "{source}: the issue log has no rows"),
    "cli.calibrate.log.missing_columns": (
        "{source}：缺少必需的列 {missing}（现有列：{found}）；必需的列：{required}"
        "（也可用中文列名，如 受理时间、诉求类别、办结时间）",
        "{source}: missing required columns {missing} (found: {found}); required: {required}",
    ),
    "cli.calibrate.log.missing_column": (
        "{source}：缺少必需的列 {missing}（现有列：{found}）；必需的列：{required}"
        "（也可用中文列名，如 受理时间、诉求类别、办结时间）",
        "{source}: missing required column {missing} (found: {found}); required: {required}",
    ),
    "cli.calibrate.log.bad_dates": (
        "{what}：无法读取日期时间（{why}）；请使用 2024-03-01 08:30 这样的格式",
        "{what}: cannot read the date-times ({why}); use ISO dates like 2024-03-01 08:30",
    ),
    "cli.calibrate.log.time_zones": (
        "{what}：日期时间的时区不一致；请给出不带时区的当地时间",
        "{what}: date-times with different time zones; give local times without a zone",
    ),
    "cli.calibrate.log.problems": (
        "{source}：诉求台账 {rows:,} 行中有 {bad:,} 行无法使用：{items}",
        "{source}: {bad:,} of {rows:,} rows of the issue log cannot be used: {items}",
    ),
    "cli.calibrate.log.row": ("第 {row} 行：{what}", "row {row}: {what}"),
    "cli.calibrate.log.also": ("，且", " and "),
    "cli.calibrate.log.more_rows": ("另有 {n:,} 行", "and {n:,} more rows"),
    "cli.calibrate.log.more_rows.one": ("另有 {n} 行", "and {n} more row"),
    "cli.calibrate.col.created": ("受理时间（created）", "created"),
    "cli.calibrate.col.resolved": ("办结时间（resolved）", "resolved"),
    "cli.calibrate.p.empty": ("{what}为空", "{what} is empty"),
    "cli.calibrate.p.not_number": (
        "{what} {value} 不是工作日序号（本台账的时间以数字给出）",
        "{what} {value} is not a working-day number (the log gives times as numbers)",
    ),
    "cli.calibrate.p.number_range": (
        "{what} {value} 不允许：工作日序号应为 0 到 {high:,} 的有限数值",
        "{what} {value} is not allowed: a working-day number is finite, from 0 to {high:,}",
    ),
    "cli.calibrate.p.not_datetime": (
        "{what} {value} 不是日期时间（应形如 2024-03-01 08:30）",
        "{what} {value} is not a date-time (expected e.g. 2024-03-01 08:30)",
    ),
    "cli.calibrate.p.date_range": (
        "{what} {value} 不在 {first}–{last} 年之间",
        "{what} {value} is outside the years {first}–{last}",
    ),
    "cli.calibrate.p.resolved_range": (
        "{what} {value} 不在 {first}–{last} 年之间（未办结的诉求请把办结时间留空）",
        "{what} {value} is outside the years {first}–{last} (leave resolved empty for a case still open)",
    ),
    # Shorter texts for the second and later rows with the same kind of problem.
    "cli.calibrate.p.not_number.short": ("{what} {value} 不是数字", "{what} {value} is not a number"),
    "cli.calibrate.p.number_range.short": ("{what} {value} 超出范围", "{what} {value} is out of range"),
    "cli.calibrate.p.not_datetime.short": ("{what} {value} 不是日期时间", "{what} {value} is not a date-time"),
    "cli.calibrate.p.resolved_range.short": (
        "{what} {value} 不在 {first}–{last} 年之间",
        "{what} {value} is outside {first}–{last}",
    ),
    "cli.calibrate.p.category.short": ("类别 {value} 无法识别", "category {value} is unknown"),
    "cli.calibrate.p.channel.short": ("渠道 {value} 无法识别", "channel {value} is unknown"),
    "cli.calibrate.p.satisfaction.short": ("满意度 {value} 无法识别", "satisfaction {value} is unknown"),
    "cli.calibrate.p.category_empty": ("类别（category）为空", "category is empty"),
    "cli.calibrate.p.category": (
        "类别（category）{value} 不在 {allowed} 之中（也可用对应的中文名称）",
        "category {value} is not one of {allowed} (or their Chinese names)",
    ),
    "cli.calibrate.p.channel": (
        "渠道（channel）{value} 不在 {allowed} 之中（也可用对应的中文名称）",
        "channel {value} is not one of {allowed} (or their Chinese names)",
    ),
    "cli.calibrate.p.satisfaction": (
        "满意度（satisfaction）{value} 应为 1/0、yes/no 或 满意/不满意",
        "satisfaction {value} is not 1/0, yes/no or true/false (or in Chinese)",
    ),
    "cli.calibrate.p.before": ("办结时间（resolved）早于受理时间（created）", "resolved before created"),
    "cli.experiment.help": (
        "试验：按设计批量运行（全因子、拉丁超立方、Sobol、Morris），可续跑、可上集群",
        "experiments: many runs over a design (factorial, Latin hypercube, Sobol, Morris), resumable, on a cluster",
    ),
    "cli.experiment.run.help": (
        "运行试验文件中尚未完成的全部运行",
        "run every run of an experiment file not yet stored",
    ),
    "cli.experiment.status.help": (
        "统计试验目录中已完成、出错和缺少的运行",
        "count the done, failed and missing runs of an experiment directory",
    ),
    "cli.experiment.analyze.help": (
        "每个设计点、每个指标的均值与95%置信区间（写入 summary.csv）",
        "mean and 95% CI per design point and metric (written to summary.csv)",
    ),
    "cli.experiment.epilog": (
        "示例：\n"
        "  python -m sim experiment run sim/experiments/examples/levers-small.toml --out out/levers-small\n"
        "  python -m sim experiment run FILE --local-cluster 4\n"
        "  python -m sim experiment run FILE --scheduler tcp://HOST:8786\n"
        "  python -m sim experiment status out/levers-small\n"
        "  python -m sim experiment analyze out/levers-small\n"
        "同一文件再次运行到同一目录时，从中断处继续：已保存的运行不会重跑。",
        "examples:\n"
        "  python -m sim experiment run sim/experiments/examples/levers-small.toml --out out/levers-small\n"
        "  python -m sim experiment run FILE --local-cluster 4\n"
        "  python -m sim experiment run FILE --scheduler tcp://HOST:8786\n"
        "  python -m sim experiment status out/levers-small\n"
        "  python -m sim experiment analyze out/levers-small\n"
        "Running the same file into the same directory again resumes it: stored runs are not repeated.",
    ),
    "cli.experiment.commands": ("试验子命令", "experiment commands"),
    "cli.arg.experiment_file": ("试验文件（TOML）", "experiment file (TOML)"),
    "cli.arg.experiment_dir": ("试验结果目录", "experiment directory"),
    "cli.arg.experiment_out": (
        "结果目录（默认 out/试验名）；已有同一试验时续跑",
        "results directory (default out/NAME); resumes if it holds the same experiment",
    ),
    "cli.arg.experiment_jobs": ("本机并行进程数（默认：全部核心）", "local worker processes (default: all cores)"),
    "cli.arg.serial": ("在本进程中逐个运行", "run one after the other in this process"),
    "cli.arg.local_cluster": (
        "启动含 N 个工作进程的 Dask LocalCluster",
        "start a Dask LocalCluster with N worker processes",
    ),
    "cli.arg.scheduler": (
        "使用已有 Dask 集群的调度器地址（tcp://主机:端口；也可设环境变量 SIM_DASK_SCHEDULER）",
        "address of an existing Dask scheduler (tcp://HOST:PORT; or set SIM_DASK_SCHEDULER)",
    ),
    "cli.arg.retry_errors": ("重新运行出错的运行", "run the failed runs again"),
    "cli.experiment.header": (
        "试验 {name}：{method} 设计，{points} 个设计点 × {reps} 次重复 = {total} 次运行，主种子 {seed}",
        "Experiment {name}: {method} design, {points} points × {reps} replications = {total} runs, master seed {seed}",
    ),
    "cli.experiment.where": ("结果目录 {path}；执行方式 {executor}", "results in {path}; executor {executor}"),
    "cli.experiment.resumed": ("续跑：已保存 {n} 次运行，跳过", "resuming: {n} runs already stored are skipped"),
    "cli.experiment.done": (
        "本次完成 {ran} 次运行（出错 {errors} 次），用时 {seconds:.1f} 秒",
        "ran {ran} runs ({errors} failed) in {seconds:.1f} s",
    ),
    "cli.experiment.status": (
        "试验 {name}：共 {total} 次运行（{points} 个设计点 × {reps} 次重复）：完成 {done}，出错 {error}，缺少 {missing}",
        "Experiment {name}: {total} runs ({points} points × {reps} replications): {done} done, {error} failed, {missing} missing",
    ),
    "cli.experiment.resume_hint": (
        "再次运行同一试验文件并指定此目录即可补齐缺少的运行。",
        "Run the same experiment file into this directory again to fill in the missing runs.",
    ),
    "cli.experiment.errors_hint": (
        "出错的运行及其信息见 runs/ 中 status 为 error 的文件；加 --retry-errors 可重跑。",
        "Failed runs are stored with their message (status error); --retry-errors runs them again.",
    ),
    "cli.experiment.interrupted": (
        "已中断；已完成的运行均已保存，再次运行即可续跑。",
        "interrupted; every finished run is stored; run again to resume.",
    ),
    "cli.experiment.no_runs": ("目录中还没有成功的运行。", "no successful runs in this directory yet."),
    "cli.experiment.more_points": (
        "……另有 {n} 个设计点，见 summary.csv",
        "... {n} more design points in summary.csv",
    ),
    "cli.experiment.analyze_note": (
        "均值与95% t 置信区间按重复计算；完整的分析（与基线差值、敏感性指数）稍后提供。",
        "Means and 95% t-intervals over replications; differences from a baseline and sensitivity indices come later.",
    ),
    "cli.col.point": ("设计点", "point"),
    "cli.col.mean": ("均值", "mean"),
    "cli.col.ci": ("95%置信区间", "95% CI"),
    "cli.col.n": ("次数", "n"),
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
    "report.file.rates_png": ("三率与按期结案率", "the three rates and on-time closure"),
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
