"""Build small synthetic report texts (Word-dump layout) for matcher tests.

Driven by the form data: the rows, columns and header cells of each table
come from the loaded form (:mod:`gxconvert.templates`, its ``display`` labels
as the form prints them), so any form file — the real ones or one a test
drops into a temporary templates folder — gives a report of its own shape.
"""

from __future__ import annotations

from gxconvert.templates import Template, display, get

#: sample values of table 二 (row key -> cells); other rows get zeros
ACTIVE_DEFAULTS = {"normative_documents": ["1", "0", "5"], "licensing": ["12"], "penalty": ["3"]}
TAIL = "\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n某某县测试局\n2023年1月20日\n"


def cells(row: list[str]) -> str:
    return "".join(f"\t{c}\n" for c in row) + "\n"


def _path(p: str | list[str] | None, fallback: str) -> list[str]:
    if p is None:
        return [fallback]
    return [p] if isinstance(p, str) else [x for x in p if x is not None]


def _header_levels(paths: list[list[str]]) -> list[list[str]]:
    """Header rows of columns given as label paths (outside in): each level
    lists its cells, a merged cell once, a column whose path ended blank."""
    out = []
    for k in range(max(len(p) for p in paths)):
        level: list[str] = []
        prev: list[str] | None = None
        for p in paths:
            cell = p[k] if len(p) > k else ""
            if cell and prev is not None and len(prev) > k and prev[: k + 1] == p[: k + 1]:
                continue  # the same merged cell as the column before
            level.append(cell)
            prev = p
        out.append(level)
    return out


def _row_labels(paths: list[list[str]]) -> list[list[str]]:
    """Label cells of rows given as label paths: a group cell written on its
    first row only (blank below, as a Word dump of merged cells shows it)."""
    out = []
    prev: list[str] = []
    for p in paths:
        out.append([c if i == len(p) - 1 or p[: i + 1] != prev[: i + 1] else "" for i, c in enumerate(p)])
        prev = p
    return out


def _active_part(t: Template, d: dict, active: dict[str, list[str]]) -> list[str]:
    rows = {r.key: r for r in t.tables["active_disclosure"].rows}
    blocks = d.get("blocks") or [{"heading": "", "rows": list(rows)}]
    out = []
    header: list[str] | None = None
    for b in blocks:
        part = cells([b["heading"]]) if b.get("heading") else ""
        cols = rows[b["rows"][0]].columns
        head = [d.get("head", "")] + [_path(d.get("columns", {}).get(c), c)[-1] for c in cols]
        if head != header:
            part += cells(head)
            header = head
        out.append(part)
        for key in b["rows"]:
            r = rows[key]
            sample = ACTIVE_DEFAULTS.get(key, [])
            vals = active.get(key, sample if len(sample) == len(r.columns) else ["0"] * len(r.columns))
            out.append(cells([d.get("rows", {}).get(key, r.labels[0]), *vals]))
    return out


def _applications_part(t: Template, d: dict, apps: dict[str, list[str]], labels: dict[str, list[str]]) -> list[str]:
    col_paths = [_path(d.get("columns", {}).get(c.key), c.labels[0]) for c in t.tables["applications"].columns]
    levels = _header_levels(col_paths)
    out = [cells([d.get("corner", ""), *levels[0]])] + [cells(["", *lv]) for lv in levels[1:]]
    row_paths = [_path(d.get("rows", {}).get(r.key), r.labels[0]) for r in t.tables["applications"].rows]
    for r, lab in zip(t.tables["applications"].rows, _row_labels(row_paths), strict=True):
        out.append(cells(labels.get(r.key, lab) + apps.get(r.key, ["0"] * len(t.tables["applications"].columns))))
    return out


def _review_part(t: Template, d: dict, review: list[str] | None) -> list[str]:
    groups = [_path(d.get("groups", {}).get(g.key), g.labels[0]) for g in t.tables["review_litigation"].groups]
    columns = [_path(d.get("columns", {}).get(c.key), c.labels[0])[-1] for c in t.tables["review_litigation"].columns]
    # each group's header path continues with its columns
    paths = [[*g, c] for g in groups for c in columns]
    out = [cells(lv) for lv in _header_levels(paths)]
    out.append(cells(review or ["0"] * len(paths)))
    return out


def report(form: str = "2021", apps: dict[str, list[str]] | None = None, *,
           labels: dict[str, list[str]] | None = None, review: list[str] | None = None,
           title: str = "某某县测试局2022年政府信息公开工作年度报告",
           active: dict[str, list[str]] | None = None) -> str:
    """A report on form ``form`` (an id of the loaded forms).  ``apps`` maps
    a table 三 row key -> its value cells (default: all '0'); ``labels``
    overrides a row's label cells; ``active`` table 二's values by row key;
    ``review`` table 四's cells in form order."""
    t = get(form)
    shown = display(form)
    out = [title, "", "一、总体情况", "本年度工作正常开展。", "二、主动公开政府信息情况"]
    out += _active_part(t, shown.get("active_disclosure", {}), active or {})
    out.append("\n三、收到和处理政府信息公开申请情况")
    out += _applications_part(t, shown.get("applications", {}), apps or {}, labels or {})
    out.append("\n四、政府信息公开行政复议、行政诉讼情况")
    out += _review_part(t, shown.get("review_litigation", {}), review)
    out.append(TAIL)
    return "\n".join(out)


def report_2021(apps: dict[str, list[str]] | None = None, **kw: object) -> str:
    """A 2021-form report (see :func:`report`)."""
    return report("2021", apps, **kw)  # type: ignore[arg-type]
