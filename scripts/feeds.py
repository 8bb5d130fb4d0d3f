"""An Atom feed of the corrections log, one per language, so others can follow what we fix."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from scripts.labels import label
from scripts.model import DataSet, localized, plain
from scripts.tables import publisher

ATOM = "http://www.w3.org/2005/Atom"


# Characters XML 1.0 cannot carry at all: ElementTree writes them as they are, and the feed would not
# parse. The loader refuses them in the data; this keeps a feed well-formed whatever reaches it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def corrections_feed(data: DataSet, language: str, site_url: str) -> str:
    """Atom XML, newest first; its `updated` is the newest correction (or the last check), never 'now'."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    root_url = urljoin(base, "en/" if language == "en" else "")
    page_url = urljoin(root_url, "corrections/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": language})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = label("feed.title", language, site=label("site_name", language))
    ET.SubElement(feed, f"{{{ATOM}}}id").text = urljoin(root_url, "corrections.xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": urljoin(root_url, "corrections.xml")})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": page_url})
    corrections = sorted(data.corrections, key=lambda c: (c.date, c.id), reverse=True)
    updated = corrections[0].date if corrections else data.meta.last_checked
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = label("feed.author", language, site=label("site_name", language))
    sources = data.by_id("sources")
    colon, none = label("colon", language), label("none", language)
    for c in corrections:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(plain(c.what[language]))
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{page_url}#correction-{c.id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": f"{page_url}#correction-{c.id}"})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(c.date)
        lines = [plain(c.what[language])]
        if c.old or c.new:
            lines.append(f"{label('old', language)}{colon} {localized(c.old, language) or none}")
            lines.append(f"{label('new', language)}{colon} {localized(c.new, language) or none}")
        lines += [f"{publisher(sources[s], language)}{colon} {sources[s].url or sources[s].title}" for s in c.sources]
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text("\n".join(lines))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
