from gxconvert.schema import build_schema, load_schema


def test_shipped_schema_is_generated_from_the_model():
    # regenerate with: python -m gxconvert.schema
    assert load_schema() == build_schema()


def test_schema_knows_both_forms():
    shapes = build_schema()["properties"]["tables"]["properties"]["active_disclosure"]["anyOf"]
    assert {s["title"] for s in shapes} == {"template 2019", "template 2021"}
