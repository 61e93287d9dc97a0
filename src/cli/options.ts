// Option readers shared by the commands that talk to a target (conform, diff): one wording for a bad value.
import { UsageError } from './usage.js';

/** An option or variable given as "" (`--token "$JOBTWIN_TOKEN"` with the variable unset) counts as absent. */
export function given(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function positive(name: string, value: string | undefined, integer = true): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new UsageError(`--${name}: a ${integer ? 'whole ' : ''}number above 0 (got "${value}")`);
  return n;
}

export function seedOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seed = Number(value);
  if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31) throw new UsageError(`--seed: a whole number (got "${value}")`);
  return seed;
}

/** `--header 'Name: value'` options as a record. */
export function headerOptions(values: string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of values ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header: expected 'Name: value' (got "${h}")`);
    headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return headers;
}
