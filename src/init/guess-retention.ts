// Retention guessed from what the spec's descriptions say ("jobs are retained for 30 days",
// "terminal jobs older than 90 days are gone"): the sentence is quoted beside the guess.

export interface RetentionGuess {
  days: number;
  applies: 'all' | 'terminal';
  sentence: string;
}

const SAYS_RETENTION = /\b(retain\w*|retention|kept|expire\w*|delet\w*|purg\w*|older than|removed|gone|available for)\b/i;
const DAYS = /\b(\d{1,4})[ -]days?\b/i;

export function guessRetention(texts: Array<string | undefined>): RetentionGuess | undefined {
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    for (const sentence of text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/)) {
      const days = DAYS.exec(sentence);
      if (!days || !SAYS_RETENTION.test(sentence) || /\bno retention\b/i.test(sentence)) continue;
      const applies = /\b(terminal|finished|completed|ended)\b[^.]*\bjobs?\b|\bjobs?\b[^.]*\b(once|after) (they|it) (finish|end|complete)/i.test(sentence)
        ? 'terminal'
        : 'all';
      return { days: Number(days[1]), applies, sentence: sentence.trim() };
    }
  }
  return undefined;
}
