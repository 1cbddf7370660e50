"""The six part headings inside running text, and long paragraphs cut into
pieces the other stages can read.

A web-archive dump puts a whole page on one line: the crawler's header, the
site's chrome, the report with its headings inline (``…。二、<part 二's
words><first cell of its table>…``, sometimes without the ``、``), the
tables flattened, and the footer.  :func:`split_paragraph` finds the part
headings in such a text and cuts the rest at full stops, so that each part's
text, the title and the flattened tables reach the matcher as pieces of a
readable size (trailing spaces kept: they count a flattened row's empty
cells).  A paragraph holding one heading and its text becomes two pieces.

Which words make a heading comes from the form data (``templates.sections``);
this module only knows how headings are written: a Chinese numeral, an
optional ``、``, then the part's words, maybe worded longer
(a few words before the form's, as ``五、<subject> + <part 五's words>``).
A heading listed in a sentence (``…由一、<words>，二、<words>，…组成``) is
followed or preceded by a comma and is not a heading.  Everything here is
one pass over the text (linear time).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .. import patterns
from ..normalize import fold_chars, fold_each, folding_to, nfkc_full_width, norm_text, similarity
from ..numerals import COUNTING as CN_NUM
from ..templates import sections

LONG_PARAGRAPH = 5000  # a paragraph this long is cut into sentences even without an inline heading
MAX_EXTRA_BEFORE = 12  # a longer-worded heading may add this many characters before the form's words
_WINDOW = 50  # characters after the numeral looked at for the heading's words
MISSPELT = 0.9  # a numbered heading's words this similar to the form's are its words misspelt (行政法复议)
_KEY_DROP = re.compile(r"[\s\W_]", re.UNICODE)
_KEY_DROP_ALL = re.compile(r"[\s\W_]+", re.UNICODE)
_NUMBER_SEPS = "、.,．，"
_LISTED = ",;、，；"  # after a heading listed in a sentence
_SENTENCE_END = "。！？!?"
_SPACES = " \t\u3000\xa0"
_SENTENCE = re.compile(f"[^{_SENTENCE_END}]+[{_SENTENCE_END}]*|[{_SENTENCE_END}]+")
# the numerals of the parts after part k (k = 0..5)
_NUMERALS = [re.compile(f"[{CN_NUM[k:6]}]") for k in range(6)]


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of a paragraph: a part heading (``number`` set) or text."""

    text: str
    number: int | None = None


@lru_cache(maxsize=65536)
def _fold(ch: str) -> str:
    """One character folded as ``norm_text`` folds it, kept one character
    long so offsets stay those of the text."""
    n = norm_text(ch)
    return n[:1] if n else " "


def _key_map(text: str) -> tuple[str, list[int]]:
    """The text's label key (no spaces or punctuation, folded) and, for each
    of its characters, its offset in ``text``."""
    each = fold_each(text)
    if each is not None:
        # each character its own fold: the key is what is not dropped, in runs between the dropped ones
        pieces: list[str] = []
        idx: list[int] = []
        pos = 0
        for m in _KEY_DROP_ALL.finditer(each):
            start = m.start()
            if start > pos:
                pieces.append(each[pos:start])
                idx.extend(range(pos, start))
            pos = m.end()
        if pos == 0:
            return each, list(range(len(each)))
        pieces.append(each[pos:])
        idx.extend(range(pos, len(each)))
        return "".join(pieces), idx
    folded = [_fold(ch) for ch in text]
    idx = [i for i, ch in enumerate(folded) if not _KEY_DROP.match(ch)]
    return "".join(folded[i] for i in idx), idx


@lru_cache(maxsize=8)
def _label_ends(number: int) -> frozenset[str]:
    """The last characters of part ``number``'s heading words."""
    return frozenset(lab[-1] for spec in sections() if spec.number == number for lab in spec.labels)


@lru_cache(maxsize=8)
def _ends_finder(number: int) -> Callable[[str], re.Match[str] | None]:
    """Finds a character that :func:`fold_chars` makes one of :func:`_label_ends`."""
    ends = _label_ends(number)
    chars = sorted(ends | {ch for ch in folding_to(ends)})
    return re.compile("[" + "".join(re.escape(ch) for ch in chars) + "]").search


