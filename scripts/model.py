"""The data model of docs/data/colossus.yml: every figure the site shows, with its sources.

Pure pydantic v2 models. Structural rules (types, ranges, https URLs, both languages) live on
the models; rules that need the whole file (unique ids, cross-references, dates against their
"as of") live in `check_consistency`, which returns errors with their field path so that the
loader can point at the exact line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from functools import total_ordering
from typing import Annotated, Any, Iterator, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)

# Every language the site is written in, the default first (served at /; the others under /<code>/).
# mkdocs.yml names the same ones (tests/test_model.py checks it).
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _https(url: str) -> str:
    if not url.startswith("https://") or len(url) < len("https://a.b") or " " in url:
        raise ValueError("a well-formed https:// URL")
    return url


HttpsUrl = Annotated[str, AfterValidator(_https)]


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year (2024), the month (2024-10) or the day (2024-10-30).

    Sources often give only a month; writing it as the first of the month would invent a day.
    Dates sort by the first day they could be, a vaguer date before a precise one on that day.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Raises ValueError for a month or day that does not exist (2025-13, 2025-02-30).
        dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        """'2024', '2024-10' or '2024-10-30': also a valid HTML <time datetime> value."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    __str__ = isoformat

    def _key(self) -> tuple[dt.date, int]:
        return self.first_day(), _PRECISION_RANK[self.precision]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    @classmethod
    def parse(cls, value: Any) -> "PartialDate":
        """2024 (YAML reads it as a number), '2024-10', 2024-10-30 (YAML reads it as a date)."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        match = _PARTIAL.match(value) if isinstance(value, str) else None
        if not match:
            raise ValueError("expected a date YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls(year, month, day)
        except ValueError:
            raise ValueError(f"'{value}' is not a real date; expected YYYY, YYYY-MM or YYYY-MM-DD") from None


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (negative when end is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1 if months > 0 else 0
    return months


def _parse_partial(value: Any) -> PartialDate:
    return PartialDate.parse(value)


PartialDateField = Annotated[
    PartialDate,
    PlainValidator(_parse_partial),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                              {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}],
                    "description": "a year (2024), a month (2024-10) or a day (2024-10-30)"}),
]


class Strict(BaseModel):
    """Unknown keys are typos: reject them rather than silently ignore them."""

    # Validators are built on first validation, not at import: code that only imports the model
    # (a chart or table test) does not pay for them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# Words quoted in the other language, inside a text: "comprendre « [en|what the hell is going on] »".
# Pages mark them with lang (screen readers switch voice, spell checks skip them); plain-text outputs
# (feeds, chart titles, CSV, tooltips) keep the words without the brackets.
OTHER_LANGUAGE = re.compile(rf"\[({'|'.join(LANGUAGES)})\|([^\[\]|]+)\]")


def plain(text: str) -> str:
    """A text without its other-language markers."""
    return OTHER_LANGUAGE.sub(r"\2", text)


class Text(Strict):
    """Reader-facing text, written natively in each language."""

    fr: NonEmpty
    en: NonEmpty

    def __getitem__(self, language: str) -> str:
        return getattr(self, language)

    @model_validator(mode="after")
    def _markers_name_the_other_language(self) -> "Text":
        for language in LANGUAGES:
            text = self[language]
            for match in OTHER_LANGUAGE.finditer(text):
                if match.group(1) == language:
                    raise ValueError(f"'{language}' text marks '[{language}|…]': only words in the other "
                                     "language are marked")
            if re.search(rf"\[({'|'.join(LANGUAGES)})\|", OTHER_LANGUAGE.sub("", text)):
                raise ValueError(f"'{language}' text has an unclosed '[en|…]' or '[fr|…]' marker")
        return self


# Words that make a one-string name a description, which a French reader would meet in English.
DESCRIPTIVE = re.compile(r"\b(?:clusters?|training run|per GPU)\b"
                         r"|\([^)]*\b(?:copy|citing|quoting|summar\w*|excerpt|mirror|reprint|syndicat\w*|edition|"
                         r"press release|reported by|distributed by|notes)\b[^)]*\)", re.I)


def _proper_name(value: str) -> str:
    if DESCRIPTIVE.search(value):
        raise ValueError("this name describes (it reads as English): give it as {fr: …, en: …}, or keep the "
                         "proper name and say what the publication is in publisher_note")
    return value


def _name_form(value: Any) -> str:
    return "bilingual-text" if isinstance(value, (dict, Text)) else "proper-name"


# A name: a proper name stays one string, the same in both languages ("H100 SXM", "Reuters"); a
# descriptive name is a Text written in each language ("GB200 (per GPU)" / « GB200 (par GPU) »).
# Discriminated, so that a broken name gets one message (the Text's), not one per form.
Name = Annotated[Annotated[NonEmpty, AfterValidator(_proper_name), Tag("proper-name")]
                 | Annotated[Text, Tag("bilingual-text")],
                 Discriminator(_name_form)]


def localized(value: "str | Text | None", language: str) -> str:
    """A Name (or Text) as the reader of `language` reads it."""
    if value is None:
        return ""
    return value if isinstance(value, str) else value[language]


class Record(Strict):
    """A record of the file. `editors_note` is for editors only: no page, feed or download shows it."""

    editors_note: NonEmpty | None = None


class StatementKind(str, Enum):
    """What kind of statement a figure is; tables show it so a claim never reads as a measurement."""

    official = "official"  # vendor datasheet, regulator, filing
    claim = "claim"  # said by an interested party (the company, its owner)
    press = "press"  # reported by the press
    estimate = "estimate"  # an analyst's or our own estimate


# A total or a series is only as solid as its weakest part: a claimed count makes the total a claim.
WEAKEST_FIRST = (StatementKind.claim, StatementKind.estimate, StatementKind.press, StatementKind.official)


class SourceKind(str, Enum):
    official = "official"
    company = "company"
    advocacy = "advocacy"  # an advocacy group or another party to a dispute: an interested party too
    press = "press"
    analyst = "analyst"
    reference = "reference"
    original = "original"  # the article this site started from


class Reliability(str, Enum):
    reputable = "reputable"
    weak = "weak"  # a copy, an aggregator or an unknown site: what it alone says is shown as unconfirmed


class Source(Record):
    id: Id
    url: HttpsUrl | None = None
    publisher: Name
    # What the publication is, when readers need it: « copie de Reuters », "personal technical notes".
    publisher_note: Text | None = None
    title: NonEmpty
    published: PartialDateField | None = None  # as precise as the source says
    accessed: dt.date
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    kind: SourceKind
    reliability: Reliability = Reliability.reputable
    note: Text | None = None

    @model_validator(mode="after")
    def _url_unless_original(self) -> "Source":
        if self.url is None and self.kind is not SourceKind.original:
            raise ValueError("url is required (only the original article may have none)")
        return self


def _figure_from_scalar(value: Any) -> Any:
    """A plain number is shorthand for a figure that inherits its row's sources and date."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"value": value}
    return value


