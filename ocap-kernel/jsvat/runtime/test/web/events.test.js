// Tests for src/web/events.js. Expected values come from Node 20's
// DOMException, Event and EventTarget, except where marked `spec` (there
// Node departs from the DOM standard and we follow the standard).
//
// export default (deps) => [[name, fn], ...]; deps may carry harden and
// oracle (the host's own classes, to check these expectations against).

import { makeEvents } from '../../src/web/events.js';
import { makeAbort } from '../../src/web/abort.js';

const show = (value) => {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(show).join(', ')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${k}: ${show(value[k])}`)
      .join(', ')}}`;
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
  return thrown;
};

export default (deps = {}) => {
  const harden = deps.harden ?? ((x) => x);
  const oracle = deps.oracle;
  const env = oracle
    ? { DOMException: oracle.DOMException, Event: oracle.Event, EventTarget: oracle.EventTarget }
    : harden(makeEvents());
  const { DOMException, Event, EventTarget } = env;
  const { AbortController, AbortSignal } = oracle
    ? oracle
    : harden(makeAbort({ ...env, setTimeout: undefined }));
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
  const own = (name, fn) => {
    if (!oracle) {
      cases.push([name, fn]);
    }
  };

  // ---- DOMException ----

  test('DOMException: defaults', () => {
    const e = new DOMException();
    eq(e.name, 'Error');
    eq(e.message, '');
    eq(e.code, 0);
    eq(String(e), 'Error');
  });
  test('DOMException: is an Error with a stack', () => {
    const e = new DOMException('boom', 'AbortError');
    eq(e instanceof DOMException, true);
    eq(e instanceof Error, true);
    eq(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
    eq(typeof e.stack, 'string');
    eq(Object.prototype.toString.call(e), '[object DOMException]');
    eq(String(e), 'AbortError: boom');
  });
  test('DOMException: legacy codes by name', () => {
    const table = {
      IndexSizeError: 1,
      DOMStringSizeError: 0,
      HierarchyRequestError: 3,
      WrongDocumentError: 4,
      InvalidCharacterError: 5,
      NoDataAllowedError: 0,
      NoModificationAllowedError: 7,
      NotFoundError: 8,
      NotSupportedError: 9,
      InUseAttributeError: 10,
      InvalidStateError: 11,
      SyntaxError: 12,
      InvalidModificationError: 13,
      NamespaceError: 14,
      InvalidAccessError: 15,
      ValidationError: 0,
      TypeMismatchError: 17,
      SecurityError: 18,
      NetworkError: 19,
      AbortError: 20,
      URLMismatchError: 21,
      QuotaExceededError: 22,
      TimeoutError: 23,
      InvalidNodeTypeError: 24,
      DataCloneError: 25,
      EncodingError: 0,
      NotReadableError: 0,
      UnknownError: 0,
      ConstraintError: 0,
      DataError: 0,
      OperationError: 0,
      NotAllowedError: 0,
      Error: 0,
      Foo: 0,
    };
    for (const [name, code] of Object.entries(table)) {
      eq(new DOMException('m', name).code, code, name);
    }
  });
  test('DOMException: constants on the constructor and prototype', () => {
    eq(DOMException.INDEX_SIZE_ERR, 1);
    eq(DOMException.DOMSTRING_SIZE_ERR, 2);
    eq(DOMException.ABORT_ERR, 20);
    eq(DOMException.prototype.ABORT_ERR, 20);
    eq(DOMException.TIMEOUT_ERR, 23);
    eq(DOMException.DATA_CLONE_ERR, 25);
    eq(new DOMException().INVALID_STATE_ERR, 11);
    const desc = Object.getOwnPropertyDescriptor(DOMException, 'ABORT_ERR');
    same(desc, { value: 20, writable: false, enumerable: true, configurable: false });
  });
  test('DOMException: arguments are converted to strings', () => {
    eq(new DOMException(undefined, undefined).name, 'Error');
    eq(new DOMException(null, null).name, 'null');
    eq(new DOMException(null, null).message, 'null');
    eq(new DOMException(12, 'x').message, '12');
    throws(() => new DOMException(Symbol('s')), { type: TypeError });
  });
  test('DOMException: options object with name and cause', () => {
    eq(new DOMException('x', { name: 'y' }).name, 'y');
    eq(new DOMException('x', { cause: 1 }).cause, 1);
    eq(new DOMException('x', { cause: 1 }).name, 'undefined');
    eq(new DOMException('x', { name: 'AbortError', cause: 1 }).code, 20);
  });
  test('DOMException: needs new, getters check receivers', () => {
    throws(() => DOMException('x'), { type: TypeError });
    throws(() => DOMException.prototype.name, {
      type: TypeError,
      message: 'Value of "this" must be of DOMException',
    });
    throws(() => Object.getOwnPropertyDescriptor(DOMException.prototype, 'code').get.call({}), {
      type: TypeError,
    });
  });
  test('DOMException: prototype shape', () => {
    const names = Object.getOwnPropertyNames(DOMException.prototype);
    for (const name of ['constructor', 'name', 'message', 'code', 'ABORT_ERR']) {
      eq(names.includes(name), true, name);
    }
    const tag = Object.getOwnPropertyDescriptor(DOMException.prototype, Symbol.toStringTag);
    same([tag.value, tag.writable, tag.enumerable], ['DOMException', false, false]);
  });
  test('DOMException: subclassing', () => {
    class MyError extends DOMException {
      constructor() {
        super('mine', 'NotFoundError');
      }
    }
    const e = new MyError();
    eq(e.code, 8);
    eq(e.name, 'NotFoundError');
    eq(e instanceof DOMException, true);
  });

  // ---- Event ----

  test('Event: defaults', () => {
    const ev = new Event('foo');
    same(
      {
        type: ev.type,
        bubbles: ev.bubbles,
        cancelable: ev.cancelable,
        composed: ev.composed,
        target: ev.target,
        currentTarget: ev.currentTarget,
        defaultPrevented: ev.defaultPrevented,
        isTrusted: ev.isTrusted,
        eventPhase: ev.eventPhase,
        returnValue: ev.returnValue,
        cancelBubble: ev.cancelBubble,
        srcElement: ev.srcElement,
        timeStamp: typeof ev.timeStamp,
      },
      {
        type: 'foo',
        bubbles: false,
        cancelable: false,
        composed: false,
        target: null,
        currentTarget: null,
        defaultPrevented: false,
        isTrusted: false,
        eventPhase: 0,
        returnValue: true,
        cancelBubble: false,
        srcElement: null,
        timeStamp: 'number',
      },
    );
  });
  own('Event: timeStamp is 0', () => {
    eq(new Event('x').timeStamp, 0);
  });
  test('Event: init dictionary members are converted to booleans', () => {
    const ev = new Event('x', { bubbles: 1, cancelable: 'y', composed: {} });
    same([ev.bubbles, ev.cancelable, ev.composed], [true, true, true]);
    eq(new Event('x', null).type, 'x');
  });
  test('Event: type is converted to a string', () => {
    eq(new Event(undefined).type, 'undefined');
    eq(new Event(null).type, 'null');
    eq(new Event(5).type, '5');
  });
  test('Event: argument checks (Node messages)', () => {
    throws(() => new Event(), {
      type: TypeError,
      message: 'The "type" argument must be specified',
      code: 'ERR_MISSING_ARGS',
    });
    throws(() => new Event('x', 5), {
      type: TypeError,
      message: 'The "options" argument must be of type object. Received type number (5)',
    });
    throws(() => Event('x'), { type: TypeError });
  });
  test('Event: preventDefault only when cancelable', () => {
    const a = new Event('x');
    a.preventDefault();
    eq(a.defaultPrevented, false);
    const b = new Event('x', { cancelable: true });
    b.preventDefault();
    eq(b.defaultPrevented, true);
    eq(b.returnValue, false);
  });
  spec('Event: returnValue = false cancels (a setter, per the standard)', () => {
    const e = new Event('x', { cancelable: true });
    e.returnValue = false;
    eq(e.defaultPrevented, true);
  });
  test('Event: constants on the constructor', () => {
    same(
      [Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE],
      [0, 1, 2, 3],
    );
    same(Object.getOwnPropertyDescriptor(Event, 'AT_TARGET'), {
      value: 2,
      writable: false,
      enumerable: true,
      configurable: false,
    });
  });
  spec('Event: constants on the prototype too', () => {
    eq(new Event('x').AT_TARGET, 2);
  });
  test('Event: toStringTag and prototype shape', () => {
    eq(Object.prototype.toString.call(new Event('x')), '[object Event]');
    const names = Object.getOwnPropertyNames(Event.prototype);
    for (const name of [
      'type', 'target', 'currentTarget', 'srcElement', 'composedPath', 'eventPhase',
      'stopPropagation', 'cancelBubble', 'stopImmediatePropagation', 'bubbles',
      'cancelable', 'returnValue', 'preventDefault', 'defaultPrevented', 'composed',
      'isTrusted', 'timeStamp', 'initEvent',
    ]) {
      eq(names.includes(name), true, name);
    }
    eq(Object.keys(new Event('x')).length, 0, 'own enumerable keys');
  });
  test('Event: composedPath is empty outside dispatch', () => {
    same(new Event('x').composedPath(), []);
  });
  test('Event: initEvent', () => {
    const e = new Event('a');
    e.initEvent('b', true, true);
    same([e.type, e.bubbles, e.cancelable], ['b', true, true]);
  });
  test('Event: cancelBubble cannot be cleared', () => {
    const e = new Event('v');
    e.stopPropagation();
    eq(e.cancelBubble, true);
    e.cancelBubble = false;
    eq(e.cancelBubble, true);
  });
  test('Event: subclass with extra fields', () => {
    class Custom extends Event {
      constructor() {
        super('sub');
        this.detail = 7;
      }
    }
    const t = new EventTarget();
    let detail;
    t.addEventListener('sub', (e) => {
      detail = e.detail;
    });
    t.dispatchEvent(new Custom());
    eq(detail, 7);
  });

  // ---- EventTarget ----

  test('EventTarget: shape', () => {
    eq(Object.prototype.toString.call(new EventTarget()), '[object EventTarget]');
    same(Object.getOwnPropertyNames(EventTarget.prototype).sort(), [
      'addEventListener',
      'constructor',
      'dispatchEvent',
      'removeEventListener',
    ]);
  });
  test('dispatch: listener sees target, currentTarget, AT_TARGET, this', () => {
    const t = new EventTarget();
    const ev = new Event('x');
    let seen;
    t.addEventListener('x', function listener(e) {
      seen = [e === ev, e.target === t, e.currentTarget === t, e.eventPhase, this === t, arguments.length];
    });
    eq(t.dispatchEvent(ev), true);
    same(seen, [true, true, true, 2, true, 1]);
  });
  test('dispatch: state after dispatch', () => {
    const t = new EventTarget();
    const ev = new Event('u', { cancelable: true });
    t.addEventListener('u', (e) => {
      e.preventDefault();
    });
    eq(t.dispatchEvent(ev), false);
    same([ev.eventPhase, ev.currentTarget, ev.target === t, ev.defaultPrevented], [0, null, true, true]);
  });
  test('dispatch: returns false only if a listener cancels a cancelable event', () => {
    const t = new EventTarget();
    t.addEventListener('c', (e) => {
      e.preventDefault();
    });
    eq(t.dispatchEvent(new Event('c', { cancelable: true })), false);
    eq(t.dispatchEvent(new Event('c')), true);
    eq(t.dispatchEvent(new Event('nobody', { cancelable: true })), true);
  });
  test('dispatch: defaultPrevented and returnValue inside the listener', () => {
    const t = new EventTarget();
    let inner;
    t.addEventListener('x', (e) => {
      e.preventDefault();
      inner = [e.defaultPrevented, e.returnValue];
    });
    eq(t.dispatchEvent(new Event('x', { cancelable: true })), false);
    same(inner, [true, false]);
  });
  test('dispatch: listeners run in order; duplicates ignored', () => {
    const t = new EventTarget();
    const log = [];
    const a = () => log.push('a');
    t.addEventListener('x', a);
    t.addEventListener('x', a);
    t.addEventListener('x', () => log.push('b'));
    t.addEventListener('x', { handleEvent() { log.push('h'); } });
    t.addEventListener('x', () => log.push('c'));
    t.dispatchEvent(new Event('x'));
    same(log, ['a', 'b', 'h', 'c']);
  });
  test('dispatch: handleEvent is called on its object, looked up at dispatch', () => {
    const t = new EventTarget();
    const log = [];
    const obj = {
      handleEvent() {
        log.push(this === obj ? 'this ok' : 'bad this');
      },
    };
    t.addEventListener('h', obj);
    t.dispatchEvent(new Event('h'));
    obj.handleEvent = () => log.push('replaced');
    t.dispatchEvent(new Event('h'));
    same(log, ['this ok', 'replaced']);
  });
  test('dispatch: only listeners of the event type run', () => {
    const t = new EventTarget();
    const log = [];
    t.addEventListener('a', () => log.push('a'));
    t.addEventListener('b', () => log.push('b'));
    t.addEventListener(5, () => log.push('5'));
    t.dispatchEvent(new Event('b'));
    t.dispatchEvent(new Event('5'));
    same(log, ['b', '5']);
  });
  test('dispatch: a listener removed during dispatch does not run', () => {
    const t = new EventTarget();
    const log = [];
    const b = () => log.push('b');
    t.addEventListener('y', () => {
      log.push('a');
      t.removeEventListener('y', b);
    });
    t.addEventListener('y', b);
    t.dispatchEvent(new Event('y'));
    t.dispatchEvent(new Event('y'));
    same(log, ['a', 'a']);
  });
  test('dispatch: a listener added during dispatch waits for the next one', () => {
    const t = new EventTarget();
    const log = [];
    let added = false;
    t.addEventListener('x', () => {
      log.push(1);
      if (!added) {
        added = true;
        t.addEventListener('x', () => log.push('added'));
      }
    });
    t.dispatchEvent(new Event('x'));
    log.push('|');
    t.dispatchEvent(new Event('x'));
    same(log, [1, '|', 1, 'added']);
  });
  spec('dispatch: listeners added during dispatch never run in it (after a removal)', () => {
    const log = [];
    const t = new EventTarget();
    const b = () => log.push('b');
    t.addEventListener('y', () => {
      log.push('a');
      t.removeEventListener('y', b);
      t.addEventListener('y', () => log.push('new'));
    });
    t.addEventListener('y', b);
    t.dispatchEvent(new Event('y'));
    log.push('|');
    t.dispatchEvent(new Event('y'));
    same(log, ['a', '|', 'a', 'new']);
  });
  test('dispatch: once', () => {
    const t = new EventTarget();
    let n = 0;
    t.addEventListener('a', () => {
      n += 1;
    }, { once: 1 });
    t.dispatchEvent(new Event('a'));
    t.dispatchEvent(new Event('a'));
    eq(n, 1);
  });
  test('dispatch: once and a plain registration of the same listener are one', () => {
    const t = new EventTarget();
    const log = [];
    const f = () => log.push('f');
    t.addEventListener('x', f, { once: true });
    t.addEventListener('x', f);
    t.dispatchEvent(new Event('x'));
    t.dispatchEvent(new Event('x'));
    same(log, ['f']);
  });
  test('dispatch: stopImmediatePropagation', () => {
    const t = new EventTarget();
    const log = [];
    t.addEventListener('z', () => log.push('o'), { once: true });
    t.addEventListener('z', (e) => {
      log.push('s');
      e.stopImmediatePropagation();
      log.push(e.cancelBubble);
    });
    t.addEventListener('z', () => log.push('never'));
    t.dispatchEvent(new Event('z'));
    t.dispatchEvent(new Event('z'));
    same(log, ['o', 's', true, 's', true]);
  });
  test('dispatch: stopImmediatePropagation before dispatch', () => {
    const t = new EventTarget();
    let n = 0;
    t.addEventListener('v', () => {
      n += 1;
    });
    const e = new Event('v');
    e.stopImmediatePropagation();
    t.dispatchEvent(e);
    eq(n, 0);
  });
  spec('dispatch: stopPropagation before dispatch means no listener runs', () => {
    const t = new EventTarget();
    let n = 0;
    t.addEventListener('v', () => {
      n += 1;
    });
    const e = new Event('v');
    e.stopPropagation();
    t.dispatchEvent(e);
    eq(n, 0);
  });
  spec('dispatch: the propagation flags are cleared after dispatch', () => {
    const t = new EventTarget();
    t.addEventListener('u', (e) => {
      e.stopImmediatePropagation();
    });
    const e = new Event('u');
    t.dispatchEvent(e);
    eq(e.cancelBubble, false);
  });
  test('dispatch: re-dispatching a finished event is allowed', () => {
    const t = new EventTarget();
    let n = 0;
    t.addEventListener('x', () => {
      n += 1;
    });
    const e = new Event('x');
    t.dispatchEvent(e);
    t.dispatchEvent(e);
    eq(n, 2);
  });
  spec('dispatch: dispatching an event being dispatched is an InvalidStateError', () => {
    const t = new EventTarget();
    let error;
    t.addEventListener('r', (e) => {
      try {
        t.dispatchEvent(e);
      } catch (err) {
        error = err;
      }
    });
    t.dispatchEvent(new Event('r'));
    eq(error instanceof DOMException, true, 'DOMException');
    eq(error.name, 'InvalidStateError');
    eq(error.message, 'The event "r" is already being dispatched');
  });
  test('dispatch: composedPath during dispatch', () => {
    const t = new EventTarget();
    let path;
    t.addEventListener('x', (e) => {
      path = e.composedPath();
    });
    t.dispatchEvent(new Event('x'));
    eq(path.length, 1);
    eq(path[0], t);
  });
  test('capture and non-capture registrations are distinct', () => {
    const t = new EventTarget();
    const log = [];
    const f = () => log.push('f');
    t.addEventListener('q', f, true);
    t.addEventListener('q', f, false);
    t.dispatchEvent(new Event('q'));
    t.removeEventListener('q', f);
    t.dispatchEvent(new Event('q'));
    t.removeEventListener('q', f, { capture: true });
    t.dispatchEvent(new Event('q'));
    same(log, ['f', 'f', 'f']);
  });
  spec('capture listeners run first at the target', () => {
    const t = new EventTarget();
    const log = [];
    t.addEventListener('x', () => log.push('bubble'));
    t.addEventListener('x', () => log.push('capture'), true);
    t.dispatchEvent(new Event('x'));
    same(log, ['capture', 'bubble']);
  });
  spec('passive listeners cannot cancel', () => {
    const t = new EventTarget();
    const log = [];
    t.addEventListener('c', (e) => {
      e.preventDefault();
      log.push(e.defaultPrevented);
    }, { passive: true });
    t.addEventListener('c', (e) => {
      log.push(e.defaultPrevented);
    });
    eq(t.dispatchEvent(new Event('c', { cancelable: true })), true);
    same(log, [false, false]);
  });
  test('signal option removes the listener on abort', () => {
    const ac = new AbortController();
    const t = new EventTarget();
    const log = [];
    t.addEventListener('s', () => log.push('s'), { signal: ac.signal });
    t.dispatchEvent(new Event('s'));
    ac.abort();
    t.dispatchEvent(new Event('s'));
    t.addEventListener('s', () => log.push('s2'), { signal: ac.signal });
    t.dispatchEvent(new Event('s'));
    same(log, ['s']);
  });
  own('signal option with a signal-like object', () => {
    // A stand-in with the AbortSignal surface, built on this EventTarget.
    class Signal extends EventTarget {
      constructor() {
        super();
        this.aborted = false;
      }
    }
    const signal = new Signal();
    const t = new EventTarget();
    const log = [];
    t.addEventListener('s', () => log.push('s'), { signal });
    t.dispatchEvent(new Event('s'));
    signal.aborted = true;
    signal.dispatchEvent(new Event('abort'));
    t.dispatchEvent(new Event('s'));
    t.addEventListener('s', () => log.push('late'), { signal });
    t.dispatchEvent(new Event('s'));
    same(log, ['s']);
  });
  own('signal option: removing the listener detaches it from the signal', () => {
    class Signal extends EventTarget {
      constructor() {
        super();
        this.aborted = false;
        this.listening = 0;
      }

      addEventListener(...args) {
        this.listening += 1;
        super.addEventListener(...args);
      }

      removeEventListener(...args) {
        this.listening -= 1;
        super.removeEventListener(...args);
      }
    }
    const signal = new Signal();
    const t = new EventTarget();
    const f = () => {};
    t.addEventListener('s', f, { signal });
    eq(signal.listening, 1);
    t.removeEventListener('s', f);
    eq(signal.listening, 0);
  });
  test('signal option with an already aborted signal', () => {
    const t = new EventTarget();
    let n = 0;
    t.addEventListener('a', () => {
      n += 1;
    }, { signal: AbortSignal.abort() });
    t.dispatchEvent(new Event('a'));
    eq(n, 0);
  });
  test('signal option must be an AbortSignal', () => {
    const t = new EventTarget();
    throws(() => t.addEventListener('s', () => {}, { signal: 5 }), {
      type: TypeError,
      message: 'The "options.signal" property must be an instance of AbortSignal. Received type number (5)',
    });
    throws(() => t.addEventListener('s', () => {}, { signal: null }), {
      type: TypeError,
      message: 'The "options.signal" property must be an instance of AbortSignal. Received null',
    });
    t.addEventListener('s', () => {}, { signal: undefined });
  });
  test('addEventListener/removeEventListener argument checks (Node messages)', () => {
    const t = new EventTarget();
    const missing = {
      type: TypeError,
      message: 'The "type" and "listener" arguments must be specified',
      code: 'ERR_MISSING_ARGS',
    };
    throws(() => t.addEventListener('x'), missing);
    throws(() => t.addEventListener(), missing);
    throws(() => t.removeEventListener('x'), missing);
    throws(() => t.removeEventListener(), missing);
    throws(() => t.addEventListener('x', 5), {
      type: TypeError,
      message: 'The "listener" argument must be an instance of EventListener. Received type number (5)',
    });
    throws(() => t.removeEventListener('x', 5), { type: TypeError });
    eq(t.addEventListener('x', {}), undefined);
    eq(t.removeEventListener('x', () => {}), undefined);
  });
  own('addEventListener(type, null) does nothing', () => {
    const t = new EventTarget();
    eq(t.addEventListener('x', null), undefined);
    eq(t.addEventListener('x', undefined), undefined);
    eq(t.dispatchEvent(new Event('x')), true);
  });
  test('dispatchEvent argument checks (Node messages)', () => {
    const t = new EventTarget();
    throws(() => t.dispatchEvent('x'), {
      type: TypeError,
      message: 'The "event" argument must be an instance of Event. Received type string (\'x\')',
    });
    throws(() => t.dispatchEvent(), {
      type: TypeError,
      message: 'The "event" argument must be specified',
    });
    throws(() => t.dispatchEvent({ type: 'x' }), { type: TypeError });
  });
  test('EventTarget: subclass', () => {
    class Thing extends EventTarget {}
    const thing = new Thing();
    let ok;
    thing.addEventListener('a', (e) => {
      ok = e.target === thing;
    });
    thing.dispatchEvent(new Event('a'));
    eq(ok, true);
  });
  test('EventTarget: methods check their receiver', () => {
    throws(() => EventTarget.prototype.addEventListener.call({}, 'x', () => {}), {
      type: TypeError,
    });
    throws(() => EventTarget.prototype.dispatchEvent.call({}, new Event('x')), {
      type: TypeError,
    });
  });
  test('EventTarget: needs new', () => {
    throws(() => EventTarget(), { type: TypeError });
  });

  // ---- errors thrown by listeners ----

  own('listener errors go to reportError and do not stop the others', () => {
    const reported = [];
    const ev = harden(makeEvents({ reportError: (e) => reported.push(e) }));
    const t = new ev.EventTarget();
    const log = [];
    const boom = new Error('boom');
    t.addEventListener('x', () => log.push(1));
    t.addEventListener('x', () => {
      throw boom;
    });
    t.addEventListener('x', () => log.push(3));
    eq(t.dispatchEvent(new ev.Event('x')), true);
    same(log, [1, 3]);
    eq(reported.length, 1);
    eq(reported[0], boom);
  });
  own('listener errors are ignored by default', () => {
    const t = new EventTarget();
    const log = [];
    t.addEventListener('x', () => {
      throw new Error('ignored');
    });
    t.addEventListener('x', () => log.push('after'));
    t.dispatchEvent(new Event('x'));
    same(log, ['after']);
  });
  own('a failing reportError does not break dispatch', () => {
    const ev = harden(makeEvents({ reportError: () => { throw new Error('reporter'); } }));
    const t = new ev.EventTarget();
    const log = [];
    t.addEventListener('x', () => {
      throw new Error('first');
    });
    t.addEventListener('x', () => log.push('after'));
    t.dispatchEvent(new ev.Event('x'));
    same(log, ['after']);
  });
  own('a listener object without a callable handleEvent reports a TypeError', () => {
    const reported = [];
    const ev = harden(makeEvents({ reportError: (e) => reported.push(e) }));
    const t = new ev.EventTarget();
    const log = [];
    t.addEventListener('h', { handleEvent: 5 });
    t.addEventListener('h', () => log.push('next'));
    t.dispatchEvent(new ev.Event('h'));
    same(log, ['next']);
    eq(reported.length, 1);
    eq(reported[0] instanceof TypeError, true);
  });
  own('the flags are reset even when a listener throws', () => {
    const ev = harden(makeEvents());
    const t = new ev.EventTarget();
    const e = new ev.Event('x');
    t.addEventListener('x', () => {
      throw new Error('x');
    });
    t.dispatchEvent(e);
    eq(e.eventPhase, 0);
    eq(e.currentTarget, null);
    t.dispatchEvent(e);
  });
  own('hardened classes keep working', () => {
    const ev = harden(makeEvents());
    eq(Object.isFrozen(ev.Event.prototype), true);
    const t = new ev.EventTarget();
    let n = 0;
    t.addEventListener('x', () => {
      n += 1;
    });
    t.dispatchEvent(new ev.Event('x'));
    eq(n, 1);
    eq(new ev.DOMException('m', 'AbortError').code, 20);
  });

  return cases;
};
