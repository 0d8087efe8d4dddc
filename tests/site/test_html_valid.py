"""The main pages are valid HTML for the Nu HTML Checker (the same pages as `make lint-html`)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "lint_html.py"


def load_lint_html() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lint_html", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_main_pages_nu_checker_no_error(tmp_path: Path) -> None:
    lint_html = load_lint_html()
    jar, java = lint_html.find_jar(), shutil.which("java")
    if jar is None or java is None:
        pytest.skip("HTML check needs java and vnu.jar: run `bash scripts/ensure_vnu.sh`")
    lint_html.prepare_data()
    files = lint_html.render_pages(tmp_path)
    errors = lint_html.validate(files, jar, java)
    # Every page of the list is rendered: a page that fails to render would escape the check.
    assert len(files) == len(list(lint_html.page_specs()))
    assert errors == [], "\n" + "\n".join(map(lint_html.describe, errors))
