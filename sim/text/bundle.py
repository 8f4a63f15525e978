"""The offline bundle (``cli.bundle.*``, ``bundle.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.

``bundle.script.*`` are the lines the install scripts print and ``bundle.readme.*`` the
README.txt in the zip; both languages go into each, as nobody knows the language of the
computer the zip is unpacked on.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cli.bundle.help": (
        "为没有网络的电脑打离线安装包（每个平台一个 zip）",
        "build offline install bundles for computers without internet (one zip per platform)",
    ),
    "cli.bundle.epilog": (
        "打包时需要联网：pip 从软件包索引（PyPI，或者用 pip config 配置的国内镜像）下载每个平台的 wheel。\n"
        "装包时不需要联网：把 zip 拷到 U 盘，在目标电脑上解压，运行 install.bat（Windows）或 install.sh。\n"
        "例如：community-1234 bundle --out 安装包 --platform windows --platform mac-arm",
        "Building needs the network: pip downloads each platform's wheels from the package index (PyPI, or a\n"
        "mirror set with pip config). Installing does not: copy the zip to a USB stick, unzip it on the target\n"
        "computer and run install.bat (Windows) or install.sh.\n"
        "Example: community-1234 bundle --out bundles --platform windows --platform mac-arm",
    ),
    "cli.bundle.arg.out": ("把 zip 写入此目录（不存在时创建）", "write the zips to this folder (created if missing)"),
    "cli.bundle.arg.platform": (
        "目标电脑：{names}，或者 wheel 平台标签（如 win_amd64）；可重复，每个平台一个 zip；默认本机",
        "target computer: {names}, or a wheel platform tag (such as win_amd64); repeatable, one zip each; "
        "default this computer",
    ),
    "cli.bundle.arg.python": (
        "目标电脑上的 Python 版本，例如 3.12（默认本机的 {python}）",
        "the Python version on the target computers, e.g. 3.12 (default this one's, {python})",
    ),
    "cli.bundle.arg.wheel": (
        "使用这个已经构建好的套件 wheel，而不是从源码目录构建",
        "use this ready-built wheel of the kit instead of building one from the source folder",
    ),
    "cli.bundle.arg.check": (
        "只检查每个平台的 wheel 能否凑齐，不下载、不写文件",
        "only check that every platform's wheels can be found; download and write nothing",
    ),
    # ------------------------------------------------------------------ progress and results
    "bundle.building": ("正在构建套件的 wheel……", "Building the kit's wheel…"),
    "bundle.downloading": (
        "{platform}：正在下载 Python {python} 的 wheel……",
        "{platform}: downloading the wheels for Python {python}…",
    ),
    "bundle.checking": ("{platform}：正在检查……", "{platform}: checking…"),
    "bundle.done": (
        "{platform}：{path}（{size}，{count} 个 wheel）",
        "{platform}: {path} ({size}, {count} wheels)",
    ),
    "bundle.check.ok": (
        "{platform}：可以（{count} 个软件包都有 wheel）",
        "{platform}: OK ({count} packages, every one with a wheel)",
    ),
    "bundle.check.failed": ("有平台凑不齐 wheel，见上。", "Some platforms lack wheels; see above."),
    # ------------------------------------------------------------------ errors (one line each)
    "bundle.error.platform": (
        "--platform {value}：不认识这个平台；可以用 {names}，或者 wheel 平台标签，例如 {examples}",
        "--platform {value}: unknown platform; use {names}, or a wheel platform tag such as {examples}",
    ),
    "bundle.error.python": (
        "--python {value}：应为“主版本.次版本”，例如 3.12",
        "--python {value}: expected a major.minor version such as 3.12",
    ),
    "bundle.error.no_platform": (
        "不知道本机是什么平台，请用 --platform 指定，例如 {examples}",
        "cannot tell this computer's platform; name one with --platform, e.g. {examples}",
    ),
    "bundle.error.no_out": ("缺少 --out 文件夹（zip 写到哪里）", "missing --out FOLDER (where the zips go)"),
    "bundle.error.out_file": ("--out {path}：这是一个文件，不是文件夹", "--out {path}: this is a file, not a folder"),
    "bundle.error.out_unwritable": ("--out {path}：无法写入（{why}）", "--out {path}: cannot write there ({why})"),
    "bundle.error.no_source": (
        "这里没有套件的源码目录（有 pyproject.toml 的那个），无法构建套件的 wheel：请用 --wheel 指定一个",
        "no source folder of the kit here (the one with pyproject.toml) to build its wheel from: give one with --wheel",
    ),
    "bundle.error.wheel": (
        "--wheel {path}：不是套件的 wheel 文件（应为 community_1234_kit-<版本>-py3-none-any.whl）",
        "--wheel {path}: not a wheel of the kit (expected community_1234_kit-<version>-py3-none-any.whl)",
    ),
    "bundle.error.offline": (
        "连不上软件包索引：打离线包需要联网，或者用 pip config set global.index-url 设置一个能访问的镜像",
        "cannot reach the package index: building a bundle needs the network, or a reachable mirror set with "
        "pip config set global.index-url",
    ),
    "bundle.error.missing": (
        "{platform}：{requirement} 没有适用于这个平台和 Python {python} 的 wheel",
        "{platform}: no wheel of {requirement} for this platform and Python {python}",
    ),
    "bundle.error.requires_python": (
        "{platform}：有软件包不支持 Python {python}（{detail}）",
        "{platform}: a package does not support Python {python} ({detail})",
    ),
    "bundle.error.pip": ("{platform}：pip 没有成功：{detail}", "{platform}: pip failed: {detail}"),
    "bundle.error.build": ("构建套件的 wheel 失败：{detail}", "building the kit's wheel failed: {detail}"),
    # ------------------------------------------------------------------ the install scripts
    "bundle.script.not_unzipped": (
        "这里没有 wheels 文件夹：请先把整个压缩包解压，再运行解压出来的安装脚本。",
        "There is no wheels folder here: unzip the whole archive first, then run the script in the unzipped folder.",
    ),
    "bundle.script.find_python": ("正在查找 Python {python}……", "Looking for Python {python}…"),
    "bundle.script.no_python": (
        "没有找到 Python {python}。请先安装它（见 README.txt），再运行一次本脚本。",
        "Python {python} was not found. Install it first (see README.txt), then run this script again.",
    ),
    "bundle.script.venv": ("正在创建 Python 环境：", "Creating the Python environment in:"),
    "bundle.script.installing": (
        "正在从本文件夹安装套件（不需要联网，需要几分钟）……",
        "Installing the kit from this folder (no internet needed; this takes a few minutes)…",
    ),
    "bundle.script.failed": (
        "安装没有完成。请把上面的信息拍照发给培训师。",
        "The installation did not finish. Take a photo of the messages above and send it to the trainer.",
    ),
    "bundle.script.done": ("安装完成。", "Installed."),
    "bundle.script.press_enter": ("按回车键关闭窗口", "Press Enter to close this window"),
    "bundle.script.start_lab": ("学员动手用（JupyterLab）：", "To work through the notebooks (JupyterLab):"),
    "bundle.script.start_dashboard": ("培训师投屏用（看板）：", "To show the dashboard on the projector:"),
    "bundle.script.launchers": (
        "也可以双击下面的启动文件：",
        "Or double-click one of these start files:",
    ),
    # ------------------------------------------------------------------ README.txt in the zip
    "bundle.readme.title": ("社区 1234 工作法培训套件：离线安装包", "Community 1234 Kit: offline install bundle"),
    "bundle.readme.for": (
        "适用于：{platform}，Python {python}；套件版本 {version}。安装时不需要联网，也不需要管理员权限。",
        "For: {platform}, Python {python}; kit version {version}. Installing needs no internet and no "
        "administrator rights.",
    ),
    "bundle.readme.python.windows": (
        "1. 安装 Python {python}（只为当前用户安装，不需要管理员权限）：运行 python.org 的 Windows 安装程序，"
        "第一页去掉“Use admin privileges when installing py.exe”的勾，勾选“Add python.exe to PATH”，再点“Install Now”；"
        "不要选“Install for all users”（为所有用户安装）。",
        "1. Install Python {python} for the current user only (no administrator rights needed): run the python.org "
        'installer for Windows; on its first page untick "Use admin privileges when installing py.exe", tick "Add '
        'python.exe to PATH" and click "Install Now"; do not choose "Install for all users".',
    ),
    "bundle.readme.python.mac": (
        "1. 安装 Python {python}：运行 python.org 的 macOS 安装程序（需要输入一次管理员密码；没有的话请信息科帮忙）。",
        "1. Install Python {python}: run the python.org installer for macOS (it asks once for an administrator "
        "password; ask IT if you have none).",
    ),
    "bundle.readme.python.linux": (
        "1. 需要 Python {python}：在终端里运行 python{python} --version 查看。没有的话请信息科安装 Python {python}"
        "（连同它的 venv 模块）；统信、麒麟自带的 python3 往往版本太旧。",
        "1. Python {python} is needed: run python{python} --version in a terminal to see. If it is missing, ask IT "
        "to install Python {python} (with its venv module); the python3 that comes with UOS or Kylin is often "
        "too old.",
    ),
    "bundle.readme.unzip": (
        "2. 把整个压缩包解压到任意文件夹（例如桌面）。",
        "2. Unzip the whole archive into any folder (the desktop will do).",
    ),
    "bundle.readme.run.windows": (
        "3. 在解压出来的文件夹里双击 install.bat（也可以在 PowerShell 里运行 install.ps1）。",
        "3. In the unzipped folder, double-click install.bat (or run install.ps1 in PowerShell).",
    ),
    "bundle.readme.run.posix": (
        "3. 在终端里进入解压出来的文件夹，运行：sh install.sh",
        "3. In a terminal, go to the unzipped folder and run: sh install.sh",
    ),
    "bundle.readme.kit": (
        "C:\\Users\\<用户名>\\community-1234",
        "C:\\Users\\<your user name>\\community-1234",
    ),
    "bundle.readme.where": (
        "4. 安装脚本把套件装进 {kit} 文件夹里的 venv 子文件夹；最后屏幕上会显示怎样启动。",
        "4. The script installs the kit into the venv folder inside {kit}; at the end the screen says how to start it.",
    ),
    "bundle.readme.start.windows": (
        "启动：双击 {kit} 里的 start-lab.bat（学员动手用）或 start-dashboard.bat（培训师投屏用）。",
        "To start: double-click start-lab.bat (learners, hands-on) or start-dashboard.bat (trainer, projector) "
        "in {kit}.",
    ),
    "bundle.readme.start.posix": (
        "启动：在终端里运行 {command} lab（学员动手用）或 {command} dashboard（培训师投屏用）。",
        "To start: run {command} lab (learners, hands-on) or {command} dashboard (trainer, projector) in a terminal.",
    ),
    "bundle.readme.uninstall": (
        "卸载：删除 {kit} 里的 venv 文件夹即可；你的笔记本文件不受影响。",
        "To uninstall, delete the venv folder in {kit}; your notebooks stay.",
    ),
}
