"""Territory maps and their compiled per-vertex weights (Qt-free)."""
from __future__ import annotations

from pathlib import Path

from radviz.atlas.compiler import SIDES, Atlas, compile_map
from radviz.atlas.schema import TerritoryMap, load_map
from radviz.body import Body
from radviz.errors import InputError
from radviz.identity import body_key, same_topology
from radviz.paths import maps_dir

__all__ = ["DEFAULT_MAP", "available_maps", "map_path", "get_map", "get_dermatome_map", "get_atlas",
           "Atlas", "TerritoryMap", "SIDES"]

DEFAULT_MAP = "lee2008"
_MAPS: dict[tuple[str, str], TerritoryMap] = {}
_ATLASES: dict[tuple, Atlas] = {}


def available_maps(kind: str = "dermatomes") -> list[str]:
    """Names of the shipped maps of one kind (``dermatomes`` or ``nerves``), default first."""
    names = []
    for path in sorted(maps_dir().glob("*.yaml")):
        if not path.is_file():
            continue
        with path.open("rb") as fh:  # only the head: the kind is stated at the top
            head = fh.read(4000).decode("utf-8", errors="replace")
        if "schema: radviz-map/1" in head and f"kind: {kind}" in head:
            names.append(path.stem)
    return sorted(names, key=lambda n: (n != DEFAULT_MAP, n))


def map_path(name: str, source: str = "--map") -> Path:
    """Path of a shipped map by name, or of a map file given as a path.

    ``source`` names where the name came from (``--map``, a session key) for the error.
    """
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        return candidate
    path = maps_dir() / f"{name}.yaml"
    if "/" in name or "\\" in name or name.startswith(".") or not path.exists():
        known = ", ".join(available_maps("dermatomes") + available_maps("nerves"))
        raise InputError(source, name, f"unknown map; available: {known}")
    return path


def get_map(name: str, body: Body | None = None, source: str = "--map") -> TerritoryMap:
    """Load (once) and validate a map against the body's landmarks and joints.

    A body without its own anatomy (a foreign mesh fitted to the shipped body) borrows the
    shipped body's landmarks: its maps are compiled there and transferred.
    """
    path = map_path(name, source)
    key = (str(path), str(path.stat().st_mtime_ns))
    if key not in _MAPS:
        if body is not None and not body.has_anatomy and body.base_index is not None:
            from radviz.body import default_body

            body = default_body()
        names = None if body is None else set(body.landmarks) | set(body.joints)
        _MAPS[key] = load_map(path, names)
    return _MAPS[key]


def get_dermatome_map(name: str, body: Body | None = None, source: str = "--map") -> TerritoryMap:
    """:func:`get_map`, refusing maps of another kind (``nerves`` names nerve territories, not roots)."""
    tmap = get_map(name, body, source)
    if tmap.kind != "dermatomes":
        raise InputError(source, name, f"is a map of {tmap.kind}, not of dermatomes; dermatome maps: "
                                       f"{', '.join(available_maps('dermatomes'))}")
    return tmap


def get_atlas(body: Body, name: str = DEFAULT_MAP) -> Atlas:
    """The compiled atlas of a map on a body (memoised per process, cached on disk)."""
    from radviz.body import default_body

    base = default_body()
    if body is not base and body.base_index is None and same_topology(body, base):
        # A reshaped base body: same topology, so the same weights per vertex (compile nothing twice).
        return get_atlas(base, name)
    tmap = get_map(name, body)
    key = (tmap.digest, body_key(body))
    if key not in _ATLASES:
        _ATLASES[key] = compile_map(tmap, body)
    return _ATLASES[key]
