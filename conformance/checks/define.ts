// A check is written against what it judges: the purpose kinds it declares (their fields typed in its
// context) and, when it declares needsResponse, an exchange that got an answer. defineCheck turns it
// into the Check the registry holds, whose judge() asks the declarations first.
import type { Exchange } from '../http/types.js';
import {
  NOTHING_TO_JUDGE,
  type AnsweredExchange,
  type Check,
  type CheckContext,
  type FailureDraft,
  type PurposeKind,
  type PurposeOf,
  type RunFacts,
} from './types.js';

/** The exchange a check receives: answered when it declares needsResponse: true. */
export type Judged<R extends boolean> = R extends true ? AnsweredExchange : Exchange;

interface Judgement<K extends PurposeKind, R extends boolean> {
  name: string;
  title: string;
  /** what it catches, one sentence */
  catches: string;
  /** true: judges only exchanges that got an HTTP answer (a transport error is not_a_server_error's) */
  needsResponse?: R;
  /** why it judged nothing in a run that selected it (default: nothing to judge in this run) */
  skipReason?: (run: RunFacts) => string;
  /** whether it has something to say about this exchange, beyond its purposes and needsResponse */
  applies?: (ctx: CheckContext<PurposeOf<K>>, exchange: Judged<R>) => boolean;
  run(ctx: CheckContext<PurposeOf<K>>, exchange: Judged<R>): FailureDraft[];
}

/** Looks at every exchange once, whatever it was sent for. */
export type ExchangeCheckDefinition<R extends boolean> = Judgement<PurposeKind, R> & { scope: 'exchange' };

/** Looks at exchanges sent for the purposes it names, each time one is judged for them. */
export type PurposeCheckDefinition<K extends PurposeKind, R extends boolean> = Judgement<K, R> & { purposes: readonly K[] };

export function defineCheck<R extends boolean = false>(definition: ExchangeCheckDefinition<R>): Check;
export function defineCheck<K extends PurposeKind, R extends boolean = false>(definition: PurposeCheckDefinition<K, R>): Check;
export function defineCheck(definition: ExchangeCheckDefinition<boolean> | PurposeCheckDefinition<PurposeKind, boolean>): Check {
  const { name, title, catches, applies, run } = definition;
  const purposes = 'purposes' in definition ? definition.purposes : undefined;
  const needsResponse = definition.needsResponse === true;
  return {
    name,
    title,
    catches,
    scope: purposes ? 'purpose' : 'exchange',
    purposes,
    needsResponse,
    skipReason: definition.skipReason ?? (() => NOTHING_TO_JUDGE),
    // the overloads type run and applies for the declared purposes and answer; these guards make it so
    judge(ctx: CheckContext, exchange: Exchange) {
      if (purposes && !purposes.includes(ctx.purpose.kind)) return undefined;
      if (needsResponse && !exchange.response) return undefined;
      if (applies && !applies(ctx, exchange)) return undefined;
      return run(ctx, exchange);
    },
  };
}
