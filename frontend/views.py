"""The reference frontend: the careers pages, rendered on the server from the
careers API's JSON, exactly as a separate frontend would receive it."""

from __future__ import annotations

import json
import re

from django.http import HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import resolve
from django.utils.safestring import SafeString, mark_safe

from api.preview import private_preview
from careers_pages.markdown import EMPLOYMENT_TYPE_LABELS
from careers_pages.pay import range_text

from .careers_api import get_careers_index, get_posting, get_preview

# A Wagtail slug: one path segment of letters, digits, underscores and hyphens.
POSTING_SLUG = re.compile(r"^[\w-]+$")


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
    if is_under(current, index_url) and request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])

    if current == index_url:
        return render_index(request, index.data)
    slug = current[len(index_url.rstrip("/")) + 1 :] if is_under(current, index_url) else ""
    if POSTING_SLUG.match(slug):
        posting = get_posting(request, slug)
        if posting.ok:
            return render_posting(request, index.data, posting.data)
    success = index.data.get("success")
    if success and current == success["url"]:
        return render_success(request, index.data, success)
    if is_under(current, index_url):
        return render_not_found(request, index.data)
    return serve_wagtail_page(request)


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


def render_posting(request, index: dict, posting: dict, *, preview: bool = False):
    form = posting["application_form"]
    context = page_context(
        index,
        preview=preview,
        noindex=preview,
        lang=posting.get("locale") or index.get("locale") or "en",
        posting=posting,
        form=form,
        form_fields=[field_for_template(field) for field in form["fields"]],
        page_title=posting["seo_title"] or posting["title"],
        description=posting["search_description"] or posting["description"],
        structured_data=script_json(posting["structured_data"])
        if posting["structured_data"]
        else "",
        pay=pay_for_people(posting),
        employment_type=EMPLOYMENT_TYPE_LABELS.get(posting["employment_type"] or "", ""),
    )
    return render(request, "frontend/posting.html", context)


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


def field_for_template(field: dict) -> dict:
    """An application form field from the API, with the ids its label, hint and
    error message tie it together by."""
    field_id = f"field-{field['name']}"
    hint = resume_hint(field) if field["type"] == "file" else ""
    return {
        **field,
        "id": field_id,
        "hint": hint,
        "hint_id": f"{field_id}-hint" if hint else "",
        "error_id": f"{field_id}-error",
    }


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
