// Described values: one authored leaf yields both an `@endo/patterns`
// pattern (what the exo membrane enforces) and a JSON Schema (what
// `__getDescription__` tells a caller, e.g. an LLM agent). Because both come
// from the same call they cannot drift apart.
//
//   const { interfaceGuard, schemas } = S.interface('Math', {
//     add: S.method('Add numbers.', [S.arg('xs', S.arrayOf(S.number()))],
//       S.number('The sum.')),
//   });
//   makeDiscoverableExo('Math', methods, schemas, interfaceGuard);
//
// Pattern, MethodGuard and InterfaceGuard below are the @endo/patterns types.

import { M } from '@endo/patterns';

/**
 * A JSON Schema for a value: a primitive, an array of a schema, or an object
 * of schemas.
 *
 * @typedef {(
 *   | { type: 'string' | 'number' | 'boolean', description?: string }
 *   | { type: 'array', description?: string, items: JsonSchema }
 *   | {
 *       type: 'object',
 *       description?: string,
 *       properties: Record<string, JsonSchema>,
 *       required?: string[],
 *       additionalProperties?: boolean,
 *     }
 * )} JsonSchema
 */

/**
 * The description of one method. `required` names the arguments a caller
 * must supply; when it is absent every argument in `args` is required.
 * `returns` is absent for a method that returns nothing.
 *
 * @typedef {{
 *   description: string,
 *   args: Record<string, JsonSchema>,
 *   required?: string[],
 *   returns?: JsonSchema,
 * }} MethodSchema
 */

/**
 * A pattern paired with the schema describing it.
 *
 * @typedef {{ pattern: Pattern, schema: JsonSchema }} Described
 */

/**
 * Like {@link Described}, but for a return position, where "returns
 * nothing" has a pattern (`M.undefined()`) and no schema.
 *
 * @typedef {{ pattern: Pattern, schema: JsonSchema | undefined }} DescribedReturn
 */

/**
 * A positional method parameter with the name it has in the method schema.
 *
 * @typedef {{ name: string, described: Described, optional: boolean }} NamedArg
 */

/**
 * @typedef {{ guard: MethodGuard, schema: MethodSchema }} DescribedMethod
 */

/**
 * @typedef {{
 *   interfaceGuard: InterfaceGuard,
 *   schemas: Record<string, MethodSchema>,
 * }} DescribedInterface
 */

/**
 * Pair a pattern with a schema, adding the description (as the schema's
 * last key) when there is one, and harden the pair.
 *
 * @param {Pattern} pattern - The pattern.
 * @param {JsonSchema} schema - The schema, without description.
 * @param {string | undefined} description - The description, if any.
 * @returns {Described} The hardened pair.
 */
const describe = (pattern, schema, description) =>
  harden({
    pattern,
    schema: description === undefined ? schema : { ...schema, description },
  });

/**
 * A string: `M.string()`, `{ type: 'string' }`.
 *
 * @param {string} [description] - What the value means.
 * @returns {Described} The described string.
 */
const string = (description) =>
  describe(M.string(), { type: 'string' }, description);

/**
 * A number: `M.number()`, `{ type: 'number' }`.
 *
 * @param {string} [description] - What the value means.
 * @returns {Described} The described number.
 */
const number = (description) =>
  describe(M.number(), { type: 'number' }, description);

/**
 * A boolean: `M.boolean()`, `{ type: 'boolean' }`.
 *
 * @param {string} [description] - What the value means.
 * @returns {Described} The described boolean.
 */
const boolean = (description) =>
  describe(M.boolean(), { type: 'boolean' }, description);

/**
 * An array whose elements are all `items`: `M.arrayOf(items.pattern)`,
 * `{ type: 'array', items: items.schema }`.
 *
 * @param {Described} items - The element.
 * @param {string} [description] - What the value means.
 * @returns {Described} The described array.
 */
const arrayOf = (items, description) =>
  describe(
    M.arrayOf(items.pattern),
    { type: 'array', items: items.schema },
    description,
  );

/**
 * Any record, with whatever keys: `M.record()`,
 * `{ type: 'object', properties: {}, additionalProperties: true }`.
 *
 * @param {string} [description] - What the value means.
 * @returns {Described} The described open record.
 */
const record = (description) =>
  describe(
    M.record(),
    { type: 'object', properties: {}, additionalProperties: true },
    description,
  );

