"""What a spreadsheet program does with a cell: the rule every file Concord writes for one follows.

It lives here, in the lowest app that writes such files (the country list), so that every export of every app
calls the same function.
"""

# What a spreadsheet program would read as a formula (or a DDE call) when it opens a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would evaluate, made plain text by a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """What `neutralise` was given: a file written by Concord and read back gives the text it was written from."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
