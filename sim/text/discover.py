"""Scenario discovery (``cli.experiment.discover.*``, ``cli.arg.discover_*``, ``discover.*``): which conditions make a metric fail.

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cli.experiment.discover.help": (
        "情景发现：在一次实验的结果里找出让某个指标变差的条件组合（PRIM）",
        "scenario discovery: find the conditions under which a metric fails in an experiment's results (PRIM)",
    ),
    # ---------------------------------------------------------------- options
    "cli.arg.discover_metric": (
        "要分析的指标，须是实验记录了的指标，例如 on_time_closure_rate",
        "the metric to explain, one the experiment recorded, e.g. on_time_closure_rate",
    ),
    "cli.arg.discover_below": (
        "关注指标低于此值的运行；比率填 0 到 1 的数或百分数（0.6 或 60%）",
        "look at runs where the metric is below this value; rates as 0 to 1 or a percentage (0.6 or 60%)",
    ),
    "cli.arg.discover_above": (
        "关注指标高于此值的运行；比率填 0 到 1 的数或百分数（0.2 或 20%）",
        "look at runs where the metric is above this value; rates as 0 to 1 or a percentage (0.2 or 20%)",
    ),
    "cli.arg.discover_density": (
        "一个盒子里至少要有多大比例的运行符合条件，0 到 1（默认 0.8）",
        "the share of a box's runs that must meet the condition, 0 to 1 (default 0.8)",
    ),
    "cli.arg.discover_peel_alpha": (
        "PRIM 每一步剥去的运行比例，大于 0、不超过 0.5（默认 0.05，EMA Workbench 的默认值）",
        "the share of runs PRIM peels off at each step, above 0 and at most 0.5 (default 0.05, EMA Workbench's)",
    ),
    "cli.experiment.discover.no_side": (
        "experiment discover 需要 --below 或 --above 之一，例如 --below 0.6",
        "experiment discover needs --below or --above, e.g. --below 0.6",
    ),
    "cli.experiment.discover.bad_metric": (
        "--metric {metric}：没有这个指标；可选：{choices}",
        "--metric {metric}: there is no such metric; choose from {choices}",
    ),
    "discover.what.rate": (
        "介于 0 到 1 之间的数（0.6 即 60%）或 0% 到 100% 的百分数，因为{metric}是比率",
        "a number from 0 to 1 (0.6 = 60%) or a percentage from 0% to 100%, as {metric} is a rate",
    ),
    "discover.what.at_least_zero": ("不小于 0 的有限数值", "a finite number of at least 0"),
    "discover.what.finite": ("有限数值", "a finite number"),
    "discover.what.density": ("大于 0、不超过 1 的数", "a number above 0 and at most 1"),
    "discover.what.peel_alpha": ("大于 0、不超过 0.5 的数", "a number above 0 and at most 0.5"),
    "cli.experiment.discover.header": (
        "实验 {name}：{question}——共 {n} 次运行，其中 {k} 次符合（{share}）",
        "Experiment {name}: {question}: {k} of {n} runs ({share})",
    ),
    "cli.experiment.discover.left_out": (
        "未计入的运行（运行失败，或没有此指标的值）：{n} 次",
        "runs left out (failed, or no value of the metric): {n}",
    ),
    # ---------------------------------------------------------------- errors
    "discover.missing": (
        "情景发现需要 {package}，尚未安装。请运行：pip install 'community-1234-kit[research]'",
        "scenario discovery needs {package}, which is not installed. Run: pip install 'community-1234-kit[research]'",
    ),
    "discover.bad_metric": (
        "指标 {metric} 不存在；可选：{choices}",
        "there is no metric {metric}; choose from {choices}",
    ),
    "discover.bad_direction": (
        "方向 {value} 不可用：应为 below 或 above",
        "direction {value} is not allowed: expected below or above",
    ),
    "discover.bad_threshold": (
        "{metric} 的阈值 {value} 不可用：比率应在 0 到 1 之间，其他指标应为不小于 0 的有限数值",
        "threshold {value} of {metric} is not allowed: rates take 0 to 1, other metrics a finite number of at least 0",
    ),
    "discover.not_recorded": (
        "--metric {metric}：{path} 中的实验没有记录这个指标；记录了的指标：{choices}",
        "--metric {metric}: the experiment in {path} did not record it; it recorded {choices}",
    ),
    "discover.no_runs": (
        "{path} 中没有可用的运行（完成且有 {metric} 的值）：请先运行或续跑实验",
        "{path} has no usable run (finished, with a value of {metric}): run or resume the experiment first",
    ),
    "discover.none_below": (
        "{n} 次运行中没有一次的 {metric} 低于 {threshold}，没有可解释的情形（运行中该指标最低 {low}、最高 {high}）：请提高 --below",
        "none of the {n} runs has {metric} below {threshold}, so there is nothing to explain (the runs give {low} to {high}): raise --below",
    ),
    "discover.none_above": (
        "{n} 次运行中没有一次的 {metric} 高于 {threshold}，没有可解释的情形（运行中该指标最低 {low}、最高 {high}）：请降低 --above",
        "none of the {n} runs has {metric} above {threshold}, so there is nothing to explain (the runs give {low} to {high}): lower --above",
    ),
    "discover.all_below": (
        "全部 {n} 次运行的 {metric} 都低于 {threshold}，无从区分条件（运行中该指标最低 {low}、最高 {high}）：请降低 --below",
        "all {n} runs have {metric} below {threshold}, so no condition tells them apart (the runs give {low} to {high}): lower --below",
    ),
    "discover.all_above": (
        "全部 {n} 次运行的 {metric} 都高于 {threshold}，无从区分条件（运行中该指标最低 {low}、最高 {high}）：请提高 --above",
        "all {n} runs have {metric} above {threshold}, so no condition tells them apart (the runs give {low} to {high}): raise --above",
    ),
    # ---------------------------------------------------------------- sentences
    "discover.sentence.below": (
        "当{conditions}时，{metric}低于 {threshold} 的情形占 {density}（覆盖全部此类情形的 {coverage}）",
        "With {conditions}, {metric} is below {threshold} in {density} of runs (covering {coverage} of all such runs)",
    ),
    "discover.sentence.above": (
        "当{conditions}时，{metric}高于 {threshold} 的情形占 {density}（覆盖全部此类情形的 {coverage}）",
        "With {conditions}, {metric} is above {threshold} in {density} of runs (covering {coverage} of all such runs)",
    ),
    "discover.condition.below": ("{metric}低于", "{metric} below"),
    "discover.condition.above": ("{metric}高于", "{metric} above"),
    "discover.cond.at_most": ("“{label}”不超过 {value}", "“{label}” at most {value}"),
    "discover.cond.at_least": ("“{label}”不低于 {value}", "“{label}” at least {value}"),
    "discover.cond.between": ("“{label}”为 {low} 到 {high}", "“{label}” from {low} to {high}"),
    "discover.cond.equal": ("“{label}”为 {value}", "“{label}” at {value}"),
    "discover.cond.levels": ("“{label}”为{levels}", "“{label}” set to {levels}"),
    "discover.cond.on": ("采用“{label}”", "“{label}” on"),
    "discover.cond.off": ("不采用“{label}”", "“{label}” off"),
    "discover.and": ("且", " and "),
    "discover.or": ("或", " or "),
    "discover.list": ("、", ", "),
    "discover.on": ("是", "on"),
    "discover.off": ("否", "off"),
    # ---------------------------------------------------------------- tables and the report
    "discover.col.box": ("盒子", "box"),
    "discover.col.runs": ("运行数", "runs"),
    "discover.col.of_interest": ("其中符合", "of interest"),
    "discover.col.coverage": ("覆盖率", "coverage"),
    "discover.col.density": ("密度", "density"),
    "discover.col.limits": ("条件", "conditions"),
    "discover.col.factor": ("因素", "factor"),
    "discover.col.tested": ("实验中的取值", "values tested"),
    "discover.col.in_box": ("盒子内", "inside the box"),
    "discover.col.qp": ("拟 p 值", "quasi-p"),
    "discover.cases": ("{n} 次中 {k} 次（{share}）", "{k} of {n} runs ({share})"),
    "discover.settings": (
        "密度门槛 {density}，每步剥离 {alpha}（其余为 EMA Workbench 的默认值）",
        "density threshold {density}, peeling {alpha} per step (everything else EMA Workbench's defaults)",
    ),
    "discover.no_box": (
        "PRIM 没有找到能限定任何因素的盒子：这些因素解释不了哪些运行符合条件。",
        "PRIM found no box that restricts any factor: these factors do not tell which runs meet the condition.",
    ),
    "discover.short": (
        "这个盒子的密度没有达到门槛 {density}：这是能找到的最密的盒子，结论要谨慎看待。",
        "This box's density falls short of the threshold {density}: it is the densest box found, so read it with care.",
    ),
    "discover.report.title": ("情景发现：{name}", "Scenario discovery: {name}"),
    "discover.report.overview": ("问题与数据", "Question and data"),
    "discover.report.experiment": ("实验", "Experiment"),
    "discover.report.metric": ("指标", "Metric"),
    "discover.report.question": ("关注的情形", "Runs of interest"),
    "discover.report.cases": ("符合的运行", "Runs of interest found"),
    "discover.report.left_out": ("未计入的运行", "Runs left out"),
    "discover.report.factors": ("考察的因素", "Factors considered"),
    "discover.report.constant": ("只有一个取值、未考察的因素", "Factors with one value only, not considered"),
    "discover.report.settings": ("PRIM 设置", "PRIM settings"),
    "discover.report.prim": ("PRIM 的实现", "PRIM implementation"),
    "discover.report.boxes": ("找到的盒子", "Boxes found"),
    "discover.report.box": ("盒子 {n}", "Box {n}"),
    "discover.report.reading": ("怎样读这些结果", "How to read the results"),
    "discover.read.cases": (
        "每次运行是一个情形：一个设计点的每次重复各算一次，所以“占 87%”是指这些条件下 87% 的运行出现了所关注的情形。",
        "Each run is one case: every replication of a design point counts once, so “in 87% of runs” means 87% of the runs under these conditions show the outcome.",
    ),
    "discover.read.coverage": (
        "覆盖率：所有符合的运行中，有多大比例落在盒子里。覆盖率高，说明这个盒子解释了大部分问题。",
        "Coverage: the share of all runs of interest that fall inside the box. High coverage means the box explains most of the problem.",
    ),
    "discover.read.density": (
        "密度：盒子里的运行中，有多大比例符合条件。密度高，说明落在这些条件下几乎必然出现这种情形。",
        "Density: the share of the runs inside the box that are of interest. High density means these conditions almost always lead to the outcome.",
    ),
    "discover.read.choice": (
        "PRIM 一步步收紧条件，覆盖率随之下降、密度随之上升；这里取密度达到 {density} 的最宽的盒子。",
        "PRIM tightens the conditions step by step, losing coverage and gaining density; the widest box whose density reaches {density} is shown.",
    ),
    "discover.read.next": (
        "找到一个盒子后，它里面的运行被放到一边，再在其余运行里找下一个盒子；所以第 2 个及以后的盒子只计其余的运行。",
        "After a box is found, its runs are set aside and the next box is sought among the rest, so boxes after the first count only the remaining runs.",
    ),
    "discover.read.qp": (
        "拟 p 值（EMA Workbench）：这一限定纯属偶然的可能性；大于 {p} 的限定可能并不重要。",
        "Quasi-p-value (EMA Workbench): how likely the restriction is to be chance; a restriction above {p} may not matter.",
    ),
}
