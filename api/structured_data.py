"""schema.org ``JobPosting`` (JSON-LD) for Google for Jobs and other job boards,
built from the posting's API representation."""

from __future__ import annotations

from html import escape

from careers_pages import locations
from careers_pages.models import HiringOrganization, JobPostingPage


def _list_html(heading: str, items: list[dict]) -> str:
    return (
        f"<h3>{escape(heading)}</h3><ul>"
        + "".join(f"<li>{item['value']}</li>" for item in items)
        + "</ul>"
    )


def description_html(data: dict) -> str:
    """The posting's whole text as one HTML fragment, for job boards: overview,
    summary, and the two lists under their headings. ``data``: the API's posting."""
    return (
        data["overview"]
        + data["summary"]
        + _list_html("Responsibilities", data["responsibilities"])
        + _list_html("Qualifications", data["qualifications"])
    )


def _place(location) -> dict:
    address = {"@type": "PostalAddress"}
    if location.city:
        address["addressLocality"] = location.city
    if location.region:
        address["addressRegion"] = location.region
    address["addressCountry"] = location.country
    return {"@type": "Place", "address": address}


def job_posting(
    data: dict,
    posting: JobPostingPage,
    organization: HiringOrganization,
    base_url: str,
) -> dict:
    """The JSON-LD object of a posting. ``data`` is the posting as the API shows it.

    None while Settings → Hiring organization has no name: Google requires
    ``hiringOrganization``, and markup naming the wrong organization (the
    site's name) or none at all is worse than none; the admin warns meanwhile."""
    org_name = organization.name.strip()
    if not org_name:
        return None
    description = description_html(data)
    hiring_organization = {"@type": "Organization", "name": org_name}
    if organization.url:
        hiring_organization["sameAs"] = organization.url
    if organization.logo_url:
        hiring_organization["logo"] = organization.logo_url
    result: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": data["title"],
        "description": description,
        "identifier": {"@type": "PropertyValue", "name": org_name, "value": data["slug"]},
        "datePosted": (data["first_published_at"] or "")[:10] or None,
        "hiringOrganization": hiring_organization,
        "directApply": True,
        "url": f"{base_url}{data['url']}",
    }
    if posting.expire_at:
        result["validThrough"] = posting.expire_at.isoformat()
    if data["employment_type"]:
        result["employmentType"] = data["employment_type"]
    if locations.is_remote(posting):
        result["jobLocationType"] = "TELECOMMUTE"
        # Google requires at least one country for a remote job: those the
        # posting names, or for one open to anywhere the organization's
        # "remote applicants may live in" setting.
        countries = locations.remote_countries(posting) or organization.remote_countries()
        if countries:
            result["applicantLocationRequirements"] = [
                {"@type": "Country", "name": country} for country in countries
            ]
    places = [_place(location) for location in locations.posting_locations(posting)]
    if not places and not locations.is_remote(posting) and organization.address_country:
        places = [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressCountry": organization.address_country,
                },
            }
        ]
    if places:
        result["jobLocation"] = places if len(places) > 1 else places[0]
    amounts = [base_salary(salary) for salary in data["pay_ranges"]]
    if amounts:
        result["baseSalary"] = amounts if len(amounts) > 1 else amounts[0]
    return result


def base_salary(salary: dict) -> dict:
    """One pay range of the API as a ``MonetaryAmount`` with a numeric
    ``QuantitativeValue`` (``unitText`` HOUR, DAY, WEEK, MONTH or YEAR)."""
    value: dict = {"@type": "QuantitativeValue", "unitText": salary["interval"]}
    for bound, key in (("min", "minValue"), ("max", "maxValue")):
        if salary[bound] is not None:
            value[key] = salary[bound]
    if salary["min"] is not None and salary["min"] == salary["max"]:
        value = {"@type": "QuantitativeValue", "unitText": salary["interval"]}
        value["value"] = salary["min"]
    amount = {"@type": "MonetaryAmount", "currency": salary["currency"], "value": value}
    if salary["label"]:
        amount["name"] = salary["label"]
    return amount
