"""``radviz cohort``: the command line (arguments, the streaming loop, the summary it prints).

    radviz cohort DRAWINGS.jsonl --out heatmap.png [--csv regions.csv] [--by root|nerve|part]
                  [--symptom pain|numbness|tingling ...] [--map lee2008]

Bad lines are named with their number on stderr and skipped; the outputs are still written and
the exit status (2) says some lines were not counted.
"""
from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from radviz.regions import FAMILIES
from radviz.vocabulary import SYMPTOMS

__all__ = ["add_cohort_command", "map_cohort", "run_cohort", "COHORT_CHUNK"]

COHORT_CHUNK = 1024
"""Drawings painted, tallied, scored and written together (memory is one chunk, whatever the cohort)."""


def add_cohort_command(sub) -> None:
    """Register ``cohort`` on the ``radviz`` subcommand parsers."""
    p = sub.add_parser("cohort", help="heat map and per-region table of many people's drawings (research)",
                       description="Share of people with symptoms at each skin point (front/back heat map) and, "
                                   "with --csv, one row per drawing with the painted share of every region "
                                   "(codes in docs/regions.md). Reads the 'locate --batch' JSON-lines format "
                                   "with optional 'id', 'date' and 'group' fields. With --symptom, a drawing of "
                                   "another symptom counts as a person without symptoms (the share is of everyone).")
    p.add_argument("drawings", type=Path, metavar="DRAWINGS.jsonl")
    p.add_argument("--out", type=Path, required=True, help="heat map PNG to write")
    p.add_argument("--csv", type=Path, help="CSV to write: one row per drawing, one column per region")
    p.add_argument("--by", action="append", choices=FAMILIES, metavar="root|nerve|part",
                   help="region columns of the CSV: dermatomes (root), nerve territories or body parts "
                        "(repeat to combine; default all three)")
    p.add_argument("--symptom", nargs="+", action="extend", choices=SYMPTOMS, metavar="SYMPTOM",
                   help=f"count only these symptoms ({', '.join(SYMPTOMS)}; default all)")
    p.add_argument("--map", default="lee2008", help="dermatome map for the root regions and scores (default lee2008)")
    p.set_defaults(func=run_cohort)


def _check_paths(args) -> None:
    """Refuse unusable or clashing outputs before any work (an output must never overwrite the input)."""
    from radviz.errors import UsageError
    from radviz.files import check_output_path

    outputs = [args.out] + ([args.csv] if args.csv else [])
    for path in outputs:
        check_output_path(path)
    resolved = [p.resolve() for p in outputs]
    if args.csv and resolved[0] == resolved[1]:
        raise UsageError(f"radviz cohort: --out and --csv are the same file ({args.out})")
    if args.drawings.resolve() in resolved:
        raise UsageError(f"radviz cohort: an output would overwrite the input {args.drawings}")


def map_cohort(path, map_name: str = "lee2008", families=FAMILIES, symptoms=SYMPTOMS,
               csv_path=None, err=None):
    """Stream a cohort file into a tally (and the CSV rows, when ``csv_path`` is given).

    Returns ``(tally, failed, table)``: a :class:`radviz.cohort.tally.CohortTally`, the number of
    bad lines (each named on ``err``) and the written :class:`CohortTable` or None.  Raises
    :class:`radviz.errors.UsageError` when no line holds a drawing (then nothing is written).
    """
    from radviz.atlas import get_dermatome_map
    from radviz.body import default_body
    from radviz.errors import UsageError
    from radviz.cohort.lines import read_cohort_lines
    from radviz.cohort.painting import DiscCache
    from radviz.cohort.table import CohortTable
    from radviz.cohort.tally import CohortTally
    from radviz.engine import get_engine
    from radviz.regions import region_table

    err = err or sys.stderr
    body = default_body()
    get_dermatome_map(map_name, body)
    engine = get_engine(body, map_name)
    regions = region_table(body, engine.atlas, engine.nerves).select(tuple(families))
    state = _Run(body, regions, tuple(dict.fromkeys(symptoms)), CohortTally(body.n_vertices), DiscCache(body))
    failed = 0
    with (CohortTable(csv_path, regions.codes) if csv_path else nullcontext()) as table:
        state.table = table
        chunk = []
        for line in read_cohort_lines(path, map_name, err):
            if line is None:
                failed += 1
                continue
            chunk.append(line)
            if len(chunk) >= COHORT_CHUNK:
                state.process(chunk)
                chunk = []
        if chunk:
            state.process(chunk)
        if state.tally.n == 0:
            raise UsageError(f"radviz cohort: {path}: no drawing could be read "
                             f"({failed:,} bad line{'s' if failed != 1 else ''}); nothing written")
    return state.tally, failed, table


