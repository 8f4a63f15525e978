"""The command line: help, messages and tables (``cli.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
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
    "cli.experiment.help": (
        "实验：按设计批量运行（全因子、拉丁超立方、Sobol、Morris），可续跑、可上集群",
        "experiments: many runs over a design (factorial, Latin hypercube, Sobol, Morris), resumable, on a cluster",
    ),
    "cli.experiment.run.help": (
        "运行实验文件中尚未完成的全部运行",
        "run every run of an experiment file not yet stored",
    ),
    "cli.experiment.status.help": (
        "统计实验目录中已完成、出错和缺少的运行",
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
    "cli.experiment.commands": ("实验子命令", "experiment commands"),
    "cli.arg.experiment_file": ("实验文件（TOML）", "experiment file (TOML)"),
    "cli.arg.experiment_dir": ("实验结果目录", "experiment directory"),
    "cli.arg.experiment_out": (
        "结果目录（默认 out/实验名）；已有同一实验时续跑",
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
        "实验 {name}：{method} 设计，{points} 个设计点 × {reps} 次重复 = {total} 次运行，主种子 {seed}",
        "Experiment {name}: {method} design, {points} points × {reps} replications = {total} runs, master seed {seed}",
    ),
    "cli.experiment.where": ("结果目录 {path}；执行方式 {executor}", "results in {path}; executor {executor}"),
    "cli.experiment.resumed": ("续跑：已保存 {n} 次运行，跳过", "resuming: {n} runs already stored are skipped"),
    "cli.experiment.done": (
        "本次完成 {ran} 次运行（出错 {errors} 次），用时 {seconds:.1f} 秒",
        "ran {ran} runs ({errors} failed) in {seconds:.1f} s",
    ),
    "cli.experiment.status": (
        "实验 {name}：共 {total} 次运行（{points} 个设计点 × {reps} 次重复）：完成 {done}，出错 {error}，缺少 {missing}",
        "Experiment {name}: {total} runs ({points} points × {reps} replications): {done} done, {error} failed, {missing} missing",
    ),
    "cli.experiment.resume_hint": (
        "再次运行同一实验文件并指定此目录即可补齐缺少的运行。",
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
}
