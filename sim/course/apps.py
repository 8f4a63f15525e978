"""JupyterLab and Voilà as the kit starts them, set up so that their pages ask nothing of the internet.

Run as ``python -m sim.course.apps lab|dashboard [options]`` by ``community-1234 lab`` and
``community-1234 dashboard`` (``sim.course.servers``). The token comes in the environment
variable ``COMMUNITY_1234_TOKEN``, kept off the command line (which other users of the
machine can read) and removed before any kernel starts. Both listen on 127.0.0.1 only,
open no browser (the command does), require the token and log warnings and errors only.

JupyterLab (``lab``) runs without its news feed, update check and PyPI extension manager, and
without the announcements plugin that would ask whether to fetch news
(``sim/course/jupyter/config/labconfig/page_config.json``); its Voilà preview
(``/voila/render/…``) is set up as the dashboard is.

Voilà (``dashboard NOTEBOOK``) renders with the template ``community-1234``
(``sim/course/jupyter/data/voila/templates/``): Voilà's "lab" template without its links to Font
Awesome on a CDN — the icons the widgets use come with Voilà's own script, served by this
server — and error pages that link nothing outside; and it typesets with the MathJax bundled
with Voilà instead of the one its page config loads from cdnjs.

Both wait for kernel replies in slices (``sim.course.kernel_replies``), so a reply whose
wake-up was lost on a busy machine does not leave a page loading for ever.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from pathlib import Path
from typing import Any

from sim.course.kernel_replies import look_again_in_slices

JUPYTER = Path(__file__).resolve().parent / "jupyter"
JUPYTER_DATA = JUPYTER / "data"  # voila/templates/community-1234
JUPYTER_CONFIG = JUPYTER / "config"  # labconfig/page_config.json
TEMPLATE = "community-1234"
TOKEN_VARIABLE = "COMMUNITY_1234_TOKEN"
LOOPBACK = "127.0.0.1"


def local_mathjax(page_config: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Voilà's page-config hook: no MathJax URL, so the page typesets with its bundled MathJax.

    Voilà's front end loads MathJax from ``fullMathjaxUrl`` (cdnjs by default) unless both
    that option and ``mathjaxConfig`` are the string ``"null"``.
    """
    return {**page_config, "fullMathjaxUrl": "null", "mathjaxConfig": "null"}


def _config():  # noqa: ANN202
    """Settings both servers share: quiet logs, and Voilà's pages (the dashboard, JupyterLab's preview) offline."""
    from traitlets.config import Config

    # Voilà finds templates in the Jupyter data path, JupyterLab its page config in the config
    # path: put the kit's first.
    for variable, folder in (("JUPYTER_PATH", JUPYTER_DATA), ("JUPYTER_CONFIG_PATH", JUPYTER_CONFIG)):
        os.environ[variable] = os.pathsep.join(filter(None, [str(folder), os.environ.get(variable)]))
    config = Config()
    config.Application.log_level = "WARN"
    config.ServerApp.log_level = "WARN"
    config.VoilaConfiguration.template = TEMPLATE
    config.VoilaConfiguration.page_config_hook = local_mathjax
    return config


def lab(argv: list[str], token: str) -> None:
    """Start JupyterLab; ``argv`` adds its options (``--port``, ``--ServerApp.root_dir``…)."""
    from jupyterlab.labapp import LabApp

    config = _config()
    config.IdentityProvider.token = token
    config.ServerApp.ip = LOOPBACK
    config.ServerApp.open_browser = False
    config.ServerApp.port_retries = 0
    config.LabApp.news_url = None
    config.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.NeverCheckForUpdate"
    config.LabApp.extension_manager = "readonly"
    # Voilà, loaded as a server extension, shows traitlets' DeprecationWarnings (Python hides
    # them by default), and notebook_shim reads the token under its pre-2.0 name: warnings for
    # the libraries' developers, not for someone opening a notebook. Importing Voilà first puts
    # this filter, which hides them again, before its own.
    with contextlib.suppress(ImportError):
        import voila  # noqa: F401
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="traitlets")
    # ExtensionApp.launch_instance takes no configuration: these are its two steps, with ours.
    server = LabApp.initialize_server(argv=argv, config=config)
    server.start()


def dashboard(argv: list[str], token: str) -> None:
    """Start Voilà; ``argv`` is the notebook and its options (``--port``)."""
    from voila.app import Voila

    config = _config()
    config.Voila.ip = LOOPBACK
    config.Voila.open_browser = False
    config.Voila.port_retries = 0
    config.Voila.token = token
    config.Voila.log_level = "WARN"
    Voila.launch_instance(argv=argv, config=config)


def main(argv: list[str] | None = None) -> None:
    """``lab [options]`` or ``dashboard NOTEBOOK [options]``, the token in ``COMMUNITY_1234_TOKEN``."""
    argv = sys.argv[1:] if argv is None else argv
    token = os.environ.pop(TOKEN_VARIABLE, "")
    if not argv or argv[0] not in ("lab", "dashboard") or not token:
        sys.exit(f"usage: {TOKEN_VARIABLE}=<secret> python -m sim.course.apps lab|dashboard [options]")
    look_again_in_slices()
    (lab if argv[0] == "lab" else dashboard)(argv[1:], token)


if __name__ == "__main__":
    main()
