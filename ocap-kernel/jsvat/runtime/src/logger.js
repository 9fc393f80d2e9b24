// A logger with the shape of @metamask/logger's Logger, which upstream gives
// vats as vatPowers.logger and as their console: log, debug, info, warn and
// error take a message and data, and subLogger({ tags }) adds tags. Entries
// go to the host log as (level, tags, message, data), with the data
// rendered to text here, in the vat, where the values live.

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

/**
 * @param {(level: string, tags: string, message: string, data: string) => void} hostLog
 * @param {string[]} tags
 * @returns {object} A hardened logger.
 */
export const makeLogger = (hostLog, tags) => {
  const tagText = tags.join(',');
  const emit = (level) => (message, ...data) => {
    const rendered = data.map(render);
    hostLog(level, tagText, render(message), rendered.length ? stringify(rendered) : '');
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
