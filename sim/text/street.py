"""A street of communities (``street.*``, ``cli.street.*``): its file, its run and its summary.

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- the file
    "street.unknown_key": (
        "{where}{key}：未知的键；这里允许的键为 {keys}",
        "{where}{key}: unknown key; allowed keys here are {keys}",
    ),
    "street.unknown": (
        "找不到街道 {name}：请给一个街道文件（.toml）的路径，或随包提供的街道名：{shipped}",
        "no street {name}: give the path of a street file (.toml) or a shipped street: {shipped}",
    ),
    "street.not_table": (
        "{where}{key}：应为一个表（[{key}]），允许的键为 {keys}",
        "{where}{key}: expected a table ([{key}]) with the keys {keys}",
    ),
    "street.not_list": (
        "{where}{key}：应写成 [[{key}]] 表的列表",
        "{where}{key}: expected a list of [[{key}]] tables",
    ),
    "street.missing": (
        "{where}{key}：必须填写；{what}",
        "{where}{key}: required; {what}",
    ),
    "street.what.extends": (
        "填一个随包提供的社区情景名（{shipped}）或一个情景文件的路径",
        "give a shipped community scenario ({shipped}) or the path of a scenario file",
    ),
    "street.what.name": (
        '填一个名称（一行文字，不含 / \\ : * ? " < > |）',
        'give a name (one line, no / \\ : * ? " < > |)',
    ),
    "street.what.count": (
        "填社区个数，1 到 {high} 之间的整数",
        "give the number of communities, a whole number from 1 to {high}",
    ),
    "street.empty": (
        "{where}街道里没有社区：请至少写一个 [[community]] 或一个 [[group]]（count ≥ 1）",
        "{where}the street has no community: give at least one [[community]] or one [[group]] (count ≥ 1)",
    ),
    "street.too_many": (
        "{where}街道共有 {count} 个社区，最多允许 {high} 个",
        "{where}the street has {count} communities; at most {high} are allowed",
    ),
    "street.repeated_name": (
        "{where}社区名 {name} 重复：每个社区（包括 [[group]] 生成的 名称-序号）必须有不同的名字",
        "{where}community name {name} is repeated: every community (those a [[group]] makes as name-number too) needs its own name",
    ),
    "street.range.not_pair": (
        "{label}：应为两个数 [最小值, 最大值]；允许的取值：{allowed}",
        "{label}: expected two numbers [lowest, highest]; allowed: {allowed}",
    ),
    "street.range.not_numeric": (
        "{label}：只有数值参数可以给范围（这个参数的类型是 {kind}）；请改写到 [group.params]",
        "{label}: only numeric parameters take a range (this one is {kind}); set it under [group.params]",
    ),
    "street.range.order": (
        "{label}：最小值 {low} 大于最大值 {high}",
        "{label}: the lowest value {low} is above the highest {high}",
    ),
    "street.shared.value": (
        "{label}：{value} 不允许；允许的取值：{allowed}",
        "{label}: {value} is not allowed; allowed: {allowed}",
    ),
    # ---------------------------------------------------------------- the summary
    "street.column.community": ("社区", "community"),
    "street.column.scenario": ("基于情景", "extends"),
    "street.column.households": ("住户数", "households"),
    "street.column.staff": ("网格员", "staff"),
    "street.column.issues": ("已知诉求", "known issues"),
    "street.overall": ("全街道", "whole street"),
    "street.gini": ("按期结案率的基尼系数（0 = 各社区一样）", "Gini of on-time closure (0 = every community alike)"),
    "street.worst": ("按期结案率最低的社区", "community with the lowest on-time closure"),
    # ---------------------------------------------------------------- the command line
    "cli.street.help": (
        "街道：把多个社区放在一起运行，看全街道的指标和社区之间的差距",
        "street: run many communities together and read the street's metrics and the gaps between communities",
    ),
    "cli.street.commands": ("街道子命令", "street commands"),
    "cli.street.run.help": (
        "运行一个街道文件里的全部社区（有 [shared] 时共用县级部门、在职党员和街道机动人员）",
        "run every community of a street file (sharing county departments, party members and reserve staff when it has [shared])",
    ),
    "cli.street.no_command": (
        "请给出街道子命令，例如：street run 街道文件.toml",
        "give a street command, e.g. street run FILE.toml",
    ),
    "cli.arg.street_file": (
        "街道文件（TOML）的路径，或随包提供的街道名（street-10、county-100）",
        "path of a street file (TOML), or a shipped street (street-10, county-100)",
    ),
    "cli.arg.street_seed": (
        "街道的主种子，各社区的种子由它按位置派生（默认 0）",
        "the street's master seed; each community's seed is derived from it and the community's position (default 0)",
    ),
    "cli.arg.street_jobs": (
        "同时运行的进程数（默认 1；结果与进程数无关）",
        "worker processes (default 1; the numbers do not depend on it)",
    ),
    "cli.arg.street_out": (
        "把每个社区的结果表（CSV）和汇总写到这个文件夹",
        "write the per-community table (CSV) and the summary to this folder",
    ),
    "cli.street.header": (
        "街道 {name}：{count} 个社区，共 {households} 户，种子 {seed}",
        "street {name}: {count} communities, {households} households, seed {seed}",
    ),
    "cli.street.not_linked": (
        "注意：这个街道没有用 [shared] 共用任何力量，各社区单独运行，互不影响（不共用县级部门、在职党员和街道机动人员）",
        "note: this street shares nothing through [shared]: each community runs alone (no shared county departments, party members or reserve staff)",
    ),
    "cli.street.linked": (
        "各社区同步运行，共用：{what}；每个社区保底留下自己带来的 {guaranteed:.0%}",
        "communities run in step and share: {what}; each keeps {guaranteed:.0%} of what it brings",
    ),
    "street.shared.departments": ("县级部门的对接人员", "the county departments' officers"),
    "street.shared.party_members": ("报到的在职党员", "the reporting party members"),
    "street.shared.reserve": (
        "{n} 名街道机动人员（每 {days} 个工作日重新派一次）",
        "{n} reserve staff (posted afresh every {days} working days)",
    ),
    "cli.street.weighted": (
        "全街道的比率按各社区已知诉求数加权",
        "the street's rates are weighted by each community's known issues",
    ),
    "cli.street.wrote": ("已写入：{path}", "written: {path}"),
}
