"""A workbook built from a public report whose figures agree stays silent on the arithmetic.

Source: 《重庆市永川区农机推广站2024年度决算公开说明》(永川区农业农村委, 2025-08-20):
收、支总计均为 832.82 万元，与 2023 年度相比增加 98.73 万元、增长 13.45%；财政拨款收入 832.82 万元，
占 100.00%；事业收入、其他收入 0.00 万元，占 0.00%；年初结转和结余 0.00 万元；基本支出 146.89 万元.
项目支出 685.93 is derived (支出合计 − 基本支出); 上年数 734.09 is 832.82 − 98.73. The report is a
决算说明 with no indicator table or problem list, so only the reading and arithmetic checks apply.
"""

from builders import write

from budget_batch import WorkbookData, check_workbook
from budget_batch.catalogue import ARITHMETIC, CATALOGUE, READING

NOTE = "增加农机购置补贴项目资金"


def _row(code, item, prior=None, actual=None, yoy=None, rate=None, share=None, note=None):
    return {
        "code": code,
        "item": item,
        "prior": prior,
        "actual": actual,
        "yoy_amount": yoy,
        "yoy_rate": rate,
        "share": share,
        "note": note,
    }


DATA = WorkbookData(
    info={
        "department": "重庆市永川区农机推广站",
        "year": 2024,
        "unit": "万元",
        "yoy_basis": "全年执行数",
        "functions": "推广农业机械，提升农机化水平，促进农业农村发展；办理农机购置补贴事务。",
    },
    tables={
        "收支情况": [
            _row("1", "收入合计", 734.09, 832.82, 98.73, 13.45, note=NOTE),
            _row("1.1", "一般公共预算财政拨款", actual=832.82, share=100.00),
            _row("1.4", "事业收入", actual=0, share=0.00),
            _row("1.5", "其他收入", actual=0, share=0.00),
            _row("2", "支出合计", 734.09, 832.82, 98.73, 13.45, note=NOTE),
            _row("2.1", "基本支出", actual=146.89),
            _row("2.2", "项目支出", actual=685.93, note="由支出合计 − 基本支出推得"),
            _row("3", "年初结转结余", actual=0),
            _row("4", "年末结转结余", actual=0),
        ],
    },
)


def test_consistent_public_report_is_silent_on_arithmetic(tmp_path):
    result = check_workbook(write(tmp_path, DATA))
    assert result.status == "checked"
    groups = {READING, ARITHMETIC}
    loud = [
        f
        for f in result.findings
        if CATALOGUE[f.code].group in groups and f.severity != "info" and f.code != "REQUIRED_EMPTY"
    ]
    assert loud == []
    # The only reading findings are the self-score fields a 决算说明 does not have.
    assert {f.cell for f in result.findings if f.code == "REQUIRED_EMPTY"} == {"B12", "B13"}
