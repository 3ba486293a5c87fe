"""Region codes a researcher can join on: body parts, dermatomes and nerve territories, per side.

Cohort tables (``radviz cohort --csv``) name one column per region, so the codes must be stable
and documented: ``part.<body part>.<side>`` for the shipped mesh's body parts,
``derm.<root>.<side>`` for the territories of the chosen dermatome map and
``nerve.<nerve>.<side>`` for the cutaneous nerve territories.  ``docs/regions.md`` is generated
from the data by :func:`regions_markdown` (a test keeps it in step); regenerate it with
``python -m radviz.regions > docs/regions.md``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from radviz.body import Body

__all__ = ["FAMILIES", "FAMILY_PREFIX", "Region", "RegionTable", "region_table", "regions_markdown"]

FAMILIES = ("part", "root", "nerve")
"""Region families in table order; ``root`` regions are the dermatomes of the chosen map."""

FAMILY_PREFIX = {"part": "part", "root": "derm", "nerve": "nerve"}

_SIDES = ("left", "right")
_SIDE_SIGN = {"left": 1, "right": -1}


@dataclass(frozen=True)
class Region:
    """One joinable region: ``code`` (``derm.L5.left``), its family, name, side and plain label."""

    code: str
    family: str
    name: str
    side: str
    label: str


@dataclass
class RegionTable:
    """Regions and their per-vertex membership on one body.

    Attributes
    ----------
    regions : list of Region
    weights : sparse csc, shape (n_vertices, n_regions)
        Membership (body part 0/1, half on the midline; dermatome and nerve: the compiled map
        weight, the share of people in whom that skin belongs to the territory) times the vertex
        area in dm^2, so one product gives painted skin per region.
    area : array, shape (n_regions,)
        Each region's skin in dm^2 (the column sums of ``weights``).
    """

    regions: list[Region]
    weights: sp.csc_matrix
    area: np.ndarray

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.regions]

    def coverage(self, painted: sp.spmatrix) -> np.ndarray:
        """Share (0..1) of each region's skin with symptoms, per drawing.

        ``painted`` : sparse, shape (n_drawings, n_vertices), 1 where a drawing has symptoms.
        Returns an array of shape (n_drawings, n_regions).
        """
        return np.asarray((painted @ self.weights).todense()) / np.maximum(self.area, 1e-12)

    def select(self, families) -> "RegionTable":
        """The regions of some families only (``radviz cohort --by``), in table order."""
        keep = [k for k, r in enumerate(self.regions) if r.family in families]
        return RegionTable([self.regions[k] for k in keep], self.weights[:, keep].tocsc(), self.area[keep])


def _code_name(name: str) -> str:
    """A region name as it appears in a code: lower-case body parts with underscores, map names as is."""
    return name.replace(" ", "_")


def _part_columns(body: Body) -> tuple[list[Region], list[np.ndarray]]:
    """Each mesh body part split at the midline; midline vertices count half to each side."""
    regions, columns = [], []
    for k, part in enumerate(body.part_names):
        inside = body.part == k
        if not inside.any():
            continue
        for side in _SIDES:
            member = inside * np.where(body.side == _SIDE_SIGN[side], 1.0, np.where(body.side == 0, 0.5, 0.0))
            if not member.any():
                continue
            regions.append(Region(f"part.{_code_name(part)}.{side}", "part", part, side, f"{side} {part}"))
            columns.append(member)
    return regions, columns


def _atlas_regions(atlas, family: str) -> tuple[list[Region], sp.csc_matrix]:
    """One region per (territory, side) column of a compiled map, in the map's order."""
    prefix = FAMILY_PREFIX[family]
    regions, keep = [], []
    for territory in atlas.territories:
        spec = atlas.map.territories[territory]
        for side in _SIDES:
            if (territory, side) not in atlas.columns:
                continue
            label = f"{side} {spec.label or territory} {'dermatome' if family == 'root' else 'nerve territory'}"
            regions.append(Region(f"{prefix}.{_code_name(territory)}.{side}", family, territory, side, label))
            keep.append(atlas.column(territory, side))
    return regions, atlas.weights.tocsc()[:, keep]


