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
    "workshop.dir.up": ("上升", "rise"),
    "workshop.dir.down": ("下降", "fall"),
    "workshop.dir.flat": ("基本不变", "level"),
    "workshop.value.on": ("开", "on"),
    "workshop.value.off": ("关", "off"),
    "workshop.value.none": ("不开展", "none"),
    "workshop.value.every_days": ("每 {days:g} 个工作日", "every {days:g} working days"),
    "workshop.value.minutes": ("{minutes:g} 分钟", "{minutes:g} min"),
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
    "workshop.error.bots": (
        "机器人队伍数应为 1 到 {limit} 的整数。",
        "The number of bot teams must be an integer from 1 to {limit}.",
    ),
}
