// What the panel does on its session, one thing at a time: observe, act on an element, a step typed by
// hand, the address bar and history, scrape. Every call goes through the window's browser sessions (and
// so the API module). A successful action becomes a step on the selector the server's own export gives
// it (workflow/code); a failed one is told with the server's message and records nothing. What an agent
// does on the same session (through the same service) is recorded too.
import type { Observation, SessionAction } from '../../api/sessionTypes';
import { LiveSessions, SessionActivity } from '../../core/liveSessions';
import { describeError } from '../../core/ui/errorText';
import { isFragileSelector, PageElement, pageElements, ProposedSelector, proposedSelector } from '../../shared/pageElements';
import type { HostMessage, StepView } from './protocol';
import { Recording } from './recording';
import { isSecretField, recordedValue, stepLines, stepOf, VALUE_ACTIONS } from './steps';
import { parseTypedStep } from './typedStep';

export interface ActionsHost {
  readonly sessionId: string;
  readonly sessions: LiveSessions;
  post(message: HostMessage): void;
  notice(level: 'info' | 'error', text: string): void;
  /** Whether the session is still there to act on. */
  live(): boolean;
}

export class PanelActions {
  readonly recording = new Recording();
  private elements: PageElement[] = [];
  /** The page's address at the last observation, which an address typed as a path is read against. */
  private pageUrl = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: ActionsHost) {}

  get pageElements(): readonly PageElement[] {
    return this.elements;
  }

  element(id: string): PageElement | undefined {
    return this.elements.find((e) => e.id === id);
  }

  /** Runs `work` after what the panel is doing (a session does one thing at a time; so does the panel). */
  private serial<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    const run = async () => {
      if (!this.host.live()) {
        this.host.notice('error', 'The browser session has ended: start a new one to go on.');
        return undefined;
      }
      this.host.post({ v: 1, type: 'busy', what });
      try {
        return await work();
      } catch (error) {
        this.host.notice('error', `${what} failed: ${describeError(error)}`);
        return undefined;
      } finally {
        this.host.post({ v: 1, type: 'busy', what: null });
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  observe(): Promise<Observation | undefined> {
    return this.serial('Observe', () => this.observeNow());
  }

  private async observeNow(): Promise<Observation> {
    const observation = await this.host.sessions.observe(this.host.sessionId, 'panel');
    this.showObservation(observation);
    return observation;
  }

  showObservation(observation: Observation): void {
    this.elements = pageElements(observation);
    this.pageUrl = observation.metadata.url ?? '';
    const viewport = observation.metadata.viewport;
    this.host.post({
      v: 1,
      type: 'observation',
      url: observation.metadata.url ?? '',
      title: observation.metadata.title ?? '',
      viewport: { width: viewport?.viewport_width ?? 1280, height: viewport?.viewport_height ?? 1080 },
      elements: this.elements.map(({ id, action, role, label, box, checked, options }) => ({ id, action, role, label, box, checked, options })),
    });
  }

  /** A row's action (or a click on the frame's element): fill and select carry the value the panel asked. */
  act(elementId: string, type: string, value?: string | boolean): Promise<boolean | undefined> {
    const action: SessionAction = { type, id: elementId };
    if (value !== undefined) action.value = value;
    return this.serial(`${type} ${elementId}`, () => this.perform(action));
  }

  typed(text: string): Promise<boolean | undefined> {
    const parsed = parseTypedStep(text);
    if (!parsed.ok) {
      this.host.notice('error', parsed.error);
      return Promise.resolve(false);
    }
    return this.serial(parsed.action.type, () => this.perform(parsed.action));
  }

  /** `base`: where an address typed as a path goes when the page has no web address yet (the local server's, which serves /pages/shop). */
  navigate(url: string, base?: string): Promise<boolean | undefined> {
    const typed = url.trim();
    const against = /^https?:/.test(this.pageUrl) ? this.pageUrl : base;
    const isPath = typed.startsWith('/') && !typed.startsWith('//');
    if (isPath && !against) {
      this.host.notice('error', `${typed} is a path: type the whole address (https://…), or open a page first.`);
      return Promise.resolve(false);
    }
    const resolved = isPath && against ? new URL(typed, against).href : typed;
    return this.typed(resolved === '' ? '' : `goto "${resolved.replace(/["\\]/g, '\\$&')}"`);
  }

  history(kind: 'go_back' | 'go_forward' | 'reload'): Promise<boolean | undefined> {
    return this.serial(kind, () => this.perform({ type: kind }));
  }

  scrape(): Promise<boolean | undefined> {
    return this.serial('Scrape', async () => {
      const data = await this.host.sessions.scrape(this.host.sessionId, 'panel');
      this.host.post({ v: 1, type: 'scraped', markdown: data.markdown ?? '' });
      this.recording.add(stepOf({ type: 'scrape' }, undefined, false));
      this.postSteps();
      return true;
    });
  }

  /** Executes one action; answers whether it succeeded (and was recorded). */
  private async perform(action: SessionAction): Promise<boolean> {
    const element = typeof action.id === 'string' ? this.element(action.id) : undefined;
    const result = await this.host.sessions.execute(this.host.sessionId, action, 'panel');
    if (!result.success) {
      this.host.notice('error', `${action.type} failed, nothing was recorded: ${result.message}`);
      await this.observeNow().catch(() => undefined);
      return false;
    }
    await this.record(action, element);
    this.host.notice('info', result.message);
    await this.observeNow().catch((error) => this.host.notice('error', `Observe failed: ${describeError(error)}`));
    return true;
  }

  /** Adds the step an action became, on the selector the server's export names its element by. */
  private async record(action: SessionAction, element: PageElement | undefined): Promise<void> {
    let selector: string | undefined;
    let fragile = false;
    if (action.id !== undefined || action.selector !== undefined) {
      const exported = await this.exportedSelector(action);
      if (exported) {
        selector = exported;
        fragile = isFragileSelector(exported);
      } else if (element) {
        ({ selector, fragile } = proposedSelector(element, this.elements));
      } else if (typeof action.selector === 'string') selector = action.selector;
    }
    const step = stepOf(action, selector, fragile, element?.label);
    // A password field, known from observe (its type, label or name) or named so by a typed selector (`input[type=password]`).
    if (step.type === 'fill' && isSecretField(element ?? { label: typeof action.selector === 'string' ? action.selector : '' })) step.secret = true;
    this.recording.add(step);
    this.postSteps();
  }

  /**
   * The selector Pick Element writes for an element: the server's, as its export names it (unique on the
   * whole page); else one unique among the observed elements, when the server has no such route (Notte's
   * cloud: 404 or 405). Undefined, told, when the local server no longer knows the element or cannot say.
   */
  async pickSelector(element: PageElement): Promise<ProposedSelector | undefined> {
    try {
      const exported = await this.host.sessions.selectorOf(this.host.sessionId, element);
      return { selector: exported, fragile: isFragileSelector(exported) };
    } catch (error) {
      const status = (error as { status?: number }).status;
      const noRoute = (status === 404 || status === 405) && !/There is no element/.test(String((error as Error).message));
      if (noRoute) return proposedSelector(element, this.elements);
      this.host.notice('error', `Pick Element: ${describeError(error)}`);
      await this.observeNow().catch(() => undefined);
      return undefined;
    }
  }

  /** The selector of the session's last step in Notte's export (workflow/code), when it is this action's. */
  private async exportedSelector(action: SessionAction): Promise<string | undefined> {
    try {
      const code = await this.host.sessions.workflowCode(this.host.sessionId);
      const last = code.json_actions[code.json_actions.length - 1];
      return last && last.type === action.type && typeof last.selector === 'string' && last.selector ? last.selector : undefined;
    } catch {
      return undefined;
    }
  }

  /** Something done on this session elsewhere (an agent's tool): its steps are recorded, its observe shown. */
  onActivity(activity: SessionActivity): void {
    if (activity.sessionId !== this.host.sessionId || activity.by === 'panel') return;
    if (activity.kind === 'observe') this.showObservation(activity.observation);
    if (activity.kind === 'scrape') {
      this.host.post({ v: 1, type: 'scraped', markdown: activity.data.markdown ?? '' });
      this.recording.add(stepOf({ type: 'scrape' }, undefined, false));
      this.postSteps();
    }
    if (activity.kind === 'execute' && activity.result.success) {
      const element = typeof activity.action.id === 'string' ? this.element(activity.action.id) : undefined;
      void this.serial(`${activity.action.type} (by an agent)`, () => this.record(activity.action, element));
    }
  }

  postSteps(): void {
    this.host.post({ v: 1, type: 'steps', steps: this.recording.steps.map(stepView) });
  }
}

function stepView(step: Parameters<typeof stepLines>[0]): StepView {
  const value = recordedValue(step);
  return {
    code: stepLines(step, 'session', step.type === 'scrape').join('\n'),
    type: step.type,
    fragile: !!step.fragile,
    variable: step.variable,
    selector: step.selector,
    // A password is not shown (nor posted to the panel): its step says `value=password`.
    value: step.type === 'goto' || value === undefined || step.secret ? undefined : String(value),
    url: step.type === 'goto' ? step.url : undefined,
    canBeVariable: VALUE_ACTIONS.has(step.type) && value !== undefined,
  };
}
