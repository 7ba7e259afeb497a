/** The benchmark's printed summary and the issue's targets, evaluated from the measured numbers. */
import type { BenchResults, JournalResults } from './run';

export interface TargetResult {
  readonly id: string;
  readonly target: string;
  readonly measured: string;
  /** Undefined when the run did not measure it (a size left out with --sizes). */
  readonly hit: boolean | undefined;
}

const ms = (value: number): string => `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2)} ms`;
const times = (value: number | undefined): string => (value === undefined ? 'n/a' : `${value.toFixed(2)}×`);
const msOf = (timing: { medianMs: number } | undefined): string => (timing ? ms(timing.medianMs) : 'n/a');

export function printJournal(j: JournalResults): void {
  const { load, edit, compute, memory } = j;
  const f = load.floors;
  console.log(`${j.profile} × ${j.bugs.toLocaleString('en-US')} bugs (${j.yamlMB} MB of YAML; generated in ${ms(j.generateMs)})`);
  console.log(`  cold load    ${ms(load.cold.medianMs)} = ${times(load.ratios.coldVsReadAndJsonParse)} read+JSON.parse (${ms(f.readAndJsonParse.medianMs)}), ${times(load.ratios.coldVsReadAndYamlParse)} read+yaml.parse (${ms(f.readAndYamlParse.medianMs)}) [${load.cold.runs} runs]`);
  if (load.parseInMemory) console.log(`               parse+validate alone (bytes in memory) ${ms(load.parseInMemory.medianMs)} = ${times(load.ratios.parseInMemoryVsReadAndYamlParse)} read+yaml.parse; the loader around it: ${times(load.ratios.coldVsParseInMemory)}`);
  console.log(`  event loop   longest block: ${ms(load.longestBlockMs.cold)} in a cold load, ${ms(load.longestBlockMs.warm)} in a warm one, ${ms(load.longestBlockMs.indexSave)} saving the index`);
  console.log(`  first start  ${ms(load.firstIndexedLoad.medianMs)} with an empty index, then ${ms(load.indexSave.medianMs)} to save it (${(load.indexBytes / 1e6).toFixed(1)} MB)`);
  console.log(`  warm load    ${ms(load.warm.medianMs)} = ${times(load.ratios.warmVsReadAndJsonParse)} read+JSON.parse, ${times(load.ratios.warmVsStatAndOneJsonFile)} stat all+one JSON file (${msOf(f.statAndOneJsonFile)}); ${load.warm.filesParsed} files parsed`);
  const paint = load.firstPaintWarm;
  const changed = load.firstPaintOnePercentChanged;
  console.log(`  first paint  warm ${ms(paint.firstPaintMs)} (${paint.rows} rows; ${times(load.ratios.firstPaintWarmVsStatAndOneJsonFile)} stat all+one JSON; tree model alone ${ms(load.paintModelOnly.medianMs)}; load checked at ${ms(paint.completeMs)}); ${changed.changedFiles} files changed: painted at ${ms(changed.firstPaintMs)}, complete at ${ms(changed.completeMs)}`);
  console.log(`  one edit     ${ms(edit.edit.medianMs)} (max ${ms(edit.edit.maxMs)}) = ${times(edit.ratios.editVsWrite)} write same bytes (${ms(edit.floorWrite.medianMs)}), ${times(edit.ratios.editVsWriteFsync)} write+fsync (${ms(edit.floorWriteFsync.medianMs)}); tree refresh: one row ${ms(edit.refreshOneRow.medianMs)}, whole tree ${ms(edit.refreshWholeTree.medianMs)}`);
  console.log(`               parts: parse the file ${ms(edit.parts.parse.medianMs)}, atomic write (temp+fsync+rename) ${ms(edit.parts.writeAtomic.medianMs)}, lock+unlock ${ms(edit.parts.lock.medianMs)}`);
  console.log(`  compute      next ${ms(compute.next.medianMs)} (${compute.next.perBugUs} µs/bug) · retro ${ms(compute.retro.medianMs)} (${compute.retro.perBugUs} µs/bug, ${Math.round(compute.retro.markdownBytes / 1024)} KB of markdown)`);
  const cold = memory.cold ? `; cold: ${memory.cold.retainedHeapMBPer1000} MB/1,000 bugs, peak RSS ${memory.cold.peakRssMB} MB` : '';
  console.log(`  memory       warm: ${memory.warm.retainedHeapMBPer1000} MB heap per 1,000 bugs, peak RSS ${memory.warm.peakRssMB} MB${cold}\n`);
}