/**
 * A record with exactly the listed properties; those not named in
 * `options.optional` are required and no others are allowed. The pattern is
 * `M.splitRecord(required, optional, {})` (the empty rest closes it); the
 * schema is `{ type: 'object', properties, required,
 * additionalProperties: false }`.
 *
 * @param {Record<string, Described>} properties - The properties, by name.
 * @param {{ optional?: string[], description?: string }} [options] - Which
 * properties may be left out, and what the value means.
 * @returns {Described} The described closed record.
 */
const object = (properties, options = {}) => {
  const { optional = [], description } = options;
  const mayOmit = new Set(optional);
  const requiredShape = {};
  const optionalShape = {};
  const propertySchemas = {};
  const requiredNames = [];
  for (const [key, { pattern, schema }] of Object.entries(properties)) {
    propertySchemas[key] = schema;
    if (mayOmit.has(key)) {
      optionalShape[key] = pattern;
    } else {
      requiredShape[key] = pattern;
      requiredNames.push(key);
    }
  }
  return describe(
    M.splitRecord(requiredShape, optionalShape, {}),
    {
      type: 'object',
      properties: propertySchemas,
      required: requiredNames,
      additionalProperties: false,
    },
    description,
  );
};

/**
 * The result of a method that returns nothing: `M.undefined()`, and no
 * schema (JSON Schema has no `undefined`).
 *
 * @returns {DescribedReturn} The described void result.
 */
const nothing = () => harden({ pattern: M.undefined(), schema: undefined });

/**
 * Name a positional parameter.
 *
 * @param {string} name - Its key in the method schema's `args`.
 * @param {Described} described - Its pattern and schema.
 * @param {{ optional?: boolean }} [options] - Whether a caller may leave it
 * out. Optional parameters must come after all required ones.
 * @returns {NamedArg} The named parameter.
 */
const arg = (name, described, options = {}) =>
  harden({ name, described, optional: options.optional ?? false });

/**
 * Describe a method. The guard is `M.callWhen(...)`, since a discoverable
 * exo's methods are called by eventual send; optional parameters become
 * `.optional(...)` trailing guards.
 *
 * @param {string} description - What the method does.
 * @param {NamedArg[]} args - Its parameters in order; optional ones last.
 * @param {DescribedReturn} returns - Its result (`S.nothing()` for none).
 * @returns {DescribedMethod} The method guard and schema.
 * @throws {Error} When a required parameter follows an optional one.
 */
const method = (description, args, returns) => {
  const required = [];
  const optional = [];
  for (const each of args) {
    if (each.optional) {
      optional.push(each);
    } else if (optional.length > 0) {
      // M.call(...).optional(...) is positional: a required parameter
      // after an optional one cannot be expressed.
      throw new Error(
        'describedMethod: optional arguments must be trailing (a required argument cannot follow an optional one).',
      );
    } else {
      required.push(each);
    }
  }

  const patternsOf = (list) => list.map((each) => each.described.pattern);
  let guard = M.callWhen(...patternsOf(required));
  if (optional.length > 0) {
    guard = guard.optional(...patternsOf(optional));
  }
  guard = guard.returns(returns.pattern);

  const argSchemas = {};
  for (const each of args) {
    argSchemas[each.name] = each.described.schema;
  }
  const schema = {
    description,
    args: argSchemas,
    required: required.map((each) => each.name),
  };
  if (returns.schema !== undefined) {
    schema.returns = returns.schema;
  }
  return harden({ guard, schema });
};

/**
 * Describe an interface: the InterfaceGuard made of the methods' guards,
 * and the schemas to hand to `makeDiscoverableExo`. The guard's default is
 * `'passable'`, so the `__getDescription__` method that
 * `makeDiscoverableExo` adds (and that is not listed here) is let through.
 *
 * @param {string} name - The interface name.
 * @param {Record<string, DescribedMethod>} methods - The described methods,
 * by method name.
 * @returns {DescribedInterface} The interface guard and method schemas.
 */
const describedInterface = (name, methods) => {
  const methodGuards = {};
  const schemas = {};
  for (const [methodName, { guard, schema }] of Object.entries(methods)) {
    methodGuards[methodName] = guard;
    schemas[methodName] = schema;
  }
  return harden({
    interfaceGuard: M.interface(name, methodGuards, {
      defaultGuards: 'passable',
    }),
    schemas,
  });
};

/**
 * The builders, named after `@endo/patterns`' `M`: leaves (`string`,
 * `number`, `boolean`, `arrayOf`, `record`, `object`, `nothing`), `arg` to
 * name a parameter, and `method` and `interface` to put them together.
 */
export const S = harden({
  string,
  number,
  boolean,
  arrayOf,
  record,
  object,
  nothing,
  arg,
  method,
  interface: describedInterface,
});
