"""What the command line prints: `check`'s table, `report`'s end screen, and why a workbook
could not be checked. Chinese, for the people who run it."""

from __future__ import annotations

from pathlib import Path

import click

from . import pipeline
from .kinds import kind_of
from .result import Report, WorkbookResult


def closing(doc: Report, out_dir: Path) -> None:
    """The end screen of `report`: each workbook's counts and outputs (its copy and its draft),
    the batch's totals and notes, and where everything went."""
    from .write.batch.batch_frames import batch_headline, batch_notes

    for wb in doc.workbooks:
        if wb.status != "checked":
            click.echo(f"{wb.file}：{status_word(wb)} —— {wb.error}")
            continue
        c = wb.counts
        kind = kind_of(wb.kind)
        outputs = [("审核副本", wb.output)]
        if kind.draft:  # a form gets no report draft
            outputs.append(("报告草稿", wb.draft))
        made = "；".join(
            f"{what} {_below(path, out_dir)}" if path else f"{what}未写出" for what, path in outputs
        )
        if wb.narrative is not None:  # a Word report: its figures' coverage, and its copy
            made = f"{kind.title}；{_coverage(wb)}{made.replace('审核副本', '审核副本（Word 批注）', 1)}"
        elif not kind.draft:
            made = f"{kind.title_of(wb.kind)}；{made}"
        loop = f"{wb.previous.line}；" if wb.previous is not None else ""
        click.echo(
            f"{wb.file}：{loop}错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}；{made}"
        )
    totals = doc.counts()
    click.echo(
        f"{batch_headline(doc)}；错误 {totals['error']}，警告 {totals['warning']}，"
        f"提示 {totals['info']}。"
    )
    for note in batch_notes(doc):
        click.echo(f"注意：{note}")
    copies, drafts = (sum(1 for w in doc.workbooks if getattr(w, k)) for k in ("output", "draft"))
    reports = sum(1 for w in doc.workbooks if w.output and w.narrative is not None)
    texts = f"（其中 Word 自评报告 {reports} 份，批注标在文中）" if reports else ""
    click.echo(
        f"输出在 {out_dir}：审核副本 {copies} 个{texts}，自评报告草稿 {drafts} 个，"
        f"批量汇总 {out_dir / pipeline.BATCH_SUMMARY}，报告 {out_dir / pipeline.REPORT_JSON}。"
    )


def _coverage(wb: WorkbookResult) -> str:
    """文中数字 N 个：识别出含义 B 个，核对 C 个；"""
    cov = wb.narrative.coverage if wb.narrative is not None else {}
    if not cov:
        return ""
    return (
        f"文中数字 {cov.get('found', 0)} 个：识别出含义 {cov.get('bound', 0)} 个，"
        f"核对 {cov.get('checked', 0)} 个；"
    )


def skipped(doc: Report) -> None:
    """Say which files a folder search left out, and why."""
    for path, why in doc.skipped:
        click.echo(f"跳过 {path}：{why}。")


def _below(path: str, folder: Path) -> str:
    """`path` as seen from `folder` (where the closing line says the outputs are)."""
    target = Path(path)
    return str(target.relative_to(folder)) if target.is_relative_to(folder) else path


def _score_line(wb: WorkbookResult) -> str:
    s = wb.score

    def shown(value: float | None) -> str:
        return "—" if value is None else f"{value:g}"

    return (
        f"自评 {shown(s.stated)} 分（{s.grade_stated or '—'}），按评分规则「{wb.profile}」计算 "
        f"{shown(s.computed)} 分（{s.grade_computed or '—'}）"
    )


def status_word(wb: WorkbookResult) -> str:
    return "处理失败（本工具的问题）" if wb.status == "failed" else "无法读取"


def print_table(wb: WorkbookResult) -> None:
    if wb.status != "checked":
        click.echo(f"{wb.file}：{status_word(wb)} —— {wb.error}")
        return
    c = wb.counts
    loop = f"{wb.previous.line}；" if wb.previous is not None else ""
    click.echo(
        f"{wb.file}：{loop}错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}；"
        f"{_score_line(wb)}"
    )
    for f in wb.findings:
        click.echo(f"  {f.severity.label}\t{f.code}\t{f.location}\t{f.message}")


#: What each command's arguments are, for “缺少……”.
ARGUMENT_WORDS = {
    "files": "要检查的工作簿（一个或多个 .xlsx 文件或文件夹）",
    "paths": "要审核的工作簿（一个或多个 .xlsx 文件或文件夹，如 input）",
    "file": "工作簿文件（.xlsx）",
}
NO_COMMAND = "\n\n错误：请指定命令，例如 budget-batch report input -o output"
USAGE_WORDS = (
    ("Usage: ", "用法："),
    ("[OPTIONS]", "[选项]"),
    ("COMMAND [ARGS]...", "命令 [参数]..."),
)


def _named(param: click.Parameter | None) -> str:
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    name = param.name if param is not None else None
    return ARGUMENT_WORDS.get(name or "", name or "参数")


def usage_message(error: click.UsageError) -> str:
    """A click usage error in Chinese: what is wrong, the usage line, where help is."""
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        return error.format_message() + NO_COMMAND
    if isinstance(error, click.NoSuchOption):
        text = f"没有选项 {error.option_name}"
    elif isinstance(error, click.exceptions.NoSuchCommand):
        text = f"没有命令 {error.command_name}"
    elif isinstance(error, click.BadOptionUsage):
        needs = "requires" in error.message
        text = f"选项 {error.option_name} " + ("后面要跟一个值" if needs else "用法不对")
    elif isinstance(error, click.MissingParameter):
        option = isinstance(error.param, click.Option)
        text = f"缺少{'选项 ' if option else ''}{_named(error.param)}"
    elif isinstance(error, click.BadParameter):
        text = f"{_named(error.param)} 的值不对：{error.message}"
    else:
        text = f"命令用法不对（{error.format_message()}）"
    if possibilities := getattr(error, "possibilities", None):
        text += f"（是否要用 {'、'.join(sorted(possibilities))}？）"
    if isinstance(error, click.exceptions.NoSuchCommand):
        text += "。可用的命令：template、check、report、draft"
    usage = error.ctx.get_usage() if error.ctx is not None else ""
    for english, chinese in USAGE_WORDS:
        usage = usage.replace(english, chinese)
    path = error.ctx.command_path if error.ctx is not None else "budget-batch"
    lines = [
        f"错误：{text.rstrip('。')}。",
        *([usage] if usage else []),
        f"查看帮助：{path} --help",
    ]
    return "\n".join(lines)
