from rest_framework.throttling import SimpleRateThrottle

from archive.client_ip import client_ip


class ClientAddressThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT requests per client address (as the proxies saw it), then 429 with
    Retry-After. Counted in the default cache: set REDIS_URL so that every worker shares it."""

    scope = "api"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
