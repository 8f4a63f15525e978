"""``python -m sim.calibrate LOG.csv --out scenario.toml …`` and ``python -m sim.calibrate example``."""

from .program import main

if __name__ == "__main__":
    raise SystemExit(main())
