"""Where each element of pandoc's AST stands in the manuscript's files: file, line and column.

Pandoc's Markdown reader reports no source positions (only the commonmark readers have
+sourcepos, and they read a different Markdown), so the AST is aligned with the source:
its words, code, maths and raw markup are found in the text in reading order, each search
going on from where the last one ended. Code that *looks* like Markdown (a `# comment` in
indented code, `![x](y.png)` in a code span, an HTML comment) is itself in the AST as code
or raw markup, so it is passed over in its own place and never taken for what it resembles.
The syntax of an element without words of its own (the `![` of an image, the `[^1]` of a
note reference) is looked for between the words around it.

Note definitions and link reference definitions stand apart from the flow of the text: the
flow is searched with them blanked out, and a note's words are searched from its definition.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .ast import Node
from .book import YAML_BLOCK, Book, read_text

NEAR = 400            # characters searched past the last place found before a word counts as moved
CONFIRM = 2           # words that must follow a word found further away, to trust that place
TRIES = 30            # further places tried for such a word
# Pandoc's smart punctuation, undone to find the text as typed
TYPED = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
TYPED_DASHES = (("\u2014", "---"), ("\u2013", "--"), ("\u2026", "..."))
NOTE_DEFINITION = r"^[ ]{0,3}\[\^%s\]:"
NOTE_DEFINITIONS = re.compile(NOTE_DEFINITION % r"([^\]\s]+)", re.M)
APART = re.compile(r"^[ ]{0,3}\[\^[^\]\s]+\]:.*(?:\n(?:[ \t]*\n)*(?:    |\t).*)*"      # a note definition
                   r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]+\S.*", re.M)                      # a link reference
FENCE = re.compile(r"[ ]{0,3}(?:```|~~~)")
NOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]|\^\[")


@dataclass(frozen=True)
class Place:
    path: Path
    line: int
    column: int


@dataclass
class _Token:
    text: str
    code: bool = False      # code or raw markup: found as written, never as typed punctuation
    offset: int = -1        # where it was found in the joined sources, or -1


class Locations:
    """The place of each element of an AST, looked up by the element itself."""

    def __init__(self, sources: "_Sources", places: dict[int, int], keep: list[Node]) -> None:
        self._sources, self._places = sources, places
        self._keep = keep            # the elements stay alive, so their id() stays theirs

    def of(self, node: Node) -> Place | None:
        offset = self._places.get(id(node))
        return None if offset is None else self._sources.place(offset)

    def escaped(self, node: Node) -> bool:
        """Whether the element's text is preceded by a backslash in the source (`\\[^1]`)."""
        offset = self._places.get(id(node))
        return offset is not None and offset > 0 and self._sources.text[offset - 1] == "\\"


def locate(book: Book, blocks: list[Node]) -> Locations:
    sources = _Sources(book)
    aligner = _Aligner(sources)
    aligner.walk_flow(blocks)
    return Locations(sources, aligner.places, aligner.seen)


class _Sources:
    """The manuscript's files joined as pandoc reads them, with what stands apart blanked in `flow`."""

    def __init__(self, book: Book) -> None:
        parts, self.starts, self.paths = [], [], []
        offset = 0
        for path in book.sources:
            text = read_text(path).replace("\r\n", "\n")
            block = YAML_BLOCK.match(text)
            if block:       # the metadata is not in the blocks: blank it, keeping its lines
                text = _blank(block.group(0)) + text[block.end():]
            self.starts.append(offset)
            self.paths.append(path)
            parts.append(text + "\n\n")
            offset += len(text) + 2
        self.text = "".join(parts)
        self.flow = APART.sub(lambda m: _blank(m.group(0)), self.text)
        self._lines = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def place(self, offset: int) -> Place:
        file = bisect_right(self.starts, offset) - 1
        line = bisect_right(self._lines, offset) - 1
        first_line = bisect_right(self._lines, self.starts[file]) - 1
        return Place(self.paths[file], line - first_line + 1, offset - self._lines[line] + 1)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


