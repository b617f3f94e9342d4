/** The report's stylesheet, inline in the HTML file: screen, and print on A4 (a section a page, charts never cut). */
export const reportCss = `
body { margin: 0; font-family: system-ui, sans-serif; color: #1d2430; background: #fff; line-height: 1.4; }
.report { max-width: 960px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.3rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #cfd6e0; padding-bottom: 0.2rem; margin-top: 1.8rem; }
h3 { font-size: 1rem; margin: 0 0 0.3rem; }
.muted { color: #5b6675; font-size: 0.9em; }
.notes { white-space: pre-wrap; border-left: 3px solid #3d6fb6; padding-left: 0.6rem; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { flex: 1 1 260px; border: 1px solid #cfd6e0; border-radius: 6px; padding: 0.8rem; }
.big { font-size: 1.8rem; font-weight: 700; margin: 0.2rem 0; }
.missing li, .caveat { color: #7a4b00; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.88em; }
th, td { border-bottom: 1px solid #e3e7ee; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.wide { overflow-x: auto; }
svg.chart { display: block; width: 100%; max-width: 100%; height: auto; margin: 0.6rem 0; break-inside: avoid; page-break-inside: avoid; }
svg.chart text { fill: #1d2430; }
details.prov { font-size: 0.85em; color: #5b6675; margin-top: 0.4rem; }
details.prov dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0; }
details.prov dt { font-weight: 600; }
details.prov dd { margin: 0; overflow-wrap: anywhere; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; }
  .report { max-width: none; padding: 0; }
  .sec + .sec { break-before: page; page-break-before: always; }
  .card, tr, svg, .chart { break-inside: avoid; page-break-inside: avoid; }
  svg { max-width: 100%; }
  .wide { overflow: visible; }
  table { width: 100%; table-layout: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
`;
