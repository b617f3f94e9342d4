/**
 * Colours of segments and of compared runs, in order: the Okabe–Ito palette, safe for the
 * common colour-vision deficiencies (yellow last: it is faint on white), then two further
 * distinct colours. Colour never carries meaning alone: every series also has its name in the
 * legend or next to it, and a marker shape or line dash of its own (below).
 */
export const segmentPalette = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#000000', '#f0e442', '#882255', '#999999'];

/** A marker shape per series (2-D Plotly scatter), in the palette's order. */
export const seriesSymbols = ['circle', 'square', 'diamond', 'triangle-up', 'x', 'cross', 'star', 'triangle-down', 'hexagon', 'pentagon'];

/** A line dash per series, in the palette's order. */
export const seriesDashes = ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot'];
