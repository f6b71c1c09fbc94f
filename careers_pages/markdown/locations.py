"""The `locations:` and `remote_countries:` front matter keys of Careers
Markdown: read from the parsed YAML, and written back in canonical form.

Kept apart from the parser so that other front matter keys can be added beside
it without touching this code. No Django here."""

from __future__ import annotations

from collections.abc import Callable

from .document import CareersFormatError, Location

LOCATION_KEYS = ("city", "region", "country")
FRONT_MATTER_KEYS = ("locations", "remote_countries")

ErrorFactory = Callable[[str, int], CareersFormatError]


def country_code(value: object) -> str | None:
    """``value`` as an ISO 3166-1 alpha-2 code (``de`` → ``DE``), or None if it
    is not two ASCII letters."""
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    if len(code) == 2 and code.isascii() and code.isalpha():
        return code
    return None


def read_locations(data: dict, line: int, error: ErrorFactory) -> list[Location] | None:
    """`locations: [{city, region, country}]`; country is required."""
    value = data.get("locations")
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise error("'locations' must be a list of {city, region, country}", line)
    locations = []
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            raise error(f"location {number} must hold 'city', 'region' and 'country' keys", line)
        unknown = sorted(set(map(str, entry)) - set(LOCATION_KEYS))
        if unknown:
            raise error(
                f"unknown key '{unknown[0]}' in location {number}; "
                f"known keys: {', '.join(LOCATION_KEYS)}",
                line,
            )
        texts = {}
        for key in ("city", "region"):
            text = entry.get(key)
            if text is not None and not isinstance(text, str):
                raise error(f"location {number} '{key}' must be text, not {text!r}", line)
            texts[key] = (text or "").strip()
        country = country_code(entry.get("country"))
        if country is None:
            raise error(
                f"location {number} 'country' must be an ISO 3166-1 alpha-2 code such as DE, "
                f"not {entry.get('country')!r}",
                line,
            )
        locations.append(Location(texts["city"], texts["region"], country))
    return locations


def read_remote_countries(data: dict, line: int, error: ErrorFactory) -> list[str] | None:
    """`remote_countries: [DE, FR]`: where remote applicants may live."""
    value = data.get("remote_countries")
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise error("'remote_countries' must be a list of ISO codes such as [DE, FR]", line)
    codes = []
    for item in value:
        code = country_code(item)
        if code is None:
            raise error(
                f"'remote_countries' holds {item!r}; use ISO 3166-1 alpha-2 codes such as DE",
                line,
            )
        if code not in codes:
            codes.append(code)
    return codes


def locations_front_matter(
    locations: list[Location] | None, remote_countries: list[str] | None
) -> dict:
    """The two keys as the renderer writes them (only those that are set)."""
    data: dict = {}
    if locations:
        data["locations"] = [
            {k: getattr(loc, k) for k in LOCATION_KEYS if getattr(loc, k)} for loc in locations
        ]
    if remote_countries:
        data["remote_countries"] = list(remote_countries)
    return data
