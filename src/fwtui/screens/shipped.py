"""A criterion an overlay replaced, beside the shipped one it replaced: verdicts, reasoning, snippets."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from ..model import Criterion, Knowledge
from ..widgets.labels import literal, one_line, overlay_name, verdict_name
from .side_by_side import Side, SideBySideScreen, verdicts_compared


class ShippedScreen(SideBySideScreen):
    """The shipped criterion first, then the overlay's that replaced it, so the reader sees what the team changed."""

    BINDINGS = [Binding("escape,q,s", "close", "Close", id="shipped.close")]

    def __init__(self, knowledge: Knowledge, criterion: Criterion) -> None:
        shipped = criterion.replaces
        assert shipped is not None, "only a criterion an overlay replaced has a shipped version"
        names = {f.id: one_line(f.name) for f in knowledge.frameworks}
        source = overlay_name(knowledge.overlays, criterion.overlay)
        summary = Text.assemble(("Overlay ", "bold"), source, (" replaces the shipped criterion.\n", "bold"))
        summary.append_text(verdicts_compared(("Shipped", shipped.verdict), ("Overlay", criterion.verdict), names))
        sides = [_side(Text.assemble(("Shipped: ", "bold")), shipped, names),
                 _side(Text.assemble(("Overlay ", "bold"), source, (": ", "bold")), criterion, names)]
        super().__init__(knowledge.frameworks, f"{one_line(criterion.title)}: shipped and overlay", summary, sides)


def _side(heading: Text, criterion: Criterion, names: dict[str, str]) -> Side:
    heading.append_text(literal(one_line(criterion.title)))
    verdict = Text.assemble(("Verdict: ", "bold"), verdict_name(criterion.verdict, names))
    return Side(heading, criterion, verdict, criterion.changed)
