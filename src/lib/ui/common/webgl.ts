/** Whether this page can draw with WebGL (Plotly's 3-D charts need it). */
export function hasWebGL(): boolean {
  try {
    return Boolean(document.createElement('canvas').getContext('webgl'));
  } catch {
    return false;
  }
}
