"""Every response tells the browser that no page may use the camera, microphone or location."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]


def features(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))


@pytest.mark.parametrize(
    "path", ["/", "/screen/", "/help/", "/staff/login/", "/healthz", "/no-such-page/", "/boom/"]
)
def test_every_response_refuses_the_camera_the_microphone_and_the_location(path):
    response = Client(raise_request_exception=False).get(path)
    refused = features(response)
    for feature in ("camera", "microphone", "geolocation", "payment", "browsing-topics"):
        assert refused[feature] == "()", feature
