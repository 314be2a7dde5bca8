"""publish.sanitize on ASTs that real pandoc reads from hostile Markdown, and on the HTML
that pandoc writes from what is left."""
from __future__ import annotations

import json
import re
from typing import Any

import pypandoc
import pytest

from publish.ast import elements, plain_text
from publish.sanitize import Removed, clean_fragment, sanitize


def parse(md: str) -> dict[str, Any]:
    return json.loads(pypandoc.convert_text(md, "json", format="markdown"))


def to_html(ast: dict[str, Any]) -> str:
    return pypandoc.convert_text(json.dumps(ast), "html", format="json")


def raws(ast: dict[str, Any]) -> list[str]:
    """Every raw node's format and content, as "format:content"."""
    return [f"{node['c'][0]}:{node['c'][1]}" for node in elements(ast, "RawInline", "RawBlock")]


def cleaned(md: str) -> tuple[dict[str, Any], list[str], str]:
    """md read by pandoc and sanitized: the AST, the descriptions and pandoc's HTML of it."""
    ast = parse(md)
    removed = sanitize(ast)
    assert all(isinstance(item, Removed) for item in removed)
    return ast, [item.what for item in removed], to_html(ast)


def words(ast: dict[str, Any]) -> str:
    """The words of every paragraph, a space between paragraphs."""
    return " ".join(plain_text(node) for node in elements(ast["blocks"], "Para", "Plain"))


def assert_inert(page: str) -> None:
    lowered = page.lower()
    for bad in ("<script", "onclick", "onerror", "onload", "javascript:", "<iframe", "<object",
                "<embed", "style=", "<style"):
        assert bad not in lowered, (bad, page)
    assert not re.search(r"""\s(src|poster|data)=["']?(https?:|//|ftp:)""", lowered), page


def test_a_script_block_goes_with_its_code() -> None:
    ast, what, page = cleaned("Before.\n\n<script>alert(1)</script>\n\nAfter.")
    assert what == ["a script"]
    assert raws(ast) == []
    assert "alert" not in page and words(ast) == "Before. After."
    assert_inert(page)


def test_a_script_in_a_sentence_goes_and_the_sentence_stays() -> None:
    _ast, what, page = cleaned("Hi there <script>alert(1)</script> friend")
    assert what == ["a script"]
    assert "alert" not in page and "Hi there" in page and "friend" in page
    assert_inert(page)


def test_a_script_split_across_inline_nodes_goes_with_the_words_between() -> None:
    ast, what, page = cleaned("Say `<script>`{=html}alert(1) now`</script>`{=html} hello")
    assert what == ["a script"]
    assert words(ast) == "Say hello"
    assert "alert" not in page
    assert_inert(page)


def test_the_split_script_the_brief_describes() -> None:
    para = {"t": "Para", "c": [{"t": "Str", "c": "Keep"}, {"t": "RawInline", "c": ["html", "<script>"]},
                               {"t": "Str", "c": "alert(1)"}, {"t": "Space"}, {"t": "Str", "c": "x"},
                               {"t": "RawInline", "c": ["html", "</script>"]}, {"t": "Str", "c": "this"}]}
    opening = para["c"][1]
    ast = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": [para]}
    assert sanitize(ast) == [Removed(opening, "a script")]
    assert para["c"] == [{"t": "Str", "c": "Keep"}, {"t": "Str", "c": "this"}]


def test_an_unclosed_script_tag_goes_and_the_words_after_it_stay() -> None:
    para = {"t": "Para", "c": [{"t": "RawInline", "c": ["html", "<script>"]}, {"t": "Str", "c": "words"}]}
    ast = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": [para]}
    assert [item.what for item in sanitize(ast)] == ["a script"]
    assert para["c"] == [{"t": "Str", "c": "words"}]


def test_a_javascript_link_in_html_keeps_its_words() -> None:
    ast, what, page = cleaned('Click <a href="javascript:alert(1)" onclick="x()">Click me</a> now')
    assert what == ["a javascript: link", "an onclick handler"]
    assert words(ast) == "Click Click me now"
    assert raws(ast) == ["html:<a>", "html:</a>"]
    assert_inert(page)


