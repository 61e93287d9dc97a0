// The body of POST /api/admin/prompts/preview, as class-validator rules: what the bundled spec's
// PromptPreviewRequest declares, and no more (no IsNotEmpty: the spec allows an empty prompt).
// Optional fields use ValidateIf(value !== undefined) rather than IsOptional, because IsOptional
// also lets `null` through where the spec says `type: object` / `type: string`.
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsString, MaxLength, ValidateBy, ValidateIf, ValidateNested, buildMessage } from 'class-validator';
import { decorateProperty } from './decorate.js';

const present = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** `variables` is a map of strings (the spec's additionalProperties: {type: string}); class-validator has no such rule built in. */
const IsStringMap = () =>
  ValidateBy({
    name: 'isStringMap',
    validator: {
      validate: (value: unknown) =>
        value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string'),
      defaultMessage: buildMessage(() => 'each value in $property must be a string'),
    },
  });

export class PreviewContextDto {
  persona?: string;
  sources?: string[];
  constraints?: string;
  guardrails?: string;
}
decorateProperty(PreviewContextDto, 'persona', String, [present(), IsString()]);
decorateProperty(PreviewContextDto, 'sources', Array, [present(), IsArray(), IsString({ each: true })]);
decorateProperty(PreviewContextDto, 'constraints', String, [present(), IsString()]);
decorateProperty(PreviewContextDto, 'guardrails', String, [present(), IsString()]);

export class PreviewDto {
  systemPrompt!: string;
  userPromptTemplate!: string;
  variables?: Record<string, string>;
  context?: PreviewContextDto;
}
// Listed in source order, as `@IsString() @MaxLength(50000) systemPrompt` would be written.
decorateProperty(PreviewDto, 'systemPrompt', String, [IsString(), MaxLength(50_000)]);
decorateProperty(PreviewDto, 'userPromptTemplate', String, [IsString(), MaxLength(50_000)]);
decorateProperty(PreviewDto, 'variables', Object, [present(), IsObject(), IsStringMap()]);
decorateProperty(PreviewDto, 'context', PreviewContextDto, [present(), IsObject(), ValidateNested(), Type(() => PreviewContextDto)]);