def region_table(body: Body, dermatomes, nerves=None) -> RegionTable:
    """Every region of ``body`` (parts), the dermatome atlas and the nerve atlas, with membership.

    ``dermatomes`` and ``nerves`` are compiled :class:`radviz.atlas.Atlas` objects on ``body``.
    """
    part_regions, part_cols = _part_columns(body)
    blocks = [sp.csc_matrix(np.column_stack(part_cols)) if part_cols else sp.csc_matrix((body.n_vertices, 0))]
    regions = list(part_regions)
    for family, atlas in (("root", dermatomes), ("nerve", nerves)):
        if atlas is None:
            continue
        more, weights = _atlas_regions(atlas, family)
        regions += more
        blocks.append(weights)
    membership = sp.hstack(blocks).tocsc()
    weights = sp.csc_matrix(membership.multiply(body.vertex_areas[:, None]))
    return RegionTable(regions, weights, np.asarray(weights.sum(axis=0)).ravel())


# ------------------------------------------------------------------- the documented table
def _rows(table: RegionTable, descriptions: dict[str, str]) -> list[str]:
    lines = ["| Code | Name | Side | Skin on the shipped body (cm²) | What it is |", "|---|---|---|---:|---|"]
    for region, area in zip(table.regions, table.area):
        text = descriptions.get(region.name, region.label).replace("|", "/")
        lines.append(f"| `{region.code}` | {region.name} | {region.side} | {area * 100:,.0f} | {text} |")
    return lines


def regions_markdown() -> str:
    """The region-code table for ``docs/regions.md``, generated from the shipped body and maps."""
    from radviz.atlas import available_maps, get_atlas
    from radviz.body import default_body
    from radviz.cohort.table import COLUMN_MEANINGS, SHARE_DECIMALS
    from radviz.engine import NERVE_MAP

    body = default_body()
    nerves = get_atlas(body, NERVE_MAP)
    out = ["# Region codes", "",
           "Generated by `python -m radviz.regions > docs/regions.md` from the shipped body and maps "
           "(a test checks this file matches); do not edit by hand.", "",
           "`radviz cohort --csv` writes one column per region, named by the codes below. A value is the "
           "share (0..1) of that region's skin with symptoms in one drawing, weighted by skin area. "
           "Dermatome and nerve regions are graded: a vertex counts by its compiled map weight (the "
           "share of people in whom that skin belongs to the territory), so a value is the painted "
           "share of the territory's expected skin. Body parts are the shipped mesh's parts, split at "
           "the midline (midline skin counts half to each side). `--by root|nerve|part` keeps one "
           "family of columns.", "",
           "Codes: `part.<body part>.<side>`, `derm.<root>.<side>` (the dermatomes of the `--map`), "
           "`nerve.<nerve>.<side>`; sides are the subject's. Shares are written with "
           f"{SHARE_DECIMALS} decimals.", "",
           "## Columns before the regions", "", "| Column | What it holds |", "|---|---|",
           *[f"| `{name}` | {meaning} |" for name, meaning in COLUMN_MEANINGS.items()], ""]
    parts = region_table(body, None, None)
    out += ["## Body parts (mesh `meshes/hm08.npz`)", "", *_rows(parts, {}), ""]
    for name in available_maps("dermatomes"):
        atlas = get_atlas(body, name)
        table = region_table(body, atlas, None).select(("root",))
        descriptions = {t: atlas.map.territories[t].description for t in atlas.territories}
        out += [f"## Dermatomes, map `{name}` (`radviz cohort --map {name}`)", "", *_rows(table, descriptions), ""]
    table = region_table(body, None, nerves).select(("nerve",))
    descriptions = {t: f"{spec.label} nerve: {spec.description}" for t, spec in nerves.map.territories.items()}
    out += [f"## Cutaneous nerve territories (map `{NERVE_MAP}`)", "", *_rows(table, descriptions), ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(regions_markdown(), end="")
