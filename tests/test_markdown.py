"""Knowledge text in markdown: escaped so it cannot change the document, yet clean to read in the raw file."""

from __future__ import annotations

import pytest

from fwtui.markdown import cell, inline, link, paragraphs


@pytest.mark.parametrize(("text", "expected"), [
    ("tf.config.run_functions_eagerly switches tracing off", "`tf.config.run_functions_eagerly` switches tracing off"),
    ("FSDP2 (fully_shard), which", "FSDP2 (`fully_shard`), which"),
    ("strategy.scope() and Keras fit()", "`strategy.scope()` and Keras `fit()`"),
    ('model.export(format="litert") writes', '`model.export(format="litert")` writes'),
    ("see tf.compat.v1).", "see `tf.compat.v1`)."),
    ("CUDA_VISIBLE_DEVICES and __init__", "`CUDA_VISIBLE_DEVICES` and `__init__`"),
    ("given jit_compile=True (or", "given `jit_compile=True` (or"),
    ("tf.io and tf.io.gfile", "`tf.io` and `tf.io.gfile`"),
    ("under `python -c` it fails", "under `python -c` it fails"),  # the author's own code span stays one
    # prose stays prose
    ("e.g. and i.e. and TF 2.16.", "e.g. and i.e. and TF 2.16."),
    ("docs at pytorch.org and ai.google.dev.", "docs at pytorch.org and ai.google.dev."),  # sites are not code
    ("a_ and _b and 3_000", "a\\_ and \\_b and 3\\_000"),
])
def test_code_names_read_as_code(text, expected):
    assert inline(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("x `a|b` y", "x \\`a\\|b\\` y"),  # a pipe would split a table cell even inside a span
    ("``x`` and `open", "\\`\\`x\\`\\` and \\`open"),
    ("foo_bar(`) x", "`foo_bar`(\\`) x"),
    ("``` fence", "\\`\\`\\` fence"),
    ("# h | [x](javascript:alert(1))", "\\# h \\| \\[x\\](javascript:alert(1))"),
])
def test_backticks_cannot_break_out(text, expected):
    assert inline(text) == expected


def test_code_spans_are_safe_in_tables_and_at_line_starts():
    assert cell("run_functions_eagerly | x") == "`run_functions_eagerly` \\| x"
    assert paragraphs("tf.function first\n\n- torch.compile\n- 1. not a number") == (
        "`tf.function` first\n\n- `torch.compile`\n- 1\\. not a number")


@pytest.mark.parametrize(("text", "expected"), [
    ("see https://pytorch.org/docs.", "see <https://pytorch.org/docs>."),
    ("(https://en.wikipedia.org/wiki/A_(b)), and", "(<https://en.wikipedia.org/wiki/A_(b)>), and"),
    ("ftp://x.org/a_b|c", "<ftp://x.org/a_b>\\|c"),  # a pipe ends the address: it would split a table cell
    ("at https://x.org/*a*?q=1&r=`2`", "at <https://x.org/*a*?q=1&r=>`2`"),  # the backtick ends it
    ("`pip install https://x.org/w.whl` works", "`pip install https://x.org/w.whl` works"),  # the author's code
    ("xhttps://x.org and tf.function", "xhttps://x.org and `tf.function`"),  # not where a word starts
])
def test_bare_addresses_become_autolinks(text, expected):
    """markdownlint's MD034 flags a bare address; an autolink is the same address, linked, with nothing escaped."""
    assert inline(text) == expected


def test_a_link_title_keeps_its_address_as_text():
    """An autolink inside a link's text would be a link in a link."""
    assert link("mirror at https://b.org/x", "https://a.org/") == "[mirror at https://b.org/x](https://a.org/)"


def test_list_items_take_the_documents_bullet():
    assert paragraphs("- one\n- two", "*") == "* one\n* two"
