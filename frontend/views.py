"""The reference frontend: the careers pages, rendered on the server from the
careers API's JSON, exactly as a separate frontend would receive it."""

from __future__ import annotations

import json
import re
import uuid

from django.http import HttpResponseNotAllowed, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import resolve
from django.utils.dateparse import parse_date
from django.utils.safestring import SafeString, mark_safe

from api.preview import private_preview
from careers_pages.form_fields import SOURCE_FIELDS
from careers_pages.pay import range_text

from .careers_api import get_careers_index, get_posting, get_preview, post_application

# A Wagtail slug: one path segment of letters, digits, underscores and hyphens.
POSTING_SLUG = re.compile(r"^[\w-]+$")

# The hidden field holding the form's Idempotency-Key, sent again on a retry
# (a second click, a reload), so that a form sent twice is stored once.
SUBMISSION_KEY_FIELD = "submission_key"

# What a visitor is told, above the form, when the API refuses as a whole (the
# same words as the form's script).
APPLICATION_MESSAGES = {
    "fields": "Please correct the field marked below.",
    "several_fields": "Please correct the {count} fields marked below.",
    404: "This position is no longer open.",
    413: "The application is too large. Please attach a smaller resume.",
    422: "This form has been sent already. Please reload the page to send another application.",
    429: "Several applications have been sent from here in a short time. Please try again later.",
    503: "The application could not be stored just now. Please send it again in a moment.",
    "other": "Something went wrong. Please try again.",
}


def careers_page(request, path):
    """Serve the careers index, its postings and the page shown after applying
    at the paths the API names, a 404 for any other path under the index, and
    leave every path outside it to Wagtail."""
    token = request.GET.get("preview_token")
    if token and request.method in ("GET", "HEAD"):
        return render_preview(request, token)
    index = get_careers_index(request)
    if not index.ok:  # no published careers page: nothing here is ours
        return serve_wagtail_page(request)
    index_url = index.data["url"]
    current = request.path_info
    if current != "/" and current.endswith("/") and is_under(current.rstrip("/"), index_url):
        # The frontend's paths have no trailing slash; keep one address per page.
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(current.rstrip("/") + (f"?{query}" if query else ""))
    slug = current[len(index_url.rstrip("/")) + 1 :] if is_under(current, index_url) else ""
    success = index.data.get("success")
    is_success_page = bool(success) and current == success["url"]
    if is_under(current, index_url) and request.method not in ("GET", "HEAD"):
        if request.method == "POST" and POSTING_SLUG.match(slug) and not is_success_page:
            return apply(request, index.data, slug)
        return HttpResponseNotAllowed(["GET", "HEAD"])

    if current == index_url:
        return render_index(request, index.data)
    if POSTING_SLUG.match(slug):
        posting = get_posting(request, slug)
        if posting.ok:
            return render_posting(request, index.data, posting.data)
    if is_success_page:
        return render_success(request, index.data, success)
    if is_under(current, index_url):
        return render_not_found(request, index.data)
    return serve_wagtail_page(request)


def apply(request, index: dict, slug: str):
    """The application form sent without JavaScript (CSRF-protected, as every
    POST here): handed to the API's application endpoint in-process, so that
    the same checks, throttle and submit service apply, then the success page
    (303), or the posting again with each error beside its field and what was
    typed kept (but files, which a browser cannot be given back)."""
    posting = get_posting(request, slug)
    if not posting.ok:
        return render_not_found(request, index)
    result = post_application(
        request,
        slug,
        exclude=("csrfmiddlewaretoken", SUBMISSION_KEY_FIELD),
        idempotency_key=submission_key(request.POST.get(SUBMISSION_KEY_FIELD, "")),
    )
    if result.status == 201:
        response = HttpResponseRedirect(posting.data["application_form"]["success"]["url"])
        response.status_code = 303  # See Other: the browser GETs the success page
        return response
    errors = result.data if result.status in (400, 413) else {}
    status = 200 if result.status in (400, 413) else result.status
    return render_posting(
        request,
        index,
        posting.data,
        submitted=request.POST,
        errors=errors,
        general_error=APPLICATION_MESSAGES.get(result.status, APPLICATION_MESSAGES["other"]),
        status=status,
    )


def submission_key(value: str) -> str:
    """The form's key as sent, if it is one this page made (a UUID), else none."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def render_preview(request, token: str):
    """A draft from a preview link, at the page's own path; never cached or indexed."""
    slug = request.path_info.rstrip("/").rsplit("/", 1)[-1]
    preview = get_preview(request, token, slug)
    published_index = get_careers_index(request)
    if preview.ok and preview.page_type == "index":
        response = render_index(request, preview.data, preview=True)
    elif preview.ok:
        posting = preview.data
        index = (
            published_index.data
            if published_index.ok
            else {
                "url": posting["back_navigation"]["to"],
                "title": posting["back_navigation"]["label"],
                "locale": posting["locale"],
            }
        )
        response = render_posting(request, index, posting, preview=True)
    else:
        index = published_index.data if published_index.ok else {"url": "/", "title": ""}
        context = page_context(
            index,
            page_title="Preview unavailable",
            noindex=True,
            preview_error=preview.data.get("detail", "This preview link does not work."),
        )
        response = render(request, "frontend/preview_error.html", context, status=preview.status)
    return private_preview(response)


def is_under(path: str, index_url: str) -> bool:
    return path == index_url or path.startswith(index_url.rstrip("/") + "/")


def serve_wagtail_page(request):
    """What Wagtail's own page serving (mounted after this route) answers."""
    match = resolve(request.path_info, urlconf="wagtail.urls")  # Resolver404 is a 404
    return match.func(request, *match.args, **match.kwargs)


