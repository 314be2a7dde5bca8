"""The large-print PDF edition, typeset by Typst as tagged PDF."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import typst

from .. import pandoc
from ..book import Book
from ..fonts import FONT_DIR
from ..styles import style_path


def build(book: Book, ast: dict[str, Any], out_dir: Path) -> Path:
    output = out_dir / f"{book.slug}-large-print.pdf"
    source = out_dir / f"{book.slug}-large-print.typ"
    pandoc.write(book, ast, "typst", output=source, args=[
        "--standalone", f"--template={style_path('large-print.typ')}",
    ])
    typst.compile(str(source), output=str(output), font_paths=[str(FONT_DIR)], root="/")
    source.unlink()
    return output
