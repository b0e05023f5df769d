"""Markdown typed by staff (通知公告, 常见问题) rendered to HTML that is safe to show anyone.

Two well-kept libraries, one after the other (docs/decisions/0019-markdown.md):

1. ``markdown-it-py`` (CommonMark) with raw HTML switched off: ``<script>`` typed into the text is
   shown as text, never passed through;
2. ``nh3`` (the Ammonia sanitiser) on the result, with a short list of tags and attributes and only
   ``http``, ``https`` and ``mailto`` links: whatever the renderer might let through (a
   ``javascript:`` link, an event handler) is removed here.

Closed network (SPEC §10): an image is drawn only when its address is a path on this server
(``/static/…``, ``/notices/attachments/…``); any other image becomes a link with its description,
so a page never makes the reader's browser fetch anything from outside.
"""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
                      "th": {"style"}, "td": {"style"}}
URL_SCHEMES = {"http", "https", "mailto"}
#: A path on this server: one slash, then not a second slash or backslash (``//host`` and ``/\host``
#: are addresses elsewhere for browsers).
_LOCAL_PATH = re.compile(r"^/(?![/\\])")


def _image(self, tokens, idx, options, env):
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    if _LOCAL_PATH.match(src):
        return f'<img src="{escape(src)}" alt="{escape(alt)}">'
    # an image from elsewhere is not loaded: a link to it, labelled with its description
    return f'<a href="{escape(src)}">［图片：{escape(alt or src)}］</a>'


_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_md.add_render_rule("image", _image)


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src" and not _LOCAL_PATH.match(value):
        return None
    if attr == "style":  # only the column alignment markdown-it writes on table cells
        return value if value in ("text-align:left", "text-align:center", "text-align:right") else None
    return value


def markdown_render(text: str) -> SafeString:
    """HTML for the Markdown ``text`` (CommonMark with tables and strikethrough), sanitised.

    ``text``: what staff typed (any string; ``None`` is taken as empty). Raw HTML in it is shown as
    text; links keep only ``http``/``https``/``mailto`` addresses (``javascript:`` and the like are
    dropped, the link text stays) and get ``rel="noopener noreferrer nofollow"``; images are drawn
    only from paths on this server. Never raises for any input. Returns a string safe to insert
    into a template unescaped.
    """
    html = _md.render(text or "")
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow", strip_comments=True,
        clean_content_tags={"script", "style"},
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def markdown_plain(text: str, *, limit: int = 120) -> str:
    """The Markdown ``text`` as plain text (tags removed, spaces collapsed), cut to ``limit``
    characters with an ellipsis: for lists and search results."""
    plain = nh3.clean(_md.render(text or ""), tags=set())
    from html import unescape

    plain = re.sub(r"\s+", " ", unescape(plain)).strip()
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"
