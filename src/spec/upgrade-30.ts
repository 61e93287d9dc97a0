// OpenAPI 3.0 documents are converted to 3.1 on load (many vendors still publish 3.0): the schema
// keywords that changed meaning are rewritten, so ajv reads every schema as JSON Schema 2020-12.
//   nullable: true               → type: [T, 'null'] (or anyOf with {type: 'null'}), null added to an enum
//   exclusiveMinimum: true + minimum: n → exclusiveMinimum: n (the same for the maximum)
//   example: v (in a schema)     → examples: [v]
// Everything else of 3.0 is valid 3.1.

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_ONES = ['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties'];

export function isOpenApi30(doc: Record<string, any>): boolean {
  return typeof doc.openapi === 'string' && /^3\.0\.\d+$/.test(doc.openapi);
}

/** A 3.1 copy of a 3.0 document. */
export function upgrade30(doc: Record<string, any>): Record<string, any> {
  const out = structuredClone(doc);
  out.openapi = '3.1.0';
  for (const schema of Object.values(out.components?.schemas ?? {})) upgradeSchema(schema);
  for (const parameter of Object.values(out.components?.parameters ?? {})) upgradeParameter(parameter);
  for (const response of Object.values(out.components?.responses ?? {})) upgradeResponse(response);
  for (const body of Object.values(out.components?.requestBodies ?? {})) upgradeContent((body as any)?.content);
  for (const header of Object.values(out.components?.headers ?? {})) upgradeParameter(header);
  for (const item of Object.values<any>(out.paths ?? {})) {
    if (!item || typeof item !== 'object') continue;
    for (const parameter of item.parameters ?? []) upgradeParameter(parameter);
    for (const [key, operation] of Object.entries<any>(item)) {
      if (key === 'parameters' || !operation || typeof operation !== 'object') continue;
      for (const parameter of operation.parameters ?? []) upgradeParameter(parameter);
      upgradeContent(operation.requestBody?.content);
      for (const response of Object.values(operation.responses ?? {})) upgradeResponse(response);
    }
  }
  return out;
}

function upgradeParameter(parameter: any): void {
  if (!parameter || typeof parameter !== 'object') return;
  if (parameter.schema) upgradeSchema(parameter.schema);
  upgradeContent(parameter.content);
}

function upgradeResponse(response: any): void {
  if (!response || typeof response !== 'object') return;
  upgradeContent(response.content);
  for (const header of Object.values(response.headers ?? {})) upgradeParameter(header);
}

function upgradeContent(content: any): void {
  if (!content || typeof content !== 'object') return;
  for (const media of Object.values<any>(content)) if (media?.schema) upgradeSchema(media.schema);
}

function upgradeSchema(schema: any): void {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  for (const key of SCHEMA_MAPS) for (const sub of Object.values(schema[key] ?? {})) upgradeSchema(sub);
  for (const key of SCHEMA_LISTS) if (Array.isArray(schema[key])) schema[key].forEach(upgradeSchema);
  for (const key of SCHEMA_ONES) upgradeSchema(schema[key]);
  if ('example' in schema) {
    schema.examples ??= [schema.example];
    delete schema.example;
  }
  foldExclusiveBounds(schema);
  foldNullable(schema);
}

/** 3.0's boolean exclusiveMinimum/exclusiveMaximum as 3.1's numbers. */
export function foldExclusiveBounds(schema: Record<string, any>): void {
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (schema[exclusive] === true && typeof schema[bound] === 'number') {
      schema[exclusive] = schema[bound];
      delete schema[bound];
    } else if (typeof schema[exclusive] === 'boolean') delete schema[exclusive];
  }
}

/** 3.0's `nullable` as 3.1 says it: null added to the type (or enum), or as one more alternative. */
export function foldNullable(schema: Record<string, any>): void {
  if (schema.nullable === true) {
    delete schema.nullable;
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
    if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    else if (Array.isArray(schema.type)) {
      if (!schema.type.includes('null')) schema.type.push('null');
    } else {
      // No type of its own ($ref, allOf, …): null as one more alternative.
      const rest = { ...schema };
      for (const key of Object.keys(schema)) delete schema[key];
      schema.anyOf = [rest, { type: 'null' }];
    }
  } else if (schema.nullable === false) delete schema.nullable;
}
