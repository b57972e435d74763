"""A message's content laid out twice: as plain text, complete on its own, and as HTML for mail readers.

Both forms say the same things in the same order: the trip first (who, where, when, the days left,
its status), why the message is sent, the law in one line per duty, the acknowledgement link, the
evidence, the sources, the route map with its legend, then the details. The HTML is styled inline (mail
readers drop style sheets) and fits a phone: one narrow column, images and the button shrink with
it, long words wrap. Jinja escapes every value, so report text cannot add markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment

FOOTER = "This message reports what public sources say; it is not a finding. Please verify before acting."


@dataclass(frozen=True)
class Source:
    """One report behind the trip, as a reader checks it: the outlet, its headline, when, and the link."""

    published: str  # "2024-08-29 09:00 UTC", or "undated"
    outlet: str
    title: str
    url: str | None  # None for a replayed file: its path on this machine is no link for a reader

    def line(self) -> str:
        link = f" <{self.url}>" if self.url else " (a replayed file)"
        return f"{self.published} {self.outlet}: {self.title}{link}"


@dataclass(frozen=True)
class Evidence:
    """The sentence a claim rests on, with how it was read."""

    modality: str
    confidence: float
    outlet: str
    sentence: str
    rule: str

    def line(self) -> str:
        return f"{self.modality}, {self.confidence:.2f}, {self.outlet}: “{self.sentence}” ({self.rule})"


@dataclass(frozen=True)
class Legend:
    """What the colours of the route map mean: (CSS colour, words) per entry."""

    entries: list[tuple[str, str]]


@dataclass(frozen=True)
class Letter:
    """Everything one message says, before it is laid out."""

    kind: str  # "Good offices alert", "Update", … : the label above the title
    title: str  # "Vladimir Putin → Mongolia"
    trip: str  # the first line: when, the days left, the status
    opening: list[str]  # why the message is sent: a sentence, the changes after it, then the rest
    law: list[str]  # one line per duty on the day
    details: list[str]  # the reports' status, the explanation, warrants, past findings
    evidence: list[Evidence]
    sources: list[Source]
    changes: list[str] = field(default_factory=list)
    confidence: str | None = None
    why_heading: str | None = None
    why: list[str] = field(default_factory=list)
    ack: str | None = None  # the signed acknowledgement link
    closing: list[str] = field(default_factory=list)
    legend: Legend | None = None


def plain(letter: Letter) -> str:
    """The text part: every fact of the HTML part, links written out."""
    lines = [letter.trip, *letter.opening[:1], *(f"- {c}" for c in letter.changes), *letter.opening[1:], ""]
    lines += [*letter.details[:1], *letter.law, *letter.details[1:], ""]
    if letter.confidence:
        lines.append(f"Confidence: {letter.confidence}.")
    if letter.evidence:
        lines += ["Evidence:", *(f"- {e.line()}" for e in letter.evidence), ""]
    if letter.why:
        lines += [f"{letter.why_heading}:", *(f"- {w}" for w in letter.why), ""]
    lines += ["Sources:", *(f"- {s.line()}" for s in letter.sources), ""]
    if letter.ack:
        lines += [f"Acknowledge (stops the reminders): {letter.ack}", ""]
    lines += [*letter.closing, FOOTER]
    return "\n".join(lines) + "\n"


def html(letter: Letter, subject: str, image: str | None) -> str:
    """The HTML part; `image` is the map's `cid:` URL, or None when there is no map."""
    return _TEMPLATE.render(letter=letter, subject=subject, image=image, footer=FOOTER)


