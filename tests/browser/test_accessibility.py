"""axe-core on every main page: no "serious" or "critical" violation (WCAG 2.1 A/AA and best practice)."""

from __future__ import annotations

from typing import Any

from evaluations.candidates.models import Candidate
from evaluations.scorecards.models import Scorecard
from evaluations.shortlists.models import Shortlist
from tests.browser.conftest import AXE, DEMO_PASSWORD, log_in

BLOCKING = {"serious", "critical"}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 8).map(
              n => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\s+/g, ' ')),
          }));
        }"""
    )


def audit(page: Any, base: str, paths: dict[str, str], found: dict[str, list[dict[str, Any]]]) -> None:
    for name, path in paths.items():
        page.goto(base + path)
        assert page.locator("main h1").count() == 1, f"{name}: one h1 expected"
        found[name] = axe_violations(page)


def report(found: dict[str, list[dict[str, Any]]]) -> str:
    """The violations grouped by rule, with the pages they occur on and distinct failing nodes."""
    rules: dict[str, dict[str, Any]] = {}
    for name, violations in found.items():
        for v in violations:
            rule = rules.setdefault(v["id"], {**v, "pages": [], "nodes": []})
            rule["pages"].append(name)
            rule["nodes"] += [node for node in v["nodes"] if node not in rule["nodes"]]
    lines = []
    for rule_id, rule in rules.items():
        lines.append(f"[{rule['impact']}] {rule_id}: {rule['help']} (on {', '.join(rule['pages'])})")
        lines += [f"    {node}" for node in rule["nodes"][:8]]
    return "\n".join(lines)


def test_main_pages_no_serious_axe_violation(open_page: Any, base: str, seeded: None) -> None:
    # seed_demo: "recruiter" submitted a scorecard for candidate 1 (index 1) and none for
    # candidate 6 (every sixth candidate waits for a first interview).
    people = list(Candidate.objects.order_by("pk"))
    scored, unscored = people[0], people[5]
    shortlist = Shortlist.objects.get(name="Demo shortlist")
    other_card = Scorecard.objects.filter(candidate=scored).first()
    found: dict[str, list[dict[str, Any]]] = {}

    # CSP forbids injected scripts; only this context ignores it, to load axe-core.
    page = open_page(bypass_csp=True)
    page.goto(f"{base}/accounts/login/")
    found["login"] = axe_violations(page)
    log_in(page, base, "recruiter", DEMO_PASSWORD)
    audit(
        page,
        base,
        {
            "candidate list (recruiter)": "/candidates/",
            "candidate detail (blind)": f"/candidates/{unscored.pk}/",
            "rubric": f"/candidates/{unscored.pk}/scorecard/",
            "rubric read-only": f"/candidates/{scored.pk}/scorecard/",
            "qualities": "/qualities/",
            "positions": "/positions/",
            "candidate form": "/candidates/new/",
        },
        found,
    )

    page = open_page(bypass_csp=True)
    log_in(page, base, "manager", DEMO_PASSWORD)
    audit(
        page,
        base,
        {
            "candidate list (manager)": "/candidates/",
            "candidate detail (all scores)": f"/candidates/{scored.pk}/",
            "shortlists": "/shortlists/",
            "dashboard": f"/shortlists/{shortlist.pk}/",
            "dashboard (what-if, adjusted)": f"/shortlists/{shortlist.pk}/?adjusted=1&w_adaptability=2",
            "another's scorecard": f"/scorecards/{other_card.pk}/",
            "calibration": "/calibration/",
        },
        found,
    )

    print(report(found) or "axe: no violation")
    blocking = {name: [v for v in vs if v["impact"] in BLOCKING] for name, vs in found.items()}
    assert not any(blocking.values()), "\n" + report(blocking)
