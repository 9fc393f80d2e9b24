// Tests for src/web/base64.js. Expected values come from Node 20's atob
// and btoa.
//
// export default (deps) => [[name, fn], ...]; deps may carry harden and
// oracle (the host's own functions, to check these expectations against).

import { makeBase64 } from '../../src/web/base64.js';
import { makeEvents } from '../../src/web/events.js';

const show = (value) =>
  typeof value === 'string'
    ? JSON.stringify(value).replace(
        /[\u007f-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
    : String(value);

const fail = (message) => {
  throw new Error(message);
};

const eq = (actual, expected, what = 'value') => {
  if (!Object.is(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
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
  let env;
  if (oracle) {
    env = { atob: oracle.atob, btoa: oracle.btoa, DOMException: oracle.DOMException };
  } else {
    const { DOMException } = harden(makeEvents());
    env = { ...harden(makeBase64({ DOMException })), DOMException };
  }
  const { atob, btoa, DOMException } = env;
  const cases = [];
  const test = (name, fn) => {
    cases.push([name, fn]);
  };
  const own = (name, fn) => {
    if (!oracle) {
      cases.push([name, fn]);
    }
  };

  const invalid = { type: DOMException, name: 'InvalidCharacterError', code: 5, message: 'Invalid character' };
  const badLength = {
    type: DOMException,
    name: 'InvalidCharacterError',
    code: 5,
    message: 'The string to be decoded is not correctly encoded.',
  };

  // ---- atob ----

  const decodes = [
    ['', ''],
    ['YQ', 'a'],
    ['YQ==', 'a'],
    ['YWI', 'ab'],
    ['YWI=', 'ab'],
    ['YWJj', 'abc'],
    ['aGVsbG8gd29ybGQ=', 'hello world'],
    ['ab', 'i'],
    ['abc', 'i\u00b7'],
    ['abcd', 'i\u00b7\u001d'],
    ['////', '\u00ff\u00ff\u00ff'],
    ['++++', '\u00fb\u00ef\u00be'],
    ['zzzz', '\u00cf<\u00f3'],
    ['AA==', '\u0000'],
    ['AAA=', '\u0000\u0000'],
    ['AAAA', '\u0000\u0000\u0000'],
    // Non-zero trailing bits are discarded.
    ['YR', 'a'],
    ['YR==', 'a'],
    ['YWJ', 'ab'],
  ];
  for (const [input, output] of decodes) {
    test(`atob(${show(input)})`, () => {
      eq(atob(input), output);
    });
  }
  test('atob: ASCII whitespace anywhere is ignored', () => {
    eq(atob(' Y W\tJ\nj\f\r'), 'abc');
    eq(atob('YQ==\n'), 'a');
    eq(atob('YQ= ='), 'a');
    eq(atob('\n\n'), '');
  });
  test('atob: other whitespace is invalid', () => {
    throws(() => atob('Y\vWJj'), invalid);
    throws(() => atob('\u3000YQ'), invalid);
    throws(() => atob('YQ\u00a0'), invalid);
  });
  test('atob: characters outside the alphabet', () => {
    throws(() => atob('-_'), invalid);
    throws(() => atob('YQ!='), invalid);
    throws(() => atob('\u00ff'), invalid);
    throws(() => atob('\ud83d\ude00'), invalid);
  });
  test('atob: padding rules', () => {
    throws(() => atob('YQ='), invalid);
    throws(() => atob('YQ==='), invalid);
    throws(() => atob('YW=Jj'), invalid);
    throws(() => atob('='), invalid);
    throws(() => atob('=YQ'), invalid);
    throws(() => atob('Y==='), invalid);
    throws(() => atob('YQ==YQ=='), invalid);
    throws(() => atob('YWI=='), invalid);
  });
  test('atob: a length of 1 mod 4 is not correctly encoded', () => {
    throws(() => atob('a'), badLength);
    throws(() => atob('abcde'), badLength);
    throws(() => atob('undefined'), badLength);
  });
  test('atob: the argument is converted to a string', () => {
    eq(atob(null), '\u009e\u00e9e');
    eq(atob(12), '\u00d7');
    eq(atob({ toString: () => 'YQ' }), 'a');
    throws(() => atob(undefined), badLength);
  });
  test('atob: symbols are refused', () => {
    throws(() => atob(Symbol('s')), { type: TypeError });
  });
  test('atob: needs an argument', () => {
    throws(() => atob(), {
      type: TypeError,
      message: 'The "input" argument must be specified',
      code: 'ERR_MISSING_ARGS',
    });
  });
  test('atob: errors are DOMExceptions and Errors', () => {
    const error = throws(() => atob('a'), badLength);
    eq(error instanceof Error, true, 'instanceof Error');
    eq(Object.prototype.toString.call(error), '[object DOMException]');
    eq(String(error), 'InvalidCharacterError: The string to be decoded is not correctly encoded.');
  });

  // ---- btoa ----

  const encodes = [
    ['', ''],
    ['a', 'YQ=='],
    ['ab', 'YWI='],
    ['abc', 'YWJj'],
    ['hello world', 'aGVsbG8gd29ybGQ='],
    ['\u00ff\u00fe', '//4='],
    ['\u0000', 'AA=='],
    ['\u00fb\u00ef\u00be', '++++'],
  ];
  for (const [input, output] of encodes) {
    test(`btoa(${show(input)})`, () => {
      eq(btoa(input), output);
    });
  }
  test('btoa: code points above 0xFF are refused', () => {
    throws(() => btoa('\u0100'), invalid);
    throws(() => btoa('a\u20acb'), invalid);
    throws(() => btoa('\ud83d'), invalid);
  });
  test('btoa: the argument is converted to a string', () => {
    eq(btoa(null), 'bnVsbA==');
    eq(btoa(undefined), 'dW5kZWZpbmVk');
    eq(btoa(123), 'MTIz');
    eq(btoa({ toString: () => 'x' }), 'eA==');
    eq(btoa(true), 'dHJ1ZQ==');
  });
  test('btoa: needs an argument', () => {
    throws(() => btoa(), {
      type: TypeError,
      message: 'The "input" argument must be specified',
    });
  });
  test('btoa: symbols are refused', () => {
    throws(() => btoa(Symbol('s')), { type: TypeError });
  });
  test('round trip of all 256 byte values', () => {
    let binary = '';
    for (let i = 0; i < 256; i += 1) {
      binary += String.fromCharCode(i);
    }
    const encoded = btoa(binary);
    eq(encoded.length, 344);
    eq(atob(encoded), binary);
  });
  test('round trip of a large input', () => {
    const parts = [];
    for (let i = 0; i < 100000; i += 1) {
      parts.push(String.fromCharCode((i * 7) & 0xff));
    }
    const binary = parts.join('');
    const encoded = btoa(binary);
    eq(encoded.length, 133336);
    eq(atob(encoded) === binary, true, 'round trip');
  });
  test('function shapes', () => {
    eq(atob.length, 1);
    eq(btoa.length, 1);
    eq(atob.name, 'atob');
    eq(btoa.name, 'btoa');
  });
  own('makeBase64 needs DOMException', () => {
    throws(() => makeBase64({}), { type: TypeError });
  });
  own('hardened functions keep working', () => {
    const { DOMException: D } = harden(makeEvents());
    const fns = harden(makeBase64({ DOMException: D }));
    eq(fns.atob(fns.btoa('\u00e9t\u00e9')), '\u00e9t\u00e9');
    throws(() => fns.atob('*'), { type: D, name: 'InvalidCharacterError' });
  });

  return cases;
};
