"""``python -m gxconvert.schema`` rewrites report.schema.json from the model."""

from pathlib import Path

from . import render

Path(__file__).with_name("report.schema.json").write_text(render(), encoding="utf-8")
