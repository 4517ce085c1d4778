"""The curator's /status chart: a PNG with the stage funnel and the meetings held per month.

Drawn with matplotlib's object-oriented API on the Agg canvas (no pyplot, no display, no global
state). Every label comes from the translator: `labels()` takes them in the caller's thread, and
`draw()`, which needs no translator, may then run in a worker thread.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from bot.i18n import Translator
from bot.services.status import Summary

WIDTH_IN, HEIGHT_IN, DPI = 8, 5, 100  # 800 x 500 pixels
MENTOR_COLOUR, MENTEE_COLOUR, MEETING_COLOUR = "#4C72B0", "#DD8452", "#55A868"


@dataclass(frozen=True)
class Labels:
    title: str
    funnel: str
    steps: tuple[str, str, str, str]  # invited, consented, questionnaire done, paired
    mentors: str
    mentees: str
    meetings: str
    months: tuple[str, ...]  # one per month of `Summary.held_by_month`
    no_months: str


def labels(t: Translator, s: Summary) -> Labels:
    return Labels(
        title=t("status-chart-title", date=s.today.strftime("%d.%m.%Y")),
        funnel=t("status-chart-funnel"),
        steps=(t("status-chart-invited"), t("status-chart-consented"), t("status-chart-questionnaire"), t("status-chart-paired")),
        mentors=t("status-chart-mentors"),
        mentees=t("status-chart-mentees"),
        meetings=t("status-chart-meetings"),
        months=tuple(t("status-month-short", month=first.month) for first, _ in s.held_by_month),
        no_months=t("status-chart-no-months"),
    )


def render(t: Translator, s: Summary) -> bytes:
    """The chart as PNG bytes."""
    return draw(labels(t, s), s)


def draw(text: Labels, s: Summary) -> bytes:
    """The chart as PNG bytes, from labels already translated."""
    # Imported on the first chart, not at start-up: matplotlib is 40 MB and a second of the bot's start.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    funnel, meetings = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1]})
    figure.suptitle(text.title, fontsize=13)

    # The funnel: invited -> consented -> questionnaire done -> paired, mentors and mentees stacked.
    steps = list(zip(text.steps, (s.invited, s.consented, s.questionnaire_done, s.paired), strict=True))
    labels = [label for label, _ in steps]
    rows = list(range(len(steps)))[::-1]  # the first step on top
    mentors = [counts.mentors for _, counts in steps]
    mentees = [counts.mentees for _, counts in steps]
    funnel.barh(rows, mentors, color=MENTOR_COLOUR, label=text.mentors)
    funnel.barh(rows, mentees, left=mentors, color=MENTEE_COLOUR, label=text.mentees)
    widest = max([m + e for m, e in zip(mentors, mentees, strict=True)] + [1])
    for row, (_, counts) in zip(rows, steps, strict=True):
        funnel.text(counts.total + widest * 0.02, row, str(counts.total), va="center", fontsize=10)
    funnel.set_yticks(rows, labels)
    funnel.set_xlim(0, widest * 1.18)
    funnel.set_title(text.funnel, fontsize=11)
    funnel.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=9, frameon=False)
    funnel.xaxis.set_visible(False)  # every bar carries its number
    funnel.spines[["top", "right", "bottom"]].set_visible(False)

    # Meetings held per month of the programme year so far.
    months = list(text.months)
    counts = [n for _, n in s.held_by_month]
    bars = meetings.bar(range(len(counts)), counts, color=MEETING_COLOUR)
    meetings.bar_label(bars, fontsize=9)
    meetings.set_xticks(range(len(counts)), months, fontsize=9)
    meetings.set_ylim(0, max(counts + [1]) * 1.2)
    meetings.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    meetings.set_title(text.meetings, fontsize=11)
    meetings.spines[["top", "right"]].set_visible(False)
    if not counts:
        meetings.text(0.5, 0.5, text.no_months, ha="center", va="center", transform=meetings.transAxes)
        meetings.set_xticks([])

    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
