"""What the simulated people do: the baseline POST loop, the intake wizard end to end, and staff
browsing the queue. Each scenario returns its figures and the stats it recorded."""

import asyncio
import random
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import pyotp

from bench.answers import realistic_answers
from bench.load import Browser, Client, Deadline, Form, Stats, csrf_form, run_people

BASELINE_PATH = "/bench/baseline/"
SESSION_BASELINE_PATH = "/bench/session/"
INTAKE_PATH = "/screen/"
BEGIN_PATH = "/screen/begin/"
STEP_PATH = "/screen/step/"
RESULT_PATH = "/screen/result/"
QUEUE_PATH = "/staff/"
LOGIN_PATH = "/staff/login/"
SECOND_STEP_PATH = "/staff/second-step/"
# A wizard has about fifteen steps; more than this means it is going round in circles.
MAX_STEPS = 40
PAGES_PER_VISIT = 3
SPANISH_SHARE = 0.15
_LINK = re.compile(r"<a\s[^>]*>")
_HREF = re.compile(r'href="([^"]+)"')


@dataclass
class Load:
    """How hard and how long a scenario pushes: ``users`` at once, bounded in time and rounds."""

    users: int
    seconds: float
    max_rounds: int
    # Seconds a person spends reading a page before the next click.
    think_seconds: float = 0.0


# --- Baseline ---------------------------------------------------------------------------------


async def baseline(base_url: str, load: Load) -> tuple[dict[str, float], Stats]:
    """``load.users`` clients POSTing the one-INSERT view as fast as it answers."""
    stats = Stats()
    client = Client(base_url)
    browsers = [Browser(client, stats) for _ in range(load.users)]
    for browser in browsers:
        await browser.request("GET", BASELINE_PATH, "baseline_token")
    deadline = Deadline(load.seconds, load.max_rounds)

    posts = 0

    async def person(number: int) -> None:
        nonlocal posts
        browser = browsers[number]
        token = browser.cookies.get("csrftoken", "")
        while deadline.another():
            await browser.request(
                "POST",
                BASELINE_PATH,
                "baseline_post",
                {"csrfmiddlewaretoken": token, "note": f"bench {number}"},
            )
            if deadline.open():
                posts += 1

    await run_people(load.users, person)
    return {"baseline_posts": posts, "baseline_seconds": deadline.window()}, stats


# What a person of the session baseline ticks (its radio question gets a random answer).
TICKED = {"which": ["choice_1", "choice_4"]}


async def session_baseline(base_url: str, load: Load) -> tuple[dict[str, float], Stats]:
    """``load.users`` clients doing a screening step's work on bare Django as fast as it answers:
    POST a small form with its CSRF token (session read and written, a redirect), then GET the
    page it redirects to (session read, a step-sized page rendered)."""
    stats = Stats()
    client = Client(base_url)
    browsers = [Browser(client, stats) for _ in range(load.users)]
    pages = {}
    for number, browser in enumerate(browsers):
        pages[number] = await browser.get(SESSION_BASELINE_PATH, "session_baseline_get")
    deadline = Deadline(load.seconds, load.max_rounds)
    steps = 0

    async def person(number: int) -> None:
        nonlocal steps
        rng = random.Random(number)
        browser = browsers[number]
        page = pages[number]
        while deadline.another():
            form = csrf_form(page.text, SESSION_BASELINE_PATH) if page is not None else None
            if form is None:
                browser.stats.error("no session baseline form")
                return
            posted = await browser.request(
                "POST", SESSION_BASELINE_PATH, "session_baseline_post", fill(form, TICKED, rng)
            )
            if deadline.open():
                steps += 1
            if posted is None or not posted.is_redirect:
                browser.stats.error("session baseline step refused")
                return
            page = await browser.follow(posted, "session_baseline_get")

    await run_people(load.users, person)
    return {"session_baseline_steps": steps, "session_baseline_seconds": deadline.window()}, stats


# --- Intake -----------------------------------------------------------------------------------


