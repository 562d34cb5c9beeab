"""Files sent to someone Concord has already let see them: attachments, compilations, an input's PDF."""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def protected_file(file, *, filename, content_type):
    """The file as a download (`file`: a stored file field, or a path under MEDIA_ROOT).

    With MEDIA_ACCEL_REDIRECT set (behind deploy/nginx/concord.conf), nginx sends a file that lies in MEDIA_ROOT
    itself and the worker is free at once; otherwise, and for files in object storage, Django streams it. Either
    way it is an attachment, never sniffed for another type, and kept by no shared cache.
    """
    path = _local_path(file)
    if settings.MEDIA_ACCEL_REDIRECT and path is not None:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + quote(path.as_posix())
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        opened = file.open("rb")
        response = FileResponse(opened, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _local_path(file) -> Path | None:
    """The file's path relative to MEDIA_ROOT, if it is on this disk, in MEDIA_ROOT; else None."""
    try:
        absolute = Path(file if isinstance(file, Path) else file.path).resolve()
    except NotImplementedError:  # object storage
        return None
    try:
        return absolute.relative_to(Path(settings.MEDIA_ROOT).resolve())
    except ValueError:
        return None
