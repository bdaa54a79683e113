from articles.seedformat import SeedFormatError


def test_error_names_the_line_when_it_is_known():
    assert str(SeedFormatError("a headline ('# ') with no text", line=7)) == "line 7: a headline ('# ') with no text"


def test_error_is_just_the_reason_without_a_line():
    assert str(SeedFormatError("the file is empty")) == "the file is empty"


def test_error_keeps_reason_and_line_as_attributes():
    error = SeedFormatError("not a text file", line=3)
    assert (error.reason, error.line) == ("not a text file", 3)


def test_error_is_a_value_error():
    assert isinstance(SeedFormatError("x"), ValueError)
