"""Security headers on every response: a Content-Security-Policy as strict as Dash and Plotly allow, and the rest.

Each exception to ``default-src 'self'`` is explained where it is made and in docs/security.md.
"""

from __future__ import annotations

import dash
import flask

NO_STORE_PREFIXES = ("/_dash-update-component", "/_dash-layout", "/login")


def content_security_policy(script_hashes: list[str]) -> str:
    """The policy: only this server's own scripts, plus Dash's inline scripts by hash."""
    directives = {
        "default-src": ["'self'"],
        # Dash's renderer start-up and the clientside callbacks are inline scripts, allowed by their hashes only.
        "script-src": ["'self'", *script_hashes],
        # Dash, Plotly and MapLibre set style attributes and insert <style> elements at run time.
        "style-src": ["'self'", "'unsafe-inline'"],
        # Plotly draws legends and MapLibre its sprites from data: and blob: URLs it makes itself.
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        # MapLibre runs its tile and geometry work in a Web Worker built from a blob: URL.
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def install_security_headers(app: dash.Dash) -> None:
    """Add the headers to every response of ``app``'s server."""
    policies: dict[str, str] = {}  # the policy, worked out once the app has its callbacks

    def add_headers(response: flask.Response) -> flask.Response:
        if "policy" not in policies:
            policies["policy"] = content_security_policy(list(app.csp_hashes()))
        headers = response.headers
        headers["Content-Security-Policy"] = policies["policy"]
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        if flask.request.path.startswith(NO_STORE_PREFIXES) or response.mimetype == "text/html":
            # Partner figures and pages must not linger in a shared or browser cache after sign-out.
            headers["Cache-Control"] = "no-store"
        return response

    app.server.after_request(add_headers)
