"""Code gxconvert generates (dataclasses' methods, a form's checks) compiled
once per interpreter (gxconvert.codecache): what comes from the cache file is
what compiling gives, classes made from it behave as ever, a class outside
gxconvert is compiled as usual, and a damaged or foreign file is ignored."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from gxconvert import checks, codecache, pycache, templates

ROOT = Path(__file__).resolve().parent.parent
REAL_ALONE = codecache._alone

CLASS_SOURCE = '''
from dataclasses import dataclass, field

@dataclass(frozen=True, slots=True)
class Box:
    """A frozen, slotted class: __init__, __repr__, __eq__, __setattr__, __delattr__, __hash__."""
    x0: float
    top: float = 0.0
    tags: tuple[str, ...] = ()

@dataclass
class Bag:
    name: str
    items: list[int] = field(default_factory=list)
'''


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    """codecache as in a new process, its file under tmp_path, writing allowed."""
    path = str(tmp_path / "code.marshal")
    monkeypatch.setattr(codecache, "_FILE", path)
    monkeypatch.setattr(codecache, "_cache", None)
    monkeypatch.setattr(codecache, "_learned", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(codecache, "_alone", lambda: True)  # (threads other tests left running are not ours)
    return path


def _new_process() -> None:
    codecache._cache = None
    codecache._learned.clear()


def _classes(module_name: str) -> types.ModuleType:
    """CLASS_SOURCE run as the body of a module named ``module_name``, inside the window."""
    module = types.ModuleType(module_name)
    sys.modules[module_name] = module
    try:
        with codecache.dataclass_methods():
            exec(compile(CLASS_SOURCE, f"<{module_name}>", "exec", dont_inherit=True), module.__dict__)
    finally:
        del sys.modules[module_name]
    return module


def _check(module: types.ModuleType) -> None:
    box, bag = module.Box, module.Bag
    b = box(1.5, tags=("a",))
    assert (b.x0, b.top, b.tags) == (1.5, 0.0, ("a",))
    assert b == box(1.5, 0.0, ("a",)) and b != box(2.0) and hash(b) == hash(box(1.5, 0.0, ("a",)))
    assert repr(b) == "Box(x0=1.5, top=0.0, tags=('a',))"
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.x0 = 3.0  # type: ignore[misc]
    assert not hasattr(b, "__dict__") and box.__slots__ == ("x0", "top", "tags")
    assert dataclasses.replace(b, top=2.0) == box(1.5, 2.0, ("a",))
    assert [f.name for f in dataclasses.fields(box)] == ["x0", "top", "tags"]
    g, h = bag("g"), bag("h")
    g.items.append(1)
    assert h.items == [] and repr(g) == "Bag(name='g', items=[1])" and bag("g", [1]) == g


def test_gxconvert_classes_made_from_the_cache_behave_as_compiled_ones(fresh_cache) -> None:
    first = _classes("gxconvert._probe_a")
    assert not hasattr(dataclasses, "exec")  # the window is closed again
    assert os.path.exists(fresh_cache)  # written when the window closed
    learned = {k for k in marshal.loads(Path(fresh_cache).read_bytes())[1]}
    assert len(learned) == 9  # Box: 6 methods; Bag: __init__, __repr__, __eq__
    assert all(f == "<string>" for _, f in learned)
    _check(first)
    assert first.Box.__init__.__annotations__ == {"x0": float, "top": float, "tags": tuple[str, ...], "return": None}
    _new_process()
    second = _classes("gxconvert._probe_a")
    assert not codecache._learned and len(codecache._cache or {}) == 9  # every method came from the file
    _check(second)
    # the very code objects compiling the same text gives
    for source, filename in learned:
        assert (codecache._cache or {})[(source, filename)] == compile(source, filename, "exec", dont_inherit=True)


def test_other_modules_classes_are_compiled_as_usual(fresh_cache) -> None:
    module = _classes("elsewhere_probe")
    _check(module)
    assert not os.path.exists(fresh_cache) and not codecache._learned
    # compiled without this module's ``from __future__ import annotations``: annotations stay objects
    assert module.Box.__init__.__annotations__["x0"] is float


def test_nested_windows_restore_dataclasses_once(fresh_cache) -> None:
    with codecache.dataclass_methods():
        with codecache.dataclass_methods():
            assert dataclasses.exec is codecache._exec  # type: ignore[attr-defined]
        assert dataclasses.exec is codecache._exec  # type: ignore[attr-defined]
    assert "exec" not in vars(dataclasses)


def test_no_window_while_other_threads_run(fresh_cache, monkeypatch) -> None:
    """A host program's threads never see dataclasses changed: with another
    thread alive the classes are compiled as usual and nothing is cached."""
    import threading

    monkeypatch.setattr(codecache, "_alone", REAL_ALONE)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with codecache.dataclass_methods():
            assert "exec" not in vars(dataclasses)
        module = _classes("gxconvert._probe_c")
    finally:
        stop.set()
        other.join()
    _check(module)
    assert not codecache._learned and not os.path.exists(fresh_cache)


def test_a_forms_checks_compile_once_per_interpreter(fresh_cache, monkeypatch) -> None:
    form = templates.for_year(2022)
    monkeypatch.setattr(checks, "_COMPILED", {})
    tables, run = checks._compiled(form)
    assert os.path.exists(fresh_cache)  # written at once (a forked worker runs no atexit)
    assert [k for k in codecache._cache or {} if k[1] == f"<checks of form {form.id}>"]
    values: dict[str, dict[str, object]] = {t: {p: int(k == 3) for k, p in enumerate(ps)} for t, ps in tables}
    before = [(c.rule, c.ok, c.expected, c.actual, c.where) for c in checks.run_checks(form, values)]
    assert len(before) > 30 and {ok for _, ok, *_ in before} == {True, False}
    _new_process()
    checks._COMPILED.clear()
    tables2, run2 = checks._compiled(form)
    assert not codecache._learned and tables2 == tables and run2.__code__ == run.__code__
    assert [(c.rule, c.ok, c.expected, c.actual, c.where) for c in checks.run_checks(form, values)] == before


def test_a_damaged_or_foreign_file_is_ignored(fresh_cache) -> None:
    Path(fresh_cache).write_bytes(b"\x00not marshal")
    code = codecache.compile("x = 1\n", "<probe>")
    assert code == compile("x = 1\n", "<probe>", "exec", dont_inherit=True)
    wrong = compile("x = 2\n", "<p>", "exec")
    pycache.write_cache(fresh_cache, ("another interpreter",), {("x = 1\n", "<probe>"): wrong})
    _new_process()
    assert codecache.compile("x = 1\n", "<probe>") == code and codecache._learned == {}
    assert codecache.read_cache(fresh_cache, codecache._STAMP)[("x = 1\n", "<probe>")] == code


def test_no_file_when_bytecode_may_not_be_written(fresh_cache, monkeypatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    codecache.compile("y = 1\n", "<probe>")
    _classes("gxconvert._probe_b")
    assert not os.path.exists(fresh_cache)


def test_a_second_process_imports_gxconvert_compiling_no_class(tmp_path) -> None:
    """A real interpreter: after one run has written the file, ``import gxconvert``
    compiles none of its classes' methods (every ``exec`` dataclasses makes is of
    a code object from the file)."""
    probe = (
        "import builtins, sys\n"
        "seen = []\n"
        "real = builtins.compile\n"
        "def counting(source, filename, *a, **k):\n"
        "    if filename == '<string>' and (a[:1] or [k.get('mode')])[0] == 'exec': seen.append(1)\n"
        "    return real(source, filename, *a, **k)\n"
        "builtins.compile = counting\n"
        "import gxconvert\n"
        "from gxconvert import codecache\n"
        "print(len(seen), len(codecache._cache or {}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env,
                           cwd=tmp_path).stdout.split() for _ in range(2)]
    compiled, cached = map(int, runs[1])
    assert compiled == 0 and cached > 200
