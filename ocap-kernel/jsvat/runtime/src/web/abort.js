// AbortController and AbortSignal for vats, after the DOM standard
// (https://dom.spec.whatwg.org/#aborting-ongoing-activities), with Node 20
// as the oracle for argument handling and error messages.
//
// This module has no side effects and touches no global. State lives in a
// module-local WeakMap, so the classes keep working after harden().

// Node's way of describing a wrong argument in ERR_INVALID_ARG_TYPE.
const describe = (value) => {
  if (value === null || value === undefined) {
    return ` Received ${value}`;
  }
  if (typeof value === 'function') {
    return ` Received function ${value.name}`;
  }
  if (typeof value === 'object') {
    const ctor = value.constructor;
    if (typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name) {
      return ` Received an instance of ${ctor.name}`;
    }
    return ` Received ${Object.prototype.toString.call(value)}`;
  }
  let shown;
  if (typeof value === 'string') {
    shown = `'${value}'`;
  } else if (typeof value === 'bigint') {
    shown = `${value}n`;
  } else {
    shown = String(value);
  }
  if (shown.length > 28) {
    shown = `${shown.slice(0, 25)}...`;
  }
  return ` Received type ${typeof value} (${shown})`;
};

// Node writes large integers in range errors with _ separators.
const formatNumber = (value) => {
  if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    const text = String(value);
    const start = text[0] === '-' ? 1 : 0;
    let i = text.length;
    let result = '';
    for (; i >= start + 4; i -= 3) {
      result = `_${text.slice(i - 3, i)}${result}`;
    }
    return `${text.slice(0, i)}${result}`;
  }
  return String(value);
};

const withCode = (error, code) => {
  error.code = code;
  return error;
};

const MAX_DELAY = 4294967295;

/**
 * Builds AbortController and AbortSignal.
 *
 * @param {object} deps
 * @param {Function} deps.Event
 * @param {Function} deps.EventTarget
 * @param {Function} deps.DOMException
 * @param {((fn: () => void, ms: number) => unknown) | undefined} deps.setTimeout
 *   a host timer; without one, AbortSignal.timeout throws a TypeError.
 * @returns {{ AbortController: Function, AbortSignal: Function }}
 */
