"""The French catalogue: complete, compiled, in step with the sources, and actually used by the pages.

Quality names are not in the catalogue: they come from ``Quality.name_fr``, so the rubric test checks
them separately. The CSV keeps a dot whatever the language (tested with the export).
"""

from __future__ import annotations

import gettext
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from evaluations.scoring import QUALITY_CODES
from tests.factories import CandidateFactory, RecruiterFactory, ScorecardFactory, ShortlistFactory

BASE_DIR = Path(django_settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "evaluations" / "locale" / "fr" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"
# Same exclusions as `make messages`: what makemessages must not scan from the project root.
NOT_SCANNED = {".venv", "static", "tests", "bench", "staticfiles", "db.sqlite3"}
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


# --- a small .po reader -------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def read_po(path: Path) -> tuple[Entry, list[Entry]]:
    """The header entry and the messages; obsolete (``#~``) entries are skipped."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry, target = Entry(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith("msgctxt "):
                entry.msgctxt, target = _unquote(line[8:]), "msgctxt"
            elif line.startswith("msgid_plural "):
                entry.msgid_plural, target = _unquote(line[13:]), "msgid_plural"
            elif line.startswith("msgid "):
                entry.msgid, target = _unquote(line[6:]), "msgid"
            elif line.startswith("msgstr["):
                index = int(line[7 : line.index("]")])
                entry.msgstr[index], target = _unquote(line[line.index("]") + 1 :]), index
            elif line.startswith("msgstr "):
                entry.msgstr[0], target = _unquote(line[7:]), 0
            elif line.startswith('"'):
                if isinstance(target, int):
                    entry.msgstr[target] += _unquote(line)
                else:
                    setattr(entry, target, getattr(entry, target) + _unquote(line))
        if entry.msgstr:
            entries.append(entry)
    header = entries[0]
    assert header.msgid == "", "the first entry of a .po file is its header"
    return header, entries[1:]


# --- visible text of a page ----------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    """Text nodes plus the attributes a user reads or hears (labels, tooltips, JS messages)."""

    SPOKEN = {"aria-label", "title", "placeholder", "alt", "data-bs-title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if value and (name in self.SPOKEN or name.startswith("data-msg-")):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(response) -> str:
    parser = _TextExtractor()
    parser.feed(response.content.decode())
    # No-break spaces (French typography) read as plain spaces in the assertions.
    return "\n".join(parser.parts).replace("\u00a0", " ").replace("\u202f", " ")


def english_left(text: str, words: list[str]) -> list[str]:
    return [word for word in words if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


def untranslated_sentences(text: str) -> list[str]:
    """Catalogue msgids of several words, without placeholders, that appear in English on the page."""
    _header, entries = read_po(PO_PATH)
    return sorted(
        e.msgid
        for e in entries
        if " " in e.msgid
        and "%" not in e.msgid
        and any(character.isalpha() for character in e.msgid)  # punctuation alone is no sentence
        and e.msgstr[0] != e.msgid
        and e.msgid in text
    )


# --- the catalogue ----------------------------------------------------------------------------------


def test_catalogue_header_declares_french_plural_rule():
    header, _entries = read_po(PO_PATH)
    text = header.msgstr[0]
    assert "Language: fr\n" in text
    assert "Plural-Forms: nplurals=2; plural=(n > 1);\n" in text
    assert "charset=UTF-8" in text
    assert "fuzzy" not in header.flags


def test_catalogue_every_entry_translated_and_not_fuzzy():
    _header, entries = read_po(PO_PATH)
    untranslated = [e.msgid for e in entries if not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    plural_forms_missing = [e.msgid for e in entries if e.msgid_plural and sorted(e.msgstr) != [0, 1]]
    assert untranslated == []
    assert fuzzy == []
    assert plural_forms_missing == []
    # The catalogue covers the templates, the app and the settings: a few strings of each.
    msgids = {e.msgid for e in entries}
    assert {"Save draft", "Weighted score", "Log in to cmquality"} <= msgids  # templates/
    assert {"Draft saved.", "Another candidate already has this email address."} <= msgids  # evaluations/
    assert {"English", "French"} <= msgids  # cmquality/settings.py LANGUAGES


def test_catalogue_placeholders_kept_in_every_translation():
    _header, entries = read_po(PO_PATH)
    placeholder = re.compile(r"%\([a-z_.]+\)s|%%")
    wrong = [
        (e.msgid, text)
        for e in entries
        for text in e.msgstr.values()
        if sorted(placeholder.findall(text)) != sorted(placeholder.findall(e.msgid))
    ]
    assert wrong == []


def test_compiled_catalogue_matches_po_so_compilemessages_was_run():
    _header, entries = read_po(PO_PATH)
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in entries:
        if e.msgid_plural is not None:
            # French plural rule (n > 1): 1 takes form 0, 2 takes form 1.
            got = [compiled.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
            want = [e.msgstr[0], e.msgstr[1]]
        elif e.msgctxt is not None:
            got, want = compiled.pgettext(e.msgctxt, e.msgid), e.msgstr[0]
        else:
            got, want = compiled.gettext(e.msgid), e.msgstr[0]
        if got != want:
            stale.append(e.msgid)
    assert stale == [], "run: DEBUG=1 .venv/bin/python manage.py compilemessages -l fr --ignore=.venv"


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")), reason="needs GNU gettext (xgettext)"
)
def test_catalogue_in_step_with_sources(tmp_path, monkeypatch, settings):
    """Extract the messages again from a copy of the project: a new string without its entry fails."""
    for item in BASE_DIR.iterdir():
        if item.name in NOT_SCANNED or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, tmp_path / item.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, tmp_path / item.name)
    copy_locale = tmp_path / "evaluations" / "locale"
    settings.LOCALE_PATHS = [copy_locale]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["fr"], no_obsolete=True, add_location="file", verbosity=0)
    _header, fresh = read_po(copy_locale / "fr" / "LC_MESSAGES" / "django.po")
    _header, committed = read_po(PO_PATH)
    fresh_keys = {e.key for e in fresh}
    committed_keys = {e.key for e in committed}
    assert sorted(fresh_keys - committed_keys, key=str) == [], "new strings: run `make messages`"
    assert sorted(committed_keys - fresh_keys, key=str) == [], "strings gone: run `make messages`"


# --- the pages in French -----------------------------------------------------------------------------


@pytest.fixture
def scored_shortlist(db, manager):
    """Alice scored 3 everywhere by one recruiter and 4 everywhere by another.

    Every quality mean is 3.5, so the weighted score is 25 × (3.5 − 1) = 62.5 whatever the weights.
    """
    alice = CandidateFactory(name="Alice Martin")
    for username, value in (("rita", 3), ("oscar", 4)):
        ScorecardFactory(
            candidate=alice,
            interviewer=RecruiterFactory(username=username),
            values=dict.fromkeys(QUALITY_CODES, value),
        )
    shortlist = ShortlistFactory(owner=manager, name="Finalists")
    shortlist.candidates.add(alice)
    return shortlist


@pytest.mark.django_db
def test_login_page_anonymous_french_browser_shows_french(client):
    response = client.get(reverse("login"), **FR)
    text = visible_text(response)
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "Connexion à cmquality" in text
    assert "Nom d'utilisateur" in text
    assert "Mot de passe" in text
    assert english_left(text, ["Log in", "Username", "Password", "Log in to cmquality"]) == []
    assert untranslated_sentences(text) == []


@pytest.mark.django_db
def test_candidate_list_manager_french_shows_french_and_comma_decimal(client, manager, scored_shortlist):
    client.force_login(manager)
    response = client.get(reverse("evaluations:candidate-list"), **FR)
    text = visible_text(response)
    assert response.status_code == 200
    assert "Candidats" in text
    assert "Ajouter un candidat" in text
    assert "Score pondéré" in text
    assert "62,5" in text
    assert "62.5" not in text
    words = [
        "Candidates",
        "Add a candidate",
        "Weighted score",
        "Positions",
        "Rubric",
        "Shortlists",
        "Log out",
    ]
    assert english_left(text, words) == []
    assert untranslated_sentences(text) == []


@pytest.mark.django_db
def test_candidate_list_manager_english_keeps_dot_decimal(client, manager, scored_shortlist):
    # The counterpart of the French case: the comma comes from the language, not from the data.
    client.force_login(manager)
    text = visible_text(client.get(reverse("evaluations:candidate-list"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "62.5" in text
    assert "62,5" not in text
    assert "Candidates" in text


@pytest.mark.django_db
def test_rubric_page_french_shows_french_quality_names(client, manager):
    client.force_login(manager)
    response = client.get(reverse("evaluations:quality-list"), **FR)
    text = visible_text(response)
    assert response.status_code == 200
    assert "Grille des qualités" in text
    assert "Les onze qualités d'un community manager" in text
    # From Quality.name_fr, not from the catalogue.
    assert "Empathie" in text
    assert "Compétences en communication" in text
    assert "Travail d'équipe" in text
    words = ["Rubric", "Weight", "Minimum bar", "Empathy", "Communication skills", "Teamwork"]
    assert english_left(text, words) == []
    assert untranslated_sentences(text) == []


@pytest.mark.django_db
def test_dashboard_manager_french_shows_french_and_comma_decimal(client, manager, scored_shortlist):
    client.force_login(manager)
    response = client.get(reverse("evaluations:shortlist-detail", args=[scored_shortlist.pk]), **FR)
    text = visible_text(response)
    assert response.status_code == 200
    assert "Score pondéré" in text
    assert "Recommandations" in text
    assert "Exporter en CSV" in text
    assert "Empathie" in text
    # Weighted score 62.5 (see the fixture) with one decimal, quality means 3.5 with two.
    assert "62,5" in text
    assert "3,50" in text
    assert "62.5" not in text
    assert "3.50" not in text
    words = ["Weighted score", "Recommendations", "Export CSV", "Candidate", "Scorecards", "Shortlists"]
    assert english_left(text, words) == []
    assert untranslated_sentences(text) == []


@pytest.mark.django_db
def test_scorecard_form_recruiter_french_shows_french_buttons(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.get(reverse("evaluations:scorecard", args=[candidate.pk]), **FR)
    text = visible_text(response)
    assert response.status_code == 200
    assert "Enregistrer le brouillon" in text
    assert "Soumettre" in text
    assert "Recommandation globale" in text
    assert "Note pour Empathie" in text  # the radio group's accessible name, with the French name
    words = ["Save draft", "Submit", "Overall recommendation", "Evidence", "Not assessed", "Empathy"]
    assert english_left(text, words) == []
    assert untranslated_sentences(text) == []


# --- the language switcher ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_set_language_post_fr_switches_following_pages_to_french(client, manager):
    client.force_login(manager)
    candidates = reverse("evaluations:candidate-list")
    assert "Candidates" in visible_text(client.get(candidates))

    response = client.post(reverse("set_language"), {"language": "fr", "next": candidates})

    assert response.status_code == 302
    assert response["Location"] == candidates
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # No Accept-Language header: the choice alone makes the page French.
    page = client.get(candidates)
    assert '<html lang="fr">' in page.content.decode()
    assert "Candidats" in visible_text(page)
    assert english_left(visible_text(page), ["Candidates"]) == []


@pytest.mark.django_db
def test_set_language_post_en_overrides_french_browser(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    text = visible_text(client.get(reverse("login"), **FR))
    assert "Log in to cmquality" in text
    assert "Connexion à cmquality" not in text
