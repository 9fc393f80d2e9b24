// The crypto endowment: Web Crypto's getRandomValues and randomUUID, and a
// SubtleCrypto whose operations the host performs (Go's crypto packages):
// digest (SHA-1, SHA-256, SHA-384, SHA-512), HMAC (generateKey, importKey,
// exportKey, sign, verify), PBKDF2 and HKDF (importKey raw, deriveBits).
// Any other algorithm or format is refused with a NotSupportedError, so a
// vat learns at once what this realm cannot do.
//
// Binary data crosses to and from the host as "binary strings": one
// character per byte, each below 256.

const MAX_RANDOM_BYTES = 65536;

const toBinary = (bytes) => {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  return out;
};

const fromBinary = (text) => {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    bytes[i] = text.charCodeAt(i);
  }
  return bytes;
};

// BufferSource -> Uint8Array view (not a copy).
const bytesOf = (data, what) => {
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  throw TypeError(`${what} is not a BufferSource (ArrayBuffer, TypedArray or DataView)`);
};

const copyBuffer = (bytes) => {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
};

const hashNames = {
  'SHA-1': 'SHA-1',
  'SHA-256': 'SHA-256',
  'SHA-384': 'SHA-384',
  'SHA-512': 'SHA-512',
};

const hashLengths = { 'SHA-1': 160, 'SHA-256': 256, 'SHA-384': 384, 'SHA-512': 512 };
const hashBlockBits = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };

/**
 * @param {object} options
 * @param {object} options.host - the host primitives (random, digest)
 * @param {() => object} options.web - the realm's Web API classes
 * @returns {{ crypto: object, SubtleCrypto: Function }}
 */
