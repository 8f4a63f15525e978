"""Serves the Solara participant page (solara_page.py) under uvicorn, with ``/push`` in front.

Solara reads the app to serve from ``SOLARA_APP`` when its server module is imported, and
imports it by module name, so that this launcher and Solara share one solara_page module.
"""

from __future__ import annotations

import os

os.environ["SOLARA_APP"] = "solara_page"

import page_text as pt  # noqa: E402
import solara_page  # noqa: E402
import uvicorn  # noqa: E402
from solara.server.starlette import app  # noqa: E402
from starlette.routing import Route  # noqa: E402

app.router.routes.insert(0, Route("/push", solara_page.push, methods=["POST"]))

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=pt.port(), log_level="warning")
