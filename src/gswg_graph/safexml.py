"""The one place where XML files are opened: hardened lxml parsing for files nobody here wrote.

IATI files come from third parties, so every document is treated as hostile:

* A document with a DOCTYPE is refused before the parser sees it. The prolog (everything before
  the root element) is scanned as text first; a DTD is the only way to declare entities, so no
  DOCTYPE means no entity expansion (billion laughs) and no external entities (XXE, SSRF).
* lxml itself runs with ``resolve_entities=False, no_network=True, load_dtd=False,
  huge_tree=False`` as a second line of defence, and the parsed document is checked again for a
  DTD at the first element it yields.
* Malformed XML becomes an :class:`~gswg_graph.errors.InputError` with file, line and column.

Large files are streamed with :func:`iter_elements`, which clears every yielded element and its
preceding siblings once the caller is done with it, so memory stays flat in the file size.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from .errors import InputError
from .progress import CountingReader

DOCTYPE_REFUSED = "DOCTYPE declarations are refused (external entities / entity expansion)"
DOCTYPE_HINT = "IATI files never need a DTD; remove the <!DOCTYPE ...> declaration"
EMPTY_HINT = "check that the right file was given, or download or export it again"

# The parser options every XML read in this project uses; see the module docstring. Spelled out
# at each parser below (the lxml stubs cannot type a ** of this dict); a test checks they agree.
PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
}

_CHUNK = 64 * 1024
_ENCODING_DECL = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


def _sniff_codec(head: bytes) -> str:
    """Pick a codec to scan the prolog with (XML 1.0 appendix F: BOM, then the declaration)."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, codec in boms:
        if head.startswith(bom):
            return codec
    no_bom = (
        (b"<\x00\x00\x00", "utf-32-le"),
        (b"\x00\x00\x00<", "utf-32-be"),
        (b"<\x00?\x00", "utf-16-le"),
        (b"\x00<\x00?", "utf-16-be"),
    )
    for prefix, codec in no_bom:
        if head.startswith(prefix):
            return codec
    match = _ENCODING_DECL.match(head)
    if match:
        declared = match.group(1).decode("ascii")
        try:
            info = codecs.lookup(declared)
        except LookupError:
            return "latin-1"  # lxml will report the unknown encoding itself
        if "<?xml".encode(info.name, errors="replace") != b"<?xml":
            return info.name  # not ASCII-compatible (EBCDIC...): decode for real
    # ASCII-compatible: markup characters are ASCII, so latin-1 never fails and keeps positions.
    return "latin-1"


class _Cursor:
    """Tracks line and column while the prolog text is consumed and trimmed."""

    def __init__(self) -> None:
        self.line = 1
        self.column0 = 0  # 0-based column of text[0]

    def advance(self, consumed: str) -> None:
        newlines = consumed.count("\n")
        if newlines:
            self.line += newlines
            self.column0 = len(consumed) - consumed.rfind("\n") - 1
        else:
            self.column0 += len(consumed)


def check_prolog(path: Path, hint: str = DOCTYPE_HINT) -> None:
    """Refuse a DOCTYPE (or any other ``<!`` declaration) before the root element.

    Reads only the prolog: the XML declaration, comments, processing instructions and
    whitespace up to the first ``<`` that starts an element. Nothing is parsed or expanded.
    ``hint`` says what to do instead (the default speaks of IATI files).
    """
    try:
        with open(path, "rb") as handle:
            check_prolog_of(handle, path, hint)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from exc


def check_prolog_bytes(data: bytes, name: Path | str, hint: str = DOCTYPE_HINT) -> None:
    """:func:`check_prolog` on data already in memory (an RDF/XML file, a store's answer);
    ``name`` is what the error calls it."""
    check_prolog_of(io.BytesIO(data), name, hint)


