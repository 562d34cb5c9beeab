"""The users bench/load.py sends against gunicorn, driven headless by locust; never run by the tests.

bench/load.py writes a plan (JSON) and starts `locust -f bench/locustfile.py --headless ...` once per phase with
LOAD_PLAN naming it and LOAD_PHASE one of:

    capacity:K users requesting one kind of page K (a class below: Baseline, PublicList...) with no pause:
               its requests per second, over the baseline's, is what it costs
    users      50 people with a pause of 0.5-1.5 s between pages and before the first: reading the record,
               saving drafts, sending inputs
    submit     people sending inputs, no pause: inputs acknowledged per second
    browse     reading the record only, no pause (run idle, then while a compilation runs)

Every visitor comes from its own address (X-Forwarded-For, believed from the loopback proxy as nginx's would be)
over "https" (X-Forwarded-Proto), as behind nginx. Signed-in people use a session the plan gives them, one
organisation each; each sends its input at most once. The acknowledged inputs (a redirect to the receipt) are
appended to the file LOAD_ACKNOWLEDGED names, one organisation id per line, when locust stops.
"""

import json
import os
import random
import re
import secrets

from locust import FastHttpUser, between, constant, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
PHASE = os.environ["LOAD_PHASE"]
ACCOUNTS = list(PLAN["accounts"].get(PHASE, []))  # each phase its own; handed out once each (gevent: no locks)
ACKNOWLEDGED = []
REVISION = re.compile(r'name="revision" value="(\d+)"')


@events.quitting.add_listener
def _write_acknowledged(environment, **kwargs):
    with open(os.environ["LOAD_ACKNOWLEDGED"], "a", encoding="utf-8") as output:
        output.writelines(f"{organisation}\n" for organisation in ACKNOWLEDGED)


class Visitor(FastHttpUser):
    """Someone from their own address, through the TLS proxy."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        self.headers = {"X-Forwarded-For": address, "X-Forwarded-Proto": "https"}
        self.wait()  # people arrive one by one (with a pause: the users phase), not all in one instant

    def get(self, url, name, **kwargs):
        return self.client.get(url, name=name, headers=self.headers, **kwargs)


class Baseline(Visitor):
    @task
    def baseline(self):
        self.get("/bench/baseline/", "baseline (trivial view)")


class PublicList(Visitor):
    @task
    def public_list(self):
        self.get(random.choice(PLAN["list_urls"]), "public list")


class FilteredList(Visitor):
    @task
    def filtered_list(self):
        self.get(random.choice(PLAN["filtered_urls"]), "public list, filtered or searched")


class UncachedList(Visitor):
    @task
    def uncached_list(self):
        # An address no one asked for before: the cache cannot help, the page is rendered from the database.
        url = random.choice(PLAN["filtered_urls"])
        self.get(f"{url}{'&' if '?' in url else '?'}_={secrets.token_hex(6)}", "public list, never cached")


class PublicInput(Visitor):
    @task
    def public_input(self):
        self.get(random.choice(PLAN["input_urls"]), "one input")


class QuestionPage(Visitor):
    @task
    def question(self):
        self.get(random.choice(PLAN["question_urls"]), "answers to one question")


class Member(Visitor):
    """A focal point signed in for one organisation: opens its form, saves drafts, sends the input."""

    abstract = True

    def on_start(self):
        super().on_start()
        self.take_account()

    def take_account(self):
        """The next organisation's focal point (a person sends one input, then the next person comes)."""
        if not ACCOUNTS:
            raise StopUser()
        self.account = ACCOUNTS.pop()
        secret = secrets.token_hex(16)  # the CSRF cookie's secret, sent back as the form's token
        self.headers |= {
            "Cookie": f"sessionid={self.account['session']}; csrftoken={secret}",
            "Origin": f"https://{PLAN['host']}",
        }
        self.token = secret
        self.form = PLAN["form_url"].format(organisation=self.account["organisation"])
        self.sent = False

    def open_form(self):
        with self.client.get(self.form, name="input form", headers=self.headers, catch_response=True) as response:
            found = REVISION.search(response.text or "")
            if response.status_code != 200 or not found:
                response.failure(f"no form: {response.status_code}")
                return None
            return int(found.group(1))

    def post(self, revision, *, send):
        data = {f"answer_{pk}": " ".join(random.sample(PLAN["sentences"], 3)) for pk in PLAN["questions"]}
        data |= {
            "csrfmiddlewaretoken": self.token,
            "language": "en",
            "consent": "public",
            "revision": str(revision),
            "declaration": "on",
            "submit" if send else "save": "1",
        }
        name = "input sent" if send else "draft saved"
        with self.client.post(
            self.form, data=data, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "") if response.status_code == 302 else ""
            if send and location.endswith("/receipt/"):
                ACKNOWLEDGED.append(self.account["organisation"])
                self.sent = True
            elif not send and location.endswith(self.form):
                pass
            else:
                response.failure(f"{response.status_code} {location or (response.text or '')[:200]!r}")

    def save_draft(self):
        revision = self.open_form()
        if revision is not None:
            self.wait()  # reading and typing: a person's pause comes between every two pages
            self.post(revision, send=False)

    def send(self):
        revision = self.open_form()
        if revision is not None:
            self.wait()
            self.post(revision, send=True)
        if self.sent:
            self.take_account()


class Sender(Member):
    """Saves a draft, then sends it."""

    @task
    def draft_then_send(self):
        self.save_draft()
        self.wait()
        self.send()


class Drafter(Member):
    """Keeps saving a draft, sends nothing."""

    @task
    def draft(self):
        self.save_draft()


class Reader(Visitor):
    """The public, reading the record."""

    @task(4)
    def public_list(self):
        PublicList.public_list(self)

    @task(2)
    def filtered_list(self):
        FilteredList.filtered_list(self)

    @task(3)
    def public_input(self):
        PublicInput.public_input(self)

    @task(1)
    def question(self):
        QuestionPage.question(self)


def choose_users(phase):
    """The phase's own User classes; locust runs every non-abstract one this module holds."""
    people = between(0.5, 1.5)
    if phase.startswith("capacity:"):  # one kind of page alone: its own requests per second
        chosen = [globals()[phase.partition(":")[2]]]
    elif phase == "users":
        chosen = [Baseline, Reader, Drafter, Sender]
        for user in chosen:
            user.wait_time = people
        Baseline.weight, Reader.weight, Drafter.weight, Sender.weight = 1, 6, 1, 2
    elif phase == "submit":
        chosen = [Sender]
    elif phase == "browse":
        chosen = [Reader]
    else:
        raise SystemExit(f"LOAD_PHASE must be capacity:<class>, users, submit or browse, not {phase!r}")
    for user in (Baseline, PublicList, FilteredList, UncachedList, PublicInput, QuestionPage, Reader, Drafter, Sender):
        user.abstract = user not in chosen


choose_users(PHASE)