def test_a_javascript_link_in_markdown_becomes_its_words() -> None:
    ast, what, page = cleaned("[Click me](javascript:alert(1)) and [safe](https://example.com)")
    assert what == ["a javascript: link"]
    assert [node["t"] for node in elements(ast, "Link", "Span")] == ["Span", "Link"]
    assert elements(ast, "Span")[0]["c"][1] == [{"t": "Str", "c": "Click"}, {"t": "Space"}, {"t": "Str", "c": "me"}]
    assert "Click me" in page and 'href="https://example.com"' in page
    assert_inert(page)


@pytest.mark.parametrize("url", ["vbscript:msgbox(1)", "data:text/html,<b>x</b>", " JaVaScRiPt:alert(1)"])
def test_other_active_link_schemes_in_markdown(url: str) -> None:
    ast = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": [{"t": "Para", "c": [
        {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "x"}], [url, ""]]}]}]}
    what = [item.what for item in sanitize(ast)]
    assert len(what) == 1 and what[0].endswith(": link")
    assert elements(ast, "Link") == [] and words(ast) == "x"


def test_a_data_image_stays_and_a_data_page_image_goes() -> None:
    ast, what, _page = cleaned("![dot](data:image/png;base64,iVBORw0KGgo=)\n\n![page](data:text/html,hi)")
    assert what == ["an image with a data: address"]
    assert [node["c"][2][0] for node in elements(ast, "Image")] == ["data:image/png;base64,iVBORw0KGgo="]
    assert "page" in words(ast)


def test_a_remote_image_with_a_handler() -> None:
    ast, what, page = cleaned('A picture: <img src="https://example.com/t.png" onerror="x()" alt="A cat">')
    assert what == ["an image from the web", "an onerror handler"]
    assert raws(ast) == ['html:A cat']      # no edition can show it: its alt text stays, as for Markdown's
    assert_inert(page)


def test_a_raw_image_whose_file_is_missing_becomes_its_alt_text() -> None:
    ast = json.loads(pypandoc.convert_text('See <img src="fig/none.png" alt="The map"> here.', "json",
                                           format="markdown"))
    removed = sanitize(ast, image_exists=lambda src: False)
    assert [r.what for r in removed] == ["the missing image file fig/none.png"]
    assert raws(ast) == ["html:The map"]


def test_a_local_image_in_html_stays() -> None:
    ast, what, _page = cleaned('A picture: <img src="images/cat.png" alt="A cat">')
    assert what == []
    assert raws(ast) == ['html:<img src="images/cat.png" alt="A cat">']


def test_audio_from_the_web() -> None:
    _ast, what, page = cleaned('<audio src="https://x/a.mp3" controls></audio>\n\nText <audio src="//x/b.mp3"></audio> more')
    assert what == ["an audio element from the web", "an audio element from the web"]
    assert "a.mp3" not in page and "b.mp3" not in page and "Text" in page
    assert_inert(page)


def test_video_sources_and_poster_from_the_web() -> None:
    _ast, what, page = cleaned('<video controls poster="https://x/p.png">\n<source src="https://x/v.mp4">\n'
                              '<track src="ftp://x/c.vtt" kind="captions">\n</video>')
    assert what == ["a video poster from the web", "a media source from the web", "a text track from the web"]
    assert_inert(page)
    assert "x/" not in page


def test_an_iframe_goes_and_its_fallback_words_stay() -> None:
    _ast, what, page = cleaned('<iframe src="https://evil.example/">\nSee the map.\n</iframe>')
    assert what == ["an iframe"]
    assert "See the map." in page and "evil" not in page
    assert_inert(page)


def test_an_object_and_an_embed() -> None:
    ast, what, page = cleaned('<object data="https://x/movie.swf"></object>\n\n<embed src="https://x/a.swf">')
    assert what == ["an embedded object", "an embedded plugin"]
    assert raws(ast) == []
    assert_inert(page)


def test_a_faint_colour_goes_and_the_word_stays() -> None:
    ast, what, page = cleaned('A <span style="color:#777">grey</span> word.')
    assert what == ["a colour too faint to read (text #777777 on #ffffff on the light page has a contrast of "
                    "4.48:1, below 4.5:1)"]
    assert words(ast) == "A grey word."
    assert_inert(page)


