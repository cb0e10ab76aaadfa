"""Load a bill's text from a .txt, .html/.htm, .pdf or .docx file (or its bytes).

Every input that cannot be read raises ``InputError`` with a one-line message
that starts with the file's name. Plain text must be UTF-8 (a UTF-8 byte-order
mark is accepted); nothing is decoded by guessing. HTML may instead declare its
encoding in a ``<meta charset>``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from billtracker.errors import InputError

SUPPORTED = (".txt", ".html", ".htm", ".pdf", ".docx")
UTF8_BOM = b"\xef\xbb\xbf"
SIGNATURES = {
    b"%PDF-": "a PDF",
    b"PK\x03\x04": "a ZIP archive (DOCX?)",
    b"\xd0\xcf\x11\xe0": "an old Word/Office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}
BLOCK_TAGS = (
    "address article aside blockquote body center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre "
    "section summary table tbody thead tfoot tr ul caption"
).split()
DROP_TAGS = ["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]


def read_text(path) -> str:
    """The text of the bill file at ``path``."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected a file")
    check_supported(path.name, str(path))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({one_line(e.strerror or e)})") from e
    return extract(data, path.suffix.lower(), str(path))


def text_from_bytes(data: bytes, filename: str) -> str:
    """The text of an uploaded bill file, its type taken from ``filename``."""
    check_supported(filename, filename)
    return extract(data, Path(filename).suffix.lower(), filename)


def is_supported(filename) -> bool:
    """True when the file name has an extension this module can read."""
    return Path(filename).suffix.lower() in SUPPORTED


def check_supported(filename, name: str) -> None:
    """Raise InputError unless the file name has a supported extension."""
    if not is_supported(filename):
        suffix = Path(filename).suffix or "no extension"
        raise InputError(
            f"{name}: unsupported file type ({suffix}); expected one of {', '.join(SUPPORTED)}"
        )


def extract(data: bytes, suffix: str, name: str) -> str:
    """Dispatch the bytes of a file to the reader for its extension."""
    if not data.strip():
        raise InputError(f"{name}: is empty" if not data else f"{name}: contains only whitespace")
    reader = {".pdf": pdf_text, ".docx": docx_text, ".html": html_text, ".htm": html_text}
    text = reader.get(suffix, plain_text)(data, name)
    if not text.strip():
        raise InputError(f"{name}: contains no text")
    return text


def one_line(value) -> str:
    """``value`` as a single line (for embedding library errors in messages)."""
    return " ".join(str(value).split()) or type(value).__name__


def sniff(data: bytes) -> str | None:
    """What a binary file looks like from its first bytes, if recognised."""
    return next((kind for sig, kind in SIGNATURES.items() if data.startswith(sig)), None)


def decode_strict(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """``data`` in its declared or documented ``encoding``, strictly (a UTF-8 BOM is dropped);
    InputError naming ``name``, the byte and its offset for bytes that do not decode."""
    skip = len(UTF8_BOM) if encoding == "utf-8" and data.startswith(UTF8_BOM) else 0
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as e:
        offset = e.start + skip
        raise InputError(
            f"{name}: invalid {encoding} (byte 0x{data[offset]:02x} at byte offset {offset}); "
            "nothing from it was stored"
        ) from None


def decode_utf8(data: bytes, name: str) -> str:
    """Decode UTF-8 text (dropping a BOM); reject binary or other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: is UTF-16 text; save it as UTF-8")
    kind = sniff(data)
    if kind or b"\x00" in data:
        raise InputError(f"{name}: is a binary file ({kind or 'contains NUL bytes'}), not text")
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        offset = e.start + len(data) - len(body)
        raise InputError(
            f"{name}: is not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset}); "
            "save it as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def plain_text(data: bytes, name: str) -> str:
    """The text of a plain-text file."""
    text = decode_utf8(data, name)
    if not text.strip():
        raise InputError(f"{name}: contains only whitespace")
    return text


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in its first few kilobytes, if any."""
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", data[:4096], re.I)
    return match.group(1).decode("ascii") if match else None


def decode_html(data: bytes, name: str) -> str:
    """Decode an HTML file: UTF-8, or the charset it declares."""
    try:
        return decode_utf8(data, name)
    except InputError:
        charset = declared_charset(data)
        if not charset or charset.lower().replace("-", "") == "utf8" or b"\x00" in data:
            raise
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise InputError(
                f"{name}: cannot be decoded as its declared charset {charset}"
            ) from None


def html_text(data: bytes, name: str) -> str:
    """The visible text of an HTML page, one line per block element."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_html(data, name), "lxml")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for string in soup.find_all(string=True):
        if not string.find_parent("pre"):
            string.replace_with(re.sub(r"\s+", " ", string))
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" ")
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return tidy_lines(soup.get_text())


def tidy_lines(text: str) -> str:
    """Strip each line and keep at most one blank line between paragraphs."""
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, pages separated by blank lines."""
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{name}: is not a PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: is an encrypted PDF; remove the password first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"{name}: is a corrupt or unreadable PDF ({one_line(e)})") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise InputError(f"{name}: PDF has no extractable text (scanned image?); OCR it first")
    return text + "\n"


def docx_text(data: bytes, name: str) -> str:
    """The paragraphs and table rows of a Word (.docx) document, in order."""
    import docx
    from docx.table import Table

    if not data.startswith(b"PK\x03\x04"):
        kind = sniff(data)
        raise InputError(f"{name}: is not a DOCX document{f' (looks like {kind})' if kind else ''}")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = document.iter_inner_content()
        lines = [table_text(b) if isinstance(b, Table) else b.text for b in blocks]
    except Exception as e:
        raise InputError(f"{name}: is a corrupt or unreadable DOCX ({one_line(e)})") from None
    return tidy_lines("\n".join(lines))


def table_text(table) -> str:
    """A Word table as lines of cells separated by `` | `` (merged cells once)."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        rows.append(" | ".join(cell.text.strip() for cell in cells))
    return "\n".join(rows)
