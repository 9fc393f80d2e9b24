// Tests for ocap-go's @metamask/kernel-utils. Expected values are those of
// upstream's own tests of @metamask/kernel-utils where there is one.
//
// export default (deps) => [[name, fn], ...]; each fn throws (or rejects) on
// failure. The cases expect SES lockdown to have run (harden is a global)
// and use no host API: where a timer is needed they put a fake one on the
// global object for the duration of the case and put the old one back
// (those cases are left out where the global object cannot be changed).
// Where Math.random is missing (a compartment not granted Math), the jitter
// cases check that jittered backoff throws a TypeError instead.
// Run under Node with test/run-node.mjs; the same file runs inside QuickJS
// from a Go test.

import { passStyleOf, getInterfaceOf } from '@endo/pass-style';
import {
  matches,
  getInterfaceGuardPayload,
  getMethodGuardPayload,
} from '@endo/patterns';

import * as indexModule from '../src/index.js';
import { makeDefaultExo, makeDefaultInterface } from '../src/exo.js';
import { GET_DESCRIPTION, makeDiscoverableExo } from '../src/discoverable.js';
import { S } from '../src/described.js';
import { prettifySmallcaps } from '../src/prettify-smallcaps.js';
import { stringify } from '../src/stringify.js';
import { fromHex, toHex } from '../src/hex.js';
import { mergeDisjointRecords } from '../src/merge-disjoint-records.js';
import {
  abortableDelay,
  delay,
  ifDefined,
  makeCounter,
} from '../src/misc.js';
import {
  calculateReconnectionBackoff,
  retry,
  retryWithBackoff,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RETRY_ATTEMPTS,
} from '../src/retry.js';
import {
  isCapData,
  isPrimitive,
  isTypedArray,
  isTypedObject,
} from '../src/types.js';
import { isVatBundle } from '../src/vat-bundle.js';
import { waitUntilQuiescent } from '../src/wait-quiescent.js';
import { installWakeDetector } from '../src/wake-detector.js';
import { AbortError } from '../src/abort-error.js';

// ---------------------------------------------------------------------------
// A small assert.

const show = (value, seen = new Set()) => {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  if (typeof value === 'symbol') {
    return String(value);
  }
  if (typeof value === 'function') {
    return `[function ${value.name}]`;
  }
  if (value === null || typeof value !== 'object') {
    return String(value);
  }
  if (seen.has(value)) {
    return '[cycle]';
  }
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    return `${Object.prototype.toString.call(value)}[${Array.from(value).join(', ')}]`;
  }
  if (Array.isArray(value)) {
    return `[${value.map((each) => show(each, seen)).join(', ')}]`;
  }
  if (value instanceof Error) {
    return `${value.name}: ${value.message}`;
  }
  const keys = Reflect.ownKeys(value);
  return `{${keys
    .map((key) => `${String(key)}: ${show(value[key], seen)}`)
    .join(', ')}}`;
};

const fail = (message) => {
  throw new Error(message);
};

// Stands for any function in an expected value.
const anyFunction = harden({ anyFunction: true });

const enumerableKeys = (object) =>
  Reflect.ownKeys(object).filter(
    (key) => Object.getOwnPropertyDescriptor(object, key)?.enumerable,
  );

// Structural equality in the manner of toStrictEqual: same own enumerable
// keys (string and symbol, undefined-valued ones included), arrays only
// equal arrays, typed arrays compared by constructor and contents.
const deepEqual = (actual, expected) => {
  if (expected === anyFunction) {
    return typeof actual === 'function';
  }
  if (Object.is(actual, expected)) {
    return true;
  }
  if (
    typeof actual !== 'object' ||
    typeof expected !== 'object' ||
    actual === null ||
    expected === null
  ) {
    return false;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) {
    return false;
  }
  if (ArrayBuffer.isView(actual) || ArrayBuffer.isView(expected)) {
    return (
      ArrayBuffer.isView(actual) &&
      ArrayBuffer.isView(expected) &&
      actual.constructor === expected.constructor &&
      actual.length === expected.length &&
      Array.from(actual).every((each, index) => each === expected[index])
    );
  }
  const actualKeys = enumerableKeys(actual);
  const expectedKeys = enumerableKeys(expected);
  if (actualKeys.length !== expectedKeys.length) {
    return false;
  }
  return expectedKeys.every(
    (key) =>
      actualKeys.includes(key) && deepEqual(actual[key], expected[key]),
  );
};

