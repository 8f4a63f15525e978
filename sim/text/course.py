"""The course on a user's machine (``cli.materials.*``, ``cli.lab.*``, ``cli.dashboard.*``, ``course.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cli.materials.help": (
        "把课程材料（笔记本、课程、讲义、情景）复制到一个文件夹",
        "copy the course (notebooks, lessons, handouts, scenarios) into a folder",
    ),
    "cli.lab.help": (
        "在本机打开 JupyterLab 和课程笔记本（127.0.0.1，带令牌）",
        "open JupyterLab with the course notebooks on this machine (127.0.0.1, with a token)",
    ),
    "cli.dashboard.help": (
        "在本机打开投影用的 Voilà 看板（127.0.0.1）",
        "open the Voilà dashboard for the projector on this machine (127.0.0.1)",
    ),
    "cli.materials.epilog": (
        "再次运行时：你改过的文件一律保留（并说明保留了哪些），套件里新增或更新的文件会补上。\n"
        "例：community-1234 materials 社区课程",
        "Run again: files you changed are always kept (and listed), new and updated files of the kit are added.\n"
        "Example: community-1234 materials community-course",
    ),
    "cli.lab.epilog": (
        "第一次运行时先把课程复制到 --dir（默认：主目录下的 community-1234 文件夹），\n"
        "然后在浏览器中打开欢迎笔记本。按 Ctrl-C 停止。",
        "The first run copies the course into --dir (default: a community-1234 folder in your home folder),\n"
        "then opens the welcome notebook in the browser. Ctrl-C stops it.",
    ),
    "cli.dashboard.epilog": (
        "第一次运行时先把课程复制到 --dir（默认：主目录下的 community-1234 文件夹）。按 Ctrl-C 停止。",
        "The first run copies the course into --dir (default: a community-1234 folder in your home folder). "
        "Ctrl-C stops it.",
    ),
    "cli.arg.materials_dir": ("要复制到的文件夹（不存在时会创建）", "the folder to copy into (created if missing)"),
    "cli.arg.course_dir": (
        "课程文件夹（默认：{default}）",
        "the course folder (default: {default})",
    ),
    "cli.arg.course_port": ("端口（默认 0 = 任一空闲端口）", "port (default 0 = any free port)"),
    "cli.arg.no_browser": ("不自动打开浏览器，只打印地址", "do not open a browser, only print the address"),
    # ---------------------------------------------------------------- materials
    "course.copied": (
        "课程已复制到 {folder}：新增 {added} 个文件，更新 {updated} 个，{same} 个没有变化。",
        "Course copied into {folder}: added {added}, updated {updated}, unchanged {same} (files).",
    ),
    "course.added": ("新增 {path}", "added {path}"),
    "course.updated": ("更新 {path}", "updated {path}"),
    "course.kept": (
        "保留了你改过的 {path}（套件的版本不同，没有覆盖；想换成套件的版本，删掉这个文件再运行一次）",
        "kept your changed {path} (the kit's version differs and did not overwrite it; "
        "delete the file and run again to get the kit's version)",
    ),
    "course.next": ("开始上课：community-1234 lab --dir {folder}", "To start: community-1234 lab --dir {folder}"),
    "course.error.empty": ("文件夹为空：请给出一个文件夹", "the folder is empty: give a folder"),
    "course.error.file": (
        "{path} 是文件，不是文件夹：请换一个文件夹来放课程",
        "{path} is a file, not a folder: choose another folder for the course",
    ),
    "course.error.blocked": (
        "无法创建 {path}：{blocker} 是文件，不是文件夹",
        "{path} cannot be created: {blocker} is a file, not a folder",
    ),
    "course.error.write": (
        "无法写入 {path}：{why}。请换一个文件夹（例如主目录下的文件夹）",
        "cannot write to {path}: {why}. Choose another folder (one in your home folder, say)",
    ),
    "course.error.source": (
        "{path} 就是套件自带的课程文件，请复制到别的文件夹",
        "{path} holds the kit's own copy of the course: copy it into another folder",
    ),
    "course.error.where": (
        "{packaged} 里没有课程文件，{checkout} 也不是源码目录",
        "no course files in {packaged} nor in a source tree at {checkout}",
    ),
    "course.error.missing": (
        "这个安装里没有课程文件（{why}）；请重新安装：pip install --force-reinstall community-1234-kit",
        "this installation carries no course files ({why}); reinstall: pip install --force-reinstall community-1234-kit",
    ),
    "course.why.permission": ("没有写入权限", "no permission to write there"),
    "course.why.full": ("磁盘已满", "the disk is full"),
    # ---------------------------------------------------------------- lab and dashboard
    "course.missing_lab": (
        '{what}需要 JupyterLab 和 Voilà，尚未安装（缺少 {package}）。请运行：pip install "community-1234-kit[lab]"',
        "{what} needs JupyterLab and Voilà, which are not installed ({package} is missing). "
        'Run: pip install "community-1234-kit[lab]"',
    ),
    "course.what.lab": ("JupyterLab 课程环境", "the JupyterLab course"),
    "course.what.dashboard": ("看板", "the dashboard"),
    "course.first_copy": ("第一次使用：先把课程复制到 {folder}", "First use: copying the course into {folder}"),
    "course.no_notebook": (
        "{path} 不存在：运行 community-1234 materials {folder} 把课程补齐",
        "{path} does not exist: run community-1234 materials {folder} to restore the course",
    ),
    "course.starting": ("正在启动{what}（第一次可能要几十秒）…", "Starting {what} (the first time may take a minute)…"),
    "course.ready": (
        "在浏览器中打开上面的地址（它只在本机有效）；按 Ctrl-C 停止。",
        "Open the address above in a browser (it works on this machine only); Ctrl-C stops it.",
    ),
    "course.no_start": (
        "{what}没有启动（端口 {port}）：{why}",
        "{what} did not start (port {port}): {why}",
    ),
    "course.why.exited": ("服务进程退出了，见上面的信息", "the server process exited; see the messages above"),
    "course.why.port": ("端口可能已被占用，换一个端口或用 --port 0", "the port may be in use; try another or --port 0"),
    "course.why.timeout": ("{seconds} 秒内没有响应", "no answer within {seconds} s"),
    "course.stopping": ("正在停止…", "Stopping…"),
    "course.stopped": ("已停止。", "Stopped."),
    "course.died": (
        "{what}意外停止了（退出码 {code}），见上面的信息",
        "{what} stopped unexpectedly (exit code {code}); see the messages above",
    ),
}
