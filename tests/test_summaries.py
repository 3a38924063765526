"""汇总 and 批量汇总, read back: figures against the report document, charts, links."""

import json
import shutil
from pathlib import Path

import pytest
from builders import write
from conftest import EXAMPLE
from openpyxl import load_workbook
from openpyxl.chart import BarChart, PieChart

from budget_batch import run_batch
from budget_batch.write.copy.summary_sheet import SUMMARY_SHEET


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("summaries")
    src = root / "in"
    src.mkdir()
    shutil.copyfile(EXAMPLE, src / "huadu.xlsx")
    write(src, name="clean.xlsx")
    (src / "broken.xlsx").write_text("not a workbook", encoding="utf-8")
    out = root / "out"
    report = run_batch([src], out, jobs=2)
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report, doc, out


def _values(ws):
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _find(ws, label):
    for row in ws.iter_rows():
        for c in row:
            if c.value == label:
                return [x.value for x in row]
    raise AssertionError(label)


def test_summary_sheet_figures_match_the_report(batch):
    report, doc, out = batch
    wb_doc = next(w for w in doc["workbooks"] if w["file"].endswith("huadu.xlsx"))
    wb = load_workbook(wb_doc["output"])
    assert wb.sheetnames[:2] == ["审核结果", SUMMARY_SHEET]
    ws = wb[SUMMARY_SHEET]
    assert ws["A1"].value.startswith("广州市花都区残疾人联合会 2023 年")
    assert _find(ws, "得分")[1:4] == [wb_doc["score"]["stated"], wb_doc["score"]["computed"], 0]
    assert _find(ws, "部门")[1] == "广州市花都区残疾人联合会" and _find(ws, "年度")[1] == 2023
    assert (
        _find(ws, "评分规则")[1] == "全国通用规则（财预〔2020〕10号）"
    )  # its title, not "default"
    assert _find(ws, "等级")[1:3] == [
        wb_doc["score"]["grade_stated"],
        wb_doc["score"]["grade_computed"],
    ]
    counts = wb_doc["counts"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    i = next(i for i, r in enumerate(rows) if r[0] == "问题数")
    assert rows[i + 1][1:4] == [counts["error"], counts["warning"], counts["info"]]
    assert _find(ws, "收入合计")[1:6] == [2402.98, 2224.46, -178.52, -7.43, 100.0]
    # Shares are computed, not stated: 99.10 / 0.90, and 38.89 / 61.11 for spending.
    assert _find(ws, "一般公共预算财政拨款")[1:3] == [2204.46, 99.1]
    assert _find(ws, "政府性基金预算财政拨款")[1:3] == [20, 0.9]
    assert _find(ws, "基本支出")[1:3] == [865.19, 38.89]
    assert _find(ws, "全部项目合计")[1:4] == [1359.27, 1359.27, 100.0]
    assert _find(ws, "按比例安排残疾人就业人数")[1:4] == [7, 7, 7]


def test_summary_sheet_charts_and_print_setup(batch):
    report, doc, out = batch
    ws = load_workbook(next(w["output"] for w in doc["workbooks"] if w["output"]))[SUMMARY_SHEET]
    kinds = [type(c) for c in ws._charts]
    assert kinds == [PieChart, PieChart, BarChart, BarChart]
    assert ws.print_area is not None and int(ws.page_setup.paperSize) == 9  # A4
    # One page wide at a fixed scale (manual breaks keep charts whole: "fit to" would void them).
    assert ws.page_setup.orientation == "portrait" and 80 <= int(ws.page_setup.scale) <= 100
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert ws["A1"].font.name == "黑体"


def test_batch_summary_rows_links_and_counts(batch):
    report, doc, out = batch
    wb = load_workbook(out / "批量汇总.xlsx")
    assert wb.sheetnames == ["工作簿一览", "全部问题", "问题统计", "得分图表"]
    ws = wb["工作簿一览"]
    top = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "排名")
    header = [c.value for c in ws[top]]
    table = list(ws.iter_rows(min_row=top + 1))
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in table]
    # Ranked: the two checked workbooks by computed score, the unreadable file last.
    ranked = sorted(doc["workbooks"], key=lambda w: -(w["score"]["computed"] or -1))
    assert [r["文件"] for r in rows] == [Path(w["file"]).name for w in ranked]
    for r, w, row in zip(rows, ranked, table, strict=True):
        # A file without a department is named by its file name, in brackets, on paper too.
        assert r["部门"] == (w["department"] or f"（{Path(w['file']).name}）")
        assert r["自评得分"] == w["score"]["stated"] and r["计算得分"] == w["score"]["computed"]
        counts = (w["counts"]["error"], w["counts"]["warning"], w["counts"]["info"])
        checked = w["status"] == "checked"
        assert (r["错误"], r["警告"], r["提示"]) == (counts if checked else (None, None, None))
        link = row[header.index("审核副本")].hyperlink
        if w["output"]:
            assert r["状态"] == "已审核"
            assert link is not None and link.target == Path(w["output"]).name
            assert (out / link.target).exists()
        else:
            assert r["状态"] == "无法读取" and "不是 Excel" in r["无法读取的原因"] and link is None
    huadu = next(r for r in rows if r["文件"].endswith("huadu.xlsx"))
    assert (huadu["收入合计"], huadu["支出合计"], huadu["执行率(%)"]) == (2224.46, 2224.46, 100.0)
    assert ws.auto_filter.ref and ws.freeze_panes == f"A{top + 1}"
    findings = list(wb["全部问题"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == sum(len(w["findings"]) for w in doc["workbooks"])
    stats = {r[0]: r for r in wb["问题统计"].iter_rows(min_row=2, values_only=True)}
    assert stats["UNIT_MISMATCH"][3:5] == (4, 1)
    assert [type(c) for c in wb["问题统计"]._charts] == [BarChart]
    assert [type(c) for c in wb["得分图表"]._charts] == [BarChart, BarChart]


def test_chart_fonts_are_set_explicitly(batch):
    import zipfile

    report, doc, out = batch
    annotated = next(w["output"] for w in doc["workbooks"] if w["output"])
    # openpyxl (汇总) writes the East Asian slot too; xlsxwriter (批量汇总) has only the Latin slot,
    # where a CJK font name is what Excel and LibreOffice use for the Chinese text as well.
    for path, east_asian in ((annotated, True), (out / "批量汇总.xlsx", False)):
        with zipfile.ZipFile(path) as zf:
            charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
            assert charts
            for name in charts:
                xml = zf.read(name).decode("utf-8")
                assert 'typeface="黑体"' in xml and 'typeface="宋体"' in xml, (path, name)
                assert ('<a:ea typeface="宋体"/>' in xml) is east_asian
