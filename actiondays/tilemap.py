"""A tile-grid cartogram of the districts as inline SVG: one square per region, no tiles.

Each region has a fixed cell (`data/tile_grid_niedersachsen.csv`, derived from the regions'
approximate centroids), so neighbours stay roughly neighbours and every district is equally
easy to see and to click, the small independent cities included. Pure: data in, SVG out;
no Flask, no queries.
"""

import csv
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

GRID_FILE = Path(__file__).parent / "data" / "tile_grid_niedersachsen.csv"
CELL = 58
GAP = 4


@dataclass(frozen=True)
class Cell:
    column: int
    row: int
    short_name: str


@dataclass(frozen=True)
class Tile:
    """One region on the map: where, what to write, where it links, what a reader hears."""

    ags: str
    name: str
    count: int
    href: str
    label: str
    is_current: bool = False


@cache
def grid() -> dict[str, Cell]:
    """AGS → cell of the shipped grid (read once; the file is part of the package)."""
    with GRID_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["ags"]: Cell(int(row["column"]), int(row["row"]), row["short_name"])
            for row in csv.DictReader(handle)
        }


def _shade(count: int, highest: int) -> str:
    if count == 0:
        return "tile-empty"
    if count * 3 <= highest:
        return "tile-some"
    if count * 3 <= highest * 2:
        return "tile-many"
    return "tile-most"


def render_tile_map(tiles: list[Tile], title: str, description: str) -> str:
    """The tiles as an SVG; tiles whose AGS has no cell are left out (the list shows them)."""
    cells = grid()
    placed = [(cells[t.ags], t) for t in tiles if t.ags in cells]
    if not placed:
        return ""
    columns = max(cell.column for cell, _ in placed) + 1
    rows = max(cell.row for cell, _ in placed) + 1
    width, height = columns * (CELL + GAP), rows * (CELL + GAP)
    highest = max(t.count for _, t in placed)
    parts = [
        f'<svg class="tile-map" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg" '
        'aria-labelledby="tile-map-title tile-map-desc">',
        f'<title id="tile-map-title">{escape(title)}</title>',
        f'<desc id="tile-map-desc">{escape(description)}</desc>',
    ]
    for cell, tile in sorted(placed, key=lambda item: (item[0].row, item[0].column)):
        x, y = cell.column * (CELL + GAP), cell.row * (CELL + GAP)
        shade = _shade(tile.count, highest)
        current = " tile-current" if tile.is_current else ""
        parts.append(
            f'<a href="{escape(tile.href)}" aria-label="{escape(tile.label)}">'
            f'<rect class="{shade}{current}" x="{x + 1}" y="{y + 1}" width="{CELL - 2}" '
            f'height="{CELL - 2}" rx="4"/>'
            f'<text x="{x + CELL / 2:g}" y="{y + 24}" text-anchor="middle">'
            f"{escape(cell.short_name)}</text>"
            f'<text x="{x + CELL / 2:g}" y="{y + 42}" text-anchor="middle" '
            f'font-weight="700">{tile.count}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)
