"""MkDocs glue: a thin adapter over the pure functions in scripts/.

mkdocs-static-i18n runs every event once per language in the same process, so nothing is kept
at module level: the validated data lives on the config object.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

# MkDocs imports this file by path; make the `scripts` package importable next to it.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import csp, minify, parity, site_fixes, social, staging, translations  # noqa: E402
from scripts.build_cache import cache_root  # noqa: E402
from scripts.charts import ChartRenderer  # noqa: E402
from scripts.correction_links import LinkContext, annotate  # noqa: E402
from scripts.export import write_exports  # noqa: E402
from scripts.labels import CatalogueError, catalogue, catalogue_problems, label, template_words  # noqa: E402
from scripts.feeds import corrections_feed  # noqa: E402
from scripts.load_data import DataFileError, load_dataset  # noqa: E402
from scripts.html_stash import plain_text, swap_standins, unstash  # noqa: E402
from scripts.markers import MarkerError, render_markers  # noqa: E402
from scripts.model import DEFAULT_LANGUAGE, LANGUAGES  # noqa: E402
from scripts.verdicts import verdict_problems  # noqa: E402
from scripts.page_extras import (abbreviations, checked_line, front_matter_lines, prose_words,  # noqa: E402
                                 reading_minutes)


def _data_path(config) -> Path:
    return Path(config.docs_dir) / config.extra["data_file"]


def on_startup(command, dirty):
    csp.enforced = command != "serve"  # the dev server's live-reload script is inline
    staging.enabled = not dirty


def on_config(config):
    # Validate before anything is written: a broken file stops the build here. The English build
    # runs inside the French one on the same config object, so the data is loaded once per build.
    if "dataset" not in config.extra:
        try:  # the interface words first: every page needs them
            problems = catalogue_problems(catalogue())
        except CatalogueError as exc:
            raise PluginError(str(exc)) from None
        if problems:
            raise PluginError("The word catalogues (scripts/words/) are inconsistent:\n  " + "\n  ".join(problems))
        try:
            config.extra["dataset"] = load_dataset(_data_path(config))
        except DataFileError as exc:
            raise PluginError(str(exc)) from None
        # The fact-check's verdict rules hold for every claim, or the site is not published.
        problems = verdict_problems(config.extra["dataset"])
        if problems:
            raise PluginError(f"{_data_path(config)}: verdicts that break the fact-check's rules:\n  "
                              + "\n  ".join(problems))
    config.extra["charts"] = ChartRenderer(cache_root() / "charts")
    # Dates MkDocs writes (sitemap lastmod, gzip headers) follow the data's last check, not the clock,
    # so two builds of the same commit are byte-identical unless the caller sets the epoch itself.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime.combine(
        config.extra["dataset"].meta.last_checked, dt.time(), tzinfo=dt.timezone.utc).timestamp())))
    if staging.enabled and "site_target" not in config.extra:  # outer build: write elsewhere until all succeeded
        config.extra["site_target"] = config.site_dir
        config.site_dir = str(staging.staging_for(Path(config.site_dir)))
    return config


def on_pre_build(config):
    # Each language's build, after mkdocs-static-i18n has set its language: the headings' permalink
    # title (Python-Markdown's toc, configured once in mkdocs.yml) in the language being built.
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = label("permalink", config.theme["language"])


def on_env(env, config, files):
    # The templates' words, in the language being built: {{ word('404.title') }}, or
    # {{ word('404.this_language', 'en') }} for a link written in the other language. An unknown key
    # stops the build (KeyError), where a dictionary lookup in Jinja would print nothing.
    env.globals["word"] = template_words(config.theme["language"])
    return env


def on_build_error(error):
    # The previous site stays as it was; the half-written one goes.
    staging.discard_all()


def on_files(files, config):
    pages = [f.src_uri for f in files.documentation_pages()]
    problems = translations.missing_translations(pages)
    if problems:
        raise PluginError("Every page must exist in French and English:\n  " + "\n  ".join(problems))
    problems = parity.site_problems(Path(config.docs_dir), pages)
    if problems:
        raise PluginError("Both languages of a page must have the same sections and well-formed markers:\n  "
                          + "\n  ".join(problems))
    return files


def on_page_markdown(markdown, page, config, files):
    language = config.theme["language"]
    data = config.extra["dataset"]
    src = f"docs/{page.file.src_uri}"
    source = page.file.content_string

    links = LinkContext(config.repo_url, config.site_url + page.url)
    blocks: list[str] = []  # put back into the HTML in on_page_content
    try:
        text = render_markers(markdown, data, language, src, config.extra["charts"].render,
                              line_offset=front_matter_lines(source, markdown), stash=blocks, links=links)
        # Inline values are read like the words around them; tables and charts are not counted.
        inline = [html.unescape(plain_text(b)) if b.startswith(('<span class="data-value"', "<time")) else "" for b in blocks]
        minutes = reading_minutes(prose_words(text, inline))
        markdown = checked_line(text, page.meta, language, src, minutes)
        blocks = annotate(blocks, data, language, links)
    except (MarkerError, ValueError) as exc:
        raise PluginError(str(exc)) from None
    page.rendered_blocks = blocks
    return markdown + abbreviations(Path(config.docs_dir), language)


def on_page_content(html, page, config, files):
    # Tables and charts go in as plain-text stand-ins, which the search plugin indexes cheaply;
    # on_post_page swaps the full blocks in.
    return unstash(html, getattr(page, "rendered_blocks", []), standins=True)


def on_page_context(context, page, config, nav):
    # mkdocs-static-i18n sets the per-page links as an attribute of `extra`, not as a key.
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    # On home pages the plugin gives absolute paths (/site/en/), which break when the site is served
    # from another folder; make them relative to the site root like every other page's links.
    for alt in alternates:
        alt["link"] = site_fixes.site_relative(alt["link"], config.site_url)
    context["absolute_alternates"] = site_fixes.absolute_alternates(config.site_url, alternates)
    context["social_meta"] = _social_meta(page, config)
    return context


def _social_meta(page, config) -> str:
    """The page's link preview (Open Graph, Twitter card), in the language being built."""
    title = config.site_name if page.is_homepage else f"{page.title} — {config.site_name}"
    return _preview(config, title, page.meta.get("description") or config.site_description, page.canonical_url)


