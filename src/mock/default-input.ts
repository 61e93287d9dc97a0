// The input of a job created through the control interface without one: what a typical create
// request would carry (its documented example, files named), so templates that quote the input
// (a file name, a source) still render values their schemas accept.
import type { ApiModel } from '../spec/model.js';
import { schemaObject, type MediaModel } from '../spec/operation-view.js';
import { fileProperties } from '../validation/request.js';

const cache = new WeakMap<ApiModel, Record<string, unknown>>();

function exampleOf(media: MediaModel): unknown {
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  if (first?.value !== undefined) return first.value;
  const schema = schemaObject(media.schema);
  return schema?.example ?? schema?.examples?.[0];
}

function build(api: ApiModel): Record<string, unknown> {
  const content = api.byRole.create?.requestBody?.content ?? {};
  const [mediaType, media] = Object.entries(content)[0] ?? [];
  if (!media) return {};
  const example = exampleOf(media);
  const input: Record<string, unknown> =
    example && typeof example === 'object' && !Array.isArray(example) ? (structuredClone(example) as Record<string, unknown>) : {};
  if (!mediaType.toLowerCase().startsWith('multipart/')) return input;
  const schema = schemaObject(media.schema);
  const props: Record<string, any> = schema?.properties ?? {};
  for (const name of fileProperties(schema)) {
    const type = media.encoding[name]?.contentType?.split(',')[0]?.trim() ?? props[name]?.contentMediaType ?? 'application/octet-stream';
    const file = { filename: type === 'application/pdf' ? 'document.pdf' : 'document.bin', contentType: type, size: 1024 };
    input[name] = props[name]?.type === 'array' ? [file] : file;
  }
  for (const name of schema?.required ?? []) {
    if (input[name] !== undefined) continue;
    const p = props[name] ?? {};
    const value = p.example ?? p.default ?? p.enum?.[0];
    if (value !== undefined) input[name] = value;
  }
  return input;
}

export function defaultInput(api: ApiModel): Record<string, unknown> {
  let input = cache.get(api);
  if (!input) cache.set(api, (input = build(api)));
  return input;
}
