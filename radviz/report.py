"""What a report says (Qt-free): charts, findings, ranked roots with overlap, explanation, sources.

The PDF layout lives in ``radviz.qt.report_pdf``; this module only gathers the content, so the app
and ``radviz report`` produce the same report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape

import numpy as np

from radviz import DISCLAIMER, __version__, colors, pictures
from radviz.drawing import Drawing
from radviz.findings import Findings
from radviz.localize import RED_FLAG_TEXT, Result

__all__ = ["ReportContent", "build_report", "report_html", "chart_rgb"]


@dataclass
class ReportContent:
    title: str
    date: str
    disclaimer: str
    body: str
    map_title: str
    map_sources: list[str]
    findings: list[str]
    result: Result
    red_flags: list[str]
    charts: list[tuple[str, np.ndarray]] = field(default_factory=list)  # (caption, RGB image)
    notes: str = ""
    visits_html: str = ""  # the visits page (timeline table, changes, trend plot), with two or more visits
    worksheet: str = ""  # the ISNCSCI worksheet page (HTML), when the session holds an exam


def chart_rgb(engine, drawing: Drawing, result: Result | None, tone: str = "fair") -> np.ndarray:
    """Per-vertex colours of a chart: the best root highlighted, the drawing on top."""
    body = engine.body
    rgb = colors.skin_rgb(body.n_vertices, tone)
    if result is not None and result.roots and not drawing.is_empty():
        top = result.roots[0]
        rgb, _ = pictures.root_picture(body, engine.atlas, top.root, top.side, tone)
    intensity = {name: drawing.values[k] for k, name in enumerate(("pain", "numbness", "tingling"))}
    return colors.drawing_rgb(rgb, intensity)


def _finding_lines(findings: Findings) -> list[str]:
    lines = []
    for side in ("left", "right"):
        weak = [m.replace("_", " ") for m, s in findings.motor[side].items() if s == "weak"]
        normal = [m.replace("_", " ") for m, s in findings.motor[side].items() if s == "normal"]
        if weak:
            lines.append(f"Weak ({side}): {', '.join(weak)}")
        if normal:
            lines.append(f"Tested normal ({side}): {', '.join(normal)}")
        refl = [f"{r.replace('_', ' ')} {s}" for r, s in findings.reflexes[side].items()]
        if refl:
            lines.append(f"Reflexes ({side}): {', '.join(refl)}")
    if findings.signs:
        lines.append("Signs: " + ", ".join(s.replace("_", " ") for s in sorted(findings.signs)))
    return lines or ["No examination findings recorded."]


def build_report(engine, drawing: Drawing, findings: Findings, shape: str = "neutral",
                 notes: str = "", charts: bool = True, size: tuple[int, int] = (700, 1100),
                 tone: str = "fair", visits=None, exam=None) -> ReportContent:
    """Gather a report's content; renders the anterior and posterior charts off-screen.

    The charts go through the one off-screen renderer (:func:`radviz.render_offscreen.render_scene`),
    in the skin ``tone`` the window shows.  ``visits`` (:class:`radviz.visits.Visits`, two or more)
    adds the visits page.  An ISNCSCI ``exam`` (:class:`radviz.isncsci.Exam`) adds
    its worksheet page.
    """
    result = engine.locate(drawing, findings)
    tmap = engine.atlas.map
    used = sorted({s.strip() for t in tmap.territories.values() for s in t.source.split(";")})
    content = ReportContent(
        title="radviz: where symptoms meet nerve roots",
        date=datetime.now().strftime("%Y-%m-%d %H:%M"),
        disclaimer=DISCLAIMER,
        body=f"{engine.body.name} ({shape} shape)",
        map_title=tmap.title,
        map_sources=[tmap.sources[s] for s in used if s in tmap.sources],
        findings=_finding_lines(findings),
        result=result,
        red_flags=[RED_FLAG_TEXT[f] for f in result.flags if f in RED_FLAG_TEXT],
        notes=notes,
    )
    if exam is not None:
        from radviz.exam_worksheet import worksheet_html
        from radviz.isncsci import classify

        content.worksheet = worksheet_html(exam, classify(exam))
    if visits is not None and len(visits) > 1:
        from radviz.report_visits import visits_html

        content.visits_html = visits_html(engine, visits)
    if charts:
        from radviz.render_offscreen import render_scene
        from radviz.scene import Picture, Scene

        picture = Picture(chart_rgb(engine, drawing, result, tone))
        for view in ("anterior", "posterior"):
            img = render_scene(Scene(engine.body, picture, None, view), size, parallel=True)
            content.charts.append((f"{view.capitalize()} view", img))
    return content


def report_html(c: ReportContent, image_names: list[str] | None = None) -> str:
    """The report as simple HTML (real, selectable text once printed to PDF)."""
    r = c.result
    rows = "".join(
        f"<tr><td>{escape(x.root)}</td><td>{x.side}</td><td align='right'>{x.score:.2f}</td>"
        f"<td align='right'>{round(100 * x.explained)}%</td>"
        f"<td>{escape(', '.join(f'{k} {round(100 * v)}%' for k, v in x.overlap.items() if v >= 0.01) or '-')}</td></tr>"
        for x in r.roots[:8] if x.score >= 0.005 or x is r.roots[0])
    nerves = "".join(f"<tr><td>{escape(n.nerve.replace('_', ' '))}</td><td>{n.side}</td>"
                     f"<td align='right'>{n.score:.2f}</td></tr>" for n in r.nerves[:5] if n.score >= 0.01)
    flags = "".join(f"<p style='color:#b00000'><b>{escape(t)}</b></p>" for t in c.red_flags)
    charts = ""
    if image_names:
        charts = "<table width='100%'><tr>" + "".join(
            f"<td align='center'><img src='{n}' width='300'><br>{escape(cap)}</td>"
            for n, (cap, _) in zip(image_names, c.charts)) + "</tr></table>"
    sources = "".join(f"<li>{escape(s)}</li>" for s in c.map_sources)
    findings = "".join(f"<li>{escape(s)}</li>" for s in c.findings)
    notes = f"<h3>Notes</h3><p>{escape(c.notes)}</p>" if c.notes else ""
    return f"""<html><body style="font-family: sans-serif; font-size: 10pt">
<h2>{escape(c.title)}</h2>
<p>{escape(c.date)} &middot; body: {escape(c.body)} &middot; map: {escape(c.map_title)} &middot; radviz {__version__}</p>
<p><i>{escape(c.disclaimer)}</i></p>
{flags}
{charts}
<p>Drawing colours: red pain, blue numbness, amber tingling. Orange: the best-fitting root;
purple: skin it shares with its neighbours.</p>
<h3>Findings</h3><ul>{findings}</ul>
<h3>Roots that fit the picture</h3>
<table border='1' cellspacing='0' cellpadding='3'>
<tr><th>Root</th><th>Side</th><th>Score</th><th>Drawing explained</th><th>Shared with neighbours</th></tr>
{rows}</table>
{"<h3>Peripheral nerves</h3><table border='1' cellspacing='0' cellpadding='3'><tr><th>Nerve</th><th>Side</th><th>Score</th></tr>" + nerves + "</table>" if nerves else ""}
<p>Flags: {escape(', '.join(r.flags) or 'none')}</p>
<h3>What this means</h3><p>{escape(r.explanation)}</p>
{notes}
<h3>Map and sources</h3><p>{escape(c.map_title)}</p><ul>{sources}</ul>
{c.visits_html}
{c.worksheet}
</body></html>"""