def check_prolog_of(handle: IO[bytes], path: Path | str, hint: str = DOCTYPE_HINT) -> None:
    """:func:`check_prolog` on an open binary stream; ``path`` names it."""
    head = handle.read(_CHUNK)
    decoder = codecs.getincrementaldecoder(_sniff_codec(head))(errors="replace")
    eof = len(head) < _CHUNK
    text = decoder.decode(head, final=eof)
    cursor = _Cursor()
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n\ufeff":
            pos += 1
        if pos > _CHUNK:  # forget what has been scanned (a long comment, say)
            cursor.advance(text[:pos])
            text, pos = text[pos:], 0
        end = -1
        if len(text) - pos >= 9 or eof:
            if pos >= len(text):
                return  # empty: lxml reports it with a position
            if text.startswith("<?", pos):
                end = text.find("?>", pos + 2)
                end = end + 2 if end >= 0 else -1
            elif text.startswith("<!--", pos):
                end = text.find("-->", pos + 4)
                end = end + 3 if end >= 0 else -1
            elif text.startswith("<!", pos):
                cursor.advance(text[:pos])
                raise InputError(
                    DOCTYPE_REFUSED,
                    path=path,
                    line=cursor.line,
                    column=cursor.column0 + 1,
                    hint=hint,
                )
            else:
                return  # the root element (or text that lxml will reject)
        if end >= 0:
            pos = end
            continue
        if eof:
            return  # an unterminated comment or PI: lxml reports it
        chunk = handle.read(_CHUNK)
        eof = len(chunk) < _CHUNK
        text += decoder.decode(chunk, final=eof)


def _refuse_parsed_dtd(path: Path, element: etree._Element) -> None:
    """Second line of defence: lxml saw a DTD that the prolog scan somehow missed."""
    info = element.getroottree().docinfo
    # (getattr: the lxml stubs lack these DocInfo attributes)
    doctype = getattr(info, "doctype", "")
    dtds = (getattr(info, "internalDTD", None), getattr(info, "externalDTD", None))
    if doctype or any(dtd is not None for dtd in dtds):
        raise InputError(DOCTYPE_REFUSED, path=path, line=1, hint=DOCTYPE_HINT)


def _syntax_error(path: Path, exc: etree.XMLSyntaxError) -> InputError:
    """Turn an lxml error into an InputError with the best position lxml knows."""
    line, column = exc.position if exc.position else (exc.lineno, 0)
    message = (exc.msg or str(exc)).strip()
    if not line:
        # iterparse sometimes reports only "no element found" at (0, 0); the error log keeps
        # the real cause (an undefined entity, say) with its position.
        entries: list[Any] = list(getattr(exc, "error_log", []))  # not iterable in the stubs
        for entry in entries:
            if entry.line > 0 and entry.level_name == "FATAL":
                line, column, message = entry.line, entry.column, entry.message.strip()
                break
    return InputError(
        f"malformed XML: {message}",
        path=path,
        line=line or None,
        column=column or None,
        hint="the file is not well-formed XML; check it with an XML validator or re-download it",
    )


def read_root(path: Path) -> etree._Element:
    """Return the root element (name, attributes, source line) without reading the rest."""
    path = Path(path)
    check_prolog(path)
    etree.clear_error_log()  # so a syntax error's log holds only this document's entries
    parser = etree.XMLPullParser(
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(_CHUNK)
                if chunk:
                    parser.feed(chunk)
                elif handle.tell() == 0:
                    raise InputError(
                        "malformed XML: the file is empty", path=path, line=1, hint=EMPTY_HINT
                    )
                else:
                    parser.close()  # raises on a truncated document
                for _event, element in parser.read_events():
                    if isinstance(element, etree._Element):
                        _refuse_parsed_dtd(path, element)
                        return element
                if not chunk:
                    raise InputError("no root element found", path=path)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from exc


def iter_elements(
    path: Path, tag: str, *, on_read: Callable[[int], None] | None = None
) -> Iterator[etree._Element]:
    """Yield each complete ``tag`` element in document order, then free it.

    After the caller's loop body returns, the element is cleared and removed together with its
    preceding siblings, so only one element is alive at a time.  ``on_read`` receives the number
    of bytes read so far.
    """
    path = Path(path)
    check_prolog(path)
    etree.clear_error_log()
    try:
        with open(path, "rb") as raw:
            reader = CountingReader(raw, on_read)
            events = etree.iterparse(
                reader,  # lxml accepts any object with .read()
                events=("end",),
                tag=tag,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            first = True
            for _event, element in events:
                if first:
                    _refuse_parsed_dtd(path, element)
                    first = False
                yield element
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from exc


def parse(path: Path) -> etree._ElementTree:
    """Parse a small document (a codelist) completely, with the same protections."""
    path = Path(path)
    check_prolog(path)
    etree.clear_error_log()
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc}", path=path) from exc
    _refuse_parsed_dtd(path, tree.getroot())
    return tree
