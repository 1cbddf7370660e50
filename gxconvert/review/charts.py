"""Small inline SVG bar charts for the dataset index (no script, no fonts
fetched; every label escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _short(v: float) -> str:
    if abs(v) >= 1e8:
        return _num(v / 1e8) + "亿"
    if abs(v) >= 1e4:
        return _num(v / 1e4) + "万"
    return _num(v)


def columns(bars: Sequence[tuple[str, float | None]], title: str, width: int = 360, height: int = 170) -> str:
    """Vertical bars, one per (label, value); the value printed on top (a
    dash and no bar for a None value)."""
    if not bars:
        return (f'<svg viewBox="0 0 {width} 40" role="img" aria-label="{escape(title)}">'
                '<text x="4" y="24">no data</text></svg>')
    top, bottom, left = 16, 22, 6
    plot_h = height - top - bottom
    peak = max(max((v or 0 for _, v in bars), default=0), 1)
    step = (width - 2 * left) / len(bars)
    bar_w = max(min(step * 0.7, 48), 2)
    out = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    for i, (label, value) in enumerate(bars):
        v = value or 0.0
        h = plot_h * v / peak
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h - h
        cx = x + bar_w / 2
        out.append(f'<rect class="bar" x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w)}" height="{_num(h)}">'
                   f"<title>{escape(label)}: {escape(_num(v) if value is not None else 'no data')}</title></rect>")
        shown = _short(v) if value is not None else "—"
        out.append(f'<text x="{_num(cx)}" y="{_num(y - 3)}" text-anchor="middle">{escape(shown)}</text>')
        out.append(f'<text x="{_num(cx)}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{width - left}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    out.append("</svg>")
    return "".join(out)


def shares(bars: Sequence[tuple[str, float, str]], title: str, width: int = 360) -> str:
    """Horizontal bars of shares in [0, 1], one per (label, share, detail)."""
    if not bars:
        return (f'<svg viewBox="0 0 {width} 40" role="img" aria-label="{escape(title)}">'
                '<text x="4" y="24">no checks</text></svg>')
    row_h, label_h = 34, 13
    height = row_h * len(bars) + 4
    right = 44
    out = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    for i, (label, share, detail) in enumerate(bars):
        y = i * row_h
        w = (width - right) * max(0.0, min(share, 1.0))
        out.append(f'<text x="0" y="{y + label_h - 2}">{escape(label)}</text>')
        out.append(f'<rect x="0" y="{y + label_h + 2}" width="{width - right}" height="12" fill="#ecebe6"/>')
        out.append(f'<rect class="bar bad" x="0" y="{y + label_h + 2}" width="{_num(w)}" height="12">'
                   f"<title>{escape(label)}: {escape(detail)}</title></rect>")
        out.append(f'<text x="{width - right + 4}" y="{y + label_h + 12}">{escape(_num(share * 100))}%</text>')
    out.append("</svg>")
    return "".join(out)
