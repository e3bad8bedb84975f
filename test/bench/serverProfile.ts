// Where the local server's time goes while it streams: one run of lines.py read by curl through a
// server started under `node --cpu-prof`, its profile's self time grouped by kind of work.
import * as fs from 'fs';
import * as path from 'path';
import { fmt } from './stats';
import { benchPython, serverEnv, spawnJsonReady } from './processes';
import { readWithCurl } from './readers';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PERSISTENCE = new Set(['writeFileSync', 'writeFileUtf8', 'appendFileSync', 'writeSync', 'openSync', 'closeSync', 'rename', 'renameSync', 'open', 'close', 'mkdirSync']);
const SOCKET_WRITES = new Set(['writev', 'writevGeneric', 'writeGeneric', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeString']);

/** The kind of work a profile node's own time is. */
function kindOf(node: ProfileNode, serverScript: string): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (SOCKET_WRITES.has(functionName) || url.includes('stream_base_commons')) return 'socket writes (the SSE bytes to curl)';
  if (PERSISTENCE.has(functionName)) return "keeping the run on disk (its file, its log file's appends)";
  if (url === serverScript || url.endsWith('/local-server.js')) return "the server's own code (line splitting, the loguru-shaped line, the SSE event, bookkeeping)";
  if (url.includes('streams') || url.includes('net') || functionName === 'onStreamRead') return "reading the function's pipe, Node's streams";
  return "other (Node's internals, the program)";
}

export interface ServerProfile {
  wallMs: number;
  busyMs: number;
  shares: [string, number][];
}

/** Streams one run of lines.py through a profiled server to curl; answers the busy time by kind of work. */
export async function profileServerStreaming(root: string, workDir: string, functionsDir: string, lines: number): Promise<ServerProfile> {
  const profileDir = path.join(workDir, 'server-profile');
  fs.rmSync(profileDir, { recursive: true, force: true });
  const key = 'bench-profile-key';
  const script = path.join(root, 'dist', 'local-server.js');
  const args = ['--functions', functionsDir, '--port', '0', '--data', path.join(workDir, 'profile-data'), '--python', benchPython(), '--json'];
  const server = await spawnJsonReady<{ url: string }>(script, args, 120000, serverEnv(key), ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  let wallMs: number;
  try {
    wallMs = (await readWithCurl({ baseUrl: server.url, key, functionId: 'lines' }, { count: lines })).ms;
  } finally {
    // SIGINT ends the server as Ctrl-C does: it exits, and Node writes the profile on the way out.
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGINT');
    await exited;
  }
  const file = fs.readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('the profiled server wrote no profile');
  const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const kind = kindOf(byId.get(id)!, `file://${script}`);
    totals.set(kind, (totals.get(kind) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  totals.delete('idle');
  const busyMs = [...totals.values()].reduce((a, b) => a + b, 0);
  return { wallMs, busyMs, shares: [...totals].sort((a, b) => b[1] - a[1]) };
}

/** The profile as a sentence of the results. */
export function profileNote(profile: ServerProfile): string {
  const parts = profile.shares.map(([kind, ms]) => `${kind} ${fmt(ms)} ms (${Math.round((100 * ms) / profile.busyMs)}%)`);
  return `The server, busy ${fmt(profile.busyMs)} ms of the ${fmt(profile.wallMs)} ms one profiled run took to reach curl (the whole server process, start to stop; the profiler slows it down): ${parts.join('; ')}.`;
}
