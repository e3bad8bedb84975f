// The sessions' big packages, each read on first use (api/packageBesideBundle.ts), so that the sessions'
// code loads in a few milliseconds and a new server's first session waits only for playwright-core:
// mediabunny (the replay's WebM muxer, 1.7 MB) once the recording starts, turndown and the DOM it parses
// with (0.5 MB) on the first scrape, ws on the first live socket.
import type TurndownService from 'turndown';
import { packageBesideBundle } from '../../api/packageBesideBundle';

export function wsPackage(): typeof import('ws') {
  return packageBesideBundle('ws.js', 'ws');
}

export function mediabunny(): typeof import('mediabunny') {
  return packageBesideBundle('mediabunny.js', 'mediabunny');
}

/** turndown with its GFM plugin (two packages, one file each). */
export function turndown(): { TurndownService: typeof TurndownService; gfm: TurndownService.Plugin } {
  const gfm = packageBesideBundle<typeof import('@joplin/turndown-plugin-gfm')>('turndown-plugin-gfm.js', '@joplin/turndown-plugin-gfm').gfm;
  return { TurndownService: packageBesideBundle('turndown.js', 'turndown'), gfm };
}
