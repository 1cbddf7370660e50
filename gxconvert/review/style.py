"""The review pages' inline stylesheets (screen and print).

Fonts are named, never fetched: CJK faces common on Linux, Windows and macOS,
then the generic family, so Chinese text renders with whatever the system has.
"""

from __future__ import annotations

SANS = ('"Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", '
        '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')
SERIF = ('"Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Songti SC", '
         '"STSong", "SimSun", "Noto Sans CJK SC", "Microsoft YaHei", serif')
MONO = '"Noto Sans Mono CJK SC", "DejaVu Sans Mono", "Consolas", monospace'

BASE = f"""
:root {{
  --ink: #1d1d1b; --muted: #6b6b66; --rule: #2b2b2b; --soft-rule: #c9c9c2;
  --paper: #ffffff; --page: #f3f2ee; --head: #f4f1e8; --accent: #8c1c13;
  --inferred: #fbeac0; --check: #e4d4ff; --check-soft: #f1e9ff; --split: #d6e6fa; --blank: #ededea; --missing: #f8d7d5;
  --bad: #c0262d; --focus: #1f4fd1;
}}
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; background: var(--page); color: var(--ink); font: 14px/1.55 {SANS}; }}
a {{ color: var(--focus); }}
code, .mono {{ font-family: {MONO}; font-size: 12px; }}
h1, h2, h3 {{ font-family: {SERIF}; font-weight: 700; }}
.wrap {{ max-width: 1480px; margin: 0 auto; padding: 20px 24px 40px; }}
.doc-head {{ background: var(--paper); border-top: 4px solid var(--accent); padding: 18px 24px 14px;
  box-shadow: 0 1px 2px rgba(0,0,0,.08); margin-bottom: 18px; }}
.doc-head h1 {{ margin: 0 0 10px; font-size: 22px; letter-spacing: .02em; }}
.crumb {{ margin: 0 0 6px; font-size: 12px; color: var(--muted); }}
dl.meta {{ display: grid; grid-template-columns: max-content 1fr max-content 1fr max-content 1fr;
  gap: 3px 14px; margin: 0; font-size: 13px; }}
dl.meta dt {{ color: var(--muted); }}
dl.meta dd {{ margin: 0; overflow-wrap: anywhere; }}
dl.meta dd[data-warned] {{ color: #6b4a00; }}
.warn-mark {{ color: #b3261e; }}
.summary {{ margin: 10px 0 0; font-size: 13px; color: var(--muted); }}
.summary b {{ color: var(--ink); }}
.summary .fail {{ color: var(--bad); }}
.card {{ background: var(--paper); box-shadow: 0 1px 2px rgba(0,0,0,.08); padding: 14px 18px 18px;
         margin-bottom: 18px; }}
.card > h2 {{ margin: 0 0 10px; font-size: 17px; }}
.muted {{ color: var(--muted); }}
table.list {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
table.list th, table.list td {{ border-bottom: 1px solid var(--soft-rule); padding: 4px 8px; text-align: left;
  vertical-align: top; }}
table.list th {{ background: var(--head); font-weight: 600; white-space: nowrap; }}
"""

