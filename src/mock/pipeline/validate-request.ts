// Path, query, headers and body against the operation: the API's documented status and envelope.
import { firstMessage } from '../../validation/request.js';
import { problem, type OperationExchange, type Stage } from './types.js';

export const validateRequest: Stage<OperationExchange> = {
  name: 'validation',
  run(x) {
    const checked = x.deps.validators.get(x.op)({ params: x.match.params, query: x.search, headers: x.req.headers, body: x.body });
    if (!checked.ok) {
      const where = x.op.ext?.jobId;
      // A bad job id gets the operation's declared wording ("Invalid job id"), not the schema's.
      const isId = where !== undefined && checked.details.some((d) => d.loc[0] === where.in && d.loc[1] === where.name);
      return problem('invalid', { details: checked.details, message: isId ? undefined : firstMessage(checked.details) });
    }
    x.valid = checked.value;
    x.errorReq.query = checked.value.query;
    // a pydantic-style API reads a uuid in any spelling; its messages name the canonical one
    x.errorReq.params = { ...x.errorReq.params, ...checked.value.params };
    return undefined;
  },
};
