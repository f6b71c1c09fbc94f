"""The Google Indexing API's publish call, authorised with a service account.

``google-auth`` reads the service-account JSON file named by
``CAREERS_GOOGLE_INDEXING_CREDENTIALS``, signs the JWT with its key and trades
it at the file's ``token_uri`` for an access token, which it keeps and renews
before it expires. Without that setting indexing is off.
"""

from __future__ import annotations

import functools
import json

import urllib3
from django.conf import settings
from django.test.signals import setting_changed
from google.auth.exceptions import GoogleAuthError
from google.auth.transport.urllib3 import AuthorizedHttp
from google.oauth2 import service_account

SCOPES = ["https://www.googleapis.com/auth/indexing"]

TIMEOUT = urllib3.Timeout(connect=10, read=20)


class PublishFailed(Exception):
    """The notification was not accepted; ``retry`` says whether it may be later."""

    def __init__(self, category: str, status: int | None = None, retry: bool = True):
        super().__init__(category)
        self.category = category
        self.status = status
        self.retry = retry


def enabled() -> bool:
    return bool(settings.CAREERS_GOOGLE_INDEXING_CREDENTIALS)


@functools.cache
def _session(path: str) -> AuthorizedHttp:
    """One authorised client per credentials file, per process: its token is reused."""
    credentials = service_account.Credentials.from_service_account_file(path, scopes=SCOPES)
    return AuthorizedHttp(credentials, http=urllib3.PoolManager(retries=False, timeout=TIMEOUT))


def _settings_changed(setting, **kwargs):
    if setting == "CAREERS_GOOGLE_INDEXING_CREDENTIALS":
        _session.cache_clear()


setting_changed.connect(_settings_changed, dispatch_uid="careers_google_indexing_session")


def publish(url: str, kind: str) -> int:
    """POST ``{"url": url, "type": kind}`` to the publish endpoint; the HTTP status
    of a success, or :class:`PublishFailed`."""
    try:
        session = _session(settings.CAREERS_GOOGLE_INDEXING_CREDENTIALS)
    except (OSError, ValueError) as unreadable:  # a missing file, bad JSON, no key
        raise PublishFailed(f"credentials unreadable: {type(unreadable).__name__}") from None
    body = json.dumps({"url": url, "type": kind}).encode()
    try:
        response = session.urlopen(
            "POST",
            settings.CAREERS_GOOGLE_INDEXING_ENDPOINT,
            body=body,
            headers={"Content-Type": "application/json"},
        )
    except GoogleAuthError as refused:  # the token endpoint said no, or was unreachable
        raise PublishFailed(f"token refused: {type(refused).__name__}") from None
    except urllib3.exceptions.TimeoutError:
        raise PublishFailed("timeout") from None
    except urllib3.exceptions.HTTPError as failure:
        raise PublishFailed(f"connection failed: {type(failure).__name__}") from None
    status = response.status
    if 200 <= status < 300:
        return status
    # 429 (over Google's own quota) and 5xx pass; any other 4xx (no permission
    # on the site, a bad URL) will not change by trying again.
    raise PublishFailed(f"HTTP {status}", status=status, retry=status == 429 or status >= 500)
