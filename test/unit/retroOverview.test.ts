import { strict as assert } from 'node:assert';
import { next } from '../../src/core/model/scheduler';
import { escapeHtml, overviewHtml, overviewModel } from '../../src/core/model/overview';
import { makeBug, session } from './helpers';
import { DEMO_NOW, demoJournal, NOW } from './retroFixtures';

const NONCE = 'abcdefghijklmnop0123456789';

describe('the journal overview (issue 20, the pure part: model and webview HTML)', () => {
  it('the demo: open bugs in their level lanes, the scheduler pick highlighted with its reason', async () => {
    const journal = await demoJournal();
    const overview = overviewModel(journal, DEMO_NOW);
    const open = journal.bugs.filter((bug) => bug.status === 'open');
    assert.deepEqual(
      overview.lanes.map((lane) => lane.cards.map((c) => c.id).sort()),
      [1, 2, 3].map((level) =>
        open
          .filter((bug) => bug.level === level)
          .map((bug) => bug.id)
          .sort(),
      ),
    );
    const pick = next(journal, DEMO_NOW);
    assert.ok(pick);
    assert.deepEqual(overview.pick, { id: pick.bug.id, reason: pick.reason });
    assert.deepEqual(
      overview.lanes.flatMap((lane) => lane.cards.filter((c) => c.picked).map((c) => c.id)),
      [pick.bug.id],
    );
    const html = overviewHtml(overview, NONCE);
    assert.equal((html.match(/class="card picked/g) ?? []).length, 1);
    assert.ok(html.includes(escapeHtml(pick.reason)));
  });

  it('a hostile title runs nothing: every journal text escaped, a strict CSP with a nonce, no remote resource', () => {
    const title = '</button><script>alert(1)</script><img src=x onerror=alert(2)><style>body{display:none}</style>"\'`';
    const bug = makeBug({ title, sessions: [session(1, 0, 45)] });
    const html = overviewHtml(overviewModel({ bugs: [bug] }, NOW), NONCE);
    assert.ok(html.includes(escapeHtml(title)));
    assert.ok(!html.includes('<script>alert'));
    assert.ok(!html.includes('<img'));
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'only the page script');
    assert.equal((html.match(/<style/g) ?? []).length, 1, 'only the page style');
    assert.match(html, /<script nonce="abcdefghijklmnop0123456789">/);
    assert.match(html, /content="default-src 'none'; style-src 'nonce-abcdefghijklmnop0123456789'; script-src 'nonce-abcdefghijklmnop0123456789';"/);
    assert.ok(
      !/unsafe-inline|unsafe-eval|https?:\/\/|\sstyle="|\son[a-z]+=/i.test(html.split(escapeHtml(title)).join('')),
      'no inline styles or handlers, nothing remote',
    );
    assert.match(html, /past the timebox/, '45 min at level 1 is past its 30-min box');
    assert.throws(() => overviewHtml(overviewModel({ bugs: [bug] }, NOW), 'short'), /nonce/);
  });

  it('escapeHtml leaves no character that starts markup or ends an attribute', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\`</a>`), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#96;&#60;/a&#62;');
  });
});
