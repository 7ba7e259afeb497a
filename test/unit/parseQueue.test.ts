/**
 * The loader's parse loop (src/core/parseQueue.ts) with stand-in parsers, no threads: results are
 * applied in file order however the parses finish, several are in flight, and a parser that fails
 * costs a re-read, never a file.
 */
import { strict as assert } from 'node:assert';
import { parseInOrder, PARSER_MIN_FILES, type BugParse, type BugParser, type ParsedFile } from '../../src/core/store/parseQueue';
import { parseBugBytes } from '../../src/core/format/format';
import { MemoryFileSystem } from './memoryFileSystem';
import { MINIMAL_BUG_TEXT } from './helpers';

const FILES = 40;

function journal(): { fs: MemoryFileSystem; files: { file: string; shown: string }[] } {
  const fs = new MemoryFileSystem();
  const files = Array.from({ length: FILES }, (_, i) => {
    const file = `bug-${String(i).padStart(2, '0')}.yaml`;
    fs.put(file, i === 7 ? 'title: a: b\n' : MINIMAL_BUG_TEXT.replace('bug0001', `bug${String(i).padStart(4, '0')}`));
    return { file, shown: `.bug-levels/${file}` };
  });
  return { fs, files };
}

/** parseBugBytes after a random delay, counting the parses in flight. */
class SlowParser implements BugParser {
  readonly concurrency = 2;
  inFlight = 0;
  maxInFlight = 0;
  calls = 0;
  constructor(private readonly failOn: (call: number) => boolean = () => false) {}

  async parse(bytes: Uint8Array, shown: string): Promise<BugParse> {
    const call = this.calls++;
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));
    this.inFlight--;
    if (this.failOn(call)) throw new Error('thread gone');
    const parsed = parseBugBytes(bytes, shown);
    return parsed.ok ? { ok: true, bug: parsed.bug, readOnly: parsed.readOnly, problems: parsed.problems } : parsed;
  }
}

async function run(parser?: BugParser): Promise<{ order: number[]; results: ParsedFile[] }> {
  const { fs, files } = journal();
  const order: number[] = [];
  const results: ParsedFile[] = [];
  await parseInOrder(fs, files, parser ? { parser } : {}, (_file, result, at) => {
    order.push(at);
    results.push(result);
  });
  return { order, results };
}

/** What a load keeps of each result (the in-thread parse also carries the document and text). */
function kept(results: readonly ParsedFile[]): unknown[] {
  return results.map((result) =>
    'error' in result ? result.error.message : result.parsed.ok ? [result.parsed.bug, result.parsed.readOnly, result.parsed.problems] : result.parsed.problems,
  );
}

describe('parseQueue: the loader parse loop', () => {
  it('with a parser whose parses finish in any order, results come in file order, several in flight, the same as in-thread', async () => {
    const inThread = await run();
    const parser = new SlowParser();
    const viaParser = await run(parser);
    assert.deepEqual(viaParser.order, [...Array(FILES).keys()]);
    assert.equal(parser.calls, FILES);
    assert.ok(parser.maxInFlight > 1, `${parser.maxInFlight} in flight at most`);
    assert.deepStrictEqual(kept(viaParser.results), kept(inThread.results));
    const broken = viaParser.results[7];
    assert.ok(broken && 'parsed' in broken && !broken.parsed.ok && broken.parsed.problems[0]?.line === 1);
  });

  it('a parser that fails: those files are read again and parsed in-thread, later ones never reach it', async () => {
    const inThread = await run();
    const parser = new SlowParser((call) => call >= 5);
    const viaParser = await run(parser);
    assert.deepStrictEqual(kept(viaParser.results), kept(inThread.results));
    assert.ok(parser.calls < FILES, `${parser.calls} parses sent`);
  });

  it(`fewer than ${PARSER_MIN_FILES} files never reach the parser`, async () => {
    const fs = new MemoryFileSystem();
    fs.put('one.yaml', MINIMAL_BUG_TEXT);
    const parser = new SlowParser();
    const applied: ParsedFile[] = [];
    await parseInOrder(fs, [{ file: 'one.yaml', shown: 'one.yaml' }], { parser }, (_file, result) => applied.push(result));
    assert.equal(parser.calls, 0);
    assert.equal(applied.length, 1);
  });
});
