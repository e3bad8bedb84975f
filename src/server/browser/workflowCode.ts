// workflow/code: the session's steps as a runnable Notte function (`run()` with a session block, each
// step a `session.execute(...)` on a selector that does not depend on observe's ids), and the same steps
// as `json_actions`. The last scrape, if any, is the function's result.
import type { Session, Step } from './session';

/** Fields that describe an action, not what it does. */
const DROPPED = new Set(['category', 'description', 'param', 'id', 'selector', 'text_label']);

function pythonValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonValue).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${JSON.stringify(k)}: ${pythonValue(v)}`)
    .join(', ')}}`;
}

async function exportedAction(step: Step): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  // A scrape's selector is what it reads (a part of the page), not how an element was found: it is kept.
  const kept = (key: string) => !DROPPED.has(key) || (key === 'selector' && step.action.type === 'scrape');
  for (const [key, value] of Object.entries(step.action)) if (kept(key) && value !== null && value !== undefined) out[key] = value;
  if (step.selector) out.selector = await step.selector;
  if (out.type === 'goto' && out.url === undefined && typeof step.action.value === 'string') {
    out.url = step.action.value;
    delete out.value;
  }
  return out;
}

export async function workflowCode(session: Session, asWorkflow: boolean): Promise<{ python_script: string; json_actions: Record<string, unknown>[] }> {
  const actions = await Promise.all(session.steps.map(exportedAction));
  const lines: string[] = [];
  let scraped = false;
  for (const action of actions) {
    if (action.type === 'scrape') {
      const { type: _type, ...params } = action;
      void _type;
      const args = Object.entries(params).map(([k, v]) => `${k}=${pythonValue(v)}`);
      lines.push(`result = session.scrape(${args.join(', ')})`);
      scraped = true;
    } else {
      const args = Object.entries(action).map(([k, v]) => `${k}=${pythonValue(v)}`);
      lines.push(`session.execute(${args.join(', ')})`);
    }
  }
  const body = lines.length ? lines : ['pass'];
  const options = session.options;
  const sessionArgs = [
    options.viewport.width !== 1280 || options.viewport.height !== 1080 ? `viewport_width=${options.viewport.width}, viewport_height=${options.viewport.height}` : '',
    options.userAgent ? `user_agent=${JSON.stringify(options.userAgent)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const script = asWorkflow
    ? [
        '"""Recorded from a local Notte session: its steps, on selectors that do not depend on observe\'s ids."""',
        'from notte_sdk import NotteClient',
        '',
        '',
        'def run():',
        '    client = NotteClient()',
        `    with client.Session(${sessionArgs}) as session:`,
        ...(scraped ? ['        result = None'] : []),
        ...body.map((line) => `        ${line}`),
        `    return ${scraped ? 'result' : 'None'}`,
        '',
        '',
        'if __name__ == "__main__":',
        '    print(run())',
        '',
      ]
    : [
        'from notte_sdk import NotteClient',
        '',
        'client = NotteClient()',
        `with client.Session(${sessionArgs}) as session:`,
        ...body.map((line) => `    ${line}`),
        ...(scraped ? ['print(result)'] : []),
        '',
      ];
  return { python_script: script.join('\n'), json_actions: actions };
}
