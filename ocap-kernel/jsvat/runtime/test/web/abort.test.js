// Tests for src/web/abort.js. Expected values come from Node 20's
// AbortController and AbortSignal, except where marked `spec` (there Node
// departs from the DOM standard and we follow the standard).
//
// export default (deps) => [[name, fn], ...]; deps may carry harden and
// oracle (the host's own classes, to check these expectations against;
// oracle.setTimeout is then a real timer). Our own classes get a fake
// timer that the cases advance by hand.

import { makeEvents } from '../../src/web/events.js';
import { makeAbort } from '../../src/web/abort.js';

const show = (value) => {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(show).join(', ')}]`;
  }
  return String(value);
};

const fail = (message) => {
  throw new Error(message);
};

const eq = (actual, expected, what = 'value') => {
  if (!Object.is(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
};

const same = (actual, expected, what = 'value') => {
  const a = show(actual);
  const e = show(expected);
  if (a !== e) {
    fail(`${what}: expected ${e}, got ${a}`);
  }
};

const throws = (fn, check, what = 'call') => {
  let thrown;
  let threw = false;
  try {
    fn();
  } catch (error) {
    threw = true;
    thrown = error;
  }
  if (!threw) {
    fail(`${what}: expected an exception`);
  }
  if (check.name !== undefined) {
    eq(thrown?.name, check.name, `${what}: error name`);
  }
  if (check.type !== undefined && !(thrown instanceof check.type)) {
    fail(`${what}: expected an instance of ${check.type.name}, got ${show(thrown)}`);
  }
  if (check.message !== undefined) {
    eq(thrown?.message, check.message, `${what}: error message`);
  }
  if (check.code !== undefined) {
    eq(thrown?.code, check.code, `${what}: error code`);
  }
  if (check.is !== undefined) {
    eq(thrown, check.is, `${what}: thrown value`);
  }
  return thrown;
};

// A timer the cases drive by hand.
const makeClock = () => {
  let now = 0;
  let timers = [];
  return {
    setTimeout(fn, ms) {
      timers.push({ fn, at: now + ms });
      return timers.length;
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) {
        t.fn();
      }
    },
    get pending() {
      return timers.length;
    },
  };
};

export default (deps = {}) => {
  const harden = deps.harden ?? ((x) => x);
  const oracle = deps.oracle;
  const clock = makeClock();
  let env;
  if (oracle) {
    env = oracle;
  } else {
    const events = harden(makeEvents());
    env = {
      ...events,
      ...harden(makeAbort({ ...events, setTimeout: (fn, ms) => clock.setTimeout(fn, ms) })),
    };
  }
  const { AbortController, AbortSignal, DOMException, Event, EventTarget } = env;
  // Lets timers run: the fake clock by hand, the real one by waiting.
  const wait = (ms) =>
    oracle
      ? new Promise((resolve) => {
          oracle.setTimeout(resolve, ms + 20);
        })
      : Promise.resolve(clock.advance(ms));

  const cases = [];
  const test = (name, fn) => {
    cases.push([name, fn]);
  };
  const spec = (name, fn) => {
    if (!oracle) {
      cases.push([name, fn]);
      return;
    }
    cases.push([
      `${name} [deviation from Node]`,
      async () => {
        let failed = false;
        try {
          await fn();
        } catch {
          failed = true;
        }
        if (!failed) {
          fail('Node passes this case: it is not a deviation');
        }
      },
    ]);
  };
  // Where we depart from Node (and the standard): same mechanics as spec.
  const limitation = spec;
  const own = (name, fn) => {
    if (!oracle) {
      cases.push([name, fn]);
    }
  };

  test('AbortSignal cannot be constructed by user code', () => {
    throws(() => new AbortSignal(), {
      type: TypeError,
      message: 'Illegal constructor',
      code: 'ERR_ILLEGAL_CONSTRUCTOR',
    });
    throws(() => AbortSignal(), { type: TypeError });
  });
  test('AbortSignal cannot be constructed through a subclass', () => {
    class Sub extends AbortSignal {}
    throws(() => new Sub(), { type: TypeError, message: 'Illegal constructor' });
  });
  test('a fresh controller and signal', () => {
    const ac = new AbortController();
    const s = ac.signal;
    eq(s, ac.signal, 'same signal each time');
    eq(s.aborted, false);
    eq(s.reason, undefined);
    eq(s.onabort, null);
    eq(s instanceof EventTarget, true);
    eq(s instanceof AbortSignal, true);
    eq(Object.prototype.toString.call(s), '[object AbortSignal]');
    eq(Object.prototype.toString.call(ac), '[object AbortController]');
    eq(s.throwIfAborted(), undefined);
  });
  test('abort() fires one abort event and sets the default reason', () => {
    const ac = new AbortController();
    const s = ac.signal;
    const log = [];
    s.onabort = (e) => {
      log.push(['onabort', e.type, e.target === s, e instanceof Event, e.cancelable, e.bubbles].join(':'));
    };
    s.addEventListener('abort', () => log.push(`listener:${s.aborted}`));
    ac.abort();
    ac.abort('again');
    same(log, ['onabort:abort:true:true:false:false', 'listener:true']);
    eq(s.aborted, true);
    eq(s.reason instanceof DOMException, true);
    same([s.reason.name, s.reason.message, s.reason.code], ['AbortError', 'This operation was aborted', 20]);
  });
  limitation('the abort event is not trusted (Node: isTrusted is true)', () => {
    const ac = new AbortController();
    let trusted;
    ac.signal.onabort = (e) => {
      trusted = e.isTrusted;
    };
    ac.abort();
    eq(trusted, false);
  });
  test('throwIfAborted throws the reason', () => {
    const ac = new AbortController();
    ac.abort();
    throws(() => ac.signal.throwIfAborted(), { type: DOMException, name: 'AbortError', code: 20 });
    const ac2 = new AbortController();
    ac2.abort('why');
    throws(() => ac2.signal.throwIfAborted(), { is: 'why' });
  });
  test('abort reasons: undefined gives the default, anything else is kept', () => {
    const a = new AbortController();
    a.abort(undefined);
    eq(a.signal.reason.name, 'AbortError');
    const b = new AbortController();
    b.abort(null);
    eq(b.signal.reason, null);
    const c = new AbortController();
    const reason = new Error('mine');
    c.abort(reason);
    eq(c.signal.reason, reason);
  });
  test('abort during abort is a no-op', () => {
    const a = new AbortController();
    const log = [];
    a.signal.addEventListener('abort', () => {
      log.push(`in:${a.signal.aborted}`);
      a.abort('re');
    });
    a.abort('r1');
    same(log, ['in:true']);
    eq(a.signal.reason, 'r1');
  });
  test('dispatching an abort event by hand does not abort', () => {
    const a = new AbortController();
    a.signal.dispatchEvent(new Event('abort'));
    eq(a.signal.aborted, false);
  });
  test('onabort: this is the signal', () => {
    const a = new AbortController();
    let ok;
    a.signal.onabort = function onabort() {
      ok = this === a.signal;
    };
    a.abort();
    eq(ok, true);
  });
  test('onabort keeps its place in the listener list', () => {
    const a = new AbortController();
    const log = [];
    a.signal.addEventListener('abort', () => log.push(1));
    a.signal.onabort = () => log.push('on');
    a.signal.addEventListener('abort', () => log.push(2));
    a.signal.onabort = () => log.push('on2');
    a.abort();
    same(log, [1, 'on2', 2]);
  });
  spec('onabort = null removes the handler; setting it again appends', () => {
    const a = new AbortController();
    const log = [];
    a.signal.onabort = () => log.push('on');
    a.signal.onabort = null;
    a.signal.addEventListener('abort', () => log.push(1));
    a.signal.onabort = () => log.push('on2');
    a.abort();
    same(log, [1, 'on2']);
    const b = new AbortController();
    b.signal.onabort = () => log.push('never');
    b.signal.onabort = null;
    b.abort();
    eq(b.signal.onabort, null);
    same(log, [1, 'on2']);
  });
  test('onabort accepts objects', () => {
    const a = new AbortController();
    const handler = { handleEvent() {} };
    a.signal.onabort = handler;
    eq(a.signal.onabort, handler);
    a.abort();
  });
  spec('onabort treats non-objects as null', () => {
    const a = new AbortController();
    a.signal.onabort = 5;
    eq(a.signal.onabort, null);
    a.signal.onabort = 'code';
    eq(a.signal.onabort, null);
  });
  own('an onabort that throws does not stop the other listeners', () => {
    const a = new AbortController();
    let n = 0;
    a.signal.onabort = () => {
      throw new Error('bad');
    };
    a.signal.addEventListener('abort', () => {
      n += 1;
    });
    a.abort();
    eq(n, 1);
  });
  test('AbortSignal.abort()', () => {
    const s = AbortSignal.abort();
    same([s.aborted, s.reason.name, s.reason.message], [true, 'AbortError', 'This operation was aborted']);
    eq(AbortSignal.abort(42).reason, 42);
    eq(AbortSignal.abort(undefined).reason.name, 'AbortError');
  });
  test('AbortSignal.timeout() argument checks (Node messages)', () => {
    throws(() => AbortSignal.timeout(), {
      type: TypeError,
      message: 'The "delay" argument must be of type number. Received undefined',
      code: 'ERR_INVALID_ARG_TYPE',
    });
    throws(() => AbortSignal.timeout('x'), {
      type: TypeError,
      message: 'The "delay" argument must be of type number. Received type string (\'x\')',
    });
    throws(() => AbortSignal.timeout(-1), {
      type: RangeError,
      message: 'The value of "delay" is out of range. It must be >= 0 && <= 4294967295. Received -1',
      code: 'ERR_OUT_OF_RANGE',
    });
    throws(() => AbortSignal.timeout(2 ** 53), {
      type: RangeError,
      message:
        'The value of "delay" is out of range. It must be >= 0 && <= 4294967295. Received 9_007_199_254_740_992',
    });
    throws(() => AbortSignal.timeout(1.5), {
      type: RangeError,
      message: 'The value of "delay" is out of range. It must be an integer. Received 1.5',
    });
  });
  test('AbortSignal.timeout() aborts with a TimeoutError', async () => {
    const s = AbortSignal.timeout(10);
    eq(s.aborted, false);
    let fired = 0;
    s.onabort = () => {
      fired += 1;
    };
    await wait(10);
    eq(s.aborted, true);
    eq(fired, 1);
    eq(s.reason instanceof DOMException, true);
    same(
      [s.reason.name, s.reason.message, s.reason.code],
      ['TimeoutError', 'The operation was aborted due to timeout', 23],
    );
  });
  own('AbortSignal.timeout() uses the host timer with the delay given', () => {
    const before = clock.pending;
    AbortSignal.timeout(1000);
    eq(clock.pending, before + 1);
    clock.advance(999);
    eq(clock.pending, before + 1);
    clock.advance(1);
    eq(clock.pending, before);
  });
  own('AbortSignal.timeout() without timers is a TypeError', () => {
    const events = harden(makeEvents());
    const noTimers = harden(makeAbort({ ...events, setTimeout: undefined }));
    throws(() => noTimers.AbortSignal.timeout(10), {
      type: TypeError,
      message:
        'AbortSignal.timeout() is not supported: timers are not available in this environment',
    });
    // The rest works.
    const ac = new noTimers.AbortController();
    ac.abort();
    eq(ac.signal.aborted, true);
  });
  test('AbortSignal.any() argument checks (Node messages)', () => {
    throws(() => AbortSignal.any(), {
      type: TypeError,
      message: 'The "signals" argument must be an instance of Array. Received undefined',
    });
    throws(() => AbortSignal.any(5), {
      type: TypeError,
      message: 'The "signals" argument must be an instance of Array. Received type number (5)',
    });
    throws(() => AbortSignal.any([5]), {
      type: TypeError,
      message: 'The "signals[0]" argument must be an instance of AbortSignal. Received type number (5)',
    });
    throws(() => AbortSignal.any([new AbortController().signal, {}]), { type: TypeError });
  });
  test('AbortSignal.any([]) never aborts', () => {
    const s = AbortSignal.any([]);
    eq(s.aborted, false);
    eq(s instanceof AbortSignal, true);
  });
  test('AbortSignal.any() follows the first source to abort', () => {
    const a = new AbortController();
    const b = new AbortController();
    const x = AbortSignal.any([a.signal, b.signal]);
    const log = [];
    x.onabort = () => log.push(`x:${x.reason}`);
    b.abort('B');
    a.abort('A');
    same(log, ['x:B']);
    eq(x.aborted, true);
    eq(x.reason, 'B');
  });
  test('AbortSignal.any() of an aborted signal is aborted at once, same reason', () => {
    const first = AbortSignal.abort('first');
    const x = AbortSignal.any([new AbortController().signal, first]);
    eq(x.aborted, true);
    eq(x.reason, 'first');
    const a = new AbortController();
    a.abort();
    eq(AbortSignal.any([a.signal]).reason, a.signal.reason);
  });
  test('AbortSignal.any() of dependent signals', () => {
    const a = new AbortController();
    const x = AbortSignal.any([a.signal]);
    const y = AbortSignal.any([x]);
    a.abort('Z');
    eq(x.reason, 'Z');
    eq(y.reason, 'Z');
  });
  test('dependent signals fire after the source', () => {
    const a = new AbortController();
    const log = [];
    a.signal.addEventListener('abort', () => log.push(`1:${a.signal.aborted}`));
    const x = AbortSignal.any([a.signal]);
    x.addEventListener('abort', () => log.push(`any:${x.aborted}`));
    a.signal.addEventListener('abort', () => log.push('2'));
    a.abort();
    same(log, ['1:true', '2', 'any:true']);
  });
  spec('a dependent is already aborted while its source\'s listeners run', () => {
    const a = new AbortController();
    const x = AbortSignal.any([a.signal]);
    let seen;
    a.signal.addEventListener('abort', () => {
      seen = [x.aborted, x.reason === a.signal.reason];
    });
    a.abort();
    same(seen, [true, true]);
  });
  spec('AbortSignal.any() accepts any iterable', () => {
    const a = new AbortController();
    const set = new Set([a.signal]);
    const x = AbortSignal.any(set);
    a.abort('it');
    eq(x.reason, 'it');
  });
  test('AbortSignal.any() with a timeout source', async () => {
    const a = new AbortController();
    const x = AbortSignal.any([a.signal, AbortSignal.timeout(5)]);
    await wait(5);
    eq(x.aborted, true);
    eq(x.reason.name, 'TimeoutError');
  });
  test('shapes', () => {
    same(Object.getOwnPropertyNames(AbortSignal.prototype).sort(), [
      'aborted',
      'constructor',
      'onabort',
      'reason',
      'throwIfAborted',
    ]);
    same(Object.getOwnPropertyNames(AbortController.prototype).sort(), [
      'abort',
      'constructor',
      'signal',
    ]);
    for (const name of ['abort', 'timeout', 'any']) {
      eq(typeof AbortSignal[name], 'function', name);
    }
    eq(typeof Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'onabort').set, 'function');
  });
  test('getters check their receiver', () => {
    throws(() => Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get.call({}), {
      type: TypeError,
    });
    throws(() => AbortController.prototype.abort.call({}), { type: TypeError });
  });
  test('listeners with { signal } are removed when it aborts', () => {
    const ac = new AbortController();
    const t = new EventTarget();
    let n = 0;
    t.addEventListener('ping', () => {
      n += 1;
    }, { signal: ac.signal });
    t.dispatchEvent(new Event('ping'));
    ac.abort();
    t.dispatchEvent(new Event('ping'));
    eq(n, 1);
  });
  own('hardened classes keep working', () => {
    const events = harden(makeEvents());
    const abort = harden(makeAbort({ ...events, setTimeout: undefined }));
    eq(Object.isFrozen(abort.AbortSignal.prototype), true);
    const ac = new abort.AbortController();
    let fired = 0;
    ac.signal.onabort = () => {
      fired += 1;
    };
    const x = abort.AbortSignal.any([ac.signal]);
    ac.abort('r');
    eq(fired, 1);
    eq(x.reason, 'r');
  });
  own('makeAbort checks its dependencies', () => {
    throws(() => makeAbort({}), { type: TypeError });
  });

  return cases;
};
