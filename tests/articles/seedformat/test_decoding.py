import pytest

from articles.seedformat import SeedFormatError, decode

TEXT = "# 济宁高新区召开会议\n\n会议指出,要全力以赴。\n"


def test_decodes_utf8():
    assert decode(TEXT.encode("utf-8")) == TEXT


def test_drops_the_utf8_byte_order_mark():
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == TEXT


def test_falls_back_to_gb18030():
    assert decode(TEXT.encode("gb18030")) == TEXT


def test_drops_the_gb18030_byte_order_mark():
    assert decode(("\ufeff" + TEXT).encode("gb18030")) == TEXT


def test_folds_crlf_to_lf():
    assert decode(TEXT.replace("\n", "\r\n").encode("utf-8")) == TEXT


def test_folds_lone_cr_to_lf():
    assert decode(TEXT.replace("\n", "\r").encode("utf-8")) == TEXT


def test_keeps_trailing_spaces_of_a_hard_break():
    assert decode("济宁高新电视  \r\n欢迎关注".encode()) == "济宁高新电视  \n欢迎关注"


def test_refuses_an_empty_file():
    with pytest.raises(SeedFormatError, match="^the file is empty$"):
        decode(b"")


@pytest.mark.parametrize("data", [b"\n\n\n", b"  \r\n\t\n", b"\xef\xbb\xbf\n", "\u3000\n".encode()])
def test_refuses_a_file_of_blank_lines(data):
    with pytest.raises(SeedFormatError, match="^the file holds only blank lines$"):
        decode(data)


def test_refuses_a_file_with_nul_bytes():
    with pytest.raises(SeedFormatError, match="^not a text file$"):
        decode(TEXT.encode() + b"\x00" + TEXT.encode())


def test_refuses_a_file_full_of_control_bytes():
    with pytest.raises(SeedFormatError, match="^not a text file$"):
        decode(bytes(range(1, 32)) * 10 + TEXT.encode())


def test_accepts_one_stray_control_byte_in_a_long_text():
    text = TEXT * 20 + "\x1a"
    assert decode(text.encode()) == text


def test_refuses_bytes_that_are_neither_utf8_nor_gb18030():
    with pytest.raises(SeedFormatError, match="neither UTF-8 nor GB18030"):
        decode("# café".encode("latin-1"))


def test_undecodable_error_names_the_line_of_the_bad_byte():
    with pytest.raises(SeedFormatError) as raised:
        decode(b"# ok\n\nfine\n\nbad \xff\n")
    assert raised.value.line == 5


def test_refuses_utf16_as_neither_utf8_nor_gb18030():
    with pytest.raises(SeedFormatError, match="neither UTF-8 nor GB18030"):
        decode(TEXT.encode("utf-16"))
