"""Dataclass methods compiled once per interpreter (gxconvert.classcode): the
functions made from the cache are the ones ``dataclasses`` makes itself."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from gxconvert import classcode

ROOT = Path(__file__).resolve().parent.parent


def _define():  # the three classes
    @dataclasses.dataclass(frozen=True, slots=True)
    class Frozen:
        key: str
        labels: tuple[str, ...] = ()
        note: str | None = None

    @dataclasses.dataclass
    class Plain:
        n: int
        items: list[int] = dataclasses.field(default_factory=list)
        shared: ClassVar[int] = 3

    @dataclasses.dataclass(order=True, kw_only=True)
    class Ordered:
        a: int
        b: str = "x"

    return Frozen, Plain, Ordered


def _codes(classes) -> list[tuple[str, str, object]]:
    out = []
    for cls in classes:
        for name in ("__init__", "__repr__", "__eq__", "__setattr__", "__delattr__", "__hash__", "__lt__"):
            fn = cls.__dict__.get(name)
            if fn is not None and hasattr(fn, "__code__"):
                c = fn.__code__
                out.append((cls.__name__, name, (c.co_code, c.co_consts, c.co_names, c.co_varnames, c.co_flags)))
    return out


@pytest.fixture()
def fresh(tmp_path, monkeypatch):
    monkeypatch.setattr(classcode, "_FILE", str(tmp_path / "classcode.marshal"))
    monkeypatch.setattr(classcode, "_codes", None)
    monkeypatch.setattr(classcode, "_learned", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return tmp_path / "classcode.marshal"


def test_methods_from_the_cache_are_the_ones_dataclasses_makes(fresh) -> None:
    plain = _define()
    with classcode.cached():
        first = _define()
    assert "exec" not in vars(dataclasses)  # the shadowing ends with the block
    classcode.save()
    assert fresh.exists()
    classcode._codes = None  # as a new process
    with classcode.cached():
        second = _define()
    assert not classcode._learned  # every text came from the file
    assert _codes(plain) == _codes(first) == _codes(second) and len(_codes(plain)) >= 10
    Frozen, Plain, Ordered = second
    f = Frozen("a")
    assert f == Frozen("a", (), None) and hash(f) == hash(Frozen("a")) \
        and repr(f).endswith("Frozen(key='a', labels=(), note=None)")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.key = "b"  # type: ignore[misc]
    assert Plain(1).items == [] and Plain(1).items is not Plain(1).items and Plain.shared == 3
    assert Ordered(a=1) < Ordered(a=2) and dataclasses.replace(Ordered(a=1), b="y").b == "y"
    with pytest.raises(TypeError):
        Ordered(1)  # type: ignore[misc]


def test_every_dataclass_of_the_package_is_the_same_with_and_without_the_cache(tmp_path) -> None:
    """A copy of the package imported twice in fresh interpreters: without
    the cache file (it is written then), and from it."""
    shutil.copytree(ROOT / "gxconvert", tmp_path / "gxconvert", ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "import dataclasses, hashlib, sys, gxconvert.cli, gxconvert.dataset.sqlite, gxconvert.review.page\n"
        "from gxconvert import classcode\n"
        "out = []\n"
        "for m in sorted(k for k in sys.modules if k.startswith('gxconvert')):\n"
        "    for v in list(vars(sys.modules[m]).values()):\n"
        "        if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == m:\n"
        "            for k, f in sorted(vars(v).items()):\n"
        "                c = getattr(f, '__code__', None)\n"
        "                if c is not None and c.co_filename == '<string>':\n"
        "                    out.append(f'{m}.{v.__name__}.{k} {c.co_code.hex()} {c.co_consts!r} {c.co_names}')\n"
        "print(len(out), hashlib.sha256('\\n'.join(out).encode()).hexdigest(), len(classcode._learned))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tmp_path)
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
                           env=env).stdout.split() for _ in range(2)]
    assert (tmp_path / "gxconvert" / "__pycache__" / f"classcode.{sys.implementation.cache_tag}.marshal").exists()
    (n1, digest1, learned1), (n2, digest2, learned2) = runs
    assert int(n1) > 150 and (n1, digest1) == (n2, digest2)
    assert int(learned1) > 50 and learned2 == "0"  # the first compiled, the second read every one
