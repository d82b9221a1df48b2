"""Screening answers for simulated people, with danger as rare as it is among those who ask.

The rules' own generator covers every choice; this softens it so crises, withdrawal and
adolescents appear at a believable rate. Pure Python, like the rules.
"""

import random
from typing import Any

from screening import vocab
from screening.bench import random_answers
from screening.catalogue import BY_KEY, options_given


def realistic_answers(rng: random.Random) -> dict[str, Any]:
    """One valid answers object, drawn from ``rng``."""
    answers = random_answers(rng)
    if rng.random() < 0.93:
        answers["safety"] = dict.fromkeys(vocab.SAFETY_QUESTIONS, False)
    if rng.random() < 0.8:
        answers["withdrawal_now"] = False
        answers["medical_unstable"] = False
        answers["withdrawal_history"] = []
    if rng.random() < 0.7:
        answers["age"] = rng.randint(18, 70)
    # The rules take a skipped depressant frequency as the overall one, but the web wizard
    # needs an answer once it asks (a depressant listed with another substance).
    asked = [value for value in options_given(BY_KEY["depressant_frequency"], answers) if value]
    if asked and answers.get("depressant_frequency") is None:
        answers["depressant_frequency"] = rng.choice(asked)
    return answers
