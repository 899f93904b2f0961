import logging

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from .lookup import count_hit, find_redirect, names_a_page

logger = logging.getLogger(__name__)


class RedirectMiddleware:
    """Answers old addresses with a 301 to the page that replaced them.

    Only a 404 is looked up, so pages that exist cost nothing. The one
    exception is the site root with a WordPress page query (``/?p=123``):
    the root is never a 404 (the language middleware sends it to
    ``/en/``), so there the old address is looked up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        at_root = request.path == "/" and names_a_page(request.GET)
        if at_root and (response := self._redirect(request)):
            return response
        response = self.get_response(request)
        if response.status_code == 404:
            return self._redirect(request) or response
        return response

    def _redirect(self, request):
        try:
            redirect = find_redirect(request.path, request.GET)
            if redirect is None:
                return None
            count_hit(redirect)
        except DatabaseError:
            # A failed lookup leaves the page as it was (a 404, or the
            # root's language redirect) rather than making it an error.
            logger.exception("Redirect lookup failed for %s", request.path)
            return None
        return HttpResponsePermanentRedirect(redirect.new_path)
