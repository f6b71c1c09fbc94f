"""Who a client is, for rate limits: the application throttle (DRF) and the
admin login lockout (django-axes) count by the same address.

Behind load balancers the peer address is the balancer's. With
``TRUSTED_PROXY_COUNT`` (DRF's ``NUM_PROXIES``) set, the address is read from
X-Forwarded-For, that many entries from the right: the ones this deployment's
own proxies wrote. Entries further left are whatever the client sent.
"""

from rest_framework.throttling import BaseThrottle


def client_address(request) -> str | None:
    """The client's address as the application throttle counts it."""
    return BaseThrottle().get_ident(request)
