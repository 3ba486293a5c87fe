"""What a report says (Qt-free): header fields, red flags, pictures, findings tables, ranked causes, sources.

The PDF layout lives in ``radviz.qt.report_pdf``; this module only gathers the content, so the app
and ``radviz report`` produce the same report, and tests can read what a reader will see before
any layout.  The drawing and the best root's territory are separate pictures, so the highlight
never tints the drawing; each picture carries its right/left letters (a front view shows the
patient's right on the reader's left, a back view on the reader's right).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import numpy as np

from radviz import DISCLAIMER, __version__, colors, pictures, vocabulary
from radviz.drawing import SYMPTOMS, Drawing
from radviz.findings import Findings
from radviz.localize import RED_FLAG_TEXT, Result
from radviz.report_fields import FIELD_LABELS, PatientFields
from radviz.trends import CM2_PER_DM2
from radviz.visits import check_date, today

__all__ = ["ReportContent", "Chart", "SymptomRow", "ResultRow", "build_report", "report_html",
           "symptom_rows", "exam_rows", "BLANK", "VIEW_SIDES", "OWN_NOTES"]

BLANK = "_" * 28  # an empty field: a line to fill in by hand
VIEW_SIDES = {"anterior": ("R", "L"), "posterior": ("L", "R")}
"""The patient's side at the picture's (left, right) edge, as the reader looks at the view."""
OWN_NOTES = "Where these sources leave a detail open, the map follows radviz's own notes (unpublished)."
_VIEW_CAPTIONS = {"anterior": "Front view", "posterior": "Back view"}
_PATTERN_NAMES = {"roots": "One or two nerve roots", "nerve": "A peripheral nerve",
                  "polyneuropathy": "Polyneuropathy (length-dependent)", "spinal_cord": "The spinal cord",
                  "not_anatomical": "No nerve pattern"}


@dataclass
class Chart:
    """One body picture: ``left`` and ``right`` are the patient's side ("R"/"L") at each edge."""

    caption: str
    image: np.ndarray
    left: str
    right: str


@dataclass
class SymptomRow:
    symptom: str
    side: str
    region: str
    intensity: str  # "3-8" (lowest to highest painted, 0-10)
    area_cm2: float


@dataclass
class ResultRow:
    name: str
    side: str
    band: str
    score: float
    explained: float | None = None
    shared: str = ""


@dataclass
class ReportContent:
    title: str
    date: str
    disclaimer: str
    body: str
    map_title: str
    map_sources: list[str]
    result: Result
    fields: list[tuple[str, str]] = field(default_factory=list)  # (label, value); "" prints as a blank line
    red_flags: list[tuple[str, str]] = field(default_factory=list)  # (label, urgent advice), never softened
    symptoms: list[SymptomRow] = field(default_factory=list)
    exam: list[tuple[str, str, str, str]] = field(default_factory=list)  # (kind, side, what, finding)
    roots: list[ResultRow] = field(default_factory=list)
    nerves: list[ResultRow] = field(default_factory=list)
    patterns: list[ResultRow] = field(default_factory=list)  # kinds of cause: roots, nerve, cord, ...
    explanation: str = ""
    drawing_charts: list[Chart] = field(default_factory=list)
    territory_charts: list[Chart] = field(default_factory=list)
    territory_title: str = ""
    intensity_legend: list[tuple[str, list[np.ndarray]]] = field(default_factory=list)  # symptom, 11 colours
    territory_legend: list[tuple[str, np.ndarray]] = field(default_factory=list)
    notes: str = ""
    version: str = __version__
    visits_html: str = ""  # the visits page (timeline table, changes, trend plot), with two or more visits
    worksheet: str = ""  # the ISNCSCI worksheet page (HTML), when the session holds an exam
    own_notes: bool = False  # the map also follows radviz's own unpublished notes (said, not listed)

    @property
    def charts(self) -> list[Chart]:
        return self.drawing_charts + self.territory_charts

    @property
    def footer(self) -> str:
        """The line at the foot of every page (the page number is added by the layout)."""
        who = dict(self.fields).get(FIELD_LABELS["patient"]) or "patient: ____________"
        return f"radviz {self.version} report · {who} · {self.date}"


