"""Is this the same department? Names as documents of one department print them differ in
spelling noise and in the place they are prefixed with: 上海市普陀区财政局 (its 决算) is
普陀区财政局 (its 自评); 上海市普陀区人民政府宜川路街道办事处 is 普陀区宜川路街道办事处;
广州市花都区残疾人联合会本级 is 广州市花都区残疾人联合会. Beyond that nothing is guessed: an
abbreviation (花都区残联) is another name, and a name that matches several is matched to none
(final-accounts.md: "never guess")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOISE = re.compile(r"[\s\"'“”‘’「」『』()（）\[\]【】]")
_CODE = re.compile(r"^[0-9A-Za-z]*\d[0-9A-Za-z]*[-－—_]+")
_GOVERNMENT = re.compile(r"(省|市|区|县|旗|州)人民政府")
_SUFFIXES = ("本级", "部门", "机关")
#: What may stand before a department's own name: its places (省 … 区 / 县), 中共 before them.
_PLACES = re.compile(
    r"^(?:中共)?(?:[\u4e00-\u9fff]{1,10}?(?:省|自治区|特别行政区|市|自治州|州|地区|盟|区|新区|县|自治县|旗))+$"
)


@lru_cache(maxsize=65_536)  # a batch compares every 决算 with every 自评: names repeat
def department_key(name: str | None) -> str:
    """The name as compared: NFKC, no spaces, quotes, brackets or system code, 人民政府 after a
    place taken out, without 本级 / 部门 / 机关 at its end, case-folded."""
    if not name:
        return ""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", name))
    text = _CODE.sub("", text)
    text = _GOVERNMENT.sub(r"\1", text)
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            text = text[: -len(suffix)]
    return text.casefold()


def same_department(a: str | None, b: str | None) -> bool:
    """Equal keys, or one key the other's with places before it (上海市 + 普陀区财政局)."""
    ka, kb = department_key(a), department_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    return len(short) >= 3 and long.endswith(short) and bool(_PLACES.match(long[: -len(short)]))
