// How a child process ended, as the messages about it say it: one spelling for runs, browsers and the
// local server. No vscode import.

/** "exited with code 1", or "was ended by SIGKILL" (a signal: Node gives no code then). */
export function howProcessEnded(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was ended by ${signal}` : `exited with code ${code}`;
}
