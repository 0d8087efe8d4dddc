"""What every form shares."""

from __future__ import annotations

from typing import Any


class KeepOmittedFieldsMixin:
    """On an edit, a field that the POST does not carry keeps its stored value.

    A browser's form always sends every field, so an absent one is a partial request (a script,
    a rename that sends only ``name``): it must not be read as "erase this". A checkbox is never
    "absent" (unchecked sends nothing), so it keeps HTML's meaning.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.is_bound and self.instance.pk):
            return
        data = self.data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if field.widget.value_omitted_from_data(self.data, self.files, key):
                value = self.initial.get(name)
                data[key] = "" if value is None else str(value)
        self.data = data
