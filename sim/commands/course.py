"""The commands ``materials``, ``lab`` and ``dashboard``: the course on the user's own machine."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..course import CourseNotFound, materials_root
from ..course.materials import RECORD, MaterialsError, copy_materials, default_folder
from ..course.servers import DASHBOARD, WELCOME, ServerError, dashboard_plan, lab_plan, missing_package, serve
from ..i18n import t
from .options import UsageError, number_option


def add_materials_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``materials``."""
    parser.epilog = t("cli.materials.epilog", lang)
    parser.add_argument("dir", metavar="DIR", help=t("cli.arg.materials_dir", lang))


def _server_arguments(parser: argparse.ArgumentParser, lang: str, what: str) -> None:
    parser.epilog = t(f"cli.{what}.epilog", lang)
    default = f"~/{default_folder().name}"
    parser.add_argument("--dir", metavar="DIR", help=t("cli.arg.course_dir", lang, default=default))
    parser.add_argument("--port", default="0", metavar="P", help=t("cli.arg.course_port", lang))
    parser.add_argument("--no-browser", action="store_true", help=t("cli.arg.no_browser", lang))


def add_lab_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``lab``."""
    _server_arguments(parser, lang, "lab")


def add_dashboard_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``dashboard``."""
    _server_arguments(parser, lang, "dashboard")


def _copy(folder: str | Path, lang: str) -> None:
    try:
        report = copy_materials(folder, lang)
    except MaterialsError as exc:
        raise UsageError(str(exc)) from None
    for line in report.lines(lang):
        print(line, flush=True)


def cmd_materials(args: argparse.Namespace, lang: str) -> int:
    """Run ``materials``: copy the course into DIR, keeping every file the user changed."""
    _copy(args.dir, lang)
    folder = f'"{args.dir}"' if any(c.isspace() for c in args.dir) else args.dir
    print(t("course.next", lang, folder=folder))
    return 0


def _is_the_kits_own(folder: Path) -> bool:
    """Whether ``folder`` is where this installation keeps the course (a checkout: served as it is)."""
    try:
        return folder.resolve() == materials_root().resolve()
    except CourseNotFound:
        return False


def _course_folder(args: argparse.Namespace, lang: str, page: str) -> Path:
    """The course folder of ``lab``/``dashboard``: copied there on first use, and holding ``page``.

    The kit's own copy of the course (``--dir .`` in a checkout, for work on the notebooks
    themselves) is served as it is.
    """
    folder = Path(args.dir).expanduser() if args.dir else default_folder()
    if not (folder / RECORD).is_file() and not _is_the_kits_own(folder):
        print(t("course.first_copy", lang, folder=folder), flush=True)
        _copy(folder, lang)
    if not (folder / page).is_file():
        raise UsageError(t("course.no_notebook", lang, path=folder / page, folder=folder))
    return folder.absolute()


def _serve(args: argparse.Namespace, lang: str, what: str) -> int:
    missing = missing_package()
    if missing:
        raise UsageError(t("course.missing_lab", lang, what=t(f"course.what.{what}", lang), package=missing))
    port = int(number_option(args.port, "--port", lang, 0, 65535, integer=True))
    page = WELCOME.format(lang=lang) if what == "lab" else DASHBOARD
    folder = _course_folder(args, lang, page)
    plan = lab_plan if what == "lab" else dashboard_plan
    try:
        return serve(lambda token: plan(folder, lang, token), port, lang, open_browser=not args.no_browser)
    except ServerError as exc:
        raise UsageError(str(exc)) from None


def cmd_lab(args: argparse.Namespace, lang: str) -> int:
    """Run ``lab``: JupyterLab on the course folder, opening the welcome notebook in ``lang``."""
    return _serve(args, lang, "lab")


def cmd_dashboard(args: argparse.Namespace, lang: str) -> int:
    """Run ``dashboard``: the Voilà dashboard of the course folder."""
    return _serve(args, lang, "dashboard")
