"""The API's docs page: Swagger UI served from this server, under the strict CSP.

drf-spectacular's split view already sends the start-up script as a file of its own; this view
only swaps its page for one with no inline style, and drf-spectacular-sidecar serves Swagger
UI's files from our static files (no CDN).
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "handoff/api_docs.html"
    title = "Doorway API"
