"""The import page on a phone, in French: label, upload, preview that fits, confirmation."""

from __future__ import annotations

from typing import Any

from evaluations.candidates.models import Candidate, Position
from tests.browser.conftest import DEMO_PASSWORD, PHONE, log_in, no_horizontal_overflow, sideways_scroll
from tests.helpers import HEADER, csv_bytes


def test_import_at_phone_width_in_french_preview_fits_then_confirm(
    open_page: Any, base: str, seeded: None, shot: Any
) -> None:
    title = Position.objects.order_by("pk").first().title
    long_note = "Modération de communautés gaming, gestion de crise un dimanche soir, " * 8
    data = csv_bytes(
        [
            HEADER,
            ["Zoé Écrivain", "zoe.ecrivain@example.org", title, "+33 6 12 34 56 78", "Salon", "", long_note],
            ["Sans poste", "sans.poste@example.org", "Astronaute", "", "", "", ""],
            ["x" * 80, "tres-long-" + "y" * 60 + "@example.org", title, "", "", "", ""],
        ],
        delimiter=";",
        bom=True,
    )
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR")
    log_in(page, base, "recruiter", DEMO_PASSWORD)
    page.goto(f"{base}/candidates/")
    page.get_by_role("link", name="Importer depuis un fichier").click()
    page.get_by_label("Fichier CSV ou Excel").set_input_files(
        {"name": "candidats.csv", "mimeType": "text/csv", "buffer": data}
    )
    shot(page, "form")
    assert no_horizontal_overflow(page) == 0
    page.get_by_role("button", name="Voir l'aperçu de l'import").click()
    page.wait_for_selector("table.import-preview")
    shot(page, "preview")
    assert no_horizontal_overflow(page) == 0
    assert sideways_scroll(page, ".table-responsive") == 0
    assert page.locator("table.import-preview tbody tr").count() == 3
    assert "Aucun poste ne s'intitule" in page.locator("table.import-preview").inner_text()
    assert not Candidate.objects.filter(email="zoe.ecrivain@example.org").exists()

    page.get_by_role("button", name="Importer 2 lignes").click()
    page.wait_for_url(f"{base}/candidates/")
    assert "Import terminé" in page.locator(".messages").inner_text()
    assert Candidate.objects.get(email="zoe.ecrivain@example.org").notes == long_note.strip()
