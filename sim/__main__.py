"""``python -m sim``: the kit's command line (see ``sim.cli``)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main(prog="python -m sim"))