def _as_form_values(answers: dict[str, Any]) -> dict[str, list[str]]:
    """Answers as the wizard's fields carry them (nested groups such as safety flattened)."""
    values: dict[str, list[str]] = {}
    for key, value in answers.items():
        if isinstance(value, dict):
            values.update(_as_form_values(value))
        elif isinstance(value, bool):
            values[key] = ["yes" if value else "no"]
        elif isinstance(value, list):
            values[key] = [str(item) for item in value]
        elif value is not None:
            values[key] = [str(value)]
    return values


def _as_fields(
    answers: dict[str, Any], number: int, rng: random.Random, language: str
) -> dict[str, list[str]]:
    """What a person means to tick and type, keyed by form field name."""
    wanted = _as_form_values(answers)
    wanted.update(
        finish=["reach_out"],
        first_name=[rng.choice(["Alex", "Sam", "Jordan", "Maria", "Luis", "Taylor"])],
        last_name=[f"Bench{number}"],
        phone=[f"555 {rng.randint(200, 999)} {rng.randint(1000, 9999)}"],
        email=[f"bench{number}@example.org"],
        contact_method=["phone"],
        contact_time=["anytime"],
        language=[language],
        consent_contact=["on"],
        consent_texts=["on"],
    )
    return wanted


def fill(form: Form, wanted: dict[str, list[str]], rng: random.Random) -> dict[str, list[str]]:
    """The form as a person would send it: what they meant where offered, sensible otherwise."""
    data = {name: list(values) for name, values in form.fields.items()}
    for name, kind in form.types.items():
        offered = form.options.get(name, [])
        if kind == "checkbox":
            chosen = [value for value in wanted.get(name, []) if value in offered]
            data[name] = chosen
        elif kind in {"radio", "select"}:
            mine = [value for value in wanted.get(name, []) if value in offered]
            real = [value for value in offered if value]
            if mine:
                data[name] = mine[:1]
            elif real and not data.get(name, [""])[0]:
                data[name] = [rng.choice(real)]
        elif kind == "hidden":
            continue
        elif name in wanted and name != "website":
            data[name] = wanted[name][:1]
    return {name: values for name, values in data.items() if values}


def _refused(html: str) -> bool:
    """The step page's summary of what needs fixing (shown only after a refused post)."""
    return 'id="error-summary"' in html


def _is_final(form: Form) -> bool:
    """The review step (the one with the trap field for bots): sending it creates the lead."""
    return "website" in form.types


@dataclass
class IntakeTally:
    """What the people of one intake run got done."""

    deadline: Deadline
    completed: int = 0
    # Only what finished before the deadline counts for throughput (not the last stragglers).
    completed_in_window: int = 0
    step_posts_in_window: int = 0
    rejected: int = 0


async def one_intake(
    browser: Browser,
    wanted: dict[str, list[str]],
    rng: random.Random,
    tally: IntakeTally,
    think_seconds: float = 0.0,
) -> None:
    """One person from the introduction to the result page, through every step that applies,
    reading each page for about ``think_seconds`` (half to one and a half times it)."""
    stats = browser.stats
    await browser.get(INTAKE_PATH, "intake_get")
    page = await browser.get(BEGIN_PATH, "intake_get")
    for _ in range(MAX_STEPS):
        if page is None or page.status_code >= 400:
            return  # already counted as an error; this person gives up
        if think_seconds:
            await asyncio.sleep(think_seconds * rng.uniform(0.5, 1.5))
        form = csrf_form(page.text, STEP_PATH)
        if form is None:
            # The crisis panel (or any page between steps): carry on where the wizard says.
            page = await browser.get(BEGIN_PATH, "intake_get")
            continue
        final = _is_final(form)
        posted = await browser.request(
            "POST",
            urljoin(page.url, form.action),
            "intake_submit" if final else "intake_step",
            fill(form, wanted, rng),
        )
        if tally.deadline.open():
            tally.step_posts_in_window += 1
        if posted is None:
            return
        page = await browser.follow(posted, "intake_get") if posted.is_redirect else posted
        if page is None:
            return  # already counted as an error
        if not posted.is_redirect or _refused(page.text):
            # A refused step comes back (after its redirect) with its errors: the bench's
            # person sent something the form does not accept, and would only send it again.
            tally.rejected += 1
            stats.error(f"step refused at {posted.path}")
            return
        if final:
            if page is not None and page.path == RESULT_PATH:
                tally.completed += 1
                if tally.deadline.open():
                    tally.completed_in_window += 1
            else:
                stats.error("the last submit did not lead to the result")
            return
    stats.error("the wizard never reached its last step")


