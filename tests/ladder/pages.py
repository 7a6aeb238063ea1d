"""Read rendered pages the way a user or a browser would, with the standard html.parser."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

HEADING = re.compile(r"^h([1-6])$")
BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
UNLABELLED_INPUT_TYPES = {"hidden", "submit"}
NOT_SUBMITTED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


def _html(page):
    """Return the HTML of a test-client response, or the string given."""
    return page.content.decode() if hasattr(page, "content") else page


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "head"}:
            self.skipping += 1
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "head"}:
            self.skipping -= 1
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(page):
    """Return the visible text of a page with tags dropped and whitespace collapsed."""
    parser = _TextParser()
    parser.feed(_html(page))
    parser.close()
    return " ".join("".join(parser.parts).split())


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.open = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.open.append([dict(attrs).get("href"), []])

    def handle_endtag(self, tag):
        if tag == "a" and self.open:
            href, text = self.open.pop()
            self.links.append((href, " ".join("".join(text).split())))

    def handle_data(self, data):
        for _, text in self.open:
            text.append(data)


def links(page):
    """Return every link on a page as (href, visible text)."""
    parser = _LinkParser()
    parser.feed(_html(page))
    parser.close()
    return parser.links


@dataclass
class _Field:
    tag: str
    attrs: dict
    inside_label: bool


@dataclass
class PageStructure:
    title: str = ""
    headings: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    label_targets: set = field(default_factory=set)

    def problems(self):
        """Return what a screen-reader user would trip over: no title, bad headings, no labels."""
        found = []
        if not self.title.strip():
            found.append("the page has no <title>")
        levels = [level for level, _ in self.headings]
        if levels.count(1) != 1:
            found.append(f"the page has {levels.count(1)} <h1> elements, not one")
        previous = 0
        for level, text in self.headings:
            if level > previous + 1:
                found.append(
                    f"<h{level}> {text!r} follows <h{previous}>: a heading level is skipped"
                )
            previous = level
        for item in self.fields:
            if item.tag == "input" and item.attrs.get("type", "text") in UNLABELLED_INPUT_TYPES:
                continue
            labelled = (
                item.inside_label
                or item.attrs.get("id") in self.label_targets
                or (item.attrs.get("aria-label") or "").strip()
                or item.attrs.get("aria-labelledby")
            )
            if not labelled:
                found.append(f"<{item.tag} name={item.attrs.get('name')!r}> has no label")
        return found


class _StructureParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.structure = PageStructure()
        self.in_title = False
        self.heading = None
        self.labels_open = 0

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "title":
            self.in_title = True
        elif HEADING.match(tag):
            self.heading = [int(tag[1]), []]
        elif tag == "label":
            self.labels_open += 1
            if attrs.get("for"):
                self.structure.label_targets.add(attrs["for"])
        elif tag in {"input", "select", "textarea"}:
            self.structure.fields.append(_Field(tag, attrs, self.labels_open > 0))

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif HEADING.match(tag) and self.heading:
            level, text = self.heading
            self.structure.headings.append((level, " ".join("".join(text).split())))
            self.heading = None
        elif tag == "label":
            self.labels_open = max(0, self.labels_open - 1)

    def handle_data(self, data):
        if self.in_title:
            self.structure.title += data
        if self.heading:
            self.heading[1].append(data)


def page_structure(page):
    """Return the title, headings in document order, and form fields of a page."""
    parser = _StructureParser()
    parser.feed(_html(page))
    parser.close()
    return parser.structure


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self.select = None
        self.textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = {name: "" if value is None else value for name, value in attrs}
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        name = attrs.get("name")
        if not self.inside:
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in NOT_SUBMITTED_INPUT_TYPES:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        elif tag == "select" and name:
            self.select = {
                "name": name,
                "multiple": "multiple" in attrs,
                "first": None,
                "chosen": [],
            }
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = [name, []]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            for value in chosen:
                self._add(self.select["name"], value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            value = "".join(text)
            # Browsers drop the newline Django writes right after <textarea>.
            self._add(name, value[1:] if value.startswith("\n") else value)
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)


def form_data(page, form_id):
    """Return what a browser would submit from the form with this id, unchanged.

    Values are lists, as the test client accepts them; templates for new inline rows
    (names with "__prefix__") are left out, as the admin's JavaScript never submits them.
    """
    parser = _FormParser(form_id)
    parser.feed(_html(page))
    parser.close()
    if not parser.data:
        raise AssertionError(f"no form with id {form_id!r} on the page")
    return {name: values for name, values in parser.data.items() if "__prefix__" not in name}
