"""The look of every edition (CSS, templates, reference documents), installed as publish.styles."""
from pathlib import Path


def style_path(name: str) -> Path:
    """The path of one file in this folder."""
    return Path(__file__).with_name(name)
