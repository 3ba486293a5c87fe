"""Each cohort drawing's best-ranked root, by the same model and findings as ``radviz locate``.

Sums for a whole chunk come from one set of sparse products (``Localizer.contribution_many``) and
the posteriors from one set of array operations (``Localizer.results``).
"""
from __future__ import annotations

from radviz.body import Body
from radviz.cohort.painting import PaintedChunk
from radviz.locate_cli import findings_from
from radviz.localize import EPSILON

__all__ = ["top_roots"]


def top_roots(body: Body, items: list[dict], painted: PaintedChunk) -> list[tuple[str, str, float] | None]:
    """(root, side, score) of the best root per drawing, None for a drawing without symptoms.

    ``items`` are ``parse_batch_line`` dicts (their map, symptom and findings are used);
    ``painted`` is their painting.  A line's findings apply to the side it names, else to the side
    most of its points are on, as in ``radviz locate``.
    """
    from radviz.engine import get_engine

    drawings = painted.split()
    out: list[tuple[str, str, float] | None] = [None] * len(items)
    for map_name in dict.fromkeys(it["map"] for it in items):
        loc = get_engine(body, map_name).localizer
        todo = [k for k, it in enumerate(items) if it["map"] == map_name and len(drawings[k][0])]
        if not todo:
            continue
        sums = loc.contribution_many([(drawings[k][0], loc.area[drawings[k][0]] * drawings[k][1],
                                       EPSILON[items[k]["symptom"]]) for k in todo])
        findings = [findings_from(items[k]["weak"], items[k]["normal"], items[k]["reflex"], items[k]["sign"],
                                  items[k]["side"] or ("right" if painted.seed_sides[k] < 0 else "left"))
                    for k in todo]
        for k, result in zip(todo, loc.results(sums, findings)):
            table = result.table
            j = int(table.order[0])
            root, root_side = table.keys[j]
            out[k] = (root, root_side, float(table.scores[j]))
    return out
