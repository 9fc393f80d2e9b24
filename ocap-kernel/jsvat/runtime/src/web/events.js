// DOMException, Event and EventTarget for vats, after WebIDL
// (https://webidl.spec.whatwg.org/#idl-DOMException) and the DOM standard
// (https://dom.spec.whatwg.org/#events), with Node 20 as the oracle for
// argument handling and error messages.
//
// There is no tree here: an event is dispatched at a single target, so
// the path is just that target (eventPhase is AT_TARGET while listeners
// run; capture listeners run before the others, as the standard says).
//
// This module has no side effects and touches no global. State lives in
// private fields and module-local WeakMaps, so the classes keep working
// after harden().

// WebIDL's table of DOMException names with a legacy code.
const LEGACY_CODES = [
  ['IndexSizeError', 'INDEX_SIZE_ERR', 1],
  [undefined, 'DOMSTRING_SIZE_ERR', 2],
  ['HierarchyRequestError', 'HIERARCHY_REQUEST_ERR', 3],
  ['WrongDocumentError', 'WRONG_DOCUMENT_ERR', 4],
  ['InvalidCharacterError', 'INVALID_CHARACTER_ERR', 5],
  [undefined, 'NO_DATA_ALLOWED_ERR', 6],
  ['NoModificationAllowedError', 'NO_MODIFICATION_ALLOWED_ERR', 7],
  ['NotFoundError', 'NOT_FOUND_ERR', 8],
  ['NotSupportedError', 'NOT_SUPPORTED_ERR', 9],
  ['InUseAttributeError', 'INUSE_ATTRIBUTE_ERR', 10],
  ['InvalidStateError', 'INVALID_STATE_ERR', 11],
  ['SyntaxError', 'SYNTAX_ERR', 12],
  ['InvalidModificationError', 'INVALID_MODIFICATION_ERR', 13],
  ['NamespaceError', 'NAMESPACE_ERR', 14],
  ['InvalidAccessError', 'INVALID_ACCESS_ERR', 15],
  [undefined, 'VALIDATION_ERR', 16],
  ['TypeMismatchError', 'TYPE_MISMATCH_ERR', 17],
  ['SecurityError', 'SECURITY_ERR', 18],
  ['NetworkError', 'NETWORK_ERR', 19],
  ['AbortError', 'ABORT_ERR', 20],
  ['URLMismatchError', 'URL_MISMATCH_ERR', 21],
  ['QuotaExceededError', 'QUOTA_EXCEEDED_ERR', 22],
  ['TimeoutError', 'TIMEOUT_ERR', 23],
  ['InvalidNodeTypeError', 'INVALID_NODE_TYPE_ERR', 24],
  ['DataCloneError', 'DATA_CLONE_ERR', 25],
];

const PHASES = [
  ['NONE', 0],
  ['CAPTURING_PHASE', 1],
  ['AT_TARGET', 2],
  ['BUBBLING_PHASE', 3],
];

const AT_TARGET = 2;

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

const withCode = (error, code) => {
  error.code = code;
  return error;
};

const defineTag = (ctor, tag) => {
  Object.defineProperty(ctor.prototype, Symbol.toStringTag, {
    value: tag,
    writable: false,
    enumerable: false,
    configurable: true,
  });
};

const defineConstants = (ctor, entries) => {
  for (const [name, value] of entries) {
    const desc = {
      value,
      writable: false,
      enumerable: true,
      configurable: false,
    };
    Object.defineProperty(ctor, name, desc);
    Object.defineProperty(ctor.prototype, name, desc);
  }
};

/**
 * Builds DOMException, Event and EventTarget.
 *
 * @param {{ reportError?: (error: unknown) => void }} [options]
 *   reportError receives what event listeners throw (the web reports these
 *   to the global's error handler; Node raises an uncaught exception). By
 *   default such errors are ignored. Either way the remaining listeners
 *   still run.
 * @returns {{ DOMException: Function, Event: Function, EventTarget: Function }}
 */
