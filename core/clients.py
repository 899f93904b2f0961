from django.conf import settings


def client_ip(request):
    """The visitor's address, for per-client limits (login lockout, signup
    rate limit).

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appending to
    X-Forwarded-For, the client is the entry that many places from the end;
    anything further left was written by the client and can't be trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