class FigureDetail(Record):
    value: Annotated[float, Field(ge=0)]
    low: Annotated[float, Field(ge=0)] | None = None  # for a range ("at least", "about")
    approx: bool = False
    kind: StatementKind | None = None
    sources: list[Id] = Field(default_factory=list)
    as_of: dt.date | None = None
    note: Text | None = None


Figure = Annotated[FigureDetail, BeforeValidator(_figure_from_scalar)]


class Row(Record):
    """Every row names its sources and the date its figures were true: the collections of Rows are
    the ones whose rows carry figures (FIGURE_COLLECTIONS)."""

    id: Id
    sources: Annotated[list[Id], Field(min_length=1)]
    as_of: dt.date
    kind: StatementKind


class Chip(Row):
    name: Name
    vendor: NonEmpty
    architecture: NonEmpty
    memory_gb: Figure
    memory_type: NonEmpty
    bandwidth_tb_s: Figure
    bf16_dense_tflops: Figure
    fp8_dense_tflops: Figure | None = None
    power_w: Figure | None = None
    note: Text | None = None


class ClusterStatus(str, Enum):
    operational = "operational"
    partial = "partial"
    under_construction = "under_construction"
    planned = "planned"


class GpuCount(Strict):
    chip: Id
    count: Figure


class Cluster(Row):
    name: Name
    operator: Name
    location: Text
    status: ClusterStatus
    date: PartialDateField  # when this stage was reached or reported, as precisely as known
    builds_on: Id | None = None  # the earlier stage this one extends
    gpus: Annotated[list[GpuCount], Field(min_length=1)]
    power_mw: Figure | None = None
    cost_usd: Figure | None = None  # an estimate of what this stage cost; its kind says whose estimate
    is_xai: bool = False
    note: Text | None = None

    @property
    def total_gpus(self) -> float:
        """Every chip of this stage, all kinds together."""
        return sum(g.count.value for g in self.gpus)

    def peak_eflops(self, chips: dict[str, Chip]) -> float:
        """Theoretical peak dense BF16: chip count times the datasheet figure, in EFLOP/s."""
        return sum(g.count.value * chips[g.chip].bf16_dense_tflops.value for g in self.gpus) / 1e6

    @property
    def count_kind(self) -> StatementKind:
        """What kind of statement the chip total is: the weakest of its counts' kinds."""
        kinds = {g.count.kind or self.kind for g in self.gpus}
        return next(k for k in WEAKEST_FIRST if k in kinds)


