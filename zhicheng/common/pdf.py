"""PDF from Django templates with WeasyPrint, for the e-certificate and the paper forms.

* Fonts: the system CJK fonts of Debian's ``fonts-noto-cjk`` ("Noto Serif CJK SC",
  "Noto Sans CJK SC"), found through fontconfig. WeasyPrint embeds a subset of each font used
  (``FontFile3``/``FontFile2``): never Type 3, and nothing is needed on the reader's side.
  ``documents/base_pdf.html`` sets them up; extend it.
* Closed network: resources may only be ``data:`` URIs or files under the project directory.
  Anything else (http, https, ftp, files elsewhere) is refused, so a template can never make
  the server fetch from outside.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string

CJK_SERIF = '"Noto Serif CJK SC", "Noto Serif SC"'
CJK_SANS = '"Noto Sans CJK SC", "Noto Sans SC"'


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self, root: Path, **kwargs):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, **kwargs)
            self._root = root.resolve()

        def fetch(self, url, headers=None):
            if url.lower().startswith("file:"):
                path = Path(unquote(urlparse(url).path)).resolve()
                if not path.is_relative_to(self._root):
                    raise ValueError(f"file outside the project refused: {path}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def render_pdf(template_name: str, context: dict | None = None, *, base_url: str | None = None) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes.

    ``base_url`` resolves relative URLs in the template (default: the project directory, so
    ``static/...`` paths work); only local files and ``data:`` URIs are ever loaded.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, {"CJK_SERIF": CJK_SERIF, "CJK_SANS": CJK_SANS, **(context or {})})
    root = Path(settings.BASE_DIR)
    fetcher = _fetcher_class()(root)
    document = HTML(string=html, base_url=base_url or str(root) + "/", url_fetcher=fetcher)
    return document.write_pdf()


def pdf_response(pdf: bytes, *, filename: str, inline: bool = False):
    """An HttpResponse for PDF bytes; ``filename`` may be Chinese (RFC 6266 encoding)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