export function evaluateTargets(results: BenchResults): TargetResult[] {
  const at = (bugs: number): JournalResults[] => results.journals.filter((j) => j.bugs === bugs);
  const each = (journals: JournalResults[], show: (j: JournalResults) => string): string => journals.map((j) => `${j.profile}: ${show(j)}`).join('; ') || 'not measured';
  const all = (journals: JournalResults[], ok: (j: JournalResults) => boolean): boolean | undefined => (journals.length ? journals.every(ok) : undefined);
  const targets: TargetResult[] = [];
  const add = (id: string, target: string, measured: string, hit: boolean | undefined): void => void targets.push({ id, target, measured, hit });

  const warm10k = at(10_000);
  add('issue-1', 'Warm load of 10,000 bugs within 3× the JSON floor (read the same bytes + JSON.parse)', each(warm10k, (j) => `${ms(j.load.warm.medianMs)} = ${times(j.load.ratios.warmVsReadAndJsonParse)} (tight floor stat+one JSON file: ${times(j.load.ratios.warmVsStatAndOneJsonFile)})`), all(warm10k, (j) => (j.load.ratios.warmVsReadAndJsonParse ?? Infinity) <= 3));
  const k1 = at(1000);
  add('issue-2', 'Cold load of 1,000 bugs under 3 s', each(k1, (j) => ms(j.load.cold.medianMs)), all(k1, (j) => j.load.cold.medianMs < 3000));
  add('issue-3', 'First tree paint under 200 ms with 10,000 bugs (warm; host-free model)', each(warm10k, (j) => ms(j.load.firstPaintWarm.firstPaintMs)), all(warm10k, (j) => j.load.firstPaintWarm.firstPaintMs < 200));
  const byProfile = new Map<string, JournalResults[]>();
  for (const j of results.journals) byProfile.set(j.profile, [...(byProfile.get(j.profile) ?? []), j]);
  const flat = [...byProfile.values()].map((js) => {
    const medians = js.map((j) => j.edit.edit.medianMs);
    return { profile: js[0]!.profile, spread: Math.max(...medians) / Math.min(...medians), sizes: js.length };
  });
  add('issue-4a', 'One edit end to end within 5× the floor "write the same bytes"', each(results.journals, (j) => `${j.bugs}: ${times(j.edit.ratios.editVsWrite)} (${times(j.edit.ratios.editVsWriteFsync)} of write+fsync)`), all(results.journals, (j) => j.edit.ratios.editVsWrite <= 5));
  add('issue-4b', 'One edit flat from 100 to 10,000 bugs (max/min of the medians ≤ 1.5, P6)', flat.map((f) => `${f.profile}: ${times(f.spread)} over ${f.sizes} sizes`).join('; '), flat.some((f) => f.sizes > 1) ? flat.every((f) => f.spread <= 1.5) : undefined);
  add('issue-5', 'Activation adds under 50 ms on an empty workspace (proxy: require of the minified bundle)', `${ms(results.bundle.cliRequireMs)} require; node start ${ms(results.bundle.nodeStartMs)} vs ${ms(results.bundle.nodeWithCliRequireMs)} with it`, results.bundle.cliRequireMs < 50);
  const b = results.bundle;
  add('issue-6', 'dist/ bundle under 300 KB: the extension bundle that ships (desktop; web)', `extension.js ${b.extensionKB} KB; web/extension.js ${b.webExtensionKB} KB (minified)`, b.extensionKB < 300 && b.webExtensionKB < 300);
  add('issue-6b', 'dist/ under 300 KB as a folder (both extension bundles and cli.js)', `${b.productionDistKB} KB minified, no maps${b.workingTreeDistKB ? `; the working tree's dev build with maps: ${b.workingTreeDistKB} KB` : ''}`, b.productionDistKB < 300);
  add('P2', 'dist/extension.js ≤ 150 KB minified', `${results.bundle.extensionKB} KB`, results.bundle.extensionKB <= 150);
  add('P4', 'First paint, 1,000 bugs, warm: ≤ 150 ms and ≤ 2× stat all + one JSON index', each(k1, (j) => `${ms(j.load.firstPaintWarm.firstPaintMs)}, ${times(j.load.ratios.firstPaintWarmVsStatAndOneJsonFile)}`), all(k1, (j) => j.load.firstPaintWarm.firstPaintMs <= 150 && (j.load.ratios.firstPaintWarmVsStatAndOneJsonFile ?? Infinity) <= 2));
  add('P5', 'Cold load overhead ≤ 1.2× bare read+yaml.parse (1,000 bugs)', each(k1, (j) => times(j.load.ratios.coldVsReadAndYamlParse)), all(k1, (j) => (j.load.ratios.coldVsReadAndYamlParse ?? Infinity) <= 1.2));
  add('P5b', 'Extension host never blocked > 50 ms at a time while loading (cold, warm, index save)', each(results.journals, (j) => `${j.bugs}: ${Math.max(j.load.longestBlockMs.cold, j.load.longestBlockMs.warm, j.load.longestBlockMs.indexSave)} ms`), all(results.journals, (j) => Math.max(j.load.longestBlockMs.cold, j.load.longestBlockMs.warm, j.load.longestBlockMs.indexSave) <= 50));
  add('P6', 'Single-edit save p50 ≤ 10 ms (with fsync)', each(results.journals, (j) => `${j.bugs}: ${ms(j.edit.edit.medianMs)}`), all(results.journals, (j) => j.edit.edit.medianMs <= 10));
  const meta1k = k1.filter((j) => j.profile === 'meta');
  add('P10', 'Heap ≤ 30 MB at 1,000 bugs (meta; the loaded journal only)', each(meta1k, (j) => `${j.memory.warm.retainedHeapMBPer1000} MB`), all(meta1k, (j) => j.memory.warm.retainedHeapMBPer1000 <= 30));
  return targets;
}

export function printTargets(results: BenchResults, targets: readonly TargetResult[]): void {
  console.log(`Bundle: extension.js ${results.bundle.extensionKB} KB, web/extension.js ${results.bundle.webExtensionKB} KB, cli.js ${results.bundle.cliKB} KB (minified); require of cli.js ${ms(results.bundle.cliRequireMs)} (median of ${results.bundle.runs} fresh processes)\n`);
  console.log('Targets:');
  for (const t of targets) console.log(`  ${t.hit === undefined ? '  -  ' : t.hit ? ' hit ' : 'MISS '} ${t.id.padEnd(8)} ${t.target}\n         ${' '.repeat(8)} ${t.measured}`);
}
