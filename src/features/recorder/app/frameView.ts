// The live frame: each JPEG the extension relays shown as a blob: image, and the outlines drawn over it
// (the element hovered in the list, the one selected, the one the editor's cursor names), placed in the
// page's own viewport coordinates so they follow the frame at any size. A click on the frame finds the
// smallest element under the pointer, here, with no round trip.
import type { ElementView } from '../protocol';
import { byId } from '../../../shared/webviewDom';

type BoxKind = 'hover-box' | 'select-box' | 'highlight-box';

export class FrameView {
  private readonly image = byId<HTMLImageElement>('frame');
  private url: string | undefined;
  private viewport = { width: 1280, height: 1080 };
  private elements: ElementView[] = [];
  /** Frames shown so far (the bench and the tests read it from the DOM's data-frames). */
  private shown = 0;

  constructor(onPointAt: (element: ElementView | undefined) => void) {
    this.image.addEventListener('click', (event) => onPointAt(this.elementAt(event)));
  }

  frame(jpeg: Uint8Array | string): void {
    const bytes = typeof jpeg === 'string' ? Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0)) : jpeg;
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/jpeg' }));
    const old = this.url;
    this.url = url;
    this.image.src = url;
    if (old) URL.revokeObjectURL(old);
    this.shown++;
    this.image.dataset.frames = String(this.shown);
    // Hidden until then: an image without a picture drew a broken-image icon and its alt text.
    if (this.shown === 1) {
      byId('frame-wait').hidden = true;
      this.image.hidden = false;
    }
  }

  setElements(elements: ElementView[], viewport: { width: number; height: number }): void {
    this.elements = elements;
    this.viewport = viewport;
  }

  /** The smallest observed element whose box holds the pointer. */
  elementAt(event: MouseEvent): ElementView | undefined {
    const rect = this.image.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return undefined;
    const x = ((event.clientX - rect.left) * this.viewport.width) / rect.width;
    const y = ((event.clientY - rect.top) * this.viewport.height) / rect.height;
    let best: ElementView | undefined;
    for (const element of this.elements) {
      const box = element.box;
      if (!box || x < box.x || y < box.y || x > box.x + box.width || y > box.y + box.height) continue;
      if (!best || box.width * box.height < best.box!.width * best.box!.height) best = element;
    }
    return best;
  }

  outline(kind: BoxKind, element: ElementView | undefined): void {
    const box = byId<HTMLDivElement>(kind);
    if (!element?.box) {
      box.hidden = true;
      return;
    }
    const { x, y, width, height } = element.box;
    box.style.left = `${(x / this.viewport.width) * 100}%`;
    box.style.top = `${(y / this.viewport.height) * 100}%`;
    box.style.width = `${(width / this.viewport.width) * 100}%`;
    box.style.height = `${(height / this.viewport.height) * 100}%`;
    box.dataset.element = element.id;
    box.hidden = false;
  }
}
