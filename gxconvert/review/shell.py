"""The frame every review page shares: the doctype and head (charset,
viewport, generator, title, the inline stylesheet), the page's wrapper and
its inline script; and :func:`esc`, the one escaping of page text."""

from __future__ import annotations

from html import escape

from ..version import __version__


def esc(text: object) -> str:
    """Text or attribute value, escaped (quotes included); None is empty."""
    return escape("" if text is None else str(text), quote=True)


def html_page(title: str, css: str, content: str, js: str, footer: str) -> str:
    """A self-contained page: ``content`` (markup) in the wrapper, then a
    footer naming gxconvert's version and ``footer``; ``title`` and
    ``footer`` are text (escaped here)."""
    version = esc(__version__)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gxconvert {version}">
<title>{esc(title)}</title>
<style>{css}</style>
</head>
<body>
<div class="wrap">
{content}
<footer>gxconvert {version} · {esc(footer)}</footer>
</div>
<script>{js}</script>
</body>
</html>
"""
