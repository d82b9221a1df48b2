"""Factories for fake people and their leads (Faker: never a real person)."""

import copy

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from accounts.roles import GROUP_NAMES, Role, forget_roles
from admissions.models import PRIORITY_RANK, CounsellorProfile, Lead
from admissions.search import phone_digits
from screening.catalogue import DEFAULTS

# A complete, valid answers object: a working adult, weekly drinking, four criteria (IOP).
BASE_ANSWERS: dict = {
    "respondent": "self",
    "relationship": None,
    "age": 34,
    "substances": ["alcohol"],
    "primary_substance": "alcohol",
    "frequency": "weekly",
    "use_criteria": ["larger_amounts", "cant_cut_down", "craving", "role_failure"],
    "withdrawal_history": [],
    "withdrawal_now": False,
    "medical_conditions": [],
    "medical_unstable": False,
    "safety": {
        "wish_dead": False,
        "suicidal_thoughts": False,
        "method": False,
        "intent": False,
        "plan": False,
        "behavior_past_3_months": False,
        "harm_others": False,
        "harm_others_plan": False,
    },
    "mental_health": [],
    "mental_health_stable": True,
    "phq2": None,
    "gad2": None,
    "psych_hospital_past_year": False,
    "prior_treatment": [],
    "discharged_recently": False,
    "relapse_after_treatment": False,
    "living": "stable",
    "support": ["family"],
    "obligations": ["work"],
    "group_comfort": "yes",
    "readiness": "ready",
    # The optional answers (rules 2.0's new questions and any added since), at their defaults.
    **{key: value for key, value in DEFAULTS.items() if key not in ("phq2", "gad2")},
}


def make_answers(**changes) -> dict:
    """A fresh copy of ``BASE_ANSWERS`` with ``changes``; ``safety`` changes merge."""
    answers = copy.deepcopy(BASE_ANSWERS)
    safety = changes.pop("safety", {})
    answers.update(changes)
    answers["safety"].update(safety)
    return answers


CRISIS_ANSWERS = make_answers(safety={"suicidal_thoughts": True, "plan": True})


def assess(answers: dict) -> dict:
    """The assessment JSON the screening rules give for ``answers``."""
    from screening import evaluate, parse_answers

    return evaluate(parse_answers(answers)).to_dict()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery-staple")


def give_roles(user: User, *roles: Role) -> User:
    """Add ``user`` to the groups of ``roles``."""
    for role in roles:
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        user.groups.add(group)
    forget_roles(user)
    return user


def make_staff(username: str, *roles: Role) -> User:
    """A user holding ``roles``."""
    return give_roles(UserFactory(username=username), *roles)


class CounsellorFactory(factory.django.DjangoModelFactory):
    """A counsellor: the role, and the profile routing reads (and the user)."""

    class Meta:
        model = CounsellorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    languages = factory.LazyFunction(lambda: ["en"])
    on_call = False
    accepts_adolescents = False
    capacity = 25
    active = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            give_roles(self.user, Role.COUNSELLOR)


def make_supervisor(username: str = "supervisor") -> User:
    """A user with the supervisor role."""
    return make_staff(username, Role.SUPERVISOR)


class LeadFactory(factory.django.DjangoModelFactory):
    """A lead as ``lead_create`` would store it, without routing it."""

    class Meta:
        model = Lead

    class Params:
        answers_changes = factory.LazyFunction(dict)

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone = factory.Sequence(lambda n: f"+1555{n:07d}")
    phone_digits = factory.LazyAttribute(lambda o: phone_digits(o.phone))
    email = factory.Faker("safe_email")
    answers = factory.LazyAttribute(lambda o: make_answers(**o.answers_changes))
    assessment = factory.LazyAttribute(lambda o: assess(o.answers))
    respondent = factory.LazyAttribute(lambda o: o.answers["respondent"])
    relationship = factory.LazyAttribute(lambda o: o.answers["relationship"] or "")
    age = factory.LazyAttribute(lambda o: o.answers["age"])
    rules_version = factory.LazyAttribute(lambda o: o.assessment["rules_version"])
    level = factory.LazyAttribute(lambda o: o.assessment["level"])
    priority = factory.LazyAttribute(lambda o: o.assessment["priority"])
    priority_rank = factory.LazyAttribute(lambda o: PRIORITY_RANK[o.priority])
    crisis = factory.LazyAttribute(lambda o: o.assessment["crisis"])
    consent_version = "1"
    consent_at = factory.LazyFunction(timezone.now)


class ProgramFactory(factory.django.DjangoModelFactory):
    """A valid adult evening IOP, open to new patients, in English."""

    class Meta:
        model = "programs.Program"

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    level = "iop"
    audience = "adults"
    hours_per_week = 9
    days_per_week = 3
    schedules = factory.LazyFunction(lambda: ["evening"])
    typical_weeks = 10
    services = factory.LazyFunction(lambda: ["group", "individual"])
    languages = factory.LazyFunction(lambda: ["en"])
    location = "Main clinic"
    description_en = "A test program."
    description_es = "Un programa de prueba."
