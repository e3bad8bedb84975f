// package.json and the code name the same things: every contributed command has a handler in the
// command table and every handler a contribution; every view, submenu and context key a `when`
// clause uses is one of src/shared/contributions.ts; and the code sets context keys through those names only.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMANDS } from '../../../src/app/commandTable';
import { Commands, ContextKeys, Submenus, TEST_CONTROLLER_ID, TEST_RESULT_MESSAGE, Views, WALKTHROUGH_ID, Webviews } from '../../../src/shared/contributions';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

interface MenuEntry {
  command?: string;
  submenu?: string;
  when?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; when?: string }[];
    submenus: { id: string }[];
    menus: Record<string, MenuEntry[]>;
    keybindings: { command: string; key: string; when?: string }[];
    walkthroughs: { id: string; steps: { id: string; completionEvents: string[]; media: { image: string } }[] }[];
  };
};
const contributes = manifest.contributes;

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('contributions: package.json and src/shared/contributions.ts agree', () => {
  it('every contributed command has a handler in the table, and every handler a contribution', () => {
    const contributed = contributes.commands.map((c) => c.command);
    const handled = COMMANDS.map((c) => c.id);
    assert.deepStrictEqual(sorted(handled), sorted(new Set(handled)), 'a command is in the table twice');
    assert.deepStrictEqual(sorted(contributed), sorted(handled));
    assert.deepStrictEqual(sorted(handled), sorted(Object.values(Commands)));
  });

  it('menus name only contributed commands and submenus', () => {
    const commands = new Set<string>(Object.values(Commands));
    const submenus = new Set<string>(Object.values(Submenus));
    assert.deepStrictEqual(sorted(contributes.submenus.map((s) => s.id)), sorted(submenus));
    for (const [menu, entries] of Object.entries(contributes.menus)) {
      const vscodeMenus = ['commandPalette', 'view/title', 'view/item/context', 'explorer/context', 'editor/title/context', 'editor/title/run', 'editor/context', 'file/newFile'];
      const testingMenus = ['testing/item/context', 'testing/item/result', 'testing/message/context', 'testing/message/content'];
      if (![...vscodeMenus, ...testingMenus].includes(menu)) {
        assert.ok(submenus.has(menu), `menu ${menu} is neither a VS Code menu used here nor one of ours`);
      }
      for (const entry of entries) {
        if (entry.command) assert.ok(commands.has(entry.command), `${menu} names ${entry.command}, which has no handler`);
        if (entry.submenu) assert.ok(submenus.has(entry.submenu), `${menu} names the submenu ${entry.submenu}, not in src/shared/contributions.ts`);
      }
    }
  });

  it('views and the view container are the ones of src/shared/contributions.ts', () => {
    assert.deepStrictEqual(
      contributes.viewsContainers.activitybar.map((c) => c.id),
      [Views.container],
    );
    assert.deepStrictEqual(Object.keys(contributes.views), [Views.container]);
    assert.deepStrictEqual(
      contributes.views[Views.container].map((v) => v.id),
      [Views.functions],
    );
    for (const welcome of contributes.viewsWelcome) assert.strictEqual(welcome.view, Views.functions);
  });

  it('every notte.* key of a when clause is a context key of src/shared/contributions.ts, and each is used', () => {
    const clauses = [...Object.values(contributes.menus).flat(), ...contributes.viewsWelcome, ...contributes.keybindings].map((e) => e.when ?? '');
    const completions = contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => s.completionEvents));
    clauses.push(...completions.filter((event) => event.startsWith('onContext:')).map((event) => event.slice('onContext:'.length)));
    const named = new Set(clauses.flatMap((when) => when.match(/\bnotte\.[A-Za-z.]+/g) ?? []));
    // `view == notte.functions` names a view and `activeWebviewPanelId == 'notte.functionPage'` a webview, not context keys.
    for (const view of [...Object.values(Views), ...Object.values(Webviews)]) named.delete(view);
    named.delete(TEST_CONTROLLER_ID);
    named.delete(TEST_RESULT_MESSAGE);
    assert.deepStrictEqual(sorted(named), sorted(Object.values(ContextKeys)));
  });

  it('keybindings run contributed commands, each key once per scope', () => {
    const commands = new Set<string>(Object.values(Commands));
    const seen = new Set<string>();
    for (const binding of contributes.keybindings) {
      assert.ok(commands.has(binding.command), `${binding.key} runs ${binding.command}, which has no handler`);
      const scope = `${binding.key} when ${binding.when}`;
      assert.ok(!seen.has(scope), `${scope} is bound twice`);
      seen.add(scope);
    }
  });

  it('the walkthrough completes its steps on contributed commands, our view and shipped pictures', () => {
    const commands = new Set<string>(Object.values(Commands));
    const [walkthrough] = contributes.walkthroughs;
    assert.strictEqual(walkthrough.id, WALKTHROUGH_ID);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, `${step.id} completes on nothing`);
      for (const event of step.completionEvents) {
        const [kind, name] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        assert.ok(['onCommand', 'onView', 'onContext'].includes(kind), `${step.id}: ${event}`);
        // The recorder's command is contributed by the recorder, built in parallel: its step waits for it.
        // The view's own focus command (VS Code makes it) ticks "Open the Notte view" from the step's button, the view already shown.
        if (kind === 'onCommand') assert.ok(commands.has(name) || name === `${Views.functions}.focus`, `${step.id} completes on ${name}, which is not contributed`);
        if (kind === 'onView') assert.strictEqual(name, Views.functions);
      }
      assert.ok(fs.existsSync(path.join(ROOT, step.media.image)), `${step.id}: ${step.media.image} is missing`);
    }
  });

  it('src/ sets context keys and runs commands through the names, not string copies', () => {
    const copies: string[] = [];
    const names = [...Object.values(ContextKeys), ...Object.values(Commands)];
    for (const file of sourceFiles(path.join(ROOT, 'src'))) {
      if (file.endsWith(path.join('src', 'shared', 'contributions.ts'))) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const name of names) if (text.includes(`'${name}'`)) copies.push(`${path.relative(ROOT, file)}: '${name}'`);
    }
    assert.deepStrictEqual(copies, []);
  });
});
