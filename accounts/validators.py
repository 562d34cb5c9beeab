"""What a name may hold: one line of text.

A person's or an organisation's name goes into e-mail subjects, CSV exports, PDF headers and logs; a line break
in it ("Eve\r\nBcc: …") would add a header to an e-mail or a row to a sheet. Every name field, of the models,
the forms and the sheet imports, checks it here.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters (line feed, carriage return, tab, NUL, NEL…), the line and paragraph separators, and halves
# of surrogate pairs. Format characters (zero-width joiners) stay: Arabic, Persian and Indic names need them.
NOT_IN_A_NAME = frozenset({"Cc", "Zl", "Zp", "Cs"})
NAME_ON_ONE_LINE = _("Write the name on one line, without line breaks, tabs or other control characters.")


def is_one_line(value: str) -> bool:
    """Whether `value` holds no line break, tab or other control character."""
    return not any(unicodedata.category(character) in NOT_IN_A_NAME for character in value)


def validate_name(value: str) -> None:
    """Refuse a name that is not one line of text."""
    if not is_one_line(value):
        raise ValidationError(NAME_ON_ONE_LINE, code="name_not_one_line")
