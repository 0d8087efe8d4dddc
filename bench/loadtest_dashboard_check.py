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
    columns = ("requests", "req/s", "median ms", "p90 ms", "p99 ms", "max ms", "errors", "KB")
    print(f"{'page':<10} " + " ".join(f"{c:>9}" for c in columns))
    for name, s in (("/healthz", healthz), ("dashboard", dashboard)):
        values = [
            f"{s['requests']:>9}",
            f"{s['rps']:>9.1f}",
            *(f"{s[k] / 1000:>9.1f}" for k in ("p50_us", "p90_us", "p99_us", "max_us")),
            f"{s['errors']:>9}",
            f"{s['bytes'] / max(s['requests'], 1) / 1000:>9.0f}",
        ]
        print(f"{name:<10} " + " ".join(values))
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
