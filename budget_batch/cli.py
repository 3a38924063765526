"""The command line: parse, call the library, print, set the exit status. Nothing else."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from . import pipeline
from .findings import Severity
from .result import Report, WorkbookResult
from .settings import Limits, ProfileError, Settings, load_profile_file

F = TypeVar("F", bound=Callable[..., Any])
FAIL_ON = click.Choice(["error", "warning", "never"])


class RulesFile(click.ParamType):  # type: ignore[type-arg]
    """--rules: a scoring profile TOML file, read and validated when the option is parsed."""

    name = "rules"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Settings:
        if isinstance(value, Settings):
            return value
        try:
            return load_profile_file(value)
        except ProfileError as exc:
            self.fail(str(exc), param, ctx)


def shared_options(func: F) -> F:
    """Options that check and report share."""
    func = click.option(
        "--rules",
        type=RulesFile(),
        default=None,
        help="评分规则文件（TOML），优先于工作簿中的“评分规则” / scoring profile",
    )(func)
    return func


def exit_status(report: Report, fail_on: str) -> int:
    """0 nothing at or above `fail_on`; 1 findings at or above it, a workbook that could not be
    read, or a failure of this tool (status `failed`, a check or an output that broke);
    2 a workbook names a scoring profile that does not exist (a configuration error)."""
    if any(w.profile_error for w in report.workbooks):
        return 2
    if any(w.status != "checked" or w.tool_failures() for w in report.workbooks):
        return 1
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    worst = [w.worst() for w in report.workbooks]
    return 1 if any(s is not None and s.rank >= threshold for s in worst) else 0


@click.group(
    help="部门整体支出绩效自评表审核工具 / Cross-check performance self-evaluation workbooks."
)
@click.version_option(package_name="budget_batch")
def main() -> None:
    pass


@main.command(help="生成空白模板 / Write the blank template.")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("部门整体支出绩效自评表.xlsx"),
    show_default=True,
    help="模板保存路径 / where to write it",
)
def template(output: Path) -> None:
    from .write.template_writer import write_workbook  # xlsxwriter only when writing

    write_workbook(output)
    click.echo(f"已生成空白模板：{output}")


@main.command(
    help="检查工作簿（文件或文件夹），不写任何文件 / Check workbooks without writing anything."
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 报告 / print the report document")
@click.option(
    "--fail-on",
    type=FAIL_ON,
    default="error",
    show_default=True,
    help="达到该严重程度时退出码为 1 / exit 1 at or above this severity",
)
@shared_options
def check(files: Sequence[Path], as_json: bool, fail_on: str, rules: Settings | None) -> None:
    workbooks = pipeline.collect_workbooks(files)  # folders too, as for report
    if not workbooks:
        click.echo("没有找到可检查的工作簿（.xlsx/.xlsm）。", err=True)
        sys.exit(1)
    doc = Report([pipeline.check_workbook(f, rules) for f in workbooks])
    if as_json:
        click.echo(json.dumps(doc.to_json(), ensure_ascii=False, indent=2))
    else:
        for wb in doc.workbooks:
            _print_table(wb)
    sys.exit(exit_status(doc, fail_on))


@main.command(
    help="审核并写出审核副本、批量汇总、自评报告草稿和 report.json / Check and write all outputs."
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="输出文件夹 / output folder",
)
@click.option(
    "--fail-on",
    type=FAIL_ON,
    default="never",
    show_default=True,
    help="达到该严重程度时退出码为 1 / exit 1 at or above this severity",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="并行进程数，默认为 CPU 核数 / parallel worker processes (default: CPUs)",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="在已有的 Dask 集群上运行（如 tcp://10.0.0.5:8786；需安装 distributed，输入输出须在各节点共享的文件夹中）"
    " / run on an existing Dask cluster",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=Limits.time_limit,
    show_default=True,
    help="每个工作簿的处理时限（秒） / time limit per workbook, seconds",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=256),
    default=Limits.memory_limit_mb,
    show_default=True,
    help="每个工作簿的内存上限（MB） / memory limit per workbook, MB",
)
@shared_options
def report(
    paths: Sequence[Path],
    out_dir: Path,
    fail_on: str,
    rules: Settings | None,
    jobs: int | None,
    scheduler: str | None,
    timeout: float,
    memory_limit: int,
) -> None:
    from .batch import run_batch  # the writers and multiprocessing only when reporting

    limits = Limits(time_limit=timeout, memory_limit_mb=memory_limit)
    count = len(pipeline.collect_workbooks(paths))
    if count > 1 and sys.stderr.isatty():
        with click.progressbar(length=count, label="审核中", file=sys.stderr) as bar:
            doc = run_batch(
                paths,
                out_dir,
                rules,
                jobs=jobs,
                scheduler=scheduler,
                limits=limits,
                progress=lambda done, total: bar.update(done - bar.pos),
            )
    else:
        doc = run_batch(paths, out_dir, rules, jobs=jobs, scheduler=scheduler, limits=limits)
    if not doc.workbooks:
        click.echo("没有找到可处理的工作簿（.xlsx/.xlsm）。", err=True)
        sys.exit(1)
    for wb in doc.workbooks:
        if wb.status == "checked":
            c = wb.counts
            click.echo(
                f"{wb.file} → {wb.output}：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}"
            )
        else:
            click.echo(f"{wb.file}：{_status_word(wb)} —— {wb.error}")
    totals = doc.counts()
    click.echo(
        f"共 {len(doc.workbooks)} 个工作簿；错误 {totals['error']}，警告 {totals['warning']}，"
        f"提示 {totals['info']}。报告：{out_dir / pipeline.REPORT_JSON}，汇总：{out_dir / pipeline.BATCH_SUMMARY}"
    )
    sys.exit(exit_status(doc, fail_on))


@main.command(help="只写出自评报告草稿（.docx） / Write only the report draft.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="输出文件夹 / output folder",
)
@shared_options
def draft(file: Path, out_dir: Path, rules: Settings | None) -> None:
    from .write.report_draft import draft_name, write_draft  # python-docx only when drafting

    result = pipeline.check_workbook(file, rules)
    if result.status != "checked":
        click.echo(f"{file}：{_status_word(result)} —— {result.error}")
        sys.exit(2 if result.profile_error else 1)
    dest = out_dir / draft_name(file)
    write_draft(result, dest)
    c = result.counts
    click.echo(
        f"已生成自评报告草稿：{dest}（工作簿尚有错误 {c['error']} 个、警告 {c['warning']} 个，列于附录）"
    )


def _score_line(wb: WorkbookResult) -> str:
    s = wb.score

    def shown(value: float | None) -> str:
        return "—" if value is None else f"{value:g}"

    return (
        f"自评 {shown(s.stated)} 分（{s.grade_stated or '—'}），按评分规则「{wb.profile}」计算 "
        f"{shown(s.computed)} 分（{s.grade_computed or '—'}）"
    )


def _status_word(wb: WorkbookResult) -> str:
    return "处理失败（本工具的问题）" if wb.status == "failed" else "无法读取"


def _print_table(wb: WorkbookResult) -> None:
    if wb.status != "checked":
        click.echo(f"{wb.file}：{_status_word(wb)} —— {wb.error}")
        return
    c = wb.counts
    click.echo(
        f"{wb.file}：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}；{_score_line(wb)}"
    )
    for f in wb.findings:
        click.echo(f"  {f.severity.label}\t{f.code}\t{f.location}\t{f.message}")