export const makeCrypto = ({ host, web }) => {
  const { DOMException } = web();
  const notSupported = (what) =>
    new DOMException(`${what} is not supported by this vat environment`, 'NotSupportedError');

  const normalizeAlgorithm = (algorithm) => {
    const alg = typeof algorithm === 'string' ? { name: algorithm } : algorithm;
    if (!alg || typeof alg.name !== 'string') {
      throw TypeError('Algorithm: name is required');
    }
    return { ...alg, name: alg.name.toUpperCase() };
  };
  const normalizeHash = (hash) => {
    const h = normalizeAlgorithm(hash).name;
    const name = hashNames[h];
    if (!name) {
      throw notSupported(`Hash algorithm ${h}`);
    }
    return name;
  };

  const keyData = new WeakMap(); // CryptoKey -> Uint8Array (secret)

  class CryptoKey {
    #type;

    #extractable;

    #algorithm;

    #usages;

    constructor(token, type, extractable, algorithm, usages) {
      if (token !== keyData) {
        throw TypeError('Illegal constructor');
      }
      this.#type = type;
      this.#extractable = extractable;
      this.#algorithm = harden(algorithm);
      this.#usages = harden([...usages]);
    }

    get type() {
      return this.#type;
    }

    get extractable() {
      return this.#extractable;
    }

    get algorithm() {
      return this.#algorithm;
    }

    get usages() {
      return this.#usages;
    }
  }

  const newKey = (bytes, extractable, algorithm, usages) => {
    const key = new CryptoKey(keyData, 'secret', extractable, algorithm, usages);
    keyData.set(key, bytes.slice());
    return key;
  };

  const checkKey = (key, alg, usage) => {
    const bytes = keyData.get(key);
    if (!bytes) {
      throw TypeError('key is not a CryptoKey');
    }
    if (key.algorithm.name !== alg) {
      throw new DOMException(
        `key algorithm ${key.algorithm.name} does not match ${alg}`,
        'InvalidAccessError',
      );
    }
    if (!key.usages.includes(usage)) {
      throw new DOMException(`key usages do not include ${usage}`, 'InvalidAccessError');
    }
    return bytes;
  };

  const checkUsages = (usages, allowed) => {
    for (const u of usages) {
      if (!allowed.includes(u)) {
        throw new DOMException(`Unsupported key usage for this algorithm: ${u}`, 'SyntaxError');
      }
    }
  };

  const subtleCall = (op, params, a, b) =>
    host.subtle(op, JSON.stringify(params), a ? toBinary(a) : '', b ? toBinary(b) : '');

  class SubtleCrypto {
    constructor(token) {
      if (token !== keyData) {
        throw TypeError('Illegal constructor');
      }
    }

    async digest(algorithm, data) {
      const hash = normalizeHash(algorithm);
      const out = subtleCall('digest', { hash }, bytesOf(data, 'data'));
      return copyBuffer(fromBinary(out));
    }

    async generateKey(algorithm, extractable, usages) {
      const alg = normalizeAlgorithm(algorithm);
      if (alg.name !== 'HMAC') {
        throw notSupported(`generateKey for ${alg.name}`);
      }
      const hash = normalizeHash(alg.hash);
      checkUsages(usages, ['sign', 'verify']);
      const length = alg.length ?? hashBlockBits[hash];
      const bytes = new Uint8Array(Math.ceil(length / 8));
      // eslint-disable-next-line no-use-before-define
      crypto.getRandomValues(bytes);
      return newKey(bytes, Boolean(extractable), { name: 'HMAC', hash: { name: hash }, length }, usages);
    }

    async importKey(format, keyDataIn, algorithm, extractable, usages) {
      if (format !== 'raw') {
        throw notSupported(`importKey format ${format}`);
      }
      const alg = normalizeAlgorithm(algorithm);
      const bytes = bytesOf(keyDataIn, 'keyData');
      switch (alg.name) {
        case 'HMAC': {
          const hash = normalizeHash(alg.hash);
          checkUsages(usages, ['sign', 'verify']);
          const length = alg.length ?? bytes.length * 8;
          return newKey(bytes, Boolean(extractable), { name: 'HMAC', hash: { name: hash }, length }, usages);
        }
        case 'PBKDF2':
        case 'HKDF':
          if (extractable) {
            throw new DOMException(`${alg.name} keys are not extractable`, 'SyntaxError');
          }
          checkUsages(usages, ['deriveBits', 'deriveKey']);
          return newKey(bytes, false, { name: alg.name }, usages);
        default:
          throw notSupported(`importKey for ${alg.name}`);
      }
    }

    async exportKey(format, key) {
      if (format !== 'raw') {
        throw notSupported(`exportKey format ${format}`);
      }
      const bytes = keyData.get(key);
      if (!bytes) {
        throw TypeError('key is not a CryptoKey');
      }
      if (!key.extractable) {
        throw new DOMException('key is not extractable', 'InvalidAccessError');
      }
      return copyBuffer(bytes);
    }

    async sign(algorithm, key, data) {
      const alg = normalizeAlgorithm(algorithm);
      if (alg.name !== 'HMAC') {
        throw notSupported(`sign with ${alg.name}`);
      }
      const secret = checkKey(key, 'HMAC', 'sign');
      const out = subtleCall('hmac', { hash: key.algorithm.hash.name }, secret, bytesOf(data, 'data'));
      return copyBuffer(fromBinary(out));
    }

    async verify(algorithm, key, signature, data) {
      const alg = normalizeAlgorithm(algorithm);
      if (alg.name !== 'HMAC') {
        throw notSupported(`verify with ${alg.name}`);
      }
      const secret = checkKey(key, 'HMAC', 'verify');
      const mac = fromBinary(
        subtleCall('hmac', { hash: key.algorithm.hash.name }, secret, bytesOf(data, 'data')),
      );
      const sig = bytesOf(signature, 'signature');
      if (sig.length !== mac.length) {
        return false;
      }
      let diff = 0;
      for (let i = 0; i < mac.length; i += 1) {
        diff |= mac[i] ^ sig[i];
      }
      return diff === 0;
    }

    async deriveBits(algorithm, baseKey, length) {
      const alg = normalizeAlgorithm(algorithm);
      if (typeof length !== 'number' || length <= 0 || length % 8 !== 0) {
        throw new DOMException('length must be a positive multiple of 8', 'OperationError');
      }
      switch (alg.name) {
        case 'PBKDF2': {
          const secret = checkKey(baseKey, 'PBKDF2', 'deriveBits');
          const hash = normalizeHash(alg.hash);
          const iterations = Number(alg.iterations);
          if (!(iterations > 0)) {
            throw new DOMException('iterations must be positive', 'OperationError');
          }
          const out = subtleCall(
            'pbkdf2',
            { hash, iterations, length, salt: toBinary(bytesOf(alg.salt, 'salt')) },
            secret,
          );
          return copyBuffer(fromBinary(out));
        }
        case 'HKDF': {
          const secret = checkKey(baseKey, 'HKDF', 'deriveBits');
          const hash = normalizeHash(alg.hash);
          const out = subtleCall(
            'hkdf',
            {
              hash,
              length,
              salt: toBinary(bytesOf(alg.salt, 'salt')),
              info: toBinary(bytesOf(alg.info, 'info')),
            },
            secret,
          );
          return copyBuffer(fromBinary(out));
        }
        default:
          throw notSupported(`deriveBits with ${alg.name}`);
      }
    }

    async deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, usages) {
      const derived = normalizeAlgorithm(derivedKeyAlgorithm);
      if (derived.name !== 'HMAC') {
        throw notSupported(`deriveKey to ${derived.name}`);
      }
      const hash = normalizeHash(derived.hash);
      const length = derived.length ?? hashBlockBits[hash];
      const bits = await this.deriveBits(algorithm, baseKey, length);
      return this.importKey('raw', bits, { name: 'HMAC', hash, length }, extractable, usages);
    }

    async encrypt(algorithm) {
      throw notSupported(`encrypt with ${normalizeAlgorithm(algorithm).name}`);
    }

    async decrypt(algorithm) {
      throw notSupported(`decrypt with ${normalizeAlgorithm(algorithm).name}`);
    }

    async wrapKey() {
      throw notSupported('wrapKey');
    }

    async unwrapKey() {
      throw notSupported('unwrapKey');
    }
  }

  const subtle = new SubtleCrypto(keyData);

  const integerArrays = [
    Int8Array,
    Uint8Array,
    Uint8ClampedArray,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    BigInt64Array,
    BigUint64Array,
  ];

  const crypto = {
    subtle,
    getRandomValues(array) {
      if (!integerArrays.some((C) => array instanceof C)) {
        throw new DOMException(
          'The data argument must be an integer-type TypedArray',
          'TypeMismatchError',
        );
      }
      if (array.byteLength > MAX_RANDOM_BYTES) {
        throw new DOMException(
          `The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (${MAX_RANDOM_BYTES})`,
          'QuotaExceededError',
        );
      }
      const bytes = fromBinary(host.subtle('random', JSON.stringify({ n: array.byteLength }), '', ''));
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
      return array;
    },
    randomUUID() {
      const b = fromBinary(host.subtle('random', JSON.stringify({ n: 16 }), '', ''));
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };

  return { crypto: harden(crypto), SubtleCrypto: harden(SubtleCrypto) };
};

export { toBinary, fromBinary, hashLengths };
