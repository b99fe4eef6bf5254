"""The client's address for django-axes' lock-out, as the proxies in front of gunicorn saw it."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR with no proxy; with PROXY_COUNT proxies, the address the outermost one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    the entry PROXY_COUNT places from the right was written by our own outermost proxy;
    anything further left came from the client and could be forged.
    """
    count = settings.PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