const eq = (actual, expected, what = 'value') => {
  if (!Object.is(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
};

const same = (actual, expected, what = 'value') => {
  if (!deepEqual(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
};

const ok = (condition, what) => {
  if (!condition) {
    fail(what);
  }
};

// Check a thrown error: `check` may give name, type, message (exact),
// includes (substring) and matches (RegExp).
const checkError = (thrown, check, what) => {
  if (check.type !== undefined && !(thrown instanceof check.type)) {
    fail(`${what}: expected a ${check.type.name}, got ${show(thrown)}`);
  }
  if (check.name !== undefined) {
    eq(thrown?.name, check.name, `${what}: error name`);
  }
  if (check.message !== undefined) {
    eq(thrown?.message, check.message, `${what}: error message`);
  }
  if (check.includes !== undefined) {
    ok(
      String(thrown?.message).includes(check.includes),
      `${what}: expected a message containing ${show(check.includes)}, got ${show(thrown?.message)}`,
    );
  }
  if (check.matches !== undefined) {
    ok(
      check.matches.test(String(thrown?.message)),
      `${what}: expected a message matching ${check.matches}, got ${show(thrown?.message)}`,
    );
  }
  return thrown;
};

const throws = (fn, check = {}, what = 'call') => {
  try {
    fn();
  } catch (error) {
    return checkError(error, check, what);
  }
  return fail(`${what}: expected an exception`);
};

const rejects = async (promiseOrFn, check = {}, what = 'promise') => {
  const promise =
    typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
  ok(
    promise !== null && typeof promise?.then === 'function',
    `${what}: expected a promise, got ${show(promise)}`,
  );
  try {
    await promise;
  } catch (error) {
    return checkError(error, check, what);
  }
  return fail(`${what}: expected a rejection`);
};

// Let queued promise reactions run.
const flush = async (turns = 20) => {
  for (let i = 0; i < turns; i += 1) {
    // eslint-disable-next-line no-await-in-loop
    await null;
  }
};

// ---------------------------------------------------------------------------
// Stand-ins for host timers and abort signals.

// Replace globals for the duration of `fn` (sync or async), then restore.
const withGlobals = async (overrides, fn) => {
  const saved = [];
  try {
    for (const [name, value] of Object.entries(overrides)) {
      saved.push([name, Object.getOwnPropertyDescriptor(globalThis, name)]);
      Object.defineProperty(globalThis, name, {
        value,
        writable: true,
        enumerable: false,
        configurable: true,
      });
      if (globalThis[name] !== value) {
        fail(`could not replace globalThis.${name} for the test`);
      }
    }
    return await fn();
  } finally {
    for (const [name, descriptor] of saved.reverse()) {
      if (descriptor === undefined) {
        delete globalThis[name];
      } else {
        Object.defineProperty(globalThis, name, descriptor);
      }
    }
  }
};

// Whether withGlobals can work here (a frozen global object would stop it).
const canReplaceGlobals = (() => {
  const name = '__kernelUtilsTestProbe__';
  try {
    Object.defineProperty(globalThis, name, {
      value: 1,
      writable: true,
      configurable: true,
    });
    const worked = globalThis[name] === 1;
    delete globalThis[name];
    return worked;
  } catch {
    return false;
  }
})();

// Whether Math.random works here (in a compartment not granted Math it
// throws, and so does jittered backoff).
const hasRandom = (() => {
  try {
    return typeof Math.random() === 'number';
  } catch {
    return false;
  }
})();

// Fake setTimeout/clearTimeout. With `autoFire`, each timer fires on the
// next microtask turns (so code that waits runs to completion at once);
// otherwise timers fire only through fireAll().
const makeFakeTimers = ({ autoFire = true } = {}) => {
  const delays = [];
  const cleared = [];
  const pending = new Map();
  let nextId = 1;
  const fire = (id) => {
    const callback = pending.get(id);
    if (callback) {
      pending.delete(id);
      callback();
    }
  };
  const setTimeout = (callback, ms) => {
    const id = nextId;
    nextId += 1;
    delays.push(ms);
    pending.set(id, callback);
    if (autoFire) {
      Promise.resolve()
        .then(() => fire(id))
        .catch(() => undefined);
    }
    return id;
  };
  const clearTimeout = (id) => {
    cleared.push(id);
    pending.delete(id);
  };
  const fireAll = () => {
    for (const id of [...pending.keys()]) {
      fire(id);
    }
  };
  return { setTimeout, clearTimeout, delays, cleared, pending, fireAll };
};

const withFakeTimers = async (timers, fn) =>
  withGlobals(
    { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout },
    fn,
  );

// A minimal AbortSignal: `aborted` and addEventListener('abort', ...).
const makeFakeSignal = ({ aborted = false } = {}) => {
  const listeners = [];
  const signal = {
    aborted,
    addEventListener(type, listener, options) {
      listeners.push({ type, listener, options });
    },
  };
  const abort = () => {
    signal.aborted = true;
    for (const { type, listener } of listeners.splice(0)) {
      if (type === 'abort') {
        listener();
      }
    }
  };
  return { signal, abort, listeners };
};

// An operation that fails `failures` times, then fulfills with `result`.
const makeFlakyOperation = (failures, result = 'ok', makeError) => {
  const state = { calls: 0 };
  const operation = async () => {
    state.calls += 1;
    if (state.calls <= failures) {
      throw makeError ? makeError(state.calls) : new Error(`fail-${state.calls}`);
    }
    return result;
  };
  return { operation, state };
};

const checkAbortError = (error, what) => {
  ok(error instanceof AbortError, `${what}: expected an AbortError`);
  eq(error.name, 'AbortError', `${what}: name`);
  eq(error.message, 'Operation aborted.', `${what}: message`);
  eq(error.code, 'ABORT_ERROR', `${what}: code`);
};

// ---------------------------------------------------------------------------

export default (deps = {}) => {
  void deps;
  const cases = [];
  const test = (name, fn) => {
    cases.push([name, fn]);
  };
  // A case that replaces globals; listed only where that is possible.
  const timerTest = (name, fn) => {
    if (canReplaceGlobals) {
      test(name, fn);
    }
  };
  // A case that needs Math.random; where it is missing, the case checks
  // that the jittered call fails with the TypeError instead.
  const randomTest = (name, fn, jitteredCall) => {
    if (hasRandom) {
      test(name, fn);
    } else {
      test(`${name} [no Math.random here: jitter throws]`, async () => {
        await rejects(async () => jitteredCall(), { type: TypeError });
      });
    }
  };

  // --- index ---------------------------------------------------------------

  test('index: exports what upstream exports, less the superstruct/libp2p ones', () => {
    same(Object.keys(indexModule).sort(), [
      'DEFAULT_BASE_DELAY_MS',
      'DEFAULT_MAX_DELAY_MS',
      'DEFAULT_MAX_RETRY_ATTEMPTS',
      'GET_DESCRIPTION',
      'S',
      'abortableDelay',
      'calculateReconnectionBackoff',
      'delay',
      'fromHex',
      'ifDefined',
      'installWakeDetector',
      'isCapData',
      'isPrimitive',
      'isTypedArray',
      'isTypedObject',
      'isVatBundle',
      'makeCounter',
      'makeDefaultExo',
      'makeDefaultInterface',
      'makeDiscoverableExo',
      'mergeDisjointRecords',
      'prettifySmallcaps',
      'retry',
      'retryWithBackoff',
      'stringify',
      'toHex',
      'waitUntilQuiescent',
    ]);
  });

  test('index: re-exports the same bindings as the modules', () => {
    eq(indexModule.makeDefaultExo, makeDefaultExo, 'makeDefaultExo');
    eq(indexModule.makeDiscoverableExo, makeDiscoverableExo, 'makeDiscoverableExo');
    eq(indexModule.S, S, 'S');
    eq(indexModule.retry, retry, 'retry');
    eq(indexModule.prettifySmallcaps, prettifySmallcaps, 'prettifySmallcaps');
  });

  // --- exo -----------------------------------------------------------------

  test('makeDefaultInterface: a named interface with passable default guards', () => {
    const guard = makeDefaultInterface('TestInterface');
    ok(guard !== undefined, 'guard is defined');
    const payload = getInterfaceGuardPayload(guard);
    eq(payload.interfaceName, 'TestInterface', 'interfaceName');
    eq(payload.defaultGuards, 'passable', 'defaultGuards');
    same(Object.keys(payload.methodGuards), [], 'methodGuards');
  });

  test('makeDefaultExo: a remotable whose methods are callable', () => {
    const exo = makeDefaultExo('TestExo', {
      method: () => 'foo',
      add: (a, b) => a + b,
    });
    eq(passStyleOf(exo), 'remotable', 'passStyleOf');
    eq(getInterfaceOf(exo), 'Alleged: TestExo', 'interface');
    eq(exo.method(), 'foo', 'method()');
    eq(exo.add(2, 3), 5, 'add(2, 3)');
    ok(Object.isFrozen(exo), 'exo is frozen');
  });

  test('makeDefaultExo: accepts an explicit interface guard', () => {
    const exo = makeDefaultExo(
      'TestExo',
      { method: () => 'foo' },
      makeDefaultInterface('TestExo'),
    );
    eq(passStyleOf(exo), 'remotable', 'passStyleOf');
    eq(exo.method(), 'foo', 'method()');
  });

  test('makeDefaultExo: results are hardened (passable guard)', () => {
    const exo = makeDefaultExo('TestExo', { make: () => ({ a: [1] }) });
    const made = exo.make();
    ok(Object.isFrozen(made) && Object.isFrozen(made.a), 'result is hardened');
    eq(passStyleOf(made), 'copyRecord', 'passStyleOf(result)');
  });

  test('makeDefaultExo: a method guard from S.interface is enforced', async () => {
    const { interfaceGuard } = S.interface('Math', {
      add: S.method(
        'Add a list of numbers.',
        [S.arg('summands', S.arrayOf(S.number()))],
        S.number('The sum of the numbers.'),
      ),
    });
    const exo = makeDefaultExo(
      'Math',
      { add: (summands) => summands.reduce((sum, each) => sum + each, 0) },
      interfaceGuard,
    );
    eq(await exo.add([1, 2, 3]), 6, 'add([1, 2, 3])');
    await rejects(() => exo.add(['x']), {}, 'add(["x"])');
  });

  // --- discoverable --------------------------------------------------------

  const greetSchema = {
    description: 'Greets a person by name',
    args: {
      name: { type: 'string', description: 'The name of the person to greet' },
    },
    returns: { type: 'string', description: 'A greeting message' },
  };
  const addSchema = {
    description: 'Adds two numbers together',
    args: {
      a: { type: 'number', description: 'First number' },
      b: { type: 'number', description: 'Second number' },
    },
    returns: { type: 'number', description: 'The sum of the two numbers' },
  };

  test('GET_DESCRIPTION is "__getDescription__"', () => {
    eq(GET_DESCRIPTION, '__getDescription__');
  });

  test('makeDiscoverableExo: creates an exo with the methods and the describer', () => {
    const exo = makeDiscoverableExo(
      'TestExo',
      {
        greet: (name) => `Hello, ${name}!`,
        add: (a, b) => a + b,
      },
      { greet: greetSchema, add: addSchema },
    );
    eq(passStyleOf(exo), 'remotable', 'passStyleOf');
    eq(getInterfaceOf(exo), 'Alleged: TestExo', 'interface');
    eq(typeof exo.greet, 'function', 'greet');
    eq(typeof exo.add, 'function', 'add');
    eq(typeof exo[GET_DESCRIPTION], 'function', GET_DESCRIPTION);
  });

  test('makeDiscoverableExo: __getDescription__ returns the schema', () => {
    const schema = { greet: greetSchema };
    const exo = makeDiscoverableExo(
      'TestExo',
      { greet: (name) => `Hello, ${name}!` },
      schema,
    );
    same(exo.__getDescription__(), { greet: greetSchema });
    same(exo[GET_DESCRIPTION](), schema);
  });

  test('makeDiscoverableExo: preserves method behaviour', () => {
    const exo = makeDiscoverableExo(
      'TestExo',
      {
        greet: (name) => `Hello, ${name}!`,
        add: (a, b) => a + b,
      },
      { greet: greetSchema, add: addSchema },
    );
    eq(exo.greet('Alice'), 'Hello, Alice!', 'greet');
    eq(exo.add(5, 3), 8, 'add');
  });

  test('makeDiscoverableExo: methods with no arguments', () => {
    const schema = {
      getValue: {
        description: 'Returns a constant value',
        args: {},
        returns: { type: 'number', description: 'The constant value' },
      },
    };
    const exo = makeDiscoverableExo('TestExo', { getValue: () => 42 }, schema);
    eq(exo.getValue(), 42, 'getValue');
    same(exo[GET_DESCRIPTION](), { getValue: schema.getValue });
  });

  test('makeDiscoverableExo: methods with no return value', () => {
    let called = false;
    const schema = {
      doSomething: { description: 'Performs an action', args: {} },
    };
    const exo = makeDiscoverableExo(
      'TestExo',
      {
        doSomething: () => {
          called = true;
        },
      },
      schema,
    );
    eq(exo.doSomething(), undefined, 'doSomething()');
    eq(called, true, 'called');
    same(exo[GET_DESCRIPTION](), { doSomething: schema.doSomething });
  });

  test('makeDiscoverableExo: __getDescription__ is a reserved method name', () => {
    throws(
      () =>
        makeDiscoverableExo(
          'TestExo',
          {
            [GET_DESCRIPTION]: () => 'original describe',
            greet: (name) => `Hello, ${name}!`,
          },
          {
            [GET_DESCRIPTION]: {
              description: 'Original describe method',
              args: {},
              returns: { type: 'string', description: 'Original description' },
            },
            greet: greetSchema,
          },
        ),
      {
        type: Error,
        message:
          'The `__getDescription__` method name is reserved for discoverable exos.',
      },
      'makeDiscoverableExo',
    );
  });

  test('makeDiscoverableExo: re-throws other errors from makeExo', () => {
    const thrown = throws(
      () =>
        makeDiscoverableExo(
          'TestExo',
          { greet: (name) => `Hello, ${name}!` },
          { greet: greetSchema },
          'not an interface guard',
        ),
      {},
      'makeDiscoverableExo',
    );
    ok(
      !String(thrown?.message).includes('reserved'),
      `unexpected message ${show(thrown?.message)}`,
    );
  });

  test('makeDiscoverableExo: with S.interface guard and schemas', async () => {
    const { interfaceGuard, schemas } = S.interface('Math', {
      add: S.method(
        'Add a list of numbers.',
        [S.arg('summands', S.arrayOf(S.number()))],
        S.number('The sum of the numbers.'),
      ),
    });
    const exo = makeDiscoverableExo(
      'Math',
      { add: (summands) => summands.reduce((sum, each) => sum + each, 0) },
      schemas,
      interfaceGuard,
    );
    eq(await exo.add([1, 2, 3]), 6, 'add');
    same(exo[GET_DESCRIPTION](), {
      add: {
        description: 'Add a list of numbers.',
        args: { summands: { type: 'array', items: { type: 'number' } } },
        required: ['summands'],
        returns: { type: 'number', description: 'The sum of the numbers.' },
      },
    });
  });

  // --- described -----------------------------------------------------------

  // Under lockdown a specimen must be hardened to be passable.
  const fits = (specimen, pattern) => matches(harden(specimen), pattern);

  const leafCases = [
    ['string', S.string('a word'), { type: 'string', description: 'a word' }, 'hello', 42],
    ['number', S.number(), { type: 'number' }, 42, 'hello'],
    ['boolean', S.boolean(), { type: 'boolean' }, true, 1],
  ];
  for (const [name, described, schema, good, bad] of leafCases) {
    test(`S.${name}: pattern and schema agree`, () => {
      same(described.schema, schema, 'schema');
      eq(fits(good, described.pattern), true, `matches ${show(good)}`);
      eq(fits(bad, described.pattern), false, `matches ${show(bad)}`);
    });
  }

  test('S.arrayOf', () => {
    const described = S.arrayOf(S.number(), 'the summands');
    same(described.schema, {
      type: 'array',
      items: { type: 'number' },
      description: 'the summands',
    });
    eq(fits([1, 2, 3], described.pattern), true, 'numbers');
    eq(fits(['a'], described.pattern), false, 'strings');
  });

  test('S.record: an open record that allows any keys', () => {
    const described = S.record('attachments');
    same(described.schema, {
      type: 'object',
      properties: {},
      additionalProperties: true,
      description: 'attachments',
    });
    eq(fits({ anything: 1, goes: 'here' }, described.pattern), true, 'record');
    eq(fits(42, described.pattern), false, 'number');
  });

  test('S.object: required and optional properties', () => {
    const described = S.object(
      { id: S.string(), label: S.string() },
      { optional: ['label'] },
    );
    same(described.schema, {
      type: 'object',
      properties: { id: { type: 'string' }, label: { type: 'string' } },
      required: ['id'],
      additionalProperties: false,
    });
    eq(fits({ id: 'x' }, described.pattern), true, '{ id }');
    eq(fits({ id: 'x', label: 'y' }, described.pattern), true, '{ id, label }');
    eq(fits({ label: 'y' }, described.pattern), false, '{ label }');
  });

  test('S.object: rejects extra keys', () => {
    const described = S.object({ id: S.string() });
    eq(fits({ id: 'x' }, described.pattern), true, '{ id }');
    eq(fits({ id: 'x', extra: 1 }, described.pattern), false, '{ id, extra }');
  });

  test('S.object: description and empty required list', () => {
    const described = S.object(
      { note: S.string() },
      { optional: ['note'], description: 'an options bag' },
    );
    same(described.schema, {
      type: 'object',
      properties: { note: { type: 'string' } },
      required: [],
      additionalProperties: false,
      description: 'an options bag',
    });
    eq(fits({}, described.pattern), true, '{}');
  });

  test('S.nothing: a void return with no schema', () => {
    const described = S.nothing();
    eq(described.schema, undefined, 'schema');
    ok('schema' in described, 'schema key is present');
    eq(fits(undefined, described.pattern), true, 'undefined');
    eq(fits('something', described.pattern), false, 'string');
  });

  test('S.arg: names a parameter, optional defaults to false', () => {
    const described = S.string();
    const required = S.arg('word', described);
    eq(required.name, 'word', 'name');
    eq(required.described, described, 'described');
    eq(required.optional, false, 'optional');
    eq(S.arg('word', described, { optional: true }).optional, true, 'optional: true');
  });

  test('S.method: guard and schema from named args', () => {
    const method = S.method(
      'Add a list of numbers.',
      [S.arg('summands', S.arrayOf(S.number()))],
      S.number('The sum of the numbers.'),
    );
    same(method.schema, {
      description: 'Add a list of numbers.',
      args: { summands: { type: 'array', items: { type: 'number' } } },
      required: ['summands'],
      returns: { type: 'number', description: 'The sum of the numbers.' },
    });
    const payload = getMethodGuardPayload(method.guard);
    eq(payload.callKind, 'async', 'callKind');
    eq(payload.argGuards.length, 1, 'argGuards');
    eq((payload.optionalArgGuards ?? []).length, 0, 'optionalArgGuards');
  });

  test('S.method: no `returns` in the schema of a void method', () => {
    const method = S.method(
      'Return a final response.',
      [S.arg('final', S.string())],
      S.nothing(),
    );
    eq(method.schema.returns, undefined, 'returns');
    eq('returns' in method.schema, false, '"returns" in schema');
  });

  test('S.method: optional args are trailing optional guards', () => {
    const method = S.method(
      'Return a final response.',
      [
        S.arg('final', S.string()),
        S.arg('attachments', S.record(), { optional: true }),
      ],
      S.nothing(),
    );
    const payload = getMethodGuardPayload(method.guard);
    eq(payload.argGuards.length, 1, 'argGuards');
    eq(payload.optionalArgGuards.length, 1, 'optionalArgGuards');
    same(method.schema.args, {
      final: { type: 'string' },
      attachments: { type: 'object', properties: {}, additionalProperties: true },
    });
    same(method.schema.required, ['final'], 'required');
  });

  test('S.method: a no-arg method', () => {
    const method = S.method('Get the moon phase.', [], S.string());
    same(method.schema.args, {}, 'args');
    same(method.schema.required, [], 'required');
    eq(getMethodGuardPayload(method.guard).argGuards.length, 0, 'argGuards');
  });

  test('S.method: an optional argument before a required one throws', () => {
    throws(
      () =>
        S.method(
          'bad',
          [S.arg('a', S.string(), { optional: true }), S.arg('b', S.string())],
          S.nothing(),
        ),
      {
        message:
          'describedMethod: optional arguments must be trailing (a required argument cannot follow an optional one).',
      },
    );
  });

  test('S.interface: collects guards and schemas, default passable', () => {
    const { interfaceGuard, schemas } = S.interface('Math', {
      add: S.method(
        'Add a list of numbers.',
        [S.arg('summands', S.arrayOf(S.number()))],
        S.number('The sum of the numbers.'),
      ),
      count: S.method(
        'Count characters.',
        [S.arg('word', S.string('The string to measure.'))],
        S.number(),
      ),
    });
    same(Object.keys(schemas), ['add', 'count'], 'schema keys');
    same(schemas.count, {
      description: 'Count characters.',
      args: { word: { type: 'string', description: 'The string to measure.' } },
      required: ['word'],
      returns: { type: 'number' },
    });
    const payload = getInterfaceGuardPayload(interfaceGuard);
    eq(payload.interfaceName, 'Math', 'interfaceName');
    same(Object.keys(payload.methodGuards), ['add', 'count'], 'methodGuards');
    eq(payload.defaultGuards, 'passable', 'defaultGuards');
  });

  test('S: the builders and their results are hardened', () => {
    ok(Object.isFrozen(S), 'S is frozen');
    const leaf = S.arrayOf(S.string(), 'words');
    ok(Object.isFrozen(leaf) && Object.isFrozen(leaf.schema), 'leaf');
    ok(Object.isFrozen(leaf.schema.items), 'leaf items');
    const method = S.method('m', [S.arg('a', S.string())], S.nothing());
    ok(Object.isFrozen(method) && Object.isFrozen(method.schema), 'method');
    ok(Object.isFrozen(method.schema.args), 'method args');
    const iface = S.interface('I', { m: method });
    ok(Object.isFrozen(iface) && Object.isFrozen(iface.schemas), 'interface');
  });

  // --- prettifySmallcaps ---------------------------------------------------

  const prettifyCases = [
    ['a plain string', '#"0xca46b9"', [], '0xca46b9'],
    ['a number', '#42', [], 42],
    ['null', '#null', [], null],
    ['a boolean', '#true', [], true],
    ['a remotable slot', '#"$0"', ['ko12'], '<ko12>'],
    ['a remotable slot with iface', '#"$0.Alleged: MyObj"', ['ko12'], '<ko12> (Alleged: MyObj)'],
    ['a promise slot', '#"&0"', ['kp42'], '<kp42>'],
    ['a missing slot index', '#"$5"', ['ko1'], '<?5>'],
    ['an escaped string (!)', '#"!$0"', [], '$0'],
    ['a double escape (!!)', '#"!!hello"', [], '!hello'],
    ['a non-negative bigint (+)', '#"+7"', [], '7n'],
    ['a negative bigint (-)', '#"-7"', [], '-7n'],
    ['#undefined', '#"#undefined"', [], '[undefined]'],
    ['#NaN', '#"#NaN"', [], '[NaN]'],
    ['#Infinity', '#"#Infinity"', [], '[Infinity]'],
    ['#-Infinity', '#"#-Infinity"', [], '[-Infinity]'],
    ['a symbol (%)', '#"%foo"', [], '[Symbol: foo]'],
    [
      'an object with mixed values',
      '#{"name":"$0.Alleged: MyObj","count":42}',
      ['ko12'],
      { name: '<ko12> (Alleged: MyObj)', count: 42 },
    ],
    [
      'nested arrays and objects',
      '#{"items":["$0","$1"],"meta":{"ref":"&2"}}',
      ['ko1', 'ko2', 'kp3'],
      { items: ['<ko1>', '<ko2>'], meta: { ref: '<kp3>' } },
    ],
    ['non-slot strings unchanged', '#{"text":"hello world"}', [], { text: 'hello world' }],
    [
      'a tagged value',
      '#{"#tag":"match:any","payload":"#undefined"}',
      [],
      { '[Tagged: match:any]': '[undefined]' },
    ],
    ['an error with name', '#{"#error":"boom","name":"TypeError"}', [], '[TypeError: boom]'],
    ['an error without name', '#{"#error":"something broke"}', [], '[Error: something broke]'],
    ['escaped record keys', '#{"!#foo":"bar","normal":"baz"}', [], { '#foo': 'bar', normal: 'baz' }],
  ];
  for (const [label, body, slots, expected] of prettifyCases) {
    test(`prettifySmallcaps: ${label}`, () => {
      same(prettifySmallcaps({ body, slots }), expected);
    });
  }

  test('prettifySmallcaps: throws if body does not start with #', () => {
    throws(() => prettifySmallcaps({ body: '"hello"', slots: [] }), {
      message: `Expected body to start with '#', got: "hello"`,
    });
  });

  // --- stringify -----------------------------------------------------------

  const stringifyCases = [
    [{ key: 'value' }, 2, `{\n  "key": "value"\n}`, 'a simple object, default indent'],
    [{ key: 'value' }, 4, `{\n    "key": "value"\n}`, 'a simple object, indent 4'],
    [[1, 2, 3], 2, `[\n  1,\n  2,\n  3\n]`, 'an array'],
    [42, 2, '42', 'a number'],
    ['hello', 2, '"hello"', 'a string'],
    [true, 2, 'true', 'a boolean'],
    [null, 2, 'null', 'null'],
    [undefined, 2, 'undefined', 'undefined'],
  ];
  for (const [input, indent, expected, label] of stringifyCases) {
    test(`stringify: ${label}`, () => {
      eq(stringify(input, indent), expected);
    });
  }

  test('stringify: indent defaults to 2', () => {
    eq(stringify({ key: 'value' }), `{\n  "key": "value"\n}`);
  });

  test('stringify: circular references fall back to String()', () => {
    const object = {};
    object.self = object;
    eq(stringify(object), '[object Object]');
  });

  test('stringify: functions fall back to String()', () => {
    const fn = function fn() {
      return 'hello';
    };
    eq(stringify(fn), String(fn));
  });

  test('stringify: bigints fall back to String()', () => {
    eq(stringify(10n), '10');
  });

  // The rendering of an error, spelled out key by key.
  const errorJson = (fields, indent) => JSON.stringify(fields, null, indent);

  for (const indent of [2, 4]) {
    test(`stringify: a simple error, indent ${indent}`, () => {
      const error = new Error('An error occurred');
      const result = stringify(error, indent);
      ok(result.includes(`"name": "Error"`), `name in ${result}`);
      ok(result.includes(`"message": "An error occurred"`), `message in ${result}`);
      if (error.stack !== undefined) {
        ok(result.includes(`"stack": ${JSON.stringify(error.stack)}`), `stack in ${result}`);
      }
      eq(
        result,
        errorJson({ name: 'Error', message: 'An error occurred', stack: error.stack }, indent),
      );
    });
  }

  test('stringify: an error whose cause is an error', () => {
    const rootCause = new Error('Root cause error');
    const error = new Error('Caused error', { cause: rootCause });
    eq(
      stringify(error, 2),
      errorJson(
        {
          name: 'Error',
          message: 'Caused error',
          stack: error.stack,
          cause: { name: 'Error', message: 'Root cause error', stack: rootCause.stack },
        },
        2,
      ),
    );
  });

  test('stringify: an error whose cause is not an error', () => {
    const error = new Error('Caused error', { cause: 'root cause' });
    const result = stringify(error, 2);
    ok(result.includes(`"cause": "\\"root cause\\""`), `cause in ${result}`);
    eq(
      result,
      errorJson(
        { name: 'Error', message: 'Caused error', stack: error.stack, cause: '"root cause"' },
        2,
      ),
    );
  });

  test('stringify: an ocap-style error keeps code and data', () => {
    const error = new Error('Vat does not exist.');
    Object.defineProperty(error, 'name', { value: 'VatNotFoundError', enumerable: true });
    Object.defineProperty(error, 'code', { value: 'VAT_NOT_FOUND', enumerable: true });
    Object.defineProperty(error, 'data', { value: { vatId: 'v1' }, enumerable: true });
    const result = stringify(error, 2);
    ok(
      result.endsWith(
        `"code": "VAT_NOT_FOUND",\n  "data": "{\\n  \\"vatId\\": \\"v1\\"\\n}"\n}`,
      ),
      `tail of ${result}`,
    );
    eq(
      result,
      errorJson(
        {
          name: 'VatNotFoundError',
          message: 'Vat does not exist.',
          stack: error.stack,
          code: 'VAT_NOT_FOUND',
          data: '{\n  "vatId": "v1"\n}',
        },
        2,
      ),
    );
  });

  test('stringify: an AbortError', () => {
    const error = new AbortError();
    eq(
      stringify(error),
      errorJson(
        {
          name: 'AbortError',
          message: 'Operation aborted.',
          stack: error.stack,
          code: 'ABORT_ERROR',
          data: 'undefined',
        },
        2,
      ),
    );
  });

  // --- hex -----------------------------------------------------------------

  test('toHex: empty array', () => {
    eq(toHex(new Uint8Array([])), '');
  });

  test('toHex: single bytes, padded to two digits', () => {
    for (const [byte, hex] of [
      [0, '00'], [1, '01'], [5, '05'], [10, '0a'], [15, '0f'],
      [16, '10'], [170, 'aa'], [255, 'ff'],
    ]) {
      eq(toHex(new Uint8Array([byte])), hex, `toHex([${byte}])`);
    }
  });

  test('toHex: multi-byte arrays', () => {
    eq(toHex(new Uint8Array([0, 255])), '00ff');
    eq(toHex(new Uint8Array([1, 2, 3])), '010203');
    eq(toHex(new Uint8Array([255, 0, 128])), 'ff0080');
  });

  test('toHex: all byte values', () => {
    const all = new Uint8Array(256);
    for (let i = 0; i < 256; i += 1) {
      all[i] = i;
    }
    const result = toHex(all);
    eq(result.length, 512, 'length');
    ok(/^[0-9a-f]{512}$/u.test(result), 'lower-case hex digits');
    eq(result.slice(0, 6), '000102', 'start');
    eq(result.slice(-4), 'feff', 'end');
  });

  test('toHex: large arrays', () => {
    const large = new Uint8Array(1000);
    for (let i = 0; i < 1000; i += 1) {
      large[i] = i % 256;
    }
    eq(toHex(large).length, 2000);
  });

  const zerosFrom = (bytes, start) => Array.from(bytes.slice(start)).every((byte) => byte === 0);

  test('fromHex: empty string gives 32 zero bytes', () => {
    const result = fromHex('');
    ok(result instanceof Uint8Array, 'a Uint8Array');
    eq(result.length, 32, 'length');
    ok(zerosFrom(result, 0), 'all zero');
  });

  test('fromHex: short strings are zero-padded', () => {
    const result = fromHex('ff');
    eq(result.length, 32, 'length');
    eq(result[0], 255, 'byte 0');
    ok(zerosFrom(result, 1), 'rest zero');
    const two = fromHex('ff00');
    eq(two[0], 255, 'ff00 byte 0');
    eq(two[1], 0, 'ff00 byte 1');
    ok(zerosFrom(two, 2), 'ff00 rest zero');
  });

  test('fromHex: a single digit', () => {
    const result = fromHex('a');
    eq(result[0], 10, 'byte 0');
    ok(zerosFrom(result, 1), 'rest zero');
  });

  test('fromHex: odd length takes the last digit alone', () => {
    const result = fromHex('abc');
    eq(result[0], 0xab, 'byte 0');
    eq(result[1], 0x0c, 'byte 1');
    ok(zerosFrom(result, 2), 'rest zero');
  });

  test('fromHex: various values, upper and mixed case', () => {
    const values = fromHex('00ff80');
    same(Array.from(values.slice(0, 3)), [0x00, 0xff, 0x80], '00ff80');
    ok(zerosFrom(values, 3), '00ff80 rest zero');
    same(Array.from(fromHex('ABCDEF').slice(0, 3)), [0xab, 0xcd, 0xef], 'ABCDEF');
    same(Array.from(fromHex('aBcD').slice(0, 2)), [0xab, 0xcd], 'aBcD');
  });

  test('fromHex: a full 64-digit string', () => {
    const result = fromHex(
      '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    eq(result.length, 32, 'length');
    eq(result[0], 0x01, 'byte 0');
    eq(result[1], 0x23, 'byte 1');
    eq(result[2], 0x45, 'byte 2');
    eq(result[31], 0xef, 'byte 31');
    ok(Array.from(fromHex('f'.repeat(64))).every((byte) => byte === 255), 'all ff');
  });

  test('fromHex: more than 64 digits fails the assertion', () => {
    throws(() => fromHex('0'.repeat(66)), { type: Error });
  });

  test('fromHex/toHex: round trips', () => {
    const original = new Uint8Array([0, 1, 255, 128, 42, 16]);
    const converted = fromHex(toHex(original));
    same(converted.slice(0, original.length), original, 'prefix');
    ok(zerosFrom(converted, original.length), 'rest zero');
    const full = new Uint8Array(32);
    for (let i = 0; i < 32; i += 1) {
      full[i] = i * 8;
    }
    same(fromHex(toHex(full)), full, '32 bytes');
  });

  // --- mergeDisjointRecords -------------------------------------------------

  const nullProto = (record) => Object.assign(Object.create(null), record);
  const mergeCases = [
    [
      'records with no overlapping keys',
      () => [{ a: 1, b: 2 }, { c: 3, d: 4 }, { e: 5 }],
      { a: 1, b: 2, c: 3, d: 4, e: 5 },
    ],
    ['a single record', () => [{ a: 1, b: 2 }], { a: 1, b: 2 }],
    ['empty records', () => [{}, { a: 1 }, {}], { a: 1 }],
    ['no arguments', () => [], {}],
    [
      'functions and nested records',
      () => [{ a: () => 'test' }, { b: { inner: 'value' } }],
      { a: anyFunction, b: { inner: 'value' } },
    ],
    [
      'Symbol keys',
      () => [{ [Symbol.for('key1')]: 'value1' }, { [Symbol.for('key2')]: 'value2' }],
      { [Symbol.for('key1')]: 'value1', [Symbol.for('key2')]: 'value2' },
    ],
    [
      'mixed string and Symbol keys',
      () => [{ a: 1, [Symbol.for('sym')]: 'symbol' }, { b: 2 }],
      { a: 1, [Symbol.for('sym')]: 'symbol', b: 2 },
    ],
    [
      'null-prototype records',
      () => [nullProto({ a: 1 }), nullProto({ b: 2 })],
      { a: 1, b: 2 },
    ],
    [
      'a Proxy that describes no property',
      () => [
        new Proxy({ a: 1 }, { getOwnPropertyDescriptor: () => undefined }),
        { b: 2 },
      ],
      { a: 1, b: 2 },
    ],
  ];
  for (const [label, makeRecords, expected] of mergeCases) {
    test(`mergeDisjointRecords: ${label}`, () => {
      const result = mergeDisjointRecords(...makeRecords());
      eq(Object.getPrototypeOf(result), null, 'prototype');
      same(result, expected);
    });
  }

  const collisionCases = [
    [
      'a duplicate key in the first two records',
      () => [{ a: 1 }, { a: 2 }],
      'Duplicate keys in records: a, found in entries 0 and 1',
      { originalIndex: 0, collidingIndex: 1, key: 'a' },
    ],
    [
      'a duplicate key in the first and third records',
      () => [{ a: 1 }, { b: 2 }, { a: 3 }],
      'Duplicate keys in records: a, found in entries 0 and 2',
      { originalIndex: 0, collidingIndex: 2, key: 'a' },
    ],
    [
      'a duplicate key in middle records',
      () => [{ a: 1 }, { b: 2, c: 3 }, { c: 4 }],
      'Duplicate keys in records: c, found in entries 1 and 2',
      { originalIndex: 1, collidingIndex: 2, key: 'c' },
    ],
    [
      'a duplicate Symbol key',
      () => [{ [Symbol.for('key')]: 1 }, { [Symbol.for('key')]: 2 }],
      'Duplicate keys in records: Symbol(key), found in entries 0 and 1',
      { originalIndex: 0, collidingIndex: 1, key: Symbol.for('key') },
    ],
    [
      'a duplicate Symbol key in mixed records',
      () => [
        { a: 1, [Symbol.for('sym')]: 'value1' },
        { b: 2, [Symbol.for('sym')]: 'value2' },
      ],
      'Duplicate keys in records: Symbol(sym), found in entries 0 and 1',
      { originalIndex: 0, collidingIndex: 1, key: Symbol.for('sym') },
    ],
  ];
  for (const [label, makeRecords, message, cause] of collisionCases) {
    test(`mergeDisjointRecords: throws for ${label}`, () => {
      const error = throws(() => mergeDisjointRecords(...makeRecords()), {
        type: Error,
        message,
      });
      same(error.cause, cause, 'cause');
    });
  }

  test('mergeDisjointRecords: keeps non-enumerable properties', () => {
    const result = mergeDisjointRecords(
      Object.create(null, { a: { value: 1, enumerable: false } }),
      Object.create(null, { b: { value: 2, enumerable: true } }),
    );
    same(Object.getOwnPropertyDescriptor(result, 'a'), {
      value: 1, writable: false, enumerable: false, configurable: false,
    }, 'a');
    same(Object.getOwnPropertyDescriptor(result, 'b'), {
      value: 2, writable: false, enumerable: true, configurable: false,
    }, 'b');
  });

  test('mergeDisjointRecords: keeps non-writable properties', () => {
    const result = mergeDisjointRecords(
      Object.create(null, { a: { value: 1, writable: false } }),
      Object.create(null, { b: { value: 2, writable: true } }),
    );
    throws(() => {
      result.a = 999;
    }, { type: TypeError }, 'assigning a');
    eq(result.a, 1, 'a');
    result.b = 999;
    eq(result.b, 999, 'b');
  });

  test('mergeDisjointRecords: keeps non-configurable properties', () => {
    const result = mergeDisjointRecords(
      Object.create(null, { a: { value: 1, configurable: false } }),
      Object.create(null, { b: { value: 2, configurable: true } }),
    );
    throws(() => {
      delete result.a;
    }, { type: TypeError }, 'deleting a');
    eq(result.a, 1, 'a');
    delete result.b;
    eq(result.b, undefined, 'b');
  });

  test('mergeDisjointRecords: keeps getters and setters', () => {
    let backing = 42;
    const result = mergeDisjointRecords(
      Object.create(null, {
        a: {
          get: () => backing,
          set: (value) => {
            backing = value * 2;
          },
          enumerable: true,
          configurable: true,
        },
      }),
      { b: 2 },
    );
    eq(result.a, 42, 'get');
    result.a = 10;
    eq(result.a, 20, 'get after set');
    eq(backing, 20, 'backing');
    eq(result.b, 2, 'b');
  });

  test('mergeDisjointRecords: keeps Symbol property descriptors', () => {
    const sym = Symbol('test');
    const result = mergeDisjointRecords(
      Object.create(null, {
        [sym]: { value: 'symbol value', writable: false, enumerable: false },
      }),
      { a: 1 },
    );
    same(Object.getOwnPropertyDescriptor(result, sym), {
      value: 'symbol value', writable: false, enumerable: false, configurable: false,
    });
    eq(result[sym], 'symbol value', 'value');
  });

  // --- misc ----------------------------------------------------------------

  test('ifDefined: removes undefined values', () => {
    same(ifDefined({ a: 1, b: undefined, c: 3 }), { a: 1, c: 3 });
  });

  test('ifDefined: all undefined gives an empty object', () => {
    same(ifDefined({ a: undefined, b: undefined }), {});
  });

  test('ifDefined: keeps null and other values', () => {
    same(ifDefined({ a: 1, b: 'two', c: null }), { a: 1, b: 'two', c: null });
  });

  test('ifDefined: empty input', () => {
    same(ifDefined({}), {});
  });

  test('makeCounter: starts at 1 by default', () => {
    eq(makeCounter()(), 1);
  });

  test('makeCounter: starts after the supplied argument', () => {
    eq(makeCounter(50)(), 51);
  });

  test('makeCounter: increments by one, independently per counter', () => {
    const counter = makeCounter();
    const other = makeCounter(10);
    const first = counter();
    eq(counter(), first + 1, 'second');
    eq(counter(), first + 2, 'third');
    eq(other(), 11, 'other counter');
    eq(counter(), first + 3, 'fourth');
  });

  timerTest('delay: waits the given time on setTimeout', async () => {
    const timers = makeFakeTimers();
    await withFakeTimers(timers, async () => {
      eq(await delay(100), undefined, 'result');
      eq(await delay(), undefined, 'default result');
    });
    same(timers.delays, [100, 1], 'setTimeout delays');
  });

  timerTest('delay: without setTimeout rejects with a TypeError', async () => {
    await withGlobals({ setTimeout: undefined }, () =>
      rejects(() => delay(5), { type: TypeError, includes: 'setTimeout' }),
    );
  });

  timerTest('abortableDelay: waits the given time', async () => {
    const timers = makeFakeTimers();
    await withFakeTimers(timers, async () => {
      eq(await abortableDelay(100), undefined, 'result');
      for (const ms of [1, 10, 500, 5000]) {
        // eslint-disable-next-line no-await-in-loop
        eq(await abortableDelay(ms), undefined, `${ms} ms`);
      }
    });
    same(timers.delays, [100, 1, 10, 500, 5000], 'setTimeout delays');
  });

  timerTest('abortableDelay: 0 or negative returns at once, no timer needed', async () => {
    await withGlobals({ setTimeout: undefined, clearTimeout: undefined }, async () => {
      eq(await abortableDelay(0), undefined, '0');
      eq(await abortableDelay(-100), undefined, '-100');
    });
  });

  timerTest('abortableDelay: an already aborted signal rejects with AbortError', async () => {
    const timers = makeFakeTimers();
    const { signal } = makeFakeSignal({ aborted: true });
    await withFakeTimers(timers, async () => {
      const error = await rejects(() => abortableDelay(100, signal), {}, 'abortableDelay');
      checkAbortError(error, 'abortableDelay');
    });
    same(timers.delays, [], 'no timer set');
  });

  timerTest('abortableDelay: aborting during the delay rejects and clears the timer', async () => {
    const timers = makeFakeTimers({ autoFire: false });
    const { signal, abort, listeners } = makeFakeSignal();
    await withFakeTimers(timers, async () => {
      const promise = abortableDelay(1000, signal);
      await flush();
      eq(listeners.length, 1, 'listeners');
      eq(listeners[0].type, 'abort', 'listener type');
      eq(listeners[0].options?.once, true, 'listener once');
      abort();
      const error = await rejects(promise, {}, 'abortableDelay');
      checkAbortError(error, 'abortableDelay');
      same(timers.cleared, [1], 'cleared timers');
      timers.fireAll();
      await flush();
    });
  });

  timerTest('abortableDelay: a signal that is not aborted lets it complete', async () => {
    const timers = makeFakeTimers();
    const { signal } = makeFakeSignal();
    await withFakeTimers(timers, async () => {
      eq(await abortableDelay(100, signal), undefined, 'result');
    });
    same(timers.cleared, [], 'cleared timers');
  });

  timerTest('abortableDelay: without setTimeout rejects with a TypeError', async () => {
    await withGlobals({ setTimeout: undefined }, () =>
      rejects(() => abortableDelay(5), { type: TypeError, includes: 'setTimeout' }),
    );
  });

  timerTest('abortableDelay: with a signal but no clearTimeout rejects with a TypeError', async () => {
    const timers = makeFakeTimers();
    const { signal } = makeFakeSignal();
    await withGlobals({ setTimeout: timers.setTimeout, clearTimeout: undefined }, () =>
      rejects(() => abortableDelay(5, signal), { type: TypeError, includes: 'clearTimeout' }),
    );
  });

  test('AbortError: name, message, code, data and frozen', () => {
    const error = new AbortError();
    checkAbortError(error, 'AbortError');
    ok(error instanceof Error, 'an Error');
    ok(Object.prototype.hasOwnProperty.call(error, 'data'), 'own data');
    eq(error.data, undefined, 'data');
    ok(Object.isFrozen(error), 'frozen');
    const cause = new Error('why');
    eq(new AbortError({ cause }).cause, cause, 'cause');
  });

  // --- retry ---------------------------------------------------------------

  test('retry constants', () => {
    eq(DEFAULT_MAX_RETRY_ATTEMPTS, 0, 'DEFAULT_MAX_RETRY_ATTEMPTS');
    eq(DEFAULT_BASE_DELAY_MS, 500, 'DEFAULT_BASE_DELAY_MS');
    eq(DEFAULT_MAX_DELAY_MS, 10_000, 'DEFAULT_MAX_DELAY_MS');
  });

  test('calculateReconnectionBackoff: exponential without jitter', () => {
    eq(calculateReconnectionBackoff(1, { jitter: false }), 500, 'attempt 1');
    eq(calculateReconnectionBackoff(2, { jitter: false }), 1000, 'attempt 2');
    eq(calculateReconnectionBackoff(3, { jitter: false }), 2000, 'attempt 3');
    eq(calculateReconnectionBackoff(0, { jitter: false }), 500, 'attempt 0');
  });

  test('calculateReconnectionBackoff: capped at maxDelayMs', () => {
    eq(calculateReconnectionBackoff(10, { jitter: false, maxDelayMs: DEFAULT_MAX_DELAY_MS }), 10_000);
    eq(calculateReconnectionBackoff(100, { jitter: false }), 10_000, 'default cap');
  });

  randomTest('calculateReconnectionBackoff: jitter is a whole number in [0, raw)', () => {
    for (let i = 0; i < 50; i += 1) {
      const withJitter = calculateReconnectionBackoff(1, { jitter: true });
      ok(withJitter >= 0 && withJitter < 500, `jittered ${withJitter}`);
      ok(Number.isInteger(withJitter), `integer ${withJitter}`);
      const byDefault = calculateReconnectionBackoff(3);
      ok(byDefault >= 0 && byDefault < 2000, `default jitter ${byDefault}`);
    }
  }, () => calculateReconnectionBackoff(1));

  test('calculateReconnectionBackoff: custom base and max', () => {
    eq(calculateReconnectionBackoff(1, { baseDelayMs: 100, maxDelayMs: 500, jitter: false }), 100);
    eq(calculateReconnectionBackoff(4, { baseDelayMs: 100, maxDelayMs: 500, jitter: false }), 500);
  });

  test('calculateReconnectionBackoff: base at least 1, cap at least base', () => {
    eq(calculateReconnectionBackoff(1, { baseDelayMs: 0, jitter: false }), 1, 'base 0');
    eq(calculateReconnectionBackoff(3, { baseDelayMs: -5, jitter: false }), 4, 'base -5');
    eq(calculateReconnectionBackoff(3, { baseDelayMs: 300, maxDelayMs: 100, jitter: false }), 300, 'cap below base');
  });

  test('retry: resolves on the first attempt with no delay', async () => {
    const { operation, state } = makeFlakyOperation(0, 'ok');
    eq(await retry(operation, { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 100, jitter: false }), 'ok');
    eq(state.calls, 1, 'calls');
  });

  test('retry: uses defaults when options is undefined', async () => {
    const { operation, state } = makeFlakyOperation(0, 'ok');
    eq(await retry(operation), 'ok');
    eq(state.calls, 1, 'calls');
  });

  timerTest('retry: retries and succeeds on the third attempt', async () => {
    const timers = makeFakeTimers();
    const { operation, state } = makeFlakyOperation(2, 'done');
    await withFakeTimers(timers, async () => {
      eq(await retry(operation, { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 100, jitter: false }), 'done');
    });
    eq(state.calls, 3, 'calls');
    same(timers.delays, [100, 100], 'delays');
  });

  timerTest('retry: exponential backoff without jitter, reported to onRetry', async () => {
    const timers = makeFakeTimers();
    const { operation } = makeFlakyOperation(2, 'ok');
    const infos = [];
    await withFakeTimers(timers, async () => {
      eq(
        await retry(operation, {
          maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, jitter: false,
          onRetry: (info) => infos.push(info),
        }),
        'ok',
      );
    });
    eq(infos.length, 2, 'onRetry calls');
    same(
      infos.map(({ attempt, delayMs, maxAttempts }) => ({ attempt, delayMs, maxAttempts })),
      [
        { attempt: 1, delayMs: 100, maxAttempts: 5 },
        { attempt: 2, delayMs: 200, maxAttempts: 5 },
      ],
    );
    eq(infos[0].error.message, 'fail-1', 'first error');
    eq(infos[1].error.message, 'fail-2', 'second error');
    same(timers.delays, [100, 200], 'delays');
  });

  timerTest('retry: exponential growth capped at maxDelayMs', async () => {
    const timers = makeFakeTimers();
    const { operation } = makeFlakyOperation(3, 'ok');
    const delays = [];
    await withFakeTimers(timers, async () => {
      eq(
        await retry(operation, {
          maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 250, jitter: false,
          onRetry: ({ delayMs }) => delays.push(delayMs),
        }),
        'ok',
      );
    });
    same(delays, [100, 200, 250], 'onRetry delays');
    same(timers.delays, [100, 200, 250], 'timer delays');
  });

  const randomTimerTest = (name, fn, jitteredCall) => {
    if (canReplaceGlobals) {
      randomTest(name, fn, jitteredCall);
    }
  };
  const failOnceThenRetryWithJitter = () =>
    retry(makeFlakyOperation(1).operation, { maxAttempts: 2 });

  randomTimerTest('retry: jittered delays are reported and waited', async () => {
    const timers = makeFakeTimers();
    const { operation } = makeFlakyOperation(2, 'ok');
    const infos = [];
    await withFakeTimers(timers, async () => {
      eq(
        await retry(operation, {
          maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, jitter: true,
          onRetry: (info) => infos.push(info),
        }),
        'ok',
      );
    });
    eq(infos.length, 2, 'onRetry calls');
    eq(infos[0].attempt, 1, 'first attempt');
    eq(infos[0].maxAttempts, 5, 'maxAttempts');
    eq(infos[1].attempt, 2, 'second attempt');
    ok(infos[0].delayMs >= 0 && infos[0].delayMs < 100, `first delay ${infos[0].delayMs}`);
    ok(infos[1].delayMs >= 0 && infos[1].delayMs < 200, `second delay ${infos[1].delayMs}`);
    // A zero delay is not waited for at all.
    same(
      timers.delays,
      infos.map(({ delayMs }) => delayMs).filter((ms) => ms > 0),
      'timer delays',
    );
  }, failOnceThenRetryWithJitter);

  randomTimerTest('retry: defaults to jitter over a 500 ms base', async () => {
    const timers = makeFakeTimers();
    const { operation } = makeFlakyOperation(1, 'ok');
    const infos = [];
    await withFakeTimers(timers, async () => {
      eq(await retry(operation, { maxAttempts: 3, onRetry: (info) => infos.push(info) }), 'ok');
    });
    eq(infos.length, 1, 'onRetry calls');
    ok(infos[0].delayMs >= 0 && infos[0].delayMs < DEFAULT_BASE_DELAY_MS, `delay ${infos[0].delayMs}`);
  }, failOnceThenRetryWithJitter);

  timerTest('retry: default maxDelayMs (10 s) does not cap small delays', async () => {
    const timers = makeFakeTimers();
    const { operation } = makeFlakyOperation(2, 'ok');
    const delays = [];
    await withFakeTimers(timers, async () => {
      await retry(operation, {
        maxAttempts: 5, baseDelayMs: 100, jitter: false,
        onRetry: ({ delayMs }) => delays.push(delayMs),
      });
    });
    same(delays, [100, 200]);
  });

  test('retry: shouldRetry false stops at once', async () => {
    const { operation, state } = makeFlakyOperation(5, 'ok', () => new Error('fatal'));
    const seen = [];
    await rejects(
      () =>
        retry(operation, {
          maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 50, jitter: false,
          shouldRetry: (error) => {
            seen.push(error.message);
            return false;
          },
        }),
      { message: 'fatal' },
    );
    eq(state.calls, 1, 'calls');
    same(seen, ['fatal'], 'shouldRetry saw');
  });

  timerTest('retry: gives up with the last error after maxAttempts', async () => {
    const timers = makeFakeTimers();
    const { operation, state } = makeFlakyOperation(10, 'ok');
    const seen = [];
    await withFakeTimers(timers, () =>
      rejects(
        () =>
          retry(operation, {
            maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10, jitter: false,
            shouldRetry: (error) => {
              seen.push(error.message);
              return true;
            },
          }),
        { message: 'fail-3' },
      ),
    );
    eq(state.calls, 3, 'calls');
    same(seen, ['fail-1', 'fail-2', 'fail-3'], 'shouldRetry is asked every time');
    same(timers.delays, [10, 10], 'delays');
  });

  timerTest('retry: maxAttempts 0 retries without limit', async () => {
    const timers = makeFakeTimers();
    const { operation, state } = makeFlakyOperation(9, 'finally');
    await withFakeTimers(timers, async () => {
      eq(await retry(operation, { maxAttempts: 0, baseDelayMs: 10, maxDelayMs: 10, jitter: false }), 'finally');
    });
    eq(state.calls, 10, 'calls');
  });

  timerTest('retry: without maxAttempts retries without limit', async () => {
    const timers = makeFakeTimers();
    const { operation, state } = makeFlakyOperation(4, 'finally');
    const reported = [];
    await withFakeTimers(timers, async () => {
      eq(
        await retry(operation, {
          baseDelayMs: 10, maxDelayMs: 10, jitter: false,
          onRetry: ({ maxAttempts }) => reported.push(maxAttempts),
        }),
        'finally',
      );
    });
    eq(state.calls, 5, 'calls');
    same(reported, [0, 0, 0, 0], 'maxAttempts reported');
  });

  test('retry: an aborted signal rejects with AbortError before any attempt', async () => {
    const { operation, state } = makeFlakyOperation(0, 'ok');
    const { signal } = makeFakeSignal({ aborted: true });
    const error = await rejects(() => retry(operation, { maxAttempts: 3, signal }));
    checkAbortError(error, 'retry');
    eq(state.calls, 0, 'calls');
  });

  timerTest('retry: aborting during a delay rejects with AbortError', async () => {
    const timers = makeFakeTimers({ autoFire: false });
    const { operation, state } = makeFlakyOperation(4, 'ok');
    const { signal, abort } = makeFakeSignal();
    await withFakeTimers(timers, async () => {
      const promise = retry(operation, {
        maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 100, jitter: false, signal,
      });
      await flush();
      eq(state.calls, 1, 'calls before abort');
      abort();
      const error = await rejects(promise, {}, 'retry');
      checkAbortError(error, 'retry');
      same(timers.cleared, [1], 'cleared');
    });
    eq(state.calls, 1, 'calls after abort');
  });

  timerTest('retry: passes non-Error throw values through', async () => {
    const timers = makeFakeTimers();
    const operation = async () => {
      // eslint-disable-next-line no-throw-literal
      throw 'string error';
    };
    let caught;
    await withFakeTimers(timers, async () => {
      try {
        await retry(operation, { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, jitter: false });
      } catch (error) {
        caught = error;
      }
    });
    eq(caught, 'string error');
  });

  test('retry: a negative maxAttempts makes no attempt', async () => {
    const { operation, state } = makeFlakyOperation(0, 'ok');
    await rejects(() => retry(operation, { maxAttempts: -1 }), {
      message: 'Retry operation ended unexpectedly',
    });
    eq(state.calls, 0, 'calls');
  });

  timerTest('retryWithBackoff: the same as retry', async () => {
    const timers = makeFakeTimers();
    const { operation, state } = makeFlakyOperation(1, 'ok');
    await withFakeTimers(timers, async () => {
      eq(await retryWithBackoff(operation, { maxAttempts: 3, baseDelayMs: 10, jitter: false }), 'ok');
    });
    eq(state.calls, 2, 'calls');
    same(timers.delays, [10], 'delays');
  });

  // --- installWakeDetector ---------------------------------------------------

  // Fake setInterval/clearInterval and Date.now(), driven by hand.
  const makeFakeClock = (start = 1_000_000) => {
    const clock = { now: start, intervals: new Map(), cleared: [], periods: [] };
    let nextId = 1;
    clock.setInterval = (callback, ms) => {
      const id = nextId;
      nextId += 1;
      clock.periods.push(ms);
      clock.intervals.set(id, callback);
      return id;
    };
    clock.clearInterval = (id) => {
      clock.cleared.push(id);
      clock.intervals.delete(id);
    };
    // Move the clock on by `ms` and run one tick of every interval.
    clock.tick = (ms) => {
      clock.now += ms;
      for (const callback of [...clock.intervals.values()]) {
        callback();
      }
    };
    clock.globals = {
      setInterval: clock.setInterval,
      clearInterval: clock.clearInterval,
      Date: harden({ now: () => clock.now }),
    };
    return clock;
  };

  timerTest('installWakeDetector: calls onWake when the clock jumps past the threshold', async () => {
    const clock = makeFakeClock();
    let wakes = 0;
    await withGlobals(clock.globals, () => {
      const cleanup = installWakeDetector(() => {
        wakes += 1;
      });
      same(clock.periods, [15_000], 'default interval');
      clock.tick(15_000);
      eq(wakes, 0, 'after a normal interval');
      clock.tick(15_000 + 60_000);
      eq(wakes, 1, 'after a 60 s jump');
      clock.tick(15_000);
      eq(wakes, 1, 'after another normal interval');
      clock.tick(15_000 + 60_000);
      eq(wakes, 2, 'after a second jump');
      cleanup();
      same(clock.cleared, [1], 'cleared');
    });
  });

  timerTest('installWakeDetector: normal time passage is not a wake', async () => {
    const clock = makeFakeClock();
    let wakes = 0;
    await withGlobals(clock.globals, () => {
      const cleanup = installWakeDetector(() => {
        wakes += 1;
      });
      for (let i = 0; i < 10; i += 1) {
        clock.tick(15_000);
      }
      // Exactly interval + threshold is not more than it.
      clock.tick(45_000);
      eq(wakes, 0, 'wakes');
      cleanup();
    });
  });

  timerTest('installWakeDetector: custom intervalMs and jumpThreshold', async () => {
    const clock = makeFakeClock();
    let wakes = 0;
    await withGlobals(clock.globals, () => {
      const cleanup = installWakeDetector(
        () => {
          wakes += 1;
        },
        { intervalMs: 5_000, jumpThreshold: 10_000 },
      );
      same(clock.periods, [5_000], 'interval');
      clock.tick(5_000);
      eq(wakes, 0, 'normal');
      clock.tick(5_000 + 7_000);
      eq(wakes, 0, 'a jump below the threshold');
      clock.tick(5_000 + 20_000);
      eq(wakes, 1, 'a jump above the threshold');
      cleanup();
    });
  });

  timerTest('installWakeDetector: cleanup stops it and may be called again', async () => {
    const clock = makeFakeClock();
    let wakes = 0;
    await withGlobals(clock.globals, () => {
      const cleanup = installWakeDetector(() => {
        wakes += 1;
      });
      cleanup();
      cleanup();
      clock.tick(15_000 + 60_000);
      eq(wakes, 0, 'wakes');
      eq(clock.intervals.size, 0, 'intervals left');
    });
  });

  timerTest('installWakeDetector: without setInterval throws a TypeError', async () => {
    const clock = makeFakeClock();
    await withGlobals({ ...clock.globals, setInterval: undefined }, () => {
      throws(() => installWakeDetector(() => {}), { type: TypeError, includes: 'setInterval' });
    });
  });

  timerTest('installWakeDetector: without a working Date.now() throws a TypeError', async () => {
    const clock = makeFakeClock();
    const brokenDate = harden({
      now: () => {
        throw new TypeError('secure mode Calling %SharedDate%.now() throws');
      },
    });
    await withGlobals({ ...clock.globals, Date: brokenDate }, () => {
      throws(() => installWakeDetector(() => {}), { type: TypeError, includes: 'Date.now()' });
    });
    eq(clock.intervals.size, 0, 'no interval left running');
  });

  // --- types ---------------------------------------------------------------

  test('isCapData: accepts CapData', () => {
    eq(isCapData({ body: '#"hello"', slots: [] }), true, 'empty slots');
    eq(isCapData({ body: '#{"#error":"oops"}', slots: ['ko1'] }), true, 'with slots');
    eq(isCapData(harden({ body: '#1', slots: ['ko1', 'kp2'] })), true, 'hardened');
  });

  test('isCapData: rejects other values', () => {
    const bad = [
      ['null', null],
      ['undefined', undefined],
      ['a string', 'not capdata'],
      ['a number', 42],
      ['an empty object', {}],
      ['an array', []],
      ['missing body', { slots: [] }],
      ['missing slots', { body: '"x"' }],
      ['a non-string body', { body: 123, slots: [] }],
      ['non-array slots', { body: '"x"', slots: 'not-array' }],
      ['non-string slots', { body: '"x"', slots: [1, 2] }],
      ['extra properties', { body: '"x"', slots: [], stacks: [] }],
      ['an Error', new Error('fail')],
    ];
    for (const [label, value] of bad) {
      eq(isCapData(value), false, label);
    }
  });

  test('isPrimitive: primitives', () => {
    for (const value of ['', 'foo', 0, 6.28, BigInt('9999999999999999'), Symbol('meaning'), false, null, undefined]) {
      eq(isPrimitive(value), true, show(value));
    }
  });

  test('isPrimitive: non-primitives', () => {
    const values = [[], {}, { foo: 'bar' }, () => true, function foo() { return 'bar'; }, new Uint8Array(1)];
    for (const value of values) {
      eq(isPrimitive(value), false, show(value));
    }
  });

  const isNumber = (value) => typeof value === 'number';
  const isObjectValue = (value) =>
    Boolean(value) && typeof value === 'object' && !Array.isArray(value);
  const alwaysFalse = () => false;
  const alwaysTrue = () => true;

  test('isTypedArray: homogeneous arrays', () => {
    eq(isTypedArray([], alwaysFalse), true, 'empty');
    eq(isTypedArray([0, 2, 4.5], isNumber), true, 'numbers');
    eq(isTypedArray([0, 'foo'], isPrimitive), true, 'primitives');
    eq(isTypedArray([{}, { foo: 'bar' }], isObjectValue), true, 'objects');
    eq(isTypedArray([[]], Array.isArray), true, 'arrays');
  });

  test('isTypedArray: other values', () => {
    eq(isTypedArray([null], alwaysFalse), false, 'null in array');
    eq(isTypedArray(0, isNumber), false, 'number');
    eq(isTypedArray(null, alwaysTrue), false, 'null');
    eq(isTypedArray([0, 'foo'], isNumber), false, 'mixed');
    eq(isTypedArray([0, [1]], isNumber), false, 'nested');
    eq(isTypedArray([{}, 1], isObjectValue), false, 'mixed objects');
  });

  test('isTypedObject: homogeneous objects', () => {
    eq(isTypedObject({}, alwaysFalse), true, 'empty');
    eq(isTypedObject({ foo: 0, bar: 2 }, isNumber), true, 'numbers');
    eq(isTypedObject({ foo: {}, bar: { foo: 0 } }, isObjectValue), true, 'objects');
  });

  test('isTypedObject: other values', () => {
    eq(isTypedObject({ foo: 'bar' }, alwaysFalse), false, 'string object');
    eq(isTypedObject(null, alwaysTrue), false, 'null');
    eq(isTypedObject([{}, { foo: 'bar ' }], isObjectValue), false, 'array');
    eq(isTypedObject('str', alwaysTrue), false, 'string');
  });

  // --- vat bundles ---------------------------------------------------------

  const bundle = (overrides = {}) => ({
    moduleFormat: 'iife',
    code: 'var __vatExports__ = {};',
    exports: [],
    external: [],
    ...overrides,
  });
  const without = (key) => {
    const copy = bundle();
    delete copy[key];
    return copy;
  };

  test('isVatBundle: valid bundles', () => {
    eq(isVatBundle(bundle({ exports: ['foo', 'bar'] })), true, 'with exports');
    eq(isVatBundle(bundle()), true, 'empty exports and external');
  });

  test('isVatBundle: missing properties', () => {
    for (const key of ['moduleFormat', 'code', 'exports', 'external']) {
      eq(isVatBundle(without(key)), false, `missing ${key}`);
    }
  });

  test('isVatBundle: wrong property types', () => {
    eq(isVatBundle(bundle({ moduleFormat: 'cjs' })), false, 'moduleFormat cjs');
    eq(isVatBundle(bundle({ code: 123 })), false, 'numeric code');
    eq(isVatBundle(bundle({ exports: [1] })), false, 'numeric export');
    eq(isVatBundle(bundle({ external: 'x' })), false, 'string external');
    eq(isVatBundle(bundle({ extra: true })), false, 'extra property');
  });

  test('isVatBundle: non-objects', () => {
    for (const value of [null, undefined, 'not a bundle', 42, []]) {
      eq(isVatBundle(value), false, show(value));
    }
  });

  // --- waitUntilQuiescent --------------------------------------------------

  timerTest('waitUntilQuiescent: resolves from setImmediate after queued work', async () => {
    const scheduled = [];
    const fakeSetImmediate = (callback) => {
      scheduled.push(callback);
    };
    await withGlobals({ setImmediate: fakeSetImmediate }, async () => {
      const results = [];
      let settled = false;
      const promise = waitUntilQuiescent().then(() => {
        settled = true;
        return undefined;
      });
      Promise.resolve().then(() => results.push(1)).catch(() => undefined);
      Promise.resolve().then(() => results.push(2)).catch(() => undefined);
      await flush();
      same(results, [1, 2], 'microtasks ran');
      eq(settled, false, 'waiting for the macrotask');
      eq(scheduled.length, 1, 'one setImmediate');
      scheduled[0]();
      await promise;
      eq(settled, true, 'settled');
    });
  });

  timerTest('waitUntilQuiescent: a positive delay uses setTimeout', async () => {
    const timers = makeFakeTimers();
    await withGlobals({ setTimeout: timers.setTimeout, setImmediate: undefined }, async () => {
      eq(await waitUntilQuiescent(7), undefined, 'result');
    });
    same(timers.delays, [7], 'delays');
  });

  timerTest('waitUntilQuiescent: without setImmediate rejects with a TypeError', async () => {
    await withGlobals({ setImmediate: undefined }, () =>
      rejects(() => waitUntilQuiescent(), { type: TypeError, includes: 'setImmediate' }),
    );
  });

  if (typeof globalThis.setImmediate === 'function') {
    test('waitUntilQuiescent: with the host setImmediate', async () => {
      const results = [];
      await Promise.resolve().then(async () => {
        results.push(1);
        await Promise.resolve().then(() => results.push(2));
      });
      await waitUntilQuiescent();
      same(results, [1, 2]);
    });
  } else {
    test('waitUntilQuiescent: no host setImmediate, so it rejects', () =>
      rejects(() => waitUntilQuiescent(), { type: TypeError, includes: 'setImmediate' }),
    );
  }

  if (!canReplaceGlobals) {
    test('[note] timer cases left out: globalThis cannot be changed here', () => {});
  }

  return cases;
};
