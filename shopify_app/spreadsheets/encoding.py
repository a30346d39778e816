"""Which text encoding a CSV file uses, decided from its first bytes.

Spreadsheet programs write few encodings: UTF-8 (Excel's "CSV UTF-8" adds a
BOM, Google Sheets and Numbers do not), UTF-16 with a BOM (Excel's "Unicode
Text", tab-separated), and Windows-1252 (Excel's plain "CSV" on Western
Windows). Anything else, or bytes that are not text at all, is refused with a
message that says how to save the file instead.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from .errors import EncodingError

SAMPLE_BYTES = 1024 * 1024
# Control characters that never appear in a text spreadsheet (tab, CR, LF do).
_CONTROL = frozenset(range(0x00, 0x20)) - {0x09, 0x0A, 0x0D}
_XLSX_MAGIC = b"PK\x03\x04"
_BINARY_MAGIC = (b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")
_SAVE_AS = 'Save it from your spreadsheet program as "CSV UTF-8" and upload it again.'


@dataclass(frozen=True)
class Encoding:
    """``codec`` decodes the whole file, skipping a BOM when there is one."""

    codec: str
    label: str  # for the preview page: "UTF-8", "UTF-16", "Windows-1252"


UTF8 = Encoding("utf-8-sig", "UTF-8")
UTF16 = Encoding("utf-16", "UTF-16")
CP1252 = Encoding("cp1252", "Windows-1252")


def looks_like_xlsx(head: bytes) -> bool:
    """XLSX files are ZIP archives."""
    return head.startswith(_XLSX_MAGIC)


def detect_encoding(sample: bytes, *, complete: bool = False) -> Encoding:
    """The encoding of a CSV whose first bytes are ``sample``.

    Args:
        sample: the start of the file (up to :data:`SAMPLE_BYTES`).
        complete: ``sample`` is the whole file, so a multi-byte character
            cut at its end is an error rather than the sample's edge.

    Raises:
        EncodingError: binary content, or bytes valid in none of the encodings.
    """
    # UTF-32's little-endian mark begins with UTF-16's: look for it first.
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise EncodingError(f"This file is in UTF-32, which we can't read. {_SAVE_AS}")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    if sample.startswith(codecs.BOM_UTF8):
        _check_utf8(sample, complete=complete)
        return UTF8
    if looks_like_xlsx(sample) or sample.startswith(_BINARY_MAGIC) or b"\x00" in sample:
        raise EncodingError("This file is not a spreadsheet we can read (it looks like a "
                            "binary file). Upload a CSV or an Excel workbook (.xlsx).")
    if _utf8_ok(sample, complete=complete):
        return UTF8
    text = sample.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) in _CONTROL)
    if "\ufffd" in text or controls > max(2, len(text) // 1000):
        raise EncodingError(f"We couldn't tell which text encoding this file uses. {_SAVE_AS}")
    return CP1252


def _utf8_ok(sample: bytes, *, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _check_utf8(sample: bytes, *, complete: bool) -> None:
    if not _utf8_ok(sample, complete=complete):
        raise EncodingError("This file says it is UTF-8 but contains bytes that are not. "
                            + _SAVE_AS)


def decode_error_message(encoding: Encoding, line: int) -> str:
    """What to say when bytes past the sample turn out not to be ``encoding``."""
    return (f"Line {line} contains characters that are not valid {encoding.label}; "
            f"parts of the file seem to use another encoding. {_SAVE_AS}")
