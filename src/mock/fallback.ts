// Operations with no lifecycle role are answered by prism-http's mocker, loaded only when a spec has
// such operations (loading prism costs over a second of start-up).
import type { ApiModel, OperationModel } from '../spec/model.js';

export interface FallbackRequest {
  method: string;
  /** the path as the spec writes it, without any mount prefix */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
}

export interface FallbackResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Loaded {
  request: (input: any, resources: any[], config?: any) => () => Promise<any>;
  operations: Map<string, any[]>;
}

export class PrismFallback {
  private loading?: Promise<Loaded>;

  constructor(private readonly apis: ApiModel[]) {}

  /** Whether any served operation needs the fallback at all. */
  get needed(): boolean {
    return this.apis.some((api) => api.operations.some((op) => !op.ext));
  }

  /** Starts loading in the background, so the first such request does not wait. */
  warm(): void {
    if (this.needed) void this.load().catch(() => undefined);
  }

  private load(): Promise<Loaded> {
    this.loading ??= (async () => {
      const [{ createInstance, getHttpOperationsFromSpec }, { createLogger }] = await Promise.all([
        import('@stoplight/prism-http'),
        import('@stoplight/prism-core'),
      ]);
      const logger = createLogger('jobtwin', { level: 'silent' });
      const prism = createInstance(
        {
          mock: { dynamic: false },
          checkSecurity: false,
          validateRequest: false,
          validateResponse: false,
          errors: false,
          upstreamProxy: undefined,
          isProxy: false,
        },
        { logger },
      );
      const operations = new Map<string, any[]>();
      for (const api of this.apis) operations.set(api.name, await getHttpOperationsFromSpec(structuredClone(api.document)));
      return { request: prism.request as Loaded['request'], operations };
    })();
    return this.loading;
  }

  async respond(api: ApiModel, op: OperationModel, request: FallbackRequest): Promise<FallbackResponse> {
    const loaded = await this.load();
    const operations = (loaded.operations.get(api.name) ?? []).filter((o) => o.method === op.method && o.path === op.path);
    const result = await loaded.request(
      { method: request.method.toLowerCase(), url: { path: request.path, query: request.query }, headers: request.headers, body: request.body },
      operations,
    )();
    if (result._tag === 'Left') throw result.left;
    const output = result.right.output;
    return { status: output.statusCode, headers: output.headers ?? {}, body: output.body };
  }
}
