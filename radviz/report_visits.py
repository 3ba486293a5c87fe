"""The report's visits page (Qt-free HTML): a row per visit, what changed, and the trend plot.

The numbers are :func:`radviz.visits.visit_trends` and :meth:`radviz.visits.Visits.compare`, the
ones the app's timeline and compare window show; the plot is :func:`radviz.trend_plot.trend_png`,
embedded as a ``data:`` image so the PDF writer needs nothing else.
"""
from __future__ import annotations

import base64
from html import escape

from radviz.drawing import SYMPTOMS
from radviz.trend_plot import trend_png
from radviz.visits import Visits, visit_trends

__all__ = ["visits_html"]


def _level(summary: dict, name: str) -> str:
    s = summary[name]
    return f"{s['mean']:.1f} / {s['peak']:.1f}" if s["area_cm2"] > 0 else "-"


def _rows(trends) -> str:
    out = []
    for k, (date, summary) in enumerate(zip(trends.dates, trends.summaries)):
        column = trends.roots.scores[:, k] if len(trends.roots.roots) else []
        best = max(range(len(column)), key=lambda j: column[j], default=None)
        top = "-" if best is None or column[best] < 0.005 else \
            f"{trends.roots.roots[best][0]} {trends.roots.roots[best][1]} {column[best]:.2f}"
        levels = "".join(f"<td align='center'>{_level(summary, name)}</td>" for name in SYMPTOMS)
        out.append(f"<tr><td>{k + 1}</td><td>{escape(date)}</td><td align='right'>{trends.area_cm2[k]:,.0f}</td>"
                   f"<td align='right'>{trends.skin_percent[k]:.1f}</td>{levels}<td>{escape(top)}</td></tr>")
    return "".join(out)


def _changes(engine, visits: Visits) -> str:
    pairs = [(k, k + 1) for k in range(len(visits) - 1)]
    if len(visits) > 2:
        pairs.append((0, len(visits) - 1))
    out = []
    for a, b in pairs:
        c = visits.compare(a, b, engine.body)
        out.append(f"<tr><td>{a + 1} → {b + 1} ({escape(visits[a].date)} → {escape(visits[b].date)})</td>"
                   f"<td align='right'>{c.new_cm2:,.0f}</td><td align='right'>{c.resolved_cm2:,.0f}</td>"
                   f"<td align='right'>{c.persisting_cm2:,.0f}</td><td align='right'>{c.jaccard:.2f}</td></tr>")
    return "".join(out)


def visits_html(engine, visits: Visits) -> str:
    """The visits page: starts on a new page of the PDF."""
    trends = visit_trends(visits, engine)
    plot = base64.b64encode(trend_png(trends, (900, 860))).decode("ascii")
    heads = "".join(f"<th>{name}<br>mean / peak</th>" for name in SYMPTOMS)
    return f"""<div style="page-break-before: always"></div>
<h2>Visits</h2>
<p>{len(visits)} visits from {escape(visits[0].date)} to {escape(visits[-1].date)}. Painted area is skin
with any symptom; intensity (0&ndash;10) is over the skin painted with that symptom; the top root is the
best-scoring root of that visit's drawing and findings.</p>
<table border='1' cellspacing='0' cellpadding='3'>
<tr><th>#</th><th>Date</th><th>Painted cm&sup2;</th><th>% of skin</th>{heads}<th>Top root</th></tr>
{_rows(trends)}</table>
<h3>What changed</h3>
<table border='1' cellspacing='0' cellpadding='3'>
<tr><th>Visits</th><th>New cm&sup2;</th><th>Resolved cm&sup2;</th><th>Persisting cm&sup2;</th><th>Overlap (Jaccard)</th></tr>
{_changes(engine, visits)}</table>
<p><img src="data:image/png;base64,{plot}" width="600"></p>
"""
