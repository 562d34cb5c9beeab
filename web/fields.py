"""Form fields the apps share."""

from django import forms
from django.core.exceptions import ValidationError

# The largest primary key the databases hold (a signed 64-bit integer).
LARGEST_KEY = 2**63 - 1


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """Several objects chosen by their keys, where a key that is not a whole number in the database's range is an
    invalid choice like any unknown one, not a database error."""

    def _check_values(self, value):
        for key in value:
            text = str(key).strip()
            if not (text.isascii() and text.isdigit() and 0 < int(text) <= LARGEST_KEY):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": key}
                )
        return super()._check_values(value)
