"""Reading files: encodings, delimiters, XLSX, ragged rows and limits."""
from __future__ import annotations

import io
import zipfile

import pytest

from shopify_app.spreadsheets import (
    EncodingError,
    FileTooLargeError,
    FormatError,
    LimitError,
    Limits,
    NoKeyColumnError,
    open_sheet,
    read_changes,
)

from .conftest import csv_bytes, xlsx_bytes


def read_all(source, **kwargs):
    with open_sheet(source, **kwargs) as sheet:
        return sheet, list(sheet.rows())


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_utf8_with_and_without_bom(prefix: bytes) -> None:
    source = io.BytesIO(prefix + "handle,title\nmug,Tasse à café\n".encode())
    sheet, rows = read_all(source)
    assert sheet.headers == ("handle", "title")  # no BOM glued to the first header
    assert sheet.encoding.label == "UTF-8"
    assert rows[0].cells == ("mug", "Tasse à café") and rows[0].line == 2


def test_utf16_excel_unicode_text(fixture_path) -> None:
    sheet, rows = read_all(fixture_path("products_utf16_excel.txt"))
    assert sheet.encoding.label == "UTF-16" and sheet.delimiter == "\t"
    assert sheet.headers[0] == "handle"
    assert rows[0].cells[1] == "Chemise en lin – été"
    assert rows[1].cells[1] == "陶器のマグカップ"


def test_utf16_big_endian() -> None:
    text = "sku,price\nA-1,12.00\n"
    sheet, rows = read_all(io.BytesIO(b"\xfe\xff" + text.encode("utf-16-be")))
    assert rows[0].cells == ("A-1", "12.00")


def test_windows_1252_semicolon(fixture_path) -> None:
    sheet, rows = read_all(fixture_path("products_cp1252_semicolon.csv"))
    assert sheet.encoding.label == "Windows-1252" and sheet.delimiter == ";"
    assert sheet.decimal_hint == ","
    assert rows[0].cells[1] == "Crème brûlée set"
    assert rows[1].cells[2] == "<p>Torréfié à Lyon; 250 g</p>"  # quoted delimiter kept
    assert rows[1].cells[4] == "€ 8,50"


def test_binary_garbage_is_refused() -> None:
    with pytest.raises(EncodingError, match="binary"):
        open_sheet(io.BytesIO(b"\x00\x01\x02\x03handle\x00\xff" * 100))


