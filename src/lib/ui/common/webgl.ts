/** The answer of {@link hasWebGL}, once asked. */
let known: boolean | undefined;

/** Whether this page can draw with WebGL (Plotly's 3-D charts need it), asked once (each ask made a WebGL context: tens of ms, and contexts are few). */
export function hasWebGL(): boolean {
  if (known === undefined) {
    try {
      known = Boolean(document.createElement('canvas').getContext('webgl'));
    } catch {
      known = false;
    }
  }
  return known;
}
