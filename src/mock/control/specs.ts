// The specs the twin follows, as loaded at start: a list with each API's lifecycle, and each document
// as written (its $refs kept; with overlays, as they make it) in JSON, or in YAML with `.yaml` or `?format=yaml`.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Router, type Response } from 'express';
import yaml from 'js-yaml';
import type { ApiModel } from '../../spec/model.js';
import type { ControlDeps } from './router.js';
import { badRequest, notFound } from './errors.js';
import { apiAt, queryString } from './input.js';

export const YAML_TYPE = 'application/yaml; charset=utf-8';

interface Source {
  /** the file's text, verbatim */
  text: string;
  yaml: boolean;
  document: unknown;
}

/** Read once, on first use: the file the twin loaded at start (a later edit is not what it follows). */
function sources(): (api: ApiModel) => Promise<Source> {
  const cache = new Map<string, Promise<Source>>();
  return (api) => {
    let source = cache.get(api.name);
    if (!source && api.overlaid) {
      // served as the twin follows it: the overlays applied, the rest of the vendor's document left out
      const document = api.overlaid;
      source = Promise.resolve({ text: yaml.dump(document, { noRefs: true, lineWidth: -1 }), yaml: true, document });
      cache.set(api.name, source);
    }
    if (!source) {
      source = readFile(api.file, 'utf8').then((text) => {
        const isYaml = !api.file.endsWith('.json');
        // The same reading as at start-up: YAML 1.2 core schema, dates stay strings.
        return { text, yaml: isYaml, document: isYaml ? yaml.load(text, { schema: yaml.CORE_SCHEMA }) : JSON.parse(text) };
      });
      // Moved or deleted since start: say so (404), and read it again next time.
      source = source.catch((error: Error) => {
        cache.delete(api.name);
        throw notFound(`the file ${api.name} was loaded from (${api.file}) cannot be read now: ${error.message}`);
      });
      cache.set(api.name, source);
    }
    return source;
  };
}

function summary(api: ApiModel, mount: string | undefined, base: string) {
  const lc = api.ext.lifecycle;
  return {
    name: api.name,
    title: api.title,
    version: (api.document.info?.version as string | undefined) ?? null,
    file: basename(api.file),
    overlays: (api.origin?.overlays ?? []).map((o) => basename(o)),
    mount: mount ?? null,
    lifecycle: {
      states: lc.states,
      initial: lc.initial,
      running: lc.running,
      terminal: lc.terminal,
      outcomes: lc.outcomes,
      transitions: lc.transitions,
      controlStates: lc.controlStates ?? [],
      cancel: lc.cancel ? { allowed: lc.cancel.allowed } : null,
    },
    json: `${base}/${api.name}`,
    yaml: `${base}/${api.name}.yaml`,
  };
}

function send(res: Response, type: string, text: string): void {
  res.setHeader('content-type', type);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  res.send(text);
}

export function specsRouter({ twin, mounts }: ControlDeps): Router {
  const router = Router();
  const read = sources();

  router.get('/', (req, res) => {
    res.json({ specs: twin.apiList().map((api) => summary(api, mounts[api.name], `${req.baseUrl}`)) });
  });

  router.get('/:name', async (req, res) => {
    const format = queryString(req, 'format');
    if (format !== undefined && format !== 'json' && format !== 'yaml') throw badRequest(`"format" must be json or yaml (got "${format}")`);
    const asYaml = /\.ya?ml$/.test(req.params.name);
    const asJson = /\.json$/.test(req.params.name);
    const api = apiAt(twin, req.params.name.replace(/\.(ya?ml|json)$/, ''));
    if ((asYaml && format === 'json') || (asJson && format === 'yaml'))
      throw badRequest(`the name asks for ${asYaml ? 'YAML' : 'JSON'} and "format" for ${format}: ask once`);
    const source = await read(api);
    if (asYaml || format === 'yaml') {
      send(res, YAML_TYPE, source.yaml ? source.text : yaml.dump(source.document, { noRefs: true, lineWidth: -1 }));
    } else {
      send(res, 'application/json; charset=utf-8', `${JSON.stringify(source.document, null, 2)}\n`);
    }
  });

  return router;
}
