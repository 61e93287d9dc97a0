// Data removed after a time with the record kept (Replicate's data_removed: "input and output are
// deleted after an hour"), guessed from a boolean property of the status answer named for it; the time
// from its description where it says one ("after an hour", "after 24 hours"), else one hour to decide.
import { objectShape, typeOf } from './schema-view.js';

export interface DataRemovalGuess {
  /** the status answer's property that says so */
  field: string;
  after: string;
  /** the words the time was read from, when the spec says it */
  sentence?: string;
}

export const REMOVED_NAMES = ['dataremoved', 'dataremoval', 'datadeleted', 'outputremoved', 'outputdeleted', 'datapurged', 'purged'];
const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const UNITS: Record<string, string> = { minute: 'm', hour: 'h', day: 'd' };
const WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, twelve: 12, seven: 7, thirty: 30 };
const SAYS = /\b(\d{1,4}|an?|one|two|seven|twelve|thirty)[ -](minute|hour|day)s?\b/i;

export function guessDataRemoval(status: unknown, texts: Array<string | undefined>): DataRemovalGuess | undefined {
  const { properties } = objectShape(status);
  const field = Object.keys(properties).find((name) => REMOVED_NAMES.includes(squash(name)) && typeOf(properties[name]) === 'boolean');
  if (field === undefined) return undefined;
  for (const text of [properties[field]?.description, ...texts]) {
    if (typeof text !== 'string') continue;
    for (const sentence of text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/)) {
      if (!/\b(delet|remov|purg)/i.test(sentence)) continue;
      const m = SAYS.exec(sentence);
      if (!m) continue;
      const n = /^\d+$/.test(m[1]) ? Number(m[1]) : WORDS[m[1].toLowerCase()];
      return { field, after: `${n}${UNITS[m[2].toLowerCase()]}`, sentence: sentence.trim() };
    }
  }
  return { field, after: '1h' };
}
