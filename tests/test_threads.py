"""README: ``convert`` may run in several threads at once.  A mixed set (text,
HTML, docx, PDF of several classes) converted by 8 threads over many rounds,
each thread on its own window of the set, all starting together; every
report must equal, to the last byte of ``to_json(provenance=True)``, the
report the same file gives converted alone in one thread."""

from __future__ import annotations

import sys
import threading

from golden import CORPUS, SEEDS

import gxconvert

THREADS = 8
ROUNDS = 4
WINDOW = 3  # files a thread converts a round

# interleaved by format, so that any window holds different readers at once
FILES = [
    SEEDS / "000_c618104cc4de48fa.txt", CORPUS / "pdf" / "001_borderless.pdf", CORPUS / "html" / "000_cms.html",
    CORPUS / "docx" / "002-grid.docx", SEEDS / "004_6a33f86162c8aeae.txt", CORPUS / "pdf_rulings" / "000_filled.pdf",
    CORPUS / "html" / "000_word.html", CORPUS / "docx" / "000-messy.docx", SEEDS / "002_808b9c10c0982807.txt",
    CORPUS / "pdf_browser" / "000_cms_hf.pdf", CORPUS / "glued" / sorted(p.name for p in (CORPUS / "glued").glob("*.txt"))[0],
    CORPUS / "pdf" / "rotated.pdf", CORPUS / "docx" / "003.docx", CORPUS / "pdf_pagebreak" / "000_t2_p08.pdf",
    CORPUS / "html_misaligned" / sorted(p.name for p in (CORPUS / "html_misaligned").glob("*.html"))[0],
    CORPUS / "pdf_wrapped" / sorted(p.name for p in (CORPUS / "pdf_wrapped").glob("*.pdf"))[0],
]


def _json(path) -> str:
    return gxconvert.convert(path).to_json(provenance=True)


def test_reports_converted_in_8_threads_equal_the_single_threaded_ones():
    alone = {str(p): _json(p) for p in FILES}
    formats = {p.rsplit(".", 1)[-1] for p in alone}
    assert {"txt", "html", "docx", "pdf"} <= formats
    got: list[tuple[int, int, str, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def work(t: int) -> None:
        for r in range(ROUNDS):
            barrier.wait()  # every round's conversions start together
            start = (t * WINDOW // 2 + r * 3) % len(FILES)  # windows overlap: the same file in two threads
            for k in range(WINDOW):
                p = str(FILES[(start + k) % len(FILES)])
                try:
                    out = _json(p)
                except Exception as exc:  # noqa: BLE001 - recorded, asserted below
                    with lock:
                        errors.append(f"thread {t} round {r} {p}: {type(exc).__name__}: {exc}")
                    continue
                with lock:
                    got.append((t, r, p, out))

    old = sys.getswitchinterval()
    sys.setswitchinterval(5e-4)  # switch threads often: more interleavings a round
    try:
        threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        sys.setswitchinterval(old)
    assert errors == []
    assert len(got) == THREADS * ROUNDS * WINDOW
    assert {p for _, _, p, _ in got} == set(alone)  # every file was converted in threads
    differ = [f"thread {t} round {r}: {p}" for t, r, p, out in got if out != alone[p]]
    assert differ == [], differ[:10]