def page_context(careers_index: dict, **context) -> dict:
    return {
        "lang": careers_index.get("locale") or "en",
        "home_url": careers_index["url"],
        "home_label": careers_index["title"],
        **context,
    }


def render_index(request, index: dict, *, preview: bool = False):
    context = page_context(
        index,
        index=index,
        preview=preview,
        noindex=preview,
        page_title=index["seo_title"] or index["title"],
        description=index["search_description"] or index["hero"]["subheading"],
    )
    return render(request, "frontend/index.html", context)


def render_posting(
    request,
    index: dict,
    posting: dict,
    *,
    preview: bool = False,
    submitted=None,
    errors: dict | None = None,
    general_error: str = "",
    status: int = 200,
):
    """A posting with its application form; after a refused submission
    (``submitted``, the form as sent), with the API's ``errors`` beside their
    fields, the rest and ``general_error`` above the form."""
    form = posting["application_form"]
    errors = dict(errors or {})
    form_fields = [
        field_for_template(field, submitted, errors.pop(field["name"], None))
        for field in form["fields"]
    ]
    invalid = [field for field in form_fields if field["errors"]]
    if invalid:
        invalid[0]["autofocus"] = True  # where a script would move the focus
    messages = []
    if invalid:
        messages.append(
            APPLICATION_MESSAGES["fields"]
            if len(invalid) == 1
            else APPLICATION_MESSAGES["several_fields"].format(count=len(invalid))
        )
    # Errors of fields the visitor cannot see (the honeypot, the sources, a limit).
    messages += [" ".join(map(str, as_list(message))) for message in errors.values()]
    if submitted is not None and not messages:
        messages.append(general_error)
    query = submitted if submitted is not None else request.GET
    context = page_context(
        index,
        preview=preview,
        noindex=preview,
        lang=posting.get("locale") or index.get("locale") or "en",
        posting=posting,
        form=form,
        form_fields=form_fields,
        form_messages=messages,
        source_fields=source_fields(query),
        submission_key_field=SUBMISSION_KEY_FIELD,
        submission_key=uuid.uuid4(),
        page_title=posting["seo_title"] or posting["title"],
        description=posting["search_description"] or posting["description"],
        closing_date=parse_date(posting["valid_through"] or ""),
        structured_data=script_json(posting["structured_data"])
        if posting["structured_data"]
        else "",
        pay=pay_for_people(posting),
    )
    return render(request, "frontend/posting.html", context, status=status)


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def source_fields(query) -> list[dict]:
    """The form's hidden source fields (``source``, ``utm_*``), filled from the
    page's query (or the form as sent): a value the API would refuse (too
    long, a control character) is left out rather than sent."""
    fields = []
    for spec in SOURCE_FIELDS:
        value = query.get(spec.name, "")
        if len(value) > spec.max_length or not value.isprintable():
            value = ""
        fields.append({"name": spec.name, "value": value, "max_length": spec.max_length})
    return fields


def pay_for_people(posting: dict) -> list[dict]:
    """The posting's pay ranges as the page words them: ``{label, text}``,
    such as ``{"label": "Berlin", "text": "€60,000–€80,000 a year"}``."""
    return [
        {
            "label": salary["label"],
            "text": range_text(
                salary["min"], salary["max"], salary["currency"], salary["interval"]
            ),
        }
        for salary in posting["pay_ranges"]
    ]


def render_success(request, index: dict, success: dict):
    context = page_context(index, success=success, page_title=success["heading"], noindex=True)
    return render(request, "frontend/success.html", context)


def render_not_found(request, index: dict):
    context = page_context(index, page_title="Page not found", noindex=True)
    return render(request, "frontend/not_found.html", context, status=404)


def field_for_template(field: dict, submitted=None, errors=None) -> dict:
    """An application form field from the API, with the ids its label, hint and
    error message tie it together by; after a refused submission, with its
    ``errors`` and the value sent (``submitted``), a file's excepted."""
    field_id = f"field-{field['name']}"
    hint = resume_hint(field) if field["type"] == "file" else ""
    field = {
        **field,
        "id": field_id,
        "hint": hint,
        "hint_id": f"{field_id}-hint" if hint else "",
        "error_id": f"{field_id}-error",
        "errors": [str(message) for message in as_list(errors)] if errors else [],
    }
    if submitted is not None and not field.get("readonly") and field["type"] != "file":
        if field["type"] == "checkbox":
            field["checked"] = bool(submitted.get(field["name"]))
        else:
            field["value"] = submitted.get(field["name"], "")
    field["described_by"] = " ".join(
        filter(None, [field["hint_id"], field["error_id"] if field["errors"] else ""])
    )
    return field


def resume_hint(field: dict) -> str:
    """The file field's hint, such as 'PDF, DOC or TXT, up to 10.0 MB', from its
    accept and max_size."""
    extensions = [
        kind[1:].upper() for kind in field.get("accept", "").split(",") if kind[:1] == "."
    ]
    parts = []
    if extensions:
        parts.append(
            f"{', '.join(extensions[:-1])} or {extensions[-1]}"
            if len(extensions) > 1
            else extensions[0]
        )
    if field.get("max_size"):
        parts.append(f"up to {filesizeformat(field['max_size'])}")
    hint = ", ".join(parts)
    return hint[:1].upper() + hint[1:]


def script_json(data) -> SafeString:
    """JSON to place inside a <script> element: '<', '>' and '&' escaped, so no
    text in it (a "</script>" in a posting) can end the element early."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)
