"""What the page links to or embeds: attachments (附件) and framed documents."""

from __future__ import annotations

import re

from .common import El, _clean_text

_DOC_LINK = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|ofd|rtf|mht|zip|rar)(?:[?#].*)?$", re.IGNORECASE)


def _embedded_documents(body: El) -> list[str]:
    """src of iframes/embeds/objects that show another document (a report
    page that only frames or embeds the report)."""
    out: list[str] = []
    for el in body.iter("iframe", "frame", "embed", "object"):
        src = (el.get("src") or el.get("data") or "").strip()[:200]
        if src and not src.startswith(("javascript:", "about:")) and src not in out:
            out.append(src)
            if len(out) == 20:
                break
    return out


def _short_text(el: El, limit: int = 80) -> str:
    """The first ``limit`` characters of ``el``'s text (no walk past them)."""
    parts: list[str] = []
    n = 0
    for t in el.itertext():
        parts.append(t)
        n += len(t)
        if n >= limit:
            break
    return "".join(parts)


def _attachments(article: El) -> list[tuple[str, str]]:
    """Links from the article body to document files (附件)."""
    out = []
    for a in article.iter("a"):
        href = (a.get("href") or "").strip()
        if href and _DOC_LINK.search(href):
            label = _clean_text(_short_text(a)).strip(" ")[:80]
            if (href[:200], label) not in out:
                out.append((href[:200], label))
                if len(out) == 20:
                    break
    return out


