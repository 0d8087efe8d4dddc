"""Load test of cmquality: recruiters scoring candidates while hiring managers read the dashboard.

Driven by ``scripts/loadtest.sh``, which prepares the database and the plan. By hand:

    LOADTEST_PLAN=bench/loadtest_plan.json LOADTEST_PASSWORD=… \
    LOADTEST_SUBMISSIONS=bench/loadtest_submissions.jsonl \
    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 30s --host http://127.0.0.1:8000

Every submit the server accepts is written, one JSON line each, to ``LOADTEST_SUBMISSIONS``;
``bench/loadtest_check.py`` then finds each of them in the database exactly once. Any 5xx,
and any status the contract does not promise for the request, counts as a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import gevent
from locust import FastHttpUser, between, events, task
from locust import stats as locust_stats
from locust.contrib.fasthttp import FastHttpSession
from locust.exception import StopUser

QUALITIES = [
    "empathy",
    "adaptability",
    "creativity",
    "communication",
    "technical_knowledge",
    "curiosity",
    "organization",
    "problem_solving",
    "analysis",
    "teamwork",
    "proactivity",
]
RECOMMENDATIONS = ["strong_no", "no", "yes", "strong_yes"]
# Share of submissions sent a second time on purpose, after the first answered / at the same moment.
RESUBMIT_SHARE = 0.2
RACE_SHARE = 0.1

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'<input type="hidden" name="version" value="(\d*)"')
TO_SCORE = re.compile(r'href="/candidates/(\d+)/scorecard/"')

# Per request, instead of allow_redirects=False: FastHttpSession implements that flag by emptying
# the shared client's redirect_response_codes for the duration of the request and restoring the
# saved value afterwards. Two greenlets on one client interleave those saves and restores: the
# request that answers second is judged with the codes put back by the first, so its 302 is
# followed and locust reports the page behind it (200, no Location) for a submit the server
# accepted. A max_redirects argument stays local to its urlopen call.
NO_REDIRECTS: dict[str, Any] = {"max_redirects": 0}

PLAN: dict[str, Any] = json.loads(
    Path(os.environ.get("LOADTEST_PLAN", "bench/loadtest_plan.json")).read_text()
)
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
SUBMISSIONS = Path(os.environ.get("LOADTEST_SUBMISSIONS", "bench/loadtest_submissions.jsonl"))

_recruiter_numbers = itertools.count()
_manager_numbers = itertools.count()
_record_lock = threading.Lock()


@events.test_start.add_listener
def _truncate_submissions(**_kwargs: Any) -> None:
    SUBMISSIONS.write_text("", encoding="utf-8")


@events.quit.add_listener
def _let_the_csv_catch_up(**_kwargs: Any) -> None:
    # Locust rewrites the --csv files every CSV_STATS_INTERVAL_SEC and closes them right after this
    # event: without one more round, the requests of the last second (users finishing their task
    # during --stop-timeout) would be missing from the figures the check reads.
    gevent.sleep(locust_stats.CSV_STATS_INTERVAL_SEC + 0.5)


def record_submission(username: str, candidate_id: int, form: dict[str, str]) -> None:
    line = {
        "username": username,
        "candidate_id": candidate_id,
        "scores": {code: int(form[code]) if form[code] else None for code in QUALITIES},
        "recommendation": form["recommendation"],
    }
    with _record_lock, SUBMISSIONS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def path_of(url: str | None) -> str:
    return urlsplit(url or "").path


class LoggedInUser(FastHttpUser):
    abstract = True
    username = ""

    def csrf_from(self, html: str) -> str:
        match = CSRF_INPUT.search(html)
        if not match:
            raise ValueError("no CSRF token in the page")
        return match.group(1)

    def log_in(self) -> None:
        with self.client.get("/accounts/login/", name="/accounts/login/ [form]", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"login form answered {page.status_code}")
                raise StopUser
            token = self.csrf_from(page.text)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": ""},
            name="/accounts/login/ [post]",
            catch_response=True,
            **NO_REDIRECTS,
        ) as answer:
            # Where LOGIN_REDIRECT_URL sends everyone: the to-do page.
            if answer.status_code != 302 or path_of(answer.headers.get("Location")) != "/todo/":
                answer.failure(f"login of {self.username} answered {answer.status_code}")
                raise StopUser
            answer.success()


class Recruiter(LoggedInUser):
    """Opens the candidate list, fills a rubric in two steps (draft, then submit), reads the result."""

    weight = 4
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        recruiters = PLAN["recruiters"]
        self.username = recruiters[next(_recruiter_numbers) % len(recruiters)]
        self.done: set[int] = set()
        self.log_in()

    def pick_candidate(self) -> int | None:
        page = random.randint(1, max(1, -(-PLAN["candidates"] // 25)))
        with self.client.get(
            f"/candidates/?page={page}", name="/candidates/?page=[n]", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"candidate list answered {r.status_code}")
                return None
            open_ids = {int(pk) for pk in TO_SCORE.findall(r.text)} - self.done
        return random.choice(sorted(open_ids)) if open_ids else None

    def rubric(self, candidate_id: int) -> tuple[str, str] | None:
        with self.client.get(
            f"/candidates/{candidate_id}/scorecard/",
            name="/candidates/[id]/scorecard/ [get]",
            catch_response=True,
        ) as r:
            version = VERSION_INPUT.search(r.text or "")
            if r.status_code != 200 or version is None:
                r.failure(f"rubric answered {r.status_code} without an editable form")
                return None
            return self.csrf_from(r.text), version.group(1)

    def post_rubric(
        self, candidate_id: int, form: dict[str, str], name: str, client: FastHttpSession | None = None
    ) -> Any:
        return (client or self.client).post(
            f"/candidates/{candidate_id}/scorecard/",
            data=form,
            name=f"/candidates/[id]/scorecard/ [{name}]",
            catch_response=True,
            **NO_REDIRECTS,
        )

    def own_session(self) -> FastHttpSession:
        """A session of its own (connection pool and cookie jar) holding this user's login cookies.

        As a double click in a browser opens two connections, each racing request gets its own;
        and no state of one client is shared by two greenlets in flight.
        """
        session = FastHttpSession(
            base_url=self.host,
            request_event=self.environment.events.request,
            user=self,
            network_timeout=self.network_timeout,
            connection_timeout=self.connection_timeout,
            max_retries=self.max_retries,
        )
        for cookie in self.client.cookiejar:
            session.cookiejar.set_cookie(cookie)
        return session

    @task
    def score_a_candidate(self) -> None:
        candidate_id = self.pick_candidate()
        if candidate_id is None:
            return
        self.done.add(candidate_id)
        scorecard_path = f"/candidates/{candidate_id}/scorecard/"
        opened = self.rubric(candidate_id)
        if opened is None:
            return
        token, version = opened

        # First a draft with a few scores, as someone who saves halfway through the interview.
        values = {code: str(random.randint(1, 5)) for code in QUALITIES}
        # The whole form, as a browser sends it (a POST that lacks a field is refused as partial):
        # four qualities scored, the rest empty for now.
        draft = {"csrfmiddlewaretoken": token, "action": "save", "version": version, "notes": "Draft notes."}
        draft.update({code: values[code] if code in QUALITIES[:4] else "" for code in QUALITIES})
        draft.update({f"{code}_evidence": "" for code in QUALITIES})
        draft["recommendation"] = ""
        with self.post_rubric(candidate_id, draft, "save") as r:
            if r.status_code != 302 or path_of(r.headers.get("Location")) != scorecard_path:
                r.failure(f"save answered {r.status_code} → {r.headers.get('Location')}")
                return
        self.wait()
        opened = self.rubric(candidate_id)
        if opened is None:
            return
        token, version = opened

        final = {
            "csrfmiddlewaretoken": token,
            "action": "submit",
            "version": version,
            "recommendation": random.choice(RECOMMENDATIONS),
            "notes": "Submitted under load.",
        }
        final.update({f"{code}_evidence": "" for code in QUALITIES})
        final["empathy_evidence"] = "Restated the member's frustration before proposing a fix."
        final.update(values)
        if random.random() < 0.15:
            # "Not assessed" is a legal answer for every quality but empathy.
            final[random.choice(QUALITIES[1:])] = ""

        if random.random() < RACE_SHARE:
            self.submit_twice_at_once(candidate_id, final)
            return
        with self.post_rubric(candidate_id, final, "submit") as r:
            if r.status_code != 302 or path_of(r.headers.get("Location")) != f"/candidates/{candidate_id}/":
                r.failure(f"submit answered {r.status_code} → {r.headers.get('Location')}")
                return
            record_submission(self.username, candidate_id, final)
        if random.random() < RESUBMIT_SHARE:
            with self.post_rubric(candidate_id, final, "submit again") as r:
                # The contract: a POST to a submitted scorecard changes nothing and answers 409.
                if r.status_code == 409:
                    r.success()
                else:
                    r.failure(f"second submit answered {r.status_code}, not 409")
        with self.client.get(
            f"/candidates/{candidate_id}/", name="/candidates/[id]/", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"candidate page answered {r.status_code}")

    def submit_twice_at_once(self, candidate_id: int, final: dict[str, str]) -> None:
        """A double click that reaches two workers: exactly one submit may be accepted."""
        accepted_path = f"/candidates/{candidate_id}/"
        outcomes: list[str] = []

        def one(client: FastHttpSession) -> None:
            with self.post_rubric(candidate_id, final, "submit race", client) as r:
                where = path_of(r.headers.get("Location"))
                if r.status_code == 302 and where == accepted_path:
                    outcomes.append("accepted")
                    r.success()
                elif r.status_code == 409 or (r.status_code == 302 and where == f"{accepted_path}scorecard/"):
                    # Refused: already submitted (409), stale version (409), or locked during the save.
                    outcomes.append("refused")
                    r.success()
                else:
                    outcomes.append("error")
                    r.failure(f"racing submit answered {r.status_code} → {where}")

        clients = [self.own_session(), self.own_session()]
        try:
            gevent.joinall([gevent.spawn(one, client) for client in clients])
        finally:
            for client in clients:
                client.client.close()
        if outcomes.count("accepted") == 1:
            record_submission(self.username, candidate_id, final)
        elif "error" not in outcomes:
            events.request.fire(
                request_type="CHECK",
                name="one submit accepted out of two racing",
                response_time=0,
                response_length=0,
                exception=AssertionError(f"racing submits: {sorted(outcomes)}"),
            )


class HiringManager(LoggedInUser):
    """Opens the shortlists, the "Demo shortlist" dashboard and its CSV export."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        managers = PLAN["managers"]
        self.username = managers[next(_manager_numbers) % len(managers)]
        self.shortlist = f"/shortlists/{PLAN['shortlist_id']}/"
        self.log_in()

    @task(3)
    def dashboard(self) -> None:
        with self.client.get("/shortlists/", name="/shortlists/", catch_response=True) as r:
            if r.status_code != 200 or self.shortlist not in r.text:
                r.failure(f"shortlists answered {r.status_code} without the demo shortlist")
                return
        with self.client.get(self.shortlist, name="/shortlists/[id]/", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"dashboard answered {r.status_code}")

    @task(1)
    def export(self) -> None:
        with self.client.get(
            f"{self.shortlist}export.csv", name="/shortlists/[id]/export.csv", catch_response=True
        ) as r:
            if r.status_code != 200 or not r.text.startswith("rank,candidate,"):
                r.failure(f"export answered {r.status_code}")