export const makeAbort = ({ Event, EventTarget, DOMException, setTimeout }) => {
  if (typeof Event !== 'function' || typeof EventTarget !== 'function') {
    throw new TypeError('makeAbort needs Event and EventTarget');
  }
  if (typeof DOMException !== 'function') {
    throw new TypeError('makeAbort needs a DOMException constructor');
  }
  const hostSetTimeout = typeof setTimeout === 'function' ? setTimeout : undefined;
  const { addEventListener, removeEventListener, dispatchEvent } =
    EventTarget.prototype;

  // signal -> { aborted, reason, dependent, sources, dependents,
  //             handler, handlerListener }
  const signals = new WeakMap();
  const signalState = (self) => {
    const state = signals.get(self);
    if (state === undefined) {
      throw withCode(
        new TypeError('Value of "this" must be of type AbortSignal'),
        'ERR_INVALID_THIS',
      );
    }
    return state;
  };

  let constructing = false;

  const defaultReason = () =>
    new DOMException('This operation was aborted', 'AbortError');

  const runAbortSteps = (signal) => {
    Reflect.apply(dispatchEvent, signal, [new Event('abort')]);
  };

  // The standard's "signal abort".
  const signalAbort = (signal, reason) => {
    const state = signals.get(signal);
    if (state.aborted) {
      return;
    }
    state.aborted = true;
    state.reason = reason === undefined ? defaultReason() : reason;
    const toAbort = [];
    for (const dependent of state.dependents) {
      const dependentState = signals.get(dependent);
      if (!dependentState.aborted) {
        dependentState.aborted = true;
        dependentState.reason = state.reason;
        toAbort.push(dependent);
      }
    }
    // Nothing can reach this signal through its sources any more.
    state.dependents.clear();
    state.sources = [];
    runAbortSteps(signal);
    for (const dependent of toAbort) {
      signals.get(dependent).sources = [];
      runAbortSteps(dependent);
    }
  };

  class AbortSignal extends EventTarget {
    constructor() {
      if (!constructing) {
        throw withCode(new TypeError('Illegal constructor'), 'ERR_ILLEGAL_CONSTRUCTOR');
      }
      constructing = false;
      super();
      signals.set(this, {
        aborted: false,
        reason: undefined,
        dependent: false,
        sources: [],
        dependents: new Set(),
        handler: null,
        handlerListener: undefined,
      });
    }

    get aborted() {
      return signalState(this).aborted;
    }

    get reason() {
      return signalState(this).reason;
    }

    throwIfAborted() {
      const state = signalState(this);
      if (state.aborted) {
        throw state.reason;
      }
    }

    get onabort() {
      return signalState(this).handler;
    }

    set onabort(value) {
      const state = signalState(this);
      // [LegacyTreatNonObjectAsNull]: anything but an object is null.
      const handler =
        (typeof value === 'object' && value !== null) || typeof value === 'function'
          ? value
          : null;
      state.handler = handler;
      if (handler === null) {
        if (state.handlerListener !== undefined) {
          Reflect.apply(removeEventListener, this, ['abort', state.handlerListener]);
          state.handlerListener = undefined;
        }
        return;
      }
      if (state.handlerListener === undefined) {
        // The listener keeps its place in the list while the handler
        // changes; it calls whatever handler is current.
        const signal = this;
        state.handlerListener = (event) => {
          const current = state.handler;
          if (typeof current !== 'function') {
            return;
          }
          const result = Reflect.apply(current, signal, [event]);
          if (result === false) {
            event.preventDefault();
          }
        };
        Reflect.apply(addEventListener, this, ['abort', state.handlerListener]);
      }
    }

    static abort(reason = undefined) {
      const signal = createSignal();
      const state = signals.get(signal);
      state.aborted = true;
      state.reason = reason === undefined ? defaultReason() : reason;
      return signal;
    }

    static timeout(milliseconds) {
      if (hostSetTimeout === undefined) {
        throw new TypeError(
          'AbortSignal.timeout() is not supported: timers are not available in this environment',
        );
      }
      if (typeof milliseconds !== 'number') {
        throw withCode(
          new TypeError(
            `The "delay" argument must be of type number.${describe(milliseconds)}`,
          ),
          'ERR_INVALID_ARG_TYPE',
        );
      }
      if (!Number.isInteger(milliseconds)) {
        throw withCode(
          new RangeError(
            `The value of "delay" is out of range. It must be an integer. Received ${formatNumber(milliseconds)}`,
          ),
          'ERR_OUT_OF_RANGE',
        );
      }
      if (milliseconds < 0 || milliseconds > MAX_DELAY) {
        throw withCode(
          new RangeError(
            `The value of "delay" is out of range. It must be >= 0 && <= ${MAX_DELAY}. Received ${formatNumber(milliseconds)}`,
          ),
          'ERR_OUT_OF_RANGE',
        );
      }
      const signal = createSignal();
      hostSetTimeout(() => {
        signalAbort(
          signal,
          new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
        );
      }, milliseconds);
      return signal;
    }

    static any(signalsToFollow) {
      const list = [];
      if (
        signalsToFollow === null ||
        (typeof signalsToFollow !== 'object' && typeof signalsToFollow !== 'function') ||
        typeof signalsToFollow[Symbol.iterator] !== 'function'
      ) {
        throw withCode(
          new TypeError(
            `The "signals" argument must be an instance of Array.${describe(signalsToFollow)}`,
          ),
          'ERR_INVALID_ARG_TYPE',
        );
      }
      for (const item of signalsToFollow) {
        if (!signals.has(item)) {
          throw withCode(
            new TypeError(
              `The "signals[${list.length}]" argument must be an instance of AbortSignal.${describe(item)}`,
            ),
            'ERR_INVALID_ARG_TYPE',
          );
        }
        list.push(item);
      }
      // The standard's "create a dependent abort signal".
      const result = createSignal();
      const resultState = signals.get(result);
      for (const source of list) {
        const sourceState = signals.get(source);
        if (sourceState.aborted) {
          resultState.aborted = true;
          resultState.reason = sourceState.reason;
          return result;
        }
      }
      resultState.dependent = true;
      const addSource = (source) => {
        const sourceState = signals.get(source);
        if (!resultState.sources.includes(source)) {
          resultState.sources.push(source);
        }
        sourceState.dependents.add(result);
      };
      for (const source of list) {
        const sourceState = signals.get(source);
        if (!sourceState.dependent) {
          addSource(source);
        } else {
          for (const indirect of sourceState.sources) {
            addSource(indirect);
          }
        }
      }
      return result;
    }
  }

  const createSignal = () => {
    constructing = true;
    try {
      return new AbortSignal();
    } finally {
      constructing = false;
    }
  };

  const controllers = new WeakMap();
  const controllerSignal = (self) => {
    const signal = controllers.get(self);
    if (signal === undefined) {
      throw withCode(
        new TypeError('Value of "this" must be of type AbortController'),
        'ERR_INVALID_THIS',
      );
    }
    return signal;
  };

  class AbortController {
    constructor() {
      controllers.set(this, createSignal());
    }

    get signal() {
      return controllerSignal(this);
    }

    abort(reason = undefined) {
      signalAbort(controllerSignal(this), reason);
    }
  }

  for (const [ctor, tag] of [
    [AbortSignal, 'AbortSignal'],
    [AbortController, 'AbortController'],
  ]) {
    Object.defineProperty(ctor.prototype, Symbol.toStringTag, {
      value: tag,
      writable: false,
      enumerable: false,
      configurable: true,
    });
  }

  return { AbortController, AbortSignal };
};
