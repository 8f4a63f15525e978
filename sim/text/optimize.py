"""Texts of policy search (``optimize.*``, ``cli.optimize.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "optimize.runs": (
        "{where}optimize：population × generations × replications × 社区数",
        "{where}optimize: population × generations × replications × communities",
    ),
    # ---------------------------------------------------------------- the file
    "optimize.what.file": ("优化文件", "optimisation file"),
    "optimize.what.name": (
        '填一个名称（一行文字，不含 / \\ : * ? " < > |），也是默认输出文件夹的名字',
        'give a name (one line, no / \\ : * ? " < > |); it also names the default output folder',
    ),
    "optimize.what.street": (
        "填随包提供的街道名（{shipped}）或一个街道文件的路径（相对于本文件）",
        "give a shipped street ({shipped}) or the path of a street file (relative to this file)",
    ),
    "optimize.what.param": (
        "填一个参数名，例如 staff、gridding、visit_share（`python -m sim params` 列出全部）",
        "give a parameter, e.g. staff, gridding, visit_share (`python -m sim params` lists them)",
    ),
    "optimize.what.range": (
        "整数和小数参数要给出尝试的范围 [最小值, 最大值]；允许的取值：{allowed}",
        "whole-number and decimal parameters need the range to try, [lowest, highest]; allowed: {allowed}",
    ),
    "optimize.what.metric": (
        "填一个指标名，例如 on_time_closure_rate",
        "give a metric, e.g. on_time_closure_rate",
    ),
    "optimize.what.sense": (
        '填 "max"（越大越好）或 "min"（越小越好）',
        'give "max" (higher is better) or "min" (lower is better)',
    ),
    "optimize.no_decision": (
        '{where}没有决策变量：请至少写一个 [[decision]]（例如 param = "staff"）',
        '{where}no decision: give at least one [[decision]] (e.g. param = "staff")',
    ),
    "optimize.decision.kind": (
        "{where}param：{name} 不能作为决策变量（类型 {kind}）；{why}",
        "{where}param: {name} cannot be a decision (kind {kind}); {why}",
    ),
    "optimize.decision.set_up": (
        "它属于模型设置（天数、预热等），改变它就改变了度量方式",
        "it is part of the model's set-up (days, warm-up…): changing it changes how results are measured",
    ),
    "optimize.decision.choice": (
        "决策变量只能是整数、小数或开关参数",
        "a decision must be a whole-number, decimal or true/false parameter",
    ),
    "optimize.decision.switch_range": (
        "{where}range：{name} 是开关（true/false），不需要范围；搜索会在每个社区尝试开和关",
        "{where}range: {name} is a switch (true/false) and takes no range; the search tries on and off in each community",
    ),
    "optimize.decision.not_pair": (
        "{where}range：应为两个数 [最小值, 最大值]；允许的取值：{allowed}",
        "{where}range: expected two numbers [lowest, highest]; allowed: {allowed}",
    ),
    "optimize.decision.order": (
        "{where}range：最小值 {low} 应小于最大值 {high}",
        "{where}range: the lowest value {low} must be below the highest {high}",
    ),
    "optimize.decision.communities": (
        "{where}communities：应为街道中社区名的列表（至少一个），例如 [{names}]",
        "{where}communities: expected a list of at least one community of the street, e.g. [{names}]",
    ),
    "optimize.decision.no_community": (
        "{where}communities：街道里没有社区 {name}；街道的社区为 {names}",
        "{where}communities: the street has no community {name}; its communities are {names}",
    ),
    "optimize.decision.repeated_community": (
        "{where}communities：同一个社区写了两次",
        "{where}communities: a community is named twice",
    ),
    "optimize.decision.twice": (
        "{where}{key} 已经是前面某个 [[decision]] 的变量：每个社区的每个参数只能作为一个决策变量",
        "{where}{key} is already a variable of an earlier [[decision]]: each parameter of each community can be one decision only",
    ),
    "optimize.too_many_variables": (
        "{where}决策变量超过 {high} 个；请用 communities 缩小范围",
        "{where}more than {high} decision variables; restrict them with communities",
    ),
    "optimize.objective.count": (
        "{where}有 {count} 个 [[objective]]；应为 1 到 {high} 个",
        "{where}{count} [[objective]] entries; give from 1 to {high}",
    ),
    "optimize.objective.of": (
        "{where}of = {value} 不允许：应为 {allowed}（全街道、最差的社区、各社区之和）",
        "{where}of = {value} is not allowed: expected {allowed} (the street, its worst community, the sum of its communities)",
    ),
    "optimize.objective.street_metric": (
        '{where}metric = {value} 不是全街道的指标：应为 {allowed}；社区指标请加 of = "worst" 或 of = "total"',
        '{where}metric = {value} is not a figure of the street: expected {allowed}; for a community metric add of = "worst" or of = "total"',
    ),
    "optimize.objective.metric": (
        "{where}metric = {value} 不是模型的指标：应为 {allowed}",
        "{where}metric = {value} is not a metric of the model: expected {allowed}",
    ),
    "optimize.objective.sense": (
        '{where}sense = {value} 不允许：应为 "max"（越大越好）或 "min"（越小越好）',
        '{where}sense = {value} is not allowed: expected "max" (higher is better) or "min" (lower is better)',
    ),
    "optimize.objective.twice": (
        "{where}目标 {key} 已经写过一次",
        "{where}the objective {key} is given twice",
    ),
    "optimize.budget.too_low": (
        "{where}预算 {budget} 人低于最少的配备：每个社区取决策范围的最小值（其余社区按现有人数）也需要 {least} 人",
        "{where}the budget of {budget} staff is below the least staffing: every community at the lowest of its range "
        "(the others as they are) already needs {least}",
    ),
    # ---------------------------------------------------------------- the folder and the store
    "optimize.store.other": (
        "{path}：存放的是另一次搜索的结果（街道、目标或种子不同）；请换一个 --out，或加 --overwrite 重新开始",
        "{path}: holds the runs of a different search (other street, objectives or seed); "
        "choose another --out, or add --overwrite to start afresh",
    ),
    "optimize.store.not_a_search": (
        "{path}：该文件夹已存在、不为空且不是策略搜索的结果；请换一个 --out，或加 --overwrite 替换它",
        "{path}: the folder exists, is not empty and holds no policy search; choose another --out, or add --overwrite to replace it",
    ),
    "optimize.store.unreadable": (
        "{path}：无法读取已保存的运行（{why}）；请加 --overwrite 重新开始",
        "{path}: the stored runs cannot be read ({why}); add --overwrite to start afresh",
    ),
    "optimize.missing_pymoo": (
        '策略搜索需要 pymoo：请安装 pip install "community-1234-kit[research]"',
        'policy search needs pymoo: install it with pip install "community-1234-kit[research]"',
    ),
    # ---------------------------------------------------------------- words and labels
    "optimize.of.street": ("全街道{label}", "{label} (street)"),
    "optimize.of.worst": ("最差社区的{label}", "{label} (worst community)"),
    "optimize.of.total": ("各社区{label}之和", "{label} (sum of communities)"),
    "optimize.sense.max": ("越大越好", "higher is better"),
    "optimize.sense.min": ("越小越好", "lower is better"),
    "optimize.words.move": ("把 {n} 名网格员从 {source} 调到 {target}", "move {n} staff from {source} to {target}"),
    "optimize.words.moves": ("从 {source} 调出 {n} 名网格员：{each}", "move {n} staff from {source}: {each}"),
    "optimize.words.to": ("{n} 名到 {target}", "{n} to {target}"),
    "optimize.words.add": ("给 {target} 增派 {n} 名网格员", "add {n} staff to {target}"),
    "optimize.words.cut": ("{source} 减少 {n} 名网格员", "{n} fewer staff in {source}"),
    "optimize.words.on": ("在 {names} 开启“{label}”", "switch on “{label}” in {names}"),
    "optimize.words.off": ("在 {names} 关闭“{label}”", "switch off “{label}” in {names}"),
    "optimize.words.set": ("把 {name} 的“{label}”从 {old} 调为 {new}", "set “{label}” in {name} from {old} to {new}"),
    "optimize.words.same": ("与街道现状相同", "the street as given"),
    "optimize.words.sep": ("；", "; "),
    "optimize.words.list": ("、", ", "),
    "optimize.as_given": ("街道现状", "street as given"),
    "optimize.col.policy": ("方案", "policy"),
    "optimize.col.staff": ("网格员总数", "total staff"),
    "optimize.budget_text": ("全街道网格员不超过 {n} 人", "at most {n} staff in the whole street"),
    "optimize.search_text": (
        "{g} 代 × 每代 {p} 个方案；每个方案用同样的 {r} 个种子运行（主种子 {seed}）",
        "{g} generations × {p} policies; every policy run on the same {r} seeds (master seed {seed})",
    ),
    "optimize.runs_text": (
        "本次运行 {ran} 次，{reused} 次取自已保存的结果",
        "{ran} run this time, {reused} taken from the stored runs",
    ),
    "optimize.more": ("另有 {n} 个帕累托方案见 pareto.csv", "{n} more Pareto policies in pareto.csv"),
    # ---------------------------------------------------------------- figures
    "optimize.fig.policies": ("预算内的方案", "policies within budget"),
    "optimize.fig.pareto": (
        "帕累托方案（没有别的方案在每个目标上都不差且至少一项更好）",
        "Pareto policies (no other is as good on every objective and better on one)",
    ),
    "optimize.fig.tradeoff": ("目标之间的权衡", "Trade-offs between the objectives"),
    "optimize.fig.convergence": ("搜索的收敛：超体积", "Convergence of the search: hypervolume"),
    "optimize.fig.generation": ("代", "generation"),
    "optimize.fig.hypervolume": ("超体积（越大越好）", "hypervolume (higher is better)"),
    # ---------------------------------------------------------------- the report
    "optimize.report.title": ("策略搜索：{name}", "Policy search: {name}"),
    "optimize.report.lead": (
        "在预算之内，找到了 {n} 个帕累托方案：每个方案都在某个目标上无法再改进而不牺牲另一个目标。",
        "Within the budget the search found {n} Pareto policies: none can be improved on one objective without losing on another.",
    ),
    "optimize.report.overview": ("搜索了什么", "What was searched"),
    "optimize.report.street": ("街道", "street"),
    "optimize.report.communities": ("社区数", "communities"),
    "optimize.report.decisions": ("决策变量", "decisions"),
    "optimize.report.budget": ("预算", "budget"),
    "optimize.report.objectives": ("目标", "objectives"),
    "optimize.report.search": ("搜索", "search"),
    "optimize.report.runs": ("运行", "runs"),
    "optimize.report.executor": ("运行方式", "executor"),
    "optimize.report.optimiser": ("优化算法", "optimiser"),
    "optimize.report.pareto": ("帕累托方案", "The Pareto policies"),
    "optimize.report.figures": ("权衡与收敛", "Trade-offs and convergence"),
    "optimize.report.reading": ("怎么读", "How to read this"),
    "optimize.report.file": ("优化文件", "The optimisation file"),
    "optimize.read.pareto": (
        "帕累托方案：本次搜索评估过的预算内方案中，没有别的方案在每个目标上都不差且至少一项更好。选哪一个取决于更看重哪个目标。",
        "A Pareto policy: among the policies within budget this search evaluated, no other is as good on every objective and better on one. Which to choose depends on which objective matters more.",
    ),
    "optimize.read.crn": (
        "每个方案都用同样的种子运行（共同随机数），目标取各次运行的平均值：方案之间的差别来自方案本身，而不是运气。",
        "Every policy runs on the same seeds (common random numbers) and each objective is the mean over them: differences between policies come from the policies, not from luck.",
    ),
    "optimize.read.budget": (
        "超出预算的方案不运行，也不会排在预算内的方案前面（约束 G = 网格员总数 − 预算 ≤ 0）；它们列在 evaluations.csv 里。",
        "Policies over budget are not run and never rank above one within it (constraint G = total staff − budget ≤ 0); evaluations.csv lists them.",
    ),
    "optimize.read.hypervolume": (
        "超体积：到每一代为止找到的帕累托方案所覆盖的目标空间大小（各目标按找到的最好和最差值缩放）；曲线变平说明再多几代也难有改进。",
        "Hypervolume: how much of the objective space the Pareto policies found by each generation cover (each objective scaled between the best and worst value found); a flat curve says more generations are unlikely to help.",
    ),
    "optimize.read.words": (
        "每个方案都与街道现状比较：调人时先从减人的社区调到增人的社区（按街道文件中的顺序），其余为新增或减少。",
        "Each policy is compared with the street as given: staff leave the communities that lose them for those that gain, in the street file's order; the rest are new or fewer staff.",
    ),
    "optimize.read.limits": (
        "这是模型里的结果：只有模型里有的机制才会起作用；请把它当作讨论的起点，而不是排班表。",
        "These are results of the model: only mechanisms the model has can matter; read them as a start for discussion, not as a roster.",
    ),
    # ---------------------------------------------------------------- the command line
    "cli.optimize.help": (
        "策略搜索：在网格员预算内，为街道的各社区寻找人员和做法的最佳组合（多目标）",
        "policy search: find the best mixes of staff and practices across a street's communities within a staff budget (many objectives)",
    ),
    "cli.arg.optimize_file": ("优化文件（TOML）的路径", "path of an optimisation file (TOML)"),
    "cli.arg.optimize_out": (
        "输出文件夹（默认 out/名称）；再次运行同一个文件会接着上次保存的结果继续",
        "output folder (default out/NAME); running the same file again goes on from the runs stored there",
    ),
    "cli.arg.optimize_overwrite": (
        "丢弃文件夹里已有的内容，从头开始",
        "discard what the folder holds and start afresh",
    ),
    "cli.optimize.header": (
        "策略搜索 {name}：街道 {street}（{communities} 个社区），{variables} 个决策变量，{g} 代 × {p} 个方案 × {r} 个种子",
        "policy search {name}: street {street} ({communities} communities), {variables} decision variables, {g} generations × {p} policies × {r} seeds",
    ),
    "cli.optimize.resumed": ("接着 {path} 里已保存的运行继续", "going on from the runs stored in {path}"),
    "cli.optimize.done": (
        "完成：本次运行 {ran} 次，{reused} 次取自已保存的结果，用时 {seconds:.0f} 秒（{executor}）",
        "done: {ran} runs this time, {reused} taken from the stored runs, {seconds:.0f} s ({executor})",
    ),
    "cli.optimize.pareto": ("帕累托方案（与街道现状比较）：", "Pareto policies (against the street as given):"),
    "cli.optimize.none": ("预算内没有可比较的方案", "no policy within budget could be compared"),
    "cli.optimize.interrupted": (
        "已中断；已完成的运行都已保存，再次运行同一命令即可继续",
        "interrupted; every finished run is stored: run the same command again to go on",
    ),
}