def _side_masks(body) -> list[tuple[str, np.ndarray]]:
    return [("left", body.side > 0), ("right", body.side < 0), ("midline", body.side == 0)]


def _regions(body, mask: np.ndarray, most: int = 4) -> str:
    """The body parts a painted area lies on, largest first ("lower leg, foot")."""
    area = np.bincount(body.part[mask], weights=body.vertex_areas[mask], minlength=len(body.part_names))
    order = [k for k in np.argsort(-area) if area[k] > 0.02 * area.sum()]
    names = [body.part_names[k] for k in order[:most]]
    return ", ".join(names) + (", ..." if len(order) > most else "")


def _range(values: np.ndarray) -> str:
    lo, hi = (round(float(x), 1) for x in (values.min(), values.max()))
    return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"


def symptom_rows(body, drawing: Drawing) -> list[SymptomRow]:
    """One row per symptom and side drawn: where, how strong (0-10) and how much skin."""
    rows = []
    for k, name in enumerate(SYMPTOMS):
        values = drawing.values[k]
        for side, half in _side_masks(body):
            mask = (values > 0) & half
            if mask.any():
                where = _regions(body, mask) if body.part is not None else "body"
                rows.append(SymptomRow(vocabulary.label("symptoms", name), side, where, _range(values[mask]),
                                       float(body.vertex_areas[mask].sum()) * CM2_PER_DM2))
    return rows


def exam_rows(findings: Findings) -> list[tuple[str, str, str, str]]:
    """Examination findings as (kind, side, what, finding) rows: movements, reflexes, then signs."""
    rows = []
    for side in ("left", "right"):
        for movement, state in findings.motor[side].items():
            rows.append(("Movement", side, vocabulary.label("movements", movement),
                         "weak" if state == "weak" else "tested normal"))
        for reflex, state in findings.reflexes[side].items():
            rows.append(("Reflex", side, vocabulary.label("reflexes", reflex), state))
    rows += [("Sign", "", vocabulary.label("signs", s), "present") for s in sorted(findings.signs)]
    return rows


def _result_rows(r: Result) -> tuple[list[ResultRow], list[ResultRow], list[ResultRow]]:
    roots = [ResultRow(x.root, x.side, vocabulary.band(x.score), x.score, x.explained,
                       ", ".join(f"{k} {round(100 * v)}%" for k, v in x.overlap.items() if v >= 0.01))
             for k, x in enumerate(r.top_roots(8)) if x.score >= 0.005 or k == 0]
    nerves = [ResultRow(r.nerve_labels.get(n.nerve, n.nerve.replace("_", " ")), n.side, vocabulary.band(n.score),
                        n.score) for n in r.top_nerves(5) if n.score >= 0.01]
    cord = r.spinal_cord
    patterns = [ResultRow(_PATTERN_NAMES.get(k, k.replace("_", " ")) +
                          (f" at {cord['level']}" if k == "spinal_cord" and cord else ""), "",
                          vocabulary.band(v), v) for k, v in sorted(r.kinds.items(), key=lambda kv: -kv[1])]
    return roots, nerves, patterns


def _published_sources(tmap) -> tuple[list[str], bool]:
    """The references of the sources the map's territories use that a reader can look up, and whether
    radviz's own notes are among them.

    The maps keep every source as provenance, the project's notes too (their reference starts
    'radviz'); a report handed to a clinic cites only published work and says the rest in words.
    """
    used = sorted({s.strip() for t in tmap.territories.values() for s in t.source.split(";")})
    refs = [tmap.sources[s] for s in used if s in tmap.sources]
    own = [r for r in refs if r.lower().startswith("radviz")]
    return [r for r in refs if r not in own], bool(own)


def _header_fields(patient: PatientFields, date: str, visits) -> list[tuple[str, str]]:
    values = patient.to_dict()
    out = [(FIELD_LABELS[k], values[k]) for k in ("patient", "patient_id", "birth_date", "clinician")]
    out.append(("Report date", date))
    if visits is not None and len(visits) > 1:
        out.append(("Visit", f"{visits.open.date} ({visits.current + 1} of {len(visits)})"))
    return out


