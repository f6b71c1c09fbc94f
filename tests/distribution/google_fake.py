"""A local stand-in for Google: one HTTP server on loopback that plays the
OAuth token endpoint (checking the service account's signed JWT) and the
Indexing API's publish endpoint, and records what it was sent."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import jwt

TOKEN = "ya29.test-access-token"
# google-auth addresses the assertion to Google's token endpoint, wherever it posts it.
AUDIENCE = "https://oauth2.googleapis.com/token"


class FakeGoogle:
    """``publish_statuses``: the answers of the publish endpoint, one per request,
    the last one repeated."""

    def __init__(self, tmp_path, publish_statuses=(200,)):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        self.public_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.statuses = list(publish_statuses)
        self.token_requests: list[dict] = []
        self.publish_requests: list[tuple[dict, bytes]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path == "/token":
                    answer, status = fake.token(body)
                else:
                    fake.publish_requests.append(
                        ({k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    status = fake.statuses.pop(0) if len(fake.statuses) > 1 else fake.statuses[0]
                    answer = json.loads(body) if status == 200 else {"error": {"code": status}}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.token_uri = f"{origin}/token"
        self.publish_url = f"{origin}/v3/urlNotifications:publish"
        self.credentials_file = tmp_path / "service-account.json"
        self.credentials_file.write_text(
            json.dumps(
                {
                    "type": "service_account",
                    "project_id": "careers-test",
                    "private_key_id": "test-key-1",
                    "private_key": self.private_pem,
                    "client_email": "indexing@careers-test.iam.gserviceaccount.com",
                    "client_id": "1234567890",
                    "token_uri": self.token_uri,
                }
            )
        )
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, body: bytes) -> tuple[dict, int]:
        """What Google's token endpoint does: verify the JWT bearer assertion."""
        form = {name: values[0] for name, values in parse_qs(body.decode()).items()}
        try:
            claims = jwt.decode(form["assertion"], certs=self.public_pem, audience=AUDIENCE)
        except Exception as refused:
            self.token_requests.append({"form": form, "refused": str(refused)})
            return {"error": "invalid_grant"}, 400
        self.token_requests.append({"form": form, "claims": claims})
        return {"access_token": TOKEN, "expires_in": 3600, "token_type": "Bearer"}, 200

    def published(self) -> list[dict]:
        return [json.loads(body) for _, body in self.publish_requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def wait_for(condition, seconds=5.0):
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.01)
