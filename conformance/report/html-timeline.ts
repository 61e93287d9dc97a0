// A job's observations drawn as state over time: one horizontal band per state seen (in the order
// first seen), a bar in a state's band from each observation to the next (what the job was last known
// to be), a point per observation, and the observation the failure is about ringed and marked with a
// dashed line. Inline SVG with presentation attributes only, so the report's CSP needs no inline styles.
import type { ObservationRecord } from '../runner/types.js';
import { formatDuration } from './console.js';
import { esc } from './html-escape.js';

const WIDTH = 880;
const LABEL = 170;
const RIGHT = 24;
const TOP = 8;
const LANE = 28;
const AXIS = 26;
/** The least width between two reads, whatever the time between them. */
const MIN_GAP = 24;
/** Fills for the bands, in order; a state's colour is its band's. */
const PALETTE = ['#3b6fb6', '#c07a12', '#2e8b57', '#8a4fb0', '#b0413e', '#2a8a8a', '#6b6b6b', '#9a7b2f'];
const FAIL = '#c62828';
/** Longest state label drawn: a hostile state name cannot push the chart apart. */
const LABEL_CHARS = 22;

/** The state an observation shows: its status, or the HTTP status when the answer carried none. */
export function stateOf(o: ObservationRecord): string {
  return o.status ?? `(HTTP ${o.httpStatus})`;
}

/** The index of the failing observation: the one read from `failingSeq`, else the last. */
export function failingIndex(timeline: ObservationRecord[], failingSeq: number | undefined): number {
  for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i].seq === failingSeq) return i;
  return timeline.length - 1;
}

const short = (text: string): string => (text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text);
const fixed = (n: number): string => (Math.round(n * 10) / 10).toString();

export function timelineSvg(timeline: ObservationRecord[], failingSeq?: number): string {
  if (timeline.length === 0) return '';
  const states: string[] = [];
  for (const o of timeline) if (!states.includes(stateOf(o))) states.push(stateOf(o));
  const t0 = Math.min(...timeline.map((o) => o.at));
  const t1 = Math.max(...timeline.map((o) => o.at));
  const span = t1 - t0;
  const plot = WIDTH - LABEL - RIGHT;
  // Time runs left to right, but each interval first gets a small fixed width, so reads milliseconds
  // apart after a long wait stay apart; the rest of the width is shared in proportion to time. No time
  // between the reads (or one read): spread them evenly.
  const gaps = timeline.length - 1;
  const minGap = gaps > 0 ? Math.min(MIN_GAP, plot / gaps / 2) : 0;
  const x = (o: ObservationRecord, i: number): number =>
    LABEL + (span > 0 ? i * minGap + ((o.at - t0) / span) * (plot - gaps * minGap) : gaps > 0 ? (i / gaps) * plot : plot / 2);
  const laneY = (state: string): number => TOP + states.indexOf(state) * LANE;
  const height = TOP + states.length * LANE + AXIS;
  const bottom = TOP + states.length * LANE;
  const fail = failingIndex(timeline, failingSeq);
  const parts: string[] = [];

  states.forEach((state, k) => {
    const y = laneY(state);
    parts.push(
      `<g class="lane" data-state="${esc(state)}">` +
        `<rect x="${LABEL}" y="${y}" width="${plot}" height="${LANE}" fill="${k % 2 ? '#f4f5f7' : '#fafbfc'}"/>` +
        `<text x="${LABEL - 8}" y="${fixed(y + LANE / 2 + 4)}" text-anchor="end" font-size="12" fill="#222">${esc(short(state))}<title>${esc(state, 200)}</title></text>` +
        `</g>`,
    );
  });
  // the state held between one read and the next, as far as the reads show
  for (let i = 0; i + 1 < timeline.length; i++) {
    const state = stateOf(timeline[i]);
    const a = x(timeline[i], i);
    const b = x(timeline[i + 1], i + 1);
    const y = laneY(state);
    parts.push(
      `<rect class="band" x="${fixed(a)}" y="${fixed(y + 8)}" width="${fixed(Math.max(1, b - a))}" height="${LANE - 16}" rx="3" fill="${PALETTE[states.indexOf(state) % PALETTE.length]}" opacity="0.75"/>`,
    );
    const next = laneY(stateOf(timeline[i + 1]));
    if (next !== y)
      parts.push(`<line x1="${fixed(b)}" y1="${fixed(y + LANE / 2)}" x2="${fixed(b)}" y2="${fixed(next + LANE / 2)}" stroke="#888" stroke-width="1"/>`);
  }
  const fx = x(timeline[fail], fail);
  parts.push(
    `<line class="failing-mark" x1="${fixed(fx)}" y1="${TOP}" x2="${fixed(fx)}" y2="${bottom}" stroke="${FAIL}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
  );
  timeline.forEach((o, i) => {
    const state = stateOf(o);
    const cx = fixed(x(o, i));
    const cy = fixed(laneY(state) + LANE / 2);
    const attempts = o.attempts !== undefined ? ` attempts=${o.attempts}` : '';
    const title = `#${i + 1} +${formatDuration(o.at - t0)} (exchange ${o.seq}, HTTP ${o.httpStatus}): ${state}${attempts}${i === fail ? ' (failing)' : ''}`;
    const colour = PALETTE[states.indexOf(state) % PALETTE.length];
    if (i === fail) {
      parts.push(
        `<g class="obs failing" data-seq="${o.seq}"><circle cx="${cx}" cy="${cy}" r="8" fill="none" stroke="${FAIL}" stroke-width="2.5"/>` +
          `<circle cx="${cx}" cy="${cy}" r="4" fill="${FAIL}"/><title>${esc(title, 300)}</title></g>`,
      );
    } else {
      parts.push(
        `<g class="obs" data-seq="${o.seq}"><circle cx="${cx}" cy="${cy}" r="4" fill="#fff" stroke="${colour}" stroke-width="2"/><title>${esc(title, 300)}</title></g>`,
      );
    }
  });
  // the time axis: start, end, and the failing read when it is far enough from both to be legible
  const ticks: Array<[number, string, string]> = [
    [LABEL, '0', 'start'],
    [LABEL + plot, `+${formatDuration(span)}`, 'end'],
  ];
  if (fx - LABEL > 70 && LABEL + plot - fx > 70) ticks.push([fx, `+${formatDuration(timeline[fail].at - t0)}`, 'middle']);
  parts.push(`<line x1="${LABEL}" y1="${bottom}" x2="${LABEL + plot}" y2="${bottom}" stroke="#999"/>`);
  for (const [tx, label, anchor] of ticks) {
    parts.push(`<line x1="${fixed(tx)}" y1="${bottom}" x2="${fixed(tx)}" y2="${bottom + 4}" stroke="#999"/>`);
    parts.push(`<text x="${fixed(tx)}" y="${bottom + 17}" text-anchor="${anchor}" font-size="11" fill="#555">${esc(label)}</text>`);
  }
  const label = `Timeline of ${timeline.length} observation${timeline.length === 1 ? '' : 's'} over ${formatDuration(span)}: ${timeline.map(stateOf).join(' → ')}; observation ${fail + 1} is the failing one`;
  return (
    `<svg class="timeline" role="img" aria-label="${esc(label, 600)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `xmlns="http://www.w3.org/2000/svg" data-failing-seq="${timeline[fail].seq}">${parts.join('')}</svg>`
  );
}
