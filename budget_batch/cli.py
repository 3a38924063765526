"""The command line: parse, call the library, print, set the exit status. Nothing else.

Usage errors are worded in Chinese (`ChineseGroup`, and parameter types whose messages are
Chinese); `--help` stays bilingual. Exit status 2 for every usage error, as click's."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from . import console, output_names, pipeline
from .console import usage_message
from .findings import Severity
from .layouts import Layouts, LayoutsError, load_layouts
from .result import Report
from .settings import DEFAULT, Limits, ProfileError, Settings, load_profile_file

F = TypeVar("F", bound=Callable[..., Any])


class OneOf(click.Choice):  # type: ignore[type-arg]
    """A choice whose refusal is Chinese."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(
                f"“{value}”不是可选的值；可选：{'、'.join(map(str, self.choices))}", param, ctx
            )


class AtLeast(click.ParamType):  # type: ignore[type-arg]
    """A number (an integer when `integer`) not below `minimum`, refused in Chinese."""

    def __init__(self, minimum: float, integer: bool) -> None:
        self.minimum, self.integer, self.name = minimum, integer, "integer" if integer else "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        kind = "整数" if self.integer else "数"
        try:
            number = int(value) if self.integer else float(value)
        except (TypeError, ValueError):
            self.fail(f"“{value}”不是{kind}", param, ctx)
        if number < self.minimum:
            self.fail(f"应为不小于 {self.minimum:g} 的{kind}，而不是 {value}", param, ctx)
        return number


FAIL_ON = OneOf(["error", "warning", "never"])


