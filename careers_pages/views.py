"""Admin views of the hiring inbox that Wagtail's generic views do not cover."""

from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.log_actions import log

from .models import Application

DOWNLOAD_RESUME_PERMISSION = "careers_pages.download_resume"
DOWNLOAD_RESUME_ACTION = "careers_pages.download_resume"


@require_GET
def download_resume(request, pk):
    """Send an application's resume from the private storage, as an attachment
    named as it was on the applicant's machine. Each download is logged."""
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

    response = FileResponse(
        file,
        as_attachment=True,
        filename=application.resume_filename or PurePosixPath(application.resume.name).name,
        # The type was recognised from the content on upload; never let a browser guess.
        content_type=application.resume_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    log(application, DOWNLOAD_RESUME_ACTION, user=request.user)
    return response
