// How long an action waits: the SDK's own default asks for nothing longer (a stale id is looked for
// briefly), and no asked timeout outlasts the SDK's 60 s read timeout (it would read a transport error).
import * as assert from 'assert';
import { actionTimeoutMs, askedOwnTimeout, MAX_ACTION_TIMEOUT_MS } from '../../../../src/server/browser/timeoutText';
import { OPERATION_LIMIT_MS } from '../../../../src/server/browser/session';

describe('local server: action timeouts', () => {
  it("takes the SDK's default timeout as asking nothing, and caps a long one so its answer comes before the SDK gives up", () => {
    assert.strictEqual(askedOwnTimeout({ type: 'click', timeout: 15_000 }), false, "the SDK's default, sent with every action");
    assert.strictEqual(askedOwnTimeout({ type: 'click' }), false);
    assert.strictEqual(askedOwnTimeout({ type: 'click', timeout: 500 }), true);
    assert.strictEqual(actionTimeoutMs({ type: 'click', timeout: 500 }), 500);
    assert.strictEqual(actionTimeoutMs({ type: 'click', timeout: 0 }), 15_000);
    assert.strictEqual(actionTimeoutMs({ type: 'click', timeout: 70_000 }), MAX_ACTION_TIMEOUT_MS);
    // The answer (the wait, then 10 s for the message) within the operation limit, itself under the SDK's 60 s.
    assert.ok(MAX_ACTION_TIMEOUT_MS + 10_000 <= OPERATION_LIMIT_MS && OPERATION_LIMIT_MS < 60_000);
  });
});
