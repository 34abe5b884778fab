/**
 * What @xyflow/react needs from a browser that jsdom lacks (as its testing guide says): a
 * ResizeObserver and DOMMatrixReadOnly. Nodes and their rows render; edges are drawn once
 * handles are measured, which jsdom never does, so renderer tests read a connection off the
 * field rows ("fed by …") and the browser test sees the edges themselves.
 */
export function installXyflowShims(): void {
  const g = globalThis as Record<string, unknown>;
  if (!g.ResizeObserver) {
    g.ResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
  }
  if (!g.DOMMatrixReadOnly) {
    g.DOMMatrixReadOnly = class {
      m22: number;
      constructor(transform?: string) {
        const scale = transform?.match(/scale\(([1-9.])\)/)?.[1];
        this.m22 = scale !== undefined ? Number(scale) : 1;
      }
    };
  }
}
