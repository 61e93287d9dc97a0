// `jobtwin init SPEC`: drafts the overlay that gives a vendor's unedited spec its x-jobtwin.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { JobtwinError } from '../errors.js';
import { draftOverlay, type Draft } from '../init/draft.js';
import { readDocument } from '../spec/read-document.js';
import { UsageError } from './usage.js';

export const INIT_USAGE = `Usage: jobtwin init SPEC [--out FILE] [--force] [--name NAME]

Drafts an OpenAPI Overlay 1.0 document that turns SPEC, a vendor's OpenAPI 3.0 or 3.1 file (YAML
or JSON) left as published, into a twin: jobtwin mock --spec SPEC --overlay FILE. The job operations
are found by their shape and the lifecycle by the names of the status values; each guess is
explained in a comment, and every spot only you can settle is marked # DECIDE:.

  --out FILE    write the draft to FILE (default: standard output); what was guessed goes to
                standard error either way
  --force       overwrite FILE when it exists
  --name NAME   the API's name ([a-z][a-z0-9-]*), its mount prefix; default: from info.title
  -h, --help

Exit status: 0 a complete draft; 1 a draft written without what could not be found (the message
names it); 2 a bad invocation, an unreadable spec, or FILE exists without --force.`;

/** The draft was written, but without parts the spec does not show: exit status 1. */
export class IncompleteDraftError extends JobtwinError {
  constructor(message: string) {
    super('spec', message, 1);
  }
}

export async function runInit(
  argv: string[],
  write: (text: string) => void = (t) => process.stdout.write(t),
  report: (line: string) => void = console.error,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, force: { type: 'boolean' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const o = parsed.values;
  if (o.help) {
    write(`${INIT_USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError(`init: give one spec file (jobtwin init SPEC [--out FILE]); got ${parsed.positionals.length}`);
  const [file] = parsed.positionals;
  if (o.out === '') throw new UsageError('--out: give a file');
  if (o.name !== undefined && !/^[a-z][a-z0-9-]*$/.test(o.name))
    throw new UsageError(`--name: lower-case letters, digits and -, starting with a letter (got "${o.name}")`);
  if (o.out !== undefined && !o.force && existsSync(o.out)) throw new UsageError(`--out: ${o.out} exists; give --force to overwrite it`);

  const raw = await readDocument(file);
  if (raw['x-jobtwin'] !== undefined)
    report(`jobtwin init: ${file} already declares x-jobtwin: an overlay merges into it (arrays appended); draft from the vendor's file without it`);
  const draft = await draftOverlay(raw, { file, name: o.name, out: o.out });
  if (o.out === undefined) write(draft.yaml);
  else {
    try {
      await writeFile(o.out, draft.yaml, { flag: o.force ? 'w' : 'wx' });
    } catch (error) {
      throw new UsageError(`--out: cannot write ${o.out}: ${(error as Error).message}`);
    }
  }
  for (const line of summary(draft, file, o.out)) report(line);
  if (draft.missing.length) throw new IncompleteDraftError(`init: the draft is incomplete: ${draft.missing.join('; ')}`);
  return 0;
}

/** What was guessed, for standard error. */
function summary(draft: Draft, file: string, out: string | undefined): string[] {
  const lc = draft.lifecycle;
  const lines = [`jobtwin init: ${file}: drafted ${out ? out : 'on standard output'}`];
  for (const role of ['create', 'status', 'cancel', 'list', 'results'] as const) {
    const hit = draft.roles[role];
    lines.push(`  ${role.padEnd(8)} ${hit ? `${hit.method.toUpperCase()} ${hit.path}  (${hit.why})` : 'not found'}`);
  }
  const from = { enum: 'from the enum', examples: 'from the documented examples', placeholders: 'placeholders: the spec documents none' }[draft.statesFrom];
  lines.push(`  states   ${lc.states.join(', ')}  (${from})`);
  lines.push(`           initial ${lc.initial ?? '?'}, running ${lc.running ?? '?'}, terminal ${lc.terminal.join(', ') || '?'}`);
  if (lc.retryVia.length) lines.push(`           retries through ${lc.retryVia.join(', ')}`);
  if (lc.controlStates.length) lines.push(`           control only ${lc.controlStates.join(', ')}`);
  lines.push(`  ${draft.decisions} spot${draft.decisions === 1 ? '' : 's'} marked # DECIDE: in the draft`);
  return lines;
}
