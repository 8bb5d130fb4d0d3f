"""The build's size reductions: they remove only what they mean to (issue #15's page-weight budgets)."""

from __future__ import annotations

from pathlib import Path

import material

from scripts import minify

THEME_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def theme_sheet(prefix: str) -> str:
    (path,) = THEME_CSS.glob(f"{prefix}.*.min.css")
    return path.read_text(encoding="utf-8")


def test_pruning_nothing_gives_back_the_theme_stylesheets_unchanged():
    for prefix in ("main", "palette"):
        css = theme_sheet(prefix)
        assert minify.prune_rules(css, lambda selector: False) == css, prefix


def test_only_the_unused_colours_and_right_to_left_rules_go():
    palette = minify.prune_palette(theme_sheet("palette"), {"indigo"})
    assert "[data-md-color-primary=indigo]" in palette and "[data-md-color-accent=indigo]" in palette
    assert "[data-md-color-primary=red]" not in palette and "[data-md-color-accent=pink]" not in palette
    assert "[data-md-color-scheme=slate]" in palette, "the dark scheme stays"
    main = minify.prune_rtl(theme_sheet("main"))
    assert "[dir=rtl]" not in main and "[dir=ltr]" in main
    assert main.count("{") == main.count("}")


def test_a_rule_keeps_its_other_selectors_and_strings_and_groups_are_respected():
    css = ('@media screen{a,[dir=rtl] b{color:red}[dir=rtl] c{x:1}}:is(d,[dir=rtl] e){content:"}{,"}'
           '@keyframes k{0%{opacity:0}}')
    assert minify.prune_rtl(css) == '@media screen{a{color:red}}:is(d,[dir=rtl] e){content:"}{,"}@keyframes k{0%{opacity:0}}'


def test_comments_and_indentation_go_but_not_preformatted_text():
    assert minify.minify_css("/* why */\na {\n  color: red;\n}\n") == "a{color: red}\n"
    assert minify.minify_js("/* why */\n(function () {\n    go();\n})();\n") == "(function () {\ngo();\n})();\n"
    html = "<div>\n    <p>a</p>\n</div><pre>\n    kept\n</pre>"
    assert minify.minify_html(html) == "<div>\n<p>a</p>\n</div><pre>\n    kept\n</pre>"


def test_only_selectors_naming_a_class_no_page_or_script_uses_go():
    css = ".used a,.unused b{x:1}.unused{y:2}:not(.unused) p{z:3}.md-typeset .admonition{w:4}"
    assert minify.prune_unused(css, ['<p class="used">', "el.classList.add('md-typeset')"]) == \
        ".used a{x:1}:not(.unused) p{z:3}"
    # A page that starts using a feature keeps its styles.
    assert ".admonition" in minify.prune_unused(css, ['<div class="md-typeset"><div class="admonition">'])


def test_styles_of_classes_the_theme_script_would_create_go_only_when_nothing_can_call_them_up():
    css = ".md-tooltip{a:1}.md-tooltip2__inner{b:2}.md-code__button{c:3}.md-typeset{d:4}"
    bundle = ['x("div",{class:"md-tooltip2__inner md-typeset"});"md-tooltip";"md-code__button"']
    plain = minify.classes_never_created(["navigation.tabs"], ["<p>no code, no previews</p>"])
    assert plain == ("md-tooltip", "md-annotation", "md-code__")
    assert minify.prune_unused(css, bundle, plain) == ".md-typeset{d:4}"
    # A feature turned on, or a page with a code block, keeps what it needs.
    assert minify.classes_never_created(["content.tooltips"], ["<p></p>"]) == ("md-annotation", "md-code__")
    assert minify.classes_never_created([], ["<pre><code>x</code></pre>"]) == ()
    assert minify.prune_unused(css, bundle) == css


def test_custom_properties_nothing_reads_go_and_the_rest_stay():
    css = (":root{--unused-icon:url('data:image/svg+xml;charset=utf-8,<svg a=\"1;\"/>');--read:1;"
           "--set-by-script:2;--other-sheet:3}@media screen{a{--gone:0;color:var(--read)}}b{--last:1}")
    texts = ["el.style.setProperty('--set-by-script', 4)", "p{color:var(--other-sheet)}"]
    assert minify.prune_unused_properties(css, texts) == \
        ":root{--read:1;--set-by-script:2;--other-sheet:3}@media screen{a{color:var(--read)}}b{}"


def test_every_custom_property_the_built_sheets_read_is_still_defined(site):
    # Catches an over-eager pruning: a var() with nothing behind it silently falls back to nothing.
    import re

    sheets = [p.read_text(encoding="utf-8") for p in site.glob("assets/**/*.css")]
    defined = {name for css in sheets for name in re.findall(r"(?<=[{;])(--[\w-]+):", css)}
    # The theme's scripts set some (tooltip and tab indicator positions) on elements at run time.
    defined |= {name for js in site.glob("assets/**/*.js") for name in re.findall(r"--[\w-]+", js.read_text("utf-8"))}
    read = {name for css in sheets for name in re.findall(r"var\((--[\w-]+)\)", css)}
    assert read and read <= defined, sorted(read - defined)


def test_a_pruned_stylesheet_gets_a_new_fingerprint_and_every_page_follows(tmp_path):
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    old = sheets / "main.0123abcd.min.css"
    old.write_text("a{x:1}b{y:2}", encoding="utf-8")
    page = tmp_path / "en" / "index.html"
    page.parent.mkdir()
    page.write_text('<link href="../assets/stylesheets/main.0123abcd.min.css">', encoding="utf-8")
    minify.rewrite_fingerprinted(tmp_path, old, "a{x:1}")
    (new,) = sheets.glob("main.*.min.css")
    assert new.name != old.name and new.read_text(encoding="utf-8") == "a{x:1}"
    assert new.name in page.read_text(encoding="utf-8") and old.name not in page.read_text(encoding="utf-8")
