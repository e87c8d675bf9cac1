"""The look shared by every export: one colour per node type, so that a municipality is the same blue
in Gephi (GEXF), Graphviz (DOT), the HTML page and the PNG/SVG figures.

The palette is Okabe and Ito's, which stays distinguishable to colour-blind readers.

>>> colour("municipality")
'#0072B2'
>>> colour("something new") == TYPE_COLOURS["other"]
True
>>> rgb("county")
(86, 180, 233)
>>> text_colour("municipality"), text_colour("post")
('#FFFFFF', '#000000')
"""

from __future__ import annotations

# In the order legends list them.
TYPE_COLOURS: dict[str, str] = {
    "municipality": "#0072B2",  # kommune: blue
    "county": "#56B4E9",  # fylke: sky blue
    "network": "#009E73",  # interkommunalt samarbeid, regionråd: bluish green
    "organisation": "#CC79A7",  # reddish purple
    "person": "#D55E00",  # vermilion
    "post": "#E69F00",  # verv (ordfører, kommunedirektør): orange
    "other": "#999999",  # grey
}


def colour(node_type: str | None) -> str:
    """The hex colour of a node type; types without one of their own get the colour of ``other``."""
    return TYPE_COLOURS.get(node_type or "other", TYPE_COLOURS["other"])


def rgb(node_type: str | None) -> tuple[int, int, int]:
    """The colour of a node type as (red, green, blue), each 0–255 (GEXF's viz:color)."""
    hex_colour = colour(node_type).lstrip("#")
    return tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))


def text_colour(node_type: str | None) -> str:
    """Black or white, whichever reads better on the type's colour (WCAG contrast)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(node_type))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"
