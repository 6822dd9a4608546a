"""A bulletin as a printable PDF and as an XLSX workbook, from what it stores (its title,
wording, frozen figures and typical cases): a published bulletin prints the same any day.

The PDF uses reportlab's built-in CID font STSong-Light for Chinese (no font file: a PDF
reader supplies the glyphs); the photos stay on the page, where their addresses are signed."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from dashboard.bulletins.models import Bulletin
from dashboard.bulletins.wording import percent, score

FONT = "STSong-Light"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(bulletin: Bulletin, ext: str) -> str:
    return f"bulletin-{bulletin.area.code}-{bulletin.month:%Y-%m}-v{bulletin.version}.{ext}"


def _rows(bulletin: Bulletin) -> dict[str, list[list[Any]]]:
    """The bulletin's tables, headed, as both files show them."""
    f = bulletin.figures
    t = f["total"]
    summary = [
        [_("Cases reported"), t["reported"]],
        [_("Cases accepted"), t["accepted"]],
        [_("Due to close"), t["due"]],
        [_("Cases closed"), t["closed"]],
        [_("Closure rate"), percent(t["closure_rate"])],
        [_("On-time closure rate"), percent(t["on_time_rate"])],
        [_("Ratings"), t["ratings"]],
        [_("Average rating"), score(t["average_rating"])],
    ]
    grid_head = [
        _("Grid"),
        _("Community"),
        _("Due to close"),
        _("Cases closed"),
        _("On-time closure rate"),
    ]

    def grid(g: dict[str, Any]) -> list[Any]:
        return [g["name"], g["community"], g["due"], g["closed"], percent(g["on_time_rate"])]

    return {
        "summary": [[_("Figure"), _("Value")], *summary],
        "top": [grid_head, *[grid(g) for g in f["grids"]["top"]]],
        "bottom": [grid_head, *[grid(g) for g in f["grids"]["bottom"]]],
        "overdue": [
            [_("Unit"), _("Overdue cases")],
            *[[u["unit"] or _("Departments"), u["count"]] for u in f["overdue"]["units"]],
        ],
        "trend": [
            [
                _("Month"),
                _("Cases reported"),
                _("Due to close"),
                _("Cases closed"),
                _("On-time closure rate"),
            ],
            *[
                [m["month"], m["reported"], m["due"], m["closed"], percent(m["on_time_rate"])]
                for m in f["trend"]
            ],
        ],
        "typical": [
            [_("Category"), _("Place"), _("What was reported and done")],
            *[[r.category, r.place, r.caption] for r in bulletin.typical.all()],
        ],
    }


def _sections() -> list[tuple[str, str]]:
    return [
        ("summary", _("The month in figures")),
        ("top", _("Grids at the top")),
        ("bottom", _("Grids at the bottom")),
        ("overdue", _("Overdue cases by unit")),
        ("trend", _("Six months' trend")),
        ("typical", _("Typical cases")),
    ]


def pdf(bulletin: Bulletin) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    heading = ParagraphStyle("h", fontName=FONT, fontSize=16, leading=22, spaceAfter=6)
    subheading = ParagraphStyle("h2", fontName=FONT, fontSize=12, leading=18, spaceBefore=8)
    text = ParagraphStyle("p", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
    muted = ParagraphStyle("m", parent=text, textColor=colors.grey, fontSize=9)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=bulletin.title,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    )
    published = bulletin.published_at.strftime("%Y-%m-%d") if bulletin.published_at else ""
    story: list[Any] = [
        Paragraph(_escape(bulletin.title), heading),
        Paragraph(
            _escape(
                _("Version %(version)d · %(status)s %(day)s")
                % {
                    "version": bulletin.version,
                    "status": bulletin.get_status_display(),
                    "day": published,
                }
            ),
            muted,
        ),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(_escape(p), text) for p in bulletin.paragraphs]
    rows = _rows(bulletin)
    for key, label in _sections():
        if len(rows[key]) < 2:
            continue
        story.append(Paragraph(_escape(label), subheading))
        cells = [[Paragraph(_escape(str(c)), text) for c in row] for row in rows[key]]
        table = Table(cells, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.lightgrey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return out.getvalue()


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xlsx(bulletin: Bulletin) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("Bulletin"))[:31]
    bold = Font(bold=True)
    sheet.append([bulletin.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Area"), bulletin.area.name, bulletin.area.code])
    sheet.append([_("Month"), bulletin.figures.get("month", "")])
    sheet.append([_("Version"), bulletin.version, bulletin.get_status_display()])
    sheet.append([])
    for paragraph in bulletin.paragraphs:
        sheet.append([paragraph])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    rows = _rows(bulletin)
    for key, label in _sections():
        part = book.create_sheet(str(label)[:31])
        for n, row in enumerate(rows[key]):
            part.append(row)
            if n == 0:
                for cell in part[part.max_row]:
                    cell.font = bold
        for column in "ABCDE":
            part.column_dimensions[column].width = 18
    sheet.column_dimensions["A"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
