"""What a project form adds to the outputs: its 汇总 (write_form_summary) and the rows of
批量汇总's 项目自评一览 (forms_frame), ranked by computed score, then errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xlsxwriter
from builders import write as write_department
from form_cases import make, write
from openpyxl import Workbook, load_workbook

from budget_batch import check_workbook, read_workbook
from budget_batch.result import Report
from budget_batch.samples.form_writer import write_forms
from budget_batch.write.batch.form_overview import FORM_COLUMNS, UNRECOGNIZED, forms_frame
from budget_batch.write.cell_styles import formats
from budget_batch.write.copy.form_summary import write_form_summary


def test_the_overview_ranks_forms_by_computed_score_then_errors(tmp_path):
    def lower(data):  # 45 of 50 persons: 13.5 computed, 15 stated (an error), total 100 stated
        data.indicators[0].actual = "45个"
        data.indicators[0].deviation = "部分业务延至下年。"

    def worse(data):  # the same computed total, one more error: ranked after it
        lower(data)
        data.funds[0].score = 11

    two = tmp_path / "two.xlsx"
    write_forms(two, [("甲", make("10号")), ("乙", make("四川"))])
    unrecognized = Workbook()
    unrecognized.active.append(["项目支出绩效自评表"])
    unrecognized.save(tmp_path / "unrecognized.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04broken")
    paths = [
        write_department(tmp_path, name="department.xlsx"),
        write(tmp_path, "10号", make("10号", worse), "worse.xlsx"),
        write(tmp_path, "重庆", make("重庆"), "cq.xlsx"),
        write(tmp_path, "10号", make("10号", lower), "lower.xlsx"),
        two,
        tmp_path / "unrecognized.xlsx",
        tmp_path / "broken.xlsx",
    ]
    report = Report([check_workbook(p) for p in paths])
    frame = forms_frame(report)
    assert list(frame.columns) == list(FORM_COLUMNS)
    rows = [
        (r.rank, Path(r.file).name, r.sheet, r.score_computed, r.errors) for r in frame.itertuples()
    ]
    assert rows[:-1] == [  # ties at 100 by department: 219-池州… < 大英县… < 某区…
        (1, "two.xlsx", "甲", 100.0, 0),
        (2, "two.xlsx", "乙", 100.0, 0),
        (3, "cq.xlsx", "自评表", 100.0, 0),
        (4, "lower.xlsx", "自评表", 98.5, 2),  # 13.5 computed for 15 stated; 总分 100
        (5, "worse.xlsx", "自评表", 98.5, 3),  # and 执行率得分 11 for 10
    ]
    first = frame.iloc[2]
    assert (first.project, first.budget, first.actual, first.exec_rate) == (
        "2023年农村公路养护补助资金",
        640.0,
        640.0,
        100.0,
    )
    last = frame.iloc[-1]
    assert Path(last["file"]).name == "unrecognized.xlsx" and last["note"] == UNRECOGNIZED
    assert pd.isna(last["rank"]) and last["errors"] == 1
    assert "department.xlsx" not in {Path(f).name for f in frame["file"]}
    assert "broken.xlsx" not in {Path(f).name for f in frame["file"]}


def test_the_form_summary_states_the_figures_and_both_scores(tmp_path):
    form = tmp_path / "form.xlsx"  # a sheet named as the form is quoted below its title rows
    write_forms(
        form, [("项目支出绩效自评表", make("10号", lambda d: setattr(d, "total_score", 98)))]
    )
    result = check_workbook(form)
    out = tmp_path / "summary.xlsx"
    wb = xlsxwriter.Workbook(str(out))
    write_form_summary(wb, wb.add_worksheet("汇总"), result, formats(wb))
    wb.close()
    ws = load_workbook(out)["汇总"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert (
        "委托业务项目 项目自评审核汇总" in cells and "全国格式（财预〔2020〕10号 附件1）" in cells
    )
    total = cells["总分"]
    assert [ws.cell(total.row, c).value for c in (2, 3, 4)] == [98, 100, -2]
    funds = cells["年度资金总额:"]
    assert [ws.cell(funds.row, c).value for c in range(2, 7)] == [90, 100, 100, 100, 100]
    assert "基建工程委托业务项目数量" in cells
    top = [str(c.value) for row in ws.iter_rows(max_row=5) for c in row if c.value]
    assert "读取说明（本工具如何读取这张表）" in top[1:3]  # 汇总 opens with how the form was read
    assert any("识别为项目支出绩效自评表" in text for text in top)
    # Never taken for a form when resubmitted, even without its review record: an 汇总 is known
    # by its title, whatever its tables look like.
    assert read_workbook(out).model.kind == "unrecognized"
