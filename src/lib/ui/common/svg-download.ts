/**
 * `use:svgDownload={name}` on an <svg> chart of our own: PNG and SVG buttons before it save the
 * chart as drawn. The copy carries the computed colours, strokes and fonts of every element (the
 * page's stylesheet does not travel with a file), and the PNG is drawn from it at twice the size.
 */
import { fileStem } from '../../io/grid-csv';
import { downloadBlob } from './download';

const styled = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline'] as const;

/** A standalone copy of `svg` as text, each element's computed drawing style inlined. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, i) => {
    const computed = getComputedStyle(element);
    const style = styled.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
    copies[i].setAttribute('style', style);
    copies[i].removeAttribute('class');
  });
  const box = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.round(box.width)));
  copy.setAttribute('height', String(Math.round(box.height)));
  return new XMLSerializer().serializeToString(copy);
}

async function savePng(svg: SVGSVGElement, name: string): Promise<void> {
  const text = standaloneSvg(svg);
  const box = svg.getBoundingClientRect();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(box.width * 2);
    canvas.height = Math.round(box.height * 2);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (png) downloadBlob(png, name);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The Svelte action. */
export function svgDownload(svg: SVGSVGElement, name: string) {
  let current = name;
  const bar = document.createElement('div');
  bar.className = 'chart-downloads-inline';
  const button = (format: 'png' | 'svg'): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = format.toUpperCase();
    b.dataset.testid = `chart-${format}`;
    b.addEventListener('click', () => {
      const file = `${fileStem(current, 'chart')}.${format}`;
      if (format === 'svg') downloadBlob(new Blob([standaloneSvg(svg)], { type: 'image/svg+xml' }), file);
      else void savePng(svg, file);
    });
    return b;
  };
  const png = button('png');
  const svgButton = button('svg');
  const describe = (): void => {
    png.setAttribute('aria-label', `Download the chart ${current} as PNG`);
    svgButton.setAttribute('aria-label', `Download the chart ${current} as SVG`);
  };
  describe();
  bar.append(png, svgButton);
  svg.before(bar);
  return {
    update(next: string) {
      current = next;
      describe();
    },
    destroy() {
      bar.remove();
    },
  };
}
