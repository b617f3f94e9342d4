/** A horizontal bar chart as an inline SVG string (no script, no external reference, every label escaped). */
import { escapeHtml } from './format';

/** One bar. */
export interface Bar {
  label: string;
  value: number;
  /** The value as written beside the bar. */
  text: string;
}

/** Options of `svgBars`. */
export interface SvgBarsOptions {
  /** Read by screen readers. */
  title: string;
  /** Drawing width in SVG units (the SVG scales to its container; default 640). */
  width?: number;
}

const rowHeight = 22;
const labelWidth = 180;
const valueWidth = 110;
/** Longest label drawn; longer ones are cut with "…" (the tables beside the charts keep them whole). */
const maxLabel = 28;

/** A horizontal bar per item, scaled to the largest value; `width="100%"` so it never overflows its page. */
export function svgBars(bars: readonly Bar[], options: SvgBarsOptions): string {
  const width = options.width ?? 640;
  const height = bars.length * rowHeight + 8;
  const max = Math.max(0, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const span = width - labelWidth - valueWidth;
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowHeight;
    const w = max > 0 && Number.isFinite(b.value) && b.value > 0 ? (b.value / max) * span : 0;
    const label = b.label.length > maxLabel ? `${b.label.slice(0, maxLabel - 1)}…` : b.label;
    return (
      `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="#3d6fb6"></rect>` +
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(b.text)}</text>`
    );
  });
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(options.title)}" font-size="12" font-family="sans-serif">` +
    `<title>${escapeHtml(options.title)}</title>${rows.join('')}</svg>`
  );
}