class Yardstick(Row):
    """An everyday unit that puts a big figure in familiar terms (a home's yearly electricity use)."""

    name: Text
    value: Figure
    unit: NonEmpty
    note: Text | None = None


HOURS_PER_YEAR = 8760  # 365 days × 24 hours: a data centre runs day and night


def homes_equivalent(power_mw: float, kwh_per_home_year: float) -> float:
    """How many average homes use, over a year, what `power_mw` drawn round the clock uses."""
    if kwh_per_home_year <= 0:
        raise ValueError("a home's yearly consumption must be positive")
    return power_mw * 1000 * HOURS_PER_YEAR / kwh_per_home_year


def round_homes(value: float) -> float:
    """To the nearest thousand: the inputs are not more precise than that."""
    return round(value / 1000) * 1000


class Model(Row):
    name: NonEmpty
    announced: dt.date | None = None
    released: dt.date
    availability: Text
    parameters_billion: Figure | None = None
    trained_on: Id | None = None  # a cluster id
    training_note: Text | None = None
    open_weights: "OpenWeights | None" = None
    note: Text | None = None


class OpenWeights(Strict):
    released: dt.date
    licence: NonEmpty
    sources: Annotated[list[Id], Field(min_length=1)]


class FundingKind(str, Enum):
    equity = "equity"
    debt = "debt"
    merger = "merger"
    investment = "investment"


class Funding(Row):
    date: dt.date
    type: FundingKind
    label: Text
    amount_usd: Figure | None = None
    valuation_usd: Figure | None = None
    investors: list[NonEmpty] = Field(default_factory=list)
    note: Text | None = None


class EventCategory(str, Enum):
    colossus = "colossus"
    grok = "grok"
    company = "company"
    power = "power"


class Event(Record):
    id: Id
    date: PartialDateField  # as precise as the sources are: 2024, 2024-10 or 2024-10-30
    category: EventCategory
    text: Text
    sources: Annotated[list[Id], Field(min_length=1)]


class Announcement(Record):
    """A promise set against its delivery."""

    id: Id
    who: Name
    announced: dt.date
    promise: Text
    due: dt.date  # the last day of the promised period
    delivered: dt.date | None = None
    target_gpus: Annotated[float, Field(ge=0)] | None = None  # the chip count promised, when there is one
    outcome: Text
    sources: Annotated[list[Id], Field(min_length=1)]
    as_of: dt.date

    @property
    def months_late(self) -> int:
        """Whole months between the deadline and the delivery (or the latest source, if not kept)."""
        return months_between(self.due, self.delivered or self.as_of)


class Verdict(str, Enum):
    accurate = "accurate"
    accurate_at_the_time = "accurate_at_the_time"
    outdated = "outdated"
    inaccurate = "inaccurate"
    disputed = "disputed"
    unverifiable = "unverifiable"


class Claim(Record):
    id: Id
    quote: NonEmpty  # the original article's words, in French
    claim: Text
    verdict: Verdict
    explanation: Text
    sources: Annotated[list[Id], Field(min_length=1)]
    # The sources, among `sources`, that confirm or refute the claim independently of whoever made it
    # (not the claimant, not a company speaking for itself, not a weak site): the verdict rules need them.
    independent: list[Id] = Field(default_factory=list)
    as_of: dt.date


class Meta(Strict):
    title: Text
    last_checked: dt.date
    coverage: Text  # up to when the sources reach


