// The two routes of the jobs API, with Nest's own pipes: the global ValidationPipe checks the body
// against PreviewDto; ParseUUIDPipe answers "Validation failed (uuid is expected)".
import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { decorateClass, decorateMethod } from './decorate.js';
import { JwtGuard } from './jwt.guard.js';
import { JobsService, type JobRecord } from './jobs.service.js';
import { PreviewDto } from './preview.dto.js';
import { parsePlan, type JobPlan } from './job-plan.js';

/** Without a pinned plan: short realistic times, every attempt succeeds. */
export const DEFAULT_PLAN: JobPlan = { queueMs: 50, runMs: 200, backoffMs: 50, failures: 0, outcome: 'succeed' };

interface AuthedRequest {
  user: { sub: string };
}

export class PromptsController {
  constructor(private readonly jobs: JobsService) {}

  preview(dto: PreviewDto, req: AuthedRequest, pinned: string | undefined): { data: { jobId: string; status: string } } {
    const plan = parsePlan(pinned, DEFAULT_PLAN);
    if (typeof plan === 'string') throw new BadRequestException(`x-jobtwin-job: ${plan}`);
    const job = this.jobs.create(req.user.sub, plan.type ?? 'AI_PREVIEW', plan, dto);
    return { data: { jobId: job.id, status: job.status } };
  }
}
decorateMethod(
  PromptsController,
  'preview',
  [Post('prompts/preview'), HttpCode(202)],
  [[Body()], [Req()], [Headers('x-jobtwin-job')]],
  [PreviewDto, Object, String],
);
decorateClass(PromptsController, [Controller('api/admin'), UseGuards(JwtGuard)], [JobsService]);

export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  getJob(id: string, req: AuthedRequest): JobRecord {
    return this.jobs.find(req.user.sub, id);
  }
}
decorateMethod(JobsController, 'getJob', [Get(':id')], [[Param('id', ParseUUIDPipe)], [Req()]], [String, Object]);
decorateClass(JobsController, [Controller('api/jobs'), UseGuards(JwtGuard)], [JobsService]);