def heading_words_end(number: int, text: str, numbered: bool) -> int | None:
    """Where the words of part ``number``'s heading end in ``text`` (which
    starts right after the numeral, or at the heading's first word when
    ``numbered`` is false); None when ``text`` does not start with them."""
    window = text[:_WINDOW]
    if _ends_finder(number)(window) is None or not _may_hold_words(number, window):
        return None  # none of the part's words can end here, or too few of their characters are here
    key, idx = _key_map(window)
    if not key:
        return None
    best: int | None = None
    for spec in sections():
        if spec.number != number:
            continue
        for lab in spec.labels:
            if key.startswith(lab):
                pos = 0
            elif numbered:
                pos = key.find(lab, 1, MAX_EXTRA_BEFORE + len(lab))
                if pos < 0 or any(ch.isdigit() or ch in CN_NUM for ch in key[:pos]):
                    continue  # words before the form's: no number, no next heading
            else:
                continue
            end = idx[pos + len(lab) - 1] + 1
            if best is None or end > best:
                best = end
    if best is None and numbered:
        best = _misspelt_end(number, key, idx)
    return best


@lru_cache(maxsize=8)
def _label_chars(number: int) -> tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...]:
    """Part ``number``'s heading words: each with the fewest characters a
    misspelling of it keeps (:func:`_misspelt_end`) and its characters with
    their counts."""
    return tuple((lab, max(len(lab) - 2, 1), tuple((ch, lab.count(ch)) for ch in dict.fromkeys(lab)))
                 for spec in sections() if spec.number == number for lab in spec.labels)


@lru_cache(maxsize=8)
def _chars_finder(number: int) -> Callable[[str], list[str]]:
    """Finds every character that is one of part ``number``'s heading words'
    characters or that :func:`fold_chars` makes one."""
    chars = {ch for spec in sections() if spec.number == number for lab in spec.labels for ch in lab}
    every = sorted(chars | set(folding_to(frozenset(chars))))
    # (patterns.compile: kept in the compiled-pattern cache, not compiled again in every process)
    return patterns.compile("[" + "".join(re.escape(ch) for ch in every) + "]").findall


def _shares_enough(text: str, lab: str, shortest: int, chars: tuple[tuple[str, int], ...]) -> bool:
    """Whether ``text`` holds enough of the characters of heading words ``lab``
    (:func:`_label_chars`) to be as similar to them as :data:`MISSPELT` asks
    (it holds them all when it holds them)."""
    return 2.0 * sum([min(text.count(ch), n) for ch, n in chars]) / (shortest + len(lab)) >= MISSPELT


def _may_hold_words(number: int, window: str) -> bool:
    """False when the key of ``window`` (:func:`_key_map`: its characters
    folded one by one, some dropped) can neither hold part ``number``'s words
    nor start with a misspelling of them (:func:`_misspelt_end`): the window
    folded holds too few of any of their characters; told without keying it
    (most numerals in running text start no heading: ``一是`` ``三次``)."""
    mapped = nfkc_full_width(window)
    if mapped is None:
        return True  # (NFKC changes more than full-width forms: keyed character by character)
    labels = _label_chars(number)
    # how many of the window's characters are or fold into one of the words' characters: no more of them
    # are in the window folded (one regular-expression scan; most numerals in running text stop here)
    held = len(_chars_finder(number)(window))
    if all(2.0 * min(held, len(lab)) / (shortest + len(lab)) < MISSPELT for lab, shortest, _ in labels):
        return False
    each = fold_chars(mapped)  # (fold_each of the window)
    # a window holding some of the words whole holds all their characters (a heading: most windows that get
    # here): found by one substring search each, without counting the characters
    return any(lab in each for lab, _, _ in labels) or any(
        _shares_enough(each, lab, shortest, chars) for lab, shortest, chars in labels)