TEXT = "color:#1a1a1a;font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.45"
_TEMPLATE = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ subject }}</title>
</head>
<body style="margin:0;padding:0;background:#f2f4f7">
<div style="max-width:640px;margin:0 auto;padding:16px;background:#ffffff;box-sizing:border-box;\
overflow-wrap:anywhere;word-break:break-word;{{ text }}">
<p style="margin:0 0 4px;font-size:13px;color:#555">{{ letter.kind }}</p>
<h1 style="margin:0 0 8px;font-size:22px;line-height:1.25">{{ letter.title }}</h1>
<p id="trip" style="margin:0 0 12px;font-weight:bold">{{ letter.trip }}</p>
<p style="margin:0 0 12px">{{ letter.opening[0] }}</p>
{% if letter.changes %}
<ul style="margin:0 0 12px;padding-left:20px">{% for c in letter.changes %}<li>{{ c }}</li>{% endfor %}</ul>
{% endif %}
{% for line in letter.opening[1:] %}
<p style="margin:0 0 12px">{{ line }}</p>
{% endfor %}
<h2 style="margin:20px 0 8px;font-size:18px">The law on the day</h2>
{% for line in letter.law %}
<p class="law" style="margin:0 0 8px">{{ line }}</p>
{% endfor %}
{% if letter.ack %}
<p style="margin:20px 0"><a id="ack" href="{{ letter.ack }}" style="display:inline-block;max-width:100%;\
box-sizing:border-box;padding:12px 20px;border-radius:4px;background:#1f3b73;color:#ffffff;font-weight:bold;\
text-decoration:none;text-align:center">Acknowledge this alert</a><br>
<span style="font-size:13px;color:#555">It tells the others you take this in hand and stops the reminders.</span></p>
{% endif %}
{% if letter.evidence %}
<h2 style="margin:20px 0 8px;font-size:18px">Evidence</h2>
{% if letter.confidence %}<p style="margin:0 0 8px">Confidence: {{ letter.confidence }}.</p>{% endif %}
<ul style="margin:0 0 12px;padding-left:20px">
{% for e in letter.evidence %}
<li style="margin-bottom:6px">“{{ e.sentence }}”<br><span style="font-size:13px;color:#555">{{ e.outlet }}: \
{{ e.modality }}, {{ "%.2f"|format(e.confidence) }} ({{ e.rule }})</span></li>
{% endfor %}
</ul>
{% endif %}
<h2 style="margin:20px 0 8px;font-size:18px">Sources</h2>
<ul id="sources" style="margin:0 0 12px;padding-left:20px">
{% for s in letter.sources %}
<li style="margin-bottom:6px"><strong>{{ s.outlet }}</strong>, {{ s.published }}<br>
{% if s.url %}<a href="{{ s.url }}" style="color:#1f3b73">{{ s.title or s.url }}</a>\
{% else %}{{ s.title }} (a replayed file){% endif %}</li>
{% endfor %}
</ul>
{% if image %}
<h2 style="margin:20px 0 8px;font-size:18px">The route</h2>
<img src="{{ image }}" width="480" alt="Map of the route and the duty to arrest of the states in view" \
style="display:block;width:100%;max-width:480px;height:auto;border:1px solid #ccc">
{% if letter.legend %}
<p id="legend" style="margin:6px 0 12px;font-size:13px;color:#333">
{% for colour, words in letter.legend.entries %}
<span style="display:inline-block;margin-right:12px;white-space:nowrap"><span style="display:inline-block;\
width:12px;height:12px;vertical-align:middle;border:1px solid #808080;background:{{ colour }}"></span> \
{{ words }}</span>
{% endfor %}
</p>
{% endif %}
{% endif %}
<h2 style="margin:20px 0 8px;font-size:18px">Details</h2>
{% for line in letter.details %}
<p style="margin:0 0 8px">{{ line }}</p>
{% endfor %}
{% if letter.why %}
<p style="margin:12px 0 4px">{{ letter.why_heading }}:</p>
<ul style="margin:0 0 12px;padding-left:20px">{% for w in letter.why %}<li>{{ w }}</li>{% endfor %}</ul>
{% endif %}
{% for line in letter.closing %}
<p style="margin:12px 0 0">{{ line }}</p>
{% endfor %}
<p style="margin:20px 0 0;font-size:13px;color:#555">{{ footer }}</p>
</div>
</body>
</html>
""",
    globals={"text": TEXT},
)
