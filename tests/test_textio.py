"""Reading bill texts from .txt, .html, .pdf and .docx files, and rejecting bad ones."""

import io

import docx
import pytest
from pypdf import PdfWriter

from billtracker.errors import InputError
from billtracker.text.extract import read_text, text_from_bytes
from conftest import TEXTS


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose content stream shows ``text`` in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def error_for(path) -> str:
    with pytest.raises(InputError) as info:
        read_text(path)
    return str(info.value)


# -- plain text ------------------------------------------------------------------


def test_reads_a_corpus_text():
    text = read_text(TEXTS / "CA_2017-2018_SB54_chaptered-ch495.txt")
    assert "SECTION 1." in text


def test_accepts_a_utf8_bom(tmp_path):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfSection 1. Caf\xc3\xa9.")
    assert read_text(path) == "Section 1. Café."


def test_missing_file_names_the_file(tmp_path):
    assert "nothere.txt: no such file" in error_for(tmp_path / "nothere.txt")


def test_directory_is_rejected(tmp_path):
    assert "is a directory" in error_for(tmp_path)


def test_empty_file_is_rejected(tmp_path):
    assert "empty.txt: is empty" in error_for(write(tmp_path / "empty.txt", b""))


def test_whitespace_only_file_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "blank.txt", b"  \n\t\n"))
    assert "blank.txt: contains only whitespace" in message


def test_binary_file_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "bin.txt", b"abc\x00\x01\x02def"))
    assert "bin.txt: is a binary file" in message


def test_pdf_named_txt_is_called_binary(tmp_path):
    message = error_for(write(tmp_path / "renamed.txt", minimal_pdf("Hello")))
    assert "renamed.txt: is a binary file (a PDF)" in message


def test_non_utf8_names_file_and_offset(tmp_path):
    message = error_for(write(tmp_path / "latin1.txt", b"caf\xe9"))
    assert "latin1.txt: is not UTF-8 text (byte 0xe9 at offset 3)" in message


def test_non_utf8_offset_counts_the_bom(tmp_path):
    message = error_for(write(tmp_path / "bom1.txt", b"\xef\xbb\xbfcaf\xe9"))
    assert "at offset 6" in message


def test_unsupported_extension_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "bill.rtf", b"{\\rtf1 hello}"))
    assert "bill.rtf: unsupported file type (.rtf)" in message


def test_errors_are_one_line(tmp_path):
    message = error_for(write(tmp_path / "broken.pdf", b"%PDF-1.4\ngarbage\n"))
    assert "\n" not in message


# -- HTML ------------------------------------------------------------------------


HTML = b"""<!doctype html><html><head><title>Page title</title>
<style>p { color: red }</style><script>var secret = 1;</script></head>
<body><h1>An Act</h1><p>Section 1. No agency
   shall share data.</p><p>Section 2. Effective<br>now.</p>
<table><tr><td>Cell A</td><td>Cell B</td></tr></table></body></html>"""


def test_html_blocks_become_lines(tmp_path):
    text = read_text(write(tmp_path / "bill.html", HTML))
    assert "An Act\n\nSection 1. No agency shall share data." in text


def test_html_br_becomes_line_break(tmp_path):
    text = read_text(write(tmp_path / "bill.html", HTML))
    assert "Effective\nnow." in text


def test_html_drops_scripts(tmp_path):
    text = read_text(write(tmp_path / "bill.htm", HTML))
    assert "secret" not in text


def test_html_drops_styles_and_head(tmp_path):
    text = read_text(write(tmp_path / "bill.htm", HTML))
    assert "color" not in text and "Page title" not in text


def test_html_keeps_table_cells(tmp_path):
    text = read_text(write(tmp_path / "bill.html", HTML))
    assert "Cell A Cell B" in text


def test_html_with_declared_charset(tmp_path):
    page = b'<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9</p></body></html>'
    assert read_text(write(tmp_path / "cp.html", page)).strip() == "Café"


def test_undeclared_non_utf8_html_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "bad.html", b"<p>Caf\xe9</p>"))
    assert "bad.html: is not UTF-8" in message


def test_html_without_text_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "empty.html", b"<html><script>x()</script></html>"))
    assert "empty.html: contains no text" in message


# -- PDF -------------------------------------------------------------------------


def test_pdf_text_is_extracted(tmp_path):
    path = write(tmp_path / "bill.pdf", minimal_pdf("Section 1. No sharing with ICE."))
    assert "Section 1. No sharing with ICE." in read_text(path)


def test_corrupt_pdf_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "broken.pdf", b"%PDF-1.4\ngarbage\n"))
    assert "broken.pdf: is a corrupt or unreadable PDF" in message


def test_non_pdf_named_pdf_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "fake.pdf", b"just some text"))
    assert "fake.pdf: is not a PDF" in message


def test_scanned_pdf_without_text_is_rejected(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    message = error_for(write(tmp_path / "scan.pdf", buffer.getvalue()))
    assert "scan.pdf: PDF has no extractable text" in message


# -- DOCX ------------------------------------------------------------------------


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Section 1. Definitions.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Term"
    table.cell(0, 1).text = "Meaning"
    document.add_paragraph("Section 2. Prohibition.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_are_read(tmp_path):
    text = read_text(write(tmp_path / "bill.docx", docx_bytes()))
    assert "Section 1. Definitions." in text


def test_docx_tables_are_read_in_order(tmp_path):
    text = read_text(write(tmp_path / "bill.docx", docx_bytes()))
    assert "Definitions.\nTerm | Meaning\nSection 2." in text


def test_corrupt_docx_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "broken.docx", b"PK\x03\x04not really a zip"))
    assert "broken.docx: is a corrupt or unreadable DOCX" in message


def test_non_zip_docx_is_rejected(tmp_path):
    message = error_for(write(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0old word file"))
    assert "old.docx: is not a DOCX document" in message


# -- bytes -----------------------------------------------------------------------


def test_text_from_bytes_reads_docx():
    assert "Prohibition" in text_from_bytes(docx_bytes(), "upload.docx")


def test_text_from_bytes_names_the_upload():
    with pytest.raises(InputError, match=r"^upload\.txt: is not UTF-8"):
        text_from_bytes(b"caf\xe9", "upload.txt")
