"""Judge the dashboard load test: wrk's summaries of /healthz and of the dashboard, same run, same cookie.

    python bench/loadtest_dashboard_check.py HEALTHZ.json DASHBOARD.json

Issue 10's targets for the dashboard: no error, no request over 2 s, p99 ≤ 300 ms, and at least a
quarter of the throughput of /healthz. Exits 1 when one is missed.
"""

from __future__ import annotations

import json
import sys

P99_MS = 300
LONGEST_MS = 2000
SHARE_OF_HEALTHZ = 0.25


def read(path: str) -> dict[str, float]:
    with open(path, encoding="utf-8") as handle:
        line = next(line for line in handle if line.startswith("{"))
    summary = json.loads(line)
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    summary["errors"] = sum(summary[k] for k in ("connect", "read", "write", "status", "timeout"))
    return summary


def main(healthz_path: str, dashboard_path: str) -> int:
    healthz, dashboard = read(healthz_path), read(dashboard_path)
    print(
        f"{'page':<10} {'requests':>9} {'req/s':>8} {'median ms':>10} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} {'KB':>6}"
    )
    for name, s in (("/healthz", healthz), ("dashboard", dashboard)):
        print(
            f"{name:<10} {s['requests']:>9} {s['rps']:>8.1f} {s['p50_us'] / 1000:>10.1f} {s['p90_us'] / 1000:>8.1f}"
            f" {s['p99_us'] / 1000:>8.1f} {s['max_us'] / 1000:>8.1f} {s['errors']:>7} {s['bytes'] / max(s['requests'], 1) / 1000:>6.0f}"
        )
    checks = [
        ("no error (connect, read, write, status, timeout)", dashboard["errors"], dashboard["errors"] == 0),
        (
            f"no request over {LONGEST_MS / 1000:g} s (max ms)",
            dashboard["max_us"] / 1000,
            dashboard["max_us"] <= LONGEST_MS * 1000,
        ),
        (f"p99 ≤ {P99_MS} ms", dashboard["p99_us"] / 1000, dashboard["p99_us"] <= P99_MS * 1000),
        (
            f"throughput ≥ {SHARE_OF_HEALTHZ:.0%} of /healthz's",
            dashboard["rps"] / healthz["rps"],
            dashboard["rps"] >= SHARE_OF_HEALTHZ * healthz["rps"],
        ),
    ]
    print("\nTargets (dashboard of 50 candidates):")
    for label, value, passed in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {label}: {value:.2f}")
    return 0 if all(passed for _label, _value, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
