"""Texts of street comparisons and the street map (``street_views.*``, ``cli.street_views.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- the street metrics
    # Named metric.* like the model's metrics, so sim.i18n.metric_label finds them in every
    # table, figure and sentence (experiment analysis and discovery too).
    "metric.worst_on_time_closure_rate": (
        "最差社区的按期结案率",
        "On-time closure of the worst community",
    ),
    "metric.gini_on_time_closure_rate": (
        "各社区按期结案率的基尼系数",
        "Gini of the communities' on-time closure",
    ),
    # ---------------------------------------------------------------- comparing streets
    "street_views.too_few": (
        "要比较的街道只有 {count} 个：请至少给出两个街道（第一个是比较的基准）",
        "only {count} street to compare: give at least two streets (the first is the one the others are compared with)",
    ),
    "street_views.header": (
        "比较 {n} 个街道，每个街道运行 {reps} 次，主种子 {seed}（各街道第 r 次运行用同一个街道种子）",
        "{n} streets compared, {reps} runs each, master seed {seed} (run r of every street uses the same street seed)",
    ),
    "street_views.street_line": (
        "{name}：{title}（{count} 个社区，共 {households} 户）",
        "{name}: {title} ({count} communities, {households} households)",
    ),
    "street_views.note": (
        "每格为各次运行的平均值及其95%置信区间；与第一个街道之差为同一种子下的配对差值；"
        "“更好/更差”表示置信区间不含 0。基尼系数越小，各社区越接近。",
        "Each cell is the mean over the runs with its 95% CI; the difference from the first street is paired over the "
        "same seeds; better/worse means the CI excludes 0. A smaller Gini means the communities are more alike.",
    ),
    "street_views.page_title": ("街道比较", "Comparison of streets"),
    "street_views.streets": ("比较的街道", "Streets compared"),
    "street_views.figures": ("图", "Figures"),
    "street_views.maps_note": (
        "街道地图：每个街道第一次运行（街道种子 {seed}）的结果。",
        "Street maps: the first run of each street (street seed {seed}).",
    ),
    "street_views.file.runs": (
        "每个街道每次运行一行：街道种子和全街道的指标",
        "one row per street and run: the street seed and the street's metrics",
    ),
    "street_views.file.communities": (
        "每个街道、每次运行、每个社区一行：社区的种子、规模和全部指标",
        "one row per street, run and community: the community's seed, size and every metric",
    ),
    "street_views.file.comparison": (
        "每个指标、每个街道一行：平均值、95%置信区间，以及与第一个街道的配对差值及其区间",
        "one row per metric and street: mean, 95% CI, and the paired difference from the first street with its CI",
    ),
    "street_views.file.comparison_png": (
        "各街道主要指标的平均值及其95%置信区间",
        "the streets' main metrics: means with 95% CIs",
    ),
    "street_views.file.map": (
        "第 {n} 个街道的街道地图（第一次运行）",
        "the street map of street {n} (its first run)",
    ),
    "street_views.file.meta": (
        "比较的设置：街道及其来源、运行次数、种子方案、软件版本",
        "the comparison's settings: streets and their sources, runs, seed scheme, package versions",
    ),
    "street_views.file.report": ("以上内容的网页版（图已嵌入）", "all of the above as one web page (figures inside)"),
    "street_views.chart.title": (
        "街道比较：{reps} 次运行的平均值及95%置信区间",
        "Streets compared: means of {reps} runs with 95% CIs",
    ),
    # ---------------------------------------------------------------- the street map
    "street_views.map.title": ("街道地图：{title}", "Street map: {title}"),
    "street_views.map.note": (
        "每块面积与住户数成正比；粗框：按期结案率最低的社区（{worst}）；灰色斜线：没有数值",
        "tile area is proportional to households; thick outline: the community with the lowest on-time closure "
        "({worst}); grey hatching: no value",
    ),
    "street_views.map.no_value": ("无数值", "no value"),
    "street_views.map.bad_metric": (
        "街道地图：没有指标 {metric}；可用的指标有 {allowed}",
        "street map: no metric {metric}; available: {allowed}",
    ),
    # ---------------------------------------------------------------- street experiments
    "street_views.experiment.both": (
        "{where}street 和 scenario 只能给一个：街道实验以街道为基础（因素作用于每个社区）",
        "{where}give street or scenario, not both: a street experiment starts from a street (factors apply to every "
        "community)",
    ),
    "street_views.experiment.street_empty": (
        "{where}street 为空：请给出随包提供的街道名或街道文件（.toml）的路径",
        "{where}street is empty: give a shipped street or the path of a street file (.toml)",
    ),
    "street_views.experiment.metrics": (
        "{where}metrics：应为街道指标名称的非空列表，可用的有 {allowed}",
        "{where}metrics: expected a non-empty list of street metrics: {allowed}",
    ),
    "street_views.experiment.metric": (
        "{where}metrics：{metric} 不是街道指标；可用的有 {allowed}",
        "{where}metrics: {metric} is not a street metric; available: {allowed}",
    ),
    "street_views.experiment.no_street": (
        "{where}没有 street：这不是街道实验；实验以某个社区情景为基础时，请用 experiment run",
        "{where}no street: this is not a street experiment; run an experiment over a scenario with experiment run",
    ),
    "street_views.experiment.header": (
        "街道 {street}（{communities} 个社区）：每次运行整个街道，共 {community_runs} 次社区运行",
        "street {street} ({communities} communities): each run is a run of the whole street, {community_runs} "
        "community runs in all",
    ),
    # ---------------------------------------------------------------- the command line
    "cli.street_views.compare.help": (
        "比较几个街道：每个街道用相同的种子运行多次，看全街道指标的差别及其置信区间",
        "compare streets: run each several times on the same seeds and read the differences of the street's metrics "
        "with their intervals",
    ),
    "cli.street_views.arg.files": (
        "两个或更多街道文件（TOML）的路径或随包提供的街道名；第一个是比较的基准",
        "two or more street files (TOML) or shipped streets; the first is the one the others are compared with",
    ),
    "cli.street_views.arg.reps": (
        "每个街道运行的次数（默认 5；1 到 {high}）",
        "runs of each street (default 5; 1 to {high})",
    ),
    "cli.street_views.arg.seed": (
        "主种子，第 r 次运行的街道种子由它和 r 派生，各街道相同（默认 0）",
        "the master seed; run r's street seed is derived from it and r, the same for every street (default 0)",
    ),
    "cli.street_views.arg.out": (
        "把结果表（CSV）、图、街道地图和网页写到这个文件夹",
        "write the tables (CSV), the figures, the street maps and a web page to this folder",
    ),
    "cli.street_views.arg.run_out": (
        "把每个社区的结果表（CSV）、汇总和街道地图（map.png）写到这个文件夹",
        "write the per-community table (CSV), the summary and the street map (map.png) to this folder",
    ),
    "cli.street_views.experiment.help": (
        "街道实验，与 experiment run 相同：按实验文件的设计改变每个社区的参数，看全街道指标的变化"
        "（文件里用 street 代替 scenario）",
        "street experiment, the same as experiment run: vary every community's parameters over an experiment "
        "file's design and read the street's metrics (the file names a street instead of a scenario)",
    ),
    "cli.street_views.arg.experiment_file": (
        "街道实验文件（TOML）：实验文件的写法，但用 street = 街道名或街道文件 代替 scenario",
        "a street experiment file (TOML): an experiment file with street = a street or street file instead of scenario",
    ),
}
