"""The optional push of a transaction Bundle to a FHIR server (a stand-in on 127.0.0.1)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from admissions.consent_models import Disclosure
from admissions.consents import consent_revoke
from handoff.fhir.bundle import validate
from handoff.fhir.push import bundle_push
from handoff.tasks import push_fhir_bundle
from tests.conftest import closed_port


class FhirServer:
    """Takes POSTed transaction Bundles at its base URL, like a FHIR server's transaction."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.bundles: list[dict] = []
        self.tokens: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                server.tokens.append(self.headers.get("authorization", ""))
                if server.failures:
                    server.failures -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                validate(body)
                assert body["type"] == "transaction"
                server.bundles.append(body)
                reply = {
                    "resourceType": "Bundle",
                    "type": "transaction-response",
                    "entry": [{"response": {"status": "200 OK"}} for _ in body["entry"]],
                }
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("content-type", "application/fhir+json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/fhir"

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def fhir_server(settings):
    server = FhirServer()
    settings.DOORWAY_FHIR_SERVER_URL = server.url
    settings.DOORWAY_FHIR_SERVER_TOKEN = "s3cret-token"
    yield server
    server.stop()


def test_a_consented_lead_is_pushed_and_the_disclosure_logged(fhir_server, consented_lead):
    assert bundle_push(lead_id=consented_lead.pk) == "sent"
    assert len(fhir_server.bundles) == 1
    assert fhir_server.tokens == ["Bearer s3cret-token"]
    assert Disclosure.objects.get(lead=consented_lead).channel == "fhir_push"


def test_a_push_without_consent_sends_nothing(fhir_server, lead):
    assert bundle_push(lead_id=lead.pk) == "refused"
    assert fhir_server.bundles == [] and not Disclosure.objects.exists()


def test_a_consent_revoked_before_the_task_runs_stops_the_push(
    fhir_server, consented_lead, supervisor
):
    consent_revoke(consent_id=consented_lead.consents.get().pk, user=supervisor)
    assert bundle_push(lead_id=consented_lead.pk) == "refused"
    assert fhir_server.bundles == []


def test_the_task_retries_until_the_server_takes_it(fhir_server, consented_lead):
    fhir_server.failures = 2
    result = push_fhir_bundle.apply((consented_lead.pk,))
    assert result.get() == "sent"
    assert len(fhir_server.bundles) == 1
    assert Disclosure.objects.filter(lead=consented_lead).count() == 1


def test_a_server_that_is_down_is_retried_later(settings, consented_lead):
    from handoff.fhir.push import PushFailed, retry_delay

    settings.DOORWAY_FHIR_SERVER_URL = f"http://127.0.0.1:{closed_port()}/fhir"
    with pytest.raises(PushFailed):
        bundle_push(lead_id=consented_lead.pk)
    assert [retry_delay(n) for n in range(4)] == [30, 60, 120, 240]
    assert retry_delay(20) == 3600