class DataSet(Strict):
    meta: Meta
    sources: Annotated[list[Source], Field(min_length=1)]
    chips: list[Chip]
    clusters: list[Cluster]
    models: list[Model]
    funding: list[Funding]
    events: list[Event]
    announcements: list[Announcement]
    claims: list[Claim]
    yardsticks: list[Yardstick] = Field(default_factory=list)
    # Correction is defined below: the figure ids it names are built from FIGURE_COLLECTIONS.
    corrections: list[Correction] = Field(default_factory=list)

    # The data set is frozen, so each index is built once and kept (renderers ask thousands of times).
    # Each index remembers the list it was built from: a model_copy(update=...) shares this dict
    # with the original, and must not be answered from the original's rows.
    _indexes: dict[str, tuple[list, dict[str, Any]]] = PrivateAttr(default_factory=dict)

    def by_id(self, collection: str) -> dict[str, Any]:
        rows = getattr(self, collection)
        cached = self._indexes.get(collection)
        if cached is None or cached[0] is not rows:
            cached = self._indexes[collection] = (rows, {item.id: item for item in rows})
        return cached[1]

    def first_stage(self, cluster: Cluster) -> Cluster:
        """The first stage of the site a cluster stage builds on: a site's stages share it."""
        clusters = self.by_id("clusters")
        while cluster.builds_on and cluster.builds_on in clusters:
            cluster = clusters[cluster.builds_on]
        return cluster

    def latest_stages(self) -> list[Cluster]:
        """The latest stage of each site (the stages no other stage builds on), in the file's order."""
        superseded = {c.builds_on for c in self.clusters if c.builds_on}
        return [c for c in self.clusters if c.id not in superseded]


def _row_type(collection: str) -> Any:
    """The class of a collection's rows, from the data set's field (list[Chip] -> Chip); None while
    the field's annotation is not resolved yet (corrections, until DataSet.model_rebuild below)."""
    annotation = DataSet.model_fields[collection].annotation
    return get_args(annotation)[0] if get_origin(annotation) is list else None


# The data file's collections, in the file's order: the data set's list fields.
COLLECTIONS = tuple(name for name in DataSet.model_fields if name != "meta")
# The collections whose rows carry figures (numbers with a kind, sources and a date): lists of Rows.
FIGURE_COLLECTIONS = tuple(name for name in COLLECTIONS
                           if isinstance(_row_type(name), type) and issubclass(_row_type(name), Row))
# The collections that state facts, which pages may quote (data:value) and whose sources are judged:
# all but the sources, which describe them, and the corrections, which log our own changes.
FACT_COLLECTIONS = tuple(name for name in COLLECTIONS if name not in ("sources", "corrections"))


# A figure's id (scripts/figure_ids.py): collection.row-id.field, e.g. clusters.colossus-1-2024-09.power_mw
FIGURE_ID_PATTERN = rf"^({'|'.join(FIGURE_COLLECTIONS)})\.[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9_]+(?:\.[a-z0-9-]+)?$"
FigureId = Annotated[str, StringConstraints(pattern=FIGURE_ID_PATTERN)]


class Correction(Record):
    id: Id
    date: dt.date
    page: NonEmpty
    figure: FigureId | None = None  # the figure corrected: its earlier values show on the figures page
    what: Text
    old: Name | None = None
    new: Name | None = None
    sources: Annotated[list[Id], Field(min_length=1)]


Model.model_rebuild()
DataSet.model_rebuild()
# The class of each collection's rows: {"chips": Chip, ...}.
ROW_TYPES: dict[str, type] = {name: _row_type(name) for name in COLLECTIONS}


def for_readers(dumped: Any) -> Any:
    """A model_dump() as readers download it: no `editors_note`, texts without their [en|…] markers."""
    if isinstance(dumped, dict):
        return {k: for_readers(v) for k, v in dumped.items() if k != "editors_note"}
    if isinstance(dumped, list):
        return [for_readers(v) for v in dumped]
    return plain(dumped) if isinstance(dumped, str) else dumped

Path = tuple[str | int, ...]


