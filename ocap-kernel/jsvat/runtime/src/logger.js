// A logger with the shape of @metamask/logger's Logger, which upstream gives
// vats as vatPowers.logger and as their console: log, debug, info, warn and
// error take a message and data, and subLogger({ tags }) adds tags. Entries
// go to the host log as (level, tags, message, data), upstream's LogEntry:
// the data stay structured (JSON), converted here, where the values live.

const { stringify } = JSON;
const { isArray } = Array;

// Renders one value for the log: strings as they are, errors with their
// stack, everything else as JSON where it can be (bigints as 12n).
export const render = (value) => {
  if (typeof value === 'string') {
    return value;
  }
  if (value instanceof Error) {
    const head = `${value.name}: ${value.message}`;
    return value.stack ? `${head}\n${value.stack}` : head;
  }
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    return String(value);
  }
  try {
    const text = stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
    return text === undefined ? String(value) : text;
  } catch {
    try {
      return String(value);
    } catch {
      return '[unprintable]';
    }
  }
};

// One data item as JSON text, kept structured: JSON values as they are
// (within them, bigints as "12n" and errors rendered), anything JSON
// cannot carry (undefined, functions, symbols, cycles) rendered to text.
export const dataItemJSON = (value) => {
  const nested = (_key, v) => {
    if (typeof v === 'bigint' || v instanceof Error) {
      return render(v);
    }
    return v;
  };
  if (value !== null && typeof value === 'object' && !(value instanceof Error)) {
    try {
      const text = stringify(value, nested);
      if (text !== undefined) {
        return text;
      }
    } catch {
      // A cycle or a throwing getter: rendered below.
    }
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) {
    return stringify(value);
  }
  return stringify(render(value));
};

/**
 * @param {(level: string, tags: string, message: string, data: string) => void} hostLog
 *   Takes the tags and the data as JSON arrays; data is '' when there is none.
 * @param {string[]} tags
 * @returns {object} A hardened logger.
 */
export const makeLogger = (hostLog, tags) => {
  const tagsJSON = stringify(tags);
  // As @metamask/logger: the first argument is the message (absent when
  // there are no arguments), the rest are the entry's data.
  const emit = (level) => (...args) => {
    const message = args.length === 0 || args[0] === undefined ? '' : render(args[0]);
    const data = args.slice(1).map(dataItemJSON);
    hostLog(level, tagsJSON, message, data.length ? `[${data.join(',')}]` : '');
  };
  return harden({
    log: emit('log'),
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    subLogger: (options = {}) => {
      const more = isArray(options.tags) ? options.tags.map(String) : [];
      return makeLogger(hostLog, [...tags, ...more]);
    },
  });
};
