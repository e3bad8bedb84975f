import * as assert from 'assert';
import { problemActions, problemText } from '../../../../src/core/functions/loadProblem';

describe("The view's load problems", () => {
  const base = {
    message: 'Functions: cannot reach 127.0.0.1:9 (connection refused). Check the API URL, your network or proxy.',
    what: 'functions' as const,
    profileName: 'Local server',
    localProfile: true,
    unreachable: true,
    auth: false,
  };

  it('says the whole message, and that the local server is not running', () => {
    const text = problemText(base);
    assert.ok(text.includes(base.message));
    assert.match(text, /local Functions server is not running/);
  });

  it("offers Start Local Functions Server only for the local profile's lost server", () => {
    assert.deepStrictEqual(
      problemActions(base).map((a) => a.command),
      ['notte.retry', 'notte.startLocalServer', 'notte.switchProfile', 'workbench.action.openSettings'],
    );
    assert.deepStrictEqual(
      problemActions({ ...base, localProfile: false, auth: true, profileName: 'Staging' }).map((a) => a.command),
      ['notte.retry', 'notte.setApiKey', 'notte.switchProfile', 'workbench.action.openSettings'],
    );
  });
});
