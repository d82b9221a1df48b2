"""Sending a text message, behind a small interface so a gateway can be plugged in by settings.

``DOORWAY_SMS_SENDER`` names the class. Outside development the default writes only that a message
went out, never the number or the text: a resume link is a key to someone's answers.
"""

import logging
import sys
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, to: str, body: str) -> None:
        """Send ``body`` to the phone number ``to``."""


class LogSmsSender:
    """Default sender outside development: records that a text was sent, and nothing else."""

    def send(self, to: str, body: str) -> None:
        logger.info("Text message sent (%d characters; recipient and content withheld)", len(body))


class ConsoleSmsSender:
    """Development sender: prints the text in the terminal, as Django's console email backend
    prints emails, so a "finish later" link sent by text can be opened locally. The number is
    left out: the person typed it, and the terminal need not keep it."""

    def send(self, to: str, body: str) -> None:
        sys.stdout.write(f"Text message:\n{body}\n{'-' * 79}\n")
        sys.stdout.flush()


def get_sender() -> SmsSender:
    return import_string(settings.DOORWAY_SMS_SENDER)()