export const makeEvents = ({ reportError } = {}) => {
  const report = (error) => {
    if (typeof reportError === 'function') {
      try {
        reportError(error);
      } catch {
        // A failing reporter must not break dispatch.
      }
    }
  };

  const nameToCode = new Map();
  for (const [name, , code] of LEGACY_CODES) {
    if (name !== undefined) {
      nameToCode.set(name, code);
    }
  }

  class DOMException extends Error {
    #name;

    #code;

    static #check(self) {
      if (!(typeof self === 'object' && self !== null && #name in self)) {
        throw withCode(
          new TypeError('Value of "this" must be of DOMException'),
          'ERR_INVALID_THIS',
        );
      }
    }

    constructor(message = '', options = 'Error') {
      const text = `${message}`;
      let name;
      let hasCause = false;
      let cause;
      if (typeof options === 'object' && options !== null) {
        // As Node does: a missing name becomes 'undefined'.
        name = `${options.name}`;
        if ('cause' in options) {
          hasCause = true;
          cause = options.cause;
        }
      } else {
        name = `${options}`;
      }
      if (hasCause) {
        super(text, { cause });
      } else {
        super(text);
      }
      this.#name = name;
      this.#code = nameToCode.get(name) ?? 0;
    }

    get name() {
      DOMException.#check(this);
      return this.#name;
    }

    get message() {
      DOMException.#check(this);
      // The message given to the constructor is an own property, put there
      // by Error; read it from there.
      return Object.getOwnPropertyDescriptor(this, 'message')?.value ?? '';
    }

    get code() {
      DOMException.#check(this);
      return this.#code;
    }
  }
  defineTag(DOMException, 'DOMException');
  defineConstants(
    DOMException,
    LEGACY_CODES.map(([, constant, code]) => [constant, code]),
  );

  // Event internals, keyed by event.
  const events = new WeakMap();
  const eventState = (self) => {
    const state = events.get(self);
    if (state === undefined) {
      throw withCode(
        new TypeError('Value of "this" must be of type Event'),
        'ERR_INVALID_THIS',
      );
    }
    return state;
  };

  class Event {
    constructor(type, options = undefined) {
      if (arguments.length === 0) {
        throw withCode(
          new TypeError('The "type" argument must be specified'),
          'ERR_MISSING_ARGS',
        );
      }
      if (
        options !== undefined &&
        options !== null &&
        typeof options !== 'object' &&
        typeof options !== 'function'
      ) {
        throw withCode(
          new TypeError(
            `The "options" argument must be of type object.${describe(options)}`,
          ),
          'ERR_INVALID_ARG_TYPE',
        );
      }
      const init = options ?? {};
      events.set(this, {
        type: `${type}`,
        bubbles: Boolean(init.bubbles),
        cancelable: Boolean(init.cancelable),
        composed: Boolean(init.composed),
        target: null,
        currentTarget: null,
        eventPhase: 0,
        canceled: false,
        stopPropagation: false,
        stopImmediatePropagation: false,
        inPassiveListener: false,
        dispatching: false,
      });
    }

    get type() {
      return eventState(this).type;
    }

    get target() {
      return eventState(this).target;
    }

    get srcElement() {
      return eventState(this).target;
    }

    get currentTarget() {
      return eventState(this).currentTarget;
    }

    composedPath() {
      const state = eventState(this);
      return state.currentTarget === null ? [] : [state.currentTarget];
    }

    get eventPhase() {
      return eventState(this).eventPhase;
    }

    stopPropagation() {
      eventState(this).stopPropagation = true;
    }

    get cancelBubble() {
      return eventState(this).stopPropagation;
    }

    set cancelBubble(value) {
      if (value) {
        eventState(this).stopPropagation = true;
      }
    }

    stopImmediatePropagation() {
      const state = eventState(this);
      state.stopPropagation = true;
      state.stopImmediatePropagation = true;
    }

    get bubbles() {
      return eventState(this).bubbles;
    }

    get cancelable() {
      return eventState(this).cancelable;
    }

    get returnValue() {
      return !eventState(this).canceled;
    }

    set returnValue(value) {
      const state = eventState(this);
      if (!value && state.cancelable && !state.inPassiveListener) {
        state.canceled = true;
      }
    }

    preventDefault() {
      const state = eventState(this);
      if (state.cancelable && !state.inPassiveListener) {
        state.canceled = true;
      }
    }

    get defaultPrevented() {
      return eventState(this).canceled;
    }

    get composed() {
      return eventState(this).composed;
    }

    get isTrusted() {
      eventState(this);
      return false;
    }

    get timeStamp() {
      eventState(this);
      return 0;
    }

    initEvent(type, bubbles = false, cancelable = false) {
      const state = eventState(this);
      if (arguments.length === 0) {
        throw withCode(
          new TypeError('The "type" argument must be specified'),
          'ERR_MISSING_ARGS',
        );
      }
      if (state.dispatching) {
        return;
      }
      state.type = `${type}`;
      state.bubbles = Boolean(bubbles);
      state.cancelable = Boolean(cancelable);
      state.stopPropagation = false;
      state.stopImmediatePropagation = false;
      state.canceled = false;
      state.target = null;
    }
  }
  defineTag(Event, 'Event');
  defineConstants(Event, PHASES);

  // EventTarget internals: target -> Map(type -> array of listener records).
  const targets = new WeakMap();
  const listenersOf = (self) => {
    const map = targets.get(self);
    if (map === undefined) {
      throw withCode(
        new TypeError('Value of "this" must be of type EventTarget'),
        'ERR_INVALID_THIS',
      );
    }
    return map;
  };

  const flatten = (options) => {
    if (typeof options === 'object' && options !== null) {
      return Boolean(options.capture);
    }
    return Boolean(options);
  };

  const isSignal = (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function' &&
    typeof value.removeEventListener === 'function';

  const removeRecord = (map, record) => {
    const list = map.get(record.type);
    if (list === undefined) {
      return;
    }
    const index = list.indexOf(record);
    if (index === -1) {
      return;
    }
    record.removed = true;
    list.splice(index, 1);
    if (list.length === 0) {
      map.delete(record.type);
    }
    if (record.signal !== undefined) {
      const { signal, onAbort } = record;
      record.signal = undefined;
      try {
        signal.removeEventListener('abort', onAbort);
      } catch {
        // The signal's business.
      }
    }
  };

  const callListener = (record, event, target) => {
    const { callback } = record;
    if (typeof callback === 'function') {
      Reflect.apply(callback, target, [event]);
      return;
    }
    const handleEvent = callback.handleEvent;
    if (typeof handleEvent !== 'function') {
      throw new TypeError(
        `The "handleEvent" property of the listener for "${record.type}" events is not a function`,
      );
    }
    Reflect.apply(handleEvent, callback, [event]);
  };

  class EventTarget {
    constructor() {
      targets.set(this, new Map());
    }

    addEventListener(type, callback, options = undefined) {
      const map = listenersOf(this);
      if (arguments.length < 2) {
        throw withCode(
          new TypeError('The "type" and "listener" arguments must be specified'),
          'ERR_MISSING_ARGS',
        );
      }
      const eventType = `${type}`;
      if (callback === null || callback === undefined) {
        return;
      }
      if (typeof callback !== 'function' && typeof callback !== 'object') {
        throw withCode(
          new TypeError(
            `The "listener" argument must be an instance of EventListener.${describe(callback)}`,
          ),
          'ERR_INVALID_ARG_TYPE',
        );
      }
      const capture = flatten(options);
      let once = false;
      let passive = false;
      let signal;
      if (typeof options === 'object' && options !== null) {
        once = Boolean(options.once);
        passive = Boolean(options.passive);
        if (options.signal !== undefined) {
          signal = options.signal;
          if (!isSignal(signal)) {
            throw withCode(
              new TypeError(
                `The "options.signal" property must be an instance of AbortSignal.${describe(signal)}`,
              ),
              'ERR_INVALID_ARG_TYPE',
            );
          }
        }
      }
      if (signal !== undefined && signal.aborted) {
        return;
      }
      let list = map.get(eventType);
      if (list !== undefined) {
        for (const record of list) {
          if (record.callback === callback && record.capture === capture) {
            return;
          }
        }
      } else {
        list = [];
        map.set(eventType, list);
      }
      const record = {
        type: eventType,
        callback,
        capture,
        passive,
        once,
        removed: false,
        signal: undefined,
        onAbort: undefined,
      };
      list.push(record);
      if (signal !== undefined) {
        record.signal = signal;
        record.onAbort = () => {
          record.signal = undefined;
          removeRecord(map, record);
        };
        signal.addEventListener('abort', record.onAbort, { once: true });
      }
    }

    removeEventListener(type, callback, options = undefined) {
      const map = listenersOf(this);
      if (arguments.length < 2) {
        throw withCode(
          new TypeError('The "type" and "listener" arguments must be specified'),
          'ERR_MISSING_ARGS',
        );
      }
      const eventType = `${type}`;
      if (callback === null || callback === undefined) {
        return;
      }
      if (typeof callback !== 'function' && typeof callback !== 'object') {
        throw withCode(
          new TypeError(
            `The "listener" argument must be an instance of EventListener.${describe(callback)}`,
          ),
          'ERR_INVALID_ARG_TYPE',
        );
      }
      const capture = flatten(options);
      const list = map.get(eventType);
      if (list === undefined) {
        return;
      }
      for (const record of list) {
        if (record.callback === callback && record.capture === capture) {
          removeRecord(map, record);
          return;
        }
      }
    }

    dispatchEvent(event) {
      const map = listenersOf(this);
      if (arguments.length === 0) {
        throw withCode(
          new TypeError('The "event" argument must be specified'),
          'ERR_MISSING_ARGS',
        );
      }
      const state = events.get(event);
      if (state === undefined) {
        throw withCode(
          new TypeError(
            `The "event" argument must be an instance of Event.${describe(event)}`,
          ),
          'ERR_INVALID_ARG_TYPE',
        );
      }
      if (state.dispatching) {
        throw new DOMException(
          `The event "${state.type}" is already being dispatched`,
          'InvalidStateError',
        );
      }
      state.dispatching = true;
      state.target = this;
      state.currentTarget = this;
      state.eventPhase = AT_TARGET;
      try {
        const list = map.get(state.type);
        // Listeners added during dispatch do not run; removed ones are
        // skipped through their removed flag.
        const snapshot = list === undefined ? [] : list.slice();
        for (const phaseIsCapture of [true, false]) {
          if (state.stopPropagation) {
            break;
          }
          for (const record of snapshot) {
            if (record.removed || record.capture !== phaseIsCapture) {
              continue;
            }
            if (record.once) {
              removeRecord(map, record);
            }
            if (record.passive) {
              state.inPassiveListener = true;
            }
            try {
              callListener(record, event, this);
            } catch (error) {
              report(error);
            }
            state.inPassiveListener = false;
            if (state.stopImmediatePropagation) {
              break;
            }
          }
        }
      } finally {
        state.eventPhase = 0;
        state.currentTarget = null;
        state.dispatching = false;
        state.stopPropagation = false;
        state.stopImmediatePropagation = false;
        state.inPassiveListener = false;
      }
      return !state.canceled;
    }
  }
  defineTag(EventTarget, 'EventTarget');

  return { DOMException, Event, EventTarget };
};