class ChineseGroup(click.Group):
    """A group whose usage errors (its own and its commands') are shown in Chinese."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        if extra.get("standalone_mode", True) is False:
            return super().main(args, prog_name, **extra)
        extra["standalone_mode"] = False
        try:
            status = super().main(args, prog_name, **extra)
        except click.UsageError as error:
            click.echo(usage_message(error), err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("已中止。", err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


class ConfigFile(click.ParamType):  # type: ignore[type-arg]
    """A TOML file an option names (--rules, --layouts), read and validated when the option is
    parsed: a file that cannot be used is a usage error, said in Chinese (exit status 2)."""

    def __init__(
        self, name: str, load: Callable[[Any], Any], kind: type, error: type[Exception]
    ) -> None:
        self.name, self.load, self.kind, self.error = name, load, kind, error

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.kind):
            return value
        try:
            return self.load(value)
        except self.error as exc:
            self.fail(str(exc), param, ctx)


#: --rules: a scoring profile; --layouts: label aliases and block shapes added to the package's.
RULES_FILE = ConfigFile("rules", load_profile_file, Settings, ProfileError)
LAYOUTS_FILE = ConfigFile("layouts", load_layouts, Layouts, LayoutsError)


def shared_options(func: F) -> F:
    """Options that check and report share."""
    func = click.option(
        "--layouts",
        type=LAYOUTS_FILE,
        default=None,
        help="版式数据文件（TOML），补充自评表的栏目名称等 / extra form layouts (label aliases)",
    )(func)
    return click.option(
        "--rules",
        type=RULES_FILE,
        default=None,
        help="评分规则文件（TOML），优先于工作簿中的“评分规则” / scoring profile",
    )(func)


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
    cls=ChineseGroup,
    help="部门整体支出绩效自评表审核工具 / Cross-check performance self-evaluation workbooks.",
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
    from .samples.template_writer import write_workbook  # xlsxwriter only when writing

    write_workbook(output)
    click.echo(f"已生成空白模板：{output}")


@main.command(
    help="检查工作簿（文件或文件夹），不写任何文件 / Check workbooks without writing anything."
)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="工作簿或文件夹..."
)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 报告 / print the report document")
@click.option(
    "--fail-on",
    type=FAIL_ON,
    default="error",
    show_default=True,
    help="达到该严重程度时退出码为 1 / exit 1 at or above this severity",
)
@shared_options
def check(
    files: Sequence[Path],
    as_json: bool,
    fail_on: str,
    rules: Settings | None,
    layouts: Layouts | None,
) -> None:
    workbooks = pipeline.collect_workbooks(files)  # folders too, as for report
    if not workbooks:
        click.echo("没有找到可检查的工作簿（.xlsx/.xlsm）或自评报告（.docx）。", err=True)
        sys.exit(1)
    doc = Report([pipeline.check_workbook(f, rules, layouts=layouts) for f in workbooks])
    pipeline.across_documents(doc, rules or DEFAULT)  # a 自评 and its 决算 checked together
    if as_json:
        click.echo(json.dumps(doc.to_json(), ensure_ascii=False, indent=2))
    else:
        for wb in doc.workbooks:
            console.print_table(wb)
    sys.exit(exit_status(doc, fail_on))


@main.command(
    help="审核并写出审核副本、批量汇总、自评报告草稿和 report.json / Check and write all outputs."
)
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="工作簿或文件夹..."
)
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
    type=AtLeast(1, integer=True),
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
    type=AtLeast(1, integer=False),
    default=Limits.time_limit,
    show_default=True,
    help="每个工作簿的处理时限（秒） / time limit per workbook, seconds",
)
@click.option(
    "--memory-limit",
    type=AtLeast(256, integer=True),
    default=Limits.memory_limit_mb,
    show_default=True,
    help="每个工作簿的内存上限（MB） / memory limit per workbook, MB",
)
@click.option(
    "--previous",
    "previous",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    metavar="文件夹",
    help="上一年度的自评工作簿所在文件夹（只读，用于核对“上年数”） / last year's workbooks",
)
@shared_options
def report(
    paths: Sequence[Path],
    out_dir: Path,
    fail_on: str,
    rules: Settings | None,
    layouts: Layouts | None,
    jobs: int | None,
    scheduler: str | None,
    timeout: float,
    memory_limit: int,
    previous: Path | None,
) -> None:
    from .batch import run_batch  # the writers and multiprocessing only when reporting

    limits = Limits(time_limit=timeout, memory_limit_mb=memory_limit)
    count = len(pipeline.collect_workbooks(paths, out_dir))
    batch = functools.partial(
        run_batch,
        paths,
        out_dir,
        rules,
        jobs=jobs,
        scheduler=scheduler,
        limits=limits,
        layouts=layouts,
        previous=[previous] if previous else None,
    )
    if count > 1 and sys.stderr.isatty():
        with click.progressbar(length=count, label="审核中", file=sys.stderr) as bar:
            doc = batch(progress=lambda done, total: _advance(bar, done, total))
    else:
        doc = batch()
    console.skipped(doc)
    if not doc.workbooks:
        click.echo(
            f"没有找到可处理的工作簿（.xlsx/.xlsm）或自评报告（.docx）；{out_dir} 中上次的输出保持不变，"
            "未写出任何文件。",
            err=True,
        )
        sys.exit(0)
    console.closing(doc, out_dir)
    sys.exit(exit_status(doc, fail_on))


def _advance(bar: Any, done: int, total: int) -> None:
    """Checking, then writing: the bar runs over both."""
    bar.length = total
    bar.update(done - bar.pos)


@main.command(help="只写出自评报告草稿（.docx） / Write only the report draft.")
@click.argument("file", type=click.Path(path_type=Path), metavar="工作簿")
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
def draft(file: Path, out_dir: Path, rules: Settings | None, layouts: Layouts | None) -> None:
    from .write.draft.report_draft import write_draft  # python-docx only when drafting

    result = pipeline.check_workbook(file, rules, layouts=layouts)
    if result.status != "checked":
        click.echo(f"{file}：{console.status_word(result)} —— {result.error}")
        sys.exit(2 if result.profile_error else 1)
    if result.kind == "report":
        click.echo(
            f"{file} 已是自评报告（Word），不再生成草稿；请用 check 或 report 命令审核它。",
            err=True,
        )
        sys.exit(2)
    dest = out_dir / output_names.draft_name(file)
    write_draft(result, dest)
    c = result.counts
    click.echo(
        f"已生成自评报告草稿：{dest}（工作簿尚有错误 {c['error']} 个、警告 {c['warning']} 个，列于附录）"
    )
