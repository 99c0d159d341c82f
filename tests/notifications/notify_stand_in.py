"""A small local stand-in for GOV.UK Notify's email API, for tests.

It speaks the part of Notify's API the email backend uses: POST /v2/notifications/email with a
JWT signed by the API key's secret (iss = service id), answering 201 as Notify does, or 403 or
400 with Notify's error shape. Every accepted email is kept in ``sent``.
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = "11111111-2222-3333-4444-555555555555"
SECRET = "66666666-7777-8888-9999-000000000000"
API_KEY = f"test-key-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"


class NotifyStandIn:
    def __init__(self):
        self.sent: list[dict] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: dict):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                if self.path != "/v2/notifications/email":
                    return self._answer(404, _error(404, "BadRequestError", "Not found"))
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                except jwt.PyJWTError:
                    return self._answer(
                        403,
                        _error(403, "AuthError", "Invalid token: signature, api token not found"),
                    )
                if claims.get("iss") != SERVICE_ID:
                    return self._answer(403, _error(403, "AuthError", "Invalid token: service id"))
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if payload.get("template_id") != TEMPLATE_ID:
                    return self._answer(400, _error(400, "BadRequestError", "Template not found"))
                if "@" not in payload.get("email_address", ""):
                    return self._answer(
                        400,
                        _error(400, "ValidationError", "email_address Not a valid email address"),
                    )
                stand_in.sent.append(payload)
                personalisation = payload.get("personalisation", {})
                return self._answer(
                    201,
                    {
                        "id": str(uuid.uuid4()),
                        "reference": payload.get("reference"),
                        "content": {
                            "subject": personalisation.get("subject", ""),
                            "body": personalisation.get("body", ""),
                            "from_email": "family.safeguarding@notifications.service.gov.uk",
                        },
                        "uri": "",
                        "template": {"id": TEMPLATE_ID, "version": 1, "uri": ""},
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _error(status: int, error: str, message: str) -> dict:
    return {"errors": [{"error": error, "message": message}], "status_code": status}
