/**
 * A Jupyter notebook (nbformat 4) of a script's sections: the opening words as a markdown cell, then
 * each section as a markdown title and a code cell, so the notebook runs the same code as the script.
 */
import type { ScriptSection } from './pandas-load';

/** A cell's source as nbformat stores it: lines, each but the last ending in a newline. */
function sourceOf(lines: readonly string[]): string[] {
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line));
}

/** Markdown of user text: characters that Markdown or HTML would read are escaped. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!<>|&]/g, (c) => `\\${c}`);
}

/** The notebook's JSON text (Python 3 kernel). */
export function notebookOf(intro: readonly string[], sections: readonly ScriptSection[]): string {
  const cells = [
    { cell_type: 'markdown', metadata: {}, source: sourceOf(intro.map(markdownText)) },
    ...sections.flatMap((s) => [
      { cell_type: 'markdown', metadata: {}, source: sourceOf([`## ${markdownText(s.title)}`]) },
      { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: sourceOf(s.lines) },
    ]),
  ];
  const notebook = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python', pygments_lexer: 'ipython3' },
    },
    nbformat: 4,
    nbformat_minor: 4,
  };
  return JSON.stringify(notebook, null, 1) + '\n';
}
