// The jobs API on NestJS 12 (express), for the engine tests: `startJobsNest({secret})` listens on a
// free loopback port. The module, DI, guard, pipes and filter are Nest's own.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Module, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { decorateClass } from './decorate.js';
import { JobsController, PromptsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';
import { JWT_SECRET, JwtGuard } from './jwt.guard.js';
import { EnvelopeFilter, envelope } from './envelope.filter.js';

// Express answers a known path with another method 404 ("Cannot DELETE /api/jobs/…") and HEAD like
// GET; the API's contract wants 405 with Allow there, so this runs before Nest's routes.
const ROUTES: Array<[RegExp, string]> = [
  [/^\/api\/admin\/prompts\/preview\/?$/, 'POST'],
  [/^\/api\/jobs\/[^/]+\/?$/, 'GET'],
];

export interface RunningNest {
  url: string;
  app: INestApplication;
  close(): Promise<void>;
}

export async function startJobsNest(options: { secret: string }): Promise<RunningNest> {
  class JobsModule {}
  decorateClass(JobsModule, [
    Module({
      controllers: [PromptsController, JobsController],
      providers: [JobsService, JwtGuard, { provide: JWT_SECRET, useValue: options.secret }],
    }),
  ]);
  const app = await NestFactory.create<NestExpressApplication>(JobsModule, { logger: false, bodyParser: false });
  // express.json's default limit is 100 kB; two 50,000-character prompts need more (the spec: 1 MiB).
  app.useBodyParser('json', { limit: 1_048_576 });
  app.use((req: any, res: any, next: () => void) => {
    const route = ROUTES.find(([path]) => path.test(req.path));
    if (!route || route[1] === req.method) return next();
    res.setHeader('allow', route[1]);
    res.status(405).json(envelope(405, 'Method Not Allowed', req));
  });
  app.useGlobalPipes(new ValidationPipe());
  app.useGlobalFilters(new EnvelopeFilter());
  app.enableShutdownHooks([]);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}