def _walk_source_refs(obj: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Yield (path, id) for every source reference anywhere below obj."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name == "sources" and isinstance(value, list) and not isinstance(obj, DataSet):
                for i, ref in enumerate(value):
                    yield path + (name, i), ref
            else:
                yield from _walk_source_refs(value, path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk_source_refs(item, path + (i,))


def walk_figures(obj: Any, path: Path) -> Iterator[tuple[Path, FigureDetail]]:
    if isinstance(obj, FigureDetail):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from walk_figures(getattr(obj, name), path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from walk_figures(item, path + (i,))



def check_consistency(data: DataSet) -> list[tuple[Path, str]]:
    """Rules that span the file. Returns (field path, message) pairs; empty when all is well."""
    errors: list[tuple[Path, str]] = []

    for collection in COLLECTIONS:
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(data, collection)):
            if item.id in seen:
                errors.append(((collection, i, "id"),
                               f"duplicate id '{item.id}' (already used by {collection}[{seen[item.id]}])"))
            else:
                seen[item.id] = i

    source_ids = {s.id for s in data.sources}
    for path, ref in _walk_source_refs(data, ()):
        if ref not in source_ids:
            errors.append((path, f"unknown source id '{ref}'; expected one of the ids under 'sources'"))

    chip_ids = {c.id for c in data.chips}
    cluster_ids = {c.id for c in data.clusters}
    for i, cluster in enumerate(data.clusters):
        for j, gpu in enumerate(cluster.gpus):
            if gpu.chip not in chip_ids:
                errors.append((("clusters", i, "gpus", j, "chip"),
                               f"unknown chip id '{gpu.chip}'; expected one of the ids under 'chips'"))
        if cluster.builds_on is not None and cluster.builds_on not in cluster_ids:
            errors.append((("clusters", i, "builds_on"),
                           f"unknown cluster id '{cluster.builds_on}'; expected one of the ids under 'clusters'"))
        if cluster.builds_on == cluster.id:
            errors.append((("clusters", i, "builds_on"), "a stage cannot build on itself"))
        if cluster.date.first_day() > cluster.as_of:
            errors.append((("clusters", i, "date"),
                           f"date {cluster.date} is after the row's as_of {cluster.as_of}"))
    for i, model in enumerate(data.models):
        if model.trained_on is not None and model.trained_on not in cluster_ids:
            errors.append((("models", i, "trained_on"),
                           f"unknown cluster id '{model.trained_on}'; expected one of the ids under 'clusters'"))
        if model.released > model.as_of:
            errors.append((("models", i, "released"),
                           f"date {model.released} is after the row's as_of {model.as_of}"))
        if model.announced and model.announced > model.released:
            errors.append((("models", i, "announced"), "announced after it was released"))
    for i, row in enumerate(data.funding):
        if row.date > row.as_of:
            errors.append((("funding", i, "date"), f"date {row.date} is after the row's as_of {row.as_of}"))
    for i, a in enumerate(data.announcements):
        if a.due < a.announced:
            errors.append((("announcements", i, "due"), "due before it was announced"))
        if a.delivered and a.delivered > a.as_of:
            errors.append((("announcements", i, "delivered"),
                           f"date {a.delivered} is after the row's as_of {a.as_of}"))

    for i, claim in enumerate(data.claims):
        for j, ref in enumerate(claim.independent):
            if ref not in claim.sources:
                errors.append((("claims", i, "independent", j),
                               f"'{ref}' is not among this claim's sources; list it under 'sources' too"))

    from scripts.figure_ids import all_figures  # it builds on this module

    figure_ids = {ref.id for ref in all_figures(data)}
    for i, correction in enumerate(data.corrections):
        if correction.figure is not None and correction.figure not in figure_ids:
            errors.append((("corrections", i, "figure"),
                           f"unknown figure id '{correction.figure}'; expected collection.row-id.field "
                           "of a figure in this file, e.g. clusters.colossus-1-2024-09.power_mw"))

    for collection in FIGURE_COLLECTIONS:
        for i, row in enumerate(getattr(data, collection)):
            for path, fig in walk_figures(row, (collection, i)):
                if fig.as_of and fig.as_of > data.meta.last_checked:
                    errors.append((path + ("as_of",),
                                   f"as_of {fig.as_of} is after meta.last_checked {data.meta.last_checked}"))
                if fig.low is not None and fig.low > fig.value:
                    errors.append((path + ("low",), "low end of the range is above its value"))
            if row.as_of > data.meta.last_checked:
                errors.append(((collection, i, "as_of"),
                               f"as_of {row.as_of} is after meta.last_checked {data.meta.last_checked}"))
    return errors
