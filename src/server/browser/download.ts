// The download_file action: a click that must start a download, saved in the session's own folder.
import path = require('path');
import type { Locator, Page } from 'playwright-core';
import { makePrivateDir } from '../dataFolder';

/** Clicks `locator` and saves the download it starts into `folder`; answers its name and where it went. */
export async function downloadByClick(page: Page, locator: Locator, timeout: number, folder: string): Promise<{ name: string; file: string }> {
  const downloading = page.waitForEvent('download', { timeout });
  // Awaited after the click; a click that fails is the failure to report (no element, say), not the download that never came.
  downloading.catch(() => undefined);
  await locator.click({ timeout });
  const download = await downloading;
  makePrivateDir(folder);
  const file = path.join(folder, path.basename(download.suggestedFilename()) || 'download');
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file };
}