class _Aligner:
    def __init__(self, sources: _Sources) -> None:
        self.sources = sources
        self.places: dict[int, int] = {}
        self.seen: list[Node] = []
        self._definitions: dict[str, int] | None = None

    def _definition_end(self, label: str) -> int | None:
        """Where the words of note label's first definition start: all found in one pass, on first use
        (searching the text once per note made a book of 5,000 notes take minutes)."""
        if self._definitions is None:
            self._definitions = {}
            for found in NOTE_DEFINITIONS.finditer(self.sources.text):
                self._definitions.setdefault(found.group(1), found.end())
        return self._definitions.get(label)

    def walk_flow(self, blocks: list[Node]) -> None:
        notes: list[tuple[Node, int, int]] = []
        self._align(self.sources.flow, blocks, 0, notes)
        done: set[int] = set()
        while notes:      # each note's words, from its definition (or from ^[ for an inline note)
            note, start, end = notes.pop(0)
            if id(note) in done:
                continue
            done.add(id(note))
            self._align(self.sources.text, note["c"], self._note_start(note, start, end), notes)

    def _note_start(self, note: Node, start: int, end: int) -> int:
        mark = NOTE_MARK.search(self.sources.text, start, max(end, start))
        if mark is None:
            return start
        self.places[id(note)] = mark.start()
        if mark.group(1) is None:      # ^[ an inline note ]: its words follow
            return mark.end()
        definition = self._definition_end(mark.group(1))
        return definition if definition is not None else mark.end()

    def _align(self, text: str, tree: Any, start: int, notes: list[tuple[Node, int, int]]) -> None:
        """Finds the tokens of tree in text from start; records each element's first place."""
        tokens: list[_Token] = []
        spans: list[tuple[Node, int, int]] = []      # element, its first token, after its last
        inner_notes: list[tuple[Node, int]] = []    # note, the token index it stands before
        self._tokens(tree, tokens, spans, inner_notes)
        position = start
        for index, token in enumerate(tokens):
            found = self._find(text, tokens, index, position)
            if found >= 0:
                token.offset = found
                position = found + len(token.text)
        ends = [start]           # ends[i]: where the last token found before token i ends
        for token in tokens:
            ends.append(token.offset + len(token.text) if token.offset >= 0 else ends[-1])
        firsts = [-1] * (len(tokens) + 1)     # firsts[i]: the first token found from token i on
        for at in range(len(tokens) - 1, -1, -1):
            firsts[at] = at if tokens[at].offset >= 0 else firsts[at + 1]
        for node, first, after in spans:
            self.seen.append(node)
            found_at = firsts[first]
            located = tokens[found_at].offset if 0 <= found_at < after else -1
            gap = _skip_space(text, ends[first])
            if node.get("t") == "Header" and located >= gap and "\n" not in text[gap:located]:
                located = gap          # the # marks of the heading, not its first word
            elif node.get("t") in ("CodeBlock", "RawBlock") and located > 0:
                located = _fence_before(text, located)
            elif node.get("t") in ("Image", "Link"):
                mark = text.rfind("![" if node["t"] == "Image" else "[", gap, located if located >= 0 else gap + NEAR)
                located = mark if mark >= 0 else located
            self.places[id(node)] = located if located >= 0 else gap
        for note, at in inner_notes:
            gap = _skip_space(text, ends[at])
            following = firsts[at] if at < len(tokens) else -1
            notes.append((note, gap, tokens[following].offset if following >= 0 else gap + NEAR))

    def _find(self, text: str, tokens: list[_Token], index: int, position: int) -> int:
        token = tokens[index]
        near = _search(text, token, position, position + NEAR + len(token.text))
        if near >= 0 or len(token.text) < 3:
            return near
        # further on, only where the next words follow it: a word pandoc changed is not taken
        # for the same word a page later
        place = position
        for _ in range(TRIES):
            place = _search(text, token, place, len(text))
            if place < 0:
                return -1
            follow, ok = place + len(token.text), True
            for later in tokens[index + 1: index + 1 + CONFIRM]:
                hit = _search(text, later, follow, follow + NEAR + len(later.text))
                if hit < 0:
                    ok = False
                    break
                follow = hit + len(later.text)
            if ok:
                return place
            place += 1
        return -1

    def _tokens(self, tree: Any, tokens: list[_Token], spans: list[tuple[Node, int, int]],
                notes: list[tuple[Node, int]]) -> None:
        """The searchable text of tree in reading order; each element's span of tokens."""
        stack: list[Any] = [tree]
        while stack:
            item = stack.pop()
            if isinstance(item, _Close):
                spans.append((item.node, item.first, len(tokens)))
                continue
            if isinstance(item, _Target):    # found only near its words: reference-style ones are elsewhere
                tokens.append(_Token(item.target, code=True))
                continue
            if isinstance(item, list):
                stack.extend(reversed(item))
                continue
            if not isinstance(item, dict) or "t" not in item:
                continue
            kind, content = item["t"], item.get("c")
            if kind == "Note":
                notes.append((item, len(tokens)))
                continue
            stack.append(_Close(item, len(tokens)))
            if kind == "Str":
                tokens.append(_Token(content))
            elif kind in ("Code", "Math", "RawInline", "CodeBlock", "RawBlock"):
                tokens.extend(_Token(part, code=True) for part in _lines(content[-1]))
            elif kind == "Image":
                stack.append(_Target(content[2][0]))
                stack.append(content[1])
            elif kind == "Link":
                stack.append(content[1])
            elif kind == "Cite":       # its words may be citeproc's; its keys are as written
                tokens.extend(_Token("@" + citation["citationId"], code=True) for citation in content[0])
            elif kind == "Figure":      # an image alone in its paragraph: its caption is its alt text
                stack.append(content[2])
            elif isinstance(content, list):
                stack.append(content)


class _Close:
    __slots__ = ("node", "first")

    def __init__(self, node: Node, first: int) -> None:
        self.node, self.first = node, first


class _Target:
    """An image's target, searched for as written after its alt text."""
    __slots__ = ("target",)

    def __init__(self, target: str) -> None:
        self.target = target


def _fence_before(text: str, offset: int) -> int:
    """A fenced block's place is its opening fence, on the line before its first line of code."""
    line_start = text.rfind("\n", 0, offset) + 1
    previous = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    return previous if line_start > 0 and FENCE.match(text, previous) else offset


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n":
        position += 1
    return position


def _lines(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        line = line.strip()
        if line:
            yield line


def _search(text: str, token: _Token, start: int, end: int) -> int:
    found = text.find(token.text, start, end)
    if token.code:
        if found < 0 and " " in token.text:     # a code span's spaces may be line breaks in the source
            match = re.compile(r"\s+".join(map(re.escape, token.text.split()))).search(text, start, end)
            return match.start() if match else -1
        return found
    typed = token.text.translate(TYPED)
    for curly, straight in TYPED_DASHES:
        typed = typed.replace(curly, straight)
    if typed != token.text:
        other = text.find(typed, start, end + len(typed))
        if other >= 0 and (found < 0 or other < found):
            found = other
    return found
