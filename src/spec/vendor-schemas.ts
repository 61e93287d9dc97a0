// Schema habits of published 3.1 documents that a JSON Schema 2020-12 validator reads otherwise than
// their authors meant, made plain before the schemas are compiled:
//   nullable: true (a 3.0 keyword, meaningless in 3.1) → null allowed, as the author meant it;
//   exclusiveMinimum: true beside minimum (3.0's boolean form, invalid in 3.1) → the 3.1 number;
//   $recursiveAnchor on a component with $recursiveRef: '#' inside (draft 2019-09) → a $ref to that
//   component, the recursion it describes; ajv's 2020-12 validator would ignore both keywords, and a
//   oneOf holding the ignored ref would then match twice.
//   additionalProperties: false on an allOf's members (or beside an allOf, with no properties of its
//   own) → unevaluatedProperties: false on the whole: each member closed alone refuses the others'
//   properties, so no value could match (AssemblyAI's TranscriptParams refuses every request);
//   closing the union is what the author meant.
// Any other 2019-09 recursion stops start-up at its pointer (checked after pruning, so an unused one
// in a vendor's large document does not).
import { forEachSchema } from './schema-walk.js';
import { SpecError } from './spec-error.js';
import { foldExclusiveBounds, foldNullable } from './upgrade-30.js';

const COMPONENT = /^#\/components\/schemas\/([^/]+)/;
const unescape = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

function needsWork(schema: Record<string, any>, doc: Record<string, any>): boolean {
  return (
    'nullable' in schema ||
    typeof schema.exclusiveMinimum === 'boolean' ||
    typeof schema.exclusiveMaximum === 'boolean' ||
    (schema.$recursiveRef === '#' && schema.$ref === undefined) ||
    closedMembers(schema, doc) !== undefined
  );
}

const closed = (s: unknown): s is Record<string, any> => !!s && typeof s === 'object' && (s as Record<string, any>).additionalProperties === false;

/** The allOf members that close themselves, when closing them one by one refuses what the whole allows. */
function closedMembers(schema: Record<string, any>, doc: Record<string, any>): number[] | undefined {
  if (!Array.isArray(schema.allOf) || schema.allOf.length === 0) return undefined;
  const members = schema.allOf.map((m: unknown) => resolveLocal(m, doc));
  const shut = members.flatMap((m: unknown, i: number) => (closed(m) ? [i] : []));
  const outerShut = schema.additionalProperties === false && schema.properties === undefined;
  if (shut.length >= 2 || (outerShut && members.some((m: any) => m?.properties))) return shut;
  return undefined;
}

function resolveLocal(schema: unknown, doc: Record<string, any>): unknown {
  const ref = (schema as Record<string, any> | undefined)?.$ref;
  const m = typeof ref === 'string' ? COMPONENT.exec(ref) : null;
  return m && ref === m[0] ? doc.components?.schemas?.[unescape(m[1])] : schema;
}

function closeTheUnion(schema: Record<string, any>, members: number[], doc: Record<string, any>): void {
  for (const i of members) {
    const { additionalProperties: _closed, ...open } = resolveLocal(schema.allOf[i], doc) as Record<string, any>;
    schema.allOf[i] = open;
  }
  if (schema.additionalProperties === false) delete schema.additionalProperties;
  schema.unevaluatedProperties = false;
}

/** A copy of the document with those habits rewritten, or the document itself when it has none. */
export function normaliseVendorSchemas(doc: Record<string, any>): Record<string, any> {
  let found = false;
  forEachSchema(doc, (schema) => {
    found ||= needsWork(schema, doc);
  });
  if (!found) return doc;
  const out = structuredClone(doc);
  const schemas = out.components?.schemas ?? {};
  const anchored = new Set<string>();
  forEachSchema(out, (schema, pointer) => {
    if (schema.$recursiveRef === '#') {
      const name = COMPONENT.exec(pointer)?.[1];
      if (name !== undefined && schemas[unescape(name)]?.$recursiveAnchor === true) {
        delete schema.$recursiveRef;
        schema.$ref = `#/components/schemas/${name}`;
        anchored.add(unescape(name));
      }
    }
    foldExclusiveBounds(schema);
    foldNullable(schema);
  });
  // after the rewrites above, so a member copied from components carries them
  forEachSchema(out, (schema) => {
    const members = closedMembers(schema, out);
    if (members) closeTheUnion(schema, members, out);
  });
  for (const name of anchored) delete schemas[name].$recursiveAnchor;
  return out;
}

/** Refuses a recursion keyword ajv's 2020-12 validator would silently ignore. */
export function checkRecursionKeywords(file: string, doc: Record<string, any>): void {
  forEachSchema(doc, (schema, pointer) => {
    for (const keyword of ['$recursiveRef', '$recursiveAnchor']) {
      if (keyword in schema) {
        throw new SpecError(
          `${file}${pointer}/${keyword}: a draft 2019-09 keyword, which OpenAPI 3.1's JSON Schema 2020-12 replaced with $dynamicRef/$dynamicAnchor; jobtwin cannot validate with it (rewrite it with an overlay, or leave the schema out of the job operations)`,
        );
      }
    }
  });
}
