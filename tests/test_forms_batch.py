"""A department workbook and its projects' forms in one batch (issue 17): PROJECT_FORM_MISMATCH on
both sides — in the results, the copies and report.json —, the forms' copies annotated with a 汇总
of their own and no report draft, 批量汇总's 项目自评一览 ranked with a link per form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_forms_match import batch  # noqa: F401  (the fixture)

from budget_batch.batch import run_batch


@pytest.fixture
def reported(batch, tmp_path):  # noqa: F811
    out = tmp_path / "out"
    return batch, run_batch(list(batch.values()), out, jobs=2), out


def test_the_disagreement_is_on_both_sides_everywhere(reported):
    _, report, out = reported
    by_file = {Path(w.file).name: w for w in report.workbooks}
    department, differs = by_file["某某局.xlsx"], by_file["b.xlsx"]
    on_department = [f for f in department.findings if f.code == "PROJECT_FORM_MISMATCH"]
    on_form = [f for f in differs.findings if f.code == "PROJECT_FORM_MISMATCH"]
    assert [(f.sheet, f.cell) for f in on_department] == [("项目支出", "G3")]
    assert [(f.sheet, f.cell) for f in on_form] == [("自评表", "E6")]
    for name in ("a.xlsx", "c.xlsx"):
        assert not [f for f in by_file[name].findings if f.code == "PROJECT_FORM_MISMATCH"]
    # The copies were written again with the finding: in 审核结果 and on the cell.
    for wb, sheet, cell in ((department, "项目支出", "G3"), (differs, "自评表", "E6")):
        copy = load_workbook(wb.output)
        assert any(
            "PROJECT_FORM_MISMATCH" in str(v)
            for row in copy["审核结果"].iter_rows(values_only=True)
            for v in row
        )
        assert "PROJECT_FORM_MISMATCH" in copy[sheet][cell].comment.text
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    kinds = {Path(w["file"]).name: w["kind"] for w in doc["workbooks"]}
    assert kinds == {
        "某某局.xlsx": "department",
        "a.xlsx": "project_form",
        "b.xlsx": "project_form",
        "c.xlsx": "project_form",
    }
    codes = {Path(w["file"]).name: [f["code"] for f in w["findings"]] for w in doc["workbooks"]}
    assert (
        "PROJECT_FORM_MISMATCH" in codes["某某局.xlsx"]
        and "PROJECT_FORM_MISMATCH" in codes["b.xlsx"]
    )


def test_forms_get_their_own_summary_and_no_draft(reported):
    _, report, out = reported
    for wb in report.workbooks:
        if wb.kind == "project_form":
            assert wb.draft is None
            summary = [
                v
                for row in load_workbook(wb.output)["汇总"].iter_rows(values_only=True)
                for v in row
            ]
            assert any(isinstance(v, str) and "项目自评审核汇总" in v for v in summary)
        else:
            assert wb.draft is not None and Path(wb.draft).exists()
    assert len(list(out.glob("*.docx"))) == 1


def test_the_projects_sheet_ranks_the_forms_with_links(reported):
    _, report, out = reported
    book = load_workbook(out / "批量汇总.xlsx")
    assert "项目自评一览" in book.sheetnames and "项目得分图表" in book.sheetnames
    ws = book["项目自评一览"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r and r[0] == "排名")
    columns = rows[head]
    body = [r for r in rows[head + 1 :] if r[0] is not None]
    assert [r[0] for r in body] == [1, 2, 3]
    projects = [r[columns.index("项目名称")] for r in body]
    assert set(projects) == {
        "51092324T000010263357-就业援助　项目",
        "康复服务项目",
        "无障碍改造项目",
    }
    errors = [r[columns.index("错误")] for r in body]
    scores = [r[columns.index("计算总分")] for r in body]
    assert all(
        (a > b) or (a == b and e1 <= e2)
        for a, b, e1, e2 in zip(scores, scores[1:], errors, errors[1:], strict=False)
    )
    link_col = columns.index("审核副本") + 1
    for i in range(len(body)):
        cell = ws.cell(head + 2 + i, link_col)
        assert cell.hyperlink is not None and cell.hyperlink.target.endswith("_审核.xlsx")