def on_template_context(context, template_name, config):
    # The 404 page is a template, not a page: it never reaches on_page_context. A link to a missing
    # address still deserves a preview, of the site itself in the language being built.
    if template_name == "404.html":
        home = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        if config.theme["language"] != DEFAULT_LANGUAGE:
            home += config.theme["language"] + "/"
        context["social_meta"] = _preview(config, config.site_name, config.site_description, home)
    return context


def _preview(config, title: str, description: str, url: str) -> str:
    site_name = config.site_name
    root = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    return social.meta_tags(title=title, description=description, url=url, language=config.theme["language"],
                            site_name=site_name, image_url=root + social.image_path(config.theme["language"]),
                            image_alt=f"{site_name} — {config.site_description}")


def on_post_page(output, page, config):
    try:
        return minify.minify_html(site_fixes.clean_theme_html(
            swap_standins(output, getattr(page, "rendered_blocks", [])), f"docs/{page.file.src_uri}"))
    except site_fixes.ThemeChanged as exc:
        raise PluginError(str(exc)) from None


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    try:
        return minify.minify_html(site_fixes.clean_theme_html(output_content, f"template {template_name}"))
    except site_fixes.ThemeChanged as exc:
        raise PluginError(str(exc)) from None


@event_priority(100)  # before mkdocs-static-i18n starts the next language's build
def keep_404_per_language(config):
    """Each language build writes the root 404.html; keep the French one, move the others."""
    language = config.theme["language"]
    site_dir = Path(config.site_dir)
    # Each language's link-preview picture, with its own site name and description.
    image = site_dir / social.image_path(language)
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(social.cached_image(config.site_name, config.site_description, cache_root() / "social"))
    if language == DEFAULT_LANGUAGE:
        config.extra["not_found_default"] = (site_dir / "404.html").read_bytes()
    else:
        site_fixes.move_404(site_dir, language)


@event_priority(-200)  # after mkdocs-static-i18n has built every language and merged the search index
def finish_site(config):
    if config.plugins["i18n"].building:
        # A nested per-language build: the outer build finishes the job once every language is written.
        return
    site_dir = Path(config.site_dir)
    try:
        site_fixes.split_search_index(site_dir, [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE])
    except site_fixes.ThemeChanged as exc:
        raise PluginError(str(exc)) from None
    (site_dir / "404.html").write_bytes(config.extra["not_found_default"])
    minify.minify_assets(site_dir, [*config.extra_css, *(str(s) for s in config.extra_javascript)])
    palettes = config.theme["palette"]
    colours = {p[k] for p in (palettes if isinstance(palettes, list) else [palettes]) for k in ("primary", "accent") if k in p}
    sheets = site_dir / "assets" / "stylesheets"
    for sheet in sorted(sheets.glob("palette.*.min.css")):
        minify.rewrite_fingerprinted(site_dir, sheet, minify.prune_palette(sheet.read_text(encoding="utf-8"), colours))
    pages = [p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))]
    texts = pages + [p.read_text(encoding="utf-8") for p in sorted((site_dir / "assets").rglob("*.js"))]
    never_created = minify.classes_never_created(list(config.theme.get("features") or []), pages)
    others = [p.read_text(encoding="utf-8") for p in sorted(site_dir.glob("assets/**/*.css"))
              if not p.name.startswith("main.")]
    for sheet in sorted(sheets.glob("main.*.min.css")):
        css = minify.prune_unused(minify.prune_rtl(sheet.read_text(encoding="utf-8")), texts, never_created)
        css = minify.prune_unused_properties(css, texts + others)
        minify.rewrite_fingerprinted(site_dir, sheet, css)
    data = config.extra["dataset"]
    write_exports(data, site_dir / "data")
    for language in LANGUAGES:
        folder = site_dir if language == DEFAULT_LANGUAGE else site_dir / language
        (folder / "corrections.xml").write_text(corrections_feed(data, language, config.site_url), encoding="utf-8")
    try:
        csp.apply_to_site(site_dir)  # last: the policy hashes each page's final inline scripts
    except ValueError as exc:
        raise PluginError(f"Content-Security-Policy: {exc}") from None
    target = config.extra.get("site_target")
    if target:
        config.site_dir = target  # what `gh-deploy` and callers read after the build
        if staging.warnings_counted():  # --strict aborts right after this event: keep the old site
            staging.discard(site_dir)
        else:
            staging.publish(site_dir, Path(target))


on_post_build = CombinedEvent(keep_404_per_language, finish_site)
