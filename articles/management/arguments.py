"""Argument types shared by the project's management commands."""

import argparse
import datetime as dt


def iso_date(value: str) -> dt.date:
    """A YYYY-MM-DD date; argparse names the flag in its error."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from exc


def positive_int(value: str) -> int:
    """A whole number of at least 1; argparse names the flag in its error."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return number