def _legends(engine, result: Result, drawn: bool, tone: str):
    """The 0-10 colour scale of each symptom as drawn on this skin, and the best root's legend."""
    skin = colors.skin_rgb(11, tone)
    scale = [(vocabulary.label("symptoms", name),
              list(colors.drawing_rgb(skin, {name: np.arange(11, dtype=float)}))) for name in SYMPTOMS]
    if not drawn or not result.roots:
        return scale, []
    top = result.roots[0]
    zones, _, overlap = pictures.root_zones(engine.body, engine.atlas, top.root, top.side)
    return scale, pictures.root_legend(engine.atlas, top.root, top.side, overlap, zones, tone)


def _render_pairs(engine, drawing: Drawing, result: Result, tone: str, size: tuple[int, int],
                  territory: bool) -> tuple[list[Chart], list[Chart]]:
    """Front and back of the drawing on bare skin, and (``territory``) of the best root alone."""
    from radviz.render import render_panels
    from radviz.render_offscreen import scene_panel
    from radviz.scene import Picture, Scene

    body, views = engine.body, ("anterior", "posterior")
    skin = Picture(colors.skin_rgb(body.n_vertices, tone))
    panels = [scene_panel(Scene(body, skin, drawing.values, view), parallel=True) for view in views]
    if territory:
        top = result.roots[0]
        panels += [pictures.root_panel(body, engine.atlas, top.root, top.side, view, tone, zoom=True,
                                       legend=False, title="") for view in views]
    rows = len(panels) // 2  # one render, a row per pair: front left, back right
    image = render_panels(body, panels, (2 * size[0], rows * size[1]), (rows, 2))[:, :, :3]
    h, w = image.shape[0] // rows, image.shape[1] // 2
    charts = [Chart(_VIEW_CAPTIONS[p["view"]], image[k // 2 * h:(k // 2 + 1) * h, k % 2 * w:(k % 2 + 1) * w],
                    *VIEW_SIDES[p["view"]]) for k, p in enumerate(panels)]
    return charts[:2], charts[2:]


def build_report(engine, drawing: Drawing, findings: Findings, shape: str = "neutral",
                 notes: str = "", charts: bool = True, size: tuple[int, int] = (480, 820),
                 tone: str = "fair", visits=None, exam=None, patient: PatientFields | None = None,
                 date: str | None = None) -> ReportContent:
    """Gather a report's content; renders the pictures off-screen (``size``: one picture, pixels).

    ``patient`` holds the header fields (empty ones print as lines to fill in), ``date`` the
    report's date (YYYY-MM-DD, default today).  ``visits`` (:class:`radviz.visits.Visits`, two or
    more) adds the visits page; an ISNCSCI ``exam`` (:class:`radviz.isncsci.Exam`) its worksheet.
    """
    result = engine.locate(drawing, findings)
    tmap = engine.atlas.map
    sources, own_notes = _published_sources(tmap)
    drawn = not drawing.is_empty() or findings.has_examination()
    date = check_date(date) if date else today()
    roots, nerves, patterns = _result_rows(result)
    scale, legend = _legends(engine, result, drawn, tone)
    content = ReportContent(
        title="radviz report: symptoms and nerve roots",
        date=date, disclaimer=DISCLAIMER, body=f"{engine.body.name} ({shape} shape)",
        map_title=tmap.title, map_sources=sources, own_notes=own_notes,
        result=result, fields=_header_fields(patient or PatientFields(), date, visits),
        red_flags=[(vocabulary.label("flags", f), RED_FLAG_TEXT[f]) for f in result.flags if f in RED_FLAG_TEXT],
        symptoms=symptom_rows(engine.body, drawing), exam=exam_rows(findings),
        roots=roots if drawn else [], nerves=nerves if drawn else [], patterns=patterns if drawn else [],
        explanation=result.text("clinician", skip=("emergency", "disclaimer")) if drawn else
        "Nothing to explain yet: no symptoms drawn and no findings recorded.",
        intensity_legend=scale, territory_legend=legend, notes=notes)
    if drawn and result.roots:
        top = result.roots[0]
        content.territory_title = f"{top.root}, {top.side} side: the best-fitting root's skin ({tmap.name})"
    if exam is not None:
        from radviz.exam_worksheet import worksheet_html
        from radviz.isncsci import classify

        content.worksheet = worksheet_html(exam, classify(exam))
    if visits is not None and len(visits) > 1:
        from radviz.report_visits import visits_html

        content.visits_html = visits_html(engine, visits)
    if charts:
        content.drawing_charts, content.territory_charts = _render_pairs(
            engine, drawing, result, tone, size, territory=bool(content.territory_title))
    return content


# ----------------------------------------------------------------------------------------- HTML
def _hex(colour) -> str:
    r, g, b = (int(round(255 * float(np.clip(c, 0, 1)))) for c in colour[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _table(head: list[str], rows: list[list[str]], align: str = "") -> str:
    """A bordered table of already-escaped cells; ``align`` gives 'r' for right-aligned columns."""
    th = "".join(f"<th bgcolor='#eeeeee'>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td{' align=right' if align[k:k + 1] == 'r' else ''}>{c}</td>"
                                    for k, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>{th}</tr>{body}</table>"


def _field(value: str) -> str:
    return f"<b>{escape(value)}</b>" if value else BLANK


def _fields_html(c: ReportContent) -> str:
    cells = [f"<td width='50%'>{escape(label)}: {_field(value)}</td>" for label, value in c.fields]
    rows = "".join("<tr>" + "".join(cells[k:k + 2]) + "</tr>" for k in range(0, len(cells), 2))
    return f"<table width='100%' cellspacing='0' cellpadding='4'>{rows}</table>"


def _red_flags_html(c: ReportContent) -> str:
    """The urgent advice, first and in full: a red box whatever the register or the scores."""
    if not c.red_flags:
        return ""
    items = "".join(f"<p style='color:#a00000'><b>{escape(label)}.</b> {escape(text)}</p>" for label, text in c.red_flags)
    return ("<table width='100%' border='3' cellspacing='0' cellpadding='6' style='border-color:#c00000; "
            f"border-style:solid'><tr><td bgcolor='#fff0f0'><h3 style='color:#a00000'>Red flags: urgent</h3>"
            f"{items}</td></tr></table>")


def _pictures_html(charts: list[Chart], names: list[str], legend: str, width: int) -> str:
    """Pictures side by side, each between its right/left letters, the legend in the last column."""
    letter = "<td valign='middle' align='center' width='18'><span style='font-size:16pt'><b>{}</b></span></td>"
    gap = "<td width='24'></td>"
    cells = gap.join(letter.format(ch.left) + f"<td align='center'><img src='{n}' width='{width}'><br>"
                     f"{escape(ch.caption)}</td>" + letter.format(ch.right) for ch, n in zip(charts, names))
    return (f"<table cellspacing='0' cellpadding='1'><tr>{cells}{gap}<td valign='top' width='150'>{legend}</td>"
            "</tr></table>")


def _intensity_html(c: ReportContent) -> str:
    rows = []
    for name, swatches in c.intensity_legend:
        cells = "".join(f"<td bgcolor='{_hex(s)}' width='11'>&nbsp;</td>" for s in swatches)
        rows.append(f"<tr><td colspan='11'><b>{escape(name)}</b></td></tr><tr>{cells}</tr>"
                    "<tr><td colspan='5'>0</td><td colspan='6' align='right'>10</td></tr>")
    return ("<p style='font-size:8pt'><b>Intensity, 0-10</b><br>as drawn, per symptom</p>"
            f"<table cellspacing='0' cellpadding='0' style='font-size:8pt'>{''.join(rows)}</table>")


def _territory_legend_html(c: ReportContent) -> str:
    """Zone swatches; the key point (drawn as a ringed dot on the body) as a dot, not a black block."""
    swatch = "<td bgcolor='{}' width='14' style='border: 1px solid #555555'>&nbsp;</td>"  # framed: pale lilac on white
    rows = "".join("<tr>" + ("<td align='center'>&#9679;</td>" if text.startswith("key point") else
                             swatch.format(_hex(col))) + f"<td>&nbsp;{escape(text)}</td></tr>"
                   for text, col in c.territory_legend)
    return f"<table cellspacing='2' cellpadding='1' style='font-size:8pt'>{rows}</table>"


def _symptoms_html(c: ReportContent) -> str:
    if not c.symptoms:
        return "<p>No symptoms drawn.</p>"
    return _table(["Symptom", "Side", "Where", "Intensity (0-10)", "Area cm&sup2;"],
                  [[escape(s.symptom), s.side, escape(s.region), s.intensity, f"{s.area_cm2:,.0f}"]
                   for s in c.symptoms], "___rr")


_ON_WORKSHEET = " The ISNCSCI examination is classified on its worksheet page."


def _exam_html(c: ReportContent) -> str:
    if not c.exam:
        return "<p>No movement, reflex or sign findings recorded." + (_ON_WORKSHEET if c.worksheet else "") + "</p>"
    return _table(["Examined", "Side", "What", "Finding"], [[k, s, escape(w), escape(f)] for k, s, w, f in c.exam])


def _results_html(c: ReportContent) -> str:
    if not c.roots:
        return ("<p>No symptoms drawn and no movement, reflex or sign findings: no cause ranked."
                + (_ON_WORKSHEET if c.worksheet else "") + "</p>")
    roots = _table(["Root", "Side", "Fit", "Score", "Drawing explained", "Shared with neighbours"],
                   [[escape(x.name), x.side, f"<b>{escape(x.band)}</b>", vocabulary.probability_text(x.score),
                     f"{round(100 * (x.explained or 0))}%", escape(x.shared or "-")] for x in c.roots], "___rr")
    out = [f"<h3>Roots that fit the picture</h3>{roots}"]
    if c.nerves:
        out.append("<h3>Peripheral nerves</h3>" + _table(["Nerve", "Side", "Fit", "Score"], [
            [escape(x.name), x.side, f"<b>{escape(x.band)}</b>", vocabulary.probability_text(x.score)] for x in c.nerves], "___r"))
    out.append("<h3>Kinds of cause</h3>" + _table(["Cause", "Fit", "Probability"], [
        [escape(x.name), f"<b>{escape(x.band)}</b>", vocabulary.probability_text(x.score)] for x in c.patterns], "__r"))
    return "".join(out)


def _notes_html(c: ReportContent) -> str:
    text = "".join(f"{escape(line)}<br>" for line in c.notes.splitlines()) if c.notes.strip() else \
        "<br>".join([BLANK * 3] * 3)
    return (f"<h3>Notes</h3><p>{text}</p>"
            f"<p><br>Clinician's signature: {BLANK} &nbsp; Date: {BLANK[:14]}</p>")


def report_html(c: ReportContent, image_names: list[str] | None = None, width: int = 200) -> str:
    """The report as simple HTML (real, selectable text once printed to PDF).

    ``image_names`` name :attr:`ReportContent.charts` in order (drawing pictures, then territory).
    """
    names = image_names or []
    n = len(c.drawing_charts)
    drawing_pictures = _pictures_html(c.drawing_charts, names[:n], _intensity_html(c), width) if names[:n] else ""
    territory = ""
    if c.territory_title:
        pics = _pictures_html(c.territory_charts, names[n:], _territory_legend_html(c), width) if names[n:] else \
            _territory_legend_html(c)
        territory = f"<h3>{escape(c.territory_title)}</h3>{pics}"
    sources = "".join(f"<li>{escape(s)}</li>" for s in c.map_sources)
    own_notes = f"<p>{OWN_NOTES}</p>" if c.own_notes else ""
    return f"""<html><body style="font-family: sans-serif; font-size: 9pt">
<h2>{escape(c.title)}</h2>
<p>radviz {escape(c.version)} &middot; map: {escape(c.map_title)} &middot; body: {escape(c.body)}</p>
{_fields_html(c)}
{_red_flags_html(c)}
<p><i>{escape(c.disclaimer)}</i></p>
<h3>Symptoms drawn</h3>
<p style='font-size:8pt'>R and L are the patient's right and left. Each symptom has its own colour scale
(at the right): the stronger the colour, the higher the intensity.</p>
{drawing_pictures}
{_symptoms_html(c)}
<h3>Examination</h3>
{_exam_html(c)}
<h2 style='page-break-before: always'>What fits the picture</h2>
{_results_html(c)}
{territory}
<h3>What this means</h3><p>{escape(c.explanation)}</p>
{_notes_html(c)}
<h3>Map and sources</h3><p>{escape(c.map_title)}</p><ul>{sources}</ul>{own_notes}
{c.visits_html}
{c.worksheet}
</body></html>"""
