// What the Functions view says and offers when it cannot load: the whole message, and only the
// actions that can help. No vscode import: unit-tested on Node.
import { Commands } from '../../shared/contributions';

export interface LoadProblem {
  /** The error as describeError gives it. */
  message: string;
  /** What could not be loaded: "functions" at the root, "runs" under a function. */
  what: 'functions' | 'runs';
  profileName: string;
  /** The active profile's server is on this machine (the "Local server" profile, or any loopback address). */
  localProfile: boolean;
  /** The error says the server could not be reached (not an answer with an error). */
  unreachable: boolean;
  /** The server refused the key. */
  auth: boolean;
}

export interface ProblemAction {
  label: string;
  command: string;
  arguments?: unknown[];
  icon: string;
}

/** For TreeView.message: one readable paragraph, never cut by the sidebar (it wraps). */
export function problemText(problem: LoadProblem): string {
  const lead = `Could not load ${problem.what} from ${problem.profileName}.`;
  const hint = problem.localProfile && problem.unreachable ? ' The local Functions server is not running (it stopped or was never started in this window).' : '';
  return `${lead} ${problem.message}${hint}`;
}

/** Retry; Start Local Functions Server when the local profile's server is gone; Set API Key on a refused key; Switch Profile; Open Settings. */
export function problemActions(problem: LoadProblem): ProblemAction[] {
  const actions: ProblemAction[] = [{ label: 'Retry', command: Commands.retry, icon: 'refresh' }];
  if (problem.localProfile && problem.unreachable) actions.push({ label: 'Start Local Functions Server', command: Commands.startLocalServer, icon: 'server-process' });
  if (problem.auth) actions.push({ label: `Set API Key of ${problem.profileName}…`, command: Commands.setApiKey, icon: 'key' });
  actions.push({ label: 'Switch Profile…', command: Commands.switchProfile, icon: 'account' });
  actions.push({ label: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['notte.'], icon: 'settings-gear' });
  return actions;
}