def run_cohort(args, out=None, err=None) -> int:
    """Stream the drawings, write the heat map (and CSV), print the summary; 2 if lines were skipped."""
    from radviz.body import default_body
    from radviz.errors import UsageError
    from radviz.cohort.heatmap import write_heatmap

    out = out or sys.stdout
    _check_paths(args)
    symptoms = tuple(dict.fromkeys(args.symptom or SYMPTOMS))
    tally, failed, table = map_cohort(args.drawings, args.map, tuple(args.by or FAMILIES), symptoms, args.csv, err)
    what = _symptom_words(symptoms)
    write_heatmap(args.out, default_body(), tally.share(), tally.n, what, tally.top1_rows())
    _print_summary(out, args, tally, what, failed, table)
    if failed:
        raise UsageError(f"radviz cohort: {failed:,} line{'s' if failed > 1 else ''} of {args.drawings} "
                         f"could not be read (named above) and {'were' if failed > 1 else 'was'} skipped; "
                         f"the other {tally.n:,} were mapped")
    return 0


def _symptom_words(symptoms: tuple[str, ...]) -> str:
    names = list(symptoms)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _print_summary(out, args, tally, what: str, failed: int, table) -> None:
    skipped = f"; {failed:,} bad line{'s' if failed != 1 else ''} skipped" if failed else ""
    out.write(f"{tally.n:,} drawings read from {args.drawings}{skipped}: {tally.n - tally.blank:,} with {what}, "
              f"{tally.blank:,} without\n")
    out.write(f"wrote {args.out}: share of people with {what} at each skin point "
              f"(highest {100 * float(tally.share().max(initial=0)):.1f} %)\n")
    if table is not None:
        out.write(f"wrote {args.csv}: {table.rows:,} rows, {len(table.codes):,} region columns\n")
    out.write(f"top-1 root (score >= {_min_score():.2f})   drawings   share\n")
    for root, side, count in tally.top1_rows():
        out.write(f"  {root + ' ' + side:22s} {count:9,d}   {100 * count / tally.n:5.1f} %\n")
    out.write(f"  {'no root fits':22s} {tally.no_root:9,d}   {100 * tally.no_root / tally.n:5.1f} %\n")


def _min_score() -> float:
    from radviz.cohort.tally import TOP1_MIN_SCORE

    return TOP1_MIN_SCORE


class _Run:
    """One cohort run's state; :meth:`process` handles one chunk of lines."""

    def __init__(self, body, regions, symptoms, tally, discs):
        self.body, self.regions, self.symptoms, self.tally, self.discs = body, regions, symptoms, tally, discs
        self.table = None

    def process(self, lines) -> None:
        from radviz.cohort.painting import paint_chunk
        from radviz.cohort.scoring import top_roots

        items = [line.item for line in lines]
        keep = [it["symptom"] in self.symptoms for it in items]
        painted = paint_chunk(self.body, items, self.discs, keep)
        self.tally.add_painted(painted.n, painted.rows, painted.vertices)
        tops = top_roots(self.body, items, painted)
        for top in tops:
            if top is not None:
                self.tally.add_top(*top)
        if self.table is not None:
            self._write_rows(lines, painted, tops)

    def _write_rows(self, lines, painted, tops) -> None:
        area = np.bincount(painted.rows, self.body.vertex_areas[painted.vertices], minlength=painted.n) * 100
        fixed = []
        for line, cm2, top in zip(lines, area.tolist(), tops):
            best = [top[0], top[1], f"{top[2]:.4f}"] if top is not None else ["", "", ""]
            symptom = line.item["symptom"] if line.item["points"] else ""  # a blank line names no symptom
            fixed.append([str(line.lineno), line.id, line.date, line.group, symptom, f"{cm2:.1f}", *best])
        self.table.add(fixed, self.regions.coverage(painted.painted(self.body.n_vertices)))
