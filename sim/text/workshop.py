"""The workshop (``workshop.*``, ``cli.workshop.*``): its pages, messages, errors and command line.

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # --- command line ----------------------------------------------------------------------
    "cli.workshop.help": (
        "开一场工作坊：全班在手机上一起经营一个社区一年（一个服务器进程）",
        "run a workshop: the whole room plays one community year together on their phones (one server process)",
    ),
    "cli.workshop.epilog": (
        "示例：\n"
        "  python -m sim workshop                          本机试用（127.0.0.1）\n"
        "  python -m sim workshop --lan --session room.db  让培训室的手机通过局域网加入\n"
        "  python -m sim workshop --session room.db        用同一个会话文件重启，房间原样恢复\n"
        "启动时打印参与者地址、带密钥的主持人地址和房间码。按 Ctrl-C 停止。",
        "examples:\n"
        "  python -m sim workshop                          try it on this machine (127.0.0.1)\n"
        "  python -m sim workshop --lan --session room.db  phones in the training room join over the LAN\n"
        "  python -m sim workshop --session room.db        restart with the same file: the room resumes\n"
        "At start it prints the participants' address, the facilitator's address with its secret and "
        "the room code. Ctrl-C stops it.",
    ),
    "cli.arg.session": (
        "会话文件（SQLite）；已存在则恢复其中的房间（默认 workshop.db）",
        "session file (SQLite); when it exists, its room resumes (default workshop.db)",
    ),
    "cli.arg.ws_scenario": (
        "社区：内置情景名或情景文件（默认 stretched-baseline，人手紧张的社区）",
        "the community: a shipped scenario name or a scenario file (default stretched-baseline, short of staff)",
    ),
    "cli.arg.ws_reps": ("每个选择的重复次数，5 到 50（默认 5）", "replications per choice, 5 to 50 (default 5)"),
    "cli.arg.port": ("端口（默认 8770；0 = 任一空闲端口）", "port (default 8770; 0 = any free port)"),
    "cli.arg.lan": (
        "在局域网地址上监听，让同一网络的手机加入（会打印警告）",
        "listen on the LAN address so phones on the same network can join (prints a warning)",
    ),
    "cli.arg.bots": ("加入 N 个机器人队伍，填充人数少的房间", "add N bot teams to fill a thin room"),
    "cli.arg.staff": (
        "队伍可选的人员范围，如 2-6（默认：比社区现有人数少 1 到多 3）",
        "the staffing range teams may choose, e.g. 2-6 (default: one below to three above the community's)",
    ),
    "cli.arg.ws_seed": (
        "会话种子（默认随机）；决定所有队伍共用的随机数",
        "session seed (default: random); sets the random numbers every team shares",
    ),
    "workshop.cli.missing": (
        "工作坊需要 {package}，尚未安装。请运行：pip install 'community-1234-kit[workshop]'",
        "the workshop needs {package}, which is not installed. Run: pip install 'community-1234-kit[workshop]'",
    ),
    "workshop.cli.staff": (
        "--staff 应为“最少-最多”，例如 2-6，得到 {value}",
        "--staff takes MIN-MAX, e.g. 2-6; got {value}",
    ),
    "workshop.cli.port": (
        "--port 应为 0 到 65535 的整数，得到 {value}",
        "--port takes an integer from 0 to 65535; got {value}",
    ),
    "workshop.cli.started": (
        "工作坊已启动（{scenario}，每个选择重复 {reps} 次）。",
        "The workshop is running ({scenario}, {reps} replications per choice).",
    ),
    "workshop.cli.resumed": (
        "已从 {path} 恢复房间：{teams} 个队伍，{rounds} 轮。主持人密钥已更换，旧的主持人链接失效。",
        "Resumed the room in {path}: {teams} teams, {rounds} rounds. The facilitator's secret is new; the old link no longer works.",
    ),
    "workshop.cli.participants": ("参与者地址：{url}", "Participants open: {url}"),
    "workshop.cli.facilitator": ("主持人地址（保密）：{url}", "Facilitator (keep it private): {url}"),
    "workshop.cli.code": ("房间码：{code}", "Room code: {code}"),
    "workshop.cli.session": ("会话文件：{path}", "Session file: {path}"),
    "workshop.cli.stop": (
        "按 Ctrl-C 停止；用同一个 --session 重启可恢复房间。",
        "Ctrl-C stops it; restart with the same --session to resume the room.",
    ),
    "workshop.cli.lan_warning": (
        "警告：服务器在局域网地址 {host} 上监听，同一网络中的任何人都能打开参与者页面（仍需房间码才能加入）。"
        "只在可信的培训室网络中使用，结束后按 Ctrl-C 停止。",
        "WARNING: the server listens on the LAN address {host}: anyone on this network can open the participant "
        "page (joining still needs the room code). Use it only on a trusted training-room network and stop it "
        "with Ctrl-C when you are done.",
    ),
    "workshop.cli.no_lan": (
        "警告：没有找到这台电脑的局域网地址，参与者地址只能是 127.0.0.1，手机无法加入。"
        "请把电脑连上培训室的 Wi-Fi（或手机热点），然后按 Ctrl-C 停止并用同一个 --session 重新启动。",
        "WARNING: this laptop has no network address, so the participants' address can only be 127.0.0.1 "
        "and phones cannot join. Connect the laptop to the training room's Wi-Fi (or a phone's hotspot), "
        "then stop it with Ctrl-C and start it again with the same --session.",
    ),
    "workshop.cli.other_tables": (
        "其中有别的程序的数据表（{tables}），文件保持原样",
        "it holds other tables ({tables}); it is left as it is",
    ),
    "workshop.cli.not_sqlite": ("它不是 SQLite 数据库文件", "it is not a SQLite database file"),
    "workshop.cli.bad_session": (
        "{path} 不是工作坊会话文件：{why}",
        "{path} is not a workshop session file: {why}",
    ),
    "workshop.cli.stopped": ("工作坊已停止，会话已保存。", "The workshop has stopped; the session is saved."),
    # --- pages -----------------------------------------------------------------------------
    "workshop.title": ("社区“1234”工作坊", "Community 1234 workshop"),
    "workshop.community": ("社区现状", "The community as it is"),
    "workshop.message": ("主持人：{text}", "Facilitator: {text}"),
    "workshop.bot_name": ("机器人 {n}", "Bot {n}"),
    "workshop.state.none": ("等待主持人开始第一轮。", "Waiting for the facilitator to open the first round."),
    "workshop.state.open": (
        "第 {number} 轮进行中：先预测，再选择做法并提交。",
        "Round {number} is open: predict, then choose and submit.",
    ),
    "workshop.state.submitted": (
        "第 {number} 轮：你们已提交，等待主持人公布结果。",
        "Round {number}: your team has submitted; waiting for the facilitator to reveal the results.",
    ),
    "workshop.state.closed": (
        "第 {number} 轮已截止，等待主持人公布结果。",
        "Round {number} is closed; waiting for the facilitator to reveal it.",
    ),
    "workshop.state.revealed": ("第 {number} 轮结果已公布。", "Round {number} is revealed."),
    "workshop.p.reconnecting": ("连接中断，正在重新连接……", "Connection lost; reconnecting…"),
    "workshop.p.join": ("加入工作坊", "Join the workshop"),
    "workshop.p.code": ("房间码", "Room code"),
    "workshop.p.team_name": ("队伍名称（1–24 个字）", "Team name (1–24 characters)"),
    "workshop.p.join_button": ("加入", "Join"),
    "workshop.p.back": ("返回", "Back"),
    "workshop.p.you_are": ("你的队伍：{team}", "Your team: {team}"),
    "workshop.p.not_joined": ("尚未加入队伍。", "Not in a team yet."),
    "workshop.p.predict": ("第一步：预测", "Step 1: predict"),
    "workshop.p.predict_hint": (
        "和社区现状相比，你们的选择会让这些指标上升、下降，还是基本不变？",
        "Compared with the community as it is, will your choice make each of these rise, fall or stay level?",
    ),
    "workshop.p.save_prediction": ("保存预测", "Save the prediction"),
    "workshop.p.prediction_saved": (
        "预测已保存，提交前还可以修改。",
        "Prediction saved; you can change it until you submit.",
    ),
    "workshop.p.choose": ("第二步：选择做法和人手", "Step 2: choose practices and staffing"),
    "workshop.p.choose_hint": (
        "预留给走访、调查、排查、值守等的工时不能超过工作人员的全年工时。",
        "The hours set aside for visits, surveys, inspections, station duty and the like may not exceed the staff's hours a year.",
    ),
    "workshop.p.staff": ("工作人员人数", "Staff"),
    "workshop.p.what_is_it": ("这是什么？", "What is it?"),
    "workshop.p.budget": ("工时预算", "Budget of staff hours"),
    "workshop.p.budget_text": (
        "预留 {reserved} 小时/年，占工作人员全年 {capacity} 小时的 {share}%。",
        "{reserved} hours a year reserved: {share}% of the staff's {capacity} hours.",
    ),
    "workshop.p.over_budget": (
        "超出预算：预留 {reserved} 小时/年，但工作人员全年只有 {capacity} 小时（{share}%）。",
        "Over budget: {reserved} hours a year reserved, but the staff have only {capacity} hours ({share}%).",
    ),
    "workshop.p.submit": ("提交（每轮只能提交一次）", "Submit (once per round)"),
    "workshop.p.predict_first": ("请先保存预测，再提交。", "Save your prediction before you submit."),
    "workshop.p.running": ("已提交，模型正在运行你们的选择……", "Submitted; the model is running your choice…"),
    "workshop.p.no_submission": ("你们在这一轮没有提交。", "Your team did not submit in this round."),
    "workshop.p.events": (
        "本轮事件（所有队伍相同，社区现状也一样）：",
        "Events this round (the same for every team, and for the community as it is):",
    ),
    "workshop.dir.up": ("上升", "rise"),
    "workshop.dir.down": ("下降", "fall"),
    "workshop.dir.flat": ("基本不变", "level"),
    "workshop.value.on": ("开", "on"),
    "workshop.value.off": ("关", "off"),
    "workshop.value.none": ("不开展", "none"),
    "workshop.value.every_days": ("每 {days:g} 个工作日", "every {days:g} working days"),
    "workshop.value.minutes": ("{minutes:g} 分钟", "{minutes:g} min"),
    # --- events the facilitator injects (sim.workshop.events) -------------------------------
    "workshop.event.storm.name": ("暴雨", "Storm"),
    "workshop.event.storm.description": (
        "暴雨期间，安全隐患类诉求（积水、漏雨、树木倒伏……）成倍增加。",
        "During a storm, safety-hazard issues (flooding, leaks, fallen trees…) multiply.",
    ),
    "workshop.event.storm.line": (
        "{name}：第 {start}–{last} 天，安全隐患诉求 × {factor}",
        "{name}: days {start}–{last}, safety-hazard issues × {factor}",
    ),
    "workshop.event.absence.name": ("人员缺岗", "Staff away"),
    "workshop.event.absence.description": (
        "几名工作人员不在岗（病假、借调、培训）。网格化时，不在岗的是最忙网格的网格员，由 AB 岗和值班顶上；"
        "不网格化时，办公室少几个人。",
        "Some staff are away (sick leave, secondment, training). With gridding, the workers of the busiest "
        "grids are away and their A/B partners and the duty rota cover; without, the office has fewer people.",
    ),
    "workshop.event.absence.line": (
        "{name}：第 {start}–{last} 天（{weeks} 周），{staff} 名工作人员不在岗（网格化时为最忙网格的网格员）",
        "{name}: days {start}–{last} ({weeks} weeks), {staff} staff away (with gridding: the workers of the busiest grids)",
    ),
    "workshop.event.slowdown.name": ("部门办件变慢", "Slow departments"),
    "workshop.event.slowdown.description": (
        "区县职能部门办件变慢（换届、系统切换、人手不足），转到部门的件要等更久。",
        "The county departments handle cases more slowly (a reshuffle, a new IT system, short of staff): "
        "cases sent to them wait longer.",
    ),
    "workshop.event.slowdown.line": (
        "{name}：第 {start}–{last} 天，部门办件时长 × {factor}",
        "{name}: days {start}–{last}, department handling time × {factor}",
    ),
    "workshop.event.compound.name": ("新小区入住", "New compound"),
    "workshop.event.compound.description": (
        "一个新小区交付入住：地图上多出新楼和新住户，从这一天起诉求增多。新小区划入紧挨着的网格，"
        "新住户的诉求和一般住户一样多，走访、排查和摸底也会走到他们家。",
        "A new compound is handed over and its residents move in: new buildings and households appear on "
        "the map and bring issues from that day. The compound joins the grid next to it; its households "
        "have as many issues as an average household, and visits, inspections and surveys reach them too.",
    ),
    "workshop.event.compound.line": (
        "{name}：第 {start} 天起，新增 {households} 户（新楼在地图上，划入相邻网格）",
        "{name}: from day {start}, {households} new households (new buildings on the map, in the grid next to them)",
    ),
    "workshop.event.field.start": ("从第几天开始（0 = 第一天）", "Starts on day (0 = the first)"),
    "workshop.event.field.factor": ("倍数", "Factor ×"),
    "workshop.event.field.days": ("持续多少个工作日", "Lasts (working days)"),
    "workshop.event.field.staff": ("不在岗人数", "People away"),
    "workshop.event.field.weeks": ("持续几周（每周 5 个工作日）", "Lasts (weeks of 5 working days)"),
    "workshop.event.field.households": ("新增户数", "New households"),
    "workshop.event.range": ("范围 {lo}–{hi}", "from {lo} to {hi}"),
    # --- the result card -------------------------------------------------------------------
    "workshop.card.title": ("你们的结果", "Your result"),
    "workshop.card.note": (
        "{reps} 次重复的平均值，方括号内为 95% 置信区间；与社区现状用同一组随机数比较。",
        "Means of {reps} replications, 95% intervals in brackets; compared with the community as it is on the same random numbers.",
    ),
    "workshop.card.vs": (
        "社区现状 {base}；差值 {diff}（{low} 至 {high}）",
        "Community as it is: {base}; difference {diff} ({low} to {high})",
    ),
    "workshop.card.predicted": ("预测 {said}，结果 {came}", "predicted {said}, came {came}"),
    "workshop.card.right": ("✓ 预测正确", "✓ right"),
    "workshop.card.wrong": ("✗ 预测不对", "✗ wrong"),
    "workshop.card.score": ("预测对了 {score}/{total} 项。", "{score} of {total} predictions right."),
    "workshop.card.hours": ("工作人员工时去向（小时/年）", "Where the staff's hours went (hours a year)"),
    "workshop.card.events": (
        "本轮事件（所有队伍和社区现状相同）：",
        "Events this round (the same for every team and for the community as it is):",
    ),
    "workshop.card.reserved": (
        "{staff} 名工作人员；预留 {reserved} 小时/年，全年工时 {capacity} 小时。",
        "{staff} staff; {reserved} hours a year reserved of {capacity}.",
    ),
    # --- standings -------------------------------------------------------------------------
    "workshop.board.title": ("排行榜：{metric}", "Leaderboard: {metric}"),
    "workshop.board.team": ("队伍", "Team"),
    "workshop.board.mean": ("平均值", "Mean"),
    "workshop.board.ci": ("95% 置信区间", "95% interval"),
    "workshop.scatter.title": ("各队策略：工作人员工时与{metric}", "Strategies: staff hours against {metric}"),
    "workshop.scatter.note": (
        "橙色虚线连起的是帕累托前沿：没有别的队伍用更少工时取得更好结果。灰点是社区现状。",
        "The dashed orange line joins the Pareto front: no other team got a better result with fewer hours. "
        "The grey point is the community as it is.",
    ),
    "workshop.scatter.note_own": (
        "橙色虚线连起的是帕累托前沿：没有别的队伍用更少工时取得更好结果。灰点是社区现状，带黑圈的点是你们队。",
        "The dashed orange line joins the Pareto front: no other team got a better result with fewer hours. "
        "The grey point is the community as it is; the ringed point is your team.",
    ),
    "workshop.scatter.compact": (
        "小屏幕上只写出帕累托前沿上的队伍和社区现状的名字，其他各队的数值见上面的排行榜。",
        "On a small screen only the teams on the Pareto front and the community as it is are named; "
        "the other teams' values are in the leaderboard above.",
    ),
    "workshop.scatter.compact_own": (
        "小屏幕上只写出帕累托前沿上的队伍、你们队和社区现状的名字，其他各队的数值见上面的排行榜。",
        "On a small screen only the teams on the Pareto front, your team and the community as it is are named; "
        "the other teams' values are in the leaderboard above.",
    ),
    "workshop.tally.title": ("全班的预测与结果", "The room's predictions and what came"),
    "workshop.tally.line": (
        "{total} 个队伍中有 {teams} 个预测“{metric}”{dir}：结果 {came}。",
        "{teams} of {total} teams predicted that {metric} would {dir}: it {came}.",
    ),
    "workshop.tally.dir.up": ("上升", "rise"),
    "workshop.tally.dir.down": ("下降", "fall"),
    "workshop.tally.dir.flat": ("基本不变", "stay level"),
    "workshop.tally.came.up": ("{n} 个上升", "rose for {n}"),
    "workshop.tally.came.down": ("{n} 个下降", "fell for {n}"),
    "workshop.tally.came.flat": ("{n} 个基本不变", "stayed level for {n}"),
    "workshop.tally.sep": ("、", ", "),
    # --- the facilitator's page ------------------------------------------------------------
    "workshop.f.join_at": ("用手机扫码，或在浏览器打开：", "Scan with a phone, or open in a browser:"),
    "workshop.f.code": ("房间码", "Room code"),
    "workshop.f.open": ("开始新一轮", "Open a round"),
    "workshop.f.close": ("截止本轮", "Close the round"),
    "workshop.f.reveal": ("公布结果", "Reveal"),
    "workshop.f.lock": ("锁定房间", "Lock the room"),
    "workshop.f.unlock": ("解除锁定", "Unlock"),
    "workshop.f.bots": ("加 5 个机器人队伍", "Add 5 bot teams"),
    "workshop.f.export": ("导出结果", "Export"),
    "workshop.f.broadcast": ("发给全班的消息", "Message to the room"),
    "workshop.f.send": ("发送", "Send"),
    "workshop.f.metric": ("排行榜指标", "Leaderboard metric"),
    "workshop.f.y": ("散点图纵轴", "Scatter's vertical axis"),
    "workshop.f.summary": (
        "{teams} 个队伍，本轮已提交 {submitted} 个。社区：{scenario}；每个选择重复 {reps} 次；人手可选 {lo}–{hi} 人。",
        "{teams} teams, {submitted} submitted this round. Community: {scenario}; {reps} replications per choice; staff {lo}–{hi}.",
    ),
    "workshop.f.locked": ("房间已锁定：新队伍不能加入。", "The room is locked: no new team can join."),
    "workshop.f.community_running": ("正在运行社区现状……", "Running the community as it is…"),
    "workshop.f.waiting": ("未预测", "no prediction yet"),
    "workshop.f.predicted": ("已预测", "predicted"),
    "workshop.f.submitted": ("已提交，运行中", "submitted, running"),
    "workshop.f.done": ("已出结果", "result ready"),
    "workshop.f.events": ("事件", "Events"),
    "workshop.f.events_hint": (
        "在开始新一轮之前设置事件：这一轮所有队伍的选择和社区现状都在同样的事件下、用同一组随机数运行，"
        "每张结果卡上都列出本轮事件。事件一直有效，直到你删除它；进行中的一轮不受影响。",
        "Set events before you open a round: every team's choice and the community as it is run under the same "
        "events that round, on the same random numbers, and every result card lists them. An event stays in force "
        "until you remove it; a round already open is not affected.",
    ),
    "workshop.f.event_add": ("添加事件", "Add the event"),
    "workshop.f.event_remove": ("删除", "Remove"),
    "workshop.f.event_impossible": (
        "这个房间不能设置：在队伍可选的最少人手下，没有人可以离岗（至少一人在岗）。",
        "Not possible in this room: with the fewest staff a team may pick, nobody can be spared (one must stay at work).",
    ),
    "workshop.f.events_next": ("下一轮起生效的事件", "Events for the next round on"),
    "workshop.f.events_none": ("没有事件。", "No events."),
    "workshop.f.events_locked": (
        "本轮进行中：截止后才能增删事件。",
        "A round is open: add or remove events once it is closed.",
    ),
    "workshop.f.round_events": ("第 {number} 轮的事件", "Events of round {number}"),
    "workshop.f.round_running": (
        "正在运行本轮事件下的社区现状……",
        "Running the community as it is under this round's events…",
    ),
    "workshop.f.debrief": ("复盘：两队回放、反事实分支", "Debrief: replay two teams, branch a team's year"),
    "workshop.f.hidden": (
        "结果在公布前对全班隐藏；已完成 {done} 个。",
        "Results stay hidden until you reveal them; {done} ready.",
    ),
    # --- the report ------------------------------------------------------------------------
    "workshop.report.title": ("工作坊报告（房间 {code}）", "Workshop report (room {code})"),
    "workshop.report.setup": (
        "社区：{scenario}；每个选择重复 {reps} 次，会话种子 {seed}；{teams} 个队伍；人手可选 {lo}–{hi} 人。",
        "Community: {scenario}; {reps} replications per choice, session seed {seed}; {teams} teams; staff {lo}–{hi}.",
    ),
    "workshop.report.round": ("第 {number} 轮", "Round {number}"),
    "workshop.report.all_metrics": ("各队全部指标（95% 置信区间）", "Every team's metrics (95% intervals)"),
    "workshop.report.choices": ("各队的选择", "What each team chose"),
    "workshop.report.reserved": ("预留/全年工时", "Reserved / staff hours"),
    "workshop.report.score": ("预测正确", "Predictions right"),
    "workshop.report.events": ("本轮事件", "Events this round"),
    "workshop.report.no_events": ("本轮没有事件。", "No events this round."),
    # --- the debrief -----------------------------------------------------------------------
    "workshop.d.title": ("复盘", "Debrief"),
    "workshop.d.back": ("返回主持人页面", "Back to the facilitator's page"),
    "workshop.d.note": (
        "只有主持人能看到这一页。两条线用同一组随机数（同一个种子）运行：它们的差别只来自选择，不是运气。",
        "Only the facilitator sees this page. Both lines run on the same random numbers (one seed): what differs "
        "between them is the choice, not luck.",
    ),
    "workshop.d.none": (
        "还没有可以复盘的一轮：截止一轮后再来。",
        "No round to debrief yet: come back once a round is closed.",
    ),
    "workshop.d.replay": ("回放：两队并排", "Replay: two teams side by side"),
    "workshop.d.replay_hint": (
        "同一轮中两个队伍的一年，用同一个种子：积压随时间的变化，以及选定那一天的社区地图。",
        "Two teams' years of one round, on one seed: the backlog over the year, and the community map on a day you pick.",
    ),
    "workshop.d.branch": (
        "反事实分支：同一年，但从某天起换一种做法",
        "Counterfactual branch: the same year, but one practice changed from a day on",
    ),
    "workshop.d.branch_hint": (
        "一个队伍的一年，与“同样的一年，但从第 d 天起改变一项做法”并排，用同一个种子：第 d 天之前两者完全相同。",
        "One team's year beside the same year with one practice changed from day d on, on one seed: "
        "the two are the same until day d.",
    ),
    "workshop.d.round": ("轮次", "Round"),
    "workshop.d.team_a": ("队伍 A", "Team A"),
    "workshop.d.team_b": ("队伍 B", "Team B"),
    "workshop.d.team": ("队伍", "Team"),
    "workshop.d.day_map": ("地图：第几天结束时", "Map at the end of day"),
    "workshop.d.day_branch": ("从第几天起", "From day"),
    "workshop.d.rep": ("用第几次重复的种子", "Seed of replication"),
    "workshop.d.change_field": ("改变的做法", "The change"),
    "workshop.d.run": ("运行", "Run"),
    "workshop.d.change": ("{lever}：{value}", "{lever}: {value}"),
    "workshop.d.original": ("{team}（原来）", "{team} (as chosen)"),
    "workshop.d.branched": ("{team}：从第 {day} 天起 {change}", "{team}: {change} from day {day}"),
    "workshop.d.replay_title": (
        "第 {round} 轮回放：{a} 与 {b}（第 {rep} 次重复的种子 {seed}）",
        "Round {round} replayed: {a} and {b} (seed {seed} of replication {rep})",
    ),
    "workshop.d.branch_title": (
        "第 {round} 轮 {team}：原来的一年与分支（第 {rep} 次重复的种子 {seed}）",
        "Round {round}, {team}: the year as chosen and the branch (seed {seed} of replication {rep})",
    ),
    "workshop.d.same_until": (
        "虚线标出第 {day} 天：在此之前两条曲线重合（同一种子、同样的选择），之后才因改变而分开。",
        "The dotted line marks day {day}: until then the two lines are one (same seed, same choice); "
        "they part only after the change.",
    ),
    "workshop.d.map": (
        "{team}：第 {day} 个工作日结束时，{open} 件未结",
        "{team}: end of working day {day}, {open} cases open",
    ),
    "workshop.d.metric": ("指标（这一个种子）", "Metric (this one seed)"),
    "workshop.d.diff": ("差值", "Difference"),
    "workshop.d.choices": ("两队的选择不同之处", "Where the two choices differ"),
    "workshop.d.same_choice": ("两队的选择完全相同。", "The two teams chose the same."),
    # --- errors ----------------------------------------------------------------------------
    "workshop.error.wrong_code": (
        "房间码不对，请核对投影上的房间码。",
        "That room code is wrong; check the code on the projector.",
    ),
    "workshop.error.locked": (
        "房间已锁定，不能再加入新队伍。请找主持人。",
        "The room is locked: no new team can join. Ask the facilitator.",
    ),
    "workshop.error.full": ("房间已满（最多 {limit} 个队伍）。", "The room is full ({limit} teams at most)."),
    "workshop.error.name": (
        "队伍名称应为 1 到 {limit} 个字，不含控制字符。",
        "A team name takes 1 to {limit} characters, without control characters.",
    ),
    "workshop.error.name_taken": ("这个队伍名称已被使用，请换一个。", "That team name is taken; pick another."),
    "workshop.error.not_team": (
        "这个浏览器还没有加入队伍，请先加入。",
        "This browser has not joined a team yet; join first.",
    ),
    "workshop.error.not_facilitator": ("只有主持人可以这样做。", "Only the facilitator can do that."),
    "workshop.error.round_not_open": (
        "现在没有进行中的一轮（可能已截止）。",
        "No round is open now (it may have closed).",
    ),
    "workshop.error.already_submitted": (
        "你们在这一轮已经提交过了，每轮只能提交一次。",
        "Your team has submitted in this round already: once per round.",
    ),
    "workshop.error.predict_first": ("请先保存预测，再提交选择。", "Save your prediction before you submit."),
    "workshop.error.unknown_field": (
        "不认识的字段 {name}；可用的字段：{allowed}",
        "Unknown field {name}; the fields are: {allowed}",
    ),
    "workshop.error.direction": (
        "{name} 的预测 {value} 不可用，应为以下之一：{allowed}",
        "The prediction {value} for {name} is not allowed: expected one of {allowed}",
    ),
    "workshop.error.staff": (
        "工作人员人数 {value} 不可用，应为 {lo} 到 {hi} 的整数。",
        "Staff = {value} is not allowed: expected an integer from {lo} to {hi}.",
    ),
    "workshop.error.unknown_lever": (
        "不认识的做法 {name}；可选的做法：{allowed}",
        "Unknown practice {name}; the practices are: {allowed}",
    ),
    "workshop.error.value": (
        "{name} = {value} 不在可选值中；可选：{allowed}",
        "{name} = {value} is not one of the allowed values: {allowed}",
    ),
    "workshop.error.over_budget": (
        "超出预算：这个选择每年预留 {total} 小时，但工作人员全年只有 {capacity} 小时。请减少一些预留工时的做法，或增加人手。",
        "Over budget: this choice reserves {total} hours a year, but the staff have only {capacity}. "
        "Drop some practices that reserve hours, or add staff.",
    ),
    "workshop.error.not_object": ("请求内容应为一个 JSON 对象。", "The request must be a JSON object."),
    "workshop.error.not_json": ("请求内容不是有效的 JSON。", "The request is not valid JSON."),
    "workshop.error.content_type": ("请求应以 application/json 发送。", "Send the request as application/json."),
    "workshop.error.too_large": (
        "请求太大（最多 {limit} 字节）。",
        "The request is too large ({limit} bytes at most).",
    ),
    "workshop.error.not_found": ("没有这个页面。", "There is no such page."),
    "workshop.error.method": ("这个地址不支持这种请求。", "This address does not take that kind of request."),
    "workshop.error.server": (
        "服务器出错了，请稍后再试或告诉主持人。",
        "The server ran into a problem; try again or tell the facilitator.",
    ),
    "workshop.error.no_submission": ("你们在这一轮还没有提交。", "Your team has not submitted in this round."),
    "workshop.error.not_revealed": ("这一轮的结果还没有公布。", "This round's results are not revealed yet."),
    "workshop.error.round_number": ("没有第 {value} 轮。", "There is no round {value}."),
    "workshop.error.round_unfinished": (
        "第 {number} 轮还没有公布结果；公布后才能开始新一轮。",
        "Round {number} is not revealed yet; reveal it before opening a new one.",
    ),
    "workshop.error.nothing_to_reveal": ("没有可公布的一轮。", "There is no round to reveal."),
    "workshop.error.bool": (
        "{name} = {value} 不可用，应为 true 或 false。",
        "{name} = {value} is not allowed: expected true or false.",
    ),
    "workshop.error.message": ("消息应为 1 到 {limit} 个字。", "A message takes 1 to {limit} characters."),
    "workshop.error.metric": (
        "指标 {value} 不可用；可选：{allowed}",
        "The metric {value} is not available; the metrics are: {allowed}",
    ),
    "workshop.error.reps": (
        "重复次数 {value} 不可用，应为 {lo} 到 {hi} 的整数。",
        "reps = {value} is not allowed: expected an integer from {lo} to {hi}.",
    ),
    "workshop.error.staff_range": (
        "人员范围 {lo}–{hi} 不可用：应满足 1 ≤ 最少 ≤ 最多 ≤ {top}。",
        "The staffing range {lo}–{hi} is not allowed: it needs 1 ≤ min ≤ max ≤ {top}.",
    ),
    "workshop.error.event_kind": (
        "不认识的事件类型 {value}；可选：{allowed}",
        "Unknown kind of event {value}; the kinds are: {allowed}",
    ),
    "workshop.error.event_int": (
        "{name} = {value} 不可用，应为 {lo} 到 {hi} 的整数。",
        "{name} = {value} is not allowed: expected an integer from {lo} to {hi}.",
    ),
    "workshop.error.event_float": (
        "{name} = {value} 不可用，应为 {lo} 到 {hi} 的数。",
        "{name} = {value} is not allowed: expected a number from {lo} to {hi}.",
    ),
    "workshop.error.event_impossible": (
        "这个房间不能设置“{kind}”：队伍最少可以只有 {staff} 名工作人员，必须至少一人在岗。",
        "“{kind}” is not possible in this room: a team may have as few as {staff} staff, and one must stay at work.",
    ),
    "workshop.error.event_too_long": (
        "事件超出了这一年：从第 {start} 天起持续 {length} 天，而这一年只有 {days} 个工作日（第 0 天起）。",
        "The event runs past the year: {length} days from day {start}, but the year has {days} working days "
        "(from day 0).",
    ),
    "workshop.error.event_overlap": (
        "与事件 #{id}（{kind}）时间重叠：同类事件不能重叠。",
        "It overlaps event #{id} ({kind}): two events of the same kind may not overlap.",
    ),
    "workshop.error.events_full": ("事件太多（最多 {limit} 个）。", "Too many events ({limit} at most)."),
    "workshop.error.events_while_open": (
        "第 {number} 轮正在进行：只能在两轮之间增删事件（先截止本轮）。",
        "Round {number} is open: events can be added or removed only between rounds (close it first).",
    ),
    "workshop.error.no_event": ("没有编号为 {value} 的事件。", "There is no event {value}."),
    "workshop.error.debrief_none": (
        "还没有可以复盘的一轮。",
        "There is no round to debrief yet.",
    ),
    "workshop.error.debrief_open": (
        "第 {number} 轮还在进行：截止后才能复盘。",
        "Round {number} is still open: debrief it once it is closed.",
    ),
    "workshop.error.team_unknown": ("没有叫 {value} 的队伍。", "There is no team called {value}."),
    "workshop.error.not_submitted": (
        "“{team}”在第 {round} 轮没有提交。",
        "“{team}” did not submit in round {round}.",
    ),
    "workshop.error.two_teams": (
        "请选两个不同的队伍（teams 为两个队伍名）。",
        "Pick two different teams (teams: a list of two team names).",
    ),
    "workshop.error.whole": (
        "{name} = {value} 不可用，应为 {lo} 到 {hi} 的整数。",
        "{name} = {value} is not allowed: expected an integer from {lo} to {hi}.",
    ),
    "workshop.error.branch_lever": (
        "做法 {value} 不能在年中切换；可选：{allowed}",
        "The practice {value} cannot change mid-year; the practices that can: {allowed}",
    ),
    "workshop.error.change": ("改变 {value} 不在可选项中。", "The change {value} is not one of the choices."),
    "workshop.error.branch_same": (
        "“{team}”本来就选了这个 {name} 值；分支要换一个不同的值。",
        "“{team}” chose that value of {name} already; a branch needs a different one.",
    ),
    "workshop.error.bots": (
        "机器人队伍数应为 1 到 {limit} 的整数。",
        "The number of bot teams must be an integer from 1 to {limit}.",
    ),
}
