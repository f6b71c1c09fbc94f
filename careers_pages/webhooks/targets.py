"""Where webhooks may go, and the one way they are sent there.

A webhook URL is typed by an admin, but the request leaves from inside our
network, so it could reach what the public cannot: this machine, the private
network, a cloud's metadata service. Only http(s) URLs whose host resolves to
public addresses are accepted, when an endpoint is saved and again at every
delivery. A delivery resolves the host once, checks every address it got, and
connects to a checked address itself, keeping the host name for the Host
header and for TLS (SNI and the certificate check): a DNS server that answers
differently between the check and the connection ("DNS rebinding") gets
nowhere. No redirect is followed, and a failure is reported by its kind only,
so that the delivery log cannot be used to probe hosts and ports.

``CAREERS_WEBHOOKS_ALLOW_PRIVATE`` lets development and tests use a receiver on
this machine or the local network; cloud metadata addresses stay refused.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
PRINTABLE_ASCII = "".join(map(chr, range(0x21, 0x7F)))

# Ports of protocols other than HTTP, which a POST could talk to (mail, shells,
# databases): the Fetch standard's "bad ports", which browsers refuse for the
# same reason, and the usual database and cache ports it does not list.
BLOCKED_PORTS = frozenset(
    {0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95}
    | {101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161}
    | {179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563}
    | {587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060}
    | {5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080}
    | {1433, 1521, 2375, 2376, 2379, 3306, 5432, 5672, 5984, 6379, 9200, 11211, 27017}
)

# Cloud instance metadata and control services (AWS, ECS, GCP, Azure, Alibaba,
# Oracle). Refused even where private addresses are allowed: they hand out the
# machine's credentials. 168.63.129.16 is a public address in Azure's own range.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",
        "169.254.170.2",
        "169.254.170.23",
        "fd00:ec2::254",
        "fd00:ec2::23",
        "100.100.100.200",
        "168.63.129.16",
        "192.0.0.192",
    )
)
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
LOCAL_NAT64_PREFIX = ipaddress.ip_network("64:ff9b:1::/48")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(Exception):
    """A webhook URL or address that must not be contacted.

    ``message`` tells an admin why; ``category`` is all a delivery log shows.
    """

    def __init__(self, message: str, category: str = "address not allowed"):
        super().__init__(message)
        self.message = message
        self.category = category


class DeliveryFailed(Exception):
    """A POST that did not get a 2xx answer; ``category`` says how, without detail."""

    def __init__(self, category: str, status: int | None = None):
        super().__init__(category)
        self.category = category
        self.status = status


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # ASCII: an IDN in its punycode form; an IPv6 literal without brackets
    port: int
    path: str  # with the query string

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def parse_target(url: str) -> Target:
    """The scheme, host, port and path a webhook URL names, or TargetRefused if
    it is not an http(s) URL on a port that speaks HTTP."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # an unclosed IPv6 bracket or a port that is not a number
        raise TargetRefused("This is not a valid URL.", "URL not allowed") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise TargetRefused("Webhooks are sent over http:// or https:// only.", "URL not allowed")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(
            "The URL must not hold a user name or password: receivers check the "
            "signature made with the secret instead.",
            "URL not allowed",
        )
    if not parts.hostname:
        raise TargetRefused("The URL has no host name.", "URL not allowed")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise TargetRefused(
            f"{parts.hostname!r} is not a valid host name.", "URL not allowed"
        ) from None
    port = DEFAULT_PORTS[scheme] if port is None else port
    if port in BLOCKED_PORTS:
        raise TargetRefused(
            f"Port {port} belongs to another service than HTTP; use the receiver's web port.",
            "URL not allowed",
        )
    path = f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"
    # Spaces, control and non-ASCII characters percent-encoded (as UTF-8), the
    # rest as it was typed: an HTTP request line holds nothing else.
    return Target(scheme, host, port, quote(path, safe=PRINTABLE_ASCII))