def _misspelt_end(number: int, key: str, idx: list[int]) -> int | None:
    """Where a numbered heading's words end when they are the form's words
    misspelt (a character added, dropped or changed: ``政府信息公开行政法复议…``)."""
    for lab, shortest, chars in _label_chars(number):
        if not _shares_enough(key[:len(lab) + 2], lab, shortest, chars):  # (the longest prefix compared)
            continue  # no prefix shares enough characters with the words to be this similar
        for n in range(min(len(key), len(lab) + 2), shortest - 1, -1):
            if similarity(key[:n], lab, MISSPELT) >= MISSPELT:
                return idx[n - 1] + 1
    return None


def _listed_after(text: str, end: int) -> bool:
    """The heading's words are followed by a comma: a heading named in a
    sentence, not one that starts a part."""
    j = end
    while j < len(text) and text[j] in _SPACES:
        j += 1
    return j < len(text) and text[j] in _LISTED


def _listed_before(text: str, start: int) -> bool:
    """A comma right before the numeral: a heading named in a list."""
    j = start - 1
    while j >= 0 and text[j] in _SPACES:
        j -= 1
    return j >= 0 and text[j] in _LISTED


def find_inline_headings(text: str, after: int) -> list[tuple[int, int, int]]:
    """The part headings inside ``text``: (number, start, end) in order, each
    numbered after the one before (the first after part ``after``)."""
    out: list[tuple[int, int, int]] = []
    current = after
    n = len(text)
    i = 0
    while i < n and current < 6:
        m = _NUMERALS[current].search(text, i)
        if m is None:
            break
        i = m.start()
        k = CN_NUM.find(text[i])
        prev = text[i - 1] if i > 0 else ""
        if prev and (prev in CN_NUM or prev in "（(第"):
            i += 1
            continue
        j = i + 1
        while j < n and text[j] in _SPACES:
            j += 1
        if j < n and text[j] in _NUMBER_SEPS:
            j += 1
        end = heading_words_end(k + 1, text[j:j + _WINDOW], numbered=True)
        if end is None or _listed_after(text, j + end) or _listed_before(text, i):
            i += 1
            continue
        out.append((k + 1, i, j + end))
        current = k + 1
        i = j + end
    return out


def _unnumbered_next(text: str, start: int, number: int) -> tuple[int, int] | None:
    """An unnumbered heading of part ``number`` in ``text[start:]`` that
    starts a sentence (after a full stop) and is not listed in one."""
    if number > 6:
        return None
    for spec in sections():
        if spec.number != number:
            continue
        for lab in spec.labels:
            pos = text.find(lab, start)
            while pos >= 0:
                j = pos - 1
                while j >= start and text[j] in _SPACES:
                    j -= 1
                if (j < start or text[j] in _SENTENCE_END) and not _listed_after(text, pos + len(lab)):
                    return pos, pos + len(lab)
                pos = text.find(lab, pos + 1)
    return None


def _sentences(text: str) -> list[str]:
    """``text`` cut after each full stop; empty pieces dropped."""
    out: list[str] = []
    for m in _SENTENCE.finditer(text):
        piece = m.group(0).lstrip(_SPACES)
        if piece.strip(_SPACES):
            out.append(piece)
    return out


def _whole(text: str) -> list[str]:
    t = text.lstrip(_SPACES)  # trailing spaces kept: they count the empty cells before a heading
    return [t] if t.strip(_SPACES) else []


def split_paragraph(text: str, after: int) -> list[Piece] | None:
    """The pieces of a paragraph holding part headings inside it, or a very
    long one; None when the paragraph is to be read as it is."""
    found = find_inline_headings(text, after)
    last = found[-1][0] if found else after
    if last == 5:
        # the last part may be written without its numeral, after a full stop
        extra = _unnumbered_next(text, found[-1][2] if found else 0, 6)
        if extra is not None:
            found.append((6, extra[0], extra[1]))
    long = len(text) >= LONG_PARAGRAPH
    if not found and not long:
        return None
    # a page flattened to one line (several headings inside, or very long):
    # cut at full stops too; a heading with its own text: two pieces
    cut = _sentences if long or len(found) >= 2 else _whole
    pieces: list[Piece] = []
    pos = 0
    for number, start, end in found:
        pieces.extend(Piece(s) for s in cut(text[pos:start]))
        pieces.append(Piece(text[start:end].strip(_SPACES), number))
        pos = end
    pieces.extend(Piece(s) for s in cut(text[pos:]))
    return pieces