async def intake(base_url: str, load: Load, seed: int) -> tuple[dict[str, float], Stats]:
    """People completing the wizard and leaving their contact, one after another per user.

    Without thinking time each simulated person clicks as soon as a page arrives: that measures
    capacity (the server saturated), and each stands in for dozens of real people.
    """
    stats = Stats()
    deadline = Deadline(load.seconds, load.max_rounds)
    tally = IntakeTally(deadline)
    client = Client(base_url)

    async def person(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        browser = Browser(client, stats)
        while deadline.another():
            # About one person in seven reads the screening in Spanish.
            language = "es" if rng.random() < SPANISH_SHARE else "en"
            browser.forget(language)
            wanted = _as_fields(realistic_answers(rng), number, rng, language)
            await one_intake(browser, wanted, rng, tally, load.think_seconds)

    await run_people(load.users, person)
    return {
        "intakes_completed": tally.completed,
        "intakes_in_window": tally.completed_in_window,
        "intake_step_posts_in_window": tally.step_posts_in_window,
        "intake_seconds": deadline.window(),
        "intake_steps_refused": tally.rejected,
    }, stats


# --- The staff queue --------------------------------------------------------------------------


async def _post_form(browser: Browser, path: str, step: str, fields: dict) -> bool:
    """GET ``path``, then POST ``fields`` with its CSRF token; True when it redirected on."""
    page = await browser.get(path, step)
    form = csrf_form(page.text) if page is not None else None
    if form is None:
        browser.stats.error(f"no {step} form")
        return False
    data = {name: values for name, values in form.fields.items() if values}
    data.update({name: [value] for name, value in fields.items()})
    response = await browser.request("POST", path, step, data)
    if response is None or not response.is_redirect:
        browser.stats.error(f"{step} refused")
        return False
    return True


async def log_in(browser: Browser, username: str, password: str, totp_secret: str) -> bool:
    """Sign in through the real pages: the password, then the authenticator app's code."""
    if not await _post_form(
        browser, LOGIN_PATH, "login", {"login": username, "password": password}
    ):
        return False
    code = pyotp.TOTP(totp_secret).now()
    return await _post_form(browser, SECOND_STEP_PATH, "second step", {"code": code})


def next_page(html: str) -> str | None:
    """The queue's "next page" link (``rel="next"``), if the page has one."""
    for tag in _LINK.findall(html):
        if 'rel="next"' in tag:
            href = _HREF.search(tag)
            if href:
                return href.group(1).replace("&amp;", "&")
    return None


async def queue(
    base_url: str,
    load: Load,
    usernames: list[str],
    password: str,
    totp_secret: str,
    views: list[str],
) -> tuple[dict[str, float], Stats]:
    """Logged-in staff opening the queue (``views``: paths with their filters) and paging on;
    one account per browser (a code signs in once per account)."""
    stats = Stats()
    pages = 0
    client = Client(base_url)
    browsers = [Browser(client, stats) for _ in range(load.users)]
    for browser, username in zip(browsers, usernames, strict=True):
        await log_in(browser, username, password, totp_secret)
    deadline = Deadline(load.seconds, load.max_rounds)

    async def person(number: int) -> None:
        nonlocal pages
        browser = browsers[number]
        visit = number
        while deadline.another():
            view = views[visit % len(views)]
            url: str | None = view
            visit += 1
            for _ in range(PAGES_PER_VISIT):
                if url is None:
                    break
                page = await browser.request("GET", url, "queue")
                stats.latencies_ms[f"queue {view}"].append(stats.latencies_ms["queue"][-1])
                pages += 1
                if page is None or page.status_code != 200:
                    return
                await asyncio.sleep(load.think_seconds)
                link = next_page(page.text)
                url = urljoin(page.url, link) if link else None

    elapsed = await run_people(load.users, person)
    return {
        **{f"p95_ms {view}": stats.p95(f"queue {view}") for view in views},
        "queue_p95_ms_100k": stats.p95("queue"),
        "queue_pages_per_s": pages / elapsed,
        "queue_pages": pages,
    }, stats
