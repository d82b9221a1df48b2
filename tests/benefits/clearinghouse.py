"""A stand-in clearinghouse on 127.0.0.1: the one part of a benefits check tests cannot reach.

It takes X12 270s over HTTP (``/x12``) and JSON eligibility requests (``/json``), checks each
270 against the 005010X279A1 implementation guide with x12sdk's models (as a clearinghouse
would before passing it on), and answers by member ID with the real 271 documents in
``samples/`` (or JSON of the same shape the clearinghouses' APIs send), echoing the inquiry's
trace number. Some member IDs misbehave on purpose: garbage, a truncated or oversized answer,
an answer slower than the timeout, a 503 once then an answer, a 503 every time, a 401.
"""

import contextlib
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from x12sdk.io import X12ModelReader

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_TRACE = "DW000000001"
SLOW_SECONDS = 3.0

# Member ID → the 271 sample answering it.
X12_ANSWERS = {
    "W123456789": "active_deductibles",
    "INACTIVE1": "inactive",
    "NOTFOUND1": "subscriber_not_found",
    "BADID1": "invalid_member_id",
    "NOPROVIDER1": "provider_not_eligible",
    "PAYERDOWN1": "payer_unavailable",
    "DEPENDENT1": "dependent",
    "FLAKY1": "active_deductibles",
    "SLOW1": "active_deductibles",
}


def sample(name: str) -> str:
    return (SAMPLES / f"{name}.271").read_text()


def answer_for(name: str, trace: str) -> str:
    """A sample 271 as the answer to the inquiry with ``trace``."""
    return sample(name).replace(SAMPLE_TRACE, trace)


def oversized(trace: str) -> str:
    """A well-formed 271 of more than a megabyte (the payer's notes go on and on)."""
    notes = "~\n".join(["MSG*" + "SEE PLAN DOCUMENTS FOR DETAILS " * 8] * 5000)
    text = answer_for("active_deductibles", trace)
    return text.replace("EB*1**35~", f"EB*1**35~\n{notes}~")


JSON_ACTIVE = {
    "payer": {"name": "ACME HEALTH PLAN"},
    "planStatus": [
        {"statusCode": "1", "status": "Active Coverage", "serviceTypeCodes": ["30", "AI", "MH"]}
    ],
    "planDateInformation": {"plan": "20260101-20261231"},
    "benefitsInformation": [
        {"code": "1", "serviceTypeCodes": ["30"], "planCoverage": "GOLD PPO 1500"},
        {
            "code": "C",
            "coverageLevelCode": "IND",
            "serviceTypeCodes": ["30"],
            "timeQualifierCode": "23",
            "benefitAmount": "1500",
            "inPlanNetworkIndicatorCode": "Y",
        },
        {
            "code": "C",
            "coverageLevelCode": "IND",
            "serviceTypeCodes": ["30"],
            "timeQualifierCode": "29",
            "benefitAmount": "1000",
            "inPlanNetworkIndicatorCode": "Y",
        },
        {
            "code": "B",
            "coverageLevelCode": "IND",
            "serviceTypeCodes": ["AI"],
            "timeQualifierCode": "27",
            "benefitAmount": "25",
            "authOrCertIndicator": "Y",
            "inPlanNetworkIndicatorCode": "Y",
            "additionalInformation": [{"description": "PRIOR AUTHORIZATION REQUIRED"}],
        },
        {
            "code": "A",
            "coverageLevelCode": "IND",
            "serviceTypeCodes": ["MH"],
            "benefitPercent": "0.2",
            "authOrCertIndicator": "N",
            "inPlanNetworkIndicatorCode": "Y",
        },
    ],
}
JSON_NOT_FOUND = {
    "subscriber": {
        "aaaErrors": [
            {
                "field": "AAA",
                "code": "75",
                "description": "Subscriber/Insured Not Found",
                "followupAction": "Please Correct and Resubmit",
                "location": "Loop 2100C",
            }
        ]
    },
}
JSON_ANSWERS = {"W123456789": JSON_ACTIVE, "NOTFOUND1": JSON_NOT_FOUND}


class FakeClearinghouse:
    def __init__(self) -> None:
        self.received: list[dict] = []
        self.invalid_270s: list[str] = []
        self.calls: Counter = Counter()
        self._lock = threading.Lock()
        house = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, content_type, answer = house.answer(self.path, body, dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                # The client may have given up waiting: that is the point of the slow answer.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(answer)

            def log_message(self, format, *args) -> None:
                pass  # keep the test output (and any captured logs) quiet

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def start(self) -> "FakeClearinghouse":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, body: bytes, headers: dict) -> tuple[int, str, bytes]:
        if path == "/x12":
            return self._x12(body.decode("ascii", errors="replace"), headers)
        if path == "/json":
            return self._json(body, headers)
        return 404, "text/plain", b"no such endpoint"

    def _record(self, member_id: str, trace: str, body, headers: dict) -> int:
        with self._lock:
            self.calls[member_id] += 1
            self.received.append(
                {"member_id": member_id, "trace": trace, "body": body, "headers": headers}
            )
            return self.calls[member_id]

    def _misbehaviour(self, member_id: str, call: int) -> tuple[int, str, bytes] | None:
        if member_id == "DOWN1" or (member_id == "FLAKY1" and call == 1):
            return 503, "text/html", b"<html><body>Service Unavailable</body></html>"
        if member_id == "REFUSED1":
            return 401, "text/plain", b"unknown API key"
        if member_id == "GARBAGE1":
            return 200, "text/plain", b"\x00\xffthis is not an eligibility response at all"
        if member_id == "SLOW1":
            time.sleep(SLOW_SECONDS)
        return None

    def _x12(self, text: str, headers: dict) -> tuple[int, str, bytes]:
        try:
            with X12ModelReader(text) as reader:
                (inquiry,) = list(reader.models())
            subscriber = inquiry.loop_2000a[0].loop_2000b[0].loop_2000c[0]
            member_id = subscriber.loop_2100c.nm1_segment.identification_code
            trace = subscriber.trn_segment[0].reference_identification_1
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as invalid:
            # The guide refused it: a clearinghouse sends a 999 back.
            self.invalid_270s.append(str(invalid))
            return 400, "text/plain", b"rejected: the 270 does not follow 005010X279A1"
        call = self._record(member_id, trace, text, headers)
        misbehaving = self._misbehaviour(member_id, call)
        if misbehaving is not None:
            return misbehaving
        if member_id == "TRUNCATED1":
            whole = answer_for("active_deductibles", trace)
            return 200, "application/edi-x12", whole[: len(whole) // 2].encode()
        if member_id == "HUGE1":
            return 200, "application/edi-x12", oversized(trace).encode()
        if member_id == "OTHERTRACE1":
            return 200, "application/edi-x12", sample("active_deductibles").encode()
        name = X12_ANSWERS.get(member_id, "subscriber_not_found")
        return 200, "application/edi-x12", answer_for(name, trace).encode()

    def _json(self, body: bytes, headers: dict) -> tuple[int, str, bytes]:
        request = json.loads(body)
        member_id = request["subscriber"]["memberId"]
        call = self._record(member_id, request["controlNumber"], request, headers)
        misbehaving = self._misbehaviour(member_id, call)
        if misbehaving is not None:
            return misbehaving
        answer = {
            "controlNumber": request["controlNumber"],
            **JSON_ANSWERS.get(member_id, JSON_NOT_FOUND),
        }
        return 200, "application/json", json.dumps(answer).encode()
