"""HTML to article text: blocks become lines; scripts, styles and page chrome are dropped; metadata kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose content is never article text.
_DROPPED = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "nav", "aside", "form", "button", "select", "textarea", "footer", "dialog",
}  # fmt: skip
# Elements that end a line of text.
_BLOCKS = {
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
    "section", "table", "td", "th", "tr", "ul", "caption", "summary", "details",
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"}
_DATE_META = {
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publishdate", "parsely-pub-date", "dc.date", "dc.date.issued", "sailthru.date",
}  # fmt: skip
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None
    published: str | None  # as written in the page; the caller parses it


def extract(html: str) -> HtmlArticle:
    """Pull the readable text out of an HTML page; prefer the <article> element when there is one."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = parser.article_lines if parser.article_lines else parser.lines
    text = "\n\n".join(line for line in lines if line)
    return HtmlArticle(text=text, title=parser.title, published=parser.published)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.article_lines: list[str] = []
        self.title: str | None = None  # the headline: the first <h1>, og:title, or <title>
        self._page_title: str | None = None
        self._og_title: str | None = None
        self.published: str | None = None
        self._buffer: list[str] = []
        self._dropped_depth = 0
        self._article_depth = 0
        self._in_title = False
        self._in_h1 = False
        self._h1: str | None = None
        self._title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            self._read_meta(attributes)
            return
        if tag == "time" and self.published is None and attributes.get("datetime"):
            self.published = attributes["datetime"].strip()
        if tag == "title":
            self._in_title = True
            return
        if tag in _VOID:
            if tag in _BLOCKS and not self._dropped_depth:
                self._end_line()
            return
        if tag in _DROPPED:
            self._dropped_depth += 1
            return
        if tag in _BLOCKS:
            self._end_line()
        if tag == "article":
            self._article_depth += 1
        if tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            title = _SPACES.sub(" ", "".join(self._title_parts)).strip()
            if title and self._page_title is None:
                self._page_title = title
            return
        if tag in _VOID:
            return
        if tag in _DROPPED:
            self._dropped_depth = max(0, self._dropped_depth - 1)
            return
        if tag in _BLOCKS:
            self._end_line()
        if tag == "article":
            self._article_depth = max(0, self._article_depth - 1)
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
            return
        if self._dropped_depth:
            return
        self._buffer.append(data)
        if self._in_h1 and self._h1 is None and data.strip():
            self._h1 = data.strip()

    def close(self) -> None:
        super().close()
        self._end_line()
        self.title = self._h1 or self._og_title or self._page_title

    def _read_meta(self, attributes: dict[str, str]) -> None:
        key = attributes.get("property") or attributes.get("name") or attributes.get("itemprop")
        content = attributes.get("content", "").strip()
        if not key or not content:
            return
        key = key.lower()
        if key in _DATE_META and self.published is None:
            self.published = content
        elif key == "og:title" and self._og_title is None:
            self._og_title = content

    def _end_line(self) -> None:
        line = _SPACES.sub(" ", "".join(self._buffer)).strip()
        self._buffer.clear()
        if not line:
            return
        self.lines.append(line)
        if self._article_depth:
            self.article_lines.append(line)
