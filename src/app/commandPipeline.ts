// The command pipeline: what runs between VS Code calling a command id and the command's handler.
// The commands themselves are declared, as data, in src/commands/index.ts.
//
// On the first call of any command (or the first look at the view), the window's Ctx is built
// (src/ctx.ts and everything it loads); on the first call of a command, its module is loaded. Then
// what the command declared it needs is checked (needsKey: an API key, or the user is offered to set
// one or start the local server; when refused, the command answers undefined without running), and
// the handler runs. Activation itself only registers the ids, so what it loads does not grow with
// the number of commands.
import vscode = require('vscode');
import type { CommandSpec } from './commandTable';
import type { Ctx } from '../core/window';

/** Builds the window's Ctx on first use, once; `current` is it once built (undefined before). */
export class CtxLoader {
  private loading: Promise<Ctx> | undefined;
  private built: Ctx | undefined;

  constructor(private readonly build: () => Promise<Ctx>) {}

  get(): Promise<Ctx> {
    this.loading ??= this.build().then((ctx) => (this.built = ctx));
    return this.loading;
  }

  get current(): Ctx | undefined {
    return this.built;
  }
}

/** Registers every command of the table; each registration is owned by `subscriptions`. */
export function registerCommands(subscriptions: vscode.Disposable[], ctx: CtxLoader, table: readonly CommandSpec[]): void {
  for (const spec of table) {
    subscriptions.push(vscode.commands.registerCommand(spec.id, (...args: unknown[]) => runCommand(ctx, spec, args)));
  }
}

async function runCommand(loader: CtxLoader, spec: CommandSpec, args: unknown[]): Promise<unknown> {
  const [ctx, handler] = await Promise.all([loader.get(), spec.load()]);
  if (spec.needsKey) {
    const { ensureApiKey } = await import('../features/profiles/apiKey');
    if (!(await ensureApiKey(ctx))) return undefined;
  }
  return handler(ctx, ...args);
}
