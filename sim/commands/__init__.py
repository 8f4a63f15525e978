"""The parts of the command line (``sim.cli``), by what they do.

``options``: usage errors, argparse's messages translated, option values, ``--set`` and
scenario loading. ``parser``: the argument parser and its help. ``output``: terminal
tables and lines. ``runs``: the commands ``scenarios``, ``params``, ``run`` and
``compare``. ``experiment``: ``experiment run|status|analyze``. ``sim.cli`` holds the
entry point (``main``) and re-exports the names other modules import from it.
"""
