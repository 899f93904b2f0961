"""Content-Security-Policy (django-csp) and Permissions-Policy headers.

Visitor pages run only external scripts from our own origin (static/js/,
loaded with ``defer``); their JSON-LD blocks are data, which CSP does not
execute. The admin gets its own policy: CKEditor 5 sets inline styles on
the elements it draws and shows uploaded images from blob: URLs while they
upload. No page may run inline scripts. Images may also come from the
media store when MEDIA_URL is on another host (an S3 bucket or its CDN).
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from core.media_storage import media_origin

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)

STAFF_PATH_PREFIXES = ("/ckeditor5/",)


class SecurityHeadersMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(
            ("/" + settings.ADMIN_URL, *STAFF_PATH_PREFIXES)
        ):
            parts = PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                nonce=parts.nonce,
            )
        origin = media_origin(settings.MEDIA_URL)
        if origin:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", ()), origin]
            parts.update = update
        return parts
