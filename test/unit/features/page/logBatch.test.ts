// The function page's posts of a run's lines (issue 27): never more than the cap, only the lines
// posted made into entries, every line posted or counted as skipped.
import * as assert from 'assert';
import { parseLogLine } from '../../../../src/api/logLine';
import { PageLogBatch, POST_MAX_CHARS, POST_MAX_LINES, POST_MS } from '../../../../src/features/page/logBatch';

describe("The function page's log posts", () => {
  it('a post never exceeds the cap, whatever the run prints, and every line is posted or counted', () => {
    const started = Date.parse('2026-12-01T18:31:10Z');
    const batch = new PageLogBatch(started, started);
    const posts: { json: string; lines: number; skipped: number }[] = [];
    let now = started;
    let count = 0;
    // 10,000 lines a second for 3 s, with a megabyte line, quotes to escape and terminal escapes among them.
    for (let i = 0; i < 30_000; i++) {
      const text = i % 5000 === 7 ? 'A'.repeat(1024 * 1024) : i % 3 === 0 ? `"quoted" \\ step ${i} \x1b[31mred\x1b[0m` : `step ${i}`;
      batch.add(parseLogLine(`2026-12-01 18:31:10.123 | INFO     | flood:run | ${text}`));
      count++;
      now += 0.1;
      if (i % (POST_MS * 10) === POST_MS * 10 - 1) {
        const post = batch.take(now)!;
        posts.push({ json: JSON.stringify({ v: 1, type: 'logs', lines: post.lines, skipped: post.skipped }), lines: post.lines.length, skipped: post.skipped });
      }
    }
    const last = batch.take(now, true);
    if (last) posts.push({ json: JSON.stringify({ v: 1, type: 'logs', lines: last.lines, skipped: last.skipped }), lines: last.lines.length, skipped: last.skipped });
    assert.ok(posts.length >= 12);
    for (const post of posts) {
      assert.ok(post.json.length <= POST_MAX_CHARS, `a post of ${post.json.length} characters`);
      assert.ok(post.lines <= POST_MAX_LINES);
      assert.ok(!post.json.includes('\\u001b'), 'terminal escapes are cut');
    }
    assert.strictEqual(
      posts.reduce((n, p) => n + p.lines + p.skipped, 0),
      count,
      'every line is posted or counted as skipped',
    );
    // After the first burst, a reader's pace: far fewer lines than printed.
    assert.ok(posts.reduce((n, p) => n + p.lines, 0) < 2000, 'a flood is mostly counted, not posted');
    assert.match(JSON.parse(posts[posts.length - 1].json).lines.pop().text, /^step 29999$/, "the run's last line is posted");
  });

  it('posts a short run whole', () => {
    const batch = new PageLogBatch(Date.now());
    for (let i = 0; i < 50; i++) batch.add(parseLogLine(`line ${i}`));
    const post = batch.take(Date.now(), true)!;
    assert.deepStrictEqual(
      post.lines.map((l) => l.text),
      Array.from({ length: 50 }, (_, i) => `line ${i}`),
    );
    assert.strictEqual(post.skipped, 0);
    assert.strictEqual(batch.take(), undefined, 'nothing more to post');
  });
});
