"""What a person reads is Chinese: a Latin word in a reason is a parser's English leaking through,
unless it names a product, a format, a unit, a part of the package or an option of ours."""

import re

#: Latin words a Chinese reason may use: products, file formats, units, this tool.
NAMES = {
    "Excel",
    "WPS",
    "LibreOffice",
    "OpenDocument",
    "XML",
    "MB",
    "xlsx",
    "xlsm",
    "xls",
    "xlsb",
    "ods",
    "et",
    "toml",
    "TOML",
    "README",
    "budget_batch",
    "Word",
    "docx",
    "doc",
    "wps",
}
#: A part of the package (xl/worksheets/sheet1.xml, [Content_Types].xml) or a command-line option.
_PART = re.compile(r"[\w\[\]\-]+(?:/[\w\[\]\-.]+)*\.(?:xml|rels|vml|bin|png|jpe?g|emf|wmf)\b")
_OPTION = re.compile(r"--[a-z][a-z-]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]*")


def english_words(text: str) -> list[str]:
    """The Latin words of `text` that are not names a Chinese reason may use."""
    bare = _OPTION.sub(" ", _PART.sub(" ", text))
    return [w for w in _WORD.findall(bare) if w not in NAMES]