def test_a_faint_colour_is_reported_by_its_own_rule() -> None:
    removed = sanitize(parse('A [grey]{style="color:#777"} word and <span style="color:#999">more</span>.'))
    assert [item.code for item in removed] == ["raw-colour-low-contrast", "raw-colour-low-contrast"]


@pytest.mark.parametrize("style", ["color:#1a1a1a", "color:#eeeeee", "background-color:#ffff00",
                                   "color:#fff; background-color:rgba(160, 0, 0, 0.5)"])
def test_a_colour_that_fails_on_either_page_goes(style: str) -> None:
    """Dark text fails on the dark page (#121212), light text on the white one, a half-transparent
    background over the white page too; only a pair that reads on both stays."""
    _ast, what, page = cleaned(f'A <span style="{style}">word</span>.')
    assert [w.split(" (")[0] for w in what] == ["a colour too faint to read"]
    assert "style=" not in page


def test_a_readable_pair_of_colours_stays() -> None:
    ast, what, page = cleaned('A <span style="color:#ffffff; background-color:#a00000">boxed</span> word and '
                              '[another]{style="color:#fff;background-color:#a00000"}.')
    assert what == []
    assert page.count('style="color: #fff') == 2 and "background-color: #a00000" in page
    assert words(ast) == "A boxed word and another."


def test_of_a_style_only_its_readable_colours_stay() -> None:
    _ast, what, page = cleaned('A <span style="color:#ffffff; background-color:#a00000; display:none">boxed'
                               '</span> word.')
    assert what == ["a style attribute (display)"]
    assert "display" not in page and "background-color: #a00000" in page


def test_a_style_attribute_in_raw_html() -> None:
    _ast, what, page = cleaned('<p style="display:none" class="note">hidden words</p>')
    assert what == ["a style attribute (display)"]
    assert "hidden words" in page and 'class="note"' in page
    assert_inert(page)


def test_a_style_element_goes_with_its_rules() -> None:
    ast, what, page = cleaned("a <style>p{color:#eee}</style> b\n\n<style>body{display:none}</style>")
    assert what == ["a style element", "a style element"]
    assert words(ast) == "a b"
    assert "color" not in page and "display" not in page


def test_a_handler_on_a_div() -> None:
    ast, what, page = cleaned('<div onclick="x()">text</div>')
    assert what == ["an onclick handler"]
    assert elements(ast, "Div")[0]["c"][0] == ["", [], []]
    assert "text" in page
    assert_inert(page)


def test_a_handler_on_a_markdown_span() -> None:
    ast, what, page = cleaned('[word]{onclick="x()" lang="en" onmouseover="y()"}')
    assert what == ["an onclick handler", "an onmouseover handler"]
    assert elements(ast, "Span")[0]["c"][0] == ["", [], [["lang", "en"]]]
    assert_inert(page)


def test_raw_typst_block_and_inline_go() -> None:
    ast, what, _page = cleaned('```{=typst}\n#read("/etc/passwd")\n```\n\na `#read("/etc/passwd")`{=typst} b')
    assert what == ["raw Typst", "raw Typst"]
    assert raws(ast) == []
    assert words(ast) == "a b"


def test_raw_content_for_other_formats_goes() -> None:
    ast, what, _ = cleaned("```{=latex}\n\\input{/etc/passwd}\n```\n\n```{=openxml}\n<w:r/>\n```\n\nx `\\relax`{=tex}")
    assert what == ["raw LaTeX", "raw OpenXML", "raw TeX"]
    assert raws(ast) == []


def test_harmless_html_stays_unchanged_and_unreported() -> None:
    md = 'The <abbr title="World Health Organization">WHO</abbr> said <span lang="fr">bonjour</span>.'
    before = parse(md)
    ast, what, page = cleaned(md)
    assert what == []
    assert ast == before
    assert '<abbr title="World Health Organization">WHO</abbr>' in page and 'lang="fr"' in page