def test_pdf_is_refused() -> None:
    with pytest.raises(EncodingError, match="not a spreadsheet"):
        open_sheet(io.BytesIO(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"))


def test_undecodable_text_is_refused() -> None:
    # Bytes undefined in Windows-1252 and invalid as UTF-8.
    with pytest.raises(EncodingError, match="encoding"):
        open_sheet(io.BytesIO(b"handle,title\n" + bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 20))


def test_bad_bytes_after_the_sample_name_their_line(monkeypatch) -> None:
    monkeypatch.setattr("shopify_app.spreadsheets.reader.SAMPLE_BYTES", 64)
    body = "handle,title\n" + "".join(f"p{i},Title {i}\n" for i in range(20))
    data = body.encode() + "p99,Caf\xe9\n".encode("cp1252")
    with open_sheet(io.BytesIO(data)) as sheet, pytest.raises(EncodingError, match="Line 22"):
        list(sheet.rows())


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed_despite_commas_in_values(delimiter: str) -> None:
    header = delimiter.join(["handle", "description_html", "price"])
    row = delimiter.join(["mug", '"<p>Warm, glazed, 350 ml</p>"', "12.00"])
    sheet, rows = read_all(csv_bytes(f"{header}\n{row}\n{row}\n"))
    assert sheet.delimiter == delimiter
    assert rows[0].cells == ("mug", "<p>Warm, glazed, 350 ml</p>", "12.00")


def test_ragged_rows_are_row_errors_naming_the_line() -> None:
    text = "handle,title,price\na,A,1\nb,B,2,extra\nc,C\nd,D,4,\n"
    _, rows = read_all(csv_bytes(text))
    assert rows[0].error is None
    assert rows[1].error and rows[1].error.line == 3 and "4 cells" in rows[1].error.message
    assert rows[2].error and rows[2].error.line == 4 and "2 cells" in rows[2].error.message
    assert rows[3].error is None and rows[3].cells == ("d", "D", "4")  # empty trailing cell


def test_line_numbers_count_blank_rows_and_multiline_cells() -> None:
    text = 'handle,description_html\na,"<p>one\ntwo</p>"\n\nb,x\n'
    _, rows = read_all(csv_bytes(text))
    assert [r.line for r in rows] == [2, 4]


def test_size_limit_is_checked_before_reading(tmp_path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as out:  # a sparse 60 MB file: nothing to read but its size
        out.write(b"handle,title\n")
        out.truncate(60 * 1024 * 1024)

    class Unreadable(io.FileIO):
        def read(self, *args):  # the size check must not read the file
            raise AssertionError("read called")

    with Unreadable(path, "rb") as handle, pytest.raises(FileTooLargeError) as caught:
        open_sheet(handle)
    assert caught.value.size == 60 * 1024 * 1024
    assert "60 MB" in caught.value.message and "50 MB" in caught.value.message


def test_row_column_and_cell_limits() -> None:
    limits = Limits(max_rows=2, max_columns=3, max_cell_chars=10)
    with pytest.raises(LimitError, match="4 columns"):
        open_sheet(csv_bytes("a,b,c,d\n1,2,3,4\n"), limits=limits)
    with open_sheet(csv_bytes("sku,price\nA,1\nB,2\nC,3\n"), limits=limits) as sheet:
        rows = sheet.rows()
        next(rows), next(rows)
        with pytest.raises(LimitError, match="more than 2 rows"):
            next(rows)
    _, rows = read_all(csv_bytes("sku,title\nA," + "x" * 11 + "\n"), limits=limits)
    assert rows[0].error and 'column "title"' in rows[0].error.message
    assert sheet.format == "csv"


def test_empty_and_headerless_files() -> None:
    with pytest.raises(FormatError, match="empty"):
        open_sheet(io.BytesIO(b""))
    with pytest.raises(FormatError, match="header"):
        open_sheet(csv_bytes("\n\n ,  ,\n"))


def test_no_key_column_is_a_clear_error() -> None:
    with pytest.raises(NoKeyColumnError, match="handle") as caught:
        read_changes(csv_bytes("title,price\nMug,12\n"))
    assert "Variant SKU" in caught.value.message


def test_xlsx_streams_rows_as_text() -> None:
    book = xlsx_bytes([["Handle", "Variant SKU", "Variant Price", "Image Position"],
                       ["mug", "M-1", 12.9, 1], [], ["mug", "M-2", 1049, 2.0],
                       ["mug", "M-3", None]])
    sheet, rows = read_all(book)
    assert sheet.format == "xlsx" and sheet.encoding is None
    assert [r.line for r in rows] == [2, 4, 5]
    assert rows[0].cells == ("mug", "M-1", "12.9", "1")
    assert rows[1].cells == ("mug", "M-2", "1049", "2")
    assert rows[2].cells == ("mug", "M-3", "", "") and rows[2].error is None


def test_damaged_xlsx_is_a_format_error() -> None:
    data = xlsx_bytes([["sku", "price"], ["A", 1]]).getvalue()
    with pytest.raises(FormatError, match="damaged"):
        open_sheet(io.BytesIO(data[: len(data) // 2]))


def test_xlsx_that_unpacks_too_large_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>")
    out.seek(0)
    with pytest.raises(LimitError, match="unpacked"):
        open_sheet(out, limits=Limits(max_expanded_bytes=1024 * 1024))


def test_caller_file_is_left_open() -> None:
    source = csv_bytes("sku,price\nA,1\n")
    with open_sheet(source) as sheet:
        list(sheet.rows())
    assert not source.closed


def test_xlsx_with_xml_entities_is_refused() -> None:
    """A workbook declaring XML entities (billion laughs, external entities) is not parsed."""
    original = xlsx_bytes([["sku", "price"], ["A", 1]])
    out = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet', 1)
            target.writestr(item, data)
    out.seek(0)
    with pytest.raises(FormatError), open_sheet(out) as sheet:
        list(sheet.rows())
