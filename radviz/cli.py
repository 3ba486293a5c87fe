"""Command line: ``radviz`` opens the app; subcommands work headless (render, roots, locate, report).

Parsing only: every subcommand calls the Qt-free model.  Bad input exits with status 2 and a
one-line message naming the bad value; no tracebacks.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from radviz import DISCLAIMER, __version__
from radviz.errors import InputError, OutputError, UsageError  # UsageError: re-exported

if TYPE_CHECKING:
    import numpy as np

__all__ = ["main", "build_parser", "parse_point", "parse_size"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2
        raise UsageError(f"{self.prog}: {message}")


def parse_point(text: str) -> np.ndarray:
    """'X,Y,Z' in the shipped body's frame (decimetres) -> array (3,)."""
    import numpy as np  # here, not at the top: ``radviz`` alone must show its splash before numpy loads

    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(f"point '{text}' must have 3 coordinates X,Y,Z, got {len(parts)}")
    try:
        xyz = np.array([float(p) for p in parts])
    except ValueError:
        raise argparse.ArgumentTypeError(f"point '{text}' has a coordinate that is not a number") from None
    if not np.isfinite(xyz).all():
        raise argparse.ArgumentTypeError(f"point '{text}' has a coordinate that is not finite")
    if np.abs(xyz).max() > 1e4:
        raise argparse.ArgumentTypeError(f"point '{text}' is far outside the body (decimetres expected)")
    return xyz


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in str(text).lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size '{text}' must look like 1200x900") from None
    if not (16 <= w <= 8000 and 16 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"size '{text}' must be between 16 and 8000 pixels a side")
    return w, h


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"radius '{text}' must be > 0")
    return value


# ----------------------------------------------------------------- subcommands
def _load_body(args):
    from radviz.body import load_body
    from radviz.shape import body_with_shape

    body = load_body(getattr(args, "mesh", None))
    shape = getattr(args, "body", None)
    return body_with_shape(body, shape) if shape else body


