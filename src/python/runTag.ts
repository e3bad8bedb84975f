// A run's processes, wherever they went. Killing the run's process group misses what a function starts
// outside it: a child in a session of its own (subprocess's start_new_session, Playwright's browsers), a
// daemon whose parent already exited. So every process of a run carries the run's id in its
// environment (inherited unless a process clears it), and a stopped run's processes are found by it
// (Linux: /proc; elsewhere the group is all there is). Only this user's processes can be read, and only
// those that carry this run's id, a UUID, are ended.
import fs = require('fs');

/** The variable each run's harness is started with: the run's id. */
export const RUN_TAG_ENV = 'NOTTE_HARNESS_RUN';

/** Ends (SIGKILL) every process that carries this run's tag; answers how many. Never throws. */
export async function killTaggedProcesses(runId: string): Promise<number> {
  if (process.platform !== 'linux' || !runId) return 0;
  const tag = Buffer.from(`${RUN_TAG_ENV}=${runId}\0`);
  let entries: string[];
  try {
    entries = await fs.promises.readdir('/proc');
  } catch {
    return 0;
  }
  let killed = 0;
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
      .map(async (entry) => {
        let environ: Buffer;
        try {
          environ = await fs.promises.readFile(`/proc/${entry}/environ`);
        } catch {
          return; // Another user's, or gone.
        }
        // The variable is whole: at the start of the block or after the previous one's NUL.
        const at = environ.indexOf(tag);
        if (at < 0 || (at > 0 && environ[at - 1] !== 0)) return;
        try {
          process.kill(Number(entry), 'SIGKILL');
          killed++;
        } catch {
          // Gone meanwhile.
        }
      }),
  );
  return killed;
}
