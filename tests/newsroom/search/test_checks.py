from newsroom.search.checks import check_sqlite_version, sqlite_version_errors


def test_sqlite_older_than_3_34_is_an_error_naming_both_versions():
    [error] = sqlite_version_errors("3.31.1")
    assert error.id == "search.E001"
    assert "3.31.1" in error.msg and "3.34.0" in error.msg


def test_sqlite_3_34_is_enough():
    assert sqlite_version_errors("3.34.0") == []


def test_this_machine_passes_the_check():
    assert check_sqlite_version() == []