REPORT = BASE + f"""
.layout {{ display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 18px; align-items: start; }}
aside {{ position: sticky; top: 12px; max-height: calc(100vh - 24px); overflow: auto; }}
aside .card {{ padding: 12px 14px; }}
aside h2 {{ font-size: 15px; }}
table.form {{ border-collapse: collapse; width: 100%; font-family: {SERIF}; font-size: 13px;
  background: var(--paper); }}
table.form th, table.form td {{ border: 1px solid var(--rule); padding: 4px 6px; }}
table.form th {{ font-weight: 400; text-align: center; vertical-align: middle; background: var(--head); }}
table.form th.row {{ text-align: left; background: var(--paper); }}
table.form th.block {{ text-align: left; font-weight: 700; background: #ebe6d6; }}
table.form th.corner {{ font-size: 12px; color: #3b3b38; background: var(--paper); }}
table[data-layout=rows] th.row {{ width: 24%; }}
table[data-layout=grid] td.v {{ width: 6.5%; }}
table[data-layout=flat] td.v {{ width: 6.66%; }}
table.form th .unit {{ color: var(--muted); font-size: 11px; }}
table.form td.v {{ text-align: center; min-width: 3.2em; font-variant-numeric: tabular-nums; cursor: pointer;
  font-family: {SANS}; position: relative; }}
td.v[data-how=inferred] {{ background: var(--inferred); }}
td.v[data-how=split] {{ background: var(--split); }}
td.v[data-how=ocr] {{ background: var(--split); outline: 1px dashed var(--muted); }}
td.v[data-how=blank] {{ background: var(--blank); color: var(--muted); }}
td.v[data-how=missing] {{ color: var(--bad);
  background: repeating-linear-gradient(135deg, var(--missing) 0 4px, #fff 4px 8px); }}
td.v.bad {{ outline: 2px solid var(--bad); outline-offset: -3px; }}
td.v.hl {{ background: var(--check) !important; outline: 3px solid var(--bad); outline-offset: -3px; }}
td.v.sel {{ outline: 3px solid var(--focus); outline-offset: -3px; }}
td.v:focus-visible {{ outline: 3px solid var(--focus); outline-offset: -3px; }}
.legend {{ display: grid; grid-template-columns: 30px 1fr; gap: 5px 8px; align-items: center; font-size: 12.5px;
  margin: 0; }}
.legend dt {{ margin: 0; }}
.legend dd {{ margin: 0; }}
.swatch {{ display: block; width: 30px; height: 18px; border: 1px solid var(--rule); text-align: center;
  font-size: 11px; line-height: 16px; background: #fff; }}
.swatch.inferred {{ background: var(--inferred); }}
.swatch.split {{ background: var(--split); }}
.swatch.ocr {{ background: var(--split); outline: 1px dashed var(--muted); }}
.swatch.blank {{ background: var(--blank); color: var(--muted); }}
.swatch.missing {{ color: var(--bad);
                  background: repeating-linear-gradient(135deg, var(--missing) 0 4px, #fff 4px 8px); }}
.swatch.bad {{ outline: 2px solid var(--bad); outline-offset: -3px; }}
ol.checks {{ margin: 0; padding: 0 0 0 20px; font-size: 12.5px; }}
ol.checks li {{ padding: 4px 4px; border-radius: 3px; cursor: default; }}
ol.checks li:hover, ol.checks li:focus, ol.checks li.on {{ background: var(--check-soft); outline: none; }}
ol.checks .nums {{ color: var(--bad); }}
#warnings tr[data-cells]:not([data-cells=""]):hover,
#warnings tr[data-cells]:focus {{ background: var(--check-soft); outline: none; }}
.ok-note {{ font-size: 12.5px; color: #2e6b2f; margin: 0; }}
#prov dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 3px 10px; margin: 6px 0 0; font-size: 12.5px; }}
#prov dt {{ color: var(--muted); }}
#prov dd {{ margin: 0; overflow-wrap: anywhere; }}
#prov .path {{ font-family: {MONO}; font-size: 12px; overflow-wrap: anywhere; }}
#prov .lbl {{ font-family: {SERIF}; margin: 2px 0 0; }}
details.part {{ border-top: 1px solid var(--soft-rule); padding: 6px 0; }}
details.part summary {{ cursor: pointer; font-family: {SERIF}; font-weight: 700; }}
details.part .text {{ white-space: pre-wrap; margin: 8px 0 4px; font-family: {SERIF}; line-height: 1.8; }}
p.absent {{ border-top: 1px solid var(--soft-rule); margin: 0; padding: 6px 0; color: var(--muted);
  font-family: {SERIF}; }}
footer {{ color: var(--muted); font-size: 12px; text-align: center; }}
@media (max-width: 1100px) {{
  .layout {{ grid-template-columns: minmax(0, 1fr); }}
  aside {{ position: static; max-height: none; }}
  dl.meta {{ grid-template-columns: max-content 1fr; }}
}}
@media print {{
  @page {{ size: A4; margin: 12mm; }}
  body {{ background: #fff; font-size: 11px; }}
  .wrap {{ padding: 0; max-width: none; }}
  .layout {{ display: flex; flex-direction: column; }}
  aside {{ order: -1; position: static; max-height: none; overflow: visible; display: grid;
    grid-template-columns: 1fr 1fr; gap: 0 18px; }}
  aside .card {{ padding: 0; }}
  .card, .doc-head {{ box-shadow: none; padding: 0; margin-bottom: 12px; }}
  #prov, .noprint {{ display: none; }}
  table.form {{ font-size: 10px; }}
  table.form tr {{ break-inside: avoid; }}
  .card {{ break-inside: auto; }}
  td.v {{ cursor: auto; }}
}}
"""

INDEX = BASE + """
.charts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 18px; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: 600; font-size: 13px; margin-bottom: 4px; }
.charts svg { width: 100%; height: auto; display: block; }
.charts svg text { font-size: 11px; fill: #333; }
.charts .bar { fill: #6d7f99; }
.charts .bar.bad { fill: #c0262d; }
.charts .axis { stroke: #999; stroke-width: 1; }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 10px; font-size: 13px; }
.filters input, .filters select { font: inherit; padding: 3px 6px; }
.filters input { min-width: 240px; }
.status { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; white-space: nowrap; }
.status.ok { background: #dcefdc; color: #1f5b20; }
.status.warnings { background: #fbeac0; color: #6b4a00; }
.status.identity { background: #f6d5c8; color: #7a2a0c; }
.status.failing { background: #f8d7d5; color: #8f1d22; }
table.list td.num { font-variant-numeric: tabular-nums; }
td.num .what { font-size: 11.5px; white-space: normal; }
table.list td.agency { min-width: 9em; }
table.list td.num { max-width: 16em; }
tr[hidden] { display: none; }
@media (max-width: 1000px) { .charts { grid-template-columns: minmax(0, 1fr); } }
@media print { .filters { display: none; } body { background: #fff; } .card { box-shadow: none; } }
"""