def cmd_render(args) -> int:
    from radviz import pictures
    from radviz.atlas import get_atlas
    from radviz.render import render_panels, save_png

    body = _load_body(args)
    w, h = args.size
    if args.all_roots or args.all_nerves:
        from radviz.engine import NERVE_MAP

        atlas = get_atlas(body, NERVE_MAP if args.all_nerves else args.map)
        roots = [n for n in atlas.territories if atlas.map.territories[n].kind in ("spinal", "trigeminal", "nerve")]
        cols = 8
        rows = -(-len(roots) // (cols // 2))
        panels = pictures.contact_sheet_panels(body, atlas, roots, "left")
        img = render_panels(body, panels, (max(w, 2400), max(h, 520 * rows)), (rows, cols))
    elif args.all_bodies:
        from radviz.shape import PRESETS, body_with_shape

        names = [n for n in PRESETS if n != "average"]
        panels, shaped = [], []
        for name in names:
            b = body_with_shape(body, name)
            atlas = get_atlas(b, args.map)
            if args.root and args.root not in atlas.territories:
                raise UsageError(f"radviz render: unknown root '{args.root}'")
            rgb, markers = pictures.root_picture(b, atlas, args.root, args.side) if args.root else \
                (pictures.all_roots_picture(b, atlas), [])
            shaped.append(b)
            panels.append({"rgb": rgb, "view": args.view, "markers": markers, "title": name, "title_size": 12})
        img = _render_bodies(shaped, panels, (max(w, 300 * len(names)), h))
    elif args.root:
        atlas = get_atlas(body, args.map)
        if args.root not in atlas.territories:
            raise UsageError(f"radviz render: unknown root '{args.root}' in map {atlas.map.name}; "
                             f"known: {', '.join(atlas.territories)}")
        img = render_panels(body, [pictures.root_panel(body, atlas, args.root, args.side, args.view)], (w, h), (1, 1))
    elif args.all_territories:
        atlas = get_atlas(body, args.map)
        rgb = pictures.all_roots_picture(body, atlas)
        from radviz.render import view_direction

        img = render_panels(body, [{"rgb": rgb, "view": v, "parallel": True, "label_size": 10,
                                    "labels": pictures.territory_label_vertices(body, atlas, "left", view_direction(v))}
                                   for v in ("anterior", "posterior")], (w, h), (1, 2))
    else:
        from radviz import colors

        rgb = colors.skin_rgb(body.n_vertices, args.tone)
        img = render_panels(body, [{"rgb": rgb, "view": args.view}], (w, h), (1, 1))
    save_png(img, args.out, create_folder=False)
    print(f"wrote {args.out} ({img.shape[1]}x{img.shape[0]})")
    return 0


def _render_bodies(bodies, panels, size):
    """One panel per body (different shapes), side by side, framed alike."""
    import numpy as np

    from radviz.render import render_panels

    lo = np.min([b.vertices.min(axis=0) for b in bodies], axis=0)
    hi = np.max([b.vertices.max(axis=0) for b in bodies], axis=0)  # one scale and floor for all
    images = [render_panels(b, [dict(p, extent=hi - lo, centre=(lo + hi) / 2)], (size[0] // len(bodies), size[1]), (1, 1))
              for b, p in zip(bodies, panels)]
    return np.hstack(images)


def cmd_roots(args) -> int:
    from radviz.atlas import get_atlas

    body = _load_body(args)
    atlas = get_atlas(body, args.map)
    from radviz.shape import base_point_to_vertex

    vertex = base_point_to_vertex(body, args.at)
    entries = [{"root": n, "side": s, "weight": round(w, 4), "kind": atlas.map.territories[n].kind}
               for n, s, w in atlas.at_vertex(vertex, min_weight=0.05)]
    snapped = body.vertices[vertex]
    if args.json:
        print(json.dumps({"map": atlas.map.name, "point": [float(v) for v in args.at],
                          "vertex": int(vertex), "snapped": [round(float(v), 4) for v in snapped],
                          "where": body.describe(vertex), "roots": entries}))
    else:
        print(f"{body.describe(vertex)} (vertex {vertex}), map {atlas.map.name}:")
        for e in entries:
            print(f"  {e['root']:5s} {e['side']:5s} {e['weight']:.2f}")
    return 0


def cmd_locate(args) -> int:
    from radviz.locate_cli import run_locate

    return run_locate(args, _load_body(args))


def cmd_report(args) -> int:
    from radviz.report_cli import run_report

    return run_report(args)


def cmd_isncsci(args) -> int:
    from radviz.isncsci.cli import run_isncsci

    return run_isncsci(args)


# ----------------------------------------------------------------- parser
def _check_before_work(args) -> None:
    """Refuse a wrong map kind or an unusable output path before loading or rendering anything."""
    if getattr(args, "map", None) and args.command in ("render", "roots", "locate"):
        from radviz.atlas import get_dermatome_map

        get_dermatome_map(args.map)
    if args.command == "render":
        from radviz.files import check_output_path

        check_output_path(args.out)


def build_parser() -> argparse.ArgumentParser:
    from radviz.colors import SKIN_TONES

    parser = _Parser(prog="radviz", description="Spinal nerve root territories on a 3D body. "
                     "With no subcommand, opens the app. " + DISCLAIMER)
    parser.add_argument("--version", action="version", version=f"radviz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(p, points: bool = False):
        p.add_argument("--map", default="lee2008", help="dermatome map name or file (default lee2008)")
        p.add_argument("--mesh", type=Path, help="another body mesh (OBJ/PLY/STL/OFF/GLB)")
        p.add_argument("--body", help="body shape: a preset (female, male, ...) or gender=0.9,age=60,...")

    p = sub.add_parser("render", help="write a PNG of the body, a root or all roots (no display needed)")
    common(p)
    p.add_argument("--out", type=Path, required=True, help="PNG file to write")
    p.add_argument("--view", default="anterior", choices=("anterior", "posterior", "left", "right", "superior"))
    p.add_argument("--size", type=parse_size, default=(1000, 1200), help="WxH in pixels (default 1000x1200)")
    p.add_argument("--root", help="highlight one root (e.g. L4) or trigeminal branch (V1)")
    p.add_argument("--side", default="left", choices=("left", "right", "both"))
    p.add_argument("--all-roots", action="store_true", help="contact sheet: every root, front and back")
    p.add_argument("--all-nerves", action="store_true", help="contact sheet: every peripheral nerve territory")
    p.add_argument("--all-territories", action="store_true", help="every territory at once, labelled")
    p.add_argument("--all-bodies", action="store_true", help="every body preset side by side (with --root: that root)")
    p.add_argument("--tone", default="fair", choices=tuple(SKIN_TONES), help="skin tone")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("roots", help="roots supplying one skin point, with weights")
    common(p)
    p.add_argument("--at", type=parse_point, required=True, metavar="X,Y,Z",
                   help="point in the base body's frame (+x subject's left, +y up, +z anterior; dm)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_roots)

    p = sub.add_parser("locate", help="rank the roots that explain a drawing and findings")
    common(p)
    p.add_argument("--at", type=parse_point, action="append", default=[], metavar="X,Y,Z")
    p.add_argument("--radius", type=positive_float, default=0.3, help="brush radius in dm (default 0.3)")
    p.add_argument("--symptom", default="pain", choices=("pain", "numbness", "tingling"))
    p.add_argument("--side", choices=("left", "right"), help="side of the motor/reflex findings")
    p.add_argument("--weak", nargs="+", action="extend", default=[], metavar="MOVEMENT")
    p.add_argument("--normal", nargs="+", action="extend", default=[], metavar="MOVEMENT")
    p.add_argument("--reflex", nargs="+", action="extend", default=[], metavar="NAME=STATE")
    p.add_argument("--sign", nargs="+", action="extend", default=[], metavar="SIGN")
    p.add_argument("--batch", type=Path, help="JSON lines file, one drawing per line")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_locate)

    p = sub.add_parser("report", help="write a PDF report of a saved session")
    p.add_argument("session", type=Path)
    p.add_argument("--out", type=Path, required=True)
    from radviz.report_cli import add_report_options

    add_report_options(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("isncsci", help="classify ISNCSCI 2019 examinations (Praxis JSON layout)")
    p.add_argument("exams", type=Path, nargs="+", metavar="EXAM.json")
    p.add_argument("--json", action="store_true", help="one JSON object per exam, one per line, in order")
    p.set_defaults(func=cmd_isncsci)

    from radviz.cohort.command import add_cohort_command  # issue 20: cohort heat maps and region tables

    add_cohort_command(sub)
    return parser


_VALUE_OPTIONS = ("--at", "--size", "--radius")


def _join_negative_points(argv: list[str]) -> list[str]:
    """``--at -1.9,-6,0.3`` (a point on the subject's right) would read as an option: join it.

    Any value of ``--at``, ``--size`` or ``--radius`` that starts with a single '-' (``-inf,0,0``,
    ``-100x100``, ``-1``) is joined the same way, so it reaches its parser and gets a real message.
    """
    out, k = [], 0
    while k < len(argv):
        if argv[k] in _VALUE_OPTIONS and k + 1 < len(argv) and argv[k + 1].startswith("-") \
                and not argv[k + 1].startswith("--") and len(argv[k + 1]) > 1:
            out.append(f"{argv[k]}={argv[k + 1]}")
            k += 2
            continue
        out.append(argv[k])
        k += 1
    return out


def main(argv: list[str] | None = None) -> int:
    argv = _join_negative_points(list(sys.argv[1:] if argv is None else argv))
    try:
        if not argv:  # the app: straight to its splash, before the model's libraries load
            from radviz.qt.app import run_app

            return run_app()
        args = build_parser().parse_args(argv)
        if not args.command:
            from radviz.qt.app import run_app

            return run_app()
        _check_before_work(args)
        return args.func(args)
    except UsageError as exc:
        print(str(exc).splitlines()[0], file=sys.stderr)
        return 2
    except (InputError, OutputError) as exc:
        print(f"radviz: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except RecursionError:
        print("radviz: input nested too deeply", file=sys.stderr)
        return 2
