"""The community's layout (社区布局): buildings on the map, compounds, grids and who lives where.

Buildings are laid out in compact blocks along a serpentine path; compounds (小区) and
grids (网格) are consecutive runs of buildings and households along the same path, so
both form contiguous areas on the map. Workload is uneven: compounds are ranked at
random and each household's rate of issues follows its compound's rank.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from mesa.discrete_space import OrthogonalMooreGrid

from ..params import CATEGORY_KEYS
from .agents import Household


class Layout:
    """Where every building and household is, and which compound and grid it belongs to.

    Args:
        params: the scenario's parameter values.
        rng: the run's random generator (ranks the compounds' workload).
        random: the run's ``random.Random`` (Mesa's grid takes one).

    Attributes:
        grid: the map (``mesa.discrete_space.OrthogonalMooreGrid``); a cell is a building or open ground.
        building_cells: the cell of every building, in path order.
        hh_building, hh_compound, hh_grid: building, compound and grid of every household.
        hh_weight: each household's relative rate of property issues (mean 1).
        compound_weight: each compound's share of the workload.
        grid_load: each grid's expected share of all issues.
        cum_weight, cum_weight_other: cumulative household weights for drawing where property
            issues and other issues arise.
        cell_compound, cell_grid: compound and grid of every building cell.
        n_grids: how many grids (one per staff member).
    """

    def __init__(self, params: dict[str, Any], rng: np.random.Generator, random, room: int = 0):
        """Lay buildings out in compact blocks: compounds, then grids along the same path.

        ``room``: households that may move in later (``move_in``); the map leaves space for them.
        """
        p = params
        n_hh, per_bld = p["households"], p["households_per_building"]
        n_bld = math.ceil(n_hh / per_bld)
        side = max(2, math.ceil(math.sqrt(n_bld + (math.ceil(room / per_bld) if room else 0))))
        self.grid = OrthogonalMooreGrid((side, side), capacity=None, random=random)
        # Serpentine path through bands two rows high, so consecutive cells form blocks.
        path = []
        for band in range(0, side, 2):
            cols = range(side) if (band // 2) % 2 == 0 else range(side - 1, -1, -1)
            for x in cols:
                for y in (band, band + 1):
                    if y < side:
                        path.append((x, y))
        self.path = path
        self.per_building = per_bld
        self.building_cells = path[:n_bld]
        bld_of_hh = np.minimum(np.arange(n_hh) // per_bld, n_bld - 1)
        k = p["compounds"]
        comp_of_bld = np.minimum(np.arange(n_bld) * k // n_bld, k - 1)
        self.hh_compound = comp_of_bld[bld_of_hh]
        g = p["staff"]
        self.n_grids = g
        self.hh_grid = np.minimum(np.arange(n_hh) * g // n_hh, g - 1)
        self.hh_building = bld_of_hh
        # Uneven workload: compounds ranked at random, rate ∝ rank^-skew (mean 1 per household).
        ranks = rng.permutation(k) + 1.0
        comp_w = ranks ** (-p["workload_skew"])
        w = comp_w[self.hh_compound]
        self.hh_weight = w / w.mean()
        self.compound_weight = comp_w / comp_w.sum()
        self.cum_weight = np.cumsum(self.hh_weight)
        self.cum_weight /= self.cum_weight[-1]
        other = (ranks ** (-p["workload_skew_other"]))[self.hh_compound]
        self.hh_weight_other = other / other.mean()
        self.cum_weight_other = np.cumsum(other)
        self.cum_weight_other /= self.cum_weight_other[-1]
        # Each grid's expected share of all issues: property and other issues by their shares.
        self.property_share = p["categories.property.share"] / sum(p[f"categories.{k}.share"] for k in CATEGORY_KEYS)
        self._grid_load()
        self.cell_compound = {path[b]: int(comp_of_bld[b]) for b in range(n_bld)}
        self.cell_grid = {path[b]: int(self.hh_grid[np.searchsorted(bld_of_hh, b)]) for b in range(n_bld)}

    def _grid_load(self) -> None:
        share = self.property_share
        rate = share * self.hh_weight + (1.0 - share) * self.hh_weight_other
        self.grid_load = np.bincount(self.hh_grid, weights=rate, minlength=self.n_grids) / rate.sum()

    def move_in(self, n: int) -> list[int]:
        """A new compound of ``n`` households in new buildings next along the path; their indices.

        The compound joins the grid its first building touches on the path (the last grid), as
        a street office gives a new compound to the grid next to it. Its households are average
        ones: each has the mean rate of issues of the households already there.
        """
        first, per_bld = len(self.hh_building), self.per_building
        b0 = len(self.building_cells)
        n_bld = math.ceil(n / per_bld)
        if b0 + n_bld > len(self.path):
            raise ValueError(f"no room on the map for {n} more households")
        self.building_cells = self.path[: b0 + n_bld]
        compound = int(self.hh_compound.max()) + 1
        grid = int(self.hh_grid[-1])
        self.hh_building = np.concatenate([self.hh_building, b0 + np.arange(n) // per_bld])
        self.hh_compound = np.concatenate([self.hh_compound, np.full(n, compound)])
        self.hh_grid = np.concatenate([self.hh_grid, np.full(n, grid)])
        # Relative rates keep their scale (mean 1 over the first households), so theirs do not change.
        self.hh_weight = np.concatenate([self.hh_weight, np.ones(n)])
        self.hh_weight_other = np.concatenate([self.hh_weight_other, np.ones(n)])
        self.cum_weight = np.cumsum(self.hh_weight) / self.hh_weight.sum()
        self.cum_weight_other = np.cumsum(self.hh_weight_other) / self.hh_weight_other.sum()
        per_home = np.bincount(self.hh_compound, weights=self.hh_weight) / np.bincount(self.hh_compound)
        self.compound_weight = per_home / per_home.sum()  # the same order as before for the first compounds
        self._grid_load()
        for b in range(b0, b0 + n_bld):
            self.cell_compound[self.path[b]] = compound
            self.cell_grid[self.path[b]] = grid
        return list(range(first, first + n))

    def household_cells(self) -> list:
        """The cell every household lives in, by household index."""
        return [self.grid[self.building_cells[b]] for b in self.hh_building.tolist()]

    def centre_cell(self, building_indices: np.ndarray):
        """The middle one of these buildings' cells."""
        b = int(building_indices[len(building_indices) // 2])
        return self.grid[self.building_cells[b]]

    def grid_households(self, grid: int) -> list[int]:
        """The households of a grid, in index order."""
        return np.flatnonzero(self.hh_grid == grid).tolist()

    def compound_households(self, compound: int) -> list[int]:
        """The households of a residential compound, in index order."""
        return np.flatnonzero(self.hh_compound == compound).tolist()

    def centre_of(self, households: list[int]):
        """The middle building cell of these households (where a desk or station sits)."""
        return self.centre_cell(np.unique(self.hh_building[households]))

    def busiest_compounds(self, n: int) -> list[int]:
        """The ``n`` compounds with the most issues per household, in index order."""
        return sorted(int(c) for c in np.argsort(-self.compound_weight, kind="stable")[:n])


def move_in(model, n: int) -> None:
    """``n`` households of a new compound move into ``model`` (新小区入住): homes on the map, issues from today.

    Practices that go round the households take the new ones into their rounds
    (``moved_in`` hooks, idle practices too, so a practice switched on later knows them).
    """
    if n <= 0:
        return
    layout = model.layout
    homes = layout.move_in(n)
    model._layout_tables()
    cells = layout.household_cells()
    compound, grid = int(layout.hh_compound[homes[0]]), int(layout.hh_grid[homes[0]])
    model.households.extend(Household(cells[h], compound, grid) for h in homes)
    model.moved_in += n
    if model.office is not None and model.office.homes:  # the office's round: new homes last
        model.office.homes.extend(homes)
    for practice in model._built:  # none yet when they move in at set-up
        if "moved_in" in type(practice).hooks():
            practice.moved_in(homes)
