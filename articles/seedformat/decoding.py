"""Bytes of a seed file to text: refuse what is not a text page, fold line ends."""

from __future__ import annotations

from .errors import SeedFormatError

# Control bytes that never occur in a transcription; tab, line ends, form feed,
# vertical tab and escape are left out because editors' tools do emit them.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b") + b"\x7f"
# More control bytes than this share of the file means it is not text.
_MAX_CONTROL_SHARE = 0.02
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes) -> str:
    """The text of a seed file: UTF-8 (BOM or not), else GB18030; LF line ends.

    Raises SeedFormatError for an empty or blank file, a binary file, and bytes
    that are neither UTF-8 nor GB18030.
    """
    if not data:
        raise SeedFormatError("the file is empty")
    if data.startswith(_UTF16_BOMS):
        raise SeedFormatError("neither UTF-8 nor GB18030 (it is UTF-16)")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if b"\x00" in data or controls > len(data) * _MAX_CONTROL_SHARE:
        raise SeedFormatError("not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            # The UTF-8 failure points at the byte to look at: most files are UTF-8.
            line = data.count(b"\n", 0, utf8_error.start) + 1
            raise SeedFormatError("neither UTF-8 nor GB18030", line=line) from None
    # GB18030 has a BOM too (84 31 95 33), which decodes to U+FEFF.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedFormatError("the file holds only blank lines")
    return text
