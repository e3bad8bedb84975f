// The download_file action: a click that must start a download, saved in the session's own folder.
import type { Locator, Page } from 'playwright-core';
import { downloadRawFile, rawFileKind, savedFile } from './rawFile';

/**
 * Clicks `locator` and saves the download it starts into `folder`; answers its name and where it went.
 * A link that opens a file in the tab instead (a text or JSON file served without "attachment") saves
 * that file, as download_file on a page that is a file does.
 */
export async function downloadByClick(page: Page, locator: Locator, timeout: number, folder: string): Promise<{ name: string; file: string; inTab?: boolean }> {
  const downloading = page.waitForEvent('download', { timeout });
  // Awaited after the click; a click that fails is the failure to report (no element, say), not the download that never came.
  downloading.catch(() => undefined);
  const opened = page
    .waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout })
    .then(() => page.waitForLoadState('domcontentloaded', { timeout }).catch(() => undefined))
    .then(
      () => ({ opened: true as const }),
      () => new Promise<never>(() => undefined),
    );
  await locator.click({ timeout });
  const first = await Promise.race([downloading.then((download) => ({ download })), opened]);
  // The tab now shows the file (Notte would have waited for a download): the message says so.
  if ('opened' in first && rawFileKind(page) !== undefined) return { ...(await downloadRawFile(page, folder, timeout)), inTab: true };
  const download = 'download' in first ? first.download : await downloading;
  const saved = savedFile(folder, download.suggestedFilename(), 'download');
  await download.saveAs(saved.file);
  return saved;
}
