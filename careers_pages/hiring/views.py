"""Admin views of the hiring inbox that Wagtail's generic views do not cover."""

from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.log_actions import log

from .models import Application
from .resumes import RESUME_TYPES, resume_download_name

DOWNLOAD_RESUME_PERMISSION = "careers_hiring.download_resume"
# The log action keeps the name it was first logged under.
DOWNLOAD_RESUME_ACTION = "careers_pages.download_resume"


@require_GET
def download_resume(request, pk):
    """Send an application's resume from the private storage, as an attachment
    named after the applicant and the type its content was recognised as on upload
    (never the name the applicant chose, which could be "cv.pdf.bat"). Each
    download is logged."""
    # A real 403 rather than Wagtail's redirect to the dashboard: this is a file URL,
    # and checked before the lookup so it does not tell who has applied.
    if not request.user.has_perm(DOWNLOAD_RESUME_PERMISSION):
        return HttpResponseForbidden("You may not download resumes.")
    application = get_object_or_404(Application, pk=pk)
    if not application.resume:
        raise Http404("This application has no resume.")
    try:
        file = application.resume.open("rb")
    except FileNotFoundError:
        raise Http404("The resume file is missing.") from None

    content_type = application.resume_content_type
    if content_type not in RESUME_TYPES.values():
        content_type = "application/octet-stream"
    response = FileResponse(
        file,
        as_attachment=True,
        filename=resume_download_name(application.name, content_type),
        # The type was recognised from the content on upload; never let a browser guess.
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    log(application, DOWNLOAD_RESUME_ACTION, user=request.user)
    return response
