// A tenant the control interface marked out of credit (402) or short of scope (403), on the
// operations that document that status.
import { problem, type OperationExchange, type Stage } from './types.js';

export const simulateTenant: Stage<OperationExchange> = {
  name: 'tenant',
  run(x) {
    if (x.tenant === undefined) return undefined;
    const simulated = x.deps.twin.simulationFor(x.tenant);
    if (!simulated || !x.op.statuses.has(String(simulated.status))) return undefined;
    return problem(simulated.status === 402 ? 'paymentRequired' : 'forbidden');
  },
};