def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host``, in the order the system's resolver gives them.

    Every connection a webhook makes goes to one of these, after checking; tests
    put a fake DNS here."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(answer[4][0] for answer in answers))


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (IPv4-mapped, 6to4, Teredo, NAT64)."""
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_kind(address: IPAddress) -> str | None:
    """What makes ``address`` unfit for a webhook ("loopback", "private", …),
    or None for a public address."""
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "link-local"
        if address in LOCAL_NAT64_PREFIX:
            return "private"
        inner = embedded_ipv4(address)
        if inner is not None and (kind := address_kind(inner)):
            return kind
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("shared (carrier-grade NAT)", address in SHARED_ADDRESS_SPACE),
    ):
        if flag:
            return kind
    # Documentation, benchmarking and other special-purpose ranges.
    return None if address.is_global else "special-purpose"


def refusal(address: IPAddress) -> str | None:
    """The kind of address ``address`` is if this site may not send to it."""
    kind = address_kind(address)
    if kind is None or (kind != "cloud metadata" and settings.CAREERS_WEBHOOKS_ALLOW_PRIVATE):
        return None
    return kind


def checked_addresses(target: Target) -> list[IPAddress]:
    """Every address ``target.host`` resolves to, once; TargetRefused if there is
    none or any of them is refused (a host that also names a private address
    is refused, whichever address a connection would pick)."""
    try:
        literal = ipaddress.ip_address(target.host)
    except ValueError:
        try:
            found = resolve(target.host, target.port)
        except (OSError, UnicodeError):
            raise TargetRefused(
                f"{target.host} could not be resolved: check the host name.",
                "DNS lookup failed",
            ) from None
        addresses = [ipaddress.ip_address(found_address) for found_address in found]
        name = f"{target.host} resolves to"
    else:
        addresses = [literal]
        name = "The URL points to"
    if not addresses:
        raise TargetRefused(f"{target.host} has no address.", "DNS lookup failed")
    for address in addresses:
        if kind := refusal(address):
            article = "an" if kind[0] in "aeiou" else "a"
            inner = embedded_ipv4(address) if address.version == 6 else None
            shown = f"{address}, that is {inner}" if inner else address
            raise TargetRefused(f"{name} {article} {kind} address ({shown}).")
    return addresses


def validate_webhook_url(url: str) -> None:
    """The endpoint's URL validator: the same checks as every delivery makes."""
    try:
        checked_addresses(parse_target(url))
    except TargetRefused as refused:
        raise ValidationError(refused.message, code="webhook_target") from None


def connection_pool(target: Target, address: IPAddress, timeout: float):
    """A pool of one connection to ``address``, speaking to ``target.host``."""
    options = {
        "host": str(address),
        "port": target.port,
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if target.scheme == "http":
        return urllib3.HTTPConnectionPool(**options)
    # The certificate is checked against the host name, which is also sent as
    # SNI, against the system's trusted authorities (SSL_CERT_FILE overrides).
    return urllib3.HTTPSConnectionPool(
        **options,
        cert_reqs="CERT_REQUIRED",
        server_hostname=target.host,
        assert_hostname=target.host,
    )


def failure_category(error: Exception) -> str:
    """How a request failed, in words that name no host, port or system message."""
    if isinstance(error, urllib3.exceptions.MaxRetryError) and error.reason is not None:
        error = error.reason
    if isinstance(error, urllib3.exceptions.SSLError):
        return "TLS error"
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        if isinstance(error.__cause__, ConnectionRefusedError):
            return "connection refused"
        if isinstance(error.__cause__, TimeoutError):
            return "timeout"
        return "connection failed"
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return "timeout"
    return "connection failed"


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST ``body`` to ``url``, on a checked address, following no redirect.

    Returns the 2xx status; raises TargetRefused for a URL or address that is
    not allowed and DeliveryFailed for anything else that is not a 2xx."""
    target = parse_target(url)
    addresses = checked_addresses(target)
    error: Exception | None = None
    for address in addresses:
        with connection_pool(target, address, timeout) as pool:
            try:
                response = pool.urlopen(
                    "POST",
                    target.path,
                    body=body,
                    headers={**headers, "Host": target.host_header},
                    redirect=False,
                    preload_content=False,
                )
            except urllib3.exceptions.NewConnectionError as connect_error:
                # Nothing was sent: the next address of the host may answer.
                error = connect_error
                continue
            except urllib3.exceptions.HTTPError as request_error:
                error = request_error
                break
            status = response.status
            response.close()  # the body is not read: receivers answer with the status
        if 200 <= status < 300:
            return status
        if 300 <= status < 400:
            raise DeliveryFailed(f"HTTP {status} redirect (not followed)", status)
        raise DeliveryFailed(f"HTTP {status}", status)
    logger.info("Webhook request to %s failed: %r", target.host, error)
    raise DeliveryFailed(failure_category(error)) from error
