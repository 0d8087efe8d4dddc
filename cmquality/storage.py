"""The static files' storage in production: whitenoise's, each file's URL worked out once."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed, hashed files, with the URL of each name kept once worked out.

    ``{% static %}`` asks for the same few URLs on every page (the stylesheets and scripts of the
    layout), and each answer is a lookup in the manifest then a join and a quoting of the path.
    The manifest is read when the process starts and does not change while it runs (a new
    ``collectstatic`` comes with a restart), so neither do the URLs.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str, force: bool = False) -> str:
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            found = self._urls[name] = super().url(name)
            return found
