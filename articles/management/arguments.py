"""Argument types the management commands share."""

from django.core.management.base import CommandError


def positive_int(flag: str):
    """An argparse `type` for `flag`: a whole number of at least 1, or an error naming the flag."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            raise CommandError(f"{flag} {value!r} is not a positive whole number")
        return number

    return parse
