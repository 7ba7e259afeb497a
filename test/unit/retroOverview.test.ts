import { strict as assert } from 'node:assert';
import type { BugId } from '../../src/core/model/types';
import { next } from '../../src/core/model/scheduler';
import { escapeHtml, MAX_CARDS_PER_LANE, OVERVIEW_TEXT_EN, overviewHtml, overviewModel } from '../../src/core/model/overview';
import { sequentialIds } from '../../src/core/model/ids';
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

  it("a title's bidirectional override is shown, not obeyed: it cannot reorder the rest of the pick's reason, which quotes it", () => {
    const bug = makeBug({ title: 'x \u202egnirts\u2066', sessions: [session(1, 0, 5)] });
    const html = overviewHtml(overviewModel({ bugs: [bug] }, NOW), NONCE);
    assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(html), 'no raw bidirectional control on the page');
    assert.match(html, /<span class="title">.*x \\u202Egnirts\\u2066<\/span>/);
    assert.match(html, /<p class="pick-reason"><strong>Next:<\/strong> &#39;x \\u202Egnirts\\u2066&#39; is the only open bug/);
  });

  it('two folders holding a bug of one id (two clones): each card names its folder, and only the picked bug itself is marked', () => {
    const first = makeBug({ id: 'sameId0001' as BugId, title: 'in folder 0', sessions: [session(1, 0, 5)] });
    const second = { ...first, title: 'in folder 1', sessions: [session(1, 0, 20)] };
    const overview = overviewModel({ bugs: [first, second] }, NOW, { folderOf: (bug) => (bug === first ? 0 : 1) });
    const cards = overview.lanes[0]!.cards;
    assert.deepEqual(
      cards.map((c) => [c.title, c.folder, c.picked]),
      [
        ['in folder 0', 0, true],
        ['in folder 1', 1, false],
      ],
    );
    const html = overviewHtml(overview, NONCE);
    assert.equal((html.match(/class="card picked/g) ?? []).length, 1);
    assert.match(html, /data-id="sameId0001" data-folder="0" aria-current="true"/);
    assert.match(html, /data-id="sameId0001" data-folder="1">/);
  });

  it('the pick is the one Next Bug would start: not the excluded (active) bug while another is open', async () => {
    const journal = await demoJournal();
    const first = overviewModel(journal, DEMO_NOW).pick;
    const firstBug = journal.bugs.find((bug) => bug.id === first?.id);
    assert.ok(first && firstBug);
    const other = overviewModel(journal, DEMO_NOW, { exclude: [firstBug.id] }).pick;
    assert.ok(other && other.id !== first.id);
    const onlyOne = { bugs: journal.bugs.filter((bug) => bug.id === first.id) };
    assert.equal(overviewModel(onlyOne, DEMO_NOW, { exclude: [firstBug.id] }).pick?.id, first.id, 'alone, the excluded bug is still the pick');
  });

  it("the page's own words come from the host (the display language); journal text is escaped all the same", () => {
    const bug = makeBug({ title: '<b>x</b>', sessions: [session(1, 0, 45)] });
    const text = {
      ...OVERVIEW_TEXT_EN,
      language: 'de',
      timeAtLevel: (time: string, minutes: number) => `${time} von ${minutes} Min.`,
      pastTimebox: '(über dem <Zeitbudget>)',
    };
    const html = overviewHtml(overviewModel({ bugs: [bug] }, NOW), NONCE, text);
    assert.match(html, /<html lang="de">/);
    assert.match(html, /45 min von 30 Min\. \(über dem &#60;Zeitbudget&#62;\)/);
    assert.ok(html.includes('&#60;b&#62;x&#60;/b&#62;'));
  });

  it(`a lane shows at most ${MAX_CARDS_PER_LANE} cards, the pick always among them, and says how many more`, () => {
    // 150 bugs at level 1, the one picked (least time at the level) last in the journal.
    const ids = sequentialIds();
    const bugs = Array.from({ length: 150 }, (_, i) => makeBug({ title: `bug ${i}`, sessions: [session(1, 0, i === 149 ? 1 : 10)] }, ids));
    const overview = overviewModel({ bugs }, NOW);
    const lane = overview.lanes[0]!;
    assert.equal(overview.pick?.id, bugs[149]!.id);
    assert.equal(lane.cards.length, MAX_CARDS_PER_LANE);
    assert.equal(lane.more, 50);
    assert.equal(lane.cards[0]!.id, bugs[149]!.id, 'the pick first');
    assert.deepEqual(
      lane.cards.slice(1).map((c) => c.title),
      bugs.slice(0, MAX_CARDS_PER_LANE - 1).map((bug) => bug.title),
    );
    const html = overviewHtml(overview, NONCE);
    assert.match(html, /Level 1 · Random walk <span class="count">\(150\)<\/span>/);
    assert.match(html, /<p class="more">… and 50 more open bugs at this level \(the tree lists them all\)\.<\/p>/);
    assert.equal((html.match(/data-id=/g) ?? []).length, MAX_CARDS_PER_LANE);
    // What a journal of 10,000 open bugs costs per redraw (printed, not asserted).
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeBug({ title: `bug ${i}`, level: ((i % 3) + 1) as 1 | 2 | 3, sessions: [session(1, 0, 10)] }, ids),
    );
    const started = process.hrtime.bigint();
    const big = overviewHtml(overviewModel({ bugs: many }, NOW), NONCE);
    console.log(`      10,000 open bugs: ${Number(process.hrtime.bigint() - started) / 1e6} ms for the model and page, ${big.length} characters`);
  });

  it('escapeHtml leaves no character that starts markup or ends an attribute', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\`</a>`), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#96;&#60;/a&#62;');
  });
});