def test_harmless_structural_html_stays() -> None:
    md = ('<table>\n<tr><th scope="col">Word</th></tr>\n<tr><td colspan="2">Cell</td></tr>\n</table>\n\n'
          'Say <ruby>漢<rt>kan</rt></ruby>, <bdi dir="rtl">שלום</bdi>, H<sub>2</sub>O<br>and <b>bold</b>.')
    _ast, what, page = cleaned(md)
    assert what == []
    page = re.sub(r">\s+", ">", re.sub(r"\s+<", "<", page))     # pandoc puts raw blocks on lines
    for kept in ('<th scope="col">Word</th>', '<td colspan="2">Cell</td>', "<rt>kan</rt>", '<bdi dir="rtl">', "<sub>2</sub>", "<b>bold</b>"):
        assert kept in page


def test_an_svg_with_a_script() -> None:
    ast, what, page = cleaned("<svg><script>alert(1)</script></svg>\n\nText <svg onload=\"x()\"><circle r=\"1\"/></svg> here")
    assert what == ["an inline SVG image", "an inline SVG image"]
    assert raws(ast) == []
    assert words(ast) == "Text here"
    assert "<svg" not in page and "alert" not in page
    assert_inert(page)


def test_forms_meta_base_and_link_elements_go() -> None:
    ast, what, _page = cleaned('<meta http-equiv="refresh" content="0;url=https://x/">\n\n<base href="https://x/">\n\n'
                              '<link rel="stylesheet" href="https://x/s.css">\n\n<form action="https://x/"><input name="q"></form>')
    assert what == ["a meta tag", "a base address", "a link element (an outside file)", "a form", "a form field"]
    assert raws(ast) == []


def test_words_inside_a_removed_element_stay() -> None:
    ast, what, page = cleaned('A <font onclick="x()" color="red">word</font> here.')
    assert what == ["a <font> element"]
    assert words(ast) == "A word here."
    assert "<font" not in page and "onclick" not in page


def test_raw_html_in_metadata_is_cleaned() -> None:
    ast, what, _page = cleaned('---\ntitle: "Hello <img src=\\"https://x/t.png\\" onerror=\\"x()\\">"\n---\n\nText.')
    assert what == ["an image from the web", "an onerror handler"]
    assert not any("onerror" in raw or "https" in raw for raw in raws(ast))


def test_removed_come_in_document_order_and_name_their_nodes() -> None:
    ast = parse('[a](javascript:x)\n\n```{=typst}\n#x\n```\n\n<script>1</script>\n\n[b]{onclick="y"}')
    raw_typst = elements(ast, "RawBlock")[0]
    removed = sanitize(ast)
    assert [item.what for item in removed] == ["a javascript: link", "raw Typst", "a script", "an onclick handler"]
    assert removed[1].node is raw_typst
    with pytest.raises(AttributeError):
        removed[0].what = "x"     # type: ignore[misc]  (frozen)


def test_comments_are_dropped_silently() -> None:
    ast, what, page = cleaned("Text <!-- a note --> here\n\n<!-- a block note -->")
    assert what == [] and raws(ast) == [] and "note" not in page


@pytest.mark.parametrize("fragment, expected", [
    ('<span onclick="x">', ('<span>', ["an onclick handler"], [])),   # nh3 alone would close it
    ("</span>", ("</span>", [], [])),                                 # nh3 alone would drop it
    ('<td colspan="2" style="x">', ('<td colspan="2">', ["a style attribute"], [])),
    ('<td style="width:5em">', ("<td>", ["a style attribute (width)"], [])),  # nh3 alone drops a lone <td>
    ("<script>", ("", ["a script"], ["script"])),
    ('<span title="</span><script>">', ('<span title="&lt;/span&gt;&lt;script&gt;">', [], [])),
    ("a & b < c", ("a &amp; b &lt; c", [], [])),
])
def test_lone_tags_are_cleaned_alone(fragment: str, expected: tuple[str, list[str], list[str]]) -> None:
    assert clean_fragment(fragment) == expected


def test_a_second_run_finds_nothing() -> None:
    ast = parse('<script>x</script>\n\n<img src="https://x/t.png" onerror="y()">\n\n[z](javascript:1){style="a"}')
    assert sanitize(ast)
    assert sanitize(ast) == []
