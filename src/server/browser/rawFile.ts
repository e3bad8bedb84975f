// A tab that shows a file rather than a web page (a PDF, a CSV, a text or JSON file served as itself), as
// Notte's window tells it (window.is_file): its observe offers I0 "Download entire page as raw … file", and
// download_file on it (by I0, or on "html"/"body" as Notte's docs write it) saves the file itself.
import fs = require('fs');
import path = require('path');
import type { BrowserContext, Page } from 'playwright-core';
import { makePrivateDir } from '../dataFolder';

/** The ids and selectors that name the whole page for download_file, as Notte's (DEFAULT_RAW_FILE_SELECTORS, and observe's I0). */
export const WHOLE_PAGE_TARGETS: ReadonlySet<string> = new Set(['I0', 'html', 'body']);

/** Notte's short list of extensions taken for files (notte_core/utils/raw_file.py). */
const FILE_EXTENSIONS = new Set(
  'pdf doc docx xls xlsx ppt pptx txt md csv json xml yaml yml png jpg jpeg gif bmp tiff webp svg ico zip tar gz bz2 7z rar mp3 wav ogg mp4 webm mov avi mkv flv wmv mpeg mpg'.split(
    ' ',
  ),
);
const BY_TYPE: Record<string, string> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/csv': 'csv',
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/zip': 'zip',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

/** The content type of the document each tab shows, as its last navigation's answer gave it. */
const documents = new WeakMap<Page, { url: string; contentType?: string }>();

/** Keeps, for each tab of `context`, what its document's answer said it was. */
export function watchDocuments(context: BrowserContext): void {
  context.on('response', (response) => {
    try {
      const frame = response.frame();
      if (!response.request().isNavigationRequest() || frame.parentFrame() !== null) return;
      documents.set(frame.page(), { url: response.url(), contentType: response.headers()['content-type'] });
    } catch {
      // A service worker's answer belongs to no tab.
    }
  });
}

function extensionOf(url: string): string | undefined {
  try {
    const name = new URL(url).pathname.split('/').pop() ?? '';
    const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
    return FILE_EXTENSIONS.has(extension) ? extension : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the tab shows a file, and its kind ('' when its type names none): undefined for a web page. */
export function rawFileKind(page: Page): string | undefined {
  const document = documents.get(page);
  if (!document || document.url !== page.url()) return extensionOf(page.url());
  const type = document.contentType?.split(';')[0].trim().toLowerCase();
  if (!type || type === 'text/html' || type === 'application/xhtml+xml') return undefined;
  return BY_TYPE[type] ?? extensionOf(page.url()) ?? '';
}

/** Saves the file the tab shows (asked again with the session's cookies) into `folder`. */
export async function downloadRawFile(page: Page, folder: string, timeout: number): Promise<{ name: string; file: string }> {
  const answer = await page.request.get(page.url(), { timeout });
  if (!answer.ok()) throw new Error(`${page.url()} answered ${answer.status()} when asked for the file again`);
  const header = answer.headers()['content-disposition'] ?? '';
  // filename*= is percent-encoded (RFC 5987); a plain filename= and the address's last part may hold a bare %.
  const encoded = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(header)?.[1];
  const decoded = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const given = encoded ? decoded(encoded) : (plain ?? decoded(new URL(page.url()).pathname.split('/').pop() ?? ''));
  const { name, file } = savedFile(folder, given, `download.${rawFileKind(page) || 'bin'}`);
  await fs.promises.writeFile(file, await answer.body());
  return { name, file };
}

/**
 * Where a download goes in the session's `folder`: under the name the site gave (its last part only, so
 * no name leaves the folder), else `fallback`. The one naming of both ways a file is saved.
 */
export function savedFile(folder: string, given: string, fallback: string): { name: string; file: string } {
  const base = path.basename(given);
  const name = base && base !== '.' && base !== '..' ? base : fallback;
  makePrivateDir(folder);
  return { name, file: path.join(folder, name) };
}
