"use strict";
(() => {
  // node_modules/@endo/errors/index.js
  var globalAssert = globalThis.assert;
  if (globalAssert === void 0) {
    throw Error(
      `Cannot initialize @endo/errors, missing globalThis.assert, import 'ses' before '@endo/errors'`
    );
  }
  var missing = (
    /** @type {const} */
    [
      "typeof",
      "error",
      "fail",
      "equal",
      "string",
      "note",
      "details",
      "Fail",
      "quote",
      // As of 2024-02, the Agoric chain's bootstrap vat runs with a version of SES that
      // predates addition of the 'bare' method, so we must tolerate its absence and fall
      // back to quote behavior in that environment (see below).
      // 'bare',
      "makeAssert"
    ].filter((name) => globalAssert[name] === void 0)
  );
  if (missing.length > 0) {
    throw Error(
      `Cannot initialize @endo/errors, missing globalThis.assert methods ${missing.join(
        ", "
      )}`
    );
  }
  var {
    bare,
    details: redacted,
    error: makeError,
    Fail: throwRedacted,
    makeAssert: _omittedMakeAssert,
    note,
    quote,
    ...assertions
  } = globalAssert;
  var assert2 = (value, optDetails, errContructor, options) => globalAssert(value, optDetails, errContructor, options);
  Object.assign(assert2, assertions);
  var bareOrQuote = bare || quote;

  // node_modules/@endo/env-options/src/env-options.js
  var localThis = globalThis;
  var { Object: Object2, Reflect: Reflect2, Array: Array2, String: String2, JSON: JSON2, Error: Error2 } = localThis;
  var { freeze } = Object2;
  var { apply } = Reflect2;
  var uncurryThis = (fn) => (receiver, ...args) => apply(fn, receiver, args);
  var arrayPush = uncurryThis(Array2.prototype.push);
  var arrayIncludes = uncurryThis(Array2.prototype.includes);
  var stringSplit = uncurryThis(String2.prototype.split);
  var q = JSON2.stringify;
  var Fail = (literals, ...args) => {
    let msg = literals[0];
    for (let i = 0; i < args.length; i += 1) {
      msg = `${msg}${args[i]}${literals[i + 1]}`;
    }
    throw Error2(msg);
  };
  var makeEnvironmentCaptor = (aGlobal, dropNames = false) => {
    const capturedEnvironmentOptionNames = [];
    const getEnvironmentOption2 = (optionName, defaultSetting, optOtherValues = void 0) => {
      typeof optionName === "string" || Fail`Environment option name ${q(optionName)} must be a string.`;
      typeof defaultSetting === "string" || Fail`Environment option default setting ${q(
        defaultSetting
      )} must be a string.`;
      let setting = defaultSetting;
      const globalProcess = aGlobal.process || void 0;
      const globalEnv = typeof globalProcess === "object" && globalProcess.env || void 0;
      if (typeof globalEnv === "object") {
        if (optionName in globalEnv) {
          if (!dropNames) {
            arrayPush(capturedEnvironmentOptionNames, optionName);
          }
          const optionValue = globalEnv[optionName];
          typeof optionValue === "string" || Fail`Environment option named ${q(
            optionName
          )}, if present, must have a corresponding string value, got ${q(
            optionValue
          )}`;
          setting = optionValue;
        }
      }
      optOtherValues === void 0 || setting === defaultSetting || arrayIncludes(optOtherValues, setting) || Fail`Unrecognized ${q(optionName)} value ${q(
        setting
      )}. Expected one of ${q([defaultSetting, ...optOtherValues])}`;
      return setting;
    };
    freeze(getEnvironmentOption2);
    const getEnvironmentOptionsList2 = (optionName) => {
      const option = getEnvironmentOption2(optionName, "");
      return freeze(option === "" ? [] : stringSplit(option, ","));
    };
    freeze(getEnvironmentOptionsList2);
    const environmentOptionsListHas2 = (optionName, element) => arrayIncludes(getEnvironmentOptionsList2(optionName), element);
    const getCapturedEnvironmentOptionNames = () => {
      return freeze([...capturedEnvironmentOptionNames]);
    };
    freeze(getCapturedEnvironmentOptionNames);
    return freeze({
      getEnvironmentOption: getEnvironmentOption2,
      getEnvironmentOptionsList: getEnvironmentOptionsList2,
      environmentOptionsListHas: environmentOptionsListHas2,
      getCapturedEnvironmentOptionNames
    });
  };
  freeze(makeEnvironmentCaptor);
  var {
    getEnvironmentOption,
    getEnvironmentOptionsList,
    environmentOptionsListHas
  } = makeEnvironmentCaptor(localThis, true);

  // node_modules/@endo/eventual-send/src/message-breakpoints.js
  var { quote: q2, Fail: Fail2 } = assert;
  var { hasOwn, freeze: freeze2, entries } = Object;
  var isJSONRecord = (val) => typeof val === "object" && val !== null && !Array.isArray(val);
  var simplifyTag = (tag) => {
    for (const prefix of ["Alleged: ", "DebugName: "]) {
      if (tag.startsWith(prefix)) {
        return tag.slice(prefix.length);
      }
    }
    return tag;
  };
  var makeMessageBreakpointTester = (optionName) => {
    let breakpoints = JSON.parse(getEnvironmentOption(optionName, "null"));
    if (breakpoints === null) {
      return void 0;
    }
    let breakpointsTable;
    const getBreakpoints = () => breakpoints;
    freeze2(getBreakpoints);
    const setBreakpoints = (newBreakpoints = breakpoints) => {
      isJSONRecord(newBreakpoints) || Fail2`Expected ${q2(optionName)} option to be a JSON breakpoints record`;
      const newBreakpointsTable = { __proto__: null };
      for (const [tag, methodBPs] of entries(newBreakpoints)) {
        tag === simplifyTag(tag) || Fail2`Just use simple tag ${q2(simplifyTag(tag))} rather than ${q2(tag)}`;
        isJSONRecord(methodBPs) || Fail2`Expected ${q2(optionName)} option's ${q2(
          tag
        )} to be a JSON methods breakpoints record`;
        for (const [methodName, count] of entries(methodBPs)) {
          count === "*" || typeof count === "number" && Number.isSafeInteger(count) && count >= 0 || Fail2`Expected ${q2(optionName)} option's ${q2(tag)}.${q2(
            methodName
          )} to be "*" or a non-negative integer`;
          const classBPs = hasOwn(newBreakpointsTable, methodName) ? newBreakpointsTable[methodName] : newBreakpointsTable[methodName] = {
            // @ts-expect-error confused by __proto__
            __proto__: null
          };
          classBPs[tag] = count;
        }
      }
      breakpoints = newBreakpoints;
      breakpointsTable = newBreakpointsTable;
    };
    freeze2(setBreakpoints);
    const shouldBreakpoint = (recipient, methodName) => {
      if (methodName === void 0 || methodName === null) {
        return false;
      }
      const classBPs = breakpointsTable[methodName] || breakpointsTable["*"];
      if (classBPs === void 0) {
        return false;
      }
      let tag = simplifyTag(recipient[Symbol.toStringTag]);
      let count = classBPs[tag];
      if (count === void 0) {
        tag = "*";
        count = classBPs[tag];
        if (count === void 0) {
          return false;
        }
      }
      if (count === "*") {
        return true;
      }
      if (count === 0) {
        return true;
      }
      assert(typeof count === "number" && count >= 1);
      classBPs[tag] = count - 1;
      return false;
    };
    freeze2(shouldBreakpoint);
    const breakpointTester = freeze2({
      getBreakpoints,
      setBreakpoints,
      shouldBreakpoint
    });
    breakpointTester.setBreakpoints();
    return breakpointTester;
  };
  freeze2(makeMessageBreakpointTester);

  // node_modules/@endo/eventual-send/src/local.js
  var { details: X, quote: q3, Fail: Fail3 } = assert;
  var { getOwnPropertyDescriptors, getPrototypeOf, freeze: freeze3 } = Object;
  var { apply: apply2, ownKeys } = Reflect;
  var onDelivery = makeMessageBreakpointTester("ENDO_DELIVERY_BREAKPOINTS");
  var isPrimitive = (val) => !val || typeof val !== "object" && typeof val !== "function";
  var compareStringified = (a, b) => {
    if (typeof a === typeof b) {
      const left = String(a);
      const right = String(b);
      return left < right ? -1 : left > right ? 1 : 0;
    }
    if (typeof a === "symbol") {
      assert(typeof b === "string");
      return -1;
    }
    assert(typeof a === "string");
    assert(typeof b === "symbol");
    return 1;
  };
  var getMethodNames = (val) => {
    let layer = val;
    const names = /* @__PURE__ */ new Set();
    while (layer !== null && layer !== Object.prototype) {
      const descs = getOwnPropertyDescriptors(layer);
      for (const name of ownKeys(descs)) {
        if (typeof val[name] === "function") {
          names.add(name);
        }
      }
      if (isPrimitive(val)) {
        break;
      }
      layer = getPrototypeOf(layer);
    }
    return harden([...names].sort(compareStringified));
  };
  freeze3(getMethodNames);
  var definesMethod = (recipient, methodName) => {
    if (isPrimitive(recipient)) {
      return true;
    }
    for (let layer = recipient; layer !== null && layer !== Object.prototype && layer !== Function.prototype; layer = getPrototypeOf(layer)) {
      if (Reflect.getOwnPropertyDescriptor(layer, methodName) !== void 0) {
        return true;
      }
    }
    return false;
  };
  freeze3(definesMethod);

  // node_modules/@endo/pass-style/src/passStyle-helpers.js
  var { isArray } = Array;
  var { prototype: functionPrototype } = Function;
  var {
    getOwnPropertyDescriptor,
    getPrototypeOf: getPrototypeOf2,
    hasOwn: hasOwn2,
    isFrozen,
    prototype: objectPrototype
  } = Object;
  var { apply: apply3 } = Reflect;
  var { toStringTag: toStringTagSymbol } = Symbol;
  var typedArrayPrototype = getPrototypeOf2(Uint8Array.prototype);
  var typedArrayToStringTagDesc = getOwnPropertyDescriptor(
    typedArrayPrototype,
    toStringTagSymbol
  );
  assert(typedArrayToStringTagDesc);
  var getTypedArrayToStringTag = typedArrayToStringTagDesc.get;
  assert(typeof getTypedArrayToStringTag === "function");
  var isPrimitive2 = (val) => (
    // Safer would be `Object(val) !== val` but is too expensive on XS.
    // So instead we use this adhoc set of type tests. But this is not safe in
    // the face of possible evolution of the language. Beware!
    !val || typeof val !== "object" && typeof val !== "function"
  );
  harden(isPrimitive2);
  var isObject = (val) => (
    // Safer would be `Object(val) -== val` but is too expensive on XS.
    // So instead we use this adhoc set of type tests. But this is not safe in
    // the face of possible evolution of the language. Beware!
    !!val && (typeof val === "object" || typeof val === "function")
  );
  harden(isObject);
  var isTypedArray = (object) => {
    const tag = apply3(getTypedArrayToStringTag, object, []);
    return tag !== void 0;
  };
  harden(isTypedArray);
  var PASS_STYLE = /* @__PURE__ */ Symbol.for("passStyle");
  var assertChecker = (cond, details) => {
    assert(cond, details);
    return true;
  };
  harden(assertChecker);
  var CX = (check) => {
    const reject = (T, ...subs) => check(false, redacted(T, ...subs));
    return reject;
  };
  harden(CX);
  var getOwnDataDescriptor = (candidate, propName, shouldBeEnumerable, check) => {
    const desc = (
      /** @type {PropertyDescriptor} */
      getOwnPropertyDescriptor(candidate, propName)
    );
    return (desc !== void 0 || !!check && CX(check)`${quote(propName)} property expected: ${candidate}`) && (hasOwn2(desc, "value") || !!check && CX(
      check
    )`${quote(propName)} must not be an accessor property: ${candidate}`) && (shouldBeEnumerable ? desc.enumerable || !!check && CX(
      check
    )`${quote(propName)} must be an enumerable property: ${candidate}` : !desc.enumerable || !!check && CX(
      check
    )`${quote(propName)} must not be an enumerable property: ${candidate}`) ? desc : (
      /** @type {PropertyDescriptor} */
      /** @type {unknown} */
      void 0
    );
  };
  harden(getOwnDataDescriptor);
  var getTag = (tagRecord) => tagRecord[Symbol.toStringTag];
  harden(getTag);
  var checkPassStyle = (obj, passStyle, expectedPassStyle, check) => {
    return passStyle === expectedPassStyle || !!check && CX(check)`Expected ${quote(expectedPassStyle)}, not ${quote(passStyle)}: ${obj}`;
  };
  harden(checkPassStyle);
  var makeCheckTagRecord = (checkProto) => {
    const checkTagRecord2 = (tagRecord, expectedPassStyle, check) => {
      return (!isPrimitive2(tagRecord) || !!check && CX(check)`A non-object cannot be a tagRecord: ${tagRecord}`) && (isFrozen(tagRecord) || !!check && CX(check)`A tagRecord must be frozen: ${tagRecord}`) && (!isArray(tagRecord) || !!check && CX(check)`An array cannot be a tagRecord: ${tagRecord}`) && checkPassStyle(
        tagRecord,
        getOwnDataDescriptor(tagRecord, PASS_STYLE, false, check).value,
        expectedPassStyle,
        check
      ) && (typeof getOwnDataDescriptor(tagRecord, Symbol.toStringTag, false, check).value === "string" || !!check && CX(
        check
      )`A [Symbol.toStringTag]-named property must be a string: ${tagRecord}`) && checkProto(tagRecord, getPrototypeOf2(tagRecord), check);
    };
    return harden(checkTagRecord2);
  };
  var checkTagRecord = makeCheckTagRecord(
    (val, proto, check) => proto === objectPrototype || !!check && check(false, redacted`A tagRecord must inherit from Object.prototype: ${val}`)
  );
  harden(checkTagRecord);
  var checkFunctionTagRecord = makeCheckTagRecord(
    (val, proto, check) => proto === functionPrototype || proto !== null && getPrototypeOf2(proto) === functionPrototype || !!check && check(
      false,
      redacted`For functions, a tagRecord must inherit from Function.prototype: ${val}`
    )
  );
  harden(checkFunctionTagRecord);

  // node_modules/@endo/pass-style/src/remotable.js
  var canBeMethod = (func) => typeof func === "function" && !(PASS_STYLE in func);
  harden(canBeMethod);
  var canBeMethodName = (key) => (
    // typeof key === 'string' || typeof key === 'symbol';
    typeof key === "string" || typeof key === "symbol" || typeof key === "number"
  );
  harden(canBeMethodName);
  var getRemotableMethodNames = (behaviorMethods) => getMethodNames(behaviorMethods);
  harden(getRemotableMethodNames);
  var { ownKeys: ownKeys2 } = Reflect;
  var { isArray: isArray2 } = Array;
  var {
    getPrototypeOf: getPrototypeOf3,
    isFrozen: isFrozen2,
    prototype: objectPrototype2,
    getOwnPropertyDescriptors: getOwnPropertyDescriptors2,
    hasOwn: hasOwn3
  } = Object;
  var checkIface = (iface, check) => {
    return (
      // TODO other possible ifaces, once we have third party veracity
      (typeof iface === "string" || !!check && CX(
        check
      )`For now, interface ${iface} must be a string; unimplemented`) && (iface === "Remotable" || iface.startsWith("Alleged: ") || iface.startsWith("DebugName: ") || !!check && CX(check)`For now, iface ${quote(
        iface
      )} must be "Remotable" or begin with "Alleged: " or "DebugName: "; unimplemented`)
    );
  };
  var assertIface = (iface) => checkIface(iface, assertChecker);
  harden(assertIface);
  var checkRemotableProtoOf = (original, check) => {
    !isPrimitive2(original) || throwRedacted`Remotables must be objects or functions: ${original}`;
    const proto = getPrototypeOf3(original);
    if (proto === objectPrototype2 || proto === null || proto === Function.prototype) {
      return !!check && CX(check)`Remotables must be explicitly declared: ${quote(original)}`;
    }
    if (typeof original === "object") {
      const protoProto = getPrototypeOf3(proto);
      if (protoProto !== objectPrototype2 && protoProto !== null) {
        return checkRemotable(proto, check);
      }
      if (!checkTagRecord(proto, "remotable", check)) {
        return false;
      }
    } else if (typeof original === "function") {
      if (!checkFunctionTagRecord(proto, "remotable", check)) {
        return false;
      }
    }
    const passStyleKey = (
      /** @type {unknown} */
      PASS_STYLE
    );
    const tagKey = (
      /** @type {unknown} */
      Symbol.toStringTag
    );
    const {
      // checkTagRecord already verified PASS_STYLE and Symbol.toStringTag own data properties.
      [
        /** @type {string} */
        passStyleKey
      ]: _passStyleDesc,
      [
        /** @type {string} */
        tagKey
      ]: { value: iface },
      ...restDescs
    } = getOwnPropertyDescriptors2(proto);
    return (ownKeys2(restDescs).length === 0 || !!check && CX(
      check
    )`Unexpected properties on Remotable Proto ${ownKeys2(restDescs)}`) && checkIface(iface, check);
  };
  var confirmedRemotables = /* @__PURE__ */ new WeakSet();
  var checkRemotable = (val, check) => {
    if (confirmedRemotables.has(val)) {
      return true;
    }
    if (!isFrozen2(val)) {
      return !!check && CX(check)`cannot serialize non-frozen objects like ${val}`;
    }
    if (!RemotableHelper.canBeValid(val, check)) {
      return false;
    }
    const result = checkRemotableProtoOf(val, check);
    if (result) {
      confirmedRemotables.add(val);
    }
    return result;
  };
  var getInterfaceOf = (val) => {
    if (isPrimitive2(val) || val[PASS_STYLE] !== "remotable" || !checkRemotable(val)) {
      return void 0;
    }
    return getTag(val);
  };
  harden(getInterfaceOf);
  var RemotableHelper = harden({
    styleName: "remotable",
    canBeValid: (candidate, check = void 0) => {
      const validType = (!isPrimitive2(candidate) || !!check && CX(check)`cannot serialize non-objects as Remotable ${candidate}`) && (!isArray2(candidate) || !!check && CX(check)`cannot serialize arrays as Remotable ${candidate}`);
      if (!validType) {
        return false;
      }
      const descs = getOwnPropertyDescriptors2(candidate);
      if (typeof candidate === "object") {
        return ownKeys2(descs).every((key) => {
          return (
            // Typecast needed due to https://github.com/microsoft/TypeScript/issues/1863
            (hasOwn3(descs[
              /** @type {string} */
              key
            ], "value") || !!check && CX(check)`cannot serialize Remotables with accessors like ${quote(
              String(key)
            )} in ${candidate}`) && (key === Symbol.toStringTag && checkIface(candidate[key], check) || (canBeMethod(candidate[key]) || !!check && CX(check)`cannot serialize Remotables with non-methods like ${quote(
              String(key)
            )} in ${candidate}`) && (key !== PASS_STYLE || !!check && CX(check)`A pass-by-remote cannot shadow ${quote(PASS_STYLE)}`))
          );
        });
      } else if (typeof candidate === "function") {
        const {
          name: nameDesc,
          length: lengthDesc,
          // @ts-ignore TS doesn't like symbols as computed indexes??
          [Symbol.toStringTag]: toStringTagDesc,
          ...restDescs
        } = descs;
        const restKeys = ownKeys2(restDescs);
        return (nameDesc && typeof nameDesc.value === "string" || !!check && CX(check)`Far function name must be a string, in ${candidate}`) && (lengthDesc && typeof lengthDesc.value === "number" || !!check && CX(
          check
        )`Far function length must be a number, in ${candidate}`) && (toStringTagDesc === void 0 || (typeof toStringTagDesc.value === "string" || !!check && CX(
          check
        )`Far function @@toStringTag must be a string, in ${candidate}`) && checkIface(toStringTagDesc.value, check)) && (restKeys.length === 0 || !!check && CX(
          check
        )`Far functions unexpected properties besides .name and .length ${restKeys}`);
      }
      return !!check && CX(check)`unrecognized typeof ${candidate}`;
    },
    assertRestValid: (candidate) => checkRemotable(candidate, assertChecker),
    every: (_passable, _fn) => true
  });

  // node_modules/@endo/pass-style/src/make-far.js
  var { prototype: functionPrototype2 } = Function;
  var {
    getPrototypeOf: getPrototypeOf4,
    setPrototypeOf,
    create,
    isFrozen: isFrozen3,
    prototype: objectPrototype3
  } = Object;
  var makeRemotableProto = (remotable, iface) => {
    let oldProto = getPrototypeOf4(remotable);
    if (typeof remotable === "object") {
      if (oldProto === null) {
        oldProto = objectPrototype3;
      }
      oldProto === objectPrototype3 || throwRedacted`For now, remotables cannot inherit from anything unusual, in ${remotable}`;
    } else if (typeof remotable === "function") {
      oldProto !== null || throwRedacted`Original function must not inherit from null: ${remotable}`;
      oldProto === functionPrototype2 || getPrototypeOf4(oldProto) === functionPrototype2 || throwRedacted`Far functions must originally inherit from Function.prototype, in ${remotable}`;
    } else {
      throwRedacted`unrecognized typeof ${remotable}`;
    }
    return harden(
      create(oldProto, {
        [PASS_STYLE]: { value: "remotable" },
        [Symbol.toStringTag]: { value: iface }
      })
    );
  };
  var assertCanBeRemotable = (candidate) => RemotableHelper.canBeValid(candidate, assertChecker);
  var Remotable = (iface = "Remotable", props = void 0, remotable = (
    /** @type {T} */
    {}
  )) => {
    assertIface(iface);
    assert(iface);
    props === void 0 || throwRedacted`Remotable props not yet implemented ${props}`;
    assertCanBeRemotable(remotable);
    !(PASS_STYLE in remotable) || throwRedacted`Remotable ${remotable} is already marked as a ${quote(
      remotable[PASS_STYLE]
    )}`;
    harden.isFake || // Ensure that the remotable isn't already frozen.
    !isFrozen3(remotable) || throwRedacted`Remotable ${remotable} is already frozen`;
    const remotableProto = makeRemotableProto(remotable, iface);
    const mutateHardenAndCheck = (target) => {
      setPrototypeOf(target, remotableProto);
      harden(target);
      assertCanBeRemotable(target);
    };
    mutateHardenAndCheck({});
    mutateHardenAndCheck(remotable);
    assert(iface !== void 0);
    return (
      /** @type {any} */
      remotable
    );
  };
  harden(Remotable);
  var GET_METHOD_NAMES = "__getMethodNames__";
  var getMethodNamesMethod = harden({
    [GET_METHOD_NAMES]() {
      return getMethodNames(this);
    }
  })[GET_METHOD_NAMES];
  var getMethodNamesDescriptor = harden({
    value: getMethodNamesMethod,
    enumerable: false,
    configurable: false,
    writable: false
  });
  var Far = (farName, remotable = void 0) => {
    const r = remotable === void 0 ? (
      /** @type {T} */
      {}
    ) : remotable;
    if (typeof r === "object" && !(GET_METHOD_NAMES in r)) {
      Object.defineProperty(r, GET_METHOD_NAMES, getMethodNamesDescriptor);
    }
    return Remotable(`Alleged: ${farName}`, void 0, r);
  };
  harden(Far);
  var ToFarFunction = (farName, func) => {
    if (getInterfaceOf(func) !== void 0) {
      return func;
    }
    return Far(farName, (...args) => func(...args));
  };
  harden(ToFarFunction);

  // node_modules/@endo/pass-style/src/iter-helpers.js
  var mapIterable = (baseIterable, func) => (
    /** @type {Iterable<U>} */
    Far("mapped iterable", {
      [Symbol.iterator]: () => {
        const baseIterator = baseIterable[Symbol.iterator]();
        return Far("mapped iterator", {
          next: () => {
            const { value: baseValue, done } = baseIterator.next();
            const value = done ? baseValue : func(baseValue);
            return harden({ value, done });
          }
        });
      }
    })
  );
  harden(mapIterable);
  var filterIterable = (baseIterable, pred) => (
    /** @type {Iterable<U>} */
    Far("filtered iterable", {
      [Symbol.iterator]: () => {
        const baseIterator = baseIterable[Symbol.iterator]();
        return Far("filtered iterator", {
          next: () => {
            for (; ; ) {
              const result = baseIterator.next();
              const { value, done } = result;
              if (done || pred(value)) {
                return result;
              }
            }
          }
        });
      }
    })
  );
  harden(filterIterable);

  // node_modules/@endo/pass-style/src/error.js
  var { getPrototypeOf: getPrototypeOf5, getOwnPropertyDescriptors: getOwnPropertyDescriptors3, hasOwn: hasOwn4, entries: entries2 } = Object;
  var errorConstructors = /* @__PURE__ */ new Map(
    // Cast because otherwise TS is confused by AggregateError
    // See https://github.com/endojs/endo/pull/2042#discussion_r1484933028
    /** @type {Array<[string, import('ses').GenericErrorConstructor]>} */
    [
      ["Error", Error],
      ["EvalError", EvalError],
      ["RangeError", RangeError],
      ["ReferenceError", ReferenceError],
      ["SyntaxError", SyntaxError],
      ["TypeError", TypeError],
      ["URIError", URIError]
      // https://github.com/endojs/endo/issues/550
      // To accommodate platforms prior to AggregateError, we comment out the
      // following line and instead conditionally add it to the map below.
      // ['AggregateError', AggregateError],
    ]
  );
  if (typeof AggregateError !== "undefined") {
    errorConstructors.set("AggregateError", AggregateError);
  }
  var getErrorConstructor = (name) => errorConstructors.get(name);
  harden(getErrorConstructor);
  var checkErrorLike = (candidate, check = void 0) => {
    return candidate instanceof Error || !!check && CX(check)`Error expected: ${candidate}`;
  };
  harden(checkErrorLike);
  var isErrorLike = (candidate) => checkErrorLike(candidate);
  harden(isErrorLike);
  var checkRecursivelyPassableErrorPropertyDesc = (propName, desc, passStyleOfRecur, check = void 0) => {
    if (desc.enumerable) {
      return !!check && CX(check)`Passable Error ${quote(
        propName
      )} own property must not be enumerable: ${desc}`;
    }
    if (!hasOwn4(desc, "value")) {
      return !!check && CX(check)`Passable Error ${quote(
        propName
      )} own property must be a data property: ${desc}`;
    }
    const { value } = desc;
    switch (propName) {
      case "message":
      case "stack": {
        return typeof value === "string" || !!check && CX(check)`Passable Error ${quote(
          propName
        )} own property must be a string: ${value}`;
      }
      case "cause": {
        return checkRecursivelyPassableError(value, passStyleOfRecur, check);
      }
      case "errors": {
        if (!Array.isArray(value) || passStyleOfRecur(value) !== "copyArray") {
          return !!check && CX(check)`Passable Error ${quote(
            propName
          )} own property must be a copyArray: ${value}`;
        }
        return value.every(
          (err) => (
            // eslint-disable-next-line no-use-before-define
            checkRecursivelyPassableError(err, passStyleOfRecur, check)
          )
        );
      }
      default: {
        break;
      }
    }
    return !!check && CX(check)`Passable Error has extra unpassed property ${quote(propName)}`;
  };
  harden(checkRecursivelyPassableErrorPropertyDesc);
  var checkRecursivelyPassableError = (candidate, passStyleOfRecur, check = void 0) => {
    if (!checkErrorLike(candidate, check)) {
      return false;
    }
    const proto = getPrototypeOf5(candidate);
    const { name } = proto;
    const errConstructor = getErrorConstructor(name);
    if (errConstructor === void 0 || errConstructor.prototype !== proto) {
      return !!check && CX(
        check
      )`Passable Error must inherit from an error class .prototype: ${candidate}`;
    }
    const descs = getOwnPropertyDescriptors3(candidate);
    if (!("message" in descs)) {
      return !!check && CX(
        check
      )`Passable Error must have an own "message" string property: ${candidate}`;
    }
    return entries2(descs).every(
      ([propName, desc]) => checkRecursivelyPassableErrorPropertyDesc(
        propName,
        desc,
        passStyleOfRecur,
        check
      )
    );
  };
  harden(checkRecursivelyPassableError);
  var ErrorHelper = harden({
    styleName: "error",
    canBeValid: checkErrorLike,
    assertRestValid: (candidate, passStyleOfRecur) => checkRecursivelyPassableError(candidate, passStyleOfRecur, assertChecker)
  });

  // node_modules/@endo/pass-style/src/symbol.js
  var { ownKeys: ownKeys3 } = Reflect;
  var wellKnownSymbolNames = new Map(
    ownKeys3(Symbol).filter(
      (name) => typeof name === "string" && typeof Symbol[name] === "symbol"
    ).filter((name) => {
      !name.startsWith("@@") || throwRedacted`Did not expect Symbol to have a symbol-valued property name starting with "@@" ${quote(
        name
      )}`;
      return true;
    }).map((name) => [Symbol[name], `@@${name}`])
  );
  var isPassableSymbol = (sym) => typeof sym === "symbol" && (typeof Symbol.keyFor(sym) === "string" || wellKnownSymbolNames.has(sym));
  harden(isPassableSymbol);
  var assertPassableSymbol = (sym) => isPassableSymbol(sym) || throwRedacted`Only registered symbols or well-known symbols are passable: ${quote(sym)}`;
  harden(assertPassableSymbol);
  var nameForPassableSymbol = (sym) => {
    const name = Symbol.keyFor(sym);
    if (name === void 0) {
      return wellKnownSymbolNames.get(sym);
    }
    if (name.startsWith("@@")) {
      return `@@${name}`;
    }
    return name;
  };
  harden(nameForPassableSymbol);
  var AtAtPrefixPattern = /^@@(.*)$/;
  harden(AtAtPrefixPattern);
  var passableSymbolForName = (name) => {
    typeof name === "string" || throwRedacted`${quote(name)} must be a string, not ${quote(typeof name)}`;
    const match = AtAtPrefixPattern.exec(name);
    if (match) {
      const suffix = match[1];
      if (suffix.startsWith("@@")) {
        return Symbol.for(suffix);
      } else {
        const sym = Symbol[suffix];
        if (typeof sym === "symbol") {
          return sym;
        }
        throwRedacted`Reserved for well known symbol ${quote(suffix)}: ${quote(name)}`;
      }
    }
    return Symbol.for(name);
  };
  harden(passableSymbolForName);

  // node_modules/@endo/pass-style/src/string.js
  var hasWellFormedStringMethod = !!String.prototype.isWellFormed;
  var isWellFormedString = hasWellFormedStringMethod ? (str) => typeof str === "string" && str.isWellFormed() : (str) => {
    if (typeof str !== "string") {
      return false;
    }
    for (const ch of str) {
      const cp = (
        /** @type {number} */
        ch.codePointAt(0)
      );
      if (cp >= 55296 && cp <= 57343) {
        return false;
      }
    }
    return true;
  };
  harden(isWellFormedString);
  var assertWellFormedString = (str) => {
    isWellFormedString(str) || throwRedacted`Expected well-formed unicode string: ${str}`;
  };
  harden(assertWellFormedString);
  var ONLY_WELL_FORMED_STRINGS_PASSABLE = getEnvironmentOption("ONLY_WELL_FORMED_STRINGS_PASSABLE", "disabled", [
    "enabled"
  ]) === "enabled";
  var assertPassableString = (str) => {
    typeof str === "string" || throwRedacted`Expected string ${str}`;
    !ONLY_WELL_FORMED_STRINGS_PASSABLE || assertWellFormedString(str);
  };
  harden(assertPassableString);

  // node_modules/@endo/promise-kit/src/promise-executor-kit.js
  var makeReleasingExecutorKit = () => {
    let internalResolve;
    let internalReject;
    const resolve = (value) => {
      if (internalResolve) {
        internalResolve(value);
        internalResolve = null;
        internalReject = null;
      } else {
        assert(internalResolve === null);
      }
    };
    const reject = (reason) => {
      if (internalReject) {
        internalReject(reason);
        internalResolve = null;
        internalReject = null;
      } else {
        assert(internalReject === null);
      }
    };
    const executor = (res, rej) => {
      assert(internalResolve === void 0 && internalReject === void 0);
      internalResolve = res;
      internalReject = rej;
    };
    return harden({ resolve, reject, executor });
  };
  harden(makeReleasingExecutorKit);

  // node_modules/@endo/promise-kit/src/memo-race.js
  var isPrimitive3 = (val) => !val || typeof val !== "object" && typeof val !== "function";
  var knownPromises = /* @__PURE__ */ new WeakMap();
  var markSettled = (record) => {
    if (!record || record.settled) {
      return /* @__PURE__ */ new Set();
    }
    const { deferreds } = record;
    Object.assign(record, {
      deferreds: void 0,
      settled: true
    });
    Object.freeze(record);
    return deferreds;
  };
  var getMemoRecord = (value) => {
    if (isPrimitive3(value)) {
      return harden({ settled: true });
    }
    let record = knownPromises.get(value);
    if (!record) {
      record = { deferreds: /* @__PURE__ */ new Set(), settled: false };
      knownPromises.set(value, record);
      Promise.resolve(value).then(
        (val) => {
          for (const { resolve } of markSettled(record)) {
            resolve(val);
          }
        },
        (err) => {
          for (const { reject } of markSettled(record)) {
            reject(err);
          }
        }
      );
    }
    return record;
  };
  var { race } = {
    /**
     * Creates a Promise that is resolved or rejected when any of the provided Promises are resolved
     * or rejected.
     *
     * Unlike `Promise.race` it cleans up after itself so a non-resolved value doesn't hold onto
     * the result promise.
     *
     * @template {readonly unknown[] | []} T
     * @template {PromiseConstructor} [P=PromiseConstructor]
     * @this {P}
     * @param {T} values An iterable of Promises.
     * @returns {Promise<Awaited<T[number]>>} A new Promise.
     */
    race(values5) {
      let deferred;
      const cachedValues = [];
      const C = this;
      const result = new C((resolve, reject) => {
        deferred = { resolve, reject };
        for (const value of values5) {
          cachedValues.push(value);
          const { settled, deferreds } = getMemoRecord(value);
          if (settled) {
            C.resolve(value).then(resolve, reject);
          } else {
            deferreds.add(deferred);
          }
        }
      });
      return result.finally(() => {
        for (const value of cachedValues) {
          const { deferreds } = getMemoRecord(value);
          if (deferreds) {
            deferreds.delete(deferred);
          }
        }
      });
    }
  };

  // node_modules/@endo/promise-kit/src/is-promise.js
  function isPromise(maybePromise) {
    return Promise.resolve(maybePromise) === maybePromise;
  }
  harden(isPromise);

  // node_modules/@endo/promise-kit/index.js
  var BestPipelinablePromise = globalThis.HandledPromise || Promise;
  function makePromiseKit() {
    const { resolve, reject, executor } = makeReleasingExecutorKit();
    const promise = new BestPipelinablePromise(executor);
    return harden({ promise, resolve, reject });
  }
  harden(makePromiseKit);
  function racePromises(values5) {
    return harden(race.call(BestPipelinablePromise, values5));
  }
  harden(racePromises);

  // node_modules/@endo/pass-style/src/copyArray.js
  var { getPrototypeOf: getPrototypeOf6 } = Object;
  var { ownKeys: ownKeys4 } = Reflect;
  var { isArray: isArray3, prototype: arrayPrototype } = Array;
  var CopyArrayHelper = harden({
    styleName: "copyArray",
    canBeValid: (candidate, check = void 0) => isArray3(candidate) || !!check && check(false, redacted`Array expected: ${candidate}`),
    assertRestValid: (candidate, passStyleOfRecur) => {
      getPrototypeOf6(candidate) === arrayPrototype || assert.fail(redacted`Malformed array: ${candidate}`, TypeError);
      const len = (
        /** @type {number} */
        getOwnDataDescriptor(candidate, "length", false, assertChecker).value
      );
      for (let i = 0; i < len; i += 1) {
        passStyleOfRecur(
          getOwnDataDescriptor(candidate, i, true, assertChecker).value
        );
      }
      ownKeys4(candidate).length === len + 1 || assert.fail(redacted`Arrays must not have non-indexes: ${candidate}`, TypeError);
    }
  });

  // node_modules/@endo/pass-style/src/byteArray.js
  var { getPrototypeOf: getPrototypeOf7, getOwnPropertyDescriptor: getOwnPropertyDescriptor2 } = Object;
  var { ownKeys: ownKeys5, apply: apply4 } = Reflect;
  var adaptImmutableArrayBuffer = () => {
    const anArrayBuffer = new ArrayBuffer(0);
    if (anArrayBuffer.sliceToImmutable === void 0) {
      return {
        immutableArrayBufferPrototype: null,
        immutableGetter: () => false
      };
    }
    const anImmutableArrayBuffer = anArrayBuffer.sliceToImmutable();
    const immutableArrayBufferPrototype2 = getPrototypeOf7(anImmutableArrayBuffer);
    const immutableGetter2 = (
      /** @type {(this: ArrayBuffer) => boolean} */
      // @ts-expect-error We know the desciptor is there.
      getOwnPropertyDescriptor2(immutableArrayBufferPrototype2, "immutable").get
    );
    return { immutableArrayBufferPrototype: immutableArrayBufferPrototype2, immutableGetter: immutableGetter2 };
  };
  var { immutableArrayBufferPrototype, immutableGetter } = adaptImmutableArrayBuffer();
  var ByteArrayHelper = harden({
    styleName: "byteArray",
    canBeValid: (candidate, check = void 0) => candidate instanceof ArrayBuffer && // @ts-expect-error TODO How do I add it to the ArrayBuffer type?
    candidate.immutable || !!check && check(false, redacted`Immutable ArrayBuffer expected: ${candidate}`),
    assertRestValid: (candidate, _passStyleOfRecur) => {
      getPrototypeOf7(candidate) === immutableArrayBufferPrototype || assert.fail(redacted`Malformed ByteArray ${candidate}`, TypeError);
      apply4(immutableGetter, candidate, []) || throwRedacted`Must be an immutable ArrayBuffer: ${candidate}`;
      ownKeys5(candidate).length === 0 || assert.fail(
        redacted`ByteArrays must not have own properties: ${candidate}`,
        TypeError
      );
    }
  });

  // node_modules/@endo/pass-style/src/copyRecord.js
  var { ownKeys: ownKeys6 } = Reflect;
  var { getPrototypeOf: getPrototypeOf8, prototype: objectPrototype4 } = Object;
  var checkObjectPrototype = (candidate, check = void 0) => {
    return getPrototypeOf8(candidate) === objectPrototype4 || !!check && CX(check)`Records must inherit from Object.prototype: ${candidate}`;
  };
  var checkPropertyCanBeValid = (candidate, key, value, check = void 0) => {
    return (typeof key === "string" || !!check && CX(
      check
    )`Records can only have string-named properties: ${candidate}`) && (!canBeMethod(value) || !!check && // TODO: Update message now that there is no such thing as "implicit Remotable".
    CX(
      check
    )`Records cannot contain non-far functions because they may be methods of an implicit Remotable: ${candidate}`);
  };
  var CopyRecordHelper = harden({
    styleName: "copyRecord",
    canBeValid: (candidate, check = void 0) => {
      return checkObjectPrototype(candidate, check) && // Reject any candidate with a symbol-keyed property or method-like property
      // (such input is potentially a Remotable).
      ownKeys6(candidate).every(
        (key) => checkPropertyCanBeValid(candidate, key, candidate[key], check)
      );
    },
    assertRestValid: (candidate, passStyleOfRecur) => {
      for (const name of ownKeys6(candidate)) {
        const { value } = getOwnDataDescriptor(
          candidate,
          name,
          true,
          assertChecker
        );
        passStyleOfRecur(value);
      }
    }
  });

  // node_modules/@endo/pass-style/src/tagged.js
  var { ownKeys: ownKeys7 } = Reflect;
  var { getOwnPropertyDescriptors: getOwnPropertyDescriptors4 } = Object;
  var TaggedHelper = harden({
    styleName: "tagged",
    canBeValid: (candidate, check = void 0) => checkPassStyle(candidate, candidate[PASS_STYLE], "tagged", check),
    assertRestValid: (candidate, passStyleOfRecur) => {
      checkTagRecord(candidate, "tagged", assertChecker);
      const passStyleKey = (
        /** @type {unknown} */
        PASS_STYLE
      );
      const tagKey = (
        /** @type {unknown} */
        Symbol.toStringTag
      );
      const {
        // checkTagRecord already verified PASS_STYLE and Symbol.toStringTag own data properties.
        [
          /** @type {string} */
          passStyleKey
        ]: _passStyleDesc,
        [
          /** @type {string} */
          tagKey
        ]: _labelDesc,
        payload: _payloadDesc,
        // value checked by recursive walk at the end
        ...restDescs
      } = getOwnPropertyDescriptors4(candidate);
      ownKeys7(restDescs).length === 0 || throwRedacted`Unexpected properties on tagged record ${ownKeys7(restDescs)}`;
      passStyleOfRecur(
        getOwnDataDescriptor(candidate, "payload", true, assertChecker).value
      );
    }
  });

  // node_modules/@endo/pass-style/src/safe-promise.js
  var { isFrozen: isFrozen4, getPrototypeOf: getPrototypeOf9, getOwnPropertyDescriptor: getOwnPropertyDescriptor3, hasOwn: hasOwn5 } = Object;
  var { ownKeys: ownKeys8 } = Reflect;
  var { toStringTag } = Symbol;
  var checkPromiseOwnKeys = (pr, check) => {
    const keys = ownKeys8(pr);
    if (keys.length === 0) {
      return true;
    }
    const unknownKeys = keys.filter(
      (key) => typeof key !== "symbol" || !hasOwn5(Promise.prototype, key)
    );
    if (unknownKeys.length !== 0) {
      return CX(
        check
      )`${pr} - Must not have any own properties: ${quote(unknownKeys)}`;
    }
    const checkSafeOwnKey = (key) => {
      if (key === toStringTag) {
        const tagDesc = getOwnPropertyDescriptor3(pr, toStringTag);
        assert(tagDesc !== void 0);
        return (hasOwn5(tagDesc, "value") || CX(
          check
        )`Own @@toStringTag must be a data property, not an accessor: ${quote(tagDesc)}`) && (typeof tagDesc.value === "string" || CX(
          check
        )`Own @@toStringTag value must be a string: ${quote(tagDesc.value)}`) && (!tagDesc.enumerable || CX(check)`Own @@toStringTag must not be enumerable: ${quote(tagDesc)}`);
      }
      const val = pr[key];
      if (val === void 0 || typeof val === "number") {
        return true;
      }
      if (typeof val === "object" && val !== null && isFrozen4(val) && getPrototypeOf9(val) === Object.prototype) {
        const subKeys = ownKeys8(val);
        if (subKeys.length === 0) {
          return true;
        }
        if (subKeys.length === 1 && subKeys[0] === "destroyed" && val.destroyed === false) {
          return true;
        }
      }
      return CX(
        check
      )`Unexpected Node async_hooks additions to promise: ${pr}.${quote(
        String(key)
      )} is ${val}`;
    };
    return keys.every(checkSafeOwnKey);
  };
  var checkSafePromise = (pr, check) => {
    return (isFrozen4(pr) || CX(check)`${pr} - Must be frozen`) && (isPromise(pr) || CX(check)`${pr} - Must be a promise`) && (getPrototypeOf9(pr) === Promise.prototype || CX(check)`${pr} - Must inherit from Promise.prototype: ${quote(
      getPrototypeOf9(pr)
    )}`) && checkPromiseOwnKeys(
      /** @type {Promise} */
      pr,
      check
    );
  };
  harden(checkSafePromise);
  var isSafePromise = (pr) => checkSafePromise(pr, (x) => x);
  harden(isSafePromise);
  var assertSafePromise = (pr) => checkSafePromise(pr, assertChecker);

  // node_modules/@endo/pass-style/src/passStyleOf.js
  var { ownKeys: ownKeys9 } = Reflect;
  var { isFrozen: isFrozen5, getOwnPropertyDescriptors: getOwnPropertyDescriptors5, values } = Object;
  var makeHelperTable = (passStyleHelpers) => {
    const HelperTable = {
      __proto__: null,
      copyArray: void 0,
      byteArray: void 0,
      copyRecord: void 0,
      tagged: void 0,
      error: void 0,
      remotable: void 0
    };
    for (const helper of passStyleHelpers) {
      const { styleName } = helper;
      styleName in HelperTable || throwRedacted`Unrecognized helper: ${quote(styleName)}`;
      HelperTable[styleName] === void 0 || throwRedacted`conflicting helpers for ${quote(styleName)}`;
      HelperTable[styleName] = helper;
    }
    for (const styleName of ownKeys9(HelperTable)) {
      HelperTable[styleName] !== void 0 || throwRedacted`missing helper for ${quote(styleName)}`;
    }
    return (
      /** @type {HelpersRecord} */
      /** @type {unknown} */
      harden(HelperTable)
    );
  };
  var assertValid = (helper, candidate, passStyleOfRecur) => {
    helper.canBeValid(candidate, assertChecker);
    helper.assertRestValid(candidate, passStyleOfRecur);
  };
  var makePassStyleOf = (passStyleHelpers) => {
    const HelperTable = makeHelperTable(passStyleHelpers);
    const remotableHelper = HelperTable.remotable;
    const passStyleMemo = /* @__PURE__ */ new WeakMap();
    const passStyleOf2 = (passable) => {
      const inProgress = /* @__PURE__ */ new Set();
      const passStyleOfRecur = (inner) => {
        const innerIsObject = !isPrimitive2(inner);
        if (innerIsObject) {
          const innerStyle = passStyleMemo.get(inner);
          if (innerStyle) {
            return innerStyle;
          }
          !inProgress.has(inner) || throwRedacted`Pass-by-copy data cannot be cyclic ${inner}`;
          inProgress.add(inner);
        }
        const passStyle = passStyleOfInternal(inner);
        if (innerIsObject) {
          passStyleMemo.set(inner, passStyle);
          inProgress.delete(inner);
        }
        return passStyle;
      };
      const passStyleOfInternal = (inner) => {
        const typestr = typeof inner;
        switch (typestr) {
          case "undefined":
          case "boolean":
          case "number":
          case "bigint": {
            return typestr;
          }
          case "string": {
            assertPassableString(inner);
            return "string";
          }
          case "symbol": {
            assertPassableSymbol(inner);
            return "symbol";
          }
          case "object": {
            if (inner === null) {
              return "null";
            }
            if (!isFrozen5(inner)) {
              assert.fail(
                // TypedArrays get special treatment in harden()
                // and a corresponding special error message here.
                isTypedArray(inner) ? redacted`Cannot pass mutable typed arrays like ${inner}.` : redacted`Cannot pass non-frozen objects like ${inner}. Use harden()`
              );
            }
            if (isPromise(inner)) {
              assertSafePromise(inner);
              return "promise";
            }
            typeof inner.then !== "function" || throwRedacted`Cannot pass non-promise thenables`;
            const passStyleTag = inner[PASS_STYLE];
            if (passStyleTag !== void 0) {
              assert.typeof(passStyleTag, "string");
              const helper = HelperTable[passStyleTag];
              helper !== void 0 || throwRedacted`Unrecognized PassStyle: ${quote(passStyleTag)}`;
              assertValid(helper, inner, passStyleOfRecur);
              return (
                /** @type {PassStyle} */
                passStyleTag
              );
            }
            for (const helper of passStyleHelpers) {
              if (helper.canBeValid(inner)) {
                helper.assertRestValid(inner, passStyleOfRecur);
                return helper.styleName;
              }
            }
            assertValid(remotableHelper, inner, passStyleOfRecur);
            return "remotable";
          }
          case "function": {
            isFrozen5(inner) || throwRedacted`Cannot pass non-frozen objects like ${inner}. Use harden()`;
            typeof inner.then !== "function" || throwRedacted`Cannot pass non-promise thenables`;
            assertValid(remotableHelper, inner, passStyleOfRecur);
            return "remotable";
          }
          default: {
            throw assert.fail(redacted`Unrecognized typeof ${quote(typestr)}`, TypeError);
          }
        }
      };
      return passStyleOfRecur(passable);
    };
    return harden(passStyleOf2);
  };
  var PassStyleOfEndowmentSymbol = /* @__PURE__ */ Symbol.for("@endo passStyleOf");
  var passStyleOf = globalThis && globalThis[PassStyleOfEndowmentSymbol] || makePassStyleOf([
    CopyArrayHelper,
    ByteArrayHelper,
    CopyRecordHelper,
    TaggedHelper,
    ErrorHelper,
    RemotableHelper
  ]);
  var assertPassable = (val) => {
    passStyleOf(val);
  };
  harden(assertPassable);
  var isPassable = (specimen) => {
    try {
      return passStyleOf(specimen) !== void 0;
    } catch (_) {
      return false;
    }
  };
  harden(isPassable);
  var isPassableErrorPropertyDesc = (name, desc) => checkRecursivelyPassableErrorPropertyDesc(name, desc, passStyleOf);
  var toPassableError = (err) => {
    harden(err);
    if (checkRecursivelyPassableError(err, passStyleOf)) {
      return err;
    }
    const { name, message } = err;
    const { cause: causeDesc, errors: errorsDesc } = getOwnPropertyDescriptors5(err);
    let cause;
    let errors;
    if (causeDesc && isPassableErrorPropertyDesc("cause", causeDesc)) {
      cause = causeDesc.value;
    }
    if (errorsDesc && isPassableErrorPropertyDesc("errors", errorsDesc)) {
      errors = errorsDesc.value;
    }
    const errConstructor = getErrorConstructor(`${name}`) || Error;
    const newError = makeError(`${message}`, errConstructor, {
      // @ts-ignore Assuming cause is Error | undefined
      cause,
      errors
    });
    harden(newError);
    note(newError, redacted`copied from error ${err}`);
    passStyleOf(newError) === "error" || throwRedacted`Expected ${newError} to be a passable error`;
    return newError;
  };
  harden(toPassableError);
  var toThrowable = (specimen) => {
    harden(specimen);
    if (isErrorLike(specimen)) {
      return toPassableError(
        /** @type {Error} */
        specimen
      );
    }
    if (!isPrimitive2(specimen)) {
      const passStyle = (
        /** @type {PassStyle} */
        passStyleOf(specimen)
      );
      switch (passStyle) {
        case "copyArray": {
          const elements = (
            /** @type {CopyArray} */
            specimen
          );
          for (const element of elements) {
            element === toThrowable(element) || throwRedacted`nested toThrowable coercion not yet supported ${element}`;
          }
          break;
        }
        case "copyRecord": {
          const rec = (
            /** @type {CopyRecord} */
            specimen
          );
          for (const val of values(rec)) {
            val === toThrowable(val) || throwRedacted`nested toThrowable coercion not yet supported ${val}`;
          }
          break;
        }
        case "tagged": {
          const tg = (
            /** @type {CopyTagged} */
            specimen
          );
          const { payload } = tg;
          payload === toThrowable(payload) || throwRedacted`nested toThrowable coercion not yet supported ${payload}`;
          break;
        }
        case "error": {
          const er = (
            /** @type {Error} */
            specimen
          );
          er === toThrowable(er) || throwRedacted`nested toThrowable coercion not yet supported ${er}`;
          break;
        }
        default: {
          throw throwRedacted`A ${quote(passStyle)} is not throwable: ${specimen}`;
        }
      }
    }
    return (
      /** @type {Passable<never,never>} */
      specimen
    );
  };
  harden(toThrowable);

  // node_modules/@endo/pass-style/src/makeTagged.js
  var { create: create2, prototype: objectPrototype5 } = Object;
  var makeTagged = (tag, payload) => {
    typeof tag === "string" || throwRedacted`The tag of a tagged record must be a string: ${tag}`;
    assertPassable(harden(payload));
    return harden(
      create2(objectPrototype5, {
        [PASS_STYLE]: { value: "tagged" },
        [Symbol.toStringTag]: { value: tag },
        payload: { value: payload, enumerable: true }
      })
    );
  };
  harden(makeTagged);

  // node_modules/@endo/common/ident-checker.js
  var identChecker = (cond, _details) => cond;
  harden(identChecker);

  // node_modules/@endo/pass-style/src/typeGuards.js
  var isCopyArray = (arr) => passStyleOf(arr) === "copyArray";
  harden(isCopyArray);
  var isByteArray = (arr) => passStyleOf(arr) === "byteArray";
  harden(isByteArray);
  var isRecord = (record) => passStyleOf(record) === "copyRecord";
  harden(isRecord);
  var isRemotable = (remotable) => passStyleOf(remotable) === "remotable";
  harden(isRemotable);
  var assertCopyArray = (arr, optNameOfArray = "Alleged array") => {
    const passStyle = passStyleOf(arr);
    passStyle === "copyArray" || throwRedacted`${quote(optNameOfArray)} ${arr} must be a pass-by-copy array, not ${quote(
      passStyle
    )}`;
  };
  harden(assertCopyArray);
  var assertByteArray = (arr, optNameOfArray = "Alleged byteArray") => {
    const passStyle = passStyleOf(arr);
    passStyle === "byteArray" || throwRedacted`${quote(
      optNameOfArray
    )} ${arr} must be a pass-by-copy binary data, not ${quote(passStyle)}`;
  };
  harden(assertByteArray);
  var assertRecord = (record, optNameOfRecord = "Alleged record") => {
    const passStyle = passStyleOf(record);
    passStyle === "copyRecord" || throwRedacted`${quote(optNameOfRecord)} ${record} must be a pass-by-copy record, not ${quote(
      passStyle
    )}`;
  };
  harden(assertRecord);
  var assertRemotable = (remotable, optNameOfRemotable = "Alleged remotable") => {
    const passStyle = passStyleOf(remotable);
    passStyle === "remotable" || throwRedacted`${quote(optNameOfRemotable)} ${remotable} must be a remotable, not ${quote(
      passStyle
    )}`;
  };
  harden(assertRemotable);
  var checkAtom = (val, check) => {
    let passStyle;
    try {
      passStyle = passStyleOf(val);
    } catch (err) {
      return check !== identChecker && check(false, redacted`Not even Passable: ${quote(err)}: ${val}`);
    }
    switch (passStyle) {
      case "undefined":
      case "null":
      case "boolean":
      case "number":
      case "bigint":
      case "string":
      case "byteArray":
      case "symbol": {
        return true;
      }
      default: {
        return check !== identChecker && check(false, redacted`A ${quote(passStyle)} cannot be an atom: ${val}`);
      }
    }
  };
  var isAtom = (val) => checkAtom(val, identChecker);
  harden(isAtom);
  var assertAtom = (val) => {
    checkAtom(val, assertChecker);
  };
  harden(assertAtom);

  // node_modules/@endo/eventual-send/src/track-turns.js
  var hiddenPriorError;
  var hiddenCurrentTurn = 0;
  var hiddenCurrentEvent = 0;
  var VERBOSE = environmentOptionsListHas("DEBUG", "track-turns");
  var ENABLED = (
    /** @type {'disabled' | 'enabled'} */
    getEnvironmentOption("TRACK_TURNS", "disabled", ["enabled"]) === "enabled"
  );
  var addRejectionNote = (detailsNote) => (reason) => {
    if (reason instanceof Error) {
      globalThis.assert.note(reason, detailsNote);
    }
    if (VERBOSE) {
      console.log("REJECTED at top of event loop", reason);
    }
  };
  var wrapFunction = (func, sendingError, X3) => (...args) => {
    hiddenPriorError = sendingError;
    hiddenCurrentTurn += 1;
    hiddenCurrentEvent = 0;
    try {
      let result;
      try {
        result = func(...args);
      } catch (err) {
        if (err instanceof Error) {
          globalThis.assert.note(
            err,
            X3`Thrown from: ${hiddenPriorError}:${hiddenCurrentTurn}.${hiddenCurrentEvent}`
          );
        }
        if (VERBOSE) {
          console.log("THROWN to top of event loop", err);
        }
        throw err;
      }
      const detailsNote = X3`Rejection from: ${hiddenPriorError}:${hiddenCurrentTurn}.${hiddenCurrentEvent}`;
      Promise.resolve(result).catch(addRejectionNote(detailsNote));
      return result;
    } finally {
      hiddenPriorError = void 0;
    }
  };
  var trackTurns = (funcs) => {
    if (!ENABLED || typeof globalThis === "undefined" || !globalThis.assert) {
      return funcs;
    }
    const { details: X3, note: annotateError } = globalThis.assert;
    hiddenCurrentEvent += 1;
    const sendingError = Error(
      `Event: ${hiddenCurrentTurn}.${hiddenCurrentEvent}`
    );
    if (hiddenPriorError !== void 0) {
      annotateError(sendingError, X3`Caused by: ${hiddenPriorError}`);
    }
    return (
      /** @type {T} */
      funcs.map((func) => func && wrapFunction(func, sendingError, X3))
    );
  };

  // node_modules/@endo/eventual-send/src/E.js
  var { details: X2, quote: q4, Fail: Fail4, error: makeError2 } = assert;
  var { assign, freeze: freeze4 } = Object;
  var onSend = makeMessageBreakpointTester("ENDO_SEND_BREAKPOINTS");
  var baseFreezableProxyHandler = {
    set(_target, _prop, _value) {
      return false;
    },
    isExtensible(_target) {
      return false;
    },
    setPrototypeOf(_target, _value) {
      return false;
    },
    deleteProperty(_target, _prop) {
      return false;
    }
  };
  var makeEProxyHandler = (recipient, HandledPromise2) => harden({
    ...baseFreezableProxyHandler,
    get: (_target, propertyKey, receiver) => {
      return harden(
        {
          // This function purposely checks the `this` value (see above)
          // In order to be `this` sensitive it is defined using concise method
          // syntax rather than as an arrow function. To ensure the function
          // is not constructable, it also avoids the `function` syntax.
          /** @type {(...args: any[]) => Promise<unknown>} */
          [propertyKey](...args) {
            if (this !== receiver) {
              return HandledPromise2.reject(
                makeError2(
                  X2`Unexpected receiver for "${q4(propertyKey)}" method of E(${q4(
                    recipient
                  )})`
                )
              );
            }
            if (onSend && onSend.shouldBreakpoint(recipient, propertyKey)) {
              debugger;
            }
            return HandledPromise2.applyMethod(recipient, propertyKey, args);
          }
          // @ts-expect-error https://github.com/microsoft/TypeScript/issues/50319
        }[propertyKey]
      );
    },
    apply: (_target, _thisArg, argArray = []) => {
      if (onSend && onSend.shouldBreakpoint(recipient, void 0)) {
        debugger;
      }
      return HandledPromise2.applyFunction(recipient, argArray);
    },
    has: (_target, _p) => {
      return true;
    }
  });
  var makeESendOnlyProxyHandler = (recipient, HandledPromise2) => harden({
    ...baseFreezableProxyHandler,
    get: (_target, propertyKey, receiver) => {
      return harden(
        {
          // This function purposely checks the `this` value (see above)
          // In order to be `this` sensitive it is defined using concise method
          // syntax rather than as an arrow function. To ensure the function
          // is not constructable, it also avoids the `function` syntax.
          /** @type {(...args: any[]) => undefined} */
          [propertyKey](...args) {
            this === receiver || Fail4`Unexpected receiver for "${q4(
              propertyKey
            )}" method of E.sendOnly(${q4(recipient)})`;
            if (onSend && onSend.shouldBreakpoint(recipient, propertyKey)) {
              debugger;
            }
            HandledPromise2.applyMethodSendOnly(recipient, propertyKey, args);
            return void 0;
          }
          // @ts-expect-error https://github.com/microsoft/TypeScript/issues/50319
        }[propertyKey]
      );
    },
    apply: (_target, _thisArg, argsArray = []) => {
      if (onSend && onSend.shouldBreakpoint(recipient, void 0)) {
        debugger;
      }
      HandledPromise2.applyFunctionSendOnly(recipient, argsArray);
      return void 0;
    },
    has: (_target, _p) => {
      return true;
    }
  });
  var makeEGetProxyHandler = (x, HandledPromise2) => harden({
    ...baseFreezableProxyHandler,
    has: (_target, _prop) => true,
    get: (_target, prop) => HandledPromise2.get(x, prop)
  });
  var funcTarget = freeze4(() => {
  });
  var objTarget = freeze4({ __proto__: null });
  var makeE = (HandledPromise2) => {
    return harden(
      assign(
        /**
         * E(x) returns a proxy on which you can call arbitrary methods. Each of these
         * method calls returns a promise. The method will be invoked on whatever
         * 'x' designates (or resolves to) in a future turn, not this one.
         *
         * An example call would be
         *
         * E(zoe).install(bundle)
         *   .then(installationHandle => { ... })
         *   .catch(err => { ... });
         *
         *  See https://endojs.github.io/endo/functions/_endo_far.E.html for details.
         *
         * @template T
         * @param {T} x target for method/function call
         * @returns {ECallableOrMethods<RemoteFunctions<T>>} method/function call proxy
         */
        // @ts-expect-error XXX typedef
        (x) => new Proxy(funcTarget, makeEProxyHandler(x, HandledPromise2)),
        {
          /**
           * E.get(x) returns a proxy on which you can get arbitrary properties.
           * Each of these properties returns a promise for the property.  The promise
           * value will be the property fetched from whatever 'x' designates (or
           * resolves to) in a future turn, not this one.
           *
           * @template T
           * @param {T} x target for property get
           * @returns {EGetters<LocalRecord<T>>} property get proxy
           * @readonly
           */
          // @ts-expect-error XXX typedef
          get: (x) => new Proxy(objTarget, makeEGetProxyHandler(x, HandledPromise2)),
          /**
           * E.resolve(x) converts x to a handled promise. It is
           * shorthand for HandledPromise.resolve(x)
           *
           * @template T
           * @param {T} x value to convert to a handled promise
           * @returns {Promise<Awaited<T>>} handled promise for x
           * @readonly
           */
          resolve: HandledPromise2.resolve,
          /**
           * E.sendOnly returns a proxy similar to E, but for which the results
           * are ignored (undefined is returned).
           *
           * @template T
           * @param {T} x target for method/function call
           * @returns {ESendOnlyCallableOrMethods<RemoteFunctions<T>>} method/function call proxy
           * @readonly
           */
          sendOnly: (x) => (
            // @ts-expect-error XXX typedef
            new Proxy(funcTarget, makeESendOnlyProxyHandler(x, HandledPromise2))
          ),
          /**
           * E.when(x, res, rej) is equivalent to
           * HandledPromise.resolve(x).then(res, rej)
           *
           * @template T
           * @template [U = T]
           * @param {T|PromiseLike<T>} x value to convert to a handled promise
           * @param {(value: T) => ERef<U>} [onfulfilled]
           * @param {(reason: any) => ERef<U>} [onrejected]
           * @returns {Promise<U>}
           * @readonly
           */
          when: (x, onfulfilled, onrejected) => HandledPromise2.resolve(x).then(
            ...trackTurns([onfulfilled, onrejected])
          )
        }
      )
    );
  };
  var E_default = makeE;

  // node_modules/@endo/eventual-send/src/no-shim.js
  var hp = HandledPromise;
  var E = E_default(hp);

  // node_modules/@endo/pass-style/src/deeplyFulfilled.js
  var { ownKeys: ownKeys10 } = Reflect;
  var { fromEntries } = Object;
  var deeplyFulfilled = async (val) => {
    if (isAtom(val)) {
      return (
        /** @type {DeeplyAwaited<T>} */
        val
      );
    }
    if (isPromise(val)) {
      return E.when(val, (nonp) => deeplyFulfilled(nonp));
    }
    const passStyle = passStyleOf(val);
    switch (passStyle) {
      case "copyRecord": {
        const rec = (
          /** @type {CopyRecord} */
          val
        );
        const names = (
          /** @type {string[]} */
          ownKeys10(rec)
        );
        const valPs = names.map((name) => deeplyFulfilled(rec[name]));
        return E.when(
          Promise.all(valPs),
          (vals) => harden(fromEntries(vals.map((c, i) => [names[i], c])))
        );
      }
      case "copyArray": {
        const arr = (
          /** @type {CopyArray} */
          val
        );
        const valPs = arr.map((p) => deeplyFulfilled(p));
        return E.when(Promise.all(valPs), (vals) => harden(vals));
      }
      case "byteArray": {
        const byteArray = (
          /** @type {ByteArray} */
          /** @type {unknown} */
          val
        );
        return byteArray;
      }
      case "tagged": {
        const tgd = (
          /** @type {CopyTagged} */
          val
        );
        const tag = getTag(tgd);
        return E.when(
          deeplyFulfilled(tgd.payload),
          (payload) => makeTagged(tag, payload)
        );
      }
      case "remotable": {
        const rem = (
          /** @type {RemotableObject} */
          val
        );
        return rem;
      }
      case "error": {
        const err = (
          /** @type {Error} */
          val
        );
        return err;
      }
      case "promise": {
        const prom = (
          /** @type {Promise} */
          /** @type {unknown} */
          val
        );
        return E.when(prom, (nonp) => deeplyFulfilled(nonp));
      }
      default: {
        throw assert.fail(redacted`Unexpected passStyle ${quote(passStyle)}`, TypeError);
      }
    }
  };
  harden(deeplyFulfilled);

  // node_modules/@endo/marshal/src/encodeToCapData.js
  var { ownKeys: ownKeys11 } = Reflect;
  var { isArray: isArray4 } = Array;
  var {
    getOwnPropertyDescriptors: getOwnPropertyDescriptors6,
    defineProperties,
    is,
    entries: entries3,
    fromEntries: fromEntries2,
    freeze: freeze5,
    hasOwn: hasOwn6
  } = Object;
  var QCLASS = "@qclass";
  var hasQClass = (encoded) => hasOwn6(encoded, QCLASS);
  var qclassMatches = (encoded, qclass) => !isPrimitive2(encoded) && !isArray4(encoded) && hasQClass(encoded) && encoded[QCLASS] === qclass;
  var dontEncodeRemotableToCapData = (rem) => throwRedacted`remotable unexpected: ${rem}`;
  var dontEncodePromiseToCapData = (prom) => throwRedacted`promise unexpected: ${prom}`;
  var dontEncodeErrorToCapData = (err) => throwRedacted`error object unexpected: ${err}`;
  var makeEncodeToCapData = (encodeOptions = {}) => {
    const {
      encodeRemotableToCapData = dontEncodeRemotableToCapData,
      encodePromiseToCapData = dontEncodePromiseToCapData,
      encodeErrorToCapData = dontEncodeErrorToCapData
    } = encodeOptions;
    const encodeToCapDataRecur = (passable) => {
      const passStyle = passStyleOf(passable);
      switch (passStyle) {
        case "null":
        case "boolean":
        case "string": {
          return passable;
        }
        case "undefined": {
          return { [QCLASS]: "undefined" };
        }
        case "number": {
          if (Number.isNaN(passable)) {
            return { [QCLASS]: "NaN" };
          } else if (passable === Infinity) {
            return { [QCLASS]: "Infinity" };
          } else if (passable === -Infinity) {
            return { [QCLASS]: "-Infinity" };
          }
          return is(passable, -0) ? 0 : passable;
        }
        case "bigint": {
          return {
            [QCLASS]: "bigint",
            digits: String(passable)
          };
        }
        case "symbol": {
          assertPassableSymbol(passable);
          const name = (
            /** @type {string} */
            nameForPassableSymbol(passable)
          );
          return {
            [QCLASS]: "symbol",
            name
          };
        }
        case "copyRecord": {
          if (hasOwn6(passable, QCLASS)) {
            const { [QCLASS]: qclassValue, ...rest } = passable;
            const result = {
              [QCLASS]: "hilbert",
              original: encodeToCapDataRecur(qclassValue)
            };
            if (ownKeys11(rest).length >= 1) {
              result.rest = encodeToCapDataRecur(freeze5(rest));
            }
            return result;
          }
          const names = ownKeys11(passable).sort();
          return fromEntries2(
            names.map((name) => [name, encodeToCapDataRecur(passable[name])])
          );
        }
        case "copyArray": {
          return passable.map(encodeToCapDataRecur);
        }
        case "byteArray": {
          throw throwRedacted`marsal of byteArray not yet implemented: ${passable}`;
        }
        case "tagged": {
          return {
            [QCLASS]: "tagged",
            tag: getTag(passable),
            payload: encodeToCapDataRecur(passable.payload)
          };
        }
        case "remotable": {
          const encoded = encodeRemotableToCapData(
            passable,
            encodeToCapDataRecur
          );
          if (qclassMatches(encoded, "slot")) {
            return encoded;
          }
          throw throwRedacted`internal: Remotable encoding must be an object with ${quote(
            QCLASS
          )} ${quote("slot")}: ${encoded}`;
        }
        case "promise": {
          const encoded = encodePromiseToCapData(passable, encodeToCapDataRecur);
          if (qclassMatches(encoded, "slot")) {
            return encoded;
          }
          throw throwRedacted`internal: Promise encoding must be an object with ${quote(
            QCLASS,
            "slot"
          )}: ${encoded}`;
        }
        case "error": {
          const encoded = encodeErrorToCapData(passable, encodeToCapDataRecur);
          if (qclassMatches(encoded, "error")) {
            return encoded;
          }
          throw throwRedacted`internal: Error encoding must be an object with ${quote(
            QCLASS,
            "error"
          )}: ${encoded}`;
        }
        default: {
          throw assert.fail(
            redacted`internal: Unrecognized passStyle ${quote(passStyle)}`,
            TypeError
          );
        }
      }
    };
    const encodeToCapData = (passable) => {
      if (isErrorLike(passable)) {
        return harden(encodeErrorToCapData(passable, encodeToCapDataRecur));
      }
      return harden(encodeToCapDataRecur(passable));
    };
    return harden(encodeToCapData);
  };
  harden(makeEncodeToCapData);
  var dontDecodeRemotableOrPromiseFromCapData = (slotEncoding) => throwRedacted`remotable or promise unexpected: ${slotEncoding}`;
  var dontDecodeErrorFromCapData = (errorEncoding) => throwRedacted`error unexpected: ${errorEncoding}`;
  var makeDecodeFromCapData = (decodeOptions = {}) => {
    const {
      decodeRemotableFromCapData = dontDecodeRemotableOrPromiseFromCapData,
      decodePromiseFromCapData = dontDecodeRemotableOrPromiseFromCapData,
      decodeErrorFromCapData = dontDecodeErrorFromCapData
    } = decodeOptions;
    decodeRemotableFromCapData === decodePromiseFromCapData || throwRedacted`An implementation restriction for now: If either decodeRemotableFromCapData or decodePromiseFromCapData is provided, both must be provided and they must be the same: ${quote(
      decodeRemotableFromCapData
    )} vs ${quote(decodePromiseFromCapData)}`;
    const decodeFromCapData = (jsonEncoded) => {
      if (isPrimitive2(jsonEncoded)) {
        return jsonEncoded;
      }
      if (isArray4(jsonEncoded)) {
        return jsonEncoded.map((encodedVal) => decodeFromCapData(encodedVal));
      } else if (hasQClass(jsonEncoded)) {
        const qclass = jsonEncoded[QCLASS];
        typeof qclass === "string" || throwRedacted`invalid ${quote(QCLASS)} typeof ${quote(typeof qclass)}`;
        switch (qclass) {
          // Encoding of primitives not handled by JSON
          case "undefined": {
            return void 0;
          }
          case "NaN": {
            return NaN;
          }
          case "Infinity": {
            return Infinity;
          }
          case "-Infinity": {
            return -Infinity;
          }
          case "bigint": {
            const { digits } = jsonEncoded;
            typeof digits === "string" || throwRedacted`invalid digits typeof ${quote(typeof digits)}`;
            return BigInt(digits);
          }
          case "@@asyncIterator": {
            return Symbol.asyncIterator;
          }
          case "symbol": {
            const { name } = jsonEncoded;
            return passableSymbolForName(name);
          }
          case "tagged": {
            const { tag, payload } = jsonEncoded;
            return makeTagged(tag, decodeFromCapData(payload));
          }
          case "slot": {
            const decoded = decodeRemotableFromCapData(
              jsonEncoded,
              decodeFromCapData
            );
            return decoded;
          }
          case "error": {
            const decoded = decodeErrorFromCapData(
              jsonEncoded,
              decodeFromCapData
            );
            if (passStyleOf(decoded) === "error") {
              return decoded;
            }
            throw throwRedacted`internal: decodeErrorFromCapData option must return an error: ${decoded}`;
          }
          case "hilbert": {
            const { original, rest } = jsonEncoded;
            hasOwn6(jsonEncoded, "original") || throwRedacted`Invalid Hilbert Hotel encoding ${jsonEncoded}`;
            const result = { [QCLASS]: decodeFromCapData(original) };
            if (hasOwn6(jsonEncoded, "rest")) {
              const isNonEmptyObject = typeof rest === "object" && rest !== null && ownKeys11(rest).length >= 1;
              if (!isNonEmptyObject) {
                throw throwRedacted`Rest encoding must be a non-empty object: ${rest}`;
              }
              const restObj = decodeFromCapData(rest);
              !hasOwn6(restObj, QCLASS) || throwRedacted`Rest must not contain its own definition of ${quote(QCLASS)}`;
              defineProperties(result, getOwnPropertyDescriptors6(restObj));
            }
            return result;
          }
          // @ts-expect-error This is the error case we're testing for
          case "ibid": {
            throw throwRedacted`The capData protocol no longer supports ${quote(QCLASS)} ${quote(
              qclass
            )}`;
          }
          default: {
            throw assert.fail(
              redacted`unrecognized ${quote(QCLASS)} ${quote(qclass)}`,
              TypeError
            );
          }
        }
      } else {
        assert(typeof jsonEncoded === "object" && jsonEncoded !== null);
        const decodeEntry = ([name, encodedVal]) => {
          typeof name === "string" || throwRedacted`Property ${quote(name)} of ${jsonEncoded} must be a string`;
          return [name, decodeFromCapData(encodedVal)];
        };
        const decodedEntries = entries3(jsonEncoded).map(decodeEntry);
        return fromEntries2(decodedEntries);
      }
    };
    return harden(decodeFromCapData);
  };

  // node_modules/@endo/nat/src/index.js
  function Nat(allegedNum) {
    if (typeof allegedNum === "bigint") {
      if (allegedNum < 0n) {
        throw RangeError(`${allegedNum} is negative`);
      }
      return allegedNum;
    }
    if (typeof allegedNum === "number") {
      if (!Number.isSafeInteger(allegedNum)) {
        throw RangeError(`${allegedNum} is not a safe integer`);
      }
      if (allegedNum < 0) {
        throw RangeError(`${allegedNum} is negative`);
      }
      return BigInt(allegedNum);
    }
    throw TypeError(
      `${allegedNum} is a ${typeof allegedNum} but must be a bigint or a number`
    );
  }

  // node_modules/@endo/common/object-map.js
  var { entries: entries4, fromEntries: fromEntries3 } = Object;
  var objectMap = (original, mapFn) => {
    const ents = entries4(original);
    const mapEnts = ents.map(
      ([k, v]) => (
        /** @type {[keyof O, R]} */
        [k, mapFn(v, k)]
      )
    );
    return (
      /** @type {Record<keyof O, R>} */
      harden(fromEntries3(mapEnts))
    );
  };
  harden(objectMap);

  // node_modules/@endo/marshal/src/encodeToSmallcaps.js
  var { ownKeys: ownKeys12 } = Reflect;
  var { isArray: isArray5 } = Array;
  var { is: is2, entries: entries5, fromEntries: fromEntries4, hasOwn: hasOwn7 } = Object;
  var BANG = "!".charCodeAt(0);
  var DASH = "-".charCodeAt(0);
  var startsSpecial = (encodedStr) => {
    if (encodedStr === "") {
      return false;
    }
    const code = encodedStr.charCodeAt(0);
    return BANG <= code && code <= DASH;
  };
  var dontEncodeRemotableToSmallcaps = (rem) => throwRedacted`remotable unexpected: ${rem}`;
  var dontEncodePromiseToSmallcaps = (prom) => throwRedacted`promise unexpected: ${prom}`;
  var dontEncodeErrorToSmallcaps = (err) => throwRedacted`error object unexpected: ${quote(err)}`;
  var makeEncodeToSmallcaps = (encodeOptions = {}) => {
    const {
      encodeRemotableToSmallcaps = dontEncodeRemotableToSmallcaps,
      encodePromiseToSmallcaps = dontEncodePromiseToSmallcaps,
      encodeErrorToSmallcaps = dontEncodeErrorToSmallcaps
    } = encodeOptions;
    const assertEncodedError = (encoding) => {
      typeof encoding === "object" && hasOwn7(encoding, "#error") || throwRedacted`internal: Error encoding must have "#error" property: ${quote(
        encoding
      )}`;
      const message = encoding["#error"];
      typeof message === "string" && (!startsSpecial(message) || message.charAt(0) === "!") || throwRedacted`internal: Error encoding must have string message: ${quote(message)}`;
    };
    const encodeToSmallcapsRecur = (passable) => {
      const passStyle = passStyleOf(passable);
      switch (passStyle) {
        case "null":
        case "boolean": {
          return passable;
        }
        case "string": {
          if (startsSpecial(passable)) {
            return `!${passable}`;
          }
          return passable;
        }
        case "undefined": {
          return "#undefined";
        }
        case "number": {
          if (Number.isNaN(passable)) {
            return "#NaN";
          } else if (passable === Infinity) {
            return "#Infinity";
          } else if (passable === -Infinity) {
            return "#-Infinity";
          }
          return is2(passable, -0) ? 0 : passable;
        }
        case "bigint": {
          const str = String(passable);
          return (
            /** @type {bigint} */
            passable < 0n ? str : `+${str}`
          );
        }
        case "symbol": {
          assertPassableSymbol(passable);
          const name = (
            /** @type {string} */
            nameForPassableSymbol(passable)
          );
          return `%${name}`;
        }
        case "copyRecord": {
          const names = ownKeys12(passable).sort();
          return fromEntries4(
            names.map((name) => [
              encodeToSmallcapsRecur(name),
              encodeToSmallcapsRecur(passable[name])
            ])
          );
        }
        case "copyArray": {
          return passable.map(encodeToSmallcapsRecur);
        }
        case "byteArray": {
          throw throwRedacted`marsal of byteArray not yet implemented: ${passable}`;
        }
        case "tagged": {
          return {
            "#tag": encodeToSmallcapsRecur(getTag(passable)),
            payload: encodeToSmallcapsRecur(passable.payload)
          };
        }
        case "remotable": {
          const result = encodeRemotableToSmallcaps(
            passable,
            encodeToSmallcapsRecur
          );
          if (typeof result === "string" && result.charAt(0) === "$") {
            return result;
          }
          throw throwRedacted`internal: Remotable encoding must start with "$": ${result}`;
        }
        case "promise": {
          const result = encodePromiseToSmallcaps(
            passable,
            encodeToSmallcapsRecur
          );
          if (typeof result === "string" && result.charAt(0) === "&") {
            return result;
          }
          throw throwRedacted`internal: Promise encoding must start with "&": ${result}`;
        }
        case "error": {
          const result = encodeErrorToSmallcaps(passable, encodeToSmallcapsRecur);
          assertEncodedError(result);
          return result;
        }
        default: {
          throw assert.fail(
            redacted`internal: Unrecognized passStyle ${quote(passStyle)}`,
            TypeError
          );
        }
      }
    };
    const encodeToSmallcaps = (passable) => {
      if (isErrorLike(passable)) {
        const result = harden(
          encodeErrorToSmallcaps(passable, encodeToSmallcapsRecur)
        );
        assertEncodedError(result);
        return result;
      }
      return harden(encodeToSmallcapsRecur(passable));
    };
    return harden(encodeToSmallcaps);
  };
  harden(makeEncodeToSmallcaps);
  var dontDecodeRemotableFromSmallcaps = (encoding) => throwRedacted`remotable unexpected: ${encoding}`;
  var dontDecodePromiseFromSmallcaps = (encoding) => throwRedacted`promise unexpected: ${encoding}`;
  var dontDecodeErrorFromSmallcaps = (encoding) => throwRedacted`error unexpected: ${quote(encoding)}`;
  var makeDecodeFromSmallcaps = (decodeOptions = {}) => {
    const {
      decodeRemotableFromSmallcaps = dontDecodeRemotableFromSmallcaps,
      decodePromiseFromSmallcaps = dontDecodePromiseFromSmallcaps,
      decodeErrorFromSmallcaps = dontDecodeErrorFromSmallcaps
    } = decodeOptions;
    const decodeFromSmallcaps = (encoding) => {
      switch (typeof encoding) {
        case "boolean":
        case "number": {
          return encoding;
        }
        case "string": {
          if (!startsSpecial(encoding)) {
            return encoding;
          }
          const c = encoding.charAt(0);
          switch (c) {
            case "!": {
              return encoding.slice(1);
            }
            case "%": {
              return passableSymbolForName(encoding.slice(1));
            }
            case "#": {
              switch (encoding) {
                case "#undefined": {
                  return void 0;
                }
                case "#NaN": {
                  return NaN;
                }
                case "#Infinity": {
                  return Infinity;
                }
                case "#-Infinity": {
                  return -Infinity;
                }
                default: {
                  throw assert.fail(
                    redacted`unknown constant "${quote(encoding)}"`,
                    TypeError
                  );
                }
              }
            }
            case "+":
            case "-": {
              return BigInt(encoding);
            }
            case "$": {
              const result = decodeRemotableFromSmallcaps(
                encoding,
                decodeFromSmallcaps
              );
              if (passStyleOf(result) !== "remotable") {
                throwRedacted`internal: decodeRemotableFromSmallcaps option must return a remotable: ${result}`;
              }
              return result;
            }
            case "&": {
              const result = decodePromiseFromSmallcaps(
                encoding,
                decodeFromSmallcaps
              );
              if (passStyleOf(result) !== "promise") {
                throwRedacted`internal: decodePromiseFromSmallcaps option must return a promise: ${result}`;
              }
              return result;
            }
            default: {
              throw throwRedacted`Special char ${quote(
                c
              )} reserved for future use: ${encoding}`;
            }
          }
        }
        case "object": {
          if (encoding === null) {
            return encoding;
          }
          if (isArray5(encoding)) {
            return encoding.map((val) => decodeFromSmallcaps(val));
          }
          if (hasOwn7(encoding, "#tag")) {
            const { "#tag": tag, payload, ...rest } = encoding;
            typeof tag === "string" || throwRedacted`Value of "#tag", the tag, must be a string: ${encoding}`;
            ownKeys12(rest).length === 0 || throwRedacted`#tag record unexpected properties: ${quote(ownKeys12(rest))}`;
            return makeTagged(
              decodeFromSmallcaps(tag),
              decodeFromSmallcaps(payload)
            );
          }
          if (hasOwn7(encoding, "#error")) {
            const result = decodeErrorFromSmallcaps(
              encoding,
              decodeFromSmallcaps
            );
            passStyleOf(result) === "error" || throwRedacted`internal: decodeErrorFromSmallcaps option must return an error: ${result}`;
            return result;
          }
          const decodeEntry = ([encodedName, encodedVal]) => {
            typeof encodedName === "string" || throwRedacted`Property name ${quote(
              encodedName
            )} of ${encoding} must be a string`;
            encodedName.charAt(0) !== "#" || throwRedacted`Unrecognized record type ${quote(encodedName)}: ${encoding}`;
            const name = decodeFromSmallcaps(encodedName);
            typeof name === "string" || throwRedacted`Decoded property name ${name} from ${encoding} must be a string`;
            return [name, decodeFromSmallcaps(encodedVal)];
          };
          const decodedEntries = entries5(encoding).map(decodeEntry);
          return fromEntries4(decodedEntries);
        }
        default: {
          throw assert.fail(
            redacted`internal: unrecognized JSON typeof ${quote(
              typeof encoding
            )}: ${encoding}`,
            TypeError
          );
        }
      }
    };
    return harden(decodeFromSmallcaps);
  };

  // node_modules/@endo/marshal/src/marshal.js
  var { defineProperties: defineProperties2, hasOwn: hasOwn8 } = Object;
  var { isArray: isArray6 } = Array;
  var { ownKeys: ownKeys13 } = Reflect;
  var defaultValToSlotFn = (x) => x;
  var defaultSlotToValFn = (x, _) => x;
  var makeMarshal = (convertValToSlot = defaultValToSlotFn, convertSlotToVal = defaultSlotToValFn, {
    errorTagging = "on",
    marshalName = "anon-marshal",
    // TODO Temporary hack.
    // See https://github.com/Agoric/agoric-sdk/issues/2780
    errorIdNum = 1e4,
    // We prefer that the caller instead log to somewhere hidden
    // to be revealed when correlating with the received error.
    marshalSaveError = (err) => console.log("Temporary logging of sent error", err),
    // Default to 'capdata' because it was implemented first.
    // Sometimes, ontogeny does recapitulate phylogeny ;)
    serializeBodyFormat = "capdata"
  } = {}) => {
    assert.typeof(marshalName, "string");
    errorTagging === "on" || errorTagging === "off" || throwRedacted`The errorTagging option can only be "on" or "off" ${errorTagging}`;
    const nextErrorId = () => {
      errorIdNum += 1;
      return `error:${marshalName}#${errorIdNum}`;
    };
    const toCapData = (root) => {
      const slots = [];
      const slotMap = /* @__PURE__ */ new Map();
      const encodeSlotCommon = (passable) => {
        let index = slotMap.get(passable);
        if (index !== void 0) {
          assert.typeof(index, "number");
          return harden({ index, repeat: true });
        }
        index = slots.length;
        const slot = convertValToSlot(passable);
        slots.push(slot);
        slotMap.set(passable, index);
        return harden({ index, repeat: false });
      };
      const encodeErrorCommon = (err, encodeRecur) => {
        const message = encodeRecur(`${err.message}`);
        assert.typeof(message, "string");
        const name = encodeRecur(`${err.name}`);
        assert.typeof(name, "string");
        if (errorTagging === "on") {
          const errorId = encodeRecur(nextErrorId());
          assert.typeof(errorId, "string");
          note(err, redacted`Sent as ${errorId}`);
          marshalSaveError(err);
          return harden({ errorId, message, name });
        } else {
          return harden({ message, name });
        }
      };
      if (serializeBodyFormat === "capdata") {
        const encodeSlotToCapData = (passable, iface = void 0) => {
          const { index, repeat } = encodeSlotCommon(passable);
          if (repeat === true || iface === void 0) {
            return harden({ [QCLASS]: "slot", index });
          } else {
            return harden({ [QCLASS]: "slot", iface, index });
          }
        };
        const encodeRemotableToCapData = (val, _encodeRecur) => encodeSlotToCapData(val, getInterfaceOf(val));
        const encodePromiseToCapData = (promise, _encodeRecur) => encodeSlotToCapData(promise);
        const encodeErrorToCapData = (err, encodeRecur) => {
          const errData = encodeErrorCommon(err, encodeRecur);
          return harden({ [QCLASS]: "error", ...errData });
        };
        const encodeToCapData = makeEncodeToCapData({
          encodeRemotableToCapData,
          encodePromiseToCapData,
          encodeErrorToCapData
        });
        const encoded = encodeToCapData(root);
        const body = JSON.stringify(encoded);
        return harden({
          body,
          slots
        });
      } else if (serializeBodyFormat === "smallcaps") {
        const encodeSlotToSmallcaps = (prefix, passable, iface = void 0) => {
          const { index, repeat } = encodeSlotCommon(passable);
          if (repeat === true || iface === void 0) {
            return `${prefix}${index}`;
          }
          return `${prefix}${index}.${iface}`;
        };
        const encodeRemotableToSmallcaps = (remotable, _encodeRecur) => encodeSlotToSmallcaps("$", remotable, getInterfaceOf(remotable));
        const encodePromiseToSmallcaps = (promise, _encodeRecur) => encodeSlotToSmallcaps("&", promise);
        const encodeErrorToSmallcaps = (err, encodeRecur) => {
          const errData = encodeErrorCommon(err, encodeRecur);
          const { message, ...rest } = errData;
          return harden({ "#error": message, ...rest });
        };
        const encodeToSmallcaps = makeEncodeToSmallcaps({
          encodeRemotableToSmallcaps,
          encodePromiseToSmallcaps,
          encodeErrorToSmallcaps
        });
        const encoded = encodeToSmallcaps(root);
        const smallcapsBody = JSON.stringify(encoded);
        return harden({
          // Valid JSON cannot begin with a '#', so this is a valid signal
          // indicating smallcaps format.
          body: `#${smallcapsBody}`,
          slots
        });
      } else {
        throw throwRedacted`Unrecognized serializeBodyFormat: ${quote(serializeBodyFormat)}`;
      }
    };
    const makeFullRevive = (slots) => {
      const valMap = /* @__PURE__ */ new Map();
      const decodeSlotCommon = (slotData) => {
        const { iface = void 0, index, ...rest } = slotData;
        ownKeys13(rest).length === 0 || throwRedacted`unexpected encoded slot properties ${quote(ownKeys13(rest))}`;
        const extant = valMap.get(index);
        if (extant) {
          return extant;
        }
        const slot = slots[Number(Nat(index))];
        const val = convertSlotToVal(slot, iface);
        valMap.set(index, val);
        return val;
      };
      const decodeErrorCommon = (errData, decodeRecur) => {
        const {
          errorId = void 0,
          message,
          name,
          cause = void 0,
          errors = void 0,
          ...rest
        } = errData;
        const dName = decodeRecur(name);
        const dMessage = decodeRecur(message);
        const dErrorId = (
          /** @type {string} */
          errorId && decodeRecur(errorId)
        );
        if (typeof dName !== "string") {
          throw throwRedacted`invalid error name typeof ${quote(typeof dName)}`;
        }
        if (typeof dMessage !== "string") {
          throw throwRedacted`invalid error message typeof ${quote(typeof dMessage)}`;
        }
        const errConstructor = getErrorConstructor(dName) || Error;
        const errorName = dErrorId === void 0 ? `Remote${errConstructor.name}` : `Remote${errConstructor.name}(${dErrorId})`;
        const options = {
          errorName,
          sanitize: false
        };
        if (cause) {
          options.cause = decodeRecur(cause);
        }
        if (errors) {
          options.errors = decodeRecur(errors);
        }
        const rawError = makeError(dMessage, errConstructor, options);
        const descs = objectMap(rest, (data) => ({
          value: decodeRecur(data),
          writable: false,
          enumerable: false,
          configurable: false
        }));
        defineProperties2(rawError, descs);
        harden(rawError);
        return toPassableError(rawError);
      };
      const decodeRemotableOrPromiseFromCapData = (rawTree, _decodeRecur) => {
        const { [QCLASS]: _, ...slotData } = rawTree;
        return decodeSlotCommon(slotData);
      };
      const decodeErrorFromCapData = (rawTree, decodeRecur) => {
        const { [QCLASS]: _, ...errData } = rawTree;
        return decodeErrorCommon(errData, decodeRecur);
      };
      const reviveFromCapData = makeDecodeFromCapData({
        decodeRemotableFromCapData: decodeRemotableOrPromiseFromCapData,
        decodePromiseFromCapData: decodeRemotableOrPromiseFromCapData,
        decodeErrorFromCapData
      });
      const makeDecodeSlotFromSmallcaps = (prefix) => {
        return (stringEncoding, _decodeRecur) => {
          assert(stringEncoding.charAt(0) === prefix);
          const i = stringEncoding.indexOf(".");
          const index = Number(stringEncoding.slice(1, i < 0 ? void 0 : i));
          const iface = i < 0 ? void 0 : stringEncoding.slice(i + 1);
          return decodeSlotCommon({ iface, index });
        };
      };
      const decodeRemotableFromSmallcaps = makeDecodeSlotFromSmallcaps("$");
      const decodePromiseFromSmallcaps = makeDecodeSlotFromSmallcaps("&");
      const decodeErrorFromSmallcaps = (encoding, decodeRecur) => {
        const { "#error": message, ...restErrData } = encoding;
        !hasOwn8(restErrData, "message") || throwRedacted`unexpected encoded error property ${quote("message")}`;
        return decodeErrorCommon({ message, ...restErrData }, decodeRecur);
      };
      const reviveFromSmallcaps = makeDecodeFromSmallcaps({
        // @ts-ignore XXX SmallCapsEncoding
        decodeRemotableFromSmallcaps,
        // @ts-ignore XXX SmallCapsEncoding
        decodePromiseFromSmallcaps,
        decodeErrorFromSmallcaps
      });
      return harden({ reviveFromCapData, reviveFromSmallcaps });
    };
    const fromCapData = (data) => {
      const { body, slots } = data;
      typeof body === "string" || throwRedacted`unserialize() given non-capdata (.body is ${body}, not string)`;
      isArray6(data.slots) || throwRedacted`unserialize() given non-capdata (.slots are not Array)`;
      const { reviveFromCapData, reviveFromSmallcaps } = makeFullRevive(slots);
      let result;
      if (body.charAt(0) === "#") {
        const smallcapsBody = body.slice(1);
        const encoding = harden(JSON.parse(smallcapsBody));
        result = harden(reviveFromSmallcaps(encoding));
      } else {
        const rawTree = harden(JSON.parse(body));
        result = harden(reviveFromCapData(rawTree));
      }
      assertPassable(result);
      return (
        /** @type {PassableCap} */
        result
      );
    };
    return harden({
      toCapData,
      fromCapData,
      // for backwards compatibility
      /** @deprecated use toCapData */
      serialize: toCapData,
      /** @deprecated use fromCapData */
      unserialize: fromCapData
    });
  };

  // node_modules/@endo/marshal/src/marshal-stringify.js
  var { freeze: freeze6 } = Object;
  var doNotConvertValToSlot = (val) => throwRedacted`Marshal's stringify rejects presences and promises ${val}`;
  var doNotConvertSlotToVal = (slot, _iface) => throwRedacted`Marshal's parse must not encode any slots ${slot}`;
  var badArrayHandler = harden({
    get: (_target, name, _receiver) => {
      if (name === "length") {
        return 0;
      }
      throw throwRedacted`Marshal's parse must not encode any slot positions ${name}`;
    }
  });
  var arrayTarget = freeze6(
    /** @type {any[]} */
    []
  );
  var badArray = new Proxy(arrayTarget, badArrayHandler);
  var { serialize, unserialize } = makeMarshal(
    doNotConvertValToSlot,
    doNotConvertSlotToVal,
    {
      errorTagging: "off",
      // TODO fix tests to works with smallcaps.
      serializeBodyFormat: "capdata"
    }
  );
  var stringify = (val) => serialize(val).body;
  harden(stringify);
  var parse = (str) => unserialize(
    // `freeze` but not `harden` since the `badArray` proxy and its target
    // must remain trapping.
    // See https://github.com/endojs/endo/blob/master/packages/ses/docs/preparing-for-stabilize.md
    freeze6({
      body: str,
      slots: badArray
    })
  );
  harden(parse);

  // node_modules/@endo/marshal/src/marshal-justin.js
  var { ownKeys: ownKeys14 } = Reflect;
  var { isArray: isArray7 } = Array;
  var { stringify: quote2 } = JSON;
  var makeYesIndenter = () => {
    const strings = [];
    let level = 0;
    let needSpace = false;
    const line = () => {
      needSpace = false;
      return strings.push("\n", "  ".repeat(level));
    };
    return harden({
      open: (openBracket) => {
        level += 1;
        if (needSpace) {
          strings.push(" ");
        }
        needSpace = false;
        return strings.push(openBracket);
      },
      line,
      next: (token) => {
        if (needSpace && token !== "," && token !== ")") {
          strings.push(" ");
        }
        needSpace = true;
        return strings.push(token);
      },
      close: (closeBracket) => {
        assert(level >= 1);
        level -= 1;
        line();
        return strings.push(closeBracket);
      },
      done: () => {
        assert.equal(level, 0);
        return strings.join("");
      }
    });
  };
  var badPairPattern = /^(?:\w\w|<<|>>|\+\+|--|<!|->)$/;
  var makeNoIndenter = () => {
    const strings = [];
    return harden({
      open: (openBracket) => strings.push(openBracket),
      line: () => strings.length,
      next: (token) => {
        if (strings.length >= 1) {
          const last = strings[strings.length - 1];
          if (last.length >= 1 && token.length >= 1) {
            const pair = `${last[last.length - 1]}${token[0]}`;
            if (badPairPattern.test(pair)) {
              strings.push(" ");
            }
          }
        }
        return strings.push(token);
      },
      close: (closeBracket) => {
        if (strings.length >= 1 && strings[strings.length - 1] === ",") {
          strings.pop();
        }
        return strings.push(closeBracket);
      },
      done: () => strings.join("")
    });
  };
  var identPattern = /^[a-zA-Z]\w*$/;
  harden(identPattern);
  var AtAtPrefixPattern2 = /^@@(.*)$/;
  harden(AtAtPrefixPattern2);
  var decodeToJustin = (encoding, shouldIndent = false, slots = []) => {
    const prepare = (rawTree) => {
      if (isPrimitive2(rawTree)) {
        return;
      }
      assert.typeof(rawTree, "object");
      assert(rawTree !== null);
      if (QCLASS in rawTree) {
        const qclass = rawTree[QCLASS];
        typeof qclass === "string" || throwRedacted`invalid qclass typeof ${quote(typeof qclass)}`;
        assert(!isArray7(rawTree));
        switch (rawTree["@qclass"]) {
          case "undefined":
          case "NaN":
          case "Infinity":
          case "-Infinity": {
            return;
          }
          case "bigint": {
            const { digits } = rawTree;
            typeof digits === "string" || throwRedacted`invalid digits typeof ${quote(typeof digits)}`;
            return;
          }
          case "@@asyncIterator": {
            return;
          }
          case "symbol": {
            const { name } = rawTree;
            assert.typeof(name, "string");
            const sym = passableSymbolForName(name);
            assert.typeof(sym, "symbol");
            return;
          }
          case "tagged": {
            const { tag, payload } = rawTree;
            assert.typeof(tag, "string");
            prepare(payload);
            return;
          }
          case "slot": {
            const { index, iface } = rawTree;
            assert.typeof(index, "number");
            Nat(index);
            if (iface !== void 0) {
              assert.typeof(iface, "string");
            }
            return;
          }
          case "hilbert": {
            const { original, rest } = rawTree;
            "original" in rawTree || throwRedacted`Invalid Hilbert Hotel encoding ${rawTree}`;
            prepare(original);
            if ("rest" in rawTree) {
              if (typeof rest !== "object") {
                throw throwRedacted`Rest ${rest} encoding must be an object`;
              }
              if (rest === null) {
                throw throwRedacted`Rest ${rest} encoding must not be null`;
              }
              if (isArray7(rest)) {
                throw throwRedacted`Rest ${rest} encoding must not be an array`;
              }
              if (QCLASS in rest) {
                throw throwRedacted`Rest encoding ${rest} must not contain ${quote(QCLASS)}`;
              }
              const names = ownKeys14(rest);
              for (const name of names) {
                typeof name === "string" || throwRedacted`Property name ${name} of ${rawTree} must be a string`;
                prepare(rest[name]);
              }
            }
            return;
          }
          case "error": {
            const { name, message } = rawTree;
            if (typeof name !== "string") {
              throw throwRedacted`invalid error name typeof ${quote(typeof name)}`;
            }
            getErrorConstructor(name) !== void 0 || throwRedacted`Must be the name of an Error constructor ${name}`;
            typeof message === "string" || throwRedacted`invalid error message typeof ${quote(typeof message)}`;
            return;
          }
          default: {
            assert.fail(redacted`unrecognized ${quote(QCLASS)} ${quote(qclass)}`, TypeError);
          }
        }
      } else if (isArray7(rawTree)) {
        const { length } = rawTree;
        for (let i = 0; i < length; i += 1) {
          prepare(rawTree[i]);
        }
      } else {
        const names = ownKeys14(rawTree);
        for (const name of names) {
          if (typeof name !== "string") {
            throw throwRedacted`Property name ${name} of ${rawTree} must be a string`;
          }
          prepare(rawTree[name]);
        }
      }
    };
    const makeIndenter = shouldIndent ? makeYesIndenter : makeNoIndenter;
    let out = makeIndenter();
    const decode = (rawTree) => {
      return recur(rawTree);
    };
    const decodeProperty = (name, value) => {
      out.line();
      if (name === "__proto__") {
        out.next(`["__proto__"]:`);
      } else if (identPattern.test(name)) {
        out.next(`${name}:`);
      } else {
        out.next(`${quote2(name)}:`);
      }
      decode(value);
      out.next(",");
    };
    const recur = (rawTree) => {
      if (isPrimitive2(rawTree)) {
        return out.next(quote2(rawTree));
      }
      assert.typeof(rawTree, "object");
      assert(rawTree !== null);
      if (QCLASS in rawTree) {
        const qclass = rawTree[QCLASS];
        assert.typeof(qclass, "string");
        assert(!isArray7(rawTree));
        switch (rawTree["@qclass"]) {
          // Encoding of primitives not handled by JSON
          case "undefined":
          case "NaN":
          case "Infinity":
          case "-Infinity": {
            return out.next(qclass);
          }
          case "bigint": {
            const { digits } = rawTree;
            assert.typeof(digits, "string");
            return out.next(`${BigInt(digits)}n`);
          }
          case "@@asyncIterator": {
            return out.next("Symbol.asyncIterator");
          }
          case "symbol": {
            const { name } = rawTree;
            assert.typeof(name, "string");
            const sym = passableSymbolForName(name);
            assert.typeof(sym, "symbol");
            const registeredName = nameForPassableSymbol(sym);
            if (registeredName === void 0) {
              const match = AtAtPrefixPattern2.exec(name);
              assert(match !== null);
              const suffix = match[1];
              assert(Symbol[suffix] === sym);
              assert(identPattern.test(suffix));
              return out.next(`Symbol.${suffix}`);
            }
            return out.next(`passableSymbolForName(${quote2(registeredName)})`);
          }
          case "tagged": {
            const { tag, payload } = rawTree;
            out.next(`makeTagged(${quote2(tag)}`);
            out.next(",");
            decode(payload);
            return out.next(")");
          }
          case "slot": {
            const { iface } = rawTree;
            const index = Number(Nat(rawTree.index));
            const nestedRender = (arg) => {
              const oldOut = out;
              try {
                out = makeNoIndenter();
                decode(arg);
                return out.done();
              } finally {
                out = oldOut;
              }
            };
            if (index < slots.length) {
              const renderedSlot = nestedRender(slots[index]);
              return iface === void 0 ? out.next(`slotToVal(${renderedSlot})`) : out.next(`slotToVal(${renderedSlot},${nestedRender(iface)})`);
            }
            return iface === void 0 ? out.next(`slot(${index})`) : out.next(`slot(${index},${nestedRender(iface)})`);
          }
          case "hilbert": {
            const { original, rest } = rawTree;
            out.open("{");
            decodeProperty(QCLASS, original);
            if ("rest" in rawTree) {
              assert.typeof(rest, "object");
              assert(rest !== null);
              const names = ownKeys14(rest);
              for (const name of names) {
                if (typeof name !== "string") {
                  throw throwRedacted`Property name ${quote(
                    name
                  )} of ${rest} must be a string`;
                }
                decodeProperty(name, rest[name]);
              }
            }
            return out.close("}");
          }
          case "error": {
            const {
              name,
              message,
              cause = void 0,
              errors = void 0
            } = rawTree;
            cause === void 0 || throwRedacted`error cause not yet implemented in marshal-justin`;
            name !== `AggregateError` || throwRedacted`AggregateError not yet implemented in marshal-justin`;
            errors === void 0 || throwRedacted`error errors not yet implemented in marshal-justin`;
            return out.next(`${name}(${quote2(message)})`);
          }
          default: {
            throw assert.fail(
              redacted`unrecognized ${quote(QCLASS)} ${quote(qclass)}`,
              TypeError
            );
          }
        }
      } else if (isArray7(rawTree)) {
        const { length } = rawTree;
        if (length === 0) {
          return out.next("[]");
        } else {
          out.open("[");
          for (let i = 0; i < length; i += 1) {
            out.line();
            decode(rawTree[i]);
            out.next(",");
          }
          return out.close("]");
        }
      } else {
        const names = (
          /** @type {string[]} */
          ownKeys14(rawTree)
        );
        if (names.length === 0) {
          return out.next("{}");
        } else {
          out.open("{");
          for (const name of names) {
            decodeProperty(name, rawTree[name]);
          }
          return out.close("}");
        }
      }
    };
    prepare(encoding);
    decode(encoding);
    return out.done();
  };
  harden(decodeToJustin);
  var passableAsJustin = (passable, shouldIndent = true) => {
    let slotCount = 0;
    const convertValToSlot = (val) => `s${slotCount++}`;
    const { toCapData } = makeMarshal(convertValToSlot);
    const { body, slots } = toCapData(passable);
    const encoded = JSON.parse(body);
    return decodeToJustin(encoded, shouldIndent, slots);
  };
  harden(passableAsJustin);
  var qp = (payload) => `\`${passableAsJustin(harden(payload), true)}\``;
  harden(qp);

  // node_modules/@endo/marshal/src/encodePassable.js
  var { isArray: isArray8 } = Array;
  var { fromEntries: fromEntries5, is: is3 } = Object;
  var { ownKeys: ownKeys15 } = Reflect;
  var rC0 = /[\x00-\x1F]/;
  var getSuffix = (str, index) => index === 0 ? str : str.substring(index);
  var recordNames = (record) => (
    // https://github.com/endojs/endo/pull/1260#discussion_r1003657244
    // compares two ways of reverse sorting, and shows that `.sort().reverse()`
    // is currently faster on Moddable XS, while the other way,
    // `.sort(reverseComparator)`, is faster on v8. We currently care more about
    // XS performance, so we reverse sort using `.sort().reverse()`.
    harden(
      /** @type {string[]} */
      ownKeys15(record).sort().reverse()
    )
  );
  harden(recordNames);
  var recordValues = (record, names) => harden(names.map((name) => record[name]));
  harden(recordValues);
  var zeroes = Array(16).fill(void 0).map((_, i) => "0".repeat(i));
  var zeroPad = (n, size) => {
    const nStr = `${n}`;
    const fillLen = size - nStr.length;
    if (fillLen === 0) return nStr;
    assert(fillLen > 0 && fillLen < zeroes.length);
    return `${zeroes[fillLen]}${nStr}`;
  };
  harden(zeroPad);
  var asNumber = new Float64Array(1);
  var asBits = new BigUint64Array(asNumber.buffer);
  var CanonicalNaNBits = "fff8000000000000";
  var encodeBinary64 = (n) => {
    if (is3(n, -0)) {
      n = 0;
    } else if (is3(n, NaN)) {
      return `f${CanonicalNaNBits}`;
    }
    asNumber[0] = n;
    let bits = asBits[0];
    if (n < 0) {
      bits ^= 0xffffffffffffffffn;
    } else {
      bits ^= 0x8000000000000000n;
    }
    return `f${zeroPad(bits.toString(16), 16)}`;
  };
  var decodeBinary64 = (encoded, skip = 0) => {
    encoded.charAt(skip) === "f" || throwRedacted`Encoded number expected: ${encoded}`;
    let bits = BigInt(`0x${getSuffix(encoded, skip + 1)}`);
    if (encoded.charAt(skip + 1) < "8") {
      bits ^= 0xffffffffffffffffn;
    } else {
      bits ^= 0x8000000000000000n;
    }
    asBits[0] = bits;
    const result = asNumber[0];
    !is3(result, -0) || throwRedacted`Unexpected negative zero: ${getSuffix(encoded, skip)}`;
    return result;
  };
  var encodeBigInt = (n) => {
    const abs = n < 0n ? -n : n;
    const nDigits = abs.toString().length;
    const lDigits = nDigits.toString().length;
    if (n < 0n) {
      return `n${// A "#" for each digit beyond the first
      // in the decimal *count* of decimal digits.
      "#".repeat(lDigits - 1)}${// The ten's complement of the count of digits.
      (10 ** lDigits - nDigits).toString().padStart(lDigits, "0")}:${// The ten's complement of the digits.
      (10n ** BigInt(nDigits) + n).toString().padStart(nDigits, "0")}`;
    } else {
      return `p${// A "~" for each digit beyond the first
      // in the decimal *count* of decimal digits.
      "~".repeat(lDigits - 1)}${// The count of digits.
      nDigits}:${// The digits.
      n}`;
    }
  };
  var rBigIntPayload = /([0-9]+)(:([0-9]+$|)|)/s;
  var decodeBigInt = (encoded) => {
    const typePrefix = encoded.charAt(0);
    typePrefix === "p" || typePrefix === "n" || throwRedacted`Encoded bigint expected: ${encoded}`;
    const {
      index: lDigits,
      1: snDigits,
      2: tail,
      3: digits
    } = encoded.match(rBigIntPayload) || throwRedacted`Digit count expected: ${encoded}`;
    snDigits.length === lDigits || throwRedacted`Unary-prefixed decimal digit count expected: ${encoded}`;
    let nDigits = parseInt(snDigits, 10);
    if (typePrefix === "n") {
      nDigits = 10 ** /** @type {number} */
      lDigits - nDigits;
    }
    tail.charAt(0) === ":" || throwRedacted`Separator expected: ${encoded}`;
    digits.length === nDigits || throwRedacted`Fixed-length digit sequence expected: ${encoded}`;
    let n = BigInt(digits);
    if (typePrefix === "n") {
      n = -(10n ** BigInt(nDigits) - n);
    }
    return n;
  };
  var stringEscapes = Array(34).fill(void 0).map((_, cp) => {
    switch (String.fromCharCode(cp)) {
      case " ":
        return "!_";
      case "!":
        return "!|";
      default:
        return `!${String.fromCharCode(cp + 33)}`;
    }
  });
  stringEscapes["^".charCodeAt(0)] = "_@";
  stringEscapes["_".charCodeAt(0)] = "__";
  var encodeCompactStringSuffix = (str) => str.replace(/[\0-!^_]/g, (ch) => stringEscapes[ch.charCodeAt(0)]);
  var decodeCompactStringSuffix = (encoded) => {
    return encoded.replace(/([\0-!_])(.|\n)?/g, (esc, prefix, suffix) => {
      switch (esc) {
        case "!_":
          return " ";
        case "!|":
          return "!";
        case "_@":
          return "^";
        case "__":
          return "_";
        default: {
          const ch = (
            /** @type {string} */
            suffix
          );
          prefix === "!" && suffix !== void 0 && ch >= "!" && ch <= "@" || throwRedacted`invalid string escape: ${quote(esc)}`;
          return String.fromCharCode(ch.charCodeAt(0) - 33);
        }
      }
    });
  };
  var encodeLegacyStringSuffix = (str) => str;
  var decodeLegacyStringSuffix = (encoded) => encoded;
  var encodeCompactArray = (array, encodePassable) => {
    const chars = ["^"];
    for (const element of array) {
      const enc = encodePassable(element);
      chars.push(enc, " ");
    }
    return chars.join("");
  };
  var decodeCompactArray = (encoded, decodePassable, skip = 0) => {
    const elements = [];
    let depth = 0;
    let nextIndex = skip + 1;
    let currentElementStart = skip + 1;
    for (const { 0: ch, index: i } of encoded.matchAll(/[\^ ]/g)) {
      const index = (
        /** @type {number} */
        i
      );
      if (index <= skip) {
        if (index === skip) {
          ch === "^" || throwRedacted`Encoded array expected: ${getSuffix(encoded, skip)}`;
        }
      } else if (ch === "^") {
        depth += 1;
      } else {
        if (index === nextIndex) {
          depth -= 1;
          depth >= 0 || // prettier-ignore
          throwRedacted`unexpected array element terminator: ${encoded.slice(skip, index + 2)}`;
        }
        if (depth === 0) {
          elements.push(
            decodePassable(encoded.slice(currentElementStart, index))
          );
          currentElementStart = index + 1;
        }
      }
      nextIndex = index + 1;
    }
    depth === 0 || throwRedacted`unterminated array: ${getSuffix(encoded, skip)}`;
    nextIndex === encoded.length || throwRedacted`unterminated array element: ${getSuffix(
      encoded,
      currentElementStart
    )}`;
    return harden(elements);
  };
  var encodeLegacyArray = (array, encodePassable) => {
    const chars = ["["];
    for (const element of array) {
      const enc = encodePassable(element);
      for (const c of enc) {
        if (c === "\0" || c === "") {
          chars.push("");
        }
        chars.push(c);
      }
      chars.push("\0");
    }
    return chars.join("");
  };
  var decodeLegacyArray = (encoded, decodePassable, skip = 0) => {
    const elements = [];
    const elemChars = [];
    let stillToSkip = skip + 1;
    let inEscape = false;
    for (const c of encoded) {
      if (stillToSkip > 0) {
        stillToSkip -= 1;
        if (stillToSkip === 0) {
          c === "[" || throwRedacted`Encoded array expected: ${getSuffix(encoded, skip)}`;
        }
      } else if (inEscape) {
        c === "\0" || c === "" || throwRedacted`Unexpected character after u0001 escape: ${c}`;
        elemChars.push(c);
      } else if (c === "\0") {
        const encodedElement = elemChars.join("");
        elemChars.length = 0;
        const element = decodePassable(encodedElement);
        elements.push(element);
      } else if (c === "") {
        inEscape = true;
        continue;
      } else {
        elemChars.push(c);
      }
      inEscape = false;
    }
    !inEscape || throwRedacted`unexpected end of encoding ${getSuffix(encoded, skip)}`;
    elemChars.length === 0 || throwRedacted`encoding terminated early: ${getSuffix(encoded, skip)}`;
    return harden(elements);
  };
  var encodeByteArray = (byteArray, _encodePassable) => {
    throwRedacted`encodePassable(byteArray) not yet implemented: ${byteArray}`;
    return "";
  };
  var encodeRecord = (record, encodeArray, encodePassable) => {
    const names = recordNames(record);
    const values5 = recordValues(record, names);
    return `(${encodeArray(harden([names, values5]), encodePassable)}`;
  };
  var decodeRecord = (encoded, decodeArray, decodePassable, skip = 0) => {
    assert(encoded.charAt(skip) === "(");
    const unzippedEntries = decodeArray(encoded, decodePassable, skip + 1);
    unzippedEntries.length === 2 || throwRedacted`expected keys,values pair: ${getSuffix(encoded, skip)}`;
    const [keys, vals] = unzippedEntries;
    passStyleOf(keys) === "copyArray" && passStyleOf(vals) === "copyArray" && keys.length === vals.length && keys.every((key) => typeof key === "string") || throwRedacted`not a valid record encoding: ${getSuffix(encoded, skip)}`;
    const mapEntries = keys.map((key, i) => [key, vals[i]]);
    const record = harden(fromEntries5(mapEntries));
    assertRecord(record, "decoded record");
    return record;
  };
  var encodeTagged = (tagged, encodeArray, encodePassable) => `:${encodeArray(harden([getTag(tagged), tagged.payload]), encodePassable)}`;
  var decodeTagged = (encoded, decodeArray, decodePassable, skip = 0) => {
    assert(encoded.charAt(skip) === ":");
    const taggedPayload = decodeArray(encoded, decodePassable, skip + 1);
    taggedPayload.length === 2 || throwRedacted`expected tag,payload pair: ${getSuffix(encoded, skip)}`;
    const [tag, payload] = taggedPayload;
    passStyleOf(tag) === "string" || throwRedacted`not a valid tagged encoding: ${getSuffix(encoded, skip)}`;
    return makeTagged(tag, payload);
  };
  var makeEncodeRemotable = (unsafeEncodeRemotable, verifyEncoding) => {
    const encodeRemotable = (r, innerEncode) => {
      const encoding = unsafeEncodeRemotable(r, innerEncode);
      typeof encoding === "string" && encoding.charAt(0) === "r" || throwRedacted`Remotable encoding must start with "r": ${encoding}`;
      verifyEncoding(encoding, "Remotable");
      return encoding;
    };
    return encodeRemotable;
  };
  var makeEncodePromise = (unsafeEncodePromise, verifyEncoding) => {
    const encodePromise = (p, innerEncode) => {
      const encoding = unsafeEncodePromise(p, innerEncode);
      typeof encoding === "string" && encoding.charAt(0) === "?" || throwRedacted`Promise encoding must start with "?": ${encoding}`;
      verifyEncoding(encoding, "Promise");
      return encoding;
    };
    return encodePromise;
  };
  var makeEncodeError = (unsafeEncodeError, verifyEncoding) => {
    const encodeError = (err, innerEncode) => {
      const encoding = unsafeEncodeError(err, innerEncode);
      typeof encoding === "string" && encoding.charAt(0) === "!" || throwRedacted`Error encoding must start with "!": ${encoding}`;
      verifyEncoding(encoding, "Error");
      return encoding;
    };
    return encodeError;
  };
  var makeInnerEncode = (encodeStringSuffix, encodeArray, options) => {
    const {
      encodeRemotable: unsafeEncodeRemotable,
      encodePromise: unsafeEncodePromise,
      encodeError: unsafeEncodeError,
      verifyEncoding = () => {
      }
    } = options;
    const encodeRemotable = makeEncodeRemotable(
      unsafeEncodeRemotable,
      verifyEncoding
    );
    const encodePromise = makeEncodePromise(unsafeEncodePromise, verifyEncoding);
    const encodeError = makeEncodeError(unsafeEncodeError, verifyEncoding);
    const innerEncode = (passable) => {
      if (isErrorLike(passable)) {
        return encodeError(passable, innerEncode);
      }
      const passStyle = passStyleOf(passable);
      switch (passStyle) {
        case "null": {
          return "v";
        }
        case "undefined": {
          return "z";
        }
        case "number": {
          return encodeBinary64(passable);
        }
        case "string": {
          return `s${encodeStringSuffix(passable)}`;
        }
        case "boolean": {
          return `b${passable}`;
        }
        case "bigint": {
          return encodeBigInt(passable);
        }
        case "remotable": {
          return encodeRemotable(passable, innerEncode);
        }
        case "error": {
          return encodeError(passable, innerEncode);
        }
        case "promise": {
          return encodePromise(passable, innerEncode);
        }
        case "symbol": {
          const name = nameForPassableSymbol(passable);
          assert.typeof(name, "string");
          return `y${encodeStringSuffix(name)}`;
        }
        case "copyArray": {
          return encodeArray(passable, innerEncode);
        }
        case "byteArray": {
          return encodeByteArray(passable, innerEncode);
        }
        case "copyRecord": {
          return encodeRecord(passable, encodeArray, innerEncode);
        }
        case "tagged": {
          return encodeTagged(passable, encodeArray, innerEncode);
        }
        default: {
          throw throwRedacted`a ${quote(passStyle)} cannot be used as a collection passable`;
        }
      }
    };
    return innerEncode;
  };
  var liberalDecoders = (
    /** @type {Required<DecodeOptions>} */
    /** @type {unknown} */
    {
      decodeRemotable: (_encoding, _innerDecode) => void 0,
      decodePromise: (_encoding, _innerDecode) => void 0,
      decodeError: (_encoding, _innerDecode) => void 0
    }
  );
  var makeInnerDecode = (decodeStringSuffix, decodeArray, options) => {
    const { decodeRemotable, decodePromise, decodeError } = options;
    const innerDecode = (encoded, skip = 0) => {
      switch (encoded.charAt(skip)) {
        case "v": {
          return null;
        }
        case "z": {
          return void 0;
        }
        case "f": {
          return decodeBinary64(encoded, skip);
        }
        case "s": {
          return decodeStringSuffix(getSuffix(encoded, skip + 1));
        }
        case "b": {
          const substring = getSuffix(encoded, skip + 1);
          if (substring === "true") {
            return true;
          } else if (substring === "false") {
            return false;
          }
          throw throwRedacted`expected encoded boolean to be "btrue" or "bfalse": ${substring}`;
        }
        case "n":
        case "p": {
          return decodeBigInt(getSuffix(encoded, skip));
        }
        case "r": {
          return decodeRemotable(getSuffix(encoded, skip), innerDecode);
        }
        case "?": {
          return decodePromise(getSuffix(encoded, skip), innerDecode);
        }
        case "!": {
          return decodeError(getSuffix(encoded, skip), innerDecode);
        }
        case "y": {
          const name = decodeStringSuffix(getSuffix(encoded, skip + 1));
          return passableSymbolForName(name);
        }
        case "[":
        case "^": {
          return decodeArray(encoded, innerDecode, skip);
        }
        case "(": {
          return decodeRecord(encoded, decodeArray, innerDecode, skip);
        }
        case ":": {
          return decodeTagged(encoded, decodeArray, innerDecode, skip);
        }
        default: {
          throw throwRedacted`invalid database key: ${getSuffix(encoded, skip)}`;
        }
      }
    };
    return innerDecode;
  };
  var makePassableKit = (options = {}) => {
    const {
      encodeRemotable = (r, _) => throwRedacted`remotable unexpected: ${r}`,
      encodePromise = (p, _) => throwRedacted`promise unexpected: ${p}`,
      encodeError = (err, _) => throwRedacted`error unexpected: ${err}`,
      format = "legacyOrdered",
      decodeRemotable = (encoding, _) => throwRedacted`remotable unexpected: ${encoding}`,
      decodePromise = (encoding, _) => throwRedacted`promise unexpected: ${encoding}`,
      decodeError = (encoding, _) => throwRedacted`error unexpected: ${encoding}`
    } = options;
    let encodePassable;
    const encodeOptions = { encodeRemotable, encodePromise, encodeError, format };
    if (format === "compactOrdered") {
      const liberalDecode = makeInnerDecode(
        decodeCompactStringSuffix,
        decodeCompactArray,
        liberalDecoders
      );
      const verifyEncoding = (encoding, label) => {
        !encoding.match(rC0) || throwRedacted`${bareOrQuote(
          label
        )} encoding must not contain a C0 control character: ${encoding}`;
        const decoded = decodeCompactArray(`^v ${encoding} v `, liberalDecode);
        isArray8(decoded) && decoded.length === 3 && decoded[0] === null && decoded[2] === null || throwRedacted`${bareOrQuote(label)} encoding must be embeddable: ${encoding}`;
      };
      const encodeCompact = makeInnerEncode(
        encodeCompactStringSuffix,
        encodeCompactArray,
        { ...encodeOptions, verifyEncoding }
      );
      encodePassable = (passable) => `~${encodeCompact(passable)}`;
    } else if (format === "legacyOrdered") {
      encodePassable = makeInnerEncode(
        encodeLegacyStringSuffix,
        encodeLegacyArray,
        encodeOptions
      );
    } else {
      throw throwRedacted`Unrecognized format: ${quote(format)}`;
    }
    const decodeOptions = { decodeRemotable, decodePromise, decodeError };
    const decodeCompact = makeInnerDecode(
      decodeCompactStringSuffix,
      decodeCompactArray,
      decodeOptions
    );
    const decodeLegacy = makeInnerDecode(
      decodeLegacyStringSuffix,
      decodeLegacyArray,
      decodeOptions
    );
    const decodePassable = (encoded) => {
      if (encoded.charAt(0) === "~") {
        return decodeCompact(encoded, 1);
      }
      return decodeLegacy(encoded);
    };
    return harden({ encodePassable, decodePassable });
  };
  harden(makePassableKit);
  var makeEncodePassable = (encodeOptions) => {
    const { encodePassable } = makePassableKit(encodeOptions);
    return encodePassable;
  };
  harden(makeEncodePassable);
  var makeDecodePassable = (decodeOptions) => {
    const { decodePassable } = makePassableKit(decodeOptions);
    return decodePassable;
  };
  harden(makeDecodePassable);
  var isEncodedRemotable = (encoded) => encoded.charAt(0) === "r";
  harden(isEncodedRemotable);
  var passStylePrefixes = {
    error: "!",
    copyRecord: "(",
    tagged: ":",
    promise: "?",
    copyArray: "[^",
    byteArray: "a",
    boolean: "b",
    number: "f",
    bigint: "np",
    remotable: "r",
    string: "s",
    null: "v",
    symbol: "y",
    // Because Array.prototype.sort puts undefined values at the end without
    // passing them to a comparison function, undefined MUST be the last
    // category.
    undefined: "z"
  };
  Object.setPrototypeOf(passStylePrefixes, null);
  harden(passStylePrefixes);

  // node_modules/@endo/marshal/src/rankOrder.js
  var { isNaN: NumberIsNaN } = Number;
  var { entries: entries6, fromEntries: fromEntries6, setPrototypeOf: setPrototypeOf2, is: is4 } = Object;
  var ENDO_RANK_STRINGS = getEnvironmentOption("ENDO_RANK_STRINGS", "utf16-code-unit-order", [
    "unicode-code-point-order",
    "error-if-order-choice-matters"
  ]);
  var sameValueZero = (x, y) => x === y || is4(x, y);
  var trivialComparator = (left, right) => (
    // eslint-disable-next-line no-nested-ternary, @endo/restrict-comparison-operands
    left < right ? -1 : left === right ? 0 : 1
  );
  harden(trivialComparator);
  var compareByCodePoints = (left, right) => {
    const leftIter = left[Symbol.iterator]();
    const rightIter = right[Symbol.iterator]();
    for (; ; ) {
      const { value: leftChar } = leftIter.next();
      const { value: rightChar } = rightIter.next();
      if (leftChar === void 0 && rightChar === void 0) {
        return 0;
      } else if (leftChar === void 0) {
        return -1;
      } else if (rightChar === void 0) {
        return 1;
      }
      const leftCodepoint = (
        /** @type {number} */
        leftChar.codePointAt(0)
      );
      const rightCodepoint = (
        /** @type {number} */
        rightChar.codePointAt(0)
      );
      if (leftCodepoint < rightCodepoint) return -1;
      if (leftCodepoint > rightCodepoint) return 1;
    }
  };
  harden(compareByCodePoints);
  var compareNumerics = (left, right) => {
    if (left < right) return -1;
    if (left > right) return 1;
    if (NumberIsNaN(left) === NumberIsNaN(right)) return 0;
    if (NumberIsNaN(right)) return -1;
    assert(NumberIsNaN(left));
    return 1;
  };
  var passStyleRanks = (
    /** @type {PassStyleRanksRecord} */
    fromEntries6(
      entries6(passStylePrefixes).sort(([_leftStyle, leftPrefixes], [_rightStyle, rightPrefixes]) => {
        return trivialComparator(leftPrefixes, rightPrefixes);
      }).map(([passStyle, prefixes], index) => {
        prefixes === prefixes.split("").sort().join("") || throwRedacted`unsorted prefixes for passStyle ${quote(passStyle)}: ${quote(prefixes)}`;
        const cover = [
          prefixes.charAt(0),
          String.fromCharCode(prefixes.charCodeAt(prefixes.length - 1) + 1)
        ];
        return [passStyle, { index, cover }];
      })
    )
  );
  setPrototypeOf2(passStyleRanks, null);
  harden(passStyleRanks);
  var getPassStyleCover = (passStyle) => passStyleRanks[passStyle].cover;
  harden(getPassStyleCover);
  var memoOfSorted = /* @__PURE__ */ new WeakMap();
  var comparatorMirrorImages = /* @__PURE__ */ new WeakMap();
  var makeComparatorKit = (compareRemotables = (_x, _y) => NaN) => {
    const comparator = (left, right) => {
      if (sameValueZero(left, right)) {
        return 0;
      }
      const leftStyle = passStyleOf(left);
      const rightStyle = passStyleOf(right);
      if (leftStyle !== rightStyle) {
        return compareNumerics(
          passStyleRanks[leftStyle].index,
          passStyleRanks[rightStyle].index
        );
      }
      switch (leftStyle) {
        case "remotable": {
          return compareRemotables(left, right);
        }
        case "undefined":
        case "null":
        case "error":
        case "promise": {
          return 0;
        }
        case "boolean":
        case "bigint": {
          return trivialComparator(left, right);
        }
        case "string": {
          switch (ENDO_RANK_STRINGS) {
            case "utf16-code-unit-order": {
              return trivialComparator(left, right);
            }
            case "unicode-code-point-order": {
              return compareByCodePoints(left, right);
            }
            case "error-if-order-choice-matters": {
              const result1 = trivialComparator(left, right);
              const result2 = compareByCodePoints(left, right);
              result1 === result2 || throwRedacted`Comparisons differed: ${left} vs ${right}, ${quote(result1)} vs ${quote(result2)}`;
              return result1;
            }
            default: {
              throw throwRedacted`Unexpected ENDO_RANK_STRINGS ${quote(ENDO_RANK_STRINGS)}`;
            }
          }
        }
        case "symbol": {
          return comparator(
            nameForPassableSymbol(left),
            nameForPassableSymbol(right)
          );
        }
        case "number": {
          return compareNumerics(left, right);
        }
        case "copyRecord": {
          const leftNames = recordNames(left);
          const rightNames = recordNames(right);
          const result = comparator(leftNames, rightNames);
          if (result !== 0) {
            return result;
          }
          const leftValues = recordValues(left, leftNames);
          const rightValues = recordValues(right, rightNames);
          return comparator(leftValues, rightValues);
        }
        case "copyArray": {
          const len = Math.min(left.length, right.length);
          for (let i = 0; i < len; i += 1) {
            const result = comparator(left[i], right[i]);
            if (result !== 0) {
              return result;
            }
          }
          return comparator(left.length, right.length);
        }
        case "byteArray": {
          const { byteLength: leftLen } = left;
          const { byteLength: rightLen } = right;
          if (leftLen < rightLen) {
            return -1;
          }
          if (leftLen > rightLen) {
            return 1;
          }
          const leftArray = Object.getPrototypeOf(left) === ArrayBuffer.prototype ? new Uint8Array(left) : new Uint8Array(left.slice(0));
          const rightArray = Object.getPrototypeOf(right) === ArrayBuffer.prototype ? new Uint8Array(right) : new Uint8Array(right.slice(0));
          for (let i = 0; i < leftLen; i += 1) {
            const leftByte = leftArray[i];
            const rightByte = rightArray[i];
            if (leftByte < rightByte) {
              return -1;
            }
            if (leftByte > rightByte) {
              return 1;
            }
          }
          return 0;
        }
        case "tagged": {
          const labelComp = comparator(getTag(left), getTag(right));
          if (labelComp !== 0) {
            return labelComp;
          }
          return comparator(left.payload, right.payload);
        }
        default: {
          throw throwRedacted`Unrecognized passStyle: ${quote(leftStyle)}`;
        }
      }
    };
    const outerComparator = (x, y) => (
      // When the inner comparator returns NaN to indicate incomparability,
      // replace that with 0 to indicate a tie.
      /** @type {Exclude<PartialComparison, NaN>} */
      comparator(x, y) || 0
    );
    const antiComparator = (x, y) => outerComparator(y, x);
    memoOfSorted.set(outerComparator, /* @__PURE__ */ new WeakSet());
    memoOfSorted.set(antiComparator, /* @__PURE__ */ new WeakSet());
    comparatorMirrorImages.set(outerComparator, antiComparator);
    comparatorMirrorImages.set(antiComparator, outerComparator);
    return harden({ comparator: outerComparator, antiComparator });
  };
  var isRankSorted = (passables, compare) => {
    const subMemoOfSorted = memoOfSorted.get(compare);
    assert(subMemoOfSorted !== void 0);
    if (subMemoOfSorted.has(passables)) {
      return true;
    }
    assert(passStyleOf(passables) === "copyArray");
    for (let i = 1; i < passables.length; i += 1) {
      if (compare(passables[i - 1], passables[i]) >= 1) {
        return false;
      }
    }
    subMemoOfSorted.add(passables);
    return true;
  };
  harden(isRankSorted);
  var assertRankSorted = (sorted, compare) => isRankSorted(sorted, compare) || // TODO assert on bug could lead to infinite recursion. Fix.
  // eslint-disable-next-line no-use-before-define
  throwRedacted`Must be rank sorted: ${sorted} vs ${sortByRank(sorted, compare)}`;
  harden(assertRankSorted);
  var sortByRank = (passables, compare) => {
    let unsorted;
    if (Array.isArray(passables)) {
      harden(passables);
      if (isRankSorted(passables, compare)) {
        return passables;
      }
      unsorted = [...passables];
    } else {
      unsorted = Array.from(passables, harden);
    }
    const sorted = unsorted.sort(compare);
    if (compare(true, void 0) > 0) {
      let i = sorted.length - 1;
      while (i >= 0 && sorted[i] === void 0) i -= 1;
      const n = sorted.length - i - 1;
      if (n > 0 && n < sorted.length) {
        sorted.copyWithin(n, 0);
        sorted.fill(
          /** @type {T} */
          void 0,
          0,
          n
        );
      }
    }
    harden(sorted);
    const subMemoOfSorted = memoOfSorted.get(compare);
    assert(subMemoOfSorted !== void 0);
    subMemoOfSorted.add(sorted);
    return sorted;
  };
  harden(sortByRank);
  var rankSearch = (sorted, compare, key, bias = "leftMost") => {
    assertRankSorted(sorted, compare);
    let left = 0;
    let right = sorted.length;
    while (left < right) {
      const m = Math.floor((left + right) / 2);
      const comp = compare(sorted[m], key);
      if (comp <= -1 || comp === 0 && bias === "rightMost") {
        left = m + 1;
      } else {
        assert(comp >= 1 || comp === 0 && bias === "leftMost");
        right = m;
      }
    }
    return bias === "leftMost" ? left : right - 1;
  };
  var getIndexCover = (sorted, compare, [leftKey, rightKey]) => {
    assertRankSorted(sorted, compare);
    const leftIndex = rankSearch(sorted, compare, leftKey, "leftMost");
    const rightIndex = rankSearch(sorted, compare, rightKey, "rightMost");
    return [leftIndex, rightIndex];
  };
  harden(getIndexCover);
  var FullRankCover = harden(["", "{"]);
  var coveredEntries = (sorted, [leftIndex, rightIndex]) => {
    const iterable = harden({
      [Symbol.iterator]: () => {
        let i = leftIndex;
        return harden({
          next: () => {
            if (i <= rightIndex) {
              const element = sorted[i];
              i += 1;
              return harden({ value: [i, element], done: false });
            } else {
              return harden({ value: void 0, done: true });
            }
          }
        });
      }
    });
    return iterable;
  };
  harden(coveredEntries);
  var maxRank = (compare, a, b) => compare(a, b) >= 0 ? a : b;
  var minRank = (compare, a, b) => compare(a, b) <= 0 ? a : b;
  var unionRankCovers = (compare, covers) => {
    const unionRankCoverPair = ([leftA, rightA], [leftB, rightB]) => [
      minRank(compare, leftA, leftB),
      maxRank(compare, rightA, rightB)
    ];
    return covers.reduce(unionRankCoverPair, ["{", ""]);
  };
  harden(unionRankCovers);
  var intersectRankCovers = (compare, covers) => {
    const intersectRankCoverPair = ([leftA, rightA], [leftB, rightB]) => [
      maxRank(compare, leftA, leftB),
      minRank(compare, rightA, rightB)
    ];
    return covers.reduce(intersectRankCoverPair, ["", "{"]);
  };
  var { comparator: compareRank, antiComparator: compareAntiRank } = makeComparatorKit();
  var makeFullOrderComparatorKit = (longLived = false) => {
    let numSeen = 0;
    const MapConstructor = longLived ? WeakMap : Map;
    const seen = new MapConstructor();
    const tag = (r) => {
      if (seen.has(r)) {
        return seen.get(r);
      }
      numSeen += 1;
      seen.set(r, numSeen);
      return numSeen;
    };
    const compareRemotables = (x, y) => compareRank(tag(x), tag(y));
    return makeComparatorKit(compareRemotables);
  };
  harden(makeFullOrderComparatorKit);

  // node_modules/@agoric/swingset-liveslots/src/parseVatSlots.js
  function parseVatSlot(vref) {
    assert2.typeof(vref, "string");
    const parts = vref.split(":");
    parts.length === 1 || parts.length === 2 || throwRedacted`invalid vref ${vref}`;
    const [baseRef, facetStr] = parts;
    let type;
    let allocatedByVat;
    const typechar = baseRef[0];
    const allocchar = baseRef[1];
    let idSuffix = baseRef.slice(2);
    if (typechar === "o") {
      type = "object";
    } else if (typechar === "d") {
      type = "device";
    } else if (typechar === "p") {
      type = "promise";
    } else {
      throwRedacted`invalid vref ${vref}`;
    }
    if (allocchar === "+") {
      allocatedByVat = true;
    } else if (allocchar === "-") {
      allocatedByVat = false;
    } else {
      throwRedacted`invalid vref ${vref}`;
    }
    let virtual = false;
    let durable = false;
    if (idSuffix.startsWith("d")) {
      durable = true;
      idSuffix = idSuffix.slice(1);
    } else if (idSuffix.startsWith("v")) {
      virtual = true;
      idSuffix = idSuffix.slice(1);
    }
    const delim = idSuffix.indexOf("/");
    let id;
    let subid;
    let facet;
    if (delim > 0) {
      type === "object" && allocatedByVat || throwRedacted`invalid vref ${vref}`;
      virtual || durable || throwRedacted`invalid vref ${vref}`;
      id = Nat(BigInt(idSuffix.substr(0, delim)));
      subid = Nat(BigInt(idSuffix.slice(delim + 1)));
    } else {
      id = Nat(BigInt(idSuffix));
    }
    if (subid !== void 0 && facetStr !== void 0) {
      facet = Nat(BigInt(facetStr));
    }
    return { type, allocatedByVat, virtual, durable, id, subid, baseRef, facet };
  }
  function makeVatSlot(type, allocatedByVat, id) {
    let idSuffix;
    if (allocatedByVat) {
      idSuffix = `+${Nat(id)}`;
    } else {
      idSuffix = `-${Nat(id)}`;
    }
    if (type === "object") {
      return `o${idSuffix}`;
    }
    if (type === "device") {
      return `d${idSuffix}`;
    }
    if (type === "promise") {
      return `p${idSuffix}`;
    }
    throw throwRedacted`unknown type ${type}`;
  }
  function makeBaseRef(kindID, id, isDurable) {
    return `o+${isDurable ? "d" : "v"}${kindID}/${id}`;
  }
  function insistVatType(type, vatSlot) {
    type === parseVatSlot(vatSlot).type || throwRedacted`vatSlot ${vatSlot} is not of type ${type}`;
  }

  // node_modules/@agoric/swingset-liveslots/src/capdata.js
  function insistCapData(specimen) {
    typeof specimen.body === "string" || throwRedacted`capdata has non-string .body ${specimen.body}`;
    Array.isArray(specimen.slots) || throwRedacted`capdata has non-Array slots ${specimen.slots}`;
    assert(
      specimen.slots.every((slot) => typeof slot === "string"),
      "All slots must be strings"
    );
  }

  // node_modules/@agoric/swingset-liveslots/src/kdebug.js
  function legibilizeMethod(method, smallcaps) {
    try {
      if (typeof method === "string") {
        if (!smallcaps) {
          return method;
        }
        const prefix = method.charAt(0);
        const rest = method.substring(1);
        switch (prefix) {
          case "%":
            return `[${rest}]`;
          case "#":
            if (rest === "undefined") {
              return "<funcall>";
            } else {
              return "<unintelligible method>";
            }
          case "!":
            return rest;
          case "+":
          case "-":
          case "$":
          case "&":
            return "<unintelligible method>";
          default:
            return method;
        }
      } else if (typeof method === "symbol") {
        return `[${method.toString()}]`;
      } else if (method === void 0) {
        return "<funcall>";
      } else if (typeof method === "object") {
        if (smallcaps) {
          return "<unintelligible method>";
        }
        const qclass = method["@qclass"];
        if (qclass === "undefined") {
          return "<funcall>";
        } else if (qclass === "symbol") {
          return `[${method.name}]`;
        } else if (qclass === "@@asyncIterator") {
          return `[Symbol.asyncIterator]`;
        } else {
          return "<invalid method type>";
        }
      } else {
        return "<unintelligible method>";
      }
    } catch {
      return "<unintelligible method>";
    }
  }
  function extractMethod(methargsCapdata) {
    try {
      let smallcaps = false;
      let bodyString = methargsCapdata.body;
      if (bodyString.charAt(0) === "#") {
        smallcaps = true;
        bodyString = bodyString.substring(1);
      }
      const methargs = JSON.parse(bodyString);
      return legibilizeMethod(methargs[0], smallcaps);
    } catch {
      return "<unknown>";
    }
  }

  // node_modules/@agoric/swingset-liveslots/src/message.js
  function insistMessage(message) {
    insistCapData(message.methargs);
    if (message.result) {
      typeof message.result === "string" || throwRedacted`message has non-string non-null .result ${message.result}`;
    }
  }
  function insistVatSyscallObject(vso) {
    assert2(Array.isArray(vso));
    const [type, ...rest] = vso;
    switch (type) {
      case "send": {
        const [target, msg] = rest;
        assert2.typeof(target, "string");
        insistMessage(msg);
        break;
      }
      case "callNow": {
        const [target, method, args] = rest;
        assert2.typeof(target, "string");
        assert2.typeof(method, "string");
        insistCapData(args);
        break;
      }
      case "subscribe": {
        const [vpid] = rest;
        assert2.typeof(vpid, "string");
        break;
      }
      case "resolve": {
        const [resolutions] = rest;
        assert2(Array.isArray(resolutions));
        for (const [vpid, rejected, data] of resolutions) {
          assert2.typeof(vpid, "string");
          assert2.typeof(rejected, "boolean");
          insistCapData(data);
        }
        break;
      }
      case "exit": {
        const [isFailure, info] = rest;
        assert2.typeof(isFailure, "boolean");
        insistCapData(info);
        break;
      }
      case "vatstoreGet": {
        const [key] = rest;
        assert2.typeof(key, "string");
        break;
      }
      case "vatstoreSet": {
        const [key, data] = rest;
        assert2.typeof(key, "string");
        assert2.typeof(data, "string");
        break;
      }
      case "vatstoreGetNextKey": {
        const [priorKey] = rest;
        assert2.typeof(priorKey, "string");
        break;
      }
      case "vatstoreDelete": {
        const [key] = rest;
        assert2.typeof(key, "string");
        break;
      }
      case "dropImports":
      case "retireImports":
      case "retireExports":
      case "abandonExports": {
        const [slots] = rest;
        assert2(Array.isArray(slots));
        for (const slot of slots) {
          assert2.typeof(slot, "string");
        }
        break;
      }
      default:
        throwRedacted`unknown syscall type ${type}`;
    }
  }

  // node_modules/@agoric/swingset-liveslots/src/vatstore-iterators.js
  function* enumerateKeysStartEnd(syscall, start, end, checkF) {
    let dbKey;
    if (syscall.vatstoreGet(start)) {
      dbKey = start;
    } else {
      dbKey = syscall.vatstoreGetNextKey(start);
    }
    while (dbKey && dbKey < end) {
      yield dbKey;
      checkF && checkF();
      dbKey = syscall.vatstoreGetNextKey(dbKey);
    }
  }
  harden(enumerateKeysStartEnd);
  function* enumerateKeysWithPrefix(syscall, prefix) {
    let key = prefix;
    while (true) {
      key = syscall.vatstoreGetNextKey(key);
      if (!key || !key.startsWith(prefix)) {
        break;
      }
      yield key;
    }
  }
  harden(enumerateKeysWithPrefix);
  function prefixedKeysExist(syscall, prefix) {
    const nextKey = syscall.vatstoreGetNextKey(prefix);
    return !!(nextKey && nextKey.startsWith(prefix));
  }

  // node_modules/@agoric/swingset-liveslots/src/virtualReferences.js
  function makeVirtualReferenceManager(syscall, getSlotForVal, requiredValForSlot, FinalizationRegistry2, WeakRef2, addToPossiblyDeadSet, addToPossiblyRetiredSet, relaxDurabilityRules) {
    const droppedCollectionRegistry = new FinalizationRegistry2(
      finalizeDroppedCollection
    );
    function registerDroppedCollection(target, descriptor) {
      const wr = new WeakRef2(target);
      droppedCollectionRegistry.register(target, { descriptor, wr });
    }
    function isVirtualObjectReachable(baseRef) {
      const refCount = getRefCount(baseRef);
      const [reachable, _retirees] = getExportStatus(baseRef);
      return !!(reachable || refCount);
    }
    function deleteVirtualObject(baseRef) {
      const refCount = getRefCount(baseRef);
      const [reachable, retirees] = getExportStatus(baseRef);
      assert2(!reachable);
      assert2(!refCount);
      let doMoreGC = deleteStoredRepresentation(baseRef);
      syscall.vatstoreDelete(`vom.rc.${baseRef}`);
      syscall.vatstoreDelete(`vom.es.${baseRef}`);
      doMoreGC = ceaseRecognition(baseRef) || doMoreGC;
      return [doMoreGC, retirees];
    }
    function getExportStatus(baseRef) {
      const es = syscall.vatstoreGet(`vom.es.${baseRef}`);
      if (es) {
        const reachable = es.indexOf("r") >= 0;
        const retirees = [];
        if (!reachable) {
          if (es === "s") {
            retirees.push(baseRef);
          } else {
            for (let i = 0; i < es.length; i += 1) {
              if (es[i] === "s") {
                retirees.push(`${baseRef}:${i}`);
              }
            }
          }
        }
        return [reachable, retirees];
      } else {
        return [false, []];
      }
    }
    function getRefCount(baseRef) {
      const raw = syscall.vatstoreGet(`vom.rc.${baseRef}`);
      if (raw) {
        return Number(raw);
      } else {
        return 0;
      }
    }
    function setRefCount(baseRef, refCount) {
      const { facet } = parseVatSlot(baseRef);
      !facet || throwRedacted`setRefCount ${baseRef} should not receive individual facets`;
      if (refCount === 0) {
        syscall.vatstoreDelete(`vom.rc.${baseRef}`);
        addToPossiblyDeadSet(baseRef);
      } else {
        syscall.vatstoreSet(`vom.rc.${baseRef}`, `${Nat(refCount)}`);
      }
    }
    function setExportStatus(vref, exportStatus) {
      const { baseRef, id, facet } = parseVatSlot(vref);
      const key = `vom.es.${baseRef}`;
      const esRaw = syscall.vatstoreGet(key);
      const es = Array.from((esRaw || "").padEnd(getFacetCount(id), "n"));
      const facetIdx = facet === void 0 ? 0 : facet;
      switch (exportStatus) {
        // POSSIBLE TODO: An anticipated refactoring may merge
        // dispatch.dropExports with dispatch.retireExports. If this happens, and
        // the export status can drop from 'reachable' to 'none' in a single step, we
        // must perform this "the export pillar has dropped" check in both the
        // reachable and the none cases (possibly reading the old status first, if
        // we must ensure addToPossiblyDeadSet only happens once).
        case "recognizable": {
          es[facetIdx] = "s";
          syscall.vatstoreSet(key, es.join(""));
          const refCount = getRefCount(baseRef);
          if (refCount === 0 && es.indexOf("r") < 0) {
            addToPossiblyDeadSet(baseRef);
          }
          break;
        }
        case "reachable":
          es[facetIdx] = "r";
          syscall.vatstoreSet(key, es.join(""));
          break;
        case "none":
          es[facetIdx] = "n";
          if (es.indexOf("r") < 0 && es.indexOf("s") < 0) {
            syscall.vatstoreDelete(key);
          } else {
            syscall.vatstoreSet(key, es.join(""));
          }
          break;
        default:
          throwRedacted`invalid set export status ${exportStatus}`;
      }
    }
    function incRefCount(baseRef) {
      const oldRefCount = getRefCount(baseRef);
      setRefCount(baseRef, oldRefCount + 1);
    }
    function decRefCount(baseRef) {
      const oldRefCount = getRefCount(baseRef);
      oldRefCount > 0 || throwRedacted`attempt to decref ${baseRef} below 0`;
      setRefCount(baseRef, oldRefCount - 1);
    }
    const kindInfoTable = /* @__PURE__ */ new Map();
    function registerKind(kindID, reanimator, deleter, durable) {
      kindInfoTable.set(`${kindID}`, { reanimator, deleter, durable });
    }
    function rememberFacetNames(kindID, facetNames) {
      const kindInfo = kindInfoTable.get(`${kindID}`);
      kindInfo || throwRedacted`no kind info for ${kindID}`;
      assert2(kindInfo.facetNames === void 0);
      kindInfo.facetNames = facetNames;
    }
    function getFacetNames(kindID) {
      return kindInfoTable.get(`${kindID}`).facetNames;
    }
    function getFacetCount(kindID) {
      const facetNames = getFacetNames(kindID);
      return facetNames ? facetNames.length : 1;
    }
    function getFacet(kindID, facets, facetIndex) {
      const facetName = getFacetNames(kindID)[facetIndex];
      facetName !== void 0 || // allow empty-string -named facets
      throwRedacted`getFacet missing, ${kindID} [${facetIndex}]`;
      const facet = facets[facetName];
      facet || throwRedacted`getFacet missing, ${kindID} [${facetIndex}] ${facetName}`;
      return facet;
    }
    function isDurableKind(kindID) {
      const { durable } = kindInfoTable.get(`${kindID}`);
      return durable;
    }
    function isDurable(vref) {
      const { type, id, virtual, durable, allocatedByVat } = parseVatSlot(vref);
      if (type === "promise") {
        return false;
      } else if (relaxDurabilityRules) {
        return true;
      } else if (type === "device") {
        return true;
      } else if (type !== "object") {
        return false;
      } else if (!allocatedByVat) {
        return true;
      } else if (virtual || durable) {
        return isDurableKind(id);
      } else {
        return false;
      }
    }
    function reanimate(baseRef) {
      const { id } = parseVatSlot(baseRef);
      const kindID = `${id}`;
      const kindInfo = kindInfoTable.get(kindID);
      kindInfo || throwRedacted`no kind info for ${kindID} (${baseRef}); check deserialize preceding kind definitions`;
      const { reanimator } = kindInfo;
      if (reanimator) {
        return reanimator(baseRef);
      } else {
        throw throwRedacted`unknown kind ${kindID}`;
      }
    }
    function deleteStoredRepresentation(vobjID) {
      const { id } = parseVatSlot(vobjID);
      const kindID = `${id}`;
      const { deleter } = kindInfoTable.get(kindID);
      if (deleter) {
        return deleter(vobjID);
      } else {
        throw throwRedacted`unknown kind ${kindID}`;
      }
    }
    const remotableRefCounts = /* @__PURE__ */ new Map();
    function addReachableVref(vref) {
      const { type, virtual, durable, allocatedByVat, baseRef } = parseVatSlot(vref);
      if (type === "object") {
        if (allocatedByVat) {
          if (virtual || durable) {
            incRefCount(baseRef);
          } else {
            const remotable = requiredValForSlot(vref);
            const oldRefCount = remotableRefCounts.get(remotable) || 0;
            remotableRefCounts.set(remotable, oldRefCount + 1);
          }
        } else {
          incRefCount(baseRef);
        }
      } else if (type === "promise") {
        const p = requiredValForSlot(vref);
        const oldRefCount = remotableRefCounts.get(p) || 0;
        remotableRefCounts.set(p, oldRefCount + 1);
      }
    }
    function removeReachableVref(vref) {
      let droppedMemoryReference = false;
      const { type, virtual, durable, allocatedByVat, baseRef } = parseVatSlot(vref);
      if (type === "object") {
        if (allocatedByVat) {
          if (virtual || durable) {
            decRefCount(baseRef);
          } else {
            const remotable = requiredValForSlot(vref);
            const oldRefCount = remotableRefCounts.get(remotable) || 0;
            oldRefCount > 0 || throwRedacted`attempt to decref ${vref} below 0`;
            if (oldRefCount === 1) {
              remotableRefCounts.delete(remotable);
              droppedMemoryReference = true;
            } else {
              remotableRefCounts.set(remotable, oldRefCount - 1);
            }
          }
        } else {
          decRefCount(baseRef);
        }
      } else if (type === "promise") {
        const p = requiredValForSlot(vref);
        const oldRefCount = remotableRefCounts.get(p) || 0;
        oldRefCount > 0 || throwRedacted`attempt to decref ${vref} below 0`;
        if (oldRefCount === 1) {
          remotableRefCounts.delete(p);
          droppedMemoryReference = true;
        } else {
          remotableRefCounts.set(p, oldRefCount - 1);
        }
      }
      return droppedMemoryReference;
    }
    function getReachablePromiseRefCount(p) {
      return remotableRefCounts.get(p) || 0;
    }
    function getReachableRefCount(vref) {
      const { type, virtual, durable, allocatedByVat, baseRef } = parseVatSlot(vref);
      assert2(type === "object");
      if (allocatedByVat) {
        if (virtual || durable) {
          return getRefCount(baseRef);
        } else {
          const remotable = requiredValForSlot(baseRef);
          return remotableRefCounts.get(remotable);
        }
      } else {
        return getRefCount(baseRef);
      }
    }
    function updateReferenceCounts(beforeSlots, afterSlots) {
      const vrefStatus = /* @__PURE__ */ new Map();
      for (const vref of beforeSlots) {
        vrefStatus.set(vref, "drop");
      }
      for (const vref of afterSlots) {
        if (vrefStatus.get(vref) === "drop") {
          vrefStatus.set(vref, "keep");
        } else if (!vrefStatus.has(vref)) {
          vrefStatus.set(vref, "add");
        }
      }
      const keys = [...vrefStatus.keys()].sort();
      for (const vref of keys) {
        switch (vrefStatus.get(vref)) {
          case "add":
            addReachableVref(vref);
            break;
          case "drop":
            removeReachableVref(vref);
            break;
          default:
            break;
        }
      }
    }
    function isPresenceReachable(vref) {
      return !!getRefCount(vref);
    }
    const vrefRecognizers = /* @__PURE__ */ new Map();
    function addRecognizableValue(value, recognizer, recognizerIsVirtual) {
      const vref = getSlotForVal(value);
      if (vref) {
        const { type, allocatedByVat, virtual, durable } = parseVatSlot(vref);
        if (type === "object") {
          const notRemotable = !allocatedByVat || virtual || durable;
          if (recognizerIsVirtual) {
            assert2.typeof(recognizer, "string");
            syscall.vatstoreSet(`vom.ir.${vref}|${recognizer}`, "1");
          } else if (notRemotable) {
            assert2.typeof(recognizer, "object");
            let recognizerSet = vrefRecognizers.get(vref);
            if (!recognizerSet) {
              recognizerSet = /* @__PURE__ */ new Set();
              vrefRecognizers.set(vref, recognizerSet);
            }
            recognizerSet.add(recognizer);
          }
        }
      }
    }
    function removeRecognizableVref(vref, recognizer, recognizerIsVirtual) {
      const { type, allocatedByVat, virtual, durable } = parseVatSlot(vref);
      if (type === "object") {
        const isPresence = !allocatedByVat;
        const notRemotable = !allocatedByVat || virtual || durable;
        if (recognizerIsVirtual) {
          assert2.typeof(recognizer, "string");
          syscall.vatstoreDelete(`vom.ir.${vref}|${recognizer}`);
          if (isPresence) {
            addToPossiblyRetiredSet(vref);
          }
        } else if (notRemotable) {
          assert2.typeof(recognizer, "object");
          const recognizerSet = vrefRecognizers.get(vref);
          assert2(recognizerSet && recognizerSet.has(recognizer));
          recognizerSet.delete(recognizer);
          if (recognizerSet.size === 0) {
            vrefRecognizers.delete(vref);
            if (isPresence) {
              addToPossiblyRetiredSet(vref);
            }
          }
        }
      }
    }
    function removeRecognizableValue(value, recognizer, recognizerIsVirtual) {
      const vref = getSlotForVal(value);
      if (vref) {
        removeRecognizableVref(vref, recognizer, recognizerIsVirtual);
      }
    }
    let deleteCollectionEntry;
    function setDeleteCollectionEntry(fn) {
      deleteCollectionEntry = fn;
    }
    function ceaseRecognition(vref) {
      let doMoreGC = false;
      const p = parseVatSlot(vref);
      if (p.allocatedByVat && (p.virtual || p.durable) && p.facet === void 0) {
        const kindInfo = kindInfoTable.get(`${p.id}`);
        if (kindInfo) {
          const { facetNames } = kindInfo;
          if (facetNames) {
            for (let i = 0; i < facetNames.length; i += 1) {
              doMoreGC = ceaseRecognition(`${vref}:${i}`) || doMoreGC;
            }
            return doMoreGC;
          }
        }
      }
      const recognizerSet = vrefRecognizers.get(vref);
      if (recognizerSet) {
        vrefRecognizers.delete(vref);
        for (const recognizer of recognizerSet) {
          if (recognizer instanceof Map) {
            recognizer.delete(vref);
            doMoreGC = true;
          } else if (recognizer instanceof Set) {
            recognizer.delete(vref);
          } else {
            throwRedacted`unknown recognizer type ${typeof recognizer}`;
          }
        }
      }
      const prefix = `vom.ir.${vref}|`;
      for (const key of enumerateKeysWithPrefix(syscall, prefix)) {
        syscall.vatstoreDelete(key);
        const parts = key.split("|");
        doMoreGC = deleteCollectionEntry(parts[1], vref) || doMoreGC;
      }
      return doMoreGC;
    }
    function isVrefRecognizable(vref) {
      if (vrefRecognizers.has(vref)) {
        return true;
      } else {
        return prefixedKeysExist(syscall, `vom.ir.${vref}|`);
      }
    }
    function finalizeDroppedCollection({ descriptor }) {
      descriptor.collectionDeleter(descriptor);
    }
    function vrefKey(value) {
      const vobjID = getSlotForVal(value);
      if (vobjID) {
        const { type, virtual, durable, allocatedByVat } = parseVatSlot(vobjID);
        if (type === "object" && (virtual || durable || !allocatedByVat)) {
          return vobjID;
        }
      }
      return void 0;
    }
    function countCollectionsForWeakKey(vref) {
      const recognizerSet = vrefRecognizers.get(vref);
      let size = recognizerSet ? recognizerSet.size : 0;
      const prefix = `vom.ir.${vref}|`;
      for (const _key of enumerateKeysWithPrefix(syscall, prefix)) {
        size += 1;
      }
      return size;
    }
    const initialIDCounters = { exportID: 1, collectionID: 1, promiseID: 5 };
    let idCounters;
    let idCountersAreDirty = false;
    function initializeIDCounters() {
      if (!idCounters) {
        const saved = JSON.parse(syscall.vatstoreGet("idCounters") || "{}");
        idCounters = { ...initialIDCounters, ...saved };
        idCountersAreDirty = true;
      }
    }
    function allocateNextID(name) {
      if (!idCounters) {
        initializeIDCounters();
      }
      const result = idCounters[name];
      result !== void 0 || throwRedacted`unknown idCounters[${name}]`;
      idCounters[name] += 1;
      idCountersAreDirty = true;
      return result;
    }
    function flushIDCounters() {
      if (idCountersAreDirty) {
        syscall.vatstoreSet("idCounters", JSON.stringify(idCounters));
        idCountersAreDirty = false;
      }
    }
    const testHooks = {
      getReachableRefCount,
      countCollectionsForWeakKey,
      // don't harden() the mock FR, that will break it
      getDroppedCollectionRegistry: () => droppedCollectionRegistry,
      remotableRefCounts,
      vrefRecognizers,
      kindInfoTable
    };
    function getRetentionStats() {
      return {
        remotableRefCounts: remotableRefCounts.size,
        vrefRecognizers: vrefRecognizers.size,
        kindInfoTable: kindInfoTable.size
      };
    }
    return harden({
      registerDroppedCollection,
      isDurable,
      isDurableKind,
      registerKind,
      rememberFacetNames,
      getFacet,
      getFacetNames,
      reanimate,
      addReachableVref,
      removeReachableVref,
      updateReferenceCounts,
      getReachablePromiseRefCount,
      addRecognizableValue,
      removeRecognizableVref,
      removeRecognizableValue,
      vrefKey,
      isPresenceReachable,
      isVrefRecognizable,
      setExportStatus,
      isVirtualObjectReachable,
      deleteVirtualObject,
      ceaseRecognition,
      setDeleteCollectionEntry,
      getRetentionStats,
      initializeIDCounters,
      allocateNextID,
      flushIDCounters,
      testHooks
    });
  }

  // node_modules/@endo/patterns/src/keys/copySet.js
  var checkNoDuplicates = (elements, fullCompare, check) => {
    fullCompare = fullCompare || makeFullOrderComparatorKit().antiComparator;
    elements = sortByRank(elements, fullCompare);
    const { length } = elements;
    for (let i = 1; i < length; i += 1) {
      const k0 = elements[i - 1];
      const k1 = elements[i];
      if (fullCompare(k0, k1) === 0) {
        return check(false, redacted`value has duplicate keys: ${k0}`);
      }
    }
    return true;
  };
  var assertNoDuplicates = (elements, fullCompare = void 0) => {
    checkNoDuplicates(elements, fullCompare, assertChecker);
  };
  var checkElements = (elements, check) => {
    if (passStyleOf(elements) !== "copyArray") {
      return check(
        false,
        redacted`The keys of a copySet or copyMap must be a copyArray: ${elements}`
      );
    }
    if (!isRankSorted(elements, compareAntiRank)) {
      return check(
        false,
        redacted`The keys of a copySet or copyMap must be sorted in reverse rank order: ${elements}`
      );
    }
    return checkNoDuplicates(elements, void 0, check);
  };
  harden(checkElements);
  var assertElements = (elements) => {
    checkElements(elements, assertChecker);
  };
  harden(assertElements);
  var coerceToElements = (elementsList) => {
    const elements = sortByRank(elementsList, compareAntiRank);
    assertElements(elements);
    return elements;
  };
  harden(coerceToElements);
  var makeSetOfElements = (elementIter) => makeTagged("copySet", coerceToElements(elementIter));
  harden(makeSetOfElements);

  // node_modules/@endo/patterns/src/keys/copyBag.js
  var checkNoDuplicateKeys = (bagEntries, fullCompare, check) => {
    fullCompare = fullCompare || makeFullOrderComparatorKit().antiComparator;
    bagEntries = sortByRank(bagEntries, fullCompare);
    const { length } = bagEntries;
    for (let i = 1; i < length; i += 1) {
      const k0 = bagEntries[i - 1][0];
      const k1 = bagEntries[i][0];
      if (fullCompare(k0, k1) === 0) {
        return check(false, redacted`value has duplicate keys: ${k0}`);
      }
    }
    return true;
  };
  var assertNoDuplicateKeys = (bagEntries, fullCompare = void 0) => {
    checkNoDuplicateKeys(bagEntries, fullCompare, assertChecker);
  };
  var checkBagEntries = (bagEntries, check) => {
    if (passStyleOf(bagEntries) !== "copyArray") {
      return check(
        false,
        redacted`The entries of a copyBag must be a copyArray: ${bagEntries}`
      );
    }
    if (!isRankSorted(bagEntries, compareAntiRank)) {
      return check(
        false,
        redacted`The entries of a copyBag must be sorted in reverse rank order: ${bagEntries}`
      );
    }
    for (const entry of bagEntries) {
      if (passStyleOf(entry) !== "copyArray" || entry.length !== 2 || typeof entry[1] !== "bigint") {
        return check(
          false,
          redacted`Each entry of a copyBag must be pair of a key and a bigint representing a count: ${entry}`
        );
      }
      if (entry[1] < 1) {
        return check(
          false,
          redacted`Each entry of a copyBag must have a positive count: ${entry}`
        );
      }
    }
    return checkNoDuplicateKeys(bagEntries, void 0, check);
  };
  harden(checkBagEntries);
  var assertBagEntries = (bagEntries) => {
    checkBagEntries(bagEntries, assertChecker);
  };
  harden(assertBagEntries);
  var coerceToBagEntries = (bagEntriesList) => {
    const bagEntries = sortByRank(bagEntriesList, compareAntiRank);
    assertBagEntries(bagEntries);
    return bagEntries;
  };
  harden(coerceToBagEntries);
  var makeBagOfEntries = (bagEntryIter) => makeTagged("copyBag", coerceToBagEntries(bagEntryIter));
  harden(makeBagOfEntries);

  // node_modules/@endo/patterns/src/keys/checkKey.js
  var { ownKeys: ownKeys16 } = Reflect;
  var checkScalarKey = (val, check) => {
    if (isAtom(val)) {
      return true;
    }
    const passStyle = passStyleOf(val);
    if (passStyle === "remotable") {
      return true;
    }
    return check(false, redacted`A ${quote(passStyle)} cannot be a scalar key: ${val}`);
  };
  var isScalarKey = (val) => checkScalarKey(val, identChecker);
  harden(isScalarKey);
  var assertScalarKey = (val) => {
    checkScalarKey(val, assertChecker);
  };
  harden(assertScalarKey);
  var keyMemo = /* @__PURE__ */ new WeakSet();
  var checkKey = (val, check) => {
    if (isAtom(val)) {
      return true;
    }
    if (keyMemo.has(val)) {
      return true;
    }
    const result = checkKeyInternal(val, check);
    if (result) {
      keyMemo.add(val);
    }
    return result;
  };
  harden(checkKey);
  var isKey = (val) => checkKey(val, identChecker);
  harden(isKey);
  var assertKey = (val) => {
    checkKey(val, assertChecker);
  };
  harden(assertKey);
  var copySetMemo = /* @__PURE__ */ new WeakSet();
  var checkCopySet = (s, check) => {
    if (copySetMemo.has(s)) {
      return true;
    }
    const result = (passStyleOf(s) === "tagged" && getTag(s) === "copySet" || check(false, redacted`Not a copySet: ${s}`)) && checkElements(s.payload, check) && checkKey(s.payload, check);
    if (result) {
      copySetMemo.add(s);
    }
    return result;
  };
  harden(checkCopySet);
  var isCopySet = (s) => checkCopySet(s, identChecker);
  harden(isCopySet);
  var assertCopySet = (s) => {
    checkCopySet(s, assertChecker);
  };
  harden(assertCopySet);
  var getCopySetKeys = (s) => {
    assertCopySet(s);
    return s.payload;
  };
  harden(getCopySetKeys);
  var everyCopySetKey = (s, fn) => getCopySetKeys(s).every((key, index) => fn(key, index));
  harden(everyCopySetKey);
  var makeCopySet = (elementIter) => {
    const result = makeSetOfElements(elementIter);
    assertCopySet(result);
    return result;
  };
  harden(makeCopySet);
  var copyBagMemo = /* @__PURE__ */ new WeakSet();
  var checkCopyBag = (b, check) => {
    if (copyBagMemo.has(b)) {
      return true;
    }
    const result = (passStyleOf(b) === "tagged" && getTag(b) === "copyBag" || check(false, redacted`Not a copyBag: ${b}`)) && checkBagEntries(b.payload, check) && checkKey(b.payload, check);
    if (result) {
      copyBagMemo.add(b);
    }
    return result;
  };
  harden(checkCopyBag);
  var isCopyBag = (b) => checkCopyBag(b, identChecker);
  harden(isCopyBag);
  var assertCopyBag = (b) => {
    checkCopyBag(b, assertChecker);
  };
  harden(assertCopyBag);
  var getCopyBagEntries = (b) => {
    assertCopyBag(b);
    return b.payload;
  };
  harden(getCopyBagEntries);
  var everyCopyBagEntry = (b, fn) => getCopyBagEntries(b).every((entry, index) => fn(entry, index));
  harden(everyCopyBagEntry);
  var makeCopyBag = (bagEntryIter) => {
    const result = makeBagOfEntries(bagEntryIter);
    assertCopyBag(result);
    return result;
  };
  harden(makeCopyBag);
  var makeCopyBagFromElements = (elementIter) => {
    const fullCompare = makeFullOrderComparatorKit().antiComparator;
    const sorted = sortByRank(elementIter, fullCompare);
    const entries9 = [];
    for (let i = 0; i < sorted.length; ) {
      const k = sorted[i];
      let j = i + 1;
      while (j < sorted.length && fullCompare(k, sorted[j]) === 0) {
        j += 1;
      }
      entries9.push([k, BigInt(j - i)]);
      i = j;
    }
    return makeCopyBag(entries9);
  };
  harden(makeCopyBagFromElements);
  var copyMapMemo = /* @__PURE__ */ new WeakSet();
  var checkCopyMap = (m, check) => {
    if (copyMapMemo.has(m)) {
      return true;
    }
    if (!(passStyleOf(m) === "tagged" && getTag(m) === "copyMap")) {
      return check(false, redacted`Not a copyMap: ${m}`);
    }
    const { payload } = m;
    if (passStyleOf(payload) !== "copyRecord") {
      return check(false, redacted`A copyMap's payload must be a record: ${m}`);
    }
    const { keys, values: values5, ...rest } = payload;
    const result = (ownKeys16(rest).length === 0 || check(
      false,
      redacted`A copyMap's payload must only have .keys and .values: ${m}`
    )) && checkElements(keys, check) && checkKey(keys, check) && (passStyleOf(values5) === "copyArray" || check(false, redacted`A copyMap's .values must be a copyArray: ${m}`)) && (keys.length === values5.length || check(
      false,
      redacted`A copyMap must have the same number of keys and values: ${m}`
    ));
    if (result) {
      copyMapMemo.add(m);
    }
    return result;
  };
  harden(checkCopyMap);
  var isCopyMap = (m) => checkCopyMap(m, identChecker);
  harden(isCopyMap);
  var assertCopyMap = (m) => {
    checkCopyMap(m, assertChecker);
  };
  harden(assertCopyMap);
  var getCopyMapKeys = (m) => {
    assertCopyMap(m);
    return m.payload.keys;
  };
  harden(getCopyMapKeys);
  var getCopyMapValues = (m) => {
    assertCopyMap(m);
    return m.payload.values;
  };
  harden(getCopyMapValues);
  var getCopyMapEntryArray = (m) => {
    assertCopyMap(m);
    const {
      payload: { keys, values: values5 }
    } = m;
    return harden(keys.map((key, i) => [key, values5[i]]));
  };
  harden(getCopyMapEntryArray);
  var getCopyMapEntries = (m) => {
    assertCopyMap(m);
    const {
      payload: { keys, values: values5 }
    } = m;
    const { length } = (
      /** @type {Array} */
      keys
    );
    return Far("CopyMap entries iterable", {
      [Symbol.iterator]: () => {
        let i = 0;
        return Far("CopyMap entries iterator", {
          next: () => {
            let result;
            if (i < length) {
              result = harden({ done: false, value: [keys[i], values5[i]] });
              i += 1;
              return result;
            } else {
              result = harden({ done: true, value: void 0 });
            }
            return result;
          }
        });
      }
    });
  };
  harden(getCopyMapEntries);
  var everyCopyMapKey = (m, fn) => getCopyMapKeys(m).every((key, index) => fn(key, index));
  harden(everyCopyMapKey);
  var everyCopyMapValue = (m, fn) => getCopyMapValues(m).every((value, index) => fn(value, index));
  harden(everyCopyMapValue);
  var copyMapKeySet = (m) => (
    // A copyMap's keys are already in the internal form used by copySets.
    makeTagged("copySet", m.payload.keys)
  );
  harden(copyMapKeySet);
  var makeCopyMap = (entries9) => {
    const sortedEntries = sortByRank(entries9, compareAntiRank);
    const keys = sortedEntries.map(([k, _v]) => k);
    const values5 = sortedEntries.map(([_k, v]) => v);
    const result = makeTagged("copyMap", { keys, values: values5 });
    assertCopyMap(result);
    return result;
  };
  harden(makeCopyMap);
  var checkKeyInternal = (val, check) => {
    const checkIt = (child) => checkKey(child, check);
    const passStyle = passStyleOf(val);
    switch (passStyle) {
      case "remotable": {
        return true;
      }
      case "copyRecord": {
        return Object.values(val).every(checkIt);
      }
      case "copyArray": {
        return val.every(checkIt);
      }
      case "tagged": {
        const tag = getTag(val);
        switch (tag) {
          case "copySet": {
            return checkCopySet(val, check);
          }
          case "copyBag": {
            return checkCopyBag(val, check);
          }
          case "copyMap": {
            return checkCopyMap(val, check) && // For a copyMap to be a key, all its keys and values must
            // be keys. Keys already checked by `checkCopyMap` since
            // that's a copyMap requirement in general.
            everyCopyMapValue(val, checkIt);
          }
          default: {
            return check !== identChecker && check(false, redacted`A passable tagged ${quote(tag)} is not a key: ${val}`);
          }
        }
      }
      case "error":
      case "promise": {
        return check(false, redacted`A ${quote(passStyle)} cannot be a key`);
      }
      default: {
        throw throwRedacted`unexpected passStyle ${quote(passStyle)}: ${val}`;
      }
    }
  };

  // node_modules/@endo/common/make-iterator.js
  var makeIterator = (next) => {
    const iter = harden({
      [Symbol.iterator]: () => iter,
      next
    });
    return iter;
  };
  harden(makeIterator);

  // node_modules/@endo/common/make-array-iterator.js
  var makeArrayIterator = (arr) => {
    const { length } = arr;
    let i = 0;
    return makeIterator(() => {
      let value;
      if (i < length) {
        value = arr[i];
        i += 1;
        return harden({ done: false, value });
      }
      return harden({ done: true, value });
    });
  };
  harden(makeArrayIterator);

  // node_modules/@endo/patterns/src/keys/keycollection-operators.js
  var generateFullSortedEntries = (entries9, rankCompare, fullCompare) => {
    assertRankSorted(entries9, rankCompare);
    const { length } = entries9;
    let i = 0;
    let sameRankIterator;
    return makeIterator(() => {
      if (sameRankIterator) {
        const result = sameRankIterator.next();
        if (!result.done) {
          return result;
        }
        sameRankIterator = void 0;
      }
      if (i < length) {
        const entry = entries9[i];
        let j = i + 1;
        while (j < length && rankCompare(entry[0], entries9[j][0]) === 0) {
          j += 1;
        }
        if (j === i + 1) {
          i = j;
          return harden({ done: false, value: entry });
        }
        const ties = entries9.slice(i, j);
        i = j;
        const sortedTies = sortByRank(ties, fullCompare);
        for (let k = 1; k < sortedTies.length; k += 1) {
          const [key0] = sortedTies[k - 1];
          const [key1] = sortedTies[k];
          Math.sign(fullCompare(key0, key1)) || throwRedacted`Duplicate entry key: ${key0}`;
        }
        sameRankIterator = makeArrayIterator(sortedTies);
        return sameRankIterator.next();
      }
      return harden({ done: true, value: void 0 });
    });
  };
  harden(generateFullSortedEntries);
  var generateCollectionPairEntries = (c1, c2, getEntries, absentValue) => {
    const e1 = getEntries(c1);
    const e2 = getEntries(c2);
    const fullCompare = makeFullOrderComparatorKit().antiComparator;
    const x = generateFullSortedEntries(e1, compareAntiRank, fullCompare);
    const y = generateFullSortedEntries(e2, compareAntiRank, fullCompare);
    let xDone;
    let xKey;
    let xValue;
    let yDone;
    let yKey;
    let yValue;
    const nonEntry = [void 0, void 0];
    const nextX = () => {
      !xDone || throwRedacted`Internal: nextX must not be called once done`;
      const result = xValue;
      ({ done: xDone, value: [xKey, xValue] = nonEntry } = x.next());
      return result;
    };
    nextX();
    const nextY = () => {
      !yDone || throwRedacted`Internal: nextY must not be called once done`;
      const result = yValue;
      ({ done: yDone, value: [yKey, yValue] = nonEntry } = y.next());
      return result;
    };
    nextY();
    return makeIterator(() => {
      let done = false;
      let value;
      if (xDone && yDone) {
        done = true;
        value = [void 0, absentValue, absentValue];
      } else if (xDone) {
        value = [yKey, absentValue, nextY()];
      } else if (yDone) {
        value = [xKey, nextX(), absentValue];
      } else {
        const comp = fullCompare(xKey, yKey);
        if (comp === 0) {
          value = [xKey, nextX(), nextY()];
        } else if (comp < 0) {
          value = [xKey, nextX(), absentValue];
        } else if (comp > 0) {
          value = [yKey, absentValue, nextY()];
        } else {
          throw throwRedacted`Unexpected key comparison ${quote(comp)} for ${xKey} vs ${yKey}`;
        }
      }
      return harden({ done, value });
    });
  };
  harden(generateCollectionPairEntries);
  var makeCompareCollection = (getEntries, absentValue, compareValues) => harden((left, right) => {
    const merged = generateCollectionPairEntries(
      left,
      right,
      getEntries,
      absentValue
    );
    let leftIsBigger = false;
    let rightIsBigger = false;
    for (const [_key, leftValue, rightValue] of merged) {
      const comp = compareValues(leftValue, rightValue);
      if (comp === 0) {
        continue;
      } else if (comp < 0) {
        rightIsBigger = true;
      } else if (comp > 0) {
        leftIsBigger = true;
      } else {
        Number.isNaN(comp) || // prettier-ignore
        throwRedacted`Unexpected value comparison ${quote(comp)} for ${leftValue} vs ${rightValue}`;
        return NaN;
      }
      if (leftIsBigger && rightIsBigger) {
        return NaN;
      }
    }
    return leftIsBigger ? 1 : rightIsBigger ? -1 : 0;
  });
  harden(makeCompareCollection);

  // node_modules/@endo/patterns/src/keys/compareKeys.js
  var setCompare = makeCompareCollection(
    /** @type {<K extends Key>(s: CopySet<K>) => Array<[K, 1]>} */
    ((s) => harden(getCopySetKeys(s).map((key) => [key, 1]))),
    0,
    compareNumerics
  );
  harden(setCompare);
  var bagCompare = makeCompareCollection(
    getCopyBagEntries,
    0n,
    compareNumerics
  );
  harden(bagCompare);
  var ABSENT = /* @__PURE__ */ Symbol("absent");
  var _mapCompare = makeCompareCollection(
    getCopyMapEntryArray,
    ABSENT,
    (leftValue, rightValue) => {
      if (leftValue === ABSENT && rightValue === ABSENT) {
        throw throwRedacted`Internal: Unexpected absent entry pair`;
      } else if (leftValue === ABSENT) {
        return -1;
      } else if (rightValue === ABSENT) {
        return 1;
      } else {
        return compareKeys(leftValue, rightValue);
      }
    }
  );
  harden(_mapCompare);
  var compareKeys = (left, right) => {
    assertKey(left);
    assertKey(right);
    const leftStyle = passStyleOf(left);
    const rightStyle = passStyleOf(right);
    if (leftStyle !== rightStyle) {
      return NaN;
    }
    switch (leftStyle) {
      case "undefined":
      case "null":
      case "boolean":
      case "bigint":
      case "string":
      case "byteArray":
      case "symbol": {
        return compareRank(left, right);
      }
      case "number": {
        const rankComp = compareRank(left, right);
        if (rankComp === 0) {
          return 0;
        }
        if (Number.isNaN(left) || Number.isNaN(right)) {
          assert(!Number.isNaN(left) || !Number.isNaN(right));
          return NaN;
        }
        return rankComp;
      }
      case "remotable": {
        if (left === right) {
          return 0;
        }
        return NaN;
      }
      case "copyArray": {
        const len = Math.min(left.length, right.length);
        for (let i = 0; i < len; i += 1) {
          const result = compareKeys(left[i], right[i]);
          if (result !== 0) {
            return result;
          }
        }
        return compareRank(left.length, right.length);
      }
      case "copyRecord": {
        const leftNames = recordNames(left);
        const rightNames = recordNames(right);
        if (!keyEQ(leftNames, rightNames)) {
          return NaN;
        }
        const leftValues = recordValues(left, leftNames);
        const rightValues = recordValues(right, rightNames);
        let result = 0;
        for (let i = 0; i < leftValues.length; i += 1) {
          const comp = compareKeys(leftValues[i], rightValues[i]);
          if (Number.isNaN(comp)) {
            return NaN;
          }
          if (result !== comp && comp !== 0) {
            if (result === 0) {
              result = comp;
            } else {
              assert(
                result === -1 && comp === 1 || result === 1 && comp === -1
              );
              return NaN;
            }
          }
        }
        return result;
      }
      case "tagged": {
        const leftTag = getTag(left);
        const rightTag = getTag(right);
        if (leftTag !== rightTag) {
          return NaN;
        }
        switch (leftTag) {
          case "copySet": {
            return setCompare(left, right);
          }
          case "copyBag": {
            return bagCompare(left, right);
          }
          case "copyMap": {
            throw throwRedacted`Map comparison not yet implemented: ${left} vs ${right}`;
          }
          default: {
            throw throwRedacted`unexpected tag ${quote(leftTag)}: ${left}`;
          }
        }
      }
      default: {
        throw throwRedacted`unexpected passStyle ${quote(leftStyle)}: ${left}`;
      }
    }
  };
  harden(compareKeys);
  var keyLT = (left, right) => compareKeys(left, right) < 0;
  harden(keyLT);
  var keyLTE = (left, right) => compareKeys(left, right) <= 0;
  harden(keyLTE);
  var keyEQ = (left, right) => compareKeys(left, right) === 0;
  harden(keyEQ);
  var keyGTE = (left, right) => compareKeys(left, right) >= 0;
  harden(keyGTE);
  var keyGT = (left, right) => compareKeys(left, right) > 0;
  harden(keyGT);

  // node_modules/@endo/patterns/src/keys/merge-set-operators.js
  var windowResort = (elements, rankCompare, fullCompare) => {
    assertRankSorted(elements, rankCompare);
    const { length } = elements;
    let i = 0;
    let optInnerIterator;
    return harden({
      [Symbol.iterator]: () => harden({
        next: () => {
          if (optInnerIterator) {
            const result = optInnerIterator.next();
            if (result.done) {
              optInnerIterator = void 0;
            } else {
              return result;
            }
          }
          if (i < length) {
            const value = elements[i];
            let j = i + 1;
            while (j < length && rankCompare(value, elements[j]) === 0) {
              j += 1;
            }
            if (j === i + 1) {
              i = j;
              return harden({ done: false, value });
            }
            const similarRun = elements.slice(i, j);
            i = j;
            const resorted = sortByRank(similarRun, fullCompare);
            assertNoDuplicates(resorted, fullCompare);
            optInnerIterator = resorted[Symbol.iterator]();
            return optInnerIterator.next();
          } else {
            return harden({ done: true, value: null });
          }
        }
      })
    });
  };
  var merge = (xelements, yelements) => {
    const fullCompare = makeFullOrderComparatorKit().antiComparator;
    const xs = windowResort(xelements, compareAntiRank, fullCompare);
    const ys = windowResort(yelements, compareAntiRank, fullCompare);
    return harden({
      [Symbol.iterator]: () => {
        let x;
        let xDone;
        let y;
        let yDone;
        const xi = xs[Symbol.iterator]();
        const nextX = () => {
          !xDone || throwRedacted`Internal: nextX should not be called once done`;
          ({ done: xDone, value: x } = xi.next());
        };
        nextX();
        const yi = ys[Symbol.iterator]();
        const nextY = () => {
          !yDone || throwRedacted`Internal: nextY should not be called once done`;
          ({ done: yDone, value: y } = yi.next());
        };
        nextY();
        return harden({
          next: () => {
            let done = false;
            let value;
            if (xDone && yDone) {
              done = true;
              value = [null, 0n, 0n];
            } else if (xDone) {
              value = [y, 0n, 1n];
              nextY();
            } else if (yDone) {
              value = [x, 1n, 0n];
              nextX();
            } else {
              const comp = fullCompare(x, y);
              if (comp === 0) {
                value = [x, 1n, 1n];
                nextX();
                nextY();
              } else if (comp < 0) {
                value = [x, 1n, 0n];
                nextX();
              } else {
                comp > 0 || throwRedacted`Internal: Unexpected comp ${quote(comp)}`;
                value = [y, 0n, 1n];
                nextY();
              }
            }
            return harden({ done, value });
          }
        });
      }
    });
  };
  harden(merge);
  var iterIsSuperset = (xyi) => {
    for (const [_m, xc, _yc] of xyi) {
      if (xc === 0n) {
        return false;
      }
    }
    return true;
  };
  var iterIsDisjoint = (xyi) => {
    for (const [_m, xc, yc] of xyi) {
      if (xc >= 1n && yc >= 1n) {
        return false;
      }
    }
    return true;
  };
  var iterCompare = (xyi) => {
    let loneY = false;
    let loneX = false;
    for (const [_m, xc, yc] of xyi) {
      if (xc === 0n) {
        loneY = true;
      }
      if (yc === 0n) {
        loneX = true;
      }
      if (loneX && loneY) {
        return NaN;
      }
    }
    if (loneX) {
      return 1;
    } else if (loneY) {
      return -1;
    } else {
      !loneX && !loneY || throwRedacted`Internal: Unexpected lone pair ${quote([loneX, loneY])}`;
      return 0;
    }
  };
  var iterUnion = (xyi) => {
    const result = [];
    for (const [m, xc, yc] of xyi) {
      if (xc >= 0n) {
        result.push(m);
      } else {
        yc >= 0n || throwRedacted`Internal: Unexpected count ${quote(yc)}`;
        result.push(m);
      }
    }
    return result;
  };
  var iterDisjointUnion = (xyi) => {
    const result = [];
    for (const [m, xc, yc] of xyi) {
      xc === 0n || yc === 0n || throwRedacted`Sets must not have common elements: ${m}`;
      if (xc >= 1n) {
        result.push(m);
      } else {
        yc >= 1n || throwRedacted`Internal: Unexpected count ${quote(yc)}`;
        result.push(m);
      }
    }
    return result;
  };
  var iterIntersection = (xyi) => {
    const result = [];
    for (const [m, xc, yc] of xyi) {
      if (xc >= 1n && yc >= 1n) {
        result.push(m);
      }
    }
    return result;
  };
  var iterDisjointSubtract = (xyi) => {
    const result = [];
    for (const [m, xc, yc] of xyi) {
      xc >= 1n || throwRedacted`right element ${m} was not in left`;
      if (yc === 0n) {
        result.push(m);
      }
    }
    return result;
  };
  var mergeify = (iterOp) => (xelements, yelements) => iterOp(merge(xelements, yelements));
  var elementsIsSuperset = mergeify(iterIsSuperset);
  var elementsIsDisjoint = mergeify(iterIsDisjoint);
  var elementsCompare = mergeify(iterCompare);
  var elementsUnion = mergeify(iterUnion);
  var elementsDisjointUnion = mergeify(iterDisjointUnion);
  var elementsIntersection = mergeify(iterIntersection);
  var elementsDisjointSubtract = mergeify(iterDisjointSubtract);
  var rawSetify = (elementsOp) => (xset, yset) => elementsOp(xset.payload, yset.payload);
  var setify = (elementsOp) => (xset, yset) => makeSetOfElements(elementsOp(xset.payload, yset.payload));
  var setIsSuperset = rawSetify(elementsIsSuperset);
  var setIsDisjoint = rawSetify(elementsIsDisjoint);
  var setUnion = setify(elementsUnion);
  var setDisjointUnion = setify(elementsDisjointUnion);
  var setIntersection = setify(elementsIntersection);
  var setDisjointSubtract = setify(elementsDisjointSubtract);

  // node_modules/@endo/patterns/src/keys/merge-bag-operators.js
  var bagWindowResort = (bagEntries, rankCompare, fullCompare) => {
    assertRankSorted(bagEntries, rankCompare);
    const { length } = bagEntries;
    let i = 0;
    let optInnerIterator;
    return harden({
      [Symbol.iterator]: () => harden({
        next: () => {
          if (optInnerIterator) {
            const result = optInnerIterator.next();
            if (result.done) {
              optInnerIterator = void 0;
            } else {
              return result;
            }
          }
          if (i < length) {
            const entry = bagEntries[i];
            let j = i + 1;
            while (j < length && rankCompare(entry[0], bagEntries[j][0]) === 0) {
              j += 1;
            }
            if (j === i + 1) {
              i = j;
              return harden({ done: false, value: entry });
            }
            const similarRun = bagEntries.slice(i, j);
            i = j;
            const resorted = sortByRank(similarRun, fullCompare);
            assertNoDuplicateKeys(resorted, fullCompare);
            optInnerIterator = resorted[Symbol.iterator]();
            return optInnerIterator.next();
          } else {
            return harden({ done: true, value: [null, 0n] });
          }
        }
      })
    });
  };
  var merge2 = (xbagEntries, ybagEntries) => {
    const fullCompare = makeFullOrderComparatorKit().antiComparator;
    const xs = bagWindowResort(xbagEntries, compareAntiRank, fullCompare);
    const ys = bagWindowResort(ybagEntries, compareAntiRank, fullCompare);
    return harden({
      [Symbol.iterator]: () => {
        let x;
        let xc;
        let xDone;
        let y;
        let yc;
        let yDone;
        const xi = xs[Symbol.iterator]();
        const nextX = () => {
          !xDone || throwRedacted`Internal: nextX should not be called once done`;
          ({
            done: xDone,
            value: [x, xc]
          } = xi.next());
        };
        nextX();
        const yi = ys[Symbol.iterator]();
        const nextY = () => {
          !yDone || throwRedacted`Internal: nextY should not be called once done`;
          ({
            done: yDone,
            value: [y, yc]
          } = yi.next());
        };
        nextY();
        return harden({
          next: () => {
            let done = false;
            let value;
            if (xDone && yDone) {
              done = true;
              value = [null, 0n, 0n];
            } else if (xDone) {
              value = [y, 0n, yc];
              nextY();
            } else if (yDone) {
              value = [x, xc, 0n];
              nextX();
            } else {
              const comp = fullCompare(x, y);
              if (comp === 0) {
                value = [x, xc, yc];
                nextX();
                nextY();
              } else if (comp < 0) {
                value = [x, xc, 0n];
                nextX();
              } else {
                comp > 0 || throwRedacted`Internal: Unexpected comp ${quote(comp)}`;
                value = [y, 0n, yc];
                nextY();
              }
            }
            return harden({ done, value });
          }
        });
      }
    });
  };
  harden(merge2);
  var bagIterIsSuperbag = (xyi) => {
    for (const [_m, xc, yc] of xyi) {
      if (xc < yc) {
        return false;
      }
    }
    return true;
  };
  var bagIterIsDisjoint = (xyi) => {
    for (const [_m, xc, yc] of xyi) {
      if (xc >= 1n && yc >= 1n) {
        return false;
      }
    }
    return true;
  };
  var bagIterUnion = (xyi) => {
    const result = [];
    for (const [m, xc, yc] of xyi) {
      result.push([m, xc + yc]);
    }
    return result;
  };
  var bagIterIntersection = (xyi) => {
    const result = [];
    for (const [m, xc, yc] of xyi) {
      const mc = xc <= yc ? xc : yc;
      result.push([m, mc]);
    }
    return result;
  };
  var bagIterDisjointSubtract = (xyi) => {
    const result = [];
    for (const [m, xc, yc] of xyi) {
      const mc = xc - yc;
      mc >= 0n || throwRedacted`right element ${m} was not in left`;
      if (mc >= 1n) {
        result.push([m, mc]);
      }
    }
    return result;
  };
  var mergeify2 = (bagIterOp) => (xbagEntries, ybagEntries) => bagIterOp(merge2(xbagEntries, ybagEntries));
  var bagEntriesIsSuperbag = mergeify2(bagIterIsSuperbag);
  var bagEntriesIsDisjoint = mergeify2(bagIterIsDisjoint);
  var bagEntriesUnion = mergeify2(bagIterUnion);
  var bagEntriesIntersection = mergeify2(bagIterIntersection);
  var bagEntriesDisjointSubtract = mergeify2(bagIterDisjointSubtract);
  var rawBagify = (bagEntriesOp) => (xbag, ybag) => bagEntriesOp(xbag.payload, ybag.payload);
  var bagify = (bagEntriesOp) => (xbag, ybag) => makeBagOfEntries(bagEntriesOp(xbag.payload, ybag.payload));
  var bagIsSuperbag = rawBagify(bagEntriesIsSuperbag);
  var bagIsDisjoint = rawBagify(bagEntriesIsDisjoint);
  var bagUnion = bagify(bagEntriesUnion);
  var bagIntersection = bagify(bagEntriesIntersection);
  var bagDisjointSubtract = bagify(bagEntriesDisjointSubtract);

  // node_modules/@endo/common/throw-labeled.js
  var throwLabeled = (innerErr, label, errConstructor = void 0, options = void 0) => {
    if (typeof label === "number") {
      label = `[${label}]`;
    }
    const outerErr = makeError(
      `${label}: ${innerErr.message}`,
      errConstructor,
      options
    );
    note(outerErr, redacted`Caused by ${innerErr}`);
    throw outerErr;
  };
  harden(throwLabeled);

  // node_modules/@endo/common/apply-labeling-error.js
  var applyLabelingError = (func, args, label = void 0) => {
    if (label === void 0) {
      return func(...args);
    }
    let result;
    try {
      result = func(...args);
    } catch (err) {
      throwLabeled(err, label);
    }
    if (isPromise(result)) {
      return E.when(result, void 0, (reason) => throwLabeled(reason, label));
    } else {
      return result;
    }
  };
  harden(applyLabelingError);

  // node_modules/@endo/common/from-unique-entries.js
  var { fromEntries: fromEntries7 } = Object;
  var { ownKeys: ownKeys17 } = Reflect;
  var fromUniqueEntries = (allEntries) => {
    const entriesArray = [...allEntries];
    const result = harden(fromEntries7(entriesArray));
    if (ownKeys17(result).length === entriesArray.length) {
      return result;
    }
    const names = /* @__PURE__ */ new Set();
    for (const [name, _] of entriesArray) {
      if (names.has(name)) {
        throwRedacted`collision on property name ${quote(name)}: ${entriesArray}`;
      }
      names.add(name);
    }
    throw throwRedacted`internal: failed to create object from unique entries`;
  };
  harden(fromUniqueEntries);

  // node_modules/@endo/common/list-difference.js
  var listDifference = (leftList, rightList) => {
    const rightSet = new Set(rightList);
    return leftList.filter((element) => !rightSet.has(element));
  };
  harden(listDifference);

  // node_modules/@endo/patterns/src/patterns/patternMatchers.js
  var { entries: entries7, values: values2, hasOwn: hasOwn9 } = Object;
  var { ownKeys: ownKeys18 } = Reflect;
  var patternMemo = /* @__PURE__ */ new WeakSet();
  var MM;
  var defaultLimits = harden({
    decimalDigitsLimit: 100,
    stringLengthLimit: 1e5,
    symbolNameLengthLimit: 100,
    numPropertiesLimit: 80,
    propertyNameLengthLimit: 100,
    arrayLengthLimit: 1e4,
    byteLengthLimit: 1e5,
    numSetElementsLimit: 1e4,
    numUniqueBagElementsLimit: 1e4,
    numMapEntriesLimit: 5e3
  });
  var limit = (limits = {}) => (
    /** @type {AllLimits} */
    harden({ __proto__: defaultLimits, ...limits })
  );
  var checkIsWellFormedWithLimit = (payload, mainPayloadShape, check, label) => {
    assert(Array.isArray(mainPayloadShape));
    if (!Array.isArray(payload)) {
      return check(false, redacted`${quote(label)} payload must be an array: ${payload}`);
    }
    const mainLength = mainPayloadShape.length;
    if (!(payload.length === mainLength || payload.length === mainLength + 1)) {
      return check(false, redacted`${quote(label)} payload unexpected size: ${payload}`);
    }
    const limits = payload[mainLength];
    payload = harden(payload.slice(0, mainLength));
    if (!checkMatches(payload, mainPayloadShape, check, label)) {
      return false;
    }
    if (limits === void 0) {
      return true;
    }
    return (passStyleOf(limits) === "copyRecord" || check(false, redacted`Limits must be a record: ${quote(limits)}`)) && entries7(limits).every(
      ([key, value]) => passStyleOf(value) === "number" || check(false, redacted`Value of limit ${quote(key)} but be a number: ${quote(value)}`)
    );
  };
  var checkDecimalDigitsLimit = (specimen, decimalDigitsLimit, check) => {
    if (Math.floor(Math.log10(Math.abs(Number(specimen)))) + 1 <= decimalDigitsLimit) {
      return true;
    }
    return check(
      false,
      redacted`bigint ${specimen} must not have more than ${decimalDigitsLimit} digits`
    );
  };
  var makePatternKit = () => {
    const maybeMatchHelper = (tag) => (
      // eslint-disable-next-line no-use-before-define
      HelpersByMatchTag[tag]
    );
    const maybePayloadShape = (tag) => (
      // eslint-disable-next-line no-use-before-define
      GuardPayloadShapes[tag]
    );
    const singletonKinds = /* @__PURE__ */ new Map([
      ["null", null],
      ["undefined", void 0]
    ]);
    const tagMemo = /* @__PURE__ */ new WeakMap();
    const checkTagged = (tagged, tag, check) => {
      const matchHelper = maybeMatchHelper(tag);
      if (matchHelper) {
        return matchHelper.checkIsWellFormed(tagged.payload, check);
      } else {
        const payloadShape = maybePayloadShape(tag);
        if (payloadShape !== void 0) {
          return checkMatches2(tagged.payload, payloadShape, check, tag);
        }
      }
      switch (tag) {
        case "copySet": {
          return checkCopySet(tagged, check);
        }
        case "copyBag": {
          return checkCopyBag(tagged, check);
        }
        case "copyMap": {
          return checkCopyMap(tagged, check);
        }
        default: {
          return check(
            false,
            redacted`cannot check unrecognized tag ${quote(tag)}: ${tagged}`
          );
        }
      }
    };
    const kindOf2 = (specimen, check = identChecker) => {
      const passStyle = passStyleOf(specimen);
      if (passStyle !== "tagged") {
        return passStyle;
      }
      if (tagMemo.has(specimen)) {
        return tagMemo.get(specimen);
      }
      const tag = getTag(specimen);
      if (checkTagged(specimen, tag, check)) {
        tagMemo.set(specimen, tag);
        return tag;
      }
      if (check !== identChecker) {
        check(false, redacted`cannot check unrecognized tag ${quote(tag)}`);
      }
      return void 0;
    };
    harden(kindOf2);
    const checkKind = (specimen, kind, check) => {
      if (singletonKinds.has(kind)) {
        return checkAsKeyPatt(specimen, singletonKinds.get(kind), check);
      }
      const realKind = kindOf2(specimen, check);
      if (kind === realKind) {
        return true;
      }
      if (check !== identChecker) {
        check(false, redacted`${bareOrQuote(realKind)} ${specimen} - Must be a ${bareOrQuote(kind)}`);
      }
      return false;
    };
    const isKind = (specimen, kind) => checkKind(specimen, kind, identChecker);
    const isUndefinedPatt2 = (patt) => patt === void 0 || isKind(patt, "match:kind") && patt.payload === "undefined";
    const checkAsKeyPatt = (specimen, keyAsPattern, check) => {
      if (isKey(specimen) && keyEQ(specimen, keyAsPattern)) {
        return true;
      }
      return check !== identChecker && // When the mismatch occurs against a key used as a pattern,
      // the pattern should still be redacted.
      check(false, redacted`${specimen} - Must be: ${keyAsPattern}`);
    };
    const checkPattern = (patt, check) => {
      if (isKey(patt)) {
        return true;
      }
      if (patternMemo.has(patt)) {
        return true;
      }
      const result = checkPatternInternal(patt, check);
      if (result) {
        patternMemo.add(patt);
      }
      return result;
    };
    const checkPatternInternal = (patt, check) => {
      const checkIt = (child) => checkPattern(child, check);
      const kind = kindOf2(patt, check);
      switch (kind) {
        case void 0: {
          return false;
        }
        case "copyRecord": {
          return values2(patt).every(checkIt);
        }
        case "copyArray": {
          return patt.every(checkIt);
        }
        case "copyMap": {
          return checkPattern(patt.values, check);
        }
        case "error":
        case "promise": {
          return check(false, redacted`A ${quote(kind)} cannot be a pattern`);
        }
        default: {
          if (maybeMatchHelper(kind) !== void 0) {
            return true;
          }
          return check(
            false,
            redacted`A passable of kind ${quote(kind)} is not a pattern: ${patt}`
          );
        }
      }
    };
    const isPattern2 = (patt) => checkPattern(patt, identChecker);
    const assertPattern2 = (patt) => {
      checkPattern(patt, assertChecker);
    };
    const checkMatches2 = (specimen, pattern, check, label = void 0) => (
      // eslint-disable-next-line no-use-before-define
      applyLabelingError(checkMatchesInternal, [specimen, pattern, check], label)
    );
    const checkMatchesInternal = (specimen, patt, check) => {
      const patternKind = kindOf2(patt, check);
      const specimenKind = kindOf2(specimen);
      switch (patternKind) {
        case void 0: {
          return throwRedacted`pattern expected: ${patt}`;
        }
        case "promise": {
          return throwRedacted`promises cannot be patterns: ${patt}`;
        }
        case "error": {
          return throwRedacted`errors cannot be patterns: ${patt}`;
        }
        case "undefined":
        case "null":
        case "boolean":
        case "number":
        case "bigint":
        case "string":
        case "symbol":
        case "byteArray":
        case "copySet":
        case "copyBag":
        case "remotable": {
          return checkAsKeyPatt(specimen, patt, check);
        }
        case "copyArray": {
          if (isKey(patt)) {
            return checkAsKeyPatt(specimen, patt, check);
          }
          if (specimenKind !== "copyArray") {
            return check(
              false,
              redacted`${specimen} - Must be a copyArray to match a copyArray pattern: ${qp(
                patt
              )}`
            );
          }
          const { length } = patt;
          if (specimen.length !== length) {
            return check(
              false,
              redacted`Array ${specimen} - Must be as long as copyArray pattern: ${qp(
                patt
              )}`
            );
          }
          return patt.every((p, i) => checkMatches2(specimen[i], p, check, i));
        }
        case "copyRecord": {
          if (isKey(patt)) {
            return checkAsKeyPatt(specimen, patt, check);
          }
          if (specimenKind !== "copyRecord") {
            return check(
              false,
              redacted`${specimen} - Must be a copyRecord to match a copyRecord pattern: ${qp(
                patt
              )}`
            );
          }
          const specimenNames = recordNames(specimen);
          const pattNames = recordNames(patt);
          const missing2 = listDifference(pattNames, specimenNames);
          if (missing2.length >= 1) {
            return check(
              false,
              redacted`${specimen} - Must have missing properties ${quote(missing2)}`
            );
          }
          const unexpected = listDifference(specimenNames, pattNames);
          if (unexpected.length >= 1) {
            return check(
              false,
              redacted`${specimen} - Must not have unexpected properties: ${quote(
                unexpected
              )}`
            );
          }
          const specimenValues = recordValues(specimen, specimenNames);
          const pattValues = recordValues(patt, pattNames);
          return pattNames.every(
            (label, i) => checkMatches2(specimenValues[i], pattValues[i], check, label)
          );
        }
        case "copyMap": {
          if (isKey(patt)) {
            return checkAsKeyPatt(specimen, patt, check);
          }
          if (specimenKind !== "copyMap") {
            return check(
              false,
              redacted`${specimen} - Must be a copyMap to match a copyMap pattern: ${qp(
                patt
              )}`
            );
          }
          const pattKeySet = copyMapKeySet(patt);
          const specimenKeySet = copyMapKeySet(specimen);
          if (!checkMatches2(specimenKeySet, pattKeySet, check)) {
            return false;
          }
          const pattValues = [];
          const specimenValues = [];
          const entryPairs = generateCollectionPairEntries(
            patt,
            specimen,
            getCopyMapEntryArray,
            void 0
          );
          for (const [_key, pattValue, specimenValue] of entryPairs) {
            pattValues.push(pattValue);
            specimenValues.push(specimenValue);
          }
          return checkMatches2(harden(specimenValues), harden(pattValues), check);
        }
        default: {
          const matchHelper = maybeMatchHelper(patternKind);
          if (matchHelper) {
            return matchHelper.checkMatches(specimen, patt.payload, check);
          }
          throw throwRedacted`internal: should have recognized ${quote(patternKind)} `;
        }
      }
    };
    const matches2 = (specimen, patt) => checkMatches2(specimen, patt, identChecker);
    const mustMatch3 = (specimen, patt, label = void 0) => {
      let innerError;
      try {
        if (checkMatches2(specimen, patt, identChecker, void 0)) {
          return;
        }
      } catch (er) {
        innerError = er;
      }
      checkMatches2(specimen, patt, assertChecker, label);
      const outerError = makeError(
        redacted`internal: ${label}: inconsistent pattern match: ${qp(patt)}`
      );
      if (innerError !== void 0) {
        note(outerError, redacted`caused by ${innerError}`);
      }
      throw outerError;
    };
    const getRankCover2 = (patt, encodePassable) => {
      if (isKey(patt)) {
        const encoded = encodePassable(patt);
        if (encoded !== void 0) {
          return [encoded, `${encoded}~`];
        }
      }
      const passStyle = passStyleOf(patt);
      switch (passStyle) {
        case "copyArray": {
          break;
        }
        case "copyRecord": {
          break;
        }
        case "tagged": {
          const tag = getTag(patt);
          const matchHelper = maybeMatchHelper(tag);
          if (matchHelper) {
            return matchHelper.getRankCover(patt.payload, encodePassable);
          }
          switch (tag) {
            case "copySet": {
              break;
            }
            case "copyMap": {
              break;
            }
            default: {
              break;
            }
          }
          break;
        }
        default: {
          break;
        }
      }
      return getPassStyleCover(passStyle);
    };
    const arrayEveryMatchPattern = (array, patt, check, labelPrefix = "") => {
      if (isKind(patt, "match:any")) {
        return true;
      }
      return array.every(
        (el, i) => checkMatches2(el, patt, check, `${labelPrefix}[${i}]`)
      );
    };
    const matchAnyHelper = Far("match:any helper", {
      checkMatches: (_specimen, _matcherPayload, _check) => true,
      checkIsWellFormed: (matcherPayload, check) => matcherPayload === void 0 || check(false, redacted`match:any payload: ${matcherPayload} - Must be undefined`),
      getRankCover: (_matchPayload, _encodePassable) => ["", "{"]
    });
    const matchAndHelper = Far("match:and helper", {
      checkMatches: (specimen, patts, check) => {
        return patts.every((patt) => checkMatches2(specimen, patt, check));
      },
      checkIsWellFormed: (allegedPatts, check) => {
        const checkIt = (patt) => checkPattern(patt, check);
        return (passStyleOf(allegedPatts) === "copyArray" || check(false, redacted`Needs array of sub-patterns: ${qp(allegedPatts)}`)) && allegedPatts.every(checkIt);
      },
      getRankCover: (patts, encodePassable) => intersectRankCovers(
        compareRank,
        patts.map((p) => getRankCover2(p, encodePassable))
      )
    });
    const matchOrHelper = Far("match:or helper", {
      checkMatches: (specimen, patts, check) => {
        const { length } = patts;
        if (length === 0) {
          return check(
            false,
            redacted`${specimen} - no pattern disjuncts to match: ${qp(patts)}`
          );
        }
        const binaryUndefPattIdx = patts.length === 2 ? patts.findIndex((patt) => isUndefinedPatt2(patt)) : -1;
        if (binaryUndefPattIdx !== -1) {
          return specimen === void 0 || checkMatches2(specimen, patts[1 - binaryUndefPattIdx], check);
        }
        if (patts.some((patt) => matches2(specimen, patt))) {
          return true;
        }
        return check(false, redacted`${specimen} - Must match one of ${qp(patts)}`);
      },
      checkIsWellFormed: matchAndHelper.checkIsWellFormed,
      getRankCover: (patts, encodePassable) => unionRankCovers(
        compareRank,
        patts.map((p) => getRankCover2(p, encodePassable))
      )
    });
    const matchNotHelper = Far("match:not helper", {
      checkMatches: (specimen, patt, check) => {
        if (matches2(specimen, patt)) {
          return check(
            false,
            redacted`${specimen} - Must fail negated pattern: ${qp(patt)}`
          );
        } else {
          return true;
        }
      },
      checkIsWellFormed: checkPattern,
      getRankCover: (_patt, _encodePassable) => ["", "{"]
    });
    const matchScalarHelper = Far("match:scalar helper", {
      checkMatches: (specimen, _matcherPayload, check) => checkScalarKey(specimen, check),
      checkIsWellFormed: matchAnyHelper.checkIsWellFormed,
      getRankCover: (_matchPayload, _encodePassable) => ["a", "z~"]
    });
    const matchKeyHelper = Far("match:key helper", {
      checkMatches: (specimen, _matcherPayload, check) => checkKey(specimen, check),
      checkIsWellFormed: matchAnyHelper.checkIsWellFormed,
      getRankCover: (_matchPayload, _encodePassable) => ["a", "z~"]
    });
    const matchPatternHelper = Far("match:pattern helper", {
      checkMatches: (specimen, _matcherPayload, check) => checkPattern(specimen, check),
      checkIsWellFormed: matchAnyHelper.checkIsWellFormed,
      getRankCover: (_matchPayload, _encodePassable) => ["a", "z~"]
    });
    const matchKindHelper = Far("match:kind helper", {
      checkMatches: checkKind,
      checkIsWellFormed: (allegedKeyKind, check) => typeof allegedKeyKind === "string" || check(
        false,
        redacted`match:kind: payload: ${allegedKeyKind} - A kind name must be a string`
      ),
      getRankCover: (kind, _encodePassable) => {
        let style;
        switch (kind) {
          case "copySet":
          case "copyMap": {
            style = "tagged";
            break;
          }
          default: {
            style = kind;
            break;
          }
        }
        return getPassStyleCover(style);
      }
    });
    const matchTaggedHelper = Far("match:tagged helper", {
      checkMatches: (specimen, [tagPatt, payloadPatt], check) => {
        if (passStyleOf(specimen) !== "tagged") {
          return check(
            false,
            redacted`Expected tagged object, not ${quote(
              passStyleOf(specimen)
            )}: ${specimen}`
          );
        }
        return checkMatches2(getTag(specimen), tagPatt, check, "tag") && checkMatches2(specimen.payload, payloadPatt, check, "payload");
      },
      checkIsWellFormed: (payload, check) => checkMatches2(
        payload,
        harden([MM.pattern(), MM.pattern()]),
        check,
        "match:tagged payload"
      ),
      getRankCover: (_kind, _encodePassable) => getPassStyleCover("tagged")
    });
    const matchBigintHelper = Far("match:bigint helper", {
      checkMatches: (specimen, [limits = void 0], check) => {
        const { decimalDigitsLimit } = limit(limits);
        return checkKind(specimen, "bigint", check) && checkDecimalDigitsLimit(specimen, decimalDigitsLimit, check);
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([]),
        check,
        "match:bigint payload"
      ),
      getRankCover: (_matchPayload, _encodePassable) => getPassStyleCover("bigint")
    });
    const matchNatHelper = Far("match:nat helper", {
      checkMatches: (specimen, [limits = void 0], check) => {
        const { decimalDigitsLimit } = limit(limits);
        return checkKind(specimen, "bigint", check) && check(
          /** @type {bigint} */
          specimen >= 0n,
          redacted`${specimen} - Must be non-negative`
        ) && checkDecimalDigitsLimit(specimen, decimalDigitsLimit, check);
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([]),
        check,
        "match:nat payload"
      ),
      getRankCover: (_matchPayload, _encodePassable) => (
        // TODO Could be more precise
        getPassStyleCover("bigint")
      )
    });
    const matchStringHelper = Far("match:string helper", {
      checkMatches: (specimen, [limits = void 0], check) => {
        const { stringLengthLimit } = limit(limits);
        return checkKind(specimen, "string", check) && // eslint-disable-next-line @endo/restrict-comparison-operands
        /** @type {string} */
        (specimen.length <= stringLengthLimit || check(
          false,
          redacted`string ${specimen} must not be bigger than ${stringLengthLimit}`
        ));
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([]),
        check,
        "match:string payload"
      ),
      getRankCover: (_matchPayload, _encodePassable) => getPassStyleCover("string")
    });
    const matchSymbolHelper = Far("match:symbol helper", {
      checkMatches: (specimen, [limits = void 0], check) => {
        const { symbolNameLengthLimit } = limit(limits);
        if (!checkKind(specimen, "symbol", check)) {
          return false;
        }
        const symbolName = nameForPassableSymbol(specimen);
        if (typeof symbolName !== "string") {
          throw throwRedacted`internal: Passable symbol ${specimen} must have a passable name`;
        }
        return check(
          symbolName.length <= symbolNameLengthLimit,
          redacted`Symbol name ${quote(
            symbolName
          )} must not be bigger than ${symbolNameLengthLimit}`
        );
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([]),
        check,
        "match:symbol payload"
      ),
      getRankCover: (_matchPayload, _encodePassable) => getPassStyleCover("symbol")
    });
    const matchRemotableHelper = Far("match:remotable helper", {
      checkMatches: (specimen, remotableDesc, check) => {
        if (isKind(specimen, "remotable")) {
          return true;
        }
        if (check === identChecker) {
          return false;
        }
        const { label } = remotableDesc;
        const passStyle = passStyleOf(specimen);
        const kindDetails = passStyle !== "tagged" ? (
          // Pass style can be embedded in details without quotes.
          bareOrQuote(passStyle)
        ) : (
          // Tag must be quoted because it is potentially attacker-controlled
          // (unlike `kindOf`, this does not reject unrecognized tags).
          quote(getTag(specimen))
        );
        return check(
          false,
          // `label` can be embedded without quotes because it is provided by
          // local code like `M.remotable("...")`.
          redacted`${specimen} - Must be a remotable ${bareOrQuote(label)}, not ${kindDetails}`
        );
      },
      checkIsWellFormed: (allegedRemotableDesc, check) => checkMatches2(
        allegedRemotableDesc,
        harden({ label: MM.string() }),
        check,
        "match:remotable payload"
      ),
      getRankCover: (_remotableDesc, _encodePassable) => getPassStyleCover("remotable")
    });
    const matchLTEHelper = Far("match:lte helper", {
      checkMatches: (specimen, rightOperand, check) => keyLTE(specimen, rightOperand) || check(false, redacted`${specimen} - Must be <= ${rightOperand}`),
      checkIsWellFormed: checkKey,
      getRankCover: (rightOperand, encodePassable) => {
        const passStyle = passStyleOf(rightOperand);
        let [leftBound, rightBound] = getPassStyleCover(passStyle);
        const newRightBound = `${encodePassable(rightOperand)}~`;
        if (newRightBound !== void 0) {
          rightBound = newRightBound;
        }
        return [leftBound, rightBound];
      }
    });
    const matchLTHelper = Far("match:lt helper", {
      checkMatches: (specimen, rightOperand, check) => keyLT(specimen, rightOperand) || check(false, redacted`${specimen} - Must be < ${rightOperand}`),
      checkIsWellFormed: checkKey,
      getRankCover: matchLTEHelper.getRankCover
    });
    const matchGTEHelper = Far("match:gte helper", {
      checkMatches: (specimen, rightOperand, check) => keyGTE(specimen, rightOperand) || check(false, redacted`${specimen} - Must be >= ${rightOperand}`),
      checkIsWellFormed: checkKey,
      getRankCover: (rightOperand, encodePassable) => {
        const passStyle = passStyleOf(rightOperand);
        let [leftBound, rightBound] = getPassStyleCover(passStyle);
        const newLeftBound = encodePassable(rightOperand);
        if (newLeftBound !== void 0) {
          leftBound = newLeftBound;
        }
        return [leftBound, rightBound];
      }
    });
    const matchGTHelper = Far("match:gt helper", {
      checkMatches: (specimen, rightOperand, check) => keyGT(specimen, rightOperand) || check(false, redacted`${specimen} - Must be > ${rightOperand}`),
      checkIsWellFormed: checkKey,
      getRankCover: matchGTEHelper.getRankCover
    });
    const matchRecordOfHelper = Far("match:recordOf helper", {
      checkMatches: (specimen, [keyPatt, valuePatt, limits = void 0], check) => {
        const { numPropertiesLimit, propertyNameLengthLimit } = limit(limits);
        return checkKind(specimen, "copyRecord", check) && check(
          ownKeys18(specimen).length <= numPropertiesLimit,
          redacted`Must not have more than ${quote(
            numPropertiesLimit
          )} properties: ${specimen}`
        ) && entries7(specimen).every(
          ([key, value]) => applyLabelingError(
            check,
            [
              key.length <= propertyNameLengthLimit,
              redacted`Property name must not be longer than ${quote(
                propertyNameLengthLimit
              )}`
            ],
            key
          ) && checkMatches2(
            harden([key, value]),
            harden([keyPatt, valuePatt]),
            check,
            key
          )
        );
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([MM.pattern(), MM.pattern()]),
        check,
        "match:recordOf payload"
      ),
      getRankCover: (_entryPatt) => getPassStyleCover("copyRecord")
    });
    const matchArrayOfHelper = Far("match:arrayOf helper", {
      checkMatches: (specimen, [subPatt, limits = void 0], check) => {
        const { arrayLengthLimit } = limit(limits);
        return checkKind(specimen, "copyArray", check) && /** @type {Array} */
        (specimen.length <= arrayLengthLimit || check(
          false,
          redacted`Array length ${specimen.length} must be <= limit ${arrayLengthLimit}`
        )) && arrayEveryMatchPattern(specimen, subPatt, check);
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([MM.pattern()]),
        check,
        "match:arrayOf payload"
      ),
      getRankCover: () => getPassStyleCover("copyArray")
    });
    const matchByteArrayHelper = Far("match:byteArray helper", {
      checkMatches: (specimen, [limits = void 0], check) => {
        const { byteLengthLimit } = limit(limits);
        return checkKind(specimen, "byteArray", check) && /** @type {ArrayBuffer} */
        (specimen.byteLength <= byteLengthLimit || check(
          false,
          redacted`byteArray ${specimen} must not be bigger than ${byteLengthLimit}`
        ));
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([]),
        check,
        "match:byteArray payload"
      ),
      getRankCover: (_matchPayload, _encodePassable) => getPassStyleCover("byteArray")
    });
    const matchSetOfHelper = Far("match:setOf helper", {
      checkMatches: (specimen, [keyPatt, limits = void 0], check) => {
        const { numSetElementsLimit } = limit(limits);
        return checkKind(specimen, "copySet", check) && check(
          /** @type {Array} */
          specimen.payload.length < numSetElementsLimit,
          redacted`Set must not have more than ${quote(numSetElementsLimit)} elements: ${specimen.payload.length}`
        ) && arrayEveryMatchPattern(specimen.payload, keyPatt, check, "set elements");
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([MM.pattern()]),
        check,
        "match:setOf payload"
      ),
      getRankCover: () => getPassStyleCover("tagged")
    });
    const matchBagOfHelper = Far("match:bagOf helper", {
      checkMatches: (specimen, [keyPatt, countPatt, limits = void 0], check) => {
        const { numUniqueBagElementsLimit, decimalDigitsLimit } = limit(limits);
        return checkKind(specimen, "copyBag", check) && check(
          /** @type {Array} */
          specimen.payload.length <= numUniqueBagElementsLimit,
          redacted`Bag must not have more than ${quote(
            numUniqueBagElementsLimit
          )} unique elements: ${specimen}`
        ) && specimen.payload.every(
          ([key, count], i) => checkMatches2(key, keyPatt, check, `bag keys[${i}]`) && applyLabelingError(
            checkDecimalDigitsLimit,
            [count, decimalDigitsLimit, check],
            `bag counts[${i}]`
          ) && checkMatches2(count, countPatt, check, `bag counts[${i}]`)
        );
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([MM.pattern(), MM.pattern()]),
        check,
        "match:bagOf payload"
      ),
      getRankCover: () => getPassStyleCover("tagged")
    });
    const elementsHasSplit = (elements, elementPatt, bound, inResults = void 0, outResults = void 0, check = identChecker) => {
      let count = 0n;
      for (let i = elements.length - 1; i >= 0; i -= 1) {
        const element = elements[i];
        if (count < bound) {
          if (matches2(element, elementPatt)) {
            count += 1n;
            if (inResults) inResults.push(element);
          } else if (outResults) {
            outResults.push(element);
          }
        } else if (outResults === void 0) {
          break;
        } else {
          outResults.push(element);
        }
      }
      return check(
        count >= bound,
        redacted`Has only ${quote(count)} matches, but needs ${quote(bound)}`
      );
    };
    const pairsHasSplit = (pairs, elementPatt, bound, inResults = void 0, outResults = void 0, check = identChecker) => {
      let count = 0n;
      for (let i = pairs.length - 1; i >= 0; i -= 1) {
        const [element, num] = pairs[i];
        const numRest = bound - count;
        if (numRest >= 1n) {
          if (matches2(element, elementPatt)) {
            if (num <= numRest) {
              count += num;
              if (inResults) inResults.push([element, num]);
            } else {
              const numIn = numRest;
              count += numIn;
              if (inResults) inResults.push([element, numRest]);
              if (outResults) outResults.push([element, num - numRest]);
            }
          } else if (outResults) {
            outResults.push([element, num]);
          }
        } else if (outResults === void 0) {
          break;
        } else {
          outResults.push([element, num]);
        }
      }
      return check(
        count >= bound,
        redacted`Has only ${quote(count)} matches, but needs ${quote(bound)}`
      );
    };
    const containerHasSplit2 = (specimen, elementPatt, bound, needInResults = false, needOutResults = false, check = identChecker) => {
      const inResults = needInResults ? [] : void 0;
      const outResults = needOutResults ? [] : void 0;
      const kind = kindOf2(specimen);
      switch (kind) {
        case "copyArray": {
          if (!elementsHasSplit(
            specimen,
            elementPatt,
            bound,
            inResults,
            outResults,
            check
          )) {
            return false;
          }
          return [inResults, outResults];
        }
        case "copySet": {
          if (!elementsHasSplit(
            specimen.payload,
            elementPatt,
            bound,
            inResults,
            outResults,
            check
          )) {
            return false;
          }
          return [
            inResults && makeCopySet(inResults),
            outResults && makeCopySet(outResults)
          ];
        }
        case "copyBag": {
          if (!pairsHasSplit(
            specimen.payload,
            elementPatt,
            bound,
            inResults,
            outResults,
            check
          )) {
            return false;
          }
          return [
            inResults && makeCopyBag(inResults),
            outResults && makeCopyBag(outResults)
          ];
        }
        default: {
          return check(false, redacted`unexpected ${quote(kind)}`);
        }
      }
    };
    const matchContainerHasHelper = Far("M.containerHas helper", {
      /**
       * @param {CopyArray | CopySet | CopyBag} specimen
       * @param {[Pattern, bigint, Limits?]} payload
       * @param {Checker} check
       */
      checkMatches: (specimen, [elementPatt, bound, limits = void 0], check) => {
        const kind = kindOf2(specimen, check);
        const { decimalDigitsLimit } = limit(limits);
        if (!applyLabelingError(
          checkDecimalDigitsLimit,
          [bound, decimalDigitsLimit, check],
          `${kind} matches`
        )) {
          return false;
        }
        return !!containerHasSplit2(
          specimen,
          elementPatt,
          bound,
          false,
          false,
          check
        );
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([MM.pattern(), MM.gte(1n)]),
        check,
        "M.containerHas payload"
      ),
      getRankCover: () => getPassStyleCover("tagged")
    });
    const matchMapOfHelper = Far("match:mapOf helper", {
      checkMatches: (specimen, [keyPatt, valuePatt, limits = void 0], check) => {
        const { numMapEntriesLimit } = limit(limits);
        return checkKind(specimen, "copyMap", check) && check(
          /** @type {Array} */
          specimen.payload.keys.length <= numMapEntriesLimit,
          redacted`CopyMap must have no more than ${quote(
            numMapEntriesLimit
          )} entries: ${specimen}`
        ) && arrayEveryMatchPattern(
          specimen.payload.keys,
          keyPatt,
          check,
          "map keys"
        ) && arrayEveryMatchPattern(
          specimen.payload.values,
          valuePatt,
          check,
          "map values"
        );
      },
      checkIsWellFormed: (payload, check) => checkIsWellFormedWithLimit(
        payload,
        harden([MM.pattern(), MM.pattern()]),
        check,
        "match:mapOf payload"
      ),
      getRankCover: (_entryPatt) => getPassStyleCover("tagged")
    });
    const splitArrayParts = (specimen, requiredPatt, optionalPatt) => {
      const numRequired = requiredPatt.length;
      const numOptional = optionalPatt.length;
      const requiredSpecimen = specimen.slice(0, numRequired);
      const optionalSpecimen = specimen.slice(
        numRequired,
        numRequired + numOptional
      );
      const restSpecimen = specimen.slice(numRequired + numOptional);
      return harden({ requiredSpecimen, optionalSpecimen, restSpecimen });
    };
    const adaptArrayPattern = (optionalPatt, length) => harden(optionalPatt.slice(0, length).map((patt) => MM.opt(patt)));
    const matchSplitArrayHelper = Far("match:splitArray helper", {
      checkMatches: (specimen, [requiredPatt, optionalPatt = [], restPatt = MM.any()], check) => {
        if (!checkKind(specimen, "copyArray", check)) {
          return false;
        }
        const { requiredSpecimen, optionalSpecimen, restSpecimen } = splitArrayParts(specimen, requiredPatt, optionalPatt);
        const partialPatt = adaptArrayPattern(
          optionalPatt,
          optionalSpecimen.length
        );
        let argNum = 0;
        return (requiredSpecimen.length === requiredPatt.length || check(
          false,
          redacted`Expected at least ${quote(
            requiredPatt.length
          )} arguments: ${specimen}`
        )) && requiredPatt.every(
          (p, i) => (
            // eslint-disable-next-line no-plusplus
            checkMatches2(requiredSpecimen[i], p, check, `arg ${argNum++}`)
          )
        ) && partialPatt.every(
          (p, i) => (
            // eslint-disable-next-line no-plusplus
            checkMatches2(optionalSpecimen[i], p, check, `arg ${argNum++}?`)
          )
        ) && checkMatches2(restSpecimen, restPatt, check, "...rest");
      },
      /**
       * @param {Array} splitArray
       * @param {Checker} check
       */
      checkIsWellFormed: (splitArray, check) => {
        if (passStyleOf(splitArray) === "copyArray" && (splitArray.length >= 1 || splitArray.length <= 3)) {
          const [requiredPatt, optionalPatt = void 0, restPatt = void 0] = splitArray;
          if (isPattern2(requiredPatt) && passStyleOf(requiredPatt) === "copyArray" && (optionalPatt === void 0 || isPattern2(optionalPatt) && passStyleOf(optionalPatt) === "copyArray") && (restPatt === void 0 || isPattern2(restPatt))) {
            return true;
          }
        }
        return check(
          false,
          redacted`Must be an array of a requiredPatt array, an optional optionalPatt array, and an optional restPatt: ${quote(
            splitArray
          )}`
        );
      },
      getRankCover: ([
        _requiredPatt,
        _optionalPatt = void 0,
        _restPatt = void 0
      ]) => getPassStyleCover("copyArray")
    });
    const splitRecordParts = (specimen, requiredPatt, optionalPatt) => {
      const requiredEntries = [];
      const optionalEntries = [];
      const restEntries = [];
      for (const [name, value] of entries7(specimen)) {
        if (hasOwn9(requiredPatt, name)) {
          requiredEntries.push([name, value]);
        } else if (hasOwn9(optionalPatt, name)) {
          optionalEntries.push([name, value]);
        } else {
          restEntries.push([name, value]);
        }
      }
      return harden({
        requiredSpecimen: fromUniqueEntries(requiredEntries),
        optionalSpecimen: fromUniqueEntries(optionalEntries),
        restSpecimen: fromUniqueEntries(restEntries)
      });
    };
    const adaptRecordPattern = (optionalPatt, names) => fromUniqueEntries(names.map((name) => [name, MM.opt(optionalPatt[name])]));
    const matchSplitRecordHelper = Far("match:splitRecord helper", {
      checkMatches: (specimen, [requiredPatt, optionalPatt = {}, restPatt = MM.any()], check) => {
        if (!checkKind(specimen, "copyRecord", check)) {
          return false;
        }
        const { requiredSpecimen, optionalSpecimen, restSpecimen } = splitRecordParts(specimen, requiredPatt, optionalPatt);
        const partialNames = (
          /** @type {string[]} */
          ownKeys18(optionalSpecimen)
        );
        const partialPatt = adaptRecordPattern(optionalPatt, partialNames);
        return checkMatches2(requiredSpecimen, requiredPatt, check) && partialNames.every(
          (name) => checkMatches2(
            optionalSpecimen[name],
            partialPatt[name],
            check,
            `${name}?`
          )
        ) && checkMatches2(restSpecimen, restPatt, check, "...rest");
      },
      /**
       * @param {Array} splitArray
       * @param {Checker} check
       */
      checkIsWellFormed: (splitArray, check) => {
        if (passStyleOf(splitArray) === "copyArray" && (splitArray.length >= 1 || splitArray.length <= 3)) {
          const [requiredPatt, optionalPatt = void 0, restPatt = void 0] = splitArray;
          if (isPattern2(requiredPatt) && passStyleOf(requiredPatt) === "copyRecord" && (optionalPatt === void 0 || isPattern2(optionalPatt) && passStyleOf(optionalPatt) === "copyRecord") && (restPatt === void 0 || isPattern2(restPatt))) {
            return true;
          }
        }
        return check(
          false,
          redacted`Must be an array of a requiredPatt record, an optional optionalPatt record, and an optional restPatt: ${quote(
            splitArray
          )}`
        );
      },
      getRankCover: ([
        requiredPatt,
        _optionalPatt = void 0,
        _restPatt = void 0
      ]) => getPassStyleCover(passStyleOf(requiredPatt))
    });
    const HelpersByMatchTag = harden({
      "match:any": matchAnyHelper,
      "match:and": matchAndHelper,
      "match:or": matchOrHelper,
      "match:not": matchNotHelper,
      "match:scalar": matchScalarHelper,
      "match:key": matchKeyHelper,
      "match:pattern": matchPatternHelper,
      "match:kind": matchKindHelper,
      "match:tagged": matchTaggedHelper,
      "match:bigint": matchBigintHelper,
      "match:nat": matchNatHelper,
      "match:string": matchStringHelper,
      "match:symbol": matchSymbolHelper,
      "match:remotable": matchRemotableHelper,
      "match:lt": matchLTHelper,
      "match:lte": matchLTEHelper,
      "match:gte": matchGTEHelper,
      "match:gt": matchGTHelper,
      "match:arrayOf": matchArrayOfHelper,
      "match:byteArray": matchByteArrayHelper,
      "match:recordOf": matchRecordOfHelper,
      "match:setOf": matchSetOfHelper,
      "match:bagOf": matchBagOfHelper,
      "match:containerHas": matchContainerHasHelper,
      "match:mapOf": matchMapOfHelper,
      "match:splitArray": matchSplitArrayHelper,
      "match:splitRecord": matchSplitRecordHelper
    });
    const makeMatcher = (tag, payload) => {
      const matcher = makeTagged(tag, payload);
      assertPattern2(matcher);
      return matcher;
    };
    const makeKindMatcher = (kind) => makeMatcher("match:kind", kind);
    const AnyShape = makeMatcher("match:any", void 0);
    const ScalarShape = makeMatcher("match:scalar", void 0);
    const KeyShape = makeMatcher("match:key", void 0);
    const PatternShape = makeMatcher("match:pattern", void 0);
    const BooleanShape = makeKindMatcher("boolean");
    const NumberShape = makeKindMatcher("number");
    const BigIntShape = makeTagged("match:bigint", []);
    const NatShape = makeTagged("match:nat", []);
    const StringShape = makeTagged("match:string", []);
    const SymbolShape = makeTagged("match:symbol", []);
    const RecordShape = makeTagged("match:recordOf", [AnyShape, AnyShape]);
    const ArrayShape = makeTagged("match:arrayOf", [AnyShape]);
    const ByteArrayShape = makeTagged("match:byteArray", []);
    const SetShape = makeTagged("match:setOf", [AnyShape]);
    const BagShape = makeTagged("match:bagOf", [AnyShape, AnyShape]);
    const MapShape = makeTagged("match:mapOf", [AnyShape, AnyShape]);
    const RemotableShape = makeKindMatcher("remotable");
    const ErrorShape = makeKindMatcher("error");
    const PromiseShape = makeKindMatcher("promise");
    const UndefinedShape = makeKindMatcher("undefined");
    const makeLimitsMatcher = (tag, payload) => {
      if (payload[payload.length - 1] === void 0) {
        payload = harden(payload.slice(0, payload.length - 1));
      }
      return makeMatcher(tag, payload);
    };
    const makeRemotableMatcher = (label = void 0) => label === void 0 ? RemotableShape : makeMatcher("match:remotable", harden({ label }));
    const makeSplitPayload = (empty, base, optional = void 0, rest = void 0) => {
      if (rest) {
        return [base, optional || empty, rest];
      }
      if (optional) {
        return [base, optional];
      }
      return [base];
    };
    const M2 = harden({
      any: () => AnyShape,
      and: (...patts) => makeMatcher("match:and", patts),
      or: (...patts) => makeMatcher("match:or", patts),
      not: (subPatt) => makeMatcher("match:not", subPatt),
      scalar: () => ScalarShape,
      key: () => KeyShape,
      pattern: () => PatternShape,
      kind: makeKindMatcher,
      tagged: (tagPatt = M2.string(), payloadPatt = M2.any()) => makeMatcher("match:tagged", harden([tagPatt, payloadPatt])),
      boolean: () => BooleanShape,
      number: () => NumberShape,
      bigint: (limits = void 0) => limits ? makeLimitsMatcher("match:bigint", [limits]) : BigIntShape,
      nat: (limits = void 0) => limits ? makeLimitsMatcher("match:nat", [limits]) : NatShape,
      string: (limits = void 0) => limits ? makeLimitsMatcher("match:string", [limits]) : StringShape,
      symbol: (limits = void 0) => limits ? makeLimitsMatcher("match:symbol", [limits]) : SymbolShape,
      record: (limits = void 0) => limits ? M2.recordOf(M2.any(), M2.any(), limits) : RecordShape,
      // struct: A pattern that matches CopyRecords with a fixed quantity of
      // entries where the values match patterns for corresponding keys is merely
      // a hardened object with patterns in the places of values for
      // corresponding keys.
      // For example, a pattern that matches CopyRecords that have a string value
      // for the key 'x' and a number for the key 'y' is:
      // harden({ x: M.string(), y: M.number() }).
      array: (limits = void 0) => limits ? M2.arrayOf(M2.any(), limits) : ArrayShape,
      // tuple: A pattern that matches CopyArrays with a fixed quantity of values
      // that match a heterogeneous array of patterns is merely a hardened array
      // of the respective patterns.
      // For example, a pattern that matches CopyArrays of length 2 that have a
      // string at index 0 and a number at index 1 is:
      // harden([ M.string(), M.number() ]).
      byteArray: (limits = void 0) => limits ? makeLimitsMatcher("match:byteArray", [limits]) : ByteArrayShape,
      set: (limits = void 0) => limits ? M2.setOf(M2.any(), limits) : SetShape,
      bag: (limits = void 0) => limits ? M2.bagOf(M2.any(), M2.any(), limits) : BagShape,
      map: (limits = void 0) => limits ? M2.mapOf(M2.any(), M2.any(), limits) : MapShape,
      // heterogeneous map: A pattern that matches CopyMaps with a fixed quantity
      // of entries where the value for each key matches a corresponding pattern
      // is merely a (hardened) CopyMap with patterns instead of values for the
      // corresponding keys.
      // For example, a pattern that matches CopyMaps where the value for the key
      // 'x' is a number and the value for the key 'y' is a string is:
      // makeCopyMap([['x', M.number()], ['y', M.string()]]).
      remotable: makeRemotableMatcher,
      error: () => ErrorShape,
      promise: () => PromiseShape,
      undefined: () => UndefinedShape,
      null: () => null,
      lt: (rightOperand) => makeMatcher("match:lt", rightOperand),
      lte: (rightOperand) => makeMatcher("match:lte", rightOperand),
      eq: (key) => {
        assertKey(key);
        return key === void 0 ? M2.undefined() : key;
      },
      neq: (key) => M2.not(M2.eq(key)),
      gte: (rightOperand) => makeMatcher("match:gte", rightOperand),
      gt: (rightOperand) => makeMatcher("match:gt", rightOperand),
      recordOf: (keyPatt = M2.any(), valuePatt = M2.any(), limits = void 0) => makeLimitsMatcher("match:recordOf", [keyPatt, valuePatt, limits]),
      arrayOf: (subPatt = M2.any(), limits = void 0) => makeLimitsMatcher("match:arrayOf", [subPatt, limits]),
      setOf: (keyPatt = M2.any(), limits = void 0) => makeLimitsMatcher("match:setOf", [keyPatt, limits]),
      bagOf: (keyPatt = M2.any(), countPatt = M2.any(), limits = void 0) => makeLimitsMatcher("match:bagOf", [keyPatt, countPatt, limits]),
      containerHas: (elementPatt = M2.any(), countPatt = 1n, limits = void 0) => makeLimitsMatcher("match:containerHas", [elementPatt, countPatt, limits]),
      mapOf: (keyPatt = M2.any(), valuePatt = M2.any(), limits = void 0) => makeLimitsMatcher("match:mapOf", [keyPatt, valuePatt, limits]),
      splitArray: (base, optional = void 0, rest = void 0) => makeMatcher(
        "match:splitArray",
        makeSplitPayload([], base, optional, rest)
      ),
      splitRecord: (base, optional = void 0, rest = void 0) => makeMatcher(
        "match:splitRecord",
        makeSplitPayload({}, base, optional, rest)
      ),
      split: (base, rest = void 0) => {
        if (passStyleOf(harden(base)) === "copyArray") {
          return M2.splitArray(base, rest && [], rest);
        } else {
          return M2.splitRecord(base, rest && {}, rest);
        }
      },
      partial: (base, rest = void 0) => {
        if (passStyleOf(harden(base)) === "copyArray") {
          return M2.splitArray([], base, rest);
        } else {
          return M2.splitRecord({}, base, rest);
        }
      },
      eref: (t) => M2.or(t, M2.promise()),
      opt: (t) => M2.or(M2.undefined(), t),
      interface: (interfaceName, methodGuards, options) => (
        // eslint-disable-next-line no-use-before-define
        makeInterfaceGuard(interfaceName, methodGuards, options)
      ),
      call: (...argPatterns) => (
        // eslint-disable-next-line no-use-before-define
        makeMethodGuardMaker("sync", argPatterns)
      ),
      callWhen: (...argGuards) => (
        // eslint-disable-next-line no-use-before-define
        makeMethodGuardMaker("async", argGuards)
      ),
      await: (argPattern) => (
        // eslint-disable-next-line no-use-before-define
        makeAwaitArgGuard(argPattern)
      ),
      raw: () => (
        // eslint-disable-next-line no-use-before-define
        makeRawGuard()
      )
    });
    return harden({
      checkMatches: checkMatches2,
      matches: matches2,
      mustMatch: mustMatch3,
      assertPattern: assertPattern2,
      isPattern: isPattern2,
      getRankCover: getRankCover2,
      M: M2,
      kindOf: kindOf2,
      containerHasSplit: containerHasSplit2
    });
  };
  var {
    checkMatches,
    matches,
    mustMatch,
    assertPattern,
    isPattern,
    getRankCover,
    M,
    kindOf,
    containerHasSplit
  } = makePatternKit();
  MM = M;
  var AwaitArgGuardPayloadShape = harden({
    argGuard: M.pattern()
  });
  var AwaitArgGuardShape = M.kind("guard:awaitArgGuard");
  var isAwaitArgGuard = (specimen) => matches(specimen, AwaitArgGuardShape);
  harden(isAwaitArgGuard);
  var assertAwaitArgGuard = (specimen) => {
    mustMatch(specimen, AwaitArgGuardShape, "awaitArgGuard");
  };
  harden(assertAwaitArgGuard);
  var makeAwaitArgGuard = (argPattern) => {
    const result = makeTagged("guard:awaitArgGuard", {
      argGuard: argPattern
    });
    assertAwaitArgGuard(result);
    return result;
  };
  var RawGuardPayloadShape = M.record();
  var RawGuardShape = M.kind("guard:rawGuard");
  var isRawGuard = (specimen) => matches(specimen, RawGuardShape);
  var makeRawGuard = () => makeTagged("guard:rawGuard", {});
  var SyncValueGuardShape = M.or(RawGuardShape, M.pattern());
  var SyncValueGuardListShape = M.arrayOf(SyncValueGuardShape);
  var ArgGuardShape = M.or(RawGuardShape, AwaitArgGuardShape, M.pattern());
  var ArgGuardListShape = M.arrayOf(ArgGuardShape);
  var SyncMethodGuardPayloadShape = harden({
    callKind: "sync",
    argGuards: SyncValueGuardListShape,
    optionalArgGuards: M.opt(SyncValueGuardListShape),
    restArgGuard: M.opt(SyncValueGuardShape),
    returnGuard: SyncValueGuardShape
  });
  var AsyncMethodGuardPayloadShape = harden({
    callKind: "async",
    argGuards: ArgGuardListShape,
    optionalArgGuards: M.opt(ArgGuardListShape),
    restArgGuard: M.opt(SyncValueGuardShape),
    returnGuard: SyncValueGuardShape
  });
  var MethodGuardPayloadShape = M.or(
    SyncMethodGuardPayloadShape,
    AsyncMethodGuardPayloadShape
  );
  var MethodGuardShape = M.kind("guard:methodGuard");
  var assertMethodGuard = (specimen) => {
    mustMatch(specimen, MethodGuardShape, "methodGuard");
  };
  harden(assertMethodGuard);
  var makeMethodGuardMaker = (callKind, argGuards, optionalArgGuards = void 0, restArgGuard = void 0) => harden({
    optional: (...optArgGuards) => {
      optionalArgGuards === void 0 || throwRedacted`Can only have one set of optional guards`;
      restArgGuard === void 0 || throwRedacted`optional arg guards must come before rest arg`;
      return makeMethodGuardMaker(callKind, argGuards, optArgGuards);
    },
    rest: (rArgGuard) => {
      restArgGuard === void 0 || throwRedacted`Can only have one rest arg`;
      return makeMethodGuardMaker(
        callKind,
        argGuards,
        optionalArgGuards,
        rArgGuard
      );
    },
    returns: (returnGuard = M.undefined()) => {
      const result = makeTagged("guard:methodGuard", {
        callKind,
        argGuards,
        optionalArgGuards,
        restArgGuard,
        returnGuard
      });
      assertMethodGuard(result);
      return result;
    }
  });
  var InterfaceGuardPayloadShape = M.splitRecord(
    {
      interfaceName: M.string(),
      methodGuards: M.recordOf(M.string(), MethodGuardShape)
    },
    {
      defaultGuards: M.or(M.undefined(), "passable", "raw"),
      sloppy: M.boolean(),
      symbolMethodGuards: M.mapOf(M.symbol(), MethodGuardShape)
    }
  );
  var InterfaceGuardShape = M.kind("guard:interfaceGuard");
  var assertInterfaceGuard = (specimen) => {
    mustMatch(specimen, InterfaceGuardShape, "interfaceGuard");
  };
  harden(assertInterfaceGuard);
  var makeInterfaceGuard = (interfaceName, methodGuards, options = {}) => {
    const { sloppy = false, defaultGuards = sloppy ? "passable" : void 0 } = options;
    const stringMethodGuards = {};
    const symbolMethodGuardsEntries = [];
    for (const key of ownKeys18(methodGuards)) {
      const value = methodGuards[
        /** @type {string} */
        key
      ];
      if (typeof key === "symbol") {
        symbolMethodGuardsEntries.push([key, value]);
      } else {
        stringMethodGuards[key] = value;
      }
    }
    const result = makeTagged("guard:interfaceGuard", {
      interfaceName,
      methodGuards: stringMethodGuards,
      ...symbolMethodGuardsEntries.length ? { symbolMethodGuards: makeCopyMap(symbolMethodGuardsEntries) } : {},
      defaultGuards
    });
    assertInterfaceGuard(result);
    return (
      /** @type {InterfaceGuard<M>} */
      result
    );
  };
  var GuardPayloadShapes = harden({
    "guard:awaitArgGuard": AwaitArgGuardPayloadShape,
    "guard:rawGuard": RawGuardPayloadShape,
    "guard:methodGuard": MethodGuardPayloadShape,
    "guard:interfaceGuard": InterfaceGuardPayloadShape
  });

  // node_modules/@endo/patterns/src/patterns/getGuardPayloads.js
  var LegacyAwaitArgGuardShape = harden({
    klass: "awaitArg",
    argGuard: M.pattern()
  });
  var getAwaitArgGuardPayload = (awaitArgGuard) => {
    if (matches(awaitArgGuard, LegacyAwaitArgGuardShape)) {
      const { klass: _, ...payload } = awaitArgGuard;
      return payload;
    }
    assertAwaitArgGuard(awaitArgGuard);
    return awaitArgGuard.payload;
  };
  harden(getAwaitArgGuardPayload);
  var LegacySyncMethodGuardShape = M.splitRecord(
    {
      klass: "methodGuard",
      callKind: "sync",
      argGuards: SyncValueGuardListShape,
      returnGuard: SyncValueGuardShape
    },
    {
      optionalArgGuards: SyncValueGuardListShape,
      restArgGuard: SyncValueGuardShape
    }
  );
  var LegacyArgGuardShape = M.or(
    RawGuardShape,
    AwaitArgGuardShape,
    LegacyAwaitArgGuardShape,
    M.pattern()
  );
  var LegacyArgGuardListShape = M.arrayOf(LegacyArgGuardShape);
  var LegacyAsyncMethodGuardShape = M.splitRecord(
    {
      klass: "methodGuard",
      callKind: "async",
      argGuards: LegacyArgGuardListShape,
      returnGuard: SyncValueGuardShape
    },
    {
      optionalArgGuards: ArgGuardListShape,
      restArgGuard: SyncValueGuardShape
    }
  );
  var LegacyMethodGuardShape = M.or(
    LegacySyncMethodGuardShape,
    LegacyAsyncMethodGuardShape
  );
  var adaptLegacyArgGuard = (argGuard) => matches(argGuard, LegacyAwaitArgGuardShape) ? M.await(getAwaitArgGuardPayload(argGuard).argGuard) : argGuard;
  var getMethodGuardPayload = (methodGuard) => {
    if (matches(methodGuard, MethodGuardShape)) {
      return methodGuard.payload;
    }
    mustMatch(methodGuard, LegacyMethodGuardShape, "legacyMethodGuard");
    const {
      // @ts-expect-error Legacy adaptor can be ill typed
      klass: _,
      // @ts-expect-error Legacy adaptor can be ill typed
      callKind,
      // @ts-expect-error Legacy adaptor can be ill typed
      returnGuard,
      // @ts-expect-error Legacy adaptor can be ill typed
      restArgGuard
    } = methodGuard;
    let {
      // @ts-expect-error Legacy adaptor can be ill typed
      argGuards,
      // @ts-expect-error Legacy adaptor can be ill typed
      optionalArgGuards
    } = methodGuard;
    if (callKind === "async") {
      argGuards = argGuards.map(adaptLegacyArgGuard);
      optionalArgGuards = optionalArgGuards && optionalArgGuards.map(adaptLegacyArgGuard);
    }
    const payload = harden({
      callKind,
      argGuards,
      optionalArgGuards,
      restArgGuard,
      returnGuard
    });
    mustMatch(payload, MethodGuardPayloadShape, "internalMethodGuardAdaptor");
    return payload;
  };
  harden(getMethodGuardPayload);
  var LegacyInterfaceGuardShape = M.splitRecord(
    {
      klass: "Interface",
      interfaceName: M.string(),
      methodGuards: M.recordOf(
        M.string(),
        M.or(MethodGuardShape, LegacyMethodGuardShape)
      )
    },
    {
      defaultGuards: M.or(M.undefined(), "passable", "raw"),
      sloppy: M.boolean(),
      // There is no need to accommodate LegacyMethodGuardShape in
      // this position, since `symbolMethodGuards happened
      // after https://github.com/endojs/endo/pull/1712
      symbolMethodGuards: M.mapOf(M.symbol(), MethodGuardShape)
    }
  );
  var adaptMethodGuard = (methodGuard) => {
    if (matches(methodGuard, LegacyMethodGuardShape)) {
      const {
        callKind,
        argGuards,
        optionalArgGuards = [],
        restArgGuard = M.any(),
        returnGuard
      } = getMethodGuardPayload(methodGuard);
      const mCall = callKind === "sync" ? M.call : M.callWhen;
      return mCall(...argGuards).optional(...optionalArgGuards).rest(restArgGuard).returns(returnGuard);
    }
    return methodGuard;
  };
  var getInterfaceGuardPayload = (interfaceGuard) => {
    if (matches(interfaceGuard, InterfaceGuardShape)) {
      return interfaceGuard.payload;
    }
    mustMatch(interfaceGuard, LegacyInterfaceGuardShape, "legacyInterfaceGuard");
    let { klass: _, interfaceName, methodGuards, ...rest } = interfaceGuard;
    methodGuards = objectMap(methodGuards, adaptMethodGuard);
    const payload = harden({
      interfaceName,
      methodGuards,
      ...rest
    });
    mustMatch(
      payload,
      InterfaceGuardPayloadShape,
      "internalInterfaceGuardAdaptor"
    );
    return payload;
  };
  harden(getInterfaceGuardPayload);
  var emptyCopyMap = makeCopyMap([]);
  var getInterfaceMethodKeys = (interfaceGuard) => {
    const { methodGuards, symbolMethodGuards = emptyCopyMap } = getInterfaceGuardPayload(interfaceGuard);
    return harden([
      ...Reflect.ownKeys(methodGuards),
      ...getCopyMapKeys(symbolMethodGuards)
    ]);
  };
  harden(getInterfaceMethodKeys);

  // node_modules/@agoric/store/src/stores/scalarWeakSetStore.js
  var makeWeakSetStoreMethods = (jsset, assertKeyOkToAdd, assertKeyOkToDelete = void 0, keyName = "key") => {
    const assertKeyExists = (key) => jsset.has(key) || throwRedacted`${quote(keyName)} not found: ${key}`;
    return harden({
      has: (key) => {
        return jsset.has(key);
      },
      add: (key) => {
        assertKeyOkToAdd(key);
        jsset.add(key);
      },
      delete: (key) => {
        assertKeyExists(key);
        if (assertKeyOkToDelete !== void 0) {
          assertKeyOkToDelete(key);
        }
        jsset.delete(key);
      },
      addAll: (keys) => {
        if (typeof keys[Symbol.iterator] !== "function") {
          if (Object.isFrozen(keys) && isCopySet(keys)) {
            keys = getCopySetKeys(keys);
          } else {
            throwRedacted`provided data source is not iterable: ${keys}`;
          }
        }
        for (
          const key of
          /** @type {Iterable<K>} */
          keys
        ) {
          assertKeyOkToAdd(key);
          jsset.add(key);
        }
      }
    });
  };
  var makeScalarWeakSetStore = (tag = "key", { longLived = true, keyShape = void 0 } = {}) => {
    const jsset = new (longLived ? WeakSet : Set)();
    if (keyShape !== void 0) {
      assertPattern(keyShape);
    }
    const assertKeyOkToAdd = (key) => {
      harden(key);
      passStyleOf(key) === "remotable" || throwRedacted`Only remotables can be keys of scalar WeakStores: ${key}`;
      if (keyShape !== void 0) {
        mustMatch(key, keyShape, "weakSetStore key");
      }
    };
    return Far(`scalar WeakSetStore of ${quote(tag)}`, {
      ...makeWeakSetStoreMethods(jsset, assertKeyOkToAdd, void 0, tag)
    });
  };
  harden(makeScalarWeakSetStore);

  // node_modules/@agoric/store/src/stores/store-utils.js
  var makeCurrentKeysKit = (getRawKeys, checkHas, compare, assertOkToAdd, assertOkToDelete = void 0, keyName = "key") => {
    let updateCount = 0;
    let sortedKeysMemo;
    const assertUpdateOnAdd = (k, v = void 0) => {
      assertOkToAdd(k, v);
      updateCount += 1;
      sortedKeysMemo = void 0;
    };
    const assertUpdateOnDelete = (k) => assertOkToDelete && assertOkToDelete(k);
    const getSortedKeys = () => {
      if (sortedKeysMemo === void 0) {
        sortedKeysMemo = harden([...getRawKeys()].sort(compare));
      }
      return sortedKeysMemo;
    };
    const iterableKeys = Far("Iterable of keys", {
      [Symbol.iterator]: () => {
        const generation = updateCount;
        getSortedKeys();
        const len = sortedKeysMemo.length;
        let i = 0;
        return Far("Iterator of keys", {
          next: () => {
            generation === updateCount || throwRedacted`Store ${quote(keyName)} cursor stale`;
            for (; ; ) {
              if (i < len) {
                const value = sortedKeysMemo[i];
                i += 1;
                if (checkHas(value)) {
                  return harden({ done: false, value });
                }
              } else {
                return harden({ done: true, value: void 0 });
              }
            }
          }
        });
      }
    });
    return harden({
      assertUpdateOnAdd,
      assertUpdateOnDelete,
      iterableKeys
    });
  };
  harden(makeCurrentKeysKit);
  var provideLazy = (mapStore, key, makeValue) => {
    if (!mapStore.has(key)) {
      mapStore.init(key, makeValue(key));
    }
    return mapStore.get(key);
  };
  harden(provideLazy);
  var makeAtomicProvider = (store) => {
    const pending = /* @__PURE__ */ new Map();
    const provideAsync = (key, makeValue, finishValue) => {
      if (store.has(key)) {
        return Promise.resolve(store.get(key));
      }
      if (!pending.has(key)) {
        const valP2 = makeValue(key).then((v) => {
          store.init(key, v);
          return v;
        }).then((v) => {
          if (finishValue) {
            return finishValue(key, v).then(() => v);
          }
          return v;
        }).finally(() => {
          pending.delete(key);
        });
        pending.set(key, valP2);
      }
      const valP = pending.get(key);
      assert(valP);
      return valP;
    };
    return harden({ provideAsync });
  };
  harden(makeAtomicProvider);
  var appendToStoredArray = (mapStore, key, item) => {
    if (mapStore.has(key)) {
      const extant = mapStore.get(key);
      mapStore.set(key, harden([...extant, item]));
    } else {
      mapStore.init(key, harden([item]));
    }
  };
  harden(appendToStoredArray);

  // node_modules/@agoric/store/src/stores/scalarSetStore.js
  var makeSetStoreMethods = (jsset, assertKeyOkToAdd, assertKeyOkToDelete = void 0, keyName = "key") => {
    const { assertUpdateOnAdd, assertUpdateOnDelete, iterableKeys } = makeCurrentKeysKit(
      () => jsset.keys(),
      (k) => jsset.has(k),
      compareRank,
      assertKeyOkToAdd,
      assertKeyOkToDelete,
      keyName
    );
    const keys = (keyPatt = void 0) => keyPatt === void 0 ? iterableKeys : filterIterable(iterableKeys, (k) => matches(k, keyPatt));
    return harden({
      ...makeWeakSetStoreMethods(
        jsset,
        assertUpdateOnAdd,
        assertUpdateOnDelete,
        keyName
      ),
      keys,
      values: keys,
      snapshot: (keyPatt = void 0) => makeCopySet(keys(keyPatt)),
      getSize: (keyPatt = void 0) => keyPatt === void 0 ? jsset.size : [...keys(keyPatt)].length,
      clear: (keyPatt = void 0) => {
        if (keyPatt === void 0) {
          jsset.clear();
        }
        for (const key of keys(keyPatt)) {
          jsset.delete(key);
        }
      }
    });
  };
  var makeScalarSetStore = (tag = "key", { keyShape = void 0 } = {}) => {
    const jsset = /* @__PURE__ */ new Set();
    if (keyShape !== void 0) {
      assertPattern(keyShape);
    }
    const assertKeyOkToAdd = (key) => {
      harden(key);
      assertScalarKey(key);
      if (keyShape !== void 0) {
        mustMatch(key, keyShape, "setStore key");
      }
    };
    return Far(`scalar SetStore of ${quote(tag)}`, {
      ...makeSetStoreMethods(jsset, assertKeyOkToAdd, void 0, tag)
    });
  };
  harden(makeScalarSetStore);

  // node_modules/@agoric/store/src/stores/scalarWeakMapStore.js
  var makeWeakMapStoreMethods = (jsmap, assertKVOkToAdd, assertKVOkToSet, assertKeyOkToDelete = void 0, keyName = "key") => {
    const assertKeyDoesNotExist = (key) => !jsmap.has(key) || throwRedacted`${quote(keyName)} already registered: ${key}`;
    const assertKeyExists = (key) => jsmap.has(key) || throwRedacted`${quote(keyName)} not found: ${key}`;
    return harden({
      has: (key) => {
        return jsmap.has(key);
      },
      get: (key) => {
        assertKeyExists(key);
        return (
          /** @type {V} */
          jsmap.get(key)
        );
      },
      init: (key, value) => {
        assertKeyDoesNotExist(key);
        assertKVOkToAdd(key, value);
        jsmap.set(key, value);
      },
      set: (key, value) => {
        assertKeyExists(key);
        assertKVOkToSet(key, value);
        jsmap.set(key, value);
      },
      delete: (key) => {
        assertKeyExists(key);
        if (assertKeyOkToDelete !== void 0) {
          assertKeyOkToDelete(key);
        }
        jsmap.delete(key);
      },
      addAll: (entries9) => {
        if (typeof entries9[Symbol.iterator] !== "function") {
          if (Object.isFrozen(entries9) && isCopyMap(entries9)) {
            entries9 = getCopyMapEntries(entries9);
          } else {
            throwRedacted`provided data source is not iterable: ${entries9}`;
          }
        }
        for (
          const [key, value] of
          /** @type {Iterable<[K, V]>} */
          entries9
        ) {
          assertKVOkToAdd(key, value);
          jsmap.set(key, value);
        }
      }
    });
  };
  var makeScalarWeakMapStore = (tag = "key", { longLived = true, keyShape = void 0, valueShape = void 0 } = {}) => {
    const jsmap = new (longLived ? WeakMap : Map)();
    if (keyShape !== void 0) {
      assertPattern(keyShape);
    }
    if (valueShape !== void 0) {
      assertPattern(valueShape);
    }
    const assertKVOkToSet = (_key, value) => {
      harden(value);
      assertPassable(value);
      if (valueShape !== void 0) {
        mustMatch(value, valueShape, "weakMapStore value");
      }
    };
    const assertKVOkToAdd = (key, value) => {
      harden(key);
      passStyleOf(key) === "remotable" || throwRedacted`Only remotables can be keys of scalar WeakMapStores: ${key}`;
      if (keyShape !== void 0) {
        mustMatch(key, keyShape, "weakMapStore key");
      }
      assertKVOkToSet(key, value);
    };
    return Far(`scalar WeakMapStore of ${quote(tag)}`, {
      ...makeWeakMapStoreMethods(
        jsmap,
        assertKVOkToAdd,
        assertKVOkToSet,
        void 0,
        tag
      )
    });
  };
  harden(makeScalarWeakMapStore);

  // node_modules/@agoric/store/src/stores/scalarMapStore.js
  var makeMapStoreMethods = (jsmap, assertKVOkToAdd, assertKVOkToSet, assertKeyOkToDelete = void 0, tag = "key") => {
    const { assertUpdateOnAdd, assertUpdateOnDelete, iterableKeys } = makeCurrentKeysKit(
      () => jsmap.keys(),
      (k) => jsmap.has(k),
      compareRank,
      assertKVOkToAdd,
      assertKeyOkToDelete,
      tag
    );
    const keys = (keyPatt = void 0, valuePatt = void 0) => {
      if (keyPatt === void 0 && valuePatt === void 0) {
        return iterableKeys;
      }
      const filter = (k) => {
        if (keyPatt !== void 0 && !matches(k, keyPatt)) {
          return false;
        }
        if (valuePatt !== void 0 && !matches(jsmap.get(k), valuePatt)) {
          return false;
        }
        return true;
      };
      return filterIterable(iterableKeys, filter);
    };
    const values5 = (keyPatt = void 0, valuePatt = void 0) => mapIterable(keys(keyPatt, valuePatt), (k) => (
      /** @type {V} */
      jsmap.get(k)
    ));
    const entries9 = (keyPatt = void 0, valuePatt = void 0) => mapIterable(keys(keyPatt, valuePatt), (k) => [
      k,
      /** @type {V} */
      jsmap.get(k)
    ]);
    return harden({
      ...makeWeakMapStoreMethods(
        jsmap,
        /** @type {(k: K, v: V) => void} */
        assertUpdateOnAdd,
        assertKVOkToSet,
        assertUpdateOnDelete,
        tag
      ),
      keys,
      values: values5,
      entries: entries9,
      snapshot: (keyPatt = void 0, valuePatt = void 0) => makeCopyMap(entries9(keyPatt, valuePatt)),
      getSize: (keyPatt = void 0, valuePatt = void 0) => keyPatt === void 0 && valuePatt === void 0 ? jsmap.size : [...keys(keyPatt, valuePatt)].length,
      clear: (keyPatt = void 0, valuePatt = void 0) => {
        if (keyPatt === void 0 && valuePatt === void 0) {
          jsmap.clear();
        }
        for (const key of keys(keyPatt, valuePatt)) {
          jsmap.delete(key);
        }
      }
    });
  };
  var makeScalarMapStore = (tag = "key", { keyShape = void 0, valueShape = void 0 } = {}) => {
    const jsmap = /* @__PURE__ */ new Map();
    if (keyShape !== void 0) {
      assertPattern(keyShape);
    }
    if (valueShape !== void 0) {
      assertPattern(valueShape);
    }
    const assertKVOkToSet = (_key, value) => {
      harden(value);
      assertPassable(value);
      if (valueShape !== void 0) {
        mustMatch(value, valueShape, "mapStore value");
      }
    };
    const assertKVOkToAdd = (key, value) => {
      harden(key);
      assertScalarKey(key);
      if (keyShape !== void 0) {
        mustMatch(key, keyShape, "mapStore key");
      }
      assertKVOkToSet(key, value);
    };
    return Far(`scalar MapStore of ${quote(tag)}`, {
      ...makeMapStoreMethods(
        jsmap,
        assertKVOkToAdd,
        assertKVOkToSet,
        void 0,
        tag
      )
    });
  };
  harden(makeScalarMapStore);

  // node_modules/@endo/exo/src/get-interface.js
  var GET_INTERFACE_GUARD = "__getInterfaceGuard__";

  // node_modules/@endo/exo/src/exo-tools.js
  var { apply: apply5, ownKeys: ownKeys19 } = Reflect;
  var { defineProperties: defineProperties3, fromEntries: fromEntries8, hasOwn: hasOwn10 } = Object;
  var RawMethodGuard = M.call().rest(M.raw()).returns(M.raw());
  var REDACTED_RAW_ARG = "<redacted raw arg>";
  var PassableMethodGuard = M.call().rest(M.any()).returns(M.any());
  var defendSyncArgs = (syncArgs, matchConfig, label = void 0) => {
    const {
      declaredLen,
      hasRestArgGuard,
      restArgGuardIsRaw,
      paramsPattern,
      redactedIndices
    } = matchConfig;
    let matchableArgs = syncArgs;
    if (restArgGuardIsRaw && syncArgs.length > declaredLen) {
      const restLen = syncArgs.length - declaredLen;
      const redactedRest = Array(restLen).fill(REDACTED_RAW_ARG);
      matchableArgs = [...syncArgs.slice(0, declaredLen), ...redactedRest];
    } else if (redactedIndices.length > 0 && redactedIndices[0] < syncArgs.length) {
      matchableArgs = [...syncArgs];
    }
    for (const i of redactedIndices) {
      if (i >= matchableArgs.length) {
        break;
      }
      matchableArgs[i] = REDACTED_RAW_ARG;
    }
    mustMatch(harden(matchableArgs), paramsPattern, label);
    if (hasRestArgGuard) {
      return syncArgs;
    }
    syncArgs.length <= declaredLen || throwRedacted`${quote(label)} accepts at most ${quote(declaredLen)} arguments, not ${quote(
      syncArgs.length
    )}: ${syncArgs}`;
    return syncArgs;
  };
  var buildMatchConfig = (methodGuardPayload) => {
    const {
      argGuards,
      optionalArgGuards = [],
      restArgGuard
    } = methodGuardPayload;
    const matchableArgGuards = [...argGuards, ...optionalArgGuards];
    const redactedIndices = [];
    for (let i = 0; i < matchableArgGuards.length; i += 1) {
      if (isRawGuard(matchableArgGuards[i])) {
        matchableArgGuards[i] = REDACTED_RAW_ARG;
        redactedIndices.push(i);
      }
    }
    let matchableRestArgGuard = restArgGuard;
    if (isRawGuard(matchableRestArgGuard)) {
      matchableRestArgGuard = M.arrayOf(REDACTED_RAW_ARG);
    }
    const matchableMethodGuardPayload = harden({
      ...methodGuardPayload,
      argGuards: matchableArgGuards.slice(0, argGuards.length),
      optionalArgGuards: matchableArgGuards.slice(argGuards.length),
      restArgGuard: matchableRestArgGuard
    });
    const paramsPattern = M.splitArray(
      matchableMethodGuardPayload.argGuards,
      matchableMethodGuardPayload.optionalArgGuards,
      matchableMethodGuardPayload.restArgGuard
    );
    return harden({
      declaredLen: matchableArgGuards.length,
      hasRestArgGuard: restArgGuard !== void 0,
      restArgGuardIsRaw: restArgGuard !== matchableRestArgGuard,
      paramsPattern,
      redactedIndices,
      matchableMethodGuardPayload
    });
  };
  var defendSyncMethod = (getContext, behaviorMethod, methodGuardPayload, label) => {
    const { returnGuard } = methodGuardPayload;
    const isRawReturn = isRawGuard(returnGuard);
    const matchConfig = buildMatchConfig(methodGuardPayload);
    const { syncMethod } = {
      // Note purposeful use of `this` and concise method syntax
      syncMethod(...syncArgs) {
        try {
          const context = getContext(this);
          const realArgs = defendSyncArgs(syncArgs, matchConfig, label);
          const result = apply5(behaviorMethod, context, realArgs);
          if (!isRawReturn) {
            mustMatch(harden(result), returnGuard, `${label}: result`);
          }
          return result;
        } catch (thrownThing) {
          throw toThrowable(thrownThing);
        }
      }
    };
    return syncMethod;
  };
  var desync = (methodGuardPayload) => {
    const {
      argGuards,
      optionalArgGuards = [],
      restArgGuard
    } = methodGuardPayload;
    !isAwaitArgGuard(restArgGuard) || throwRedacted`Rest args may not be awaited: ${restArgGuard}`;
    const rawArgGuards = [...argGuards, ...optionalArgGuards];
    const awaitIndexes = [];
    for (let i = 0; i < rawArgGuards.length; i += 1) {
      const argGuard = rawArgGuards[i];
      if (isAwaitArgGuard(argGuard)) {
        rawArgGuards[i] = getAwaitArgGuardPayload(argGuard).argGuard;
        awaitIndexes.push(i);
      }
    }
    return {
      awaitIndexes,
      rawMethodGuardPayload: {
        ...methodGuardPayload,
        argGuards: rawArgGuards.slice(0, argGuards.length),
        optionalArgGuards: rawArgGuards.slice(argGuards.length)
      }
    };
  };
  var defendAsyncMethod = (getContext, behaviorMethod, methodGuardPayload, label) => {
    const { returnGuard } = methodGuardPayload;
    const isRawReturn = isRawGuard(returnGuard);
    const { awaitIndexes, rawMethodGuardPayload } = desync(methodGuardPayload);
    const matchConfig = buildMatchConfig(rawMethodGuardPayload);
    const { asyncMethod } = {
      // Note purposeful use of `this` and concise method syntax
      asyncMethod(...args) {
        const awaitList = [];
        for (const i of awaitIndexes) {
          if (i >= args.length) {
            break;
          }
          awaitList.push(args[i]);
        }
        const p = Promise.all(awaitList);
        const syncArgs = [...args];
        const resultP = E.when(
          p,
          /** @param {any[]} awaitedArgs */
          (awaitedArgs) => {
            for (let j = 0; j < awaitedArgs.length; j += 1) {
              syncArgs[awaitIndexes[j]] = awaitedArgs[j];
            }
            const context = getContext(this);
            const realArgs = defendSyncArgs(syncArgs, matchConfig, label);
            return apply5(behaviorMethod, context, realArgs);
          }
        );
        return E.when(resultP, (fulfillment) => {
          if (!isRawReturn) {
            mustMatch(harden(fulfillment), returnGuard, `${label}: result`);
          }
          return fulfillment;
        }).catch(
          (reason) => (
            // Done is a chained `.catch` rather than an onRejected clause of the
            // `E.when` above in case the `mustMatch` throws.
            Promise.reject(toThrowable(reason))
          )
        );
      }
    };
    return asyncMethod;
  };
  var defendMethod = (getContext, behaviorMethod, methodGuard, label) => {
    const methodGuardPayload = getMethodGuardPayload(methodGuard);
    const { callKind } = methodGuardPayload;
    if (callKind === "sync") {
      return defendSyncMethod(
        getContext,
        behaviorMethod,
        methodGuardPayload,
        label
      );
    } else {
      assert(callKind === "async");
      return defendAsyncMethod(
        getContext,
        behaviorMethod,
        methodGuardPayload,
        label
      );
    }
  };
  var bindMethod = (methodTag, contextProvider, behaviorMethod, methodGuard) => {
    assert.typeof(behaviorMethod, "function");
    const getContext = (representative) => {
      representative || // separate line to ease breakpointing
      throwRedacted`Method ${methodTag} called without 'this' object`;
      const context = contextProvider(representative);
      if (context === void 0) {
        throw throwRedacted`${quote(
          methodTag
        )} may only be applied to a valid instance: ${representative}`;
      }
      return context;
    };
    const method = defendMethod(
      getContext,
      behaviorMethod,
      methodGuard,
      methodTag
    );
    defineProperties3(method, {
      name: { value: methodTag },
      length: { value: behaviorMethod.length }
    });
    return method;
  };
  var defendPrototype = (tag, contextProvider, behaviorMethods, thisfulMethods = false, interfaceGuard = void 0) => {
    const prototype = {};
    const methodNames = getRemotableMethodNames(behaviorMethods).filter(
      // By ignoring any method that seems to be a constructor, we can use a
      // class.prototype as a behaviorMethods.
      (key) => {
        if (key !== "constructor") {
          return true;
        }
        const constructor = behaviorMethods.constructor;
        return !(constructor.prototype && constructor.prototype.constructor === constructor);
      }
    );
    let methodGuards;
    let defaultGuards;
    if (interfaceGuard) {
      const {
        interfaceName,
        methodGuards: mg,
        symbolMethodGuards,
        sloppy,
        defaultGuards: dg = sloppy ? "passable" : defaultGuards
      } = getInterfaceGuardPayload(interfaceGuard);
      methodGuards = harden({
        ...mg,
        ...symbolMethodGuards && fromEntries8(getCopyMapEntries(symbolMethodGuards))
      });
      defaultGuards = dg;
      {
        const methodGuardNames = ownKeys19(methodGuards);
        const unimplemented = listDifference(methodGuardNames, methodNames);
        unimplemented.length === 0 || throwRedacted`methods ${quote(unimplemented)} not implemented by ${quote(tag)}`;
        if (defaultGuards === void 0) {
          const unguarded = listDifference(methodNames, methodGuardNames);
          unguarded.length === 0 || throwRedacted`methods ${quote(unguarded)} not guarded by ${quote(interfaceName)}`;
        }
      }
    }
    for (const prop of methodNames) {
      const originalMethod = behaviorMethods[prop];
      const { shiftedMethod } = {
        shiftedMethod(...args) {
          return originalMethod(this, ...args);
        }
      };
      const behaviorMethod = thisfulMethods ? originalMethod : shiftedMethod;
      let methodGuard = methodGuards && methodGuards[prop];
      if (!methodGuard) {
        switch (defaultGuards) {
          case void 0: {
            if (thisfulMethods) {
              methodGuard = PassableMethodGuard;
            } else {
              methodGuard = RawMethodGuard;
            }
            break;
          }
          case "passable": {
            methodGuard = PassableMethodGuard;
            break;
          }
          case "raw": {
            methodGuard = RawMethodGuard;
            break;
          }
          default: {
            throw throwRedacted`Unrecognized defaultGuards ${quote(defaultGuards)}`;
          }
        }
      }
      prototype[prop] = bindMethod(
        `In ${quote(prop)} method of (${tag})`,
        contextProvider,
        behaviorMethod,
        methodGuard
      );
    }
    if (!hasOwn10(prototype, GET_INTERFACE_GUARD)) {
      const getInterfaceGuardMethod = {
        [GET_INTERFACE_GUARD]() {
          return interfaceGuard;
        }
      }[GET_INTERFACE_GUARD];
      prototype[GET_INTERFACE_GUARD] = bindMethod(
        `In ${quote(GET_INTERFACE_GUARD)} method of (${tag})`,
        contextProvider,
        getInterfaceGuardMethod,
        PassableMethodGuard
      );
    }
    return Far(
      tag,
      /** @type {T & GetInterfaceGuard<T>} */
      prototype
    );
  };
  harden(defendPrototype);
  var defendPrototypeKit = (tag, contextProviderKit, behaviorMethodsKit, thisfulMethods = false, interfaceGuardKit = void 0) => {
    const facetNames = ownKeys19(behaviorMethodsKit).sort();
    facetNames.length > 1 || throwRedacted`A multi-facet object must have multiple facets`;
    if (interfaceGuardKit) {
      const interfaceNames = ownKeys19(interfaceGuardKit);
      const extraInterfaceNames = listDifference(facetNames, interfaceNames);
      extraInterfaceNames.length === 0 || throwRedacted`Interfaces ${quote(extraInterfaceNames)} not implemented by ${quote(tag)}`;
      const extraFacetNames2 = listDifference(interfaceNames, facetNames);
      extraFacetNames2.length === 0 || throwRedacted`Facets ${quote(extraFacetNames2)} of ${quote(tag)} not guarded by interfaces`;
    }
    const contextMapNames = ownKeys19(contextProviderKit);
    const extraContextNames = listDifference(facetNames, contextMapNames);
    extraContextNames.length === 0 || throwRedacted`Contexts ${quote(extraContextNames)} not implemented by ${quote(tag)}`;
    const extraFacetNames = listDifference(contextMapNames, facetNames);
    extraFacetNames.length === 0 || throwRedacted`Facets ${quote(extraFacetNames)} of ${quote(tag)} missing contexts`;
    const protoKit = objectMap(
      behaviorMethodsKit,
      (behaviorMethods, facetName) => defendPrototype(
        `${tag} ${String(facetName)}`,
        contextProviderKit[facetName],
        behaviorMethods,
        thisfulMethods,
        interfaceGuardKit && interfaceGuardKit[facetName]
      )
    );
    return protoKit;
  };

  // node_modules/@endo/exo/src/exo-makers.js
  var { create: create3, seal, freeze: freeze7, defineProperty, values: values3 } = Object;
  var LABEL_INSTANCES = environmentOptionsListHas("DEBUG", "label-instances");
  var makeSelf = (proto, instanceCount) => {
    const self = create3(proto);
    if (LABEL_INSTANCES) {
      defineProperty(self, Symbol.toStringTag, {
        value: `${proto[Symbol.toStringTag]}#${instanceCount}`,
        writable: false,
        enumerable: false,
        configurable: false
      });
    }
    return harden(self);
  };
  var emptyRecord = harden({});
  var initEmpty = () => emptyRecord;
  var defineExoClass = (tag, interfaceGuard, init, methods, options = {}) => {
    harden(methods);
    const {
      finish: finish2 = void 0,
      receiveAmplifier = void 0,
      receiveInstanceTester = void 0
    } = options;
    receiveAmplifier === void 0 || throwRedacted`Only facets of an exo class kit can be amplified ${quote(tag)}`;
    const contextMap = /* @__PURE__ */ new WeakMap();
    const proto = defendPrototype(
      tag,
      (self) => (
        /** @type {any} */
        contextMap.get(self)
      ),
      methods,
      true,
      interfaceGuard
    );
    let instanceCount = 0;
    const makeInstance = (...args) => {
      const state = seal(init(...args));
      instanceCount += 1;
      const self = makeSelf(proto, instanceCount);
      const context = freeze7({ state, self });
      contextMap.set(self, context);
      if (finish2) {
        finish2(context);
      }
      return self;
    };
    if (receiveInstanceTester) {
      const isInstance = (exo, facetName = void 0) => {
        facetName === void 0 || throwRedacted`facetName can only be used with an exo class kit: ${quote(
          tag
        )} has no facet ${quote(facetName)}`;
        return contextMap.has(exo);
      };
      harden(isInstance);
      receiveInstanceTester(isInstance);
    }
    return harden(makeInstance);
  };
  harden(defineExoClass);
  var defineExoClassKit = (tag, interfaceGuardKit, init, methodsKit, options = {}) => {
    harden(methodsKit);
    const {
      finish: finish2 = void 0,
      receiveAmplifier = void 0,
      receiveInstanceTester = void 0
    } = options;
    const contextMapKit = objectMap(methodsKit, () => /* @__PURE__ */ new WeakMap());
    const getContextKit = objectMap(
      contextMapKit,
      (contextMap) => (facet) => contextMap.get(facet)
    );
    const prototypeKit = defendPrototypeKit(
      tag,
      getContextKit,
      methodsKit,
      true,
      interfaceGuardKit
    );
    let instanceCount = 0;
    const makeInstanceKit = (...args) => {
      const state = seal(init(...args));
      const context = { state, facets: null };
      instanceCount += 1;
      const facets = objectMap(prototypeKit, (proto, facetName) => {
        const self = makeSelf(proto, instanceCount);
        contextMapKit[facetName].set(self, context);
        return self;
      });
      context.facets = facets;
      freeze7(context);
      if (finish2) {
        finish2(context);
      }
      return (
        /** @type {GuardedKit<F>} */
        context.facets
      );
    };
    if (receiveAmplifier) {
      const amplify = (exoFacet) => {
        for (const contextMap of values3(contextMapKit)) {
          if (contextMap.has(exoFacet)) {
            const { facets } = contextMap.get(exoFacet);
            return facets;
          }
        }
        throw throwRedacted`Must be a facet of ${quote(tag)}: ${exoFacet}`;
      };
      harden(amplify);
      receiveAmplifier(amplify);
    }
    if (receiveInstanceTester) {
      const isInstance = (exoFacet, facetName = void 0) => {
        if (facetName === void 0) {
          return values3(contextMapKit).some(
            (contextMap2) => contextMap2.has(exoFacet)
          );
        }
        assert.typeof(facetName, "string");
        const contextMap = contextMapKit[facetName];
        contextMap !== void 0 || throwRedacted`exo class kit ${quote(tag)} has no facet named ${quote(facetName)}`;
        return contextMap.has(exoFacet);
      };
      harden(isInstance);
      receiveInstanceTester(isInstance);
    }
    return harden(makeInstanceKit);
  };
  harden(defineExoClassKit);
  var makeExo = (tag, interfaceGuard, methods, options = void 0) => {
    const makeInstance = defineExoClass(
      tag,
      interfaceGuard,
      initEmpty,
      methods,
      options
    );
    return makeInstance();
  };
  harden(makeExo);

  // node_modules/@agoric/store/src/legacy/legacyMap.js
  var makeLegacyMap = (tag = "key") => {
    const m = /* @__PURE__ */ new Map();
    const assertKeyDoesNotExist = (key) => !m.has(key) || throwRedacted`${quote(tag)} already registered: ${key}`;
    const assertKeyExists = (key) => m.has(key) || throwRedacted`${quote(tag)} not found: ${key}`;
    return harden({
      has: (key) => {
        return m.has(key);
      },
      init: (key, value) => {
        assertKeyDoesNotExist(key);
        m.set(key, value);
      },
      get: (key) => {
        assertKeyExists(key);
        return m.get(key);
      },
      set: (key, value) => {
        assertKeyExists(key);
        m.set(key, value);
      },
      delete: (key) => {
        assertKeyExists(key);
        m.delete(key);
      },
      keys: () => m.keys(),
      values: () => m.values(),
      entries: () => m.entries(),
      getSize: () => m.size,
      clear: () => m.clear()
    });
  };
  harden(makeLegacyMap);

  // node_modules/@agoric/store/src/legacy/legacyWeakMap.js
  var makeLegacyWeakMap = (tag = "key") => {
    const wm = /* @__PURE__ */ new WeakMap();
    const assertKeyDoesNotExist = (key) => !wm.has(key) || throwRedacted`${quote(tag)} already registered: ${key}`;
    const assertKeyExists = (key) => wm.has(key) || throwRedacted`${quote(tag)} not found: ${key}`;
    return harden({
      has: (key) => {
        return wm.has(key);
      },
      init: (key, value) => {
        assertKeyDoesNotExist(key);
        wm.set(key, value);
      },
      get: (key) => {
        assertKeyExists(key);
        return (
          /** @type {V} */
          wm.get(key)
        );
      },
      set: (key, value) => {
        assertKeyExists(key);
        wm.set(key, value);
      },
      delete: (key) => {
        assertKeyExists(key);
        wm.delete(key);
      }
    });
  };
  harden(makeLegacyWeakMap);

  // node_modules/@agoric/store/src/index.js
  var mustMatch2 = mustMatch;

  // node_modules/@agoric/swingset-liveslots/src/cache.js
  function makeCache(readBacking, writeBacking, deleteBacking) {
    const stash = /* @__PURE__ */ new Map();
    const dirtyKeys = /* @__PURE__ */ new Set();
    const cache = {
      get: (key) => {
        assert.typeof(key, "string");
        if (stash.has(key)) {
          return stash.get(key);
        } else if (dirtyKeys.has(key)) {
          return void 0;
        }
        const value = readBacking(key);
        stash.set(key, value);
        return value;
      },
      set: (key, value) => {
        assert.typeof(key, "string");
        stash.set(key, value);
        dirtyKeys.add(key);
      },
      delete: (key) => {
        assert.typeof(key, "string");
        stash.delete(key);
        dirtyKeys.add(key);
      },
      flush: () => {
        const keys = [...dirtyKeys.keys()];
        for (const key of keys.sort()) {
          if (stash.has(key)) {
            writeBacking(key, stash.get(key));
          } else {
            deleteBacking(key);
          }
        }
        stash.clear();
        dirtyKeys.clear();
      },
      insistClear: () => {
        dirtyKeys.size === 0 || throwRedacted`cache still has dirtyKeys`;
        stash.size === 0 || throwRedacted`cache still has stash`;
      }
    };
    return harden(cache);
  }

  // node_modules/@agoric/swingset-liveslots/src/facetiousness.js
  function assessFacetiousness(obj) {
    if (typeof obj !== "object") {
      return "not";
    }
    let result;
    for (const prop of Reflect.ownKeys(obj)) {
      const value = obj[prop];
      let resultFromProp;
      if (typeof value === "function") {
        resultFromProp = "one";
      } else if (
        // symbols are not permitted as facet names
        typeof prop !== "symbol" && assessFacetiousness(value) === "one"
      ) {
        resultFromProp = "many";
      } else {
        return "not";
      }
      if (!result) {
        result = resultFromProp;
      } else if (resultFromProp !== result) {
        return "not";
      }
    }
    return (
      /** @type {Facetiousness} */
      result || "one"
    );
  }
  var checkAndUpdateFacetiousness = (tag, desc, proposedFacetNames) => {
    if (desc.unfaceted && proposedFacetNames) {
      throwRedacted`defineDurableKindMulti called for unfaceted KindHandle ${tag}`;
    }
    if (desc.facets && !proposedFacetNames) {
      throwRedacted`defineDurableKind called for faceted KindHandle ${tag}`;
    }
    let newFacetNames;
    if (proposedFacetNames) {
      const oldFacetNames = desc.facets ? [...desc.facets] : [];
      const proposal = [...proposedFacetNames];
      newFacetNames = [];
      for (const facet of oldFacetNames) {
        const proposedIdx = proposal.indexOf(facet);
        if (proposedIdx === -1) {
          const orig = oldFacetNames.join(",");
          const newer = proposedFacetNames.join(",");
          throwRedacted`durable kind "${tag}" facets (${newer}) is missing ${facet} from original definition (${orig})`;
        }
        proposal.splice(proposedIdx, 1);
        newFacetNames.push(facet);
      }
      proposal.sort();
      desc.facets = newFacetNames.concat(proposal);
    } else {
      desc.unfaceted = true;
    }
    return desc.facets;
  };

  // node_modules/@agoric/swingset-liveslots/src/virtualObjectManager.js
  var {
    hasOwn: hasOwn11,
    defineProperty: defineProperty2,
    getOwnPropertyNames,
    values: values4,
    entries: entries8,
    fromEntries: fromEntries9
  } = Object;
  var { ownKeys: ownKeys20 } = Reflect;
  var LABEL_INSTANCES2 = environmentOptionsListHas("DEBUG", "label-instances");
  var makeDataCache = (syscall) => {
    const readBacking = (baseRef) => {
      const rawState = syscall.vatstoreGet(`vom.${baseRef}`);
      assert2(rawState);
      const capdatas = JSON.parse(rawState);
      const valueMap = /* @__PURE__ */ new Map();
      return { capdatas, valueMap };
    };
    const writeBacking = (baseRef, value) => {
      const rawState = JSON.stringify(value.capdatas);
      syscall.vatstoreSet(`vom.${baseRef}`, rawState);
    };
    const deleteBacking = (baseRef) => syscall.vatstoreDelete(`vom.${baseRef}`);
    return makeCache(readBacking, writeBacking, deleteBacking);
  };
  var makeContextCache = (makeState, makeContext) => {
    const readBacking = (baseRef) => {
      const state = makeState(baseRef);
      const context = makeContext(baseRef, state);
      return context;
    };
    const writeBacking = (_baseRef) => throwRedacted`never called`;
    const deleteBacking = (_baseRef) => throwRedacted`never called`;
    return makeCache(readBacking, writeBacking, deleteBacking);
  };
  var makeRepresentative = (proto, baseRef) => {
    const self = { __proto__: proto };
    if (LABEL_INSTANCES2) {
      defineProperty2(self, Symbol.toStringTag, {
        value: `${proto[Symbol.toStringTag]}#${baseRef}`,
        writable: false,
        enumerable: false,
        configurable: false
      });
    }
    return harden(self);
  };
  var makeFacets = (facetNames, protoKit, linkToCohort, unweakable, baseRef) => {
    const facets = {};
    for (const name of facetNames) {
      const facet = makeRepresentative(protoKit[name], baseRef);
      facets[name] = facet;
      linkToCohort.set(facet, facets);
    }
    unweakable.add(facets);
    return harden(facets);
  };
  var insistDurableCapdata = (vrm, what, capdata, valueFor) => {
    for (const [idx, vref] of entries8(capdata.slots)) {
      if (!vrm.isDurable(vref)) {
        if (valueFor) {
          throwRedacted`value for ${what} is not durable: slot ${bareOrQuote(idx)} of ${capdata}`;
        } else {
          throwRedacted`${what} is not durable: slot ${bareOrQuote(idx)} of ${capdata}`;
        }
      }
    }
  };
  var isUndefinedPatt = (patt) => patt === void 0 || kindOf(patt) === "match:kind" && patt.payload === "undefined";
  var insistCompatibleShapeCapData = (oldCD, newCD, { newShape, serialize: serialize2, unserialize: unserialize2 }) => {
    if (oldCD.body !== newCD.body) {
      const oldShape = unserialize2(oldCD) || throwRedacted`durable Kind stateShape mismatch (no old shape)`;
      passStyleOf(oldShape) === "copyRecord" || throwRedacted`durable Kind stateShape mismatch (invalid old shape)`;
      assertPattern(oldShape);
      for (const [name, oldPatt] of Object.entries(oldShape)) {
        Object.hasOwn(newShape, name) && serialize2(newShape[name]).body === serialize2(oldPatt).body || throwRedacted`durable Kind stateShape mismatch (body ${name})`;
      }
      for (const [name, newPatt] of Object.entries(newShape)) {
        if (Object.hasOwn(oldShape, name)) continue;
        kindOf(newPatt) === "match:or" || throwRedacted`durable Kind stateShape mismatch (body new field ${name})`;
        newPatt.payload.some((patt) => isUndefinedPatt(patt)) || throwRedacted`durable Kind stateShape mismatch (body ${name})`;
      }
    }
    if (oldCD.slots.length !== newCD.slots.length) {
      throwRedacted`durable Kind stateShape mismatch (slots.length)`;
    }
    for (const [idx, oldVref] of entries8(oldCD.slots)) {
      if (newCD.slots[idx] !== oldVref) {
        throwRedacted`durable Kind stateShape mismatch (slot[${idx}])`;
      }
    }
  };
  var makeVirtualObjectManager = (syscall, vrm, allocateExportID, getSlotForVal, requiredValForSlot, registerValue, serialize2, unserialize2, assertAcceptableSyscallCapdataSize, liveSlotsOptions = {}, { WeakMap: WeakMap2, WeakSet: WeakSet2 } = globalThis) => {
    const { allowStateShapeChanges = false } = liveSlotsOptions;
    const allCaches = [];
    const linkToCohort = new WeakMap2();
    const canBeDurable = (specimen) => {
      const capData = serialize2(specimen);
      return capData.slots.every(vrm.isDurable);
    };
    const unweakable = new WeakSet2();
    const unweakableKeySets = new WeakMap2();
    const preserveUnweakableKey = (collection, key) => {
      if (unweakable.has(key)) {
        let uwkeys = unweakableKeySets.get(collection);
        if (!uwkeys) {
          uwkeys = /* @__PURE__ */ new Set();
          unweakableKeySets.set(collection, uwkeys);
        }
        uwkeys.add(key);
      }
    };
    const releaseUnweakableKey = (collection, key) => {
      if (unweakable.has(key)) {
        const uwkeys = unweakableKeySets.get(collection);
        if (uwkeys) {
          uwkeys.delete(key);
        }
      }
    };
    const actualWeakMaps = new WeakMap2();
    const virtualObjectMaps = new WeakMap2();
    const voAwareWeakMapDeleter = (descriptor) => {
      for (const vref of descriptor.vmap.keys()) {
        vrm.removeRecognizableVref(vref, descriptor.vmap);
      }
    };
    class VirtualObjectAwareWeakMap {
      constructor() {
        actualWeakMaps.set(this, new WeakMap2());
        const vmap = /* @__PURE__ */ new Map();
        virtualObjectMaps.set(this, vmap);
        vrm.registerDroppedCollection(this, {
          collectionDeleter: voAwareWeakMapDeleter,
          vmap
        });
      }
      has(key) {
        const vkey = vrm.vrefKey(key);
        if (vkey) {
          return virtualObjectMaps.get(this).has(vkey);
        } else {
          return actualWeakMaps.get(this).has(key);
        }
      }
      get(key) {
        const vkey = vrm.vrefKey(key);
        if (vkey) {
          return virtualObjectMaps.get(this).get(vkey);
        } else {
          return actualWeakMaps.get(this).get(key);
        }
      }
      set(key, value) {
        const vkey = vrm.vrefKey(key);
        if (vkey) {
          const vmap = virtualObjectMaps.get(this);
          if (!vmap.has(vkey)) {
            vrm.addRecognizableValue(key, vmap);
          }
          vmap.set(vkey, value);
        } else {
          preserveUnweakableKey(this, key);
          actualWeakMaps.get(this).set(key, value);
        }
        return this;
      }
      delete(key) {
        const vkey = vrm.vrefKey(key);
        if (vkey) {
          const vmap = virtualObjectMaps.get(this);
          if (vmap.has(vkey)) {
            vrm.removeRecognizableValue(key, vmap);
            return vmap.delete(vkey);
          } else {
            return false;
          }
        } else {
          releaseUnweakableKey(this, key);
          return actualWeakMaps.get(this).delete(key);
        }
      }
    }
    defineProperty2(VirtualObjectAwareWeakMap, Symbol.toStringTag, {
      value: "WeakMap",
      writable: false,
      enumerable: false,
      configurable: true
    });
    const actualWeakSets = new WeakMap2();
    const virtualObjectSets = new WeakMap2();
    const voAwareWeakSetDeleter = (descriptor) => {
      for (const vref of descriptor.vset.values()) {
        vrm.removeRecognizableVref(vref, descriptor.vset);
      }
    };
    class VirtualObjectAwareWeakSet {
      constructor() {
        actualWeakSets.set(this, new WeakSet2());
        const vset = /* @__PURE__ */ new Set();
        virtualObjectSets.set(this, vset);
        vrm.registerDroppedCollection(this, {
          collectionDeleter: voAwareWeakSetDeleter,
          vset
        });
      }
      has(value) {
        const vkey = vrm.vrefKey(value);
        if (vkey) {
          return virtualObjectSets.get(this).has(vkey);
        } else {
          return actualWeakSets.get(this).has(value);
        }
      }
      add(value) {
        const vkey = vrm.vrefKey(value);
        if (vkey) {
          const vset = virtualObjectSets.get(this);
          if (!vset.has(value)) {
            vrm.addRecognizableValue(value, vset);
            vset.add(vkey);
          }
        } else {
          preserveUnweakableKey(this, value);
          actualWeakSets.get(this).add(value);
        }
        return this;
      }
      delete(value) {
        const vkey = vrm.vrefKey(value);
        if (vkey) {
          const vset = virtualObjectSets.get(this);
          if (vset.has(vkey)) {
            vrm.removeRecognizableValue(value, vset);
            return vset.delete(vkey);
          } else {
            return false;
          }
        } else {
          releaseUnweakableKey(this, value);
          return actualWeakSets.get(this).delete(value);
        }
      }
    }
    defineProperty2(VirtualObjectAwareWeakSet, Symbol.toStringTag, {
      value: "WeakSet",
      writable: false,
      enumerable: false,
      configurable: true
    });
    const saveDurableKindDescriptor = (durableKindDescriptor) => {
      const { kindID } = durableKindDescriptor;
      const key = `vom.dkind.${kindID}.descriptor`;
      syscall.vatstoreSet(key, JSON.stringify(durableKindDescriptor));
    };
    const loadDurableKindDescriptor = (kindID) => {
      const key = `vom.dkind.${kindID}.descriptor`;
      const raw = syscall.vatstoreGet(key);
      raw || throwRedacted`unknown kind ID ${kindID}`;
      return JSON.parse(raw);
    };
    const saveNextInstanceID = (kindID) => {
      const key = `vom.dkind.${kindID}.nextID`;
      syscall.vatstoreSet(key, `${nextInstanceIDs.get(kindID)}`);
    };
    const loadNextInstanceID = (kindID) => {
      const key = `vom.dkind.${kindID}.nextID`;
      return Nat(Number(syscall.vatstoreGet(key)));
    };
    const saveVirtualKindDescriptor = (kindID, descriptor) => {
      const key = `vom.vkind.${kindID}.descriptor`;
      syscall.vatstoreSet(key, JSON.stringify(descriptor));
    };
    const defineKindInternal = (kindID, tag, init, multifaceted, behavior, options = {}, isDurable, durableKindDescriptor = void 0) => {
      const {
        finish: finish2 = void 0,
        stateShape = void 0,
        receiveAmplifier = void 0,
        receiveInstanceTester = void 0,
        thisfulMethods = false
      } = options;
      let {
        // These are "let" rather than "const" only to accommodate code
        // below that tolerates an old version of the vat-data package.
        // See there for more explanation.
        interfaceGuard = void 0,
        interfaceGuardKit = void 0
      } = options;
      const statePrototype = {};
      const stateToBaseRefMap = new WeakMap2();
      const getBaseRef = (state) => {
        const baseRef = stateToBaseRefMap.get(state);
        baseRef !== void 0 || throwRedacted`state accessors can only be applied to state`;
        return baseRef;
      };
      let proposedFacetNames;
      switch (assessFacetiousness(behavior)) {
        case "one": {
          assert2(!multifaceted);
          interfaceGuardKit === void 0 || throwRedacted`Use an interfaceGuard, not interfaceGuardKit, to protect class ${quote(
            tag
          )}`;
          proposedFacetNames = void 0;
          break;
        }
        case "many": {
          assert2(multifaceted);
          if (interfaceGuard && interfaceGuardKit === void 0) {
            interfaceGuardKit = interfaceGuard;
            interfaceGuard = void 0;
          }
          interfaceGuard === void 0 || throwRedacted`Use an interfaceGuardKit, not an interfaceGuard, to protect class kit ${quote(
            tag
          )}`;
          proposedFacetNames = ownKeys20(behavior).sort();
          break;
        }
        case "not": {
          throw throwRedacted`invalid behavior specifier for ${quote(tag)}`;
        }
        default: {
          throw throwRedacted`invalid facetiousness`;
        }
      }
      harden(stateShape);
      stateShape === void 0 || passStyleOf(stateShape) === "copyRecord" || throwRedacted`A stateShape must be a copyRecord: ${quote(stateShape)}`;
      assertPattern(stateShape);
      if (!multifaceted) {
        receiveAmplifier === void 0 || throwRedacted`Only facets of an exo class kit can be amplified, not ${quote(tag)}`;
      }
      let facetNames;
      if (isDurable) {
        assert2(durableKindDescriptor);
        facetNames = checkAndUpdateFacetiousness(
          tag,
          durableKindDescriptor,
          proposedFacetNames
        );
        const newShapeCD = serialize2(stateShape);
        insistDurableCapdata(vrm, "stateShape", newShapeCD, false);
        const oldShapeCD = durableKindDescriptor.stateShapeCapData;
        const oldStateShapeSlots = oldShapeCD ? oldShapeCD.slots : [];
        if (oldShapeCD && !allowStateShapeChanges) {
          insistCompatibleShapeCapData(oldShapeCD, newShapeCD, {
            newShape: (
              /** @type {Record<string, Pattern>} */
              stateShape
            ),
            serialize: serialize2,
            unserialize: unserialize2
          });
        }
        const newStateShapeSlots = newShapeCD.slots;
        vrm.updateReferenceCounts(oldStateShapeSlots, newStateShapeSlots);
        durableKindDescriptor.stateShapeCapData = newShapeCD;
        saveDurableKindDescriptor(durableKindDescriptor);
      } else {
        facetNames = proposedFacetNames;
      }
      let checkStateProperty = (_prop) => {
      };
      let checkStatePropertyValue = (_value, _prop) => {
      };
      if (stateShape) {
        checkStateProperty = (prop) => {
          hasOwn11(stateShape, prop) || throwRedacted`State must only have fields described by stateShape: ${quote(
            ownKeys20(stateShape)
          )}`;
        };
        checkStatePropertyValue = (value, prop) => {
          checkStateProperty(prop);
          mustMatch2(value, stateShape[prop]);
        };
      }
      const dataCache = makeDataCache(syscall);
      allCaches.push(dataCache);
      const makeFieldDescriptor = (prop) => {
        return harden({
          get() {
            const baseRef = getBaseRef(this);
            const record = dataCache.get(baseRef);
            assert2(record !== void 0);
            const { capdatas, valueMap } = record;
            if (!valueMap.has(prop)) {
              const value = hasOwn11(capdatas, prop) ? harden(unserialize2(capdatas[prop])) : void 0;
              checkStatePropertyValue(value, prop);
              valueMap.set(prop, value);
            }
            return valueMap.get(prop);
          },
          set(value) {
            const baseRef = getBaseRef(this);
            checkStatePropertyValue(value, prop);
            const capdata = serialize2(value);
            assertAcceptableSyscallCapdataSize([capdata]);
            if (isDurable) {
              insistDurableCapdata(vrm, prop, capdata, true);
            }
            const record = dataCache.get(baseRef);
            assert2(record !== void 0);
            const { capdatas, valueMap } = record;
            const oldSlots = hasOwn11(capdatas, prop) ? capdatas[prop].slots : [];
            const newSlots = capdata.slots;
            vrm.updateReferenceCounts(oldSlots, newSlots);
            defineProperty2(capdatas, prop, {
              value: capdata,
              writable: true,
              enumerable: true,
              configurable: false
            });
            valueMap.set(prop, value);
            dataCache.set(baseRef, record);
          },
          enumerable: true,
          configurable: false
        });
      };
      if (stateShape !== void 0) {
        for (const prop of ownKeys20(stateShape)) {
          defineProperty2(statePrototype, prop, makeFieldDescriptor(prop));
        }
      }
      harden(statePrototype);
      const makeState = (baseRef) => {
        const state = { __proto__: statePrototype };
        if (stateShape === void 0) {
          const record = dataCache.get(baseRef);
          assert2(record !== void 0);
          for (const prop of ownKeys20(record.capdatas)) {
            assert2(typeof prop === "string");
            checkStateProperty(prop);
            defineProperty2(state, prop, makeFieldDescriptor(prop));
          }
        }
        harden(state);
        stateToBaseRefMap.set(state, baseRef);
        return state;
      };
      const makeContext = (baseRef, state) => {
        const val = requiredValForSlot(baseRef);
        if (multifaceted) {
          return harden({ state, facets: val });
        } else {
          return harden({ state, self: val });
        }
      };
      const contextCache = makeContextCache(makeState, makeContext);
      allCaches.push(contextCache);
      let proto;
      let contextProviderVar;
      let contextProviderKitVar;
      if (multifaceted) {
        contextProviderKitVar = fromEntries9(
          facetNames.map((name, index) => [
            name,
            (rep) => {
              const vref = getSlotForVal(rep);
              if (vref === void 0) {
                return void 0;
              }
              const { baseRef, facet } = parseVatSlot(vref);
              if (Number(facet) !== index) {
                return void 0;
              }
              return harden(contextCache.get(baseRef));
            }
          ])
        );
        proto = defendPrototypeKit(
          tag,
          harden(contextProviderKitVar),
          behavior,
          thisfulMethods,
          interfaceGuardKit
        );
      } else {
        contextProviderVar = (rep) => {
          const slot = getSlotForVal(rep);
          if (slot === void 0) {
            return void 0;
          }
          return harden(contextCache.get(slot));
        };
        proto = defendPrototype(
          tag,
          harden(contextProviderVar),
          behavior,
          thisfulMethods,
          interfaceGuard
        );
      }
      harden(proto);
      const contextProvider = contextProviderVar;
      const contextProviderKit = contextProviderKitVar;
      const reanimateVO = (baseRef) => {
        if (multifaceted) {
          return makeFacets(facetNames, proto, linkToCohort, unweakable, baseRef);
        } else {
          return makeRepresentative(proto, baseRef);
        }
      };
      const deleteStoredVO = (baseRef) => {
        let doMoreGC = false;
        const record = dataCache.get(baseRef);
        assert2(record !== void 0);
        for (const valueCD of Object.values(record.capdatas)) {
          for (const vref of valueCD.slots) {
            doMoreGC = vrm.removeReachableVref(vref) || doMoreGC;
          }
        }
        dataCache.delete(baseRef);
        return doMoreGC;
      };
      vrm.registerKind(kindID, reanimateVO, deleteStoredVO, isDurable);
      vrm.rememberFacetNames(kindID, facetNames);
      const makeNewInstance = (...args) => {
        const id = getNextInstanceID(kindID, isDurable);
        const baseRef = makeBaseRef(kindID, id, isDurable);
        const initialData = init ? init(...args) : {};
        typeof initialData === "object" || throwRedacted`initial data must be object, not ${initialData}`;
        const capdatas = {};
        const valueMap = /* @__PURE__ */ new Map();
        for (const prop of getOwnPropertyNames(initialData)) {
          const value = initialData[prop];
          checkStatePropertyValue(value, prop);
          const valueCD = serialize2(value);
          assertAcceptableSyscallCapdataSize([valueCD]);
          if (isDurable) {
            insistDurableCapdata(vrm, prop, valueCD, true);
          }
          valueCD.slots.forEach(vrm.addReachableVref);
          defineProperty2(capdatas, prop, {
            value: valueCD,
            writable: true,
            enumerable: true,
            configurable: false
          });
          valueMap.set(prop, value);
        }
        dataCache.set(baseRef, { capdatas, valueMap });
        let val;
        if (multifaceted) {
          val = makeFacets(facetNames, proto, linkToCohort, unweakable, baseRef);
        } else {
          val = makeRepresentative(proto, baseRef);
        }
        registerValue(baseRef, val, multifaceted);
        finish2 && finish2(contextCache.get(baseRef));
        return val;
      };
      if (receiveAmplifier) {
        assert2(contextProviderKit);
        const amplify = (exoFacet) => {
          for (const cp of values4(contextProviderKit)) {
            const context = cp(exoFacet);
            if (context !== void 0) {
              return context.facets;
            }
          }
          throw throwRedacted`Must be a facet of ${quote(tag)}: ${exoFacet}`;
        };
        harden(amplify);
        receiveAmplifier(amplify);
      }
      if (receiveInstanceTester) {
        if (multifaceted) {
          assert2(contextProviderKit);
          const isInstance = (exoFacet, facetName = void 0) => {
            if (facetName === void 0) {
              return values4(contextProviderKit).some(
                (cp2) => cp2(exoFacet) !== void 0
              );
            }
            assert2.typeof(facetName, "string");
            const cp = contextProviderKit[facetName];
            cp !== void 0 || throwRedacted`exo class kit ${quote(tag)} has no facet named ${quote(facetName)}`;
            return cp(exoFacet) !== void 0;
          };
          harden(isInstance);
          receiveInstanceTester(isInstance);
        } else {
          assert2(contextProvider);
          const isInstance = (exo, facetName = void 0) => {
            facetName === void 0 || throwRedacted`facetName can only be used with an exo class kit: ${quote(
              tag
            )} has no facet ${quote(facetName)}`;
            return contextProvider(exo) !== void 0;
          };
          harden(isInstance);
          receiveInstanceTester(isInstance);
        }
      }
      return makeNewInstance;
    };
    let kindIDID;
    const kindIDToDescriptor = /* @__PURE__ */ new Map();
    const kindHandleToID = /* @__PURE__ */ new Map();
    const definedDurableKinds = /* @__PURE__ */ new Set();
    const nextInstanceIDs = /* @__PURE__ */ new Map();
    const reanimateDurableKindID = (vobjID) => {
      const kindID = `${parseVatSlot(vobjID).subid}`;
      const durableKindDescriptor = loadDurableKindDescriptor(kindID);
      const nextInstanceID = loadNextInstanceID(kindID);
      kindIDToDescriptor.set(kindID, durableKindDescriptor);
      nextInstanceIDs.set(kindID, nextInstanceID);
      const kindHandle = Far("kind", {});
      kindHandleToID.set(kindHandle, kindID);
      return kindHandle;
    };
    const initializeKindHandleKind = () => {
      kindIDID = syscall.vatstoreGet("kindIDID");
      if (!kindIDID) {
        kindIDID = `${allocateExportID()}`;
        syscall.vatstoreSet("kindIDID", kindIDID);
      }
      vrm.registerKind(kindIDID, reanimateDurableKindID, () => false, true);
    };
    const getNextInstanceID = (kindID, isDurable) => {
      assert2.typeof(kindID, "string");
      const id = nextInstanceIDs.get(kindID);
      assert2(id !== void 0);
      const next = id + 1n;
      nextInstanceIDs.set(kindID, next);
      if (isDurable) {
        saveNextInstanceID(kindID);
      }
      return id;
    };
    const defineKind = (tag, init, behavior, options) => {
      const kindID = `${allocateExportID()}`;
      saveVirtualKindDescriptor(kindID, { kindID, tag });
      nextInstanceIDs.set(kindID, 1n);
      return defineKindInternal(
        kindID,
        tag,
        init,
        false,
        behavior,
        options,
        false
      );
    };
    const defineKindMulti = (tag, init, behavior, options) => {
      const kindID = `${allocateExportID()}`;
      saveVirtualKindDescriptor(kindID, { kindID, tag });
      nextInstanceIDs.set(kindID, 1n);
      return defineKindInternal(
        kindID,
        tag,
        init,
        true,
        behavior,
        options,
        false
      );
    };
    const makeKindHandle = (tag) => {
      assert2(kindIDID, "initializeKindHandleKind not called yet");
      const kindID = `${allocateExportID()}`;
      const durableKindDescriptor = { kindID, tag };
      const nextInstanceID = 1n;
      kindIDToDescriptor.set(kindID, durableKindDescriptor);
      nextInstanceIDs.set(kindID, nextInstanceID);
      saveDurableKindDescriptor(durableKindDescriptor);
      saveNextInstanceID(kindID);
      const kindHandle = Far("kind", {});
      kindHandleToID.set(kindHandle, kindID);
      const kindIDvref = makeBaseRef(kindIDID, kindID, true);
      registerValue(kindIDvref, kindHandle, false);
      return kindHandle;
    };
    const defineDurableKind = (kindHandle, init, behavior, options) => {
      kindHandleToID.has(kindHandle) || throwRedacted`unknown handle ${kindHandle}`;
      const kindID = kindHandleToID.get(kindHandle);
      const durableKindDescriptor = kindIDToDescriptor.get(kindID);
      assert2(durableKindDescriptor);
      const { tag } = durableKindDescriptor;
      !definedDurableKinds.has(kindID) || throwRedacted`redefinition of durable kind ${tag}`;
      const maker = defineKindInternal(
        kindID,
        tag,
        init,
        false,
        behavior,
        options,
        true,
        durableKindDescriptor
      );
      definedDurableKinds.add(kindID);
      return maker;
    };
    const defineDurableKindMulti = (kindHandle, init, behavior, options) => {
      kindHandleToID.has(kindHandle) || throwRedacted`unknown handle ${kindHandle}`;
      const kindID = kindHandleToID.get(kindHandle);
      const durableKindDescriptor = kindIDToDescriptor.get(kindID);
      assert2(durableKindDescriptor);
      const { tag } = durableKindDescriptor;
      !definedDurableKinds.has(kindID) || throwRedacted`redefinition of durable kind "${tag}"`;
      const maker = defineKindInternal(
        kindID,
        tag,
        init,
        true,
        behavior,
        options,
        true,
        durableKindDescriptor
      );
      definedDurableKinds.add(kindID);
      return maker;
    };
    const insistAllDurableKindsReconnected = () => {
      const missing2 = [];
      const prefix = "vom.dkind.";
      for (const key of enumerateKeysWithPrefix(syscall, prefix)) {
        if (key.endsWith(".descriptor")) {
          const value = syscall.vatstoreGet(key);
          const durableKindDescriptor = JSON.parse(value);
          if (!definedDurableKinds.has(durableKindDescriptor.kindID)) {
            missing2.push(durableKindDescriptor.tag);
          }
        }
      }
      if (missing2.length) {
        const tags = missing2.join(",");
        throw Error(`defineDurableKind not called for tags: [${tags}]`);
      }
    };
    const countWeakKeysForCollection = (collection) => {
      const virtualObjectMap = virtualObjectMaps.get(collection);
      if (virtualObjectMap) {
        return virtualObjectMap.size;
      }
      const virtualObjectSet = virtualObjectSets.get(collection);
      if (virtualObjectSet) {
        return virtualObjectSet.size;
      }
      return 0;
    };
    const testHooks = {
      countWeakKeysForCollection,
      definedDurableKinds,
      nextInstanceIDs
    };
    const flushStateCache = () => {
      for (const cache of allCaches) {
        cache.flush();
      }
    };
    const getRetentionStats = () => {
      return {
        definedDurableKinds: definedDurableKinds.size,
        nextInstanceIDs: nextInstanceIDs.size
      };
    };
    return harden({
      initializeKindHandleKind,
      defineKind,
      defineKindMulti,
      defineDurableKind,
      defineDurableKindMulti,
      makeKindHandle,
      insistAllDurableKindsReconnected,
      VirtualObjectAwareWeakMap,
      VirtualObjectAwareWeakSet,
      flushStateCache,
      getRetentionStats,
      testHooks,
      canBeDurable
    });
  };

  // node_modules/@agoric/swingset-liveslots/src/collectionManager.js
  var MAX_DBKEY_LENGTH = 220;
  function pattEq(p1, p2) {
    return compareRank(p1, p2) === 0;
  }
  function matchAny(patt) {
    return patt === void 0 || pattEq(patt, M.any());
  }
  function throwNotDurable(value, slotIndex, serializedValue) {
    throwRedacted`value is not durable: ${value} at slot ${quote(slotIndex)} of ${serializedValue.body}`;
  }
  function failNotFound(key, label) {
    throwRedacted`key ${key} not found in collection ${quote(label)}`;
  }
  function failNotIterable(value) {
    throwRedacted`provided data source is not iterable: ${value}`;
  }
  function prefixc(collectionID, dbEntryKey) {
    return `vc.${collectionID}.${dbEntryKey}`;
  }
  var collectionMetaKeys = /* @__PURE__ */ new Set([
    "|entryCount",
    "|nextOrdinal",
    "|schemata"
  ]);
  function makeSchemaCache(syscall, unserialize2) {
    const readBacking = (collectionID) => {
      const schemataKey = prefixc(collectionID, "|schemata");
      const schemataValue = syscall.vatstoreGet(schemataKey);
      const schemataCapData = JSON.parse(schemataValue);
      const { label, keyShape, valueShape } = unserialize2(schemataCapData);
      return harden({ keyShape, valueShape, label, schemataCapData });
    };
    const writeBacking = (collectionID, value) => {
      const { schemataCapData } = value;
      const schemataKey = prefixc(collectionID, "|schemata");
      const schemataValue = JSON.stringify(schemataCapData);
      syscall.vatstoreSet(schemataKey, schemataValue);
    };
    const deleteBacking = (collectionID) => {
      const schemataKey = prefixc(collectionID, "|schemata");
      syscall.vatstoreDelete(schemataKey);
    };
    return makeCache(readBacking, writeBacking, deleteBacking);
  }
  function makeCollectionManager(syscall, vrm, allocateExportID, allocateCollectionID, convertValToSlot, convertSlotToVal, registerValue, serialize2, unserialize2, assertAcceptableSyscallCapdataSize) {
    const storeKindIDToName = /* @__PURE__ */ new Map();
    const schemaCache = makeSchemaCache(syscall, unserialize2);
    const storeKindInfo = {
      scalarMapStore: {
        hasWeakKeys: false,
        kindID: 0,
        reanimator: reanimateMapStore,
        durable: false
      },
      scalarWeakMapStore: {
        hasWeakKeys: true,
        kindID: 0,
        reanimator: reanimateWeakMapStore,
        durable: false
      },
      scalarSetStore: {
        hasWeakKeys: false,
        kindID: 0,
        reanimator: reanimateSetStore,
        durable: false
      },
      scalarWeakSetStore: {
        hasWeakKeys: true,
        kindID: 0,
        reanimator: reanimateWeakSetStore,
        durable: false
      },
      scalarDurableMapStore: {
        hasWeakKeys: false,
        kindID: 0,
        reanimator: reanimateMapStore,
        durable: true
      },
      scalarDurableWeakMapStore: {
        hasWeakKeys: true,
        kindID: 0,
        reanimator: reanimateWeakMapStore,
        durable: true
      },
      scalarDurableSetStore: {
        hasWeakKeys: false,
        kindID: 0,
        reanimator: reanimateSetStore,
        durable: true
      },
      scalarDurableWeakSetStore: {
        hasWeakKeys: true,
        kindID: 0,
        reanimator: reanimateWeakSetStore,
        durable: true
      }
    };
    function initializeStoreKindInfo() {
      let storeKindIDs = {};
      const rawTable = syscall.vatstoreGet("storeKindIDTable");
      if (rawTable) {
        storeKindIDs = JSON.parse(rawTable);
      }
      for (const kind of Object.getOwnPropertyNames(storeKindInfo)) {
        let kindID = storeKindIDs[kind];
        if (!kindID) {
          kindID = allocateExportID();
          storeKindIDs[kind] = kindID;
        }
        storeKindInfo[kind].kindID = kindID;
        storeKindIDToName.set(`${kindID}`, kind);
        vrm.registerKind(
          kindID,
          storeKindInfo[kind].reanimator,
          deleteCollection,
          storeKindInfo[kind].durable
        );
      }
      syscall.vatstoreSet("storeKindIDTable", JSON.stringify(storeKindIDs));
    }
    function obtainStoreKindID(kindName) {
      return storeKindInfo[kindName].kindID;
    }
    const BIGINT_TAG_LEN = 10;
    function deleteCollectionEntry(collectionID, vobjID) {
      const ordinalKey = prefixc(collectionID, `|${vobjID}`);
      const ordinalString = syscall.vatstoreGet(ordinalKey);
      syscall.vatstoreDelete(ordinalKey);
      const ordinalTag = zeroPad(ordinalString, BIGINT_TAG_LEN);
      const recordKey = prefixc(collectionID, `r${ordinalTag}:${vobjID}`);
      const rawValue = syscall.vatstoreGet(recordKey);
      let doMoreGC = false;
      if (rawValue !== void 0) {
        const value = JSON.parse(rawValue);
        doMoreGC = value.slots.map(vrm.removeReachableVref).some((b) => b);
        syscall.vatstoreDelete(recordKey);
      }
      return doMoreGC;
    }
    vrm.setDeleteCollectionEntry(deleteCollectionEntry);
    function summonCollectionInternal(_initial, collectionID, kindName) {
      assert2.typeof(kindName, "string");
      const kindInfo = storeKindInfo[kindName];
      kindInfo || throwRedacted`unknown collection kind ${kindName}`;
      const { hasWeakKeys, durable } = kindInfo;
      const getSchema = () => {
        const result = schemaCache.get(collectionID);
        assert2(result !== void 0);
        return result;
      };
      const dbKeyPrefix = `vc.${collectionID}.`;
      let currentGenerationNumber = 0;
      const makeInvalidKeyTypeMsg = (label) => `invalid key type for collection ${quote(label)}`;
      const makeInvalidValueTypeMsg = (label) => `invalid value type for collection ${quote(label)}`;
      const serializeValue = (value) => {
        const { valueShape, label } = getSchema();
        if (valueShape !== void 0) {
          mustMatch(value, valueShape, makeInvalidValueTypeMsg(label));
        }
        return serialize2(value);
      };
      const unserializeValue = (data) => {
        const { valueShape, label } = getSchema();
        const value = unserialize2(data);
        if (valueShape !== void 0) {
          mustMatch(value, valueShape, makeInvalidValueTypeMsg(label));
        }
        return value;
      };
      function prefix(dbEntryKey) {
        return `${dbKeyPrefix}${dbEntryKey}`;
      }
      const encodeRemotable = (remotable) => {
        const ordinal = getOrdinal(remotable);
        ordinal !== void 0 || throwRedacted`no ordinal for ${remotable}`;
        const ordinalTag = zeroPad(ordinal, BIGINT_TAG_LEN);
        return `r${ordinalTag}:${convertValToSlot(remotable)}`;
      };
      const encodeKey = makeEncodePassable({ encodeRemotable });
      const vrefFromEncodedKey = (encodedKey) => encodedKey.substring(1 + BIGINT_TAG_LEN + 1);
      const decodeRemotable = (encodedKey) => convertSlotToVal(vrefFromEncodedKey(encodedKey));
      const decodeKey = makeDecodePassable({ decodeRemotable });
      function generateOrdinal(remotable) {
        const nextOrdinal = Number.parseInt(
          syscall.vatstoreGet(prefix("|nextOrdinal")),
          10
        );
        syscall.vatstoreSet(
          prefix(`|${convertValToSlot(remotable)}`),
          `${nextOrdinal}`
        );
        syscall.vatstoreSet(prefix("|nextOrdinal"), `${nextOrdinal + 1}`);
      }
      function getOrdinal(remotable) {
        return syscall.vatstoreGet(prefix(`|${convertValToSlot(remotable)}`));
      }
      function deleteOrdinal(remotable) {
        syscall.vatstoreDelete(prefix(`|${convertValToSlot(remotable)}`));
      }
      function keyToDBKey(key) {
        const encodedKey = encodeKey(key);
        assert2(encodedKey.length < MAX_DBKEY_LENGTH, "key too large");
        return prefix(encodedKey);
      }
      function dbKeyToKey(dbKey) {
        const dbEntryKey = dbKey.substring(dbKeyPrefix.length);
        return decodeKey(dbEntryKey);
      }
      function dbKeyToEncodedKey(dbKey) {
        assert2(dbKey.startsWith(dbKeyPrefix), dbKey);
        return dbKey.substring(dbKeyPrefix.length);
      }
      function has2(key) {
        const { keyShape } = getSchema();
        if (!matches(key, keyShape)) {
          return false;
        } else if (passStyleOf(key) === "remotable") {
          return getOrdinal(key) !== void 0;
        } else {
          return syscall.vatstoreGet(keyToDBKey(key)) !== void 0;
        }
      }
      function mustGet(key, label) {
        if (passStyleOf(key) === "remotable" && getOrdinal(key) === void 0) {
          failNotFound(key, label);
        }
        const dbKey = keyToDBKey(key);
        const result = syscall.vatstoreGet(dbKey) || failNotFound(key, label);
        return { dbKey, result };
      }
      function get(key) {
        const { keyShape, label } = getSchema();
        mustMatch(key, keyShape, makeInvalidKeyTypeMsg(label));
        const { result } = mustGet(key, label);
        return unserializeValue(JSON.parse(result));
      }
      function updateEntryCount(delta) {
        if (!hasWeakKeys) {
          const entryCount = Number.parseInt(
            syscall.vatstoreGet(prefix("|entryCount")),
            10
          );
          syscall.vatstoreSet(prefix("|entryCount"), `${entryCount + delta}`);
        }
      }
      const doInit = (key, value, precheckedHas) => {
        const { keyShape, label } = getSchema();
        mustMatch(key, keyShape, makeInvalidKeyTypeMsg(label));
        precheckedHas || !has2(key) || throwRedacted`key ${key} already registered in collection ${quote(label)}`;
        const serializedValue = serializeValue(value);
        currentGenerationNumber += 1;
        assertAcceptableSyscallCapdataSize([serializedValue]);
        if (durable) {
          for (const [slotIndex, vref] of serializedValue.slots.entries()) {
            if (!vrm.isDurable(vref)) {
              throwNotDurable(value, slotIndex, serializedValue);
            }
          }
        }
        if (passStyleOf(key) === "remotable") {
          const vref = convertValToSlot(key);
          if (durable) {
            vrm.isDurable(vref) || throwRedacted`key (${key}) is not durable in ${value}`;
          }
          generateOrdinal(key);
          if (hasWeakKeys) {
            vrm.addRecognizableValue(key, `${collectionID}`, true);
          } else {
            vrm.addReachableVref(vref);
          }
        }
        for (const vref of serializedValue.slots) {
          vrm.addReachableVref(vref);
        }
        syscall.vatstoreSet(keyToDBKey(key), JSON.stringify(serializedValue));
        updateEntryCount(1);
      };
      const init = (key, value) => doInit(key, value, false);
      const addToSet = (key) => {
        if (!has2(key)) {
          doInit(key, null, true);
        }
      };
      function set(key, value) {
        const { keyShape, label } = getSchema();
        mustMatch(key, keyShape, makeInvalidKeyTypeMsg(label));
        const after = serializeValue(harden(value));
        assertAcceptableSyscallCapdataSize([after]);
        if (durable) {
          for (const [i, vref] of after.slots.entries()) {
            if (!vrm.isDurable(vref)) {
              throwNotDurable(value, i, after);
            }
          }
        }
        const { dbKey, result: rawBefore } = mustGet(key, label);
        const before = JSON.parse(rawBefore);
        vrm.updateReferenceCounts(before.slots, after.slots);
        syscall.vatstoreSet(dbKey, JSON.stringify(after));
      }
      function deleteInternal(key) {
        const { keyShape, label } = getSchema();
        mustMatch(key, keyShape, makeInvalidKeyTypeMsg(label));
        const { dbKey, result: rawValue } = mustGet(key, label);
        const value = JSON.parse(rawValue);
        const doMoreGC1 = value.slots.map(vrm.removeReachableVref).some((b) => b);
        syscall.vatstoreDelete(dbKey);
        let doMoreGC2 = false;
        if (passStyleOf(key) === "remotable") {
          deleteOrdinal(key);
          if (hasWeakKeys) {
            vrm.removeRecognizableValue(key, `${collectionID}`, true);
          } else {
            doMoreGC2 = vrm.removeReachableVref(convertValToSlot(key));
          }
        }
        return doMoreGC1 || doMoreGC2;
      }
      function del(key) {
        deleteInternal(key);
        updateEntryCount(-1);
      }
      function entriesInternal(yieldKeys, yieldValues, keyPatt = M.any(), valuePatt = M.any()) {
        assert2(yieldKeys || yieldValues, "useless entries()");
        assertPattern(keyPatt);
        assertPattern(valuePatt);
        const [coverStart, coverEnd] = getRankCover(keyPatt, encodeKey);
        const start = prefix(coverStart);
        const end = prefix(coverEnd);
        const generationAtStart = currentGenerationNumber;
        const checkGen = () => currentGenerationNumber === generationAtStart || throwRedacted`keys in store cannot be added to during iteration`;
        const needToMatchKey = !matchAny(keyPatt);
        const needToMatchValue = !matchAny(valuePatt);
        const needKeys = yieldKeys || needToMatchKey;
        const needValues = yieldValues || needToMatchValue;
        function* iter() {
          const iterKeys = enumerateKeysStartEnd(syscall, start, end, checkGen);
          for (const dbKey of iterKeys) {
            const key = needKeys ? dbKeyToKey(dbKey) : void 0;
            if (needToMatchKey && !matches(key, keyPatt)) {
              continue;
            }
            const value = needValues ? unserializeValue(JSON.parse(syscall.vatstoreGet(dbKey))) : void 0;
            if (needToMatchValue && !matches(value, valuePatt)) {
              continue;
            }
            yield [yieldKeys ? key : void 0, yieldValues ? value : void 0];
          }
        }
        harden(iter);
        return iter();
      }
      function keys(keyPatt, valuePatt) {
        function* iter() {
          for (const entry of entriesInternal(true, false, keyPatt, valuePatt)) {
            yield entry[0];
          }
        }
        harden(iter);
        return iter();
      }
      function clearInternalFull() {
        let doMoreGC = false;
        for (const dbKey of enumerateKeysWithPrefix(syscall, dbKeyPrefix)) {
          const encodedKey = dbKeyToEncodedKey(dbKey);
          if (collectionMetaKeys.has(encodedKey)) continue;
          if (encodedKey.startsWith("|")) {
            const keyVref = encodedKey.substring(1);
            parseVatSlot(keyVref);
            if (hasWeakKeys) {
              vrm.removeRecognizableVref(keyVref, `${collectionID}`, true);
            } else {
              doMoreGC = vrm.removeReachableVref(keyVref) || doMoreGC;
            }
          } else {
            const value = JSON.parse(syscall.vatstoreGet(dbKey));
            doMoreGC = value.slots.map(vrm.removeReachableVref).some((b) => b) || doMoreGC;
          }
          syscall.vatstoreDelete(dbKey);
        }
        return doMoreGC;
      }
      function clearInternal(isDeleting, keyPatt, valuePatt) {
        let doMoreGC = false;
        if (isDeleting) {
          doMoreGC = clearInternalFull();
        } else if (matchAny(keyPatt) && matchAny(valuePatt)) {
          doMoreGC = clearInternalFull();
          if (!hasWeakKeys) {
            syscall.vatstoreSet(prefix("|entryCount"), "0");
          }
        } else {
          let numDeleted = 0;
          for (const k of keys(keyPatt, valuePatt)) {
            numDeleted += 1;
            doMoreGC = deleteInternal(k) || doMoreGC;
          }
          updateEntryCount(-numDeleted);
        }
        return doMoreGC;
      }
      function clear(keyPatt, valuePatt) {
        clearInternal(false, keyPatt, valuePatt);
      }
      function values5(keyPatt, valuePatt) {
        function* iter() {
          for (const entry of entriesInternal(false, true, keyPatt, valuePatt)) {
            yield entry[1];
          }
        }
        harden(iter);
        return iter();
      }
      function entries9(keyPatt, valuePatt) {
        function* iter() {
          for (const entry of entriesInternal(true, true, keyPatt, valuePatt)) {
            yield entry;
          }
        }
        harden(iter);
        return iter();
      }
      function countEntries(keyPatt, valuePatt) {
        let count = 0;
        for (const k of keys(keyPatt, valuePatt)) {
          count += 1;
        }
        return count;
      }
      function getSize(keyPatt, valuePatt) {
        if (matchAny(keyPatt) && matchAny(valuePatt)) {
          return Number.parseInt(syscall.vatstoreGet(prefix("|entryCount")), 10);
        }
        return countEntries(keyPatt, valuePatt);
      }
      function sizeInternal() {
        return countEntries();
      }
      const snapshotSet = (keyPatt) => makeCopySet(keys(keyPatt));
      const snapshotMap = (keyPatt, valuePatt) => makeCopyMap(entries9(keyPatt, valuePatt));
      const addAllToSet = (elems) => {
        if (typeof elems[Symbol.iterator] !== "function") {
          elems = Object.isFrozen(elems) && isCopySet(elems) ? getCopySetKeys(elems) : failNotIterable(elems);
        }
        for (const elem of elems) {
          addToSet(elem);
        }
      };
      const addAllToMap = (mapEntries) => {
        if (typeof mapEntries[Symbol.iterator] !== "function") {
          mapEntries = Object.isFrozen(mapEntries) && isCopyMap(mapEntries) ? getCopyMapEntries(mapEntries) : failNotIterable(mapEntries);
        }
        for (const [key, value] of mapEntries) {
          if (has2(key)) {
            set(key, value);
          } else {
            doInit(key, value, true);
          }
        }
      };
      return {
        has: has2,
        get,
        getSize,
        init,
        addToSet,
        set,
        delete: del,
        keys,
        values: values5,
        entries: entries9,
        addAllToSet,
        addAllToMap,
        snapshotSet,
        snapshotMap,
        sizeInternal,
        clear,
        clearInternal
      };
    }
    function summonCollection(initial, collectionID, kindName) {
      const hasWeakKeys = storeKindInfo[kindName].hasWeakKeys;
      const raw = summonCollectionInternal(initial, collectionID, kindName);
      const {
        has: has2,
        get,
        init,
        addToSet,
        addAllToMap,
        addAllToSet,
        set,
        delete: del
      } = raw;
      const weakMethods = {
        has: has2,
        get,
        init,
        addToSet,
        addAllToSet,
        addAllToMap,
        set,
        delete: del
      };
      let collection;
      if (hasWeakKeys) {
        collection = weakMethods;
      } else {
        const {
          keys,
          values: values5,
          entries: entries9,
          getSize,
          snapshotSet,
          snapshotMap,
          clear
        } = raw;
        collection = {
          ...weakMethods,
          keys,
          values: values5,
          entries: entries9,
          getSize,
          snapshotSet,
          snapshotMap,
          clear
        };
      }
      return collection;
    }
    function storeSizeInternal(vobjID) {
      const { id, subid } = parseVatSlot(vobjID);
      const kindName = storeKindIDToName.get(`${id}`);
      kindName || throwRedacted`unknown kind ID ${id}`;
      const collectionID = `${subid}`;
      const collection = summonCollectionInternal(false, collectionID, kindName);
      return collection.sizeInternal();
    }
    function deleteCollection(vobjID) {
      const { id, subid } = parseVatSlot(vobjID);
      const kindName = storeKindIDToName.get(`${id}`);
      const collectionID = `${subid}`;
      const collection = summonCollectionInternal(false, collectionID, kindName);
      let doMoreGC = collection.clearInternal(true);
      const record = schemaCache.get(collectionID);
      assert2(record !== void 0);
      const { schemataCapData } = record;
      doMoreGC = schemataCapData.slots.map(vrm.removeReachableVref).some((b) => b) || doMoreGC;
      for (const dbKey of enumerateKeysWithPrefix(
        syscall,
        prefixc(collectionID, "|")
      )) {
        if (dbKey.endsWith("|schemata")) {
          continue;
        }
        syscall.vatstoreDelete(dbKey);
      }
      schemaCache.delete(collectionID);
      return doMoreGC;
    }
    function makeCollection(label, kindName, isDurable, keyShape, valueShape) {
      assert2.typeof(label, "string");
      assert2(storeKindInfo[kindName]);
      assertPattern(keyShape);
      if (valueShape) {
        assertPattern(valueShape);
      }
      const collectionID = `${allocateCollectionID()}`;
      const kindID = obtainStoreKindID(kindName);
      const vobjID = makeBaseRef(kindID, collectionID, isDurable);
      syscall.vatstoreSet(prefixc(collectionID, "|nextOrdinal"), "1");
      const { hasWeakKeys } = storeKindInfo[kindName];
      if (!hasWeakKeys) {
        syscall.vatstoreSet(prefixc(collectionID, "|entryCount"), "0");
      }
      const schemata = { label };
      if (keyShape !== void 0) {
        schemata.keyShape = keyShape;
      }
      if (valueShape !== void 0) {
        schemata.valueShape = valueShape;
      }
      const schemataCapData = serialize2(harden(schemata));
      if (isDurable) {
        for (const [slotIndex, vref] of schemataCapData.slots.entries()) {
          if (!vrm.isDurable(vref)) {
            throwNotDurable(vref, slotIndex, schemataCapData);
          }
        }
      }
      for (const vref of schemataCapData.slots) {
        vrm.addReachableVref(vref);
      }
      schemaCache.set(
        collectionID,
        harden({ keyShape, valueShape, label, schemataCapData })
      );
      return [vobjID, summonCollection(true, collectionID, kindName)];
    }
    function collectionToMapStore(collection) {
      const {
        has: has2,
        get,
        init,
        set,
        delete: del,
        addAllToMap,
        keys,
        values: values5,
        entries: entries9,
        snapshotMap,
        getSize,
        clear
      } = collection;
      const mapStore = {
        has: has2,
        get,
        init,
        set,
        delete: del,
        addAll: addAllToMap,
        keys,
        values: values5,
        entries: entries9,
        snapshot: snapshotMap,
        getSize,
        clear
      };
      return Far("mapStore", mapStore);
    }
    function collectionToWeakMapStore(collection) {
      const { has: has2, get, init, set, delete: del, addAllToMap } = collection;
      const weakMapStore = {
        has: has2,
        get,
        init,
        set,
        delete: del,
        addAll: addAllToMap
      };
      return Far("weakMapStore", weakMapStore);
    }
    function collectionToSetStore(collection) {
      const {
        has: has2,
        addToSet,
        delete: del,
        addAllToSet,
        keys,
        snapshotSet,
        getSize,
        clear
      } = collection;
      const setStore = {
        has: has2,
        add: addToSet,
        delete: del,
        addAll: addAllToSet,
        keys: (patt) => keys(patt),
        values: (patt) => keys(patt),
        snapshot: snapshotSet,
        getSize: (patt) => getSize(patt),
        clear
      };
      return Far("setStore", setStore);
    }
    function collectionToWeakSetStore(collection) {
      const { has: has2, addToSet, delete: del, addAllToSet } = collection;
      const weakSetStore = {
        has: has2,
        add: addToSet,
        delete: del,
        addAll: addAllToSet
      };
      return Far("weakSetStore", weakSetStore);
    }
    function makeBigMapStore(label = "map", options = {}) {
      const {
        keyShape = M.any(),
        valueShape = void 0,
        durable = false
      } = options;
      const kindName = durable ? "scalarDurableMapStore" : "scalarMapStore";
      const [vobjID, collection] = makeCollection(
        label,
        kindName,
        durable,
        keyShape,
        valueShape
      );
      const store = collectionToMapStore(collection);
      registerValue(vobjID, store, false);
      return store;
    }
    function provideBaggage() {
      let baggageID = syscall.vatstoreGet("baggageID");
      if (baggageID) {
        return convertSlotToVal(baggageID);
      } else {
        const baggage = makeBigMapStore("baggage", {
          keyShape: M.string(),
          durable: true
        });
        baggageID = convertValToSlot(baggage);
        syscall.vatstoreSet("baggageID", baggageID);
        vrm.addReachableVref(baggageID);
        return baggage;
      }
    }
    function makeBigWeakMapStore(label = "weakMap", options = {}) {
      const {
        keyShape = M.any(),
        valueShape = void 0,
        durable = false
      } = options;
      const kindName = durable ? "scalarDurableWeakMapStore" : "scalarWeakMapStore";
      const [vobjID, collection] = makeCollection(
        label,
        kindName,
        durable,
        keyShape,
        valueShape
      );
      const store = collectionToWeakMapStore(collection);
      registerValue(vobjID, store, false);
      return store;
    }
    function makeBigSetStore(label = "set", options = {}) {
      const {
        keyShape = M.scalar(),
        valueShape = void 0,
        durable = false
      } = options;
      const kindName = durable ? "scalarDurableSetStore" : "scalarSetStore";
      const [vobjID, collection] = makeCollection(
        label,
        kindName,
        durable,
        keyShape,
        valueShape
      );
      const store = collectionToSetStore(collection);
      registerValue(vobjID, store, false);
      return store;
    }
    function makeBigWeakSetStore(label = "weakSet", options = {}) {
      const {
        keyShape = M.scalar(),
        valueShape = void 0,
        durable = false
      } = options;
      const kindName = durable ? "scalarDurableWeakSetStore" : "scalarWeakSetStore";
      const [vobjID, collection] = makeCollection(
        label,
        kindName,
        durable,
        keyShape,
        valueShape
      );
      const store = collectionToWeakSetStore(collection);
      registerValue(vobjID, store, false);
      return store;
    }
    function reanimateCollection(vobjID) {
      const { id, subid } = parseVatSlot(vobjID);
      const collectionID = `${subid}`;
      const kindName = storeKindIDToName.get(`${id}`);
      return summonCollection(false, collectionID, kindName);
    }
    function reanimateMapStore(vobjID) {
      return collectionToMapStore(reanimateCollection(vobjID));
    }
    function reanimateWeakMapStore(vobjID) {
      return collectionToWeakMapStore(reanimateCollection(vobjID));
    }
    function reanimateSetStore(vobjID) {
      return collectionToSetStore(reanimateCollection(vobjID));
    }
    function reanimateWeakSetStore(vobjID) {
      return collectionToWeakSetStore(reanimateCollection(vobjID));
    }
    const testHooks = {
      obtainStoreKindID,
      storeSizeInternal,
      makeCollection
    };
    const narrowKeyShapeOption = (baseKeyShape, options) => {
      const { keyShape: keyShapeRestriction } = options;
      const keyShape = keyShapeRestriction === void 0 ? baseKeyShape : M.and(baseKeyShape, keyShapeRestriction);
      return harden({ ...options, keyShape });
    };
    const makeScalarBigMapStore = (label = "map", options = {}) => makeBigMapStore(label, narrowKeyShapeOption(M.scalar(), options));
    const makeScalarBigWeakMapStore = (label = "weakMap", options = {}) => makeBigWeakMapStore(label, narrowKeyShapeOption(M.scalar(), options));
    const makeScalarBigSetStore = (label = "set", options = {}) => makeBigSetStore(label, narrowKeyShapeOption(M.scalar(), options));
    const makeScalarBigWeakSetStore = (label = "weakSet", options = {}) => makeBigWeakSetStore(label, narrowKeyShapeOption(M.scalar(), options));
    const flushSchemaCache = () => schemaCache.flush();
    function getRetentionStats() {
      return {};
    }
    return harden({
      initializeStoreKindInfo,
      makeScalarBigMapStore,
      makeScalarBigWeakMapStore,
      makeScalarBigSetStore,
      makeScalarBigWeakSetStore,
      provideBaggage,
      flushSchemaCache,
      getRetentionStats,
      testHooks
    });
  }

  // node_modules/@agoric/swingset-liveslots/src/watchedPromises.js
  function makeWatchedPromiseManager({
    syscall,
    vrm,
    vom,
    collectionManager,
    convertValToSlot,
    convertSlotToVal,
    maybeExportPromise
  }) {
    const { makeScalarBigMapStore } = collectionManager;
    const { defineDurableKind } = vom;
    let buildRootObjectWatchedPromiseRefs;
    let watchedPromiseTable;
    let promiseWatcherByKindTable;
    function preparePromiseWatcherTables() {
      buildRootObjectWatchedPromiseRefs = /* @__PURE__ */ new Set();
      let watcherTableID = syscall.vatstoreGet("watcherTableID");
      if (watcherTableID) {
        promiseWatcherByKindTable = convertSlotToVal(watcherTableID);
      } else {
        promiseWatcherByKindTable = makeScalarBigMapStore(
          "promiseWatcherByKind",
          { durable: true }
        );
        watcherTableID = convertValToSlot(promiseWatcherByKindTable);
        syscall.vatstoreSet("watcherTableID", watcherTableID);
        vrm.addReachableVref(watcherTableID);
      }
      let watchedPromiseTableID = syscall.vatstoreGet("watchedPromiseTableID");
      if (watchedPromiseTableID) {
        watchedPromiseTable = convertSlotToVal(watchedPromiseTableID);
      } else {
        watchedPromiseTable = makeScalarBigMapStore("watchedPromises", {
          keyShape: M.string(),
          // key is always a vpid
          durable: true
        });
        watchedPromiseTableID = convertValToSlot(watchedPromiseTable);
        syscall.vatstoreSet("watchedPromiseTableID", watchedPromiseTableID);
        vrm.addReachableVref(watchedPromiseTableID);
      }
    }
    function pseudoThen(p, vpid) {
      function settle(value, wasFulfilled) {
        const watches = watchedPromiseTable.get(vpid);
        watchedPromiseTable.delete(vpid);
        buildRootObjectWatchedPromiseRefs?.delete(vpid);
        for (const watch of watches) {
          const [watcher, ...args] = watch;
          void Promise.resolve().then(() => {
            if (wasFulfilled) {
              if (watcher.onFulfilled) {
                watcher.onFulfilled(value, ...args);
              }
            } else {
              if (watcher.onRejected) {
                watcher.onRejected(value, ...args);
              } else {
                throw value;
              }
            }
          });
        }
      }
      void E.when(
        p,
        (res) => settle(res, true),
        (rej) => settle(rej, false)
      );
    }
    function loadWatchedPromiseTable(revivePromise) {
      for (const vpid of watchedPromiseTable.keys()) {
        if (buildRootObjectWatchedPromiseRefs?.has(vpid)) {
          continue;
        }
        const p = revivePromise(vpid);
        pseudoThen(p, vpid);
      }
      buildRootObjectWatchedPromiseRefs = null;
    }
    function providePromiseWatcher(kindHandle, fulfillHandler = (_value) => {
    }, rejectHandler = (reason) => {
      throw reason;
    }) {
      assert2.typeof(fulfillHandler, "function");
      assert2.typeof(rejectHandler, "function");
      const makeWatcher = defineDurableKind(kindHandle, initEmpty, {
        /** @type {(context: unknown, res: V, ...args: A) => void} */
        onFulfilled: (_context, res, ...args) => fulfillHandler(res, ...args),
        /** @type {(context: unknown, rej: unknown, ...args: A) => void} */
        onRejected: (_context, rej, ...args) => rejectHandler(rej, ...args)
      });
      if (promiseWatcherByKindTable.has(kindHandle)) {
        return promiseWatcherByKindTable.get(kindHandle);
      } else {
        const watcher = makeWatcher();
        promiseWatcherByKindTable.init(kindHandle, watcher);
        return watcher;
      }
    }
    function watchPromise(p, watcher, ...args) {
      void Promise.resolve().then(() => {
        const watcherVref = convertValToSlot(watcher);
        assert2(watcherVref, "invalid watcher");
        const { virtual, durable } = parseVatSlot(watcherVref);
        virtual || durable || // separate line so easy to breakpoint on
        throwRedacted`promise watcher must be a virtual object`;
        if (watcher.onFulfilled) {
          assert2.typeof(watcher.onFulfilled, "function");
        }
        if (watcher.onRejected) {
          assert2.typeof(watcher.onRejected, "function");
        }
        assert2(
          watcher.onFulfilled || watcher.onRejected,
          "promise watcher must implement at least one handler method"
        );
        const vpid = convertValToSlot(p);
        assert2(vpid, "invalid promise");
        const { type } = parseVatSlot(vpid);
        assert2(type === "promise", "watchPromise only watches promises");
        if (watchedPromiseTable.has(vpid)) {
          const watches = watchedPromiseTable.get(vpid);
          watchedPromiseTable.set(vpid, harden([...watches, [watcher, ...args]]));
        } else {
          watchedPromiseTable.init(vpid, harden([[watcher, ...args]]));
          buildRootObjectWatchedPromiseRefs?.add(vpid);
          pseudoThen(p, vpid);
          if (maybeExportPromise(vpid)) {
            syscall.subscribe(vpid);
          }
        }
      });
    }
    return harden({
      preparePromiseWatcherTables,
      loadWatchedPromiseTable,
      providePromiseWatcher,
      watchPromise
    });
  }

  // node_modules/@agoric/swingset-liveslots/src/boyd-gc.js
  var makeBOYDKit = ({
    gcTools,
    slotToVal,
    vrm,
    kernelRecognizableRemotables,
    syscall,
    possiblyDeadSet,
    possiblyRetiredSet
  }) => {
    const checkExportRepresentative = (baseRef) => {
      const isReachable = slotToVal.has(baseRef) || vrm.isVirtualObjectReachable(baseRef);
      let gcAgain = false;
      let exportsToRetire = [];
      if (!isReachable) {
        [gcAgain, exportsToRetire] = vrm.deleteVirtualObject(baseRef);
      }
      return { gcAgain, exportsToRetire };
    };
    const checkExportRemotable = (vref) => {
      let gcAgain = false;
      let exportsToRetire = [];
      const isReachable = slotToVal.has(vref);
      if (!isReachable) {
        if (kernelRecognizableRemotables.has(vref)) {
          kernelRecognizableRemotables.delete(vref);
          exportsToRetire = [vref];
        }
        gcAgain = vrm.ceaseRecognition(vref);
      }
      return { gcAgain, exportsToRetire };
    };
    const checkImportPresence = (vref) => {
      const isReachable = slotToVal.has(vref) || vrm.isPresenceReachable(vref);
      let dropImport;
      if (!isReachable) {
        dropImport = vref;
      }
      return { dropImport };
    };
    const scanForDeadObjects = async () => {
      await null;
      const importsToDrop = /* @__PURE__ */ new Set();
      const importsToRetire = /* @__PURE__ */ new Set();
      const exportsToRetire = /* @__PURE__ */ new Set();
      let gcAgain = false;
      do {
        gcAgain = false;
        await gcTools.gcAndFinalize();
        for (const vrefOrBaseRef of [...possiblyDeadSet].sort()) {
          possiblyDeadSet.delete(vrefOrBaseRef);
          const parsed = parseVatSlot(vrefOrBaseRef);
          assert.equal(parsed.type, "object", vrefOrBaseRef);
          let res = {};
          if (parsed.virtual || parsed.durable) {
            const baseRef = vrefOrBaseRef;
            res = checkExportRepresentative(baseRef);
          } else if (parsed.allocatedByVat) {
            const vref = vrefOrBaseRef;
            res = checkExportRemotable(vref);
          } else {
            const vref = vrefOrBaseRef;
            res = checkImportPresence(vref);
          }
          if (res.dropImport) {
            importsToDrop.add(res.dropImport);
            possiblyRetiredSet.add(res.dropImport);
          }
          for (const facetVref of res.exportsToRetire || []) {
            exportsToRetire.add(facetVref);
          }
          gcAgain ||= !!res.gcAgain;
        }
      } while (possiblyDeadSet.size > 0 || gcAgain);
      for (const vref of [...possiblyRetiredSet].sort()) {
        possiblyRetiredSet.delete(vref);
        const parsed = parseVatSlot(vref);
        assert.equal(parsed.type, "object", vref);
        if (parsed.allocatedByVat) continue;
        const isReachable = !importsToDrop.has(vref) && // Use slotToVal.has, not getValForSlot(), to avoid retirement
        // before the finalizer fires and does dropImport
        (slotToVal.has(vref) || vrm.isPresenceReachable(vref));
        const isRecognizable = isReachable || vrm.isVrefRecognizable(vref);
        if (!isRecognizable) {
          importsToRetire.add(vref);
        }
      }
      if (importsToDrop.size) {
        syscall.dropImports([...importsToDrop].sort());
      }
      if (importsToRetire.size) {
        syscall.retireImports([...importsToRetire].sort());
      }
      if (exportsToRetire.size) {
        syscall.retireExports([...exportsToRetire].sort());
      }
    };
    return { scanForDeadObjects };
  };
  harden(makeBOYDKit);

  // node_modules/@agoric/swingset-liveslots/src/liveslots.js
  var SYSCALL_CAPDATA_BODY_SIZE_LIMIT = 1e7;
  var SYSCALL_CAPDATA_SLOTS_LENGTH_LIMIT = 1e4;
  function build(syscall, forVatID, vatPowers, liveSlotsOptions = {}, gcTools, console2, buildVatNamespace) {
    const { enableDisavow = false, relaxDurabilityRules = false } = liveSlotsOptions;
    const { WeakRef: WeakRef2, FinalizationRegistry: FinalizationRegistry2, meterControl } = gcTools;
    const enableLSDebug = false;
    function lsdebug(...args) {
      if (enableLSDebug) {
        console2.log(...args);
      }
    }
    let didStartVat = false;
    const didStopVat = false;
    const outstandingProxies = /* @__PURE__ */ new WeakSet();
    let syscallCapdataBodySizeLimit = SYSCALL_CAPDATA_BODY_SIZE_LIMIT;
    let syscallCapdataSlotsLengthLimit = SYSCALL_CAPDATA_SLOTS_LENGTH_LIMIT;
    function setSyscallCapdataLimits(bodySizeLimit = SYSCALL_CAPDATA_BODY_SIZE_LIMIT, slotsLengthLimit = SYSCALL_CAPDATA_SLOTS_LENGTH_LIMIT) {
      syscallCapdataBodySizeLimit = bodySizeLimit;
      syscallCapdataSlotsLengthLimit = slotsLengthLimit;
    }
    function isAcceptableSyscallCapdataSize(capdatas) {
      let bodySizeTotal = 0;
      let slotsLengthTotal = 0;
      for (const capdata of capdatas) {
        bodySizeTotal += capdata.body.length;
        slotsLengthTotal += capdata.slots.length;
      }
      return bodySizeTotal <= syscallCapdataBodySizeLimit && slotsLengthTotal <= syscallCapdataSlotsLengthLimit;
    }
    function assertAcceptableSyscallCapdataSize(capdatas) {
      assert2(
        isAcceptableSyscallCapdataSize(capdatas),
        "syscall capdata too large"
      );
    }
    const valToSlot = /* @__PURE__ */ new WeakMap();
    const slotToVal = /* @__PURE__ */ new Map();
    const exportedRemotables = /* @__PURE__ */ new Set();
    const kernelRecognizableRemotables = /* @__PURE__ */ new Set();
    const importedDevices = /* @__PURE__ */ new Set();
    const possiblyDeadSet = /* @__PURE__ */ new Set();
    const possiblyRetiredSet = /* @__PURE__ */ new Set();
    const exportedVPIDs = /* @__PURE__ */ new Map();
    const importedVPIDs = /* @__PURE__ */ new Map();
    function retainExportedVref(vref) {
      const { type, allocatedByVat, virtual, durable } = parseVatSlot(vref);
      if (type === "object" && allocatedByVat) {
        if (virtual || durable) {
          vrm.setExportStatus(vref, "reachable");
        } else {
          const remotable = requiredValForSlot(vref);
          exportedRemotables.add(remotable);
          kernelRecognizableRemotables.add(vref);
        }
      }
    }
    function finalizeDroppedObject(baseRef) {
      const wr = slotToVal.get(baseRef);
      if (wr && !wr.deref()) {
        addToPossiblyDeadSet(baseRef);
        slotToVal.delete(baseRef);
      }
    }
    const vreffedObjectRegistry = new FinalizationRegistry2(finalizeDroppedObject);
    const disavowedPresences = /* @__PURE__ */ new WeakSet();
    const disavowalError = harden(Error(`this Presence has been disavowed`));
    function makeImportedPresence(slot, iface = `Alleged: presence ${slot}`) {
      lsdebug(`makeImportedPresence(${slot})`);
      const fulfilledHandler = {
        applyMethod(o, prop, args, returnedP) {
          lsdebug(`makeImportedPresence handler.applyMethod (${slot})`);
          if (disavowedPresences.has(o)) {
            exitVatWithFailure(disavowalError);
            throw disavowalError;
          }
          return queueMessage(slot, prop, args, returnedP);
        },
        applyFunction(o, args, returnedP) {
          return fulfilledHandler.applyMethod(o, void 0, args, returnedP);
        },
        get(o, prop) {
          lsdebug(`makeImportedPresence handler.get (${slot})`);
          if (disavowedPresences.has(o)) {
            exitVatWithFailure(disavowalError);
            throw disavowalError;
          }
          return o[prop];
        }
      };
      let remotePresence;
      const p = new hp((_res, _rej, resolveWithPresence) => {
        remotePresence = Remotable(
          iface,
          void 0,
          resolveWithPresence(fulfilledHandler)
        );
      });
      void harden(p);
      return harden(remotePresence);
    }
    function makePipelinablePromise(vpid) {
      insistVatType("promise", vpid);
      lsdebug(`makePipelinablePromise(${vpid})`);
      let handlerActive = true;
      const unfulfilledHandler = {
        applyMethod(_p, prop, args, returnedP) {
          lsdebug(`makePipelinablePromise handler.applyMethod (${vpid})`);
          if (!handlerActive) {
            console2.error(`mIPromise handler called after resolution`);
            throwRedacted`mIPromise handler called after resolution`;
          }
          return queueMessage(vpid, prop, args, returnedP);
        },
        get(p2, prop) {
          lsdebug(`makePipelinablePromise handler.get (${vpid})`);
          if (!handlerActive) {
            console2.error(`mIPromise handler called after resolution`);
            throwRedacted`mIPromise handler called after resolution`;
          }
          return E.when(p2, (o) => o[prop]);
        }
      };
      let resolve;
      let reject;
      const p = new hp((res, rej, _resPres) => {
        resolve = res;
        reject = rej;
      }, unfulfilledHandler);
      const pRec = harden({
        promise: p,
        resolve(resolution) {
          handlerActive = false;
          resolve(resolution);
        },
        reject(rejection) {
          handlerActive = false;
          reject(rejection);
        }
      });
      return pRec;
    }
    function makeDeviceNode(id, iface = `Alleged: device ${id}`) {
      return Remotable(iface);
    }
    function allocateExportID() {
      return vrm.allocateNextID("exportID");
    }
    function allocateCollectionID() {
      return vrm.allocateNextID("collectionID");
    }
    function allocatePromiseID() {
      const promiseID = vrm.allocateNextID("promiseID");
      return makeVatSlot("promise", true, promiseID);
    }
    const knownResolutions = /* @__PURE__ */ new WeakMap();
    function maybeExportPromise(vref) {
      if (parseVatSlot(vref).type === "promise" && !exportedVPIDs.has(vref) && !importedVPIDs.has(vref)) {
        const vpid = vref;
        const p = requiredValForSlot(vpid);
        followForKernel(vpid, p);
        return true;
      }
      return false;
    }
    function exportPassByPresence() {
      const exportID = allocateExportID();
      return makeVatSlot("object", true, exportID);
    }
    const m = makeMarshal(convertValToSlot, convertSlotToVal, {
      marshalName: `liveSlots:${forVatID}`,
      serializeBodyFormat: "smallcaps",
      // TODO Temporary hack.
      // See https://github.com/Agoric/agoric-sdk/issues/2780
      errorIdNum: 7e4,
      marshalSaveError: (err) => (
        // By sending this to `console.warn`, under cosmic-swingset this is
        // controlled by the `console` option given to makeLiveSlots.
        console2.warn("Logging sent error stack", err)
      )
    });
    const unmeteredUnserialize = meterControl.unmetered(m.unserialize);
    const unmeteredConvertSlotToVal = meterControl.unmetered(convertSlotToVal);
    function getSlotForVal(val) {
      return valToSlot.get(val);
    }
    function getValForSlot(baseRef) {
      meterControl.assertNotMetered();
      const wr = slotToVal.get(baseRef);
      return wr && wr.deref();
    }
    function requiredValForSlot(baseRef) {
      const wr = slotToVal.get(baseRef);
      const result = wr && wr.deref();
      result || throwRedacted`no value for ${baseRef}`;
      return result;
    }
    function addToPossiblyDeadSet(baseRef) {
      possiblyDeadSet.add(baseRef);
    }
    function addToPossiblyRetiredSet(vref) {
      possiblyRetiredSet.add(vref);
    }
    const vrm = makeVirtualReferenceManager(
      syscall,
      getSlotForVal,
      requiredValForSlot,
      FinalizationRegistry2,
      WeakRef2,
      addToPossiblyDeadSet,
      addToPossiblyRetiredSet,
      relaxDurabilityRules
    );
    const vom = makeVirtualObjectManager(
      syscall,
      vrm,
      allocateExportID,
      getSlotForVal,
      requiredValForSlot,
      registerValue,
      m.serialize,
      unmeteredUnserialize,
      assertAcceptableSyscallCapdataSize,
      liveSlotsOptions
    );
    const collectionManager = makeCollectionManager(
      syscall,
      vrm,
      allocateExportID,
      allocateCollectionID,
      convertValToSlot,
      unmeteredConvertSlotToVal,
      registerValue,
      m.serialize,
      unmeteredUnserialize,
      assertAcceptableSyscallCapdataSize
    );
    const watchedPromiseManager = makeWatchedPromiseManager({
      syscall,
      vrm,
      vom,
      collectionManager,
      convertValToSlot,
      convertSlotToVal: unmeteredConvertSlotToVal,
      maybeExportPromise
    });
    function convertValToSlot(val) {
      if (!valToSlot.has(val)) {
        let slot;
        if (isPromise(val)) {
          slot = allocatePromiseID();
        } else {
          if (disavowedPresences.has(val)) {
            exitVatWithFailure(disavowalError);
            throw disavowalError;
          }
          assert2.equal(passStyleOf(val), "remotable");
          slot = exportPassByPresence();
        }
        const { type, baseRef } = parseVatSlot(slot);
        valToSlot.set(val, slot);
        slotToVal.set(baseRef, new WeakRef2(val));
        if (type === "object") {
          vreffedObjectRegistry.register(val, baseRef, val);
        }
      }
      return valToSlot.get(val);
    }
    let importedPromises = null;
    function beginCollectingPromiseImports() {
      importedPromises = /* @__PURE__ */ new Set();
    }
    function finishCollectingPromiseImports() {
      const result = importedPromises;
      importedPromises = null;
      return result;
    }
    function registerValue(baseRef, val, valIsCohort) {
      const { type, id, facet } = parseVatSlot(baseRef);
      !facet || throwRedacted`registerValue(${baseRef} should not receive individual facets`;
      slotToVal.set(baseRef, new WeakRef2(val));
      if (valIsCohort) {
        for (const [index, name] of vrm.getFacetNames(id).entries()) {
          valToSlot.set(val[name], `${baseRef}:${index}`);
        }
      } else {
        valToSlot.set(val, baseRef);
      }
      if (type === "object") {
        vreffedObjectRegistry.register(val, baseRef, val);
      }
    }
    function convertSlotToVal(slot, iface = void 0) {
      meterControl.assertNotMetered();
      const { type, allocatedByVat, id, virtual, durable, facet, baseRef } = parseVatSlot(slot);
      let val = getValForSlot(baseRef);
      if (val) {
        if (virtual || durable) {
          if (facet !== void 0) {
            return vrm.getFacet(id, val, facet);
          }
        }
        return val;
      }
      let result;
      if (virtual || durable) {
        assert2.equal(type, "object");
        try {
          val = vrm.reanimate(baseRef);
        } catch (err) {
          const wrappedError = makeError(redacted`failed to reanimate ${iface}`);
          note(wrappedError, redacted`Original error: ${err}`);
          throw wrappedError;
        }
        if (facet !== void 0) {
          result = vrm.getFacet(id, val, facet);
        }
      } else if (type === "object") {
        !allocatedByVat || throwRedacted`I don't remember allocating ${slot}`;
        val = makeImportedPresence(slot, iface);
      } else if (type === "promise") {
        const pRec = makePipelinablePromise(slot);
        importedVPIDs.set(slot, pRec);
        val = pRec.promise;
        if (importedPromises) {
          importedPromises.add(slot);
        } else {
          syscall.subscribe(slot);
        }
      } else if (type === "device") {
        !allocatedByVat || throwRedacted`unexpected device ${slot} allocated by vat`;
        val = makeDeviceNode(slot, iface);
        importedDevices.add(val);
      } else {
        throwRedacted`unrecognized slot type '${type}'`;
      }
      registerValue(baseRef, val, facet !== void 0);
      if (!result) {
        result = val;
      }
      return result;
    }
    function revivePromise(slot) {
      meterControl.assertNotMetered();
      const { type } = parseVatSlot(slot);
      type === "promise" || throwRedacted`revivePromise called on non-promise ${slot}`;
      const val = getValForSlot(slot);
      if (val) {
        return val;
      }
      const pRec = makePipelinablePromise(slot);
      importedVPIDs.set(slot, pRec);
      const p = pRec.promise;
      registerValue(slot, p);
      return p;
    }
    const unmeteredRevivePromise = meterControl.unmetered(revivePromise);
    function resolutionCollector() {
      const resolutions = [];
      const doneResolutions = /* @__PURE__ */ new Set();
      function scanSlots(slots) {
        for (const slot of slots) {
          const { type } = parseVatSlot(slot);
          if (type === "promise") {
            const p = requiredValForSlot(slot);
            const priorResolution = knownResolutions.get(p);
            if (priorResolution && !doneResolutions.has(slot)) {
              const [priorRejected, priorRes] = priorResolution;
              collect(slot, priorRejected, priorRes);
            }
          }
        }
      }
      function collect(promiseID, rejected, value) {
        doneResolutions.add(promiseID);
        meterControl.assertIsMetered();
        let valueSer;
        try {
          valueSer = m.serialize(value);
        } catch (e) {
          valueSer = m.serialize(e);
          rejected = true;
        }
        valueSer.slots.map(retainExportedVref);
        resolutions.push([promiseID, rejected, valueSer]);
        scanSlots(valueSer.slots);
      }
      function forPromise(promiseID, rejected, value) {
        collect(promiseID, rejected, value);
        return resolutions;
      }
      function forSlots(slots) {
        scanSlots(slots);
        return resolutions;
      }
      return {
        forPromise,
        forSlots
      };
    }
    function queueMessage(targetSlot, prop, args, returnedP) {
      const methargs = [prop, args];
      meterControl.assertIsMetered();
      const serMethargs = m.serialize(harden(methargs));
      assertAcceptableSyscallCapdataSize([serMethargs]);
      serMethargs.slots.map(retainExportedVref);
      const resultVPID = allocatePromiseID();
      lsdebug(`Promise allocation ${forVatID}:${resultVPID} in queueMessage`);
      const pRec = makePipelinablePromise(resultVPID);
      importedVPIDs.set(resultVPID, harden({ ...pRec, promise: returnedP }));
      valToSlot.set(returnedP, resultVPID);
      slotToVal.set(resultVPID, new WeakRef2(returnedP));
      lsdebug(
        `ls.qm send(${JSON.stringify(targetSlot)}, ${legibilizeMethod(prop)}) -> ${resultVPID}`
      );
      syscall.send(targetSlot, serMethargs, resultVPID);
      const maybeNewVPIDs = new Set(serMethargs.slots);
      const resolutions = resolutionCollector().forSlots(serMethargs.slots);
      if (resolutions.length > 0) {
        try {
          const resolutionCDs = resolutions.map(
            ([_xvpid, _isReject, resolutionCD]) => resolutionCD
          );
          assertAcceptableSyscallCapdataSize(resolutionCDs);
        } catch (e) {
          syscall.exit(true, m.serialize(e));
          return null;
        }
        syscall.resolve(resolutions);
        for (const resolution of resolutions) {
          const [_xvpid, _isReject, resolutionCD] = resolution;
          for (const vref of resolutionCD.slots) {
            maybeNewVPIDs.add(vref);
          }
        }
        for (const resolution of resolutions) {
          const [xvpid] = resolution;
          maybeNewVPIDs.delete(xvpid);
          unregisterUnreferencedVPID(xvpid);
        }
      }
      for (const newVPID of Array.from(maybeNewVPIDs).sort()) {
        maybeExportPromise(newVPID);
      }
      syscall.subscribe(resultVPID);
      return pRec.promise;
    }
    function forbidPromises(serArgs) {
      for (const slot of serArgs.slots) {
        parseVatSlot(slot).type !== "promise" || throwRedacted`D() arguments cannot include a Promise`;
      }
    }
    function DeviceHandler(slot) {
      return {
        get(target, prop) {
          if (typeof prop !== "string" && typeof prop !== "symbol") {
            return void 0;
          }
          return (...args) => {
            meterControl.assertIsMetered();
            const serArgs = m.serialize(harden(args));
            assertAcceptableSyscallCapdataSize([serArgs]);
            serArgs.slots.map(retainExportedVref);
            forbidPromises(serArgs);
            const ret = syscall.callNow(slot, prop, serArgs);
            insistCapData(ret);
            forbidPromises(ret);
            const retval = unmeteredUnserialize(ret);
            return retval;
          };
        }
      };
    }
    function D(x) {
      if (outstandingProxies.has(x)) {
        throw Error("D(D(x)) is invalid");
      }
      const slot = valToSlot.get(x);
      if (!slot || parseVatSlot(slot).type !== "device") {
        throw Error("D() must be given a device node");
      }
      const handler = DeviceHandler(slot);
      const pr = harden(new Proxy({}, handler));
      outstandingProxies.add(pr);
      return pr;
    }
    function deliver2(target, methargsdata, resultVPID) {
      assert2(didStartVat);
      assert2(!didStopVat);
      insistCapData(methargsdata);
      lsdebug(
        `ls[${forVatID}].dispatch.deliver ${target}.${extractMethod(methargsdata)} -> ${resultVPID}`
      );
      const t = convertSlotToVal(target);
      t || throwRedacted`no target ${target}`;
      meterControl.assertNotMetered();
      const methargs = m.unserialize(methargsdata);
      const [method, args] = methargs;
      let res;
      if (args) {
        if (method === void 0) {
          res = hp.applyFunction(t, args);
        } else {
          res = hp.applyMethod(t, method, args);
        }
      } else {
        res = hp.get(t, method);
      }
      let p = res;
      if (resultVPID) {
        if (importedVPIDs.has(resultVPID)) {
          const pRec = importedVPIDs.get(resultVPID);
          importedVPIDs.delete(resultVPID);
          pRec.resolve(res);
          p = pRec.promise;
        } else {
          registerValue(resultVPID, res, false);
        }
        followForKernel(resultVPID, p);
      }
    }
    function unregisterUnreferencedVPID(vpid) {
      lsdebug(`unregisterUnreferencedVPID ${forVatID}:${vpid}`);
      assert2.equal(parseVatSlot(vpid).type, "promise");
      const p = requiredValForSlot(vpid);
      if (vrm.getReachablePromiseRefCount(p) === 0) {
        valToSlot.delete(p);
        slotToVal.delete(vpid);
      }
    }
    function followForKernel(vpid, p) {
      insistVatType("promise", vpid);
      exportedVPIDs.set(vpid, p);
      function handle(isReject, value) {
        knownResolutions.set(p, harden([isReject, value]));
        lsdebug(`ls.thenHandler fired`, value);
        assert2(exportedVPIDs.has(vpid), vpid);
        const rc = resolutionCollector();
        const resolutions = rc.forPromise(vpid, isReject, value);
        try {
          const resolutionCDs = resolutions.map(
            ([_xvpid, _isReject, resolutionCD]) => resolutionCD
          );
          assertAcceptableSyscallCapdataSize(resolutionCDs);
        } catch (e) {
          syscall.exit(true, m.serialize(e));
          return;
        }
        syscall.resolve(resolutions);
        const maybeNewVPIDs = /* @__PURE__ */ new Set();
        for (const resolution of resolutions) {
          const [_xvpid, _isReject, resolutionCD] = resolution;
          for (const vref of resolutionCD.slots) {
            maybeNewVPIDs.add(vref);
          }
        }
        for (const resolution of resolutions) {
          const [xvpid] = resolution;
          maybeNewVPIDs.delete(xvpid);
          unregisterUnreferencedVPID(xvpid);
        }
        for (const newVPID of Array.from(maybeNewVPIDs).sort()) {
          maybeExportPromise(newVPID);
        }
        exportedVPIDs.delete(vpid);
      }
      void E.when(
        p,
        (value) => handle(false, value),
        (value) => handle(true, value)
      );
    }
    function notifyOnePromise(promiseID, rejected, data) {
      insistCapData(data);
      lsdebug(
        `ls.dispatch.notify(${promiseID}, ${rejected}, ${data.body}, [${data.slots}])`
      );
      insistVatType("promise", promiseID);
      const pRec = importedVPIDs.get(promiseID);
      if (pRec) {
        meterControl.assertNotMetered();
        const val = m.unserialize(data);
        if (rejected) {
          pRec.reject(val);
        } else {
          pRec.resolve(val);
        }
        return true;
      }
      return false;
    }
    function notify(resolutions) {
      assert2(didStartVat);
      assert2(!didStopVat);
      const retiredVPIDs = [];
      beginCollectingPromiseImports();
      for (const resolution of resolutions) {
        const [vpid, rejected, data] = resolution;
        const retired = notifyOnePromise(vpid, rejected, data);
        if (retired) {
          retiredVPIDs.push(vpid);
        }
      }
      const imports = finishCollectingPromiseImports();
      for (const vpid of retiredVPIDs) {
        unregisterUnreferencedVPID(vpid);
        importedVPIDs.delete(vpid);
        imports.delete(vpid);
      }
      for (const vpid of Array.from(imports).sort()) {
        syscall.subscribe(vpid);
      }
    }
    function dropExports(vrefs) {
      assert2(Array.isArray(vrefs));
      vrefs.map((vref) => insistVatType("object", vref));
      vrefs.map((vref) => assert2(parseVatSlot(vref).allocatedByVat));
      meterControl.assertNotMetered();
      for (const vref of vrefs) {
        const o = getValForSlot(vref);
        if (o) {
          exportedRemotables.delete(o);
        }
        const { virtual, durable } = parseVatSlot(vref);
        if (virtual || durable) {
          vrm.setExportStatus(vref, "recognizable");
        }
      }
    }
    function retireOneExport(vref) {
      insistVatType("object", vref);
      const { virtual, durable, allocatedByVat, type } = parseVatSlot(vref);
      assert2(allocatedByVat);
      assert2.equal(type, "object");
      if (virtual || durable) {
        vrm.setExportStatus(vref, "none");
      } else {
        kernelRecognizableRemotables.delete(vref);
      }
    }
    function retireExports(vrefs) {
      assert2(Array.isArray(vrefs));
      for (const vref of vrefs) {
        retireOneExport(vref);
      }
    }
    function retireImports(vrefs) {
      assert2(Array.isArray(vrefs));
      vrefs.map((vref) => insistVatType("object", vref));
      vrefs.map((vref) => assert2(!parseVatSlot(vref).allocatedByVat));
      for (const vref of vrefs) {
        vrm.ceaseRecognition(vref);
      }
    }
    function exitVat(completion) {
      meterControl.assertIsMetered();
      const args = m.serialize(harden(completion));
      if (isAcceptableSyscallCapdataSize([args])) {
        args.slots.map(retainExportedVref);
        syscall.exit(false, args);
      } else {
        syscall.exit(true, m.serialize(Error("syscall capdata too large")));
      }
    }
    function exitVatWithFailure(reason) {
      meterControl.assertIsMetered();
      const args = m.serialize(harden(reason));
      if (isAcceptableSyscallCapdataSize([args])) {
        args.slots.map(retainExportedVref);
        syscall.exit(true, args);
      } else {
        syscall.exit(true, m.serialize(Error("syscall capdata too large")));
      }
    }
    function disavow(presence) {
      if (!valToSlot.has(presence)) {
        throwRedacted`attempt to disavow unknown ${presence}`;
      }
      const slot = valToSlot.get(presence);
      const { type, allocatedByVat } = parseVatSlot(slot);
      type === "object" || throwRedacted`attempt to disavow non-object ${presence}`;
      !allocatedByVat || throwRedacted`attempt to disavow an export`;
      valToSlot.delete(presence);
      slotToVal.delete(slot);
      disavowedPresences.add(presence);
      syscall.dropImports([slot]);
    }
    const vatGlobals = harden({
      VatData: {
        defineKind: vom.defineKind,
        defineKindMulti: vom.defineKindMulti,
        defineDurableKind: vom.defineDurableKind,
        defineDurableKindMulti: vom.defineDurableKindMulti,
        makeKindHandle: vom.makeKindHandle,
        canBeDurable: vom.canBeDurable,
        providePromiseWatcher: watchedPromiseManager.providePromiseWatcher,
        watchPromise: watchedPromiseManager.watchPromise,
        makeScalarBigMapStore: collectionManager.makeScalarBigMapStore,
        makeScalarBigWeakMapStore: collectionManager.makeScalarBigWeakMapStore,
        makeScalarBigSetStore: collectionManager.makeScalarBigSetStore,
        makeScalarBigWeakSetStore: collectionManager.makeScalarBigWeakSetStore
      }
    });
    const inescapableGlobalProperties = harden({
      WeakMap: vom.VirtualObjectAwareWeakMap,
      WeakSet: vom.VirtualObjectAwareWeakSet,
      [PassStyleOfEndowmentSymbol]: passStyleOf
    });
    function getRetentionStats() {
      return {
        ...collectionManager.getRetentionStats(),
        ...vrm.getRetentionStats(),
        ...vom.getRetentionStats(),
        exportedRemotables: exportedRemotables.size,
        importedDevices: importedDevices.size,
        kernelRecognizableRemotables: kernelRecognizableRemotables.size,
        exportedVPIDs: exportedVPIDs.size,
        importedVPIDs: importedVPIDs.size,
        possiblyDeadSet: possiblyDeadSet.size,
        possiblyRetiredSet: possiblyRetiredSet.size,
        slotToVal: slotToVal.size
      };
    }
    const testHooks = harden({
      ...vom.testHooks,
      ...vrm.testHooks,
      ...collectionManager.testHooks,
      setSyscallCapdataLimits,
      vatGlobals,
      getRetentionStats,
      exportedRemotables,
      importedDevices,
      kernelRecognizableRemotables,
      exportedVPIDs,
      importedVPIDs,
      possiblyDeadSet,
      possiblyRetiredSet,
      slotToVal,
      valToSlot,
      afterDispatchActions
    });
    function setVatOption(option, _value) {
      switch (option) {
        default:
          console2.warn(`WARNING setVatOption unknown option ${option}`);
      }
    }
    function changeVatOptions(options) {
      for (const option of Object.getOwnPropertyNames(options)) {
        setVatOption(option, options[option]);
      }
    }
    let baggage;
    async function startVat(vatParametersCapData) {
      insistCapData(vatParametersCapData);
      assert2(!didStartVat);
      didStartVat = true;
      assert2(!didStopVat);
      const vpow = {
        D,
        exitVat,
        exitVatWithFailure,
        ...vatGlobals,
        ...inescapableGlobalProperties,
        ...vatPowers
      };
      if (enableDisavow) {
        vpow.disavow = disavow;
      }
      harden(vpow);
      vrm.initializeIDCounters();
      vom.initializeKindHandleKind();
      collectionManager.initializeStoreKindInfo();
      const vatParameters = m.unserialize(vatParametersCapData);
      baggage = collectionManager.provideBaggage();
      watchedPromiseManager.preparePromiseWatcherTables();
      await Promise.resolve();
      const vatNS = await buildVatNamespace(
        vatGlobals,
        inescapableGlobalProperties
      );
      const buildRootObject = vatNS.buildRootObject;
      typeof buildRootObject === "function" || throwRedacted`vat source bundle lacks buildRootObject() function`;
      const rootObject = await buildRootObject(vpow, vatParameters, baggage);
      passStyleOf(rootObject) === "remotable" || throwRedacted`buildRootObject() for vat ${forVatID} returned ${rootObject}, which is not Far`;
      getInterfaceOf(rootObject) !== void 0 || throwRedacted`buildRootObject() for vat ${forVatID} returned ${rootObject} with no interface`;
      if (valToSlot.has(rootObject)) {
        throwRedacted`buildRootObject() must return ephemeral, not virtual/durable object`;
      }
      watchedPromiseManager.loadWatchedPromiseTable(unmeteredRevivePromise);
      const rootSlot = makeVatSlot("object", true, BigInt(0));
      valToSlot.set(rootObject, rootSlot);
      slotToVal.set(rootSlot, new WeakRef2(rootObject));
      retainExportedVref(rootSlot);
      vom.insistAllDurableKindsReconnected();
    }
    function dispatchToUserspace(delivery) {
      let result;
      const [type, ...args] = delivery;
      switch (type) {
        case "message": {
          const [targetSlot, msg] = args;
          insistMessage(msg);
          deliver2(targetSlot, msg.methargs, msg.result);
          break;
        }
        case "notify": {
          const [resolutions] = args;
          notify(resolutions);
          break;
        }
        case "dropExports": {
          const [vrefs] = args;
          dropExports(vrefs);
          break;
        }
        case "retireExports": {
          const [vrefs] = args;
          retireExports(vrefs);
          break;
        }
        case "retireImports": {
          const [vrefs] = args;
          retireImports(vrefs);
          break;
        }
        case "changeVatOptions": {
          const [options] = args;
          changeVatOptions(options);
          break;
        }
        case "startVat": {
          const [vpCapData] = args;
          result = startVat(vpCapData);
          break;
        }
        default:
          throwRedacted`unknown delivery type ${type}`;
      }
      return result;
    }
    const unmeteredDispatch = meterControl.unmetered(dispatchToUserspace);
    const { scanForDeadObjects } = makeBOYDKit({
      gcTools,
      slotToVal,
      vrm,
      kernelRecognizableRemotables,
      syscall,
      possiblyDeadSet,
      possiblyRetiredSet
    });
    async function stopVat(_disconnectObjectCapData) {
      console2.warn("stopVat is a no-op as of #6650");
    }
    function afterDispatchActions() {
      vrm.flushIDCounters();
      collectionManager.flushSchemaCache();
      vom.flushStateCache();
    }
    const bringOutYourDead = async () => {
      await scanForDeadObjects();
      afterDispatchActions();
      return getRetentionStats();
    };
    async function dispatch2(delivery) {
      if (delivery[0] === "bringOutYourDead") {
        return meterControl.runWithoutMeteringAsync(bringOutYourDead);
      } else if (delivery[0] === "stopVat") {
        return meterControl.runWithoutMeteringAsync(() => stopVat(delivery[1]));
      } else {
        const p = Promise.resolve(delivery).then(unmeteredDispatch);
        return gcTools.waitUntilQuiescent().then(() => {
          afterDispatchActions();
          return Promise.race([p, Promise.reject("buildRootObject unresolved")]);
        });
      }
    }
    harden(dispatch2);
    return harden({
      dispatch: dispatch2,
      m,
      testHooks
    });
  }
  function makeLiveSlots(syscall, forVatID = "unknown", vatPowers = harden({}), liveSlotsOptions, gcTools, liveSlotsConsole = console, buildVatNamespace) {
    const r = build(
      syscall,
      forVatID,
      vatPowers,
      liveSlotsOptions,
      gcTools,
      liveSlotsConsole,
      buildVatNamespace
    );
    const { dispatch: dispatch2, possiblyDeadSet, testHooks } = r;
    return harden({
      dispatch: dispatch2,
      possiblyDeadSet,
      testHooks
    });
  }

  // src/web/base64.js
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var CHUNK = 8192;
  var fromCharCode = String.fromCharCode;
  var makeBase64 = ({ DOMException }) => {
    if (typeof DOMException !== "function") {
      throw new TypeError("makeBase64 needs a DOMException constructor");
    }
    const table = new Int8Array(256).fill(-3);
    for (let i = 0; i < ALPHABET.length; i += 1) {
      table[ALPHABET.charCodeAt(i)] = i;
    }
    for (const c of [9, 10, 12, 13, 32]) {
      table[c] = -1;
    }
    table[61] = -2;
    const encodeTable = new Uint8Array(64);
    for (let i = 0; i < 64; i += 1) {
      encodeTable[i] = ALPHABET.charCodeAt(i);
    }
    const invalidCharacter = (message = "Invalid character") => new DOMException(message, "InvalidCharacterError");
    const missingArgument = () => {
      const error = new TypeError('The "input" argument must be specified');
      error.code = "ERR_MISSING_ARGS";
      return error;
    };
    const fromCodes = (codes, length) => {
      const parts = [];
      for (let start = 0; start < length; start += CHUNK) {
        const end = start + CHUNK < length ? start + CHUNK : length;
        parts.push(fromCharCode.apply(null, codes.subarray(start, end)));
      }
      return parts.join("");
    };
    function atob(data) {
      if (arguments.length === 0) {
        throw missingArgument();
      }
      const input = `${data}`;
      const n = input.length;
      let significant = 0;
      let equals = 0;
      for (let i = 0; i < n; i += 1) {
        const c = input.charCodeAt(i);
        const v = c < 256 ? table[c] : -3;
        if (v === -1) {
          continue;
        }
        if (v === -3) {
          throw invalidCharacter();
        }
        significant += 1;
        if (v === -2) {
          equals += 1;
          if (equals > 2) {
            throw invalidCharacter();
          }
        } else if (equals > 0) {
          throw invalidCharacter();
        }
      }
      let remainder = significant % 4;
      if (remainder === 0) {
        remainder = (significant - equals) % 4;
      } else if (equals > 0) {
        throw invalidCharacter();
      }
      if (remainder === 1) {
        throw invalidCharacter(
          "The string to be decoded is not correctly encoded."
        );
      }
      const dataLength = significant - equals;
      const outLength = dataLength * 3 >> 2;
      const out = new Uint8Array(outLength);
      let buffer = 0;
      let bits = 0;
      let j = 0;
      for (let i = 0; i < n && j < outLength; i += 1) {
        const v = table[input.charCodeAt(i)];
        if (v < 0) {
          continue;
        }
        buffer = (buffer << 6 | v) & 16777215;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out[j] = buffer >> bits & 255;
          j += 1;
        }
      }
      return fromCodes(out, outLength);
    }
    function btoa(data) {
      if (arguments.length === 0) {
        throw missingArgument();
      }
      const input = `${data}`;
      const n = input.length;
      for (let i2 = 0; i2 < n; i2 += 1) {
        if (input.charCodeAt(i2) > 255) {
          throw invalidCharacter();
        }
      }
      const out = new Uint8Array(Math.ceil(n / 3) * 4);
      let j = 0;
      let i = 0;
      for (; i + 2 < n; i += 3) {
        const triple = input.charCodeAt(i) << 16 | input.charCodeAt(i + 1) << 8 | input.charCodeAt(i + 2);
        out[j] = encodeTable[triple >> 18];
        out[j + 1] = encodeTable[triple >> 12 & 63];
        out[j + 2] = encodeTable[triple >> 6 & 63];
        out[j + 3] = encodeTable[triple & 63];
        j += 4;
      }
      const rest = n - i;
      if (rest === 1) {
        const a = input.charCodeAt(i);
        out[j] = encodeTable[a >> 2];
        out[j + 1] = encodeTable[(a & 3) << 4];
        out[j + 2] = 61;
        out[j + 3] = 61;
      } else if (rest === 2) {
        const a = input.charCodeAt(i);
        const b = input.charCodeAt(i + 1);
        out[j] = encodeTable[a >> 2];
        out[j + 1] = encodeTable[(a & 3) << 4 | b >> 4];
        out[j + 2] = encodeTable[(b & 15) << 2];
        out[j + 3] = 61;
      }
      return fromCodes(out, out.length);
    }
    return { atob, btoa };
  };

  // src/web/abort.js
  var describe = (value) => {
    if (value === null || value === void 0) {
      return ` Received ${value}`;
    }
    if (typeof value === "function") {
      return ` Received function ${value.name}`;
    }
    if (typeof value === "object") {
      const ctor = value.constructor;
      if (typeof ctor === "function" && typeof ctor.name === "string" && ctor.name) {
        return ` Received an instance of ${ctor.name}`;
      }
      return ` Received ${Object.prototype.toString.call(value)}`;
    }
    let shown;
    if (typeof value === "string") {
      shown = `'${value}'`;
    } else if (typeof value === "bigint") {
      shown = `${value}n`;
    } else {
      shown = String(value);
    }
    if (shown.length > 28) {
      shown = `${shown.slice(0, 25)}...`;
    }
    return ` Received type ${typeof value} (${shown})`;
  };
  var formatNumber = (value) => {
    if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
      const text = String(value);
      const start = text[0] === "-" ? 1 : 0;
      let i = text.length;
      let result = "";
      for (; i >= start + 4; i -= 3) {
        result = `_${text.slice(i - 3, i)}${result}`;
      }
      return `${text.slice(0, i)}${result}`;
    }
    return String(value);
  };
  var withCode = (error, code) => {
    error.code = code;
    return error;
  };
  var MAX_DELAY = 4294967295;
  var makeAbort = ({ Event, EventTarget, DOMException, setTimeout }) => {
    if (typeof Event !== "function" || typeof EventTarget !== "function") {
      throw new TypeError("makeAbort needs Event and EventTarget");
    }
    if (typeof DOMException !== "function") {
      throw new TypeError("makeAbort needs a DOMException constructor");
    }
    const hostSetTimeout = typeof setTimeout === "function" ? setTimeout : void 0;
    const { addEventListener, removeEventListener, dispatchEvent } = EventTarget.prototype;
    const signals = /* @__PURE__ */ new WeakMap();
    const signalState = (self) => {
      const state = signals.get(self);
      if (state === void 0) {
        throw withCode(
          new TypeError('Value of "this" must be of type AbortSignal'),
          "ERR_INVALID_THIS"
        );
      }
      return state;
    };
    let constructing = false;
    const defaultReason = () => new DOMException("This operation was aborted", "AbortError");
    const runAbortSteps = (signal) => {
      Reflect.apply(dispatchEvent, signal, [new Event("abort")]);
    };
    const signalAbort = (signal, reason) => {
      const state = signals.get(signal);
      if (state.aborted) {
        return;
      }
      state.aborted = true;
      state.reason = reason === void 0 ? defaultReason() : reason;
      const toAbort = [];
      for (const dependent of state.dependents) {
        const dependentState = signals.get(dependent);
        if (!dependentState.aborted) {
          dependentState.aborted = true;
          dependentState.reason = state.reason;
          toAbort.push(dependent);
        }
      }
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
          throw withCode(new TypeError("Illegal constructor"), "ERR_ILLEGAL_CONSTRUCTOR");
        }
        constructing = false;
        super();
        signals.set(this, {
          aborted: false,
          reason: void 0,
          dependent: false,
          sources: [],
          dependents: /* @__PURE__ */ new Set(),
          handler: null,
          handlerListener: void 0
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
        const handler = typeof value === "object" && value !== null || typeof value === "function" ? value : null;
        state.handler = handler;
        if (handler === null) {
          if (state.handlerListener !== void 0) {
            Reflect.apply(removeEventListener, this, ["abort", state.handlerListener]);
            state.handlerListener = void 0;
          }
          return;
        }
        if (state.handlerListener === void 0) {
          const signal = this;
          state.handlerListener = (event) => {
            const current = state.handler;
            if (typeof current !== "function") {
              return;
            }
            const result = Reflect.apply(current, signal, [event]);
            if (result === false) {
              event.preventDefault();
            }
          };
          Reflect.apply(addEventListener, this, ["abort", state.handlerListener]);
        }
      }
      static abort(reason = void 0) {
        const signal = createSignal();
        const state = signals.get(signal);
        state.aborted = true;
        state.reason = reason === void 0 ? defaultReason() : reason;
        return signal;
      }
      static timeout(milliseconds) {
        if (hostSetTimeout === void 0) {
          throw new TypeError(
            "AbortSignal.timeout() is not supported: timers are not available in this environment"
          );
        }
        if (typeof milliseconds !== "number") {
          throw withCode(
            new TypeError(
              `The "delay" argument must be of type number.${describe(milliseconds)}`
            ),
            "ERR_INVALID_ARG_TYPE"
          );
        }
        if (!Number.isInteger(milliseconds)) {
          throw withCode(
            new RangeError(
              `The value of "delay" is out of range. It must be an integer. Received ${formatNumber(milliseconds)}`
            ),
            "ERR_OUT_OF_RANGE"
          );
        }
        if (milliseconds < 0 || milliseconds > MAX_DELAY) {
          throw withCode(
            new RangeError(
              `The value of "delay" is out of range. It must be >= 0 && <= ${MAX_DELAY}. Received ${formatNumber(milliseconds)}`
            ),
            "ERR_OUT_OF_RANGE"
          );
        }
        const signal = createSignal();
        hostSetTimeout(() => {
          signalAbort(
            signal,
            new DOMException("The operation was aborted due to timeout", "TimeoutError")
          );
        }, milliseconds);
        return signal;
      }
      static any(signalsToFollow) {
        const list = [];
        if (signalsToFollow === null || typeof signalsToFollow !== "object" && typeof signalsToFollow !== "function" || typeof signalsToFollow[Symbol.iterator] !== "function") {
          throw withCode(
            new TypeError(
              `The "signals" argument must be an instance of Array.${describe(signalsToFollow)}`
            ),
            "ERR_INVALID_ARG_TYPE"
          );
        }
        for (const item of signalsToFollow) {
          if (!signals.has(item)) {
            throw withCode(
              new TypeError(
                `The "signals[${list.length}]" argument must be an instance of AbortSignal.${describe(item)}`
              ),
              "ERR_INVALID_ARG_TYPE"
            );
          }
          list.push(item);
        }
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
    const controllers = /* @__PURE__ */ new WeakMap();
    const controllerSignal = (self) => {
      const signal = controllers.get(self);
      if (signal === void 0) {
        throw withCode(
          new TypeError('Value of "this" must be of type AbortController'),
          "ERR_INVALID_THIS"
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
      abort(reason = void 0) {
        signalAbort(controllerSignal(this), reason);
      }
    }
    for (const [ctor, tag] of [
      [AbortSignal, "AbortSignal"],
      [AbortController, "AbortController"]
    ]) {
      Object.defineProperty(ctor.prototype, Symbol.toStringTag, {
        value: tag,
        writable: false,
        enumerable: false,
        configurable: true
      });
    }
    return { AbortController, AbortSignal };
  };

  // src/web/events.js
  var LEGACY_CODES = [
    ["IndexSizeError", "INDEX_SIZE_ERR", 1],
    [void 0, "DOMSTRING_SIZE_ERR", 2],
    ["HierarchyRequestError", "HIERARCHY_REQUEST_ERR", 3],
    ["WrongDocumentError", "WRONG_DOCUMENT_ERR", 4],
    ["InvalidCharacterError", "INVALID_CHARACTER_ERR", 5],
    [void 0, "NO_DATA_ALLOWED_ERR", 6],
    ["NoModificationAllowedError", "NO_MODIFICATION_ALLOWED_ERR", 7],
    ["NotFoundError", "NOT_FOUND_ERR", 8],
    ["NotSupportedError", "NOT_SUPPORTED_ERR", 9],
    ["InUseAttributeError", "INUSE_ATTRIBUTE_ERR", 10],
    ["InvalidStateError", "INVALID_STATE_ERR", 11],
    ["SyntaxError", "SYNTAX_ERR", 12],
    ["InvalidModificationError", "INVALID_MODIFICATION_ERR", 13],
    ["NamespaceError", "NAMESPACE_ERR", 14],
    ["InvalidAccessError", "INVALID_ACCESS_ERR", 15],
    [void 0, "VALIDATION_ERR", 16],
    ["TypeMismatchError", "TYPE_MISMATCH_ERR", 17],
    ["SecurityError", "SECURITY_ERR", 18],
    ["NetworkError", "NETWORK_ERR", 19],
    ["AbortError", "ABORT_ERR", 20],
    ["URLMismatchError", "URL_MISMATCH_ERR", 21],
    ["QuotaExceededError", "QUOTA_EXCEEDED_ERR", 22],
    ["TimeoutError", "TIMEOUT_ERR", 23],
    ["InvalidNodeTypeError", "INVALID_NODE_TYPE_ERR", 24],
    ["DataCloneError", "DATA_CLONE_ERR", 25]
  ];
  var PHASES = [
    ["NONE", 0],
    ["CAPTURING_PHASE", 1],
    ["AT_TARGET", 2],
    ["BUBBLING_PHASE", 3]
  ];
  var AT_TARGET = 2;
  var describe2 = (value) => {
    if (value === null || value === void 0) {
      return ` Received ${value}`;
    }
    if (typeof value === "function") {
      return ` Received function ${value.name}`;
    }
    if (typeof value === "object") {
      const ctor = value.constructor;
      if (typeof ctor === "function" && typeof ctor.name === "string" && ctor.name) {
        return ` Received an instance of ${ctor.name}`;
      }
      return ` Received ${Object.prototype.toString.call(value)}`;
    }
    let shown;
    if (typeof value === "string") {
      shown = `'${value}'`;
    } else if (typeof value === "bigint") {
      shown = `${value}n`;
    } else {
      shown = String(value);
    }
    if (shown.length > 28) {
      shown = `${shown.slice(0, 25)}...`;
    }
    return ` Received type ${typeof value} (${shown})`;
  };
  var withCode2 = (error, code) => {
    error.code = code;
    return error;
  };
  var defineTag = (ctor, tag) => {
    Object.defineProperty(ctor.prototype, Symbol.toStringTag, {
      value: tag,
      writable: false,
      enumerable: false,
      configurable: true
    });
  };
  var defineConstants = (ctor, entries9) => {
    for (const [name, value] of entries9) {
      const desc = {
        value,
        writable: false,
        enumerable: true,
        configurable: false
      };
      Object.defineProperty(ctor, name, desc);
      Object.defineProperty(ctor.prototype, name, desc);
    }
  };
  var makeEvents = ({ reportError } = {}) => {
    const report = (error) => {
      if (typeof reportError === "function") {
        try {
          reportError(error);
        } catch {
        }
      }
    };
    const nameToCode = /* @__PURE__ */ new Map();
    for (const [name, , code] of LEGACY_CODES) {
      if (name !== void 0) {
        nameToCode.set(name, code);
      }
    }
    class DOMException extends Error {
      #name;
      #code;
      static #check(self) {
        if (!(typeof self === "object" && self !== null && #name in self)) {
          throw withCode2(
            new TypeError('Value of "this" must be of DOMException'),
            "ERR_INVALID_THIS"
          );
        }
      }
      constructor(message = "", options = "Error") {
        const text = `${message}`;
        let name;
        let hasCause = false;
        let cause;
        if (typeof options === "object" && options !== null) {
          name = `${options.name}`;
          if ("cause" in options) {
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
        return Object.getOwnPropertyDescriptor(this, "message")?.value ?? "";
      }
      get code() {
        DOMException.#check(this);
        return this.#code;
      }
    }
    defineTag(DOMException, "DOMException");
    defineConstants(
      DOMException,
      LEGACY_CODES.map(([, constant, code]) => [constant, code])
    );
    const events = /* @__PURE__ */ new WeakMap();
    const eventState = (self) => {
      const state = events.get(self);
      if (state === void 0) {
        throw withCode2(
          new TypeError('Value of "this" must be of type Event'),
          "ERR_INVALID_THIS"
        );
      }
      return state;
    };
    class Event {
      constructor(type, options = void 0) {
        if (arguments.length === 0) {
          throw withCode2(
            new TypeError('The "type" argument must be specified'),
            "ERR_MISSING_ARGS"
          );
        }
        if (options !== void 0 && options !== null && typeof options !== "object" && typeof options !== "function") {
          throw withCode2(
            new TypeError(
              `The "options" argument must be of type object.${describe2(options)}`
            ),
            "ERR_INVALID_ARG_TYPE"
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
          dispatching: false
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
          throw withCode2(
            new TypeError('The "type" argument must be specified'),
            "ERR_MISSING_ARGS"
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
    defineTag(Event, "Event");
    defineConstants(Event, PHASES);
    const targets = /* @__PURE__ */ new WeakMap();
    const listenersOf = (self) => {
      const map = targets.get(self);
      if (map === void 0) {
        throw withCode2(
          new TypeError('Value of "this" must be of type EventTarget'),
          "ERR_INVALID_THIS"
        );
      }
      return map;
    };
    const flatten = (options) => {
      if (typeof options === "object" && options !== null) {
        return Boolean(options.capture);
      }
      return Boolean(options);
    };
    const isSignal = (value) => typeof value === "object" && value !== null && typeof value.aborted === "boolean" && typeof value.addEventListener === "function" && typeof value.removeEventListener === "function";
    const removeRecord = (map, record) => {
      const list = map.get(record.type);
      if (list === void 0) {
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
      if (record.signal !== void 0) {
        const { signal, onAbort } = record;
        record.signal = void 0;
        try {
          signal.removeEventListener("abort", onAbort);
        } catch {
        }
      }
    };
    const callListener = (record, event, target) => {
      const { callback } = record;
      if (typeof callback === "function") {
        Reflect.apply(callback, target, [event]);
        return;
      }
      const handleEvent = callback.handleEvent;
      if (typeof handleEvent !== "function") {
        throw new TypeError(
          `The "handleEvent" property of the listener for "${record.type}" events is not a function`
        );
      }
      Reflect.apply(handleEvent, callback, [event]);
    };
    class EventTarget {
      constructor() {
        targets.set(this, /* @__PURE__ */ new Map());
      }
      addEventListener(type, callback, options = void 0) {
        const map = listenersOf(this);
        if (arguments.length < 2) {
          throw withCode2(
            new TypeError('The "type" and "listener" arguments must be specified'),
            "ERR_MISSING_ARGS"
          );
        }
        const eventType = `${type}`;
        if (callback === null || callback === void 0) {
          return;
        }
        if (typeof callback !== "function" && typeof callback !== "object") {
          throw withCode2(
            new TypeError(
              `The "listener" argument must be an instance of EventListener.${describe2(callback)}`
            ),
            "ERR_INVALID_ARG_TYPE"
          );
        }
        const capture = flatten(options);
        let once = false;
        let passive = false;
        let signal;
        if (typeof options === "object" && options !== null) {
          once = Boolean(options.once);
          passive = Boolean(options.passive);
          if (options.signal !== void 0) {
            signal = options.signal;
            if (!isSignal(signal)) {
              throw withCode2(
                new TypeError(
                  `The "options.signal" property must be an instance of AbortSignal.${describe2(signal)}`
                ),
                "ERR_INVALID_ARG_TYPE"
              );
            }
          }
        }
        if (signal !== void 0 && signal.aborted) {
          return;
        }
        let list = map.get(eventType);
        if (list !== void 0) {
          for (const record2 of list) {
            if (record2.callback === callback && record2.capture === capture) {
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
          signal: void 0,
          onAbort: void 0
        };
        list.push(record);
        if (signal !== void 0) {
          record.signal = signal;
          record.onAbort = () => {
            record.signal = void 0;
            removeRecord(map, record);
          };
          signal.addEventListener("abort", record.onAbort, { once: true });
        }
      }
      removeEventListener(type, callback, options = void 0) {
        const map = listenersOf(this);
        if (arguments.length < 2) {
          throw withCode2(
            new TypeError('The "type" and "listener" arguments must be specified'),
            "ERR_MISSING_ARGS"
          );
        }
        const eventType = `${type}`;
        if (callback === null || callback === void 0) {
          return;
        }
        if (typeof callback !== "function" && typeof callback !== "object") {
          throw withCode2(
            new TypeError(
              `The "listener" argument must be an instance of EventListener.${describe2(callback)}`
            ),
            "ERR_INVALID_ARG_TYPE"
          );
        }
        const capture = flatten(options);
        const list = map.get(eventType);
        if (list === void 0) {
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
          throw withCode2(
            new TypeError('The "event" argument must be specified'),
            "ERR_MISSING_ARGS"
          );
        }
        const state = events.get(event);
        if (state === void 0) {
          throw withCode2(
            new TypeError(
              `The "event" argument must be an instance of Event.${describe2(event)}`
            ),
            "ERR_INVALID_ARG_TYPE"
          );
        }
        if (state.dispatching) {
          throw new DOMException(
            `The event "${state.type}" is already being dispatched`,
            "InvalidStateError"
          );
        }
        state.dispatching = true;
        state.target = this;
        state.currentTarget = this;
        state.eventPhase = AT_TARGET;
        try {
          const list = map.get(state.type);
          const snapshot = list === void 0 ? [] : list.slice();
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
    defineTag(EventTarget, "EventTarget");
    return { DOMException, Event, EventTarget };
  };

  // src/web/fetch.js
  var withCode3 = (error, code) => {
    error.code = code;
    return error;
  };
  var illegalInvocation = () => withCode3(new TypeError("Illegal invocation"), "ERR_INVALID_THIS");
  var argumentsRequired = (where, required, found) => new TypeError(
    `${where}: ${required} argument${required === 1 ? "" : "s"} required, but${found === 0 ? "" : " only"} ${found} found.`
  );
  var defineTag2 = (target, tag) => {
    Object.defineProperty(target, Symbol.toStringTag, {
      value: tag,
      writable: false,
      enumerable: false,
      configurable: true
    });
  };
  var isTokenCode = (c) => c >= 97 && c <= 122 || // a-z
  c >= 65 && c <= 90 || // A-Z
  c >= 48 && c <= 57 || // 0-9
  c === 33 || // !
  c >= 35 && c <= 39 || // # $ % & '
  c === 42 || // *
  c === 43 || // +
  c === 45 || // -
  c === 46 || // .
  c === 94 || // ^
  c === 95 || // _
  c === 96 || // `
  c === 124 || // |
  c === 126;
  var isToken = (text) => {
    if (text.length === 0) {
      return false;
    }
    for (let i = 0; i < text.length; i += 1) {
      if (!isTokenCode(text.charCodeAt(i))) {
        return false;
      }
    }
    return true;
  };
  var isHttpWhitespace = (c) => c === 9 || c === 10 || c === 13 || c === 32;
  var normalizeValue = (value) => {
    let start = 0;
    let end = value.length;
    while (start < end && isHttpWhitespace(value.charCodeAt(start))) {
      start += 1;
    }
    while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) {
      end -= 1;
    }
    return start === 0 && end === value.length ? value : value.slice(start, end);
  };
  var isValidValue = (value) => {
    for (let i = 0; i < value.length; i += 1) {
      const c = value.charCodeAt(i);
      if (c === 0 || c === 10 || c === 13) {
        return false;
      }
    }
    return true;
  };
  var toByteString = (value) => {
    const text = `${value}`;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c > 255) {
        throw new TypeError(
          `Cannot convert argument to a ByteString because the character at index ${i} has a value of ${c} which is greater than 255.`
        );
      }
    }
    return text;
  };
  var lowerAscii = (text) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  var upperAscii = (text) => text.replace(/[a-z]+/g, (s) => s.toUpperCase());
  var toUnsignedShort = (value) => {
    const n = Number(value);
    if (!Number.isFinite(n)) {
      return 0;
    }
    const truncated = Math.trunc(n);
    return (truncated % 65536 + 65536) % 65536;
  };
  var NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
  var REDIRECT_STATUSES = [301, 302, 303, 307, 308];
  var NORMALIZED_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
  var FORBIDDEN_METHODS = ["CONNECT", "TRACE", "TRACK"];
  var ENUMS = {
    redirect: ["follow", "manual", "error"],
    mode: ["same-origin", "no-cors", "cors", "navigate", "websocket"],
    credentials: ["omit", "same-origin", "include"],
    cache: [
      "default",
      "no-store",
      "reload",
      "no-cache",
      "force-cache",
      "only-if-cached"
    ],
    referrerPolicy: [
      "",
      "no-referrer",
      "no-referrer-when-downgrade",
      "same-origin",
      "origin",
      "strict-origin",
      "origin-when-cross-origin",
      "strict-origin-when-cross-origin",
      "unsafe-url"
    ],
    duplex: ["half"]
  };
  var UNSUPPORTED_BODY_TAGS = ["Blob", "File", "FormData", "ReadableStream"];
  var tagOf = (value) => {
    try {
      return value[Symbol.toStringTag];
    } catch {
      return void 0;
    }
  };
  var makeFetchClasses = ({
    TextEncoder,
    TextDecoder,
    URL,
    AbortSignal,
    DOMException
  }) => {
    if (typeof TextEncoder !== "function" || typeof TextDecoder !== "function") {
      throw new TypeError("makeFetchClasses needs TextEncoder and TextDecoder");
    }
    if (typeof AbortSignal !== "function") {
      throw new TypeError("makeFetchClasses needs AbortSignal");
    }
    if (typeof DOMException !== "function") {
      throw new TypeError("makeFetchClasses needs DOMException");
    }
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    const encode = (text) => encoder.encode(text);
    const decode = (bytes) => decoder.decode(bytes);
    const anySignal = AbortSignal.any;
    const abortedOf = Object.getOwnPropertyDescriptor(
      AbortSignal.prototype,
      "aborted"
    ).get;
    const reasonOf = Object.getOwnPropertyDescriptor(
      AbortSignal.prototype,
      "reason"
    ).get;
    const { addEventListener, removeEventListener } = AbortSignal.prototype;
    const followSignals = (list) => Reflect.apply(anySignal, AbortSignal, [list]);
    const simpleParse = (text) => {
      const trimmed = text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
      const match = /^(https?):\/\/([^/?#]*)([\s\S]*)$/i.exec(trimmed);
      if (match === null || /[\u0000-\u0020\u007f-\uffff\\<>"`{}|^]/.test(trimmed)) {
        return void 0;
      }
      const scheme = match[1].toLowerCase();
      const authority = match[2];
      let rest = match[3];
      const at = authority.lastIndexOf("@");
      const hostPort = at === -1 ? authority : authority.slice(at + 1);
      const hostMatch = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::([0-9]*))?$/.exec(hostPort);
      if (hostMatch === null) {
        return void 0;
      }
      const host2 = hostMatch[1].toLowerCase();
      let port = hostMatch[2] ?? "";
      if (port !== "") {
        const number = Number(port);
        if (number > 65535) {
          return void 0;
        }
        port = String(number);
        if (scheme === "http" && port === "80" || scheme === "https" && port === "443") {
          port = "";
        }
      }
      if (rest === "" || rest[0] === "?" || rest[0] === "#") {
        rest = `/${rest}`;
      }
      const userinfo = at === -1 ? "" : authority.slice(0, at);
      const colon = userinfo.indexOf(":");
      return {
        href: `${scheme}://${userinfo === "" ? "" : `${userinfo}@`}${host2}${port === "" ? "" : `:${port}`}${rest}`,
        protocol: `${scheme}:`,
        username: colon === -1 ? userinfo : userinfo.slice(0, colon),
        password: colon === -1 ? "" : userinfo.slice(colon + 1)
      };
    };
    const parseURL = (input) => {
      const text = `${input}`;
      if (typeof URL === "function") {
        try {
          const url = new URL(text);
          return {
            href: url.href,
            protocol: url.protocol,
            username: url.username,
            password: url.password
          };
        } catch (error) {
          throw new TypeError(`Failed to parse URL from ${text}`, { cause: error });
        }
      }
      const parsed = simpleParse(text);
      if (parsed === void 0) {
        throw new TypeError(`Failed to parse URL from ${text}`, {
          cause: new TypeError("Invalid URL")
        });
      }
      return parsed;
    };
    const stripFragment = (href) => {
      const hash = href.indexOf("#");
      return hash === -1 ? href : href.slice(0, hash);
    };
    const headersStates = /* @__PURE__ */ new WeakMap();
    const headersState = (self) => {
      const state = headersStates.get(self);
      if (state === void 0) {
        throw illegalInvocation();
      }
      return state;
    };
    const validName = (where, name) => {
      if (!isToken(name)) {
        throw new TypeError(`${where}: "${name}" is an invalid header name.`);
      }
    };
    const checkGuard = (state) => {
      if (state.guard === "immutable") {
        throw new TypeError("immutable");
      }
    };
    const appendHeader = (state, where, rawName, rawValue) => {
      const name = toByteString(rawName);
      const value = normalizeValue(toByteString(rawValue));
      validName(where, name);
      if (!isValidValue(value)) {
        throw new TypeError(`${where}: "${value}" is an invalid header value.`);
      }
      checkGuard(state);
      state.list.push([name, value]);
      state.sorted = void 0;
    };
    const getHeader = (state, lowerName) => {
      let result = null;
      for (const [name, value] of state.list) {
        if (lowerAscii(name) === lowerName) {
          result = result === null ? value : `${result}, ${value}`;
        }
      }
      return result;
    };
    const hasHeader = (state, lowerName) => {
      for (const [name] of state.list) {
        if (lowerAscii(name) === lowerName) {
          return true;
        }
      }
      return false;
    };
    const sortAndCombine = (state) => {
      if (state.sorted !== void 0) {
        return state.sorted;
      }
      const names = [];
      const seen = /* @__PURE__ */ new Set();
      for (const [name] of state.list) {
        const lower = lowerAscii(name);
        if (!seen.has(lower)) {
          seen.add(lower);
          names.push(lower);
        }
      }
      names.sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
      const result = [];
      for (const name of names) {
        if (name === "set-cookie") {
          for (const [n, v] of state.list) {
            if (lowerAscii(n) === name) {
              result.push([name, v]);
            }
          }
        } else {
          result.push([name, getHeader(state, name)]);
        }
      }
      state.sorted = result;
      return result;
    };
    const fillHeaders = (state, init) => {
      if (init === void 0) {
        return;
      }
      if (typeof init !== "object" && typeof init !== "function" || init === null) {
        throw new TypeError(
          "Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>."
        );
      }
      const iterator = init[Symbol.iterator];
      if (iterator !== void 0 && iterator !== null) {
        if (typeof iterator !== "function") {
          throw new TypeError("Headers constructor: init[Symbol.iterator] is not a function.");
        }
        const pairs2 = [];
        let index = 0;
        for (const item of Reflect.apply(iterator, init, [])) {
          if (item === null || typeof item !== "object" && typeof item !== "function" || typeof item[Symbol.iterator] !== "function") {
            throw new TypeError(
              `Headers constructor: init[${index}] (${String(item)}) is not iterable.`
            );
          }
          const pair = [...item].map(toByteString);
          if (pair.length !== 2) {
            throw new TypeError(
              `Headers constructor: expected name/value pair to be length 2, found ${pair.length}.`
            );
          }
          pairs2.push(pair);
          index += 1;
        }
        for (const [name, value] of pairs2) {
          appendHeader(state, "Headers.append", name, value);
        }
        return;
      }
      const pairs = [];
      for (const key of Reflect.ownKeys(init)) {
        const desc = Reflect.getOwnPropertyDescriptor(init, key);
        if (desc === void 0 || !desc.enumerable) {
          continue;
        }
        if (typeof key === "symbol") {
          throw new TypeError(
            "Headers constructor: init is a symbol, which cannot be converted to a ByteString."
          );
        }
        pairs.push([toByteString(key), toByteString(init[key])]);
      }
      for (const [name, value] of pairs) {
        appendHeader(state, "Headers.append", name, value);
      }
    };
    const copyHeadersInto = (target, source) => {
      for (const [name, value] of source.list) {
        target.list.push([name, value]);
      }
      target.sorted = void 0;
    };
    class Headers {
      constructor(init = void 0) {
        const state = { list: [], guard: "none", sorted: void 0 };
        headersStates.set(this, state);
        const sourceState = headersStates.get(init);
        if (sourceState !== void 0) {
          copyHeadersInto(state, sourceState);
        } else {
          fillHeaders(state, init);
        }
      }
      append(name, value) {
        const state = headersState(this);
        if (arguments.length < 2) {
          throw argumentsRequired("Headers.append", 2, arguments.length);
        }
        appendHeader(state, "Headers.append", name, value);
      }
      delete(name) {
        const state = headersState(this);
        if (arguments.length < 1) {
          throw argumentsRequired("Headers.delete", 1, 0);
        }
        const text = toByteString(name);
        validName("Headers.delete", text);
        checkGuard(state);
        const lower = lowerAscii(text);
        if (!hasHeader(state, lower)) {
          return;
        }
        state.list = state.list.filter(([n]) => lowerAscii(n) !== lower);
        state.sorted = void 0;
      }
      get(name) {
        const state = headersState(this);
        if (arguments.length < 1) {
          throw argumentsRequired("Headers.get", 1, 0);
        }
        const text = toByteString(name);
        validName("Headers.get", text);
        return getHeader(state, lowerAscii(text));
      }
      getSetCookie() {
        const state = headersState(this);
        const result = [];
        for (const [name, value] of state.list) {
          if (lowerAscii(name) === "set-cookie") {
            result.push(value);
          }
        }
        return result;
      }
      has(name) {
        const state = headersState(this);
        if (arguments.length < 1) {
          throw argumentsRequired("Headers.has", 1, 0);
        }
        const text = toByteString(name);
        validName("Headers.has", text);
        return hasHeader(state, lowerAscii(text));
      }
      set(name, value) {
        const state = headersState(this);
        if (arguments.length < 2) {
          throw argumentsRequired("Headers.set", 2, arguments.length);
        }
        const text = toByteString(name);
        const normalized = normalizeValue(toByteString(value));
        validName("Headers.set", text);
        if (!isValidValue(normalized)) {
          throw new TypeError(`Headers.set: "${normalized}" is an invalid header value.`);
        }
        checkGuard(state);
        const lower = lowerAscii(text);
        let found = false;
        const list = [];
        for (const entry of state.list) {
          if (lowerAscii(entry[0]) !== lower) {
            list.push(entry);
          } else if (!found) {
            found = true;
            list.push([entry[0], normalized]);
          }
        }
        if (!found) {
          list.push([text, normalized]);
        }
        state.list = list;
        state.sorted = void 0;
      }
      forEach(callback, thisArg = void 0) {
        const state = headersState(this);
        if (arguments.length < 1) {
          throw argumentsRequired("Headers.forEach", 1, 0);
        }
        if (typeof callback !== "function") {
          throw new TypeError(
            "Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'."
          );
        }
        for (let i = 0; i < sortAndCombine(state).length; i += 1) {
          const [name, value] = sortAndCombine(state)[i];
          Reflect.apply(callback, thisArg, [value, name, this]);
        }
      }
      keys() {
        headersState(this);
        return makeHeadersIterator(this, "key");
      }
      values() {
        headersState(this);
        return makeHeadersIterator(this, "value");
      }
      entries() {
        headersState(this);
        return makeHeadersIterator(this, "key+value");
      }
    }
    Object.defineProperty(Headers.prototype, Symbol.iterator, {
      value: Headers.prototype.entries,
      writable: true,
      enumerable: false,
      configurable: true
    });
    defineTag2(Headers.prototype, "Headers");
    const iteratorStates = /* @__PURE__ */ new WeakMap();
    const IteratorPrototype = Object.getPrototypeOf(
      Object.getPrototypeOf([][Symbol.iterator]())
    );
    const HeadersIteratorPrototype = Object.create(IteratorPrototype);
    const next = {
      next() {
        const state = iteratorStates.get(this);
        if (state === void 0) {
          throw new TypeError(
            "'next' called on an object that does not implement interface Headers Iterator."
          );
        }
        const pairs = sortAndCombine(headersStates.get(state.target));
        if (state.index >= pairs.length) {
          return { value: void 0, done: true };
        }
        const [name, value] = pairs[state.index];
        state.index += 1;
        if (state.kind === "key") {
          return { value: name, done: false };
        }
        if (state.kind === "value") {
          return { value, done: false };
        }
        return { value: [name, value], done: false };
      }
    }.next;
    Object.defineProperty(HeadersIteratorPrototype, "next", {
      value: next,
      writable: true,
      enumerable: true,
      configurable: true
    });
    defineTag2(HeadersIteratorPrototype, "Headers Iterator");
    Object.freeze(next);
    Object.freeze(HeadersIteratorPrototype);
    const makeHeadersIterator = (target, kind) => {
      const iterator = Object.create(HeadersIteratorPrototype);
      iteratorStates.set(iterator, { target, kind, index: 0 });
      return iterator;
    };
    const newHeaders = (guard) => {
      const headers = new Headers();
      headersStates.get(headers).guard = guard;
      return headers;
    };
    const extractBody = (body) => {
      if (body === null || body === void 0) {
        return null;
      }
      if (typeof body === "string") {
        return { bytes: encode(body), type: "text/plain;charset=UTF-8" };
      }
      if (ArrayBuffer.isView(body)) {
        const view = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
        return { bytes: view.slice(), type: null };
      }
      if (typeof body === "object") {
        let isArrayBuffer = false;
        try {
          ArrayBuffer.prototype.slice.call(body, 0, 0);
          isArrayBuffer = true;
        } catch {
          isArrayBuffer = false;
        }
        if (isArrayBuffer) {
          return {
            bytes: new Uint8Array(ArrayBuffer.prototype.slice.call(body, 0)),
            type: null
          };
        }
        const tag = tagOf(body);
        if (tag === "URLSearchParams" && typeof body.toString === "function") {
          return {
            bytes: encode(`${body}`),
            type: "application/x-www-form-urlencoded;charset=UTF-8"
          };
        }
        if (UNSUPPORTED_BODY_TAGS.includes(tag)) {
          throw new TypeError(`A ${tag} body is not supported in this environment`);
        }
      }
      return { bytes: encode(`${body}`), type: "text/plain;charset=UTF-8" };
    };
    const consume = async (body) => {
      if (body.bytes === null) {
        return new Uint8Array(0);
      }
      if (body.used) {
        throw new TypeError("Body is unusable: Body has already been read");
      }
      body.used = true;
      if (body.signal !== void 0 && Reflect.apply(abortedOf, body.signal, [])) {
        throw Reflect.apply(reasonOf, body.signal, []);
      }
      return body.bytes;
    };
    const bodyMethods = (stateOf, className) => ({
      async arrayBuffer() {
        const bytes = await consume(stateOf(this).body);
        return bytes.slice().buffer;
      },
      async bytes() {
        const bytes = await consume(stateOf(this).body);
        return bytes.slice();
      },
      async text() {
        return decode(await consume(stateOf(this).body));
      },
      async json() {
        return JSON.parse(decode(await consume(stateOf(this).body)));
      },
      async blob() {
        stateOf(this);
        throw new TypeError(`${className}.blob() is not supported in this environment`);
      },
      async formData() {
        stateOf(this);
        throw new TypeError(`${className}.formData() is not supported in this environment`);
      }
    });
    const installBodyMethods = (ctor, stateOf, className) => {
      const methods = bodyMethods(stateOf, className);
      for (const name of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"]) {
        Object.defineProperty(ctor.prototype, name, {
          value: methods[name],
          writable: true,
          enumerable: true,
          configurable: true
        });
      }
    };
    const requestStates = /* @__PURE__ */ new WeakMap();
    const requestState = (self) => {
      const state = requestStates.get(self);
      if (state === void 0) {
        throw illegalInvocation();
      }
      return state;
    };
    const checkEnum = (where, kind, value) => {
      const text = `${value}`;
      if (!ENUMS[kind].includes(text)) {
        throw new TypeError(
          `${where}: ${text} is not an accepted type. Expected one of ${ENUMS[kind].join(", ")}.`
        );
      }
      return text;
    };
    const normalizeMethod = (value) => {
      const method = toByteString(value);
      if (!isToken(method)) {
        throw new TypeError(`'${method}' is not a valid HTTP method.`);
      }
      const upper = upperAscii(method);
      if (FORBIDDEN_METHODS.includes(upper)) {
        throw new TypeError(`'${method}' HTTP method is unsupported.`);
      }
      return NORMALIZED_METHODS.includes(upper) ? upper : method;
    };
    class Request {
      constructor(input, init = void 0) {
        if (arguments.length < 1) {
          throw argumentsRequired("Request constructor", 1, 0);
        }
        if (init !== void 0 && init !== null && typeof init !== "object" && typeof init !== "function") {
          throw new TypeError(
            `Request constructor: Expected ${String(init)} to be one of: Null, Undefined, Object.`
          );
        }
        const options = init ?? {};
        const inputState = requestStates.get(input);
        let url;
        let method = "GET";
        let redirect = "follow";
        let mode = "cors";
        let credentials = "same-origin";
        let cache = "default";
        let referrer = "about:client";
        let referrerPolicy = "";
        let integrity = "";
        let keepalive = false;
        let sourceHeaders;
        let signals = [];
        if (inputState === void 0) {
          const parsed = parseURL(input);
          if (parsed.username !== "" || parsed.password !== "") {
            throw new TypeError(
              `Request cannot be constructed from a URL that includes credentials: ${input}`
            );
          }
          url = parsed.href;
        } else {
          ({
            url,
            method,
            redirect,
            mode,
            credentials,
            cache,
            referrer,
            referrerPolicy,
            integrity,
            keepalive
          } = inputState);
          sourceHeaders = headersStates.get(inputState.headers);
          signals = [inputState.signal];
        }
        if (options.mode !== void 0) {
          mode = checkEnum("Request constructor", "mode", options.mode);
          if (mode === "navigate") {
            throw new TypeError(
              "Failed to construct 'Request': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'."
            );
          }
        }
        if (options.credentials !== void 0) {
          credentials = checkEnum("Request constructor", "credentials", options.credentials);
        }
        if (options.cache !== void 0) {
          cache = checkEnum("Request constructor", "cache", options.cache);
          if (cache === "only-if-cached" && mode !== "same-origin") {
            throw new TypeError(
              "'only-if-cached' can be set only with 'same-origin' mode"
            );
          }
        }
        if (options.redirect !== void 0) {
          redirect = checkEnum("Request constructor", "redirect", options.redirect);
        }
        if (options.referrer !== void 0) {
          const text = `${options.referrer}`;
          if (text === "") {
            referrer = "";
          } else if (text === "about:client") {
            referrer = "about:client";
          } else {
            try {
              referrer = parseURL(text).href;
            } catch (error) {
              throw new TypeError(`Referrer "${text}" is not a valid URL.`, {
                cause: error
              });
            }
          }
        }
        if (options.referrerPolicy !== void 0) {
          referrerPolicy = checkEnum(
            "Request constructor",
            "referrerPolicy",
            options.referrerPolicy
          );
        }
        if (options.integrity !== void 0) {
          integrity = `${options.integrity}`;
        }
        if (options.keepalive !== void 0) {
          keepalive = Boolean(options.keepalive);
        }
        if (options.duplex !== void 0) {
          checkEnum("Request constructor", "duplex", options.duplex);
        }
        if (options.method !== void 0) {
          method = normalizeMethod(options.method);
        }
        if (options.signal !== void 0) {
          const { signal: signal2 } = options;
          signals = signal2 === null ? [] : [signal2];
        }
        let signal;
        try {
          signal = followSignals(signals);
        } catch {
          throw new TypeError(
            "Failed to construct 'Request': member signal is not of type AbortSignal."
          );
        }
        const headers = newHeaders("request");
        const headersStateHere = headersStates.get(headers);
        if (options.headers !== void 0) {
          const given = headersStates.get(options.headers);
          if (given !== void 0) {
            copyHeadersInto(headersStateHere, given);
          } else {
            fillHeaders(headersStateHere, options.headers);
          }
        } else if (sourceHeaders !== void 0) {
          copyHeadersInto(headersStateHere, sourceHeaders);
        }
        const inputBody = inputState === void 0 ? null : inputState.body;
        const hasInitBody = options.body !== void 0 && options.body !== null;
        if ((hasInitBody || inputBody !== null && inputBody.bytes !== null) && (method === "GET" || method === "HEAD")) {
          throw new TypeError("Request with GET/HEAD method cannot have body.");
        }
        let body = { bytes: null, used: false };
        if (hasInitBody) {
          const extracted = extractBody(options.body);
          body = { bytes: extracted.bytes, used: false };
          if (extracted.type !== null && !hasHeader(headersStateHere, "content-type")) {
            headersStateHere.list.push(["content-type", extracted.type]);
            headersStateHere.sorted = void 0;
          }
        } else if (inputBody !== null && inputBody.bytes !== null) {
          if (inputBody.used) {
            throw new TypeError(
              "Cannot construct a Request with a Request object that has already been used."
            );
          }
          body = { bytes: inputBody.bytes, used: false };
          inputBody.used = true;
        }
        requestStates.set(this, {
          url,
          method,
          headers,
          body,
          signal,
          redirect,
          mode,
          credentials,
          cache,
          referrer,
          referrerPolicy,
          integrity,
          keepalive
        });
      }
      get method() {
        return requestState(this).method;
      }
      get url() {
        return requestState(this).url;
      }
      get headers() {
        return requestState(this).headers;
      }
      get destination() {
        requestState(this);
        return "";
      }
      get referrer() {
        return requestState(this).referrer;
      }
      get referrerPolicy() {
        return requestState(this).referrerPolicy;
      }
      get mode() {
        return requestState(this).mode;
      }
      get credentials() {
        return requestState(this).credentials;
      }
      get cache() {
        return requestState(this).cache;
      }
      get redirect() {
        return requestState(this).redirect;
      }
      get integrity() {
        return requestState(this).integrity;
      }
      get keepalive() {
        return requestState(this).keepalive;
      }
      get isReloadNavigation() {
        requestState(this);
        return false;
      }
      get isHistoryNavigation() {
        requestState(this);
        return false;
      }
      get signal() {
        return requestState(this).signal;
      }
      get duplex() {
        requestState(this);
        return "half";
      }
      /** Always null: there are no streams here. Use text(), bytes(), ... */
      get body() {
        requestState(this);
        return null;
      }
      get bodyUsed() {
        const { body } = requestState(this);
        return body.bytes !== null && body.used;
      }
      clone() {
        const state = requestState(this);
        if (state.body.bytes !== null && state.body.used) {
          throw new TypeError("unusable");
        }
        const copy = Object.create(Request.prototype);
        const headers = newHeaders("request");
        copyHeadersInto(headersStates.get(headers), headersStates.get(state.headers));
        requestStates.set(copy, {
          ...state,
          headers,
          body: { bytes: state.body.bytes, used: false },
          signal: followSignals([state.signal])
        });
        return copy;
      }
    }
    installBodyMethods(Request, requestState, "Request");
    defineTag2(Request.prototype, "Request");
    const responseStates = /* @__PURE__ */ new WeakMap();
    const responseState = (self) => {
      const state = responseStates.get(self);
      if (state === void 0) {
        throw illegalInvocation();
      }
      return state;
    };
    const isReasonPhrase = (text) => {
      for (let i = 0; i < text.length; i += 1) {
        const c = text.charCodeAt(i);
        if (!(c === 9 || c >= 32 && c <= 126 || c >= 128 && c <= 255)) {
          return false;
        }
      }
      return true;
    };
    const initializeResponse = (where, init, extracted) => {
      if (init !== void 0 && init !== null && typeof init !== "object" && typeof init !== "function") {
        throw new TypeError(
          `${where}: Expected ${String(init)} to be one of: Null, Undefined, Object.`
        );
      }
      const options = init ?? {};
      const status = options.status === void 0 ? 200 : toUnsignedShort(options.status);
      const statusText = options.statusText === void 0 ? "" : toByteString(options.statusText);
      if (status < 200 || status > 599) {
        throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
      }
      if (!isReasonPhrase(statusText)) {
        throw new TypeError("Invalid statusText");
      }
      const headers = newHeaders("response");
      const headersStateHere = headersStates.get(headers);
      if (options.headers !== void 0) {
        const given = headersStates.get(options.headers);
        if (given !== void 0) {
          copyHeadersInto(headersStateHere, given);
        } else {
          fillHeaders(headersStateHere, options.headers);
        }
      }
      let body = { bytes: null, used: false };
      if (extracted !== null) {
        if (NULL_BODY_STATUSES.includes(status)) {
          throw new TypeError(`${where}: Invalid response status code ${status}`);
        }
        body = { bytes: extracted.bytes, used: false };
        if (extracted.type !== null && !hasHeader(headersStateHere, "content-type")) {
          headersStateHere.list.push(["content-type", extracted.type]);
          headersStateHere.sorted = void 0;
        }
      }
      return {
        type: "default",
        url: "",
        redirected: false,
        status,
        statusText,
        headers,
        body
      };
    };
    const makeResponse = (state) => {
      const response = Object.create(Response.prototype);
      responseStates.set(response, state);
      return response;
    };
    class Response {
      constructor(body = null, init = void 0) {
        const extracted = extractBody(body);
        responseStates.set(this, initializeResponse("Response constructor", init, extracted));
      }
      static error() {
        return makeResponse({
          type: "error",
          url: "",
          redirected: false,
          status: 0,
          statusText: "",
          headers: newHeaders("immutable"),
          body: { bytes: null, used: false }
        });
      }
      static json(data, init = void 0) {
        if (arguments.length < 1) {
          throw argumentsRequired("Response.json", 1, 0);
        }
        const text = JSON.stringify(data);
        if (typeof text !== "string") {
          throw new TypeError("Value is not JSON serializable");
        }
        const state = initializeResponse("Response constructor", init, {
          bytes: encode(text),
          type: "application/json"
        });
        return makeResponse(state);
      }
      static redirect(url, status = 302) {
        if (arguments.length < 1) {
          throw argumentsRequired("Response.redirect", 1, 0);
        }
        const parsed = parseURL(url);
        const code = toUnsignedShort(status);
        if (!REDIRECT_STATUSES.includes(code)) {
          throw new RangeError(`Invalid status code ${code}`);
        }
        const headers = newHeaders("response");
        headersStates.get(headers).list.push(["location", parsed.href]);
        headersStates.get(headers).guard = "immutable";
        return makeResponse({
          type: "default",
          url: "",
          redirected: false,
          status: code,
          statusText: "",
          headers,
          body: { bytes: null, used: false }
        });
      }
      get type() {
        return responseState(this).type;
      }
      get url() {
        return responseState(this).url;
      }
      get redirected() {
        return responseState(this).redirected;
      }
      get status() {
        return responseState(this).status;
      }
      get ok() {
        const { status } = responseState(this);
        return status >= 200 && status <= 299;
      }
      get statusText() {
        return responseState(this).statusText;
      }
      get headers() {
        return responseState(this).headers;
      }
      /** Always null: there are no streams here. Use text(), bytes(), ... */
      get body() {
        responseState(this);
        return null;
      }
      get bodyUsed() {
        const { body } = responseState(this);
        return body.bytes !== null && body.used;
      }
      clone() {
        const state = responseState(this);
        if (state.body.bytes !== null && state.body.used) {
          throw new TypeError("Response.clone: Body has already been consumed.");
        }
        const sourceHeaders = headersStates.get(state.headers);
        const headers = newHeaders(sourceHeaders.guard);
        copyHeadersInto(headersStates.get(headers), sourceHeaders);
        return makeResponse({
          ...state,
          headers,
          body: { bytes: state.body.bytes, used: false, signal: state.body.signal }
        });
      }
    }
    installBodyMethods(Response, responseState, "Response");
    defineTag2(Response.prototype, "Response");
    const fetchFailed = (cause) => new TypeError("fetch failed", { cause });
    const toHostBytes = (value) => {
      if (value === null || value === void 0) {
        return new Uint8Array(0);
      }
      if (ArrayBuffer.isView(value)) {
        return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
      }
      try {
        return new Uint8Array(ArrayBuffer.prototype.slice.call(value, 0));
      } catch {
        throw new TypeError("the host gave a response body that is not bytes");
      }
    };
    const networkResponse = (result, request) => {
      if (typeof result !== "object" || result === null) {
        throw new TypeError("the host gave no response");
      }
      const status = result.status;
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        throw new TypeError(`the host gave an invalid response status ${String(status)}`);
      }
      const statusText = result.statusText === void 0 || result.statusText === null ? "" : toByteString(result.statusText);
      const headers = newHeaders("response");
      const headersStateHere = headersStates.get(headers);
      if (result.headers !== void 0 && result.headers !== null) {
        for (const entry of result.headers) {
          const [name, value] = entry;
          appendHeader(headersStateHere, "Headers.append", name, value);
        }
      }
      headersStateHere.guard = "immutable";
      const url = typeof result.url === "string" && result.url !== "" ? result.url : request.url;
      return makeResponse({
        type: "basic",
        url: stripFragment(url),
        redirected: Boolean(result.redirected),
        status,
        statusText,
        headers,
        body: {
          bytes: NULL_BODY_STATUSES.includes(status) || request.method === "HEAD" ? null : toHostBytes(result.body),
          used: false,
          signal: request.signal
        }
      });
    };
    const makeFetch = ({ send, caveat } = {}) => {
      if (typeof send !== "function") {
        throw new TypeError("makeFetch needs a send function");
      }
      if (caveat !== void 0 && typeof caveat !== "function") {
        throw new TypeError("makeFetch: caveat must be a function");
      }
      const fetch = async function fetch2(input, init = void 0) {
        const request = new Request(input, init);
        const state = requestStates.get(request);
        const { signal } = state;
        if (Reflect.apply(abortedOf, signal, [])) {
          throw Reflect.apply(reasonOf, signal, []);
        }
        const { url } = state;
        const protocol = url.slice(0, url.indexOf(":") + 1).toLowerCase();
        if (protocol !== "http:" && protocol !== "https:") {
          throw fetchFailed(new TypeError(`URL scheme "${protocol.slice(0, -1)}" is not supported.`));
        }
        const bodyBytes = state.body.bytes === null ? null : state.body.bytes.slice();
        if (state.body.bytes !== null) {
          state.body.used = true;
        }
        return new Promise((resolve, reject) => {
          let settled = false;
          const onAbort = () => {
            if (!settled) {
              settled = true;
              reject(Reflect.apply(reasonOf, signal, []));
            }
          };
          Reflect.apply(addEventListener, signal, ["abort", onAbort]);
          const finish2 = (callback, value) => {
            Reflect.apply(removeEventListener, signal, ["abort", onAbort]);
            if (!settled) {
              settled = true;
              callback(value);
            }
          };
          const run = async () => {
            if (caveat !== void 0) {
              try {
                await caveat(url);
              } catch (error) {
                return { refused: error };
              }
            }
            if (settled) {
              return void 0;
            }
            let result;
            try {
              result = await send({
                url,
                method: state.method,
                headers: sortAndCombine(headersStates.get(state.headers)).map(
                  ([name, value]) => [name, value]
                ),
                body: bodyBytes,
                redirect: state.redirect,
                signal
              });
            } catch (error) {
              return { failed: error };
            }
            if (settled) {
              return void 0;
            }
            if (state.redirect === "error" && (result?.redirected || REDIRECT_STATUSES.includes(result?.status))) {
              return { failed: new TypeError("unexpected redirect") };
            }
            try {
              return { response: networkResponse(result, state) };
            } catch (error) {
              return { failed: error };
            }
          };
          run().then(
            (outcome) => {
              if (outcome === void 0) {
                return;
              }
              if ("refused" in outcome) {
                finish2(reject, outcome.refused);
              } else if ("failed" in outcome) {
                if (Reflect.apply(abortedOf, signal, [])) {
                  finish2(reject, Reflect.apply(reasonOf, signal, []));
                } else {
                  finish2(reject, fetchFailed(outcome.failed));
                }
              } else {
                finish2(resolve, outcome.response);
              }
            },
            (error) => finish2(reject, fetchFailed(error))
          );
        });
      };
      Object.defineProperty(fetch, "name", { value: "fetch" });
      return fetch;
    };
    return { Headers, Request, Response, makeFetch };
  };

  // src/web/text.js
  var CHUNK2 = 8192;
  var LABELS = [
    [
      "utf-8",
      [
        "unicode-1-1-utf-8",
        "unicode11utf8",
        "unicode20utf8",
        "utf-8",
        "utf8",
        "x-unicode20utf8"
      ]
    ],
    [
      "utf-16le",
      [
        "csunicode",
        "iso-10646-ucs-2",
        "ucs-2",
        "unicode",
        "unicodefeff",
        "utf-16",
        "utf-16le"
      ]
    ],
    [
      "windows-1252",
      [
        "ansi_x3.4-1968",
        "ascii",
        "cp1252",
        "cp819",
        "csisolatin1",
        "ibm819",
        "iso-8859-1",
        "iso-ir-100",
        "iso8859-1",
        "iso88591",
        "iso_8859-1",
        "iso_8859-1:1987",
        "l1",
        "latin1",
        "us-ascii",
        "windows-1252",
        "x-cp1252"
      ]
    ]
  ];
  var WINDOWS_1252_HIGH = [
    8364,
    129,
    8218,
    402,
    8222,
    8230,
    8224,
    8225,
    710,
    8240,
    352,
    8249,
    338,
    141,
    381,
    143,
    144,
    8216,
    8217,
    8220,
    8221,
    8226,
    8211,
    8212,
    732,
    8482,
    353,
    8250,
    339,
    157,
    382,
    376
  ];
  var fromCharCode2 = String.fromCharCode;
  var describe3 = (value) => {
    if (value === null || value === void 0) {
      return ` Received ${value}`;
    }
    if (typeof value === "function") {
      return ` Received function ${value.name}`;
    }
    if (typeof value === "object") {
      const ctor = value.constructor;
      if (typeof ctor === "function" && typeof ctor.name === "string" && ctor.name) {
        return ` Received an instance of ${ctor.name}`;
      }
      return ` Received ${Object.prototype.toString.call(value)}`;
    }
    let shown;
    if (typeof value === "string") {
      shown = `'${value}'`;
    } else if (typeof value === "bigint") {
      shown = `${value}n`;
    } else {
      shown = String(value);
    }
    if (shown.length > 28) {
      shown = `${shown.slice(0, 25)}...`;
    }
    return ` Received type ${typeof value} (${shown})`;
  };
  var withCode4 = (error, code) => {
    error.code = code;
    return error;
  };
  var makeTextCodecs = () => {
    const labelToEncoding = /* @__PURE__ */ new Map();
    for (const [name, labels] of LABELS) {
      for (const label of labels) {
        labelToEncoding.set(label, name);
      }
    }
    const arrayBufferByteLength = Object.getOwnPropertyDescriptor(
      ArrayBuffer.prototype,
      "byteLength"
    ).get;
    const sharedArrayBufferByteLength = typeof SharedArrayBuffer === "function" ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, "byteLength").get : void 0;
    const typedArrayTag = Object.getOwnPropertyDescriptor(
      Object.getPrototypeOf(Uint8Array.prototype),
      Symbol.toStringTag
    ).get;
    const isBufferOf = (getter, value) => {
      if (getter === void 0 || typeof value !== "object" || value === null) {
        return false;
      }
      try {
        getter.call(value);
        return true;
      } catch {
        return false;
      }
    };
    const isUint8Array = (value) => ArrayBuffer.isView(value) && typedArrayTag.call(value) === "Uint8Array";
    const toBytes = (input) => {
      if (input === void 0) {
        return new Uint8Array(0);
      }
      if (ArrayBuffer.isView(input)) {
        return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      }
      if (isBufferOf(arrayBufferByteLength, input) || isBufferOf(sharedArrayBufferByteLength, input)) {
        return new Uint8Array(input);
      }
      throw withCode4(
        new TypeError(
          'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.'
        ),
        "ERR_INVALID_ARG_TYPE"
      );
    };
    const makeSink = () => {
      const buffer = new Uint16Array(CHUNK2 + 8);
      const parts = [];
      return {
        buffer,
        parts,
        flush(upTo) {
          if (upTo > 0) {
            parts.push(fromCharCode2.apply(null, buffer.subarray(0, upTo)));
          }
          return 0;
        }
      };
    };
    const joinParts = (parts) => {
      if (parts.length === 0) {
        return "";
      }
      if (parts.length === 1) {
        return parts[0];
      }
      return parts.join("");
    };
    const invalidData = (encoding) => withCode4(
      new TypeError(`The encoded data was not valid for encoding ${encoding}`),
      "ERR_ENCODING_INVALID_ENCODED_DATA"
    );
    const invalidThis = (type) => withCode4(
      new TypeError(`Value of "this" must be of type ${type}`),
      "ERR_INVALID_THIS"
    );
    class TextEncoder {
      #brand = true;
      static #check(self) {
        if (!(typeof self === "object" && self !== null && #brand in self)) {
          throw invalidThis("TextEncoder");
        }
      }
      get encoding() {
        TextEncoder.#check(this);
        return "utf-8";
      }
      encode(input = "") {
        TextEncoder.#check(this);
        const string = `${input}`;
        const n = string.length;
        let size = 0;
        for (let i = 0; i < n; i += 1) {
          const c = string.charCodeAt(i);
          if (c < 128) {
            size += 1;
          } else if (c < 2048) {
            size += 2;
          } else if (c >= 55296 && c <= 56319 && i + 1 < n) {
            const d = string.charCodeAt(i + 1);
            if (d >= 56320 && d <= 57343) {
              size += 4;
              i += 1;
            } else {
              size += 3;
            }
          } else {
            size += 3;
          }
        }
        const out = new Uint8Array(size);
        let j = 0;
        for (let i = 0; i < n; i += 1) {
          let c = string.charCodeAt(i);
          if (c < 128) {
            out[j] = c;
            j += 1;
            continue;
          }
          if (c < 2048) {
            out[j] = 192 | c >> 6;
            out[j + 1] = 128 | c & 63;
            j += 2;
            continue;
          }
          if (c >= 55296 && c <= 57343) {
            const d = i + 1 < n ? string.charCodeAt(i + 1) : 0;
            if (c <= 56319 && d >= 56320 && d <= 57343) {
              const cp = 65536 + (c - 55296 << 10) + (d - 56320);
              out[j] = 240 | cp >> 18;
              out[j + 1] = 128 | cp >> 12 & 63;
              out[j + 2] = 128 | cp >> 6 & 63;
              out[j + 3] = 128 | cp & 63;
              j += 4;
              i += 1;
              continue;
            }
            c = 65533;
          }
          out[j] = 224 | c >> 12;
          out[j + 1] = 128 | c >> 6 & 63;
          out[j + 2] = 128 | c & 63;
          j += 3;
        }
        return out;
      }
      encodeInto(src, dest) {
        TextEncoder.#check(this);
        if (typeof src !== "string") {
          throw withCode4(
            new TypeError(
              `The "src" argument must be of type string.${describe3(src)}`
            ),
            "ERR_INVALID_ARG_TYPE"
          );
        }
        if (!isUint8Array(dest)) {
          throw withCode4(
            new TypeError(
              `The "dest" argument must be an instance of Uint8Array.${describe3(dest)}`
            ),
            "ERR_INVALID_ARG_TYPE"
          );
        }
        const n = src.length;
        const room = dest.length;
        let read = 0;
        let written = 0;
        while (read < n) {
          let c = src.charCodeAt(read);
          if (c < 128) {
            if (written + 1 > room) {
              break;
            }
            dest[written] = c;
            written += 1;
            read += 1;
            continue;
          }
          if (c < 2048) {
            if (written + 2 > room) {
              break;
            }
            dest[written] = 192 | c >> 6;
            dest[written + 1] = 128 | c & 63;
            written += 2;
            read += 1;
            continue;
          }
          if (c >= 55296 && c <= 57343) {
            const d = read + 1 < n ? src.charCodeAt(read + 1) : 0;
            if (c <= 56319 && d >= 56320 && d <= 57343) {
              if (written + 4 > room) {
                break;
              }
              const cp = 65536 + (c - 55296 << 10) + (d - 56320);
              dest[written] = 240 | cp >> 18;
              dest[written + 1] = 128 | cp >> 12 & 63;
              dest[written + 2] = 128 | cp >> 6 & 63;
              dest[written + 3] = 128 | cp & 63;
              written += 4;
              read += 2;
              continue;
            }
            c = 65533;
          }
          if (written + 3 > room) {
            break;
          }
          dest[written] = 224 | c >> 12;
          dest[written + 1] = 128 | c >> 6 & 63;
          dest[written + 2] = 128 | c & 63;
          written += 3;
          read += 1;
        }
        return { read, written };
      }
    }
    class TextDecoder {
      #encoding;
      #fatal;
      #ignoreBOM;
      // Streaming state.
      #doNotFlush = false;
      #bomSeen = false;
      // UTF-8 decoder state.
      #codePoint = 0;
      #bytesNeeded = 0;
      #bytesSeen = 0;
      #lower = 128;
      #upper = 191;
      // UTF-16LE decoder state (-1: none).
      #leadByte = -1;
      #leadSurrogate = -1;
      static #check(self) {
        if (!(typeof self === "object" && self !== null && #encoding in self)) {
          throw invalidThis("TextDecoder");
        }
      }
      constructor(label = "utf-8", options = void 0) {
        const text = `${label}`;
        const key = text.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "").toLowerCase();
        const encoding = labelToEncoding.get(key);
        if (encoding === void 0) {
          throw withCode4(
            new RangeError(`The "${text}" encoding is not supported`),
            "ERR_ENCODING_NOT_SUPPORTED"
          );
        }
        let fatal = false;
        let ignoreBOM = false;
        if (options !== void 0 && options !== null) {
          if (typeof options !== "object" && typeof options !== "function") {
            throw withCode4(
              new TypeError(
                `The "options" argument must be of type object.${describe3(options)}`
              ),
              "ERR_INVALID_ARG_TYPE"
            );
          }
          fatal = Boolean(options.fatal);
          ignoreBOM = Boolean(options.ignoreBOM);
        }
        this.#encoding = encoding;
        this.#fatal = fatal;
        this.#ignoreBOM = ignoreBOM;
      }
      get encoding() {
        TextDecoder.#check(this);
        return this.#encoding;
      }
      get fatal() {
        TextDecoder.#check(this);
        return this.#fatal;
      }
      get ignoreBOM() {
        TextDecoder.#check(this);
        return this.#ignoreBOM;
      }
      #reset() {
        this.#doNotFlush = false;
        this.#bomSeen = false;
        this.#codePoint = 0;
        this.#bytesNeeded = 0;
        this.#bytesSeen = 0;
        this.#lower = 128;
        this.#upper = 191;
        this.#leadByte = -1;
        this.#leadSurrogate = -1;
      }
      decode(input = void 0, options = void 0) {
        TextDecoder.#check(this);
        const bytes = toBytes(input);
        let stream = false;
        if (options !== void 0 && options !== null) {
          stream = Boolean(options.stream);
        }
        if (!this.#doNotFlush) {
          this.#reset();
        }
        this.#doNotFlush = stream;
        let output;
        try {
          if (this.#encoding === "utf-8") {
            output = this.#decodeUtf8(bytes, !stream);
          } else if (this.#encoding === "utf-16le") {
            output = this.#decodeUtf16le(bytes, !stream);
          } else {
            output = this.#decodeWindows1252(bytes);
          }
        } catch (error) {
          this.#reset();
          throw error;
        }
        if (this.#encoding !== "windows-1252" && !this.#ignoreBOM && !this.#bomSeen && output.length > 0) {
          this.#bomSeen = true;
          if (output.charCodeAt(0) === 65279) {
            output = output.slice(1);
          }
        }
        return output;
      }
      #decodeUtf8(bytes, flush) {
        const sink = makeSink();
        const out = sink.buffer;
        const fatal = this.#fatal;
        let pos = 0;
        let codePoint = this.#codePoint;
        let needed = this.#bytesNeeded;
        let seen = this.#bytesSeen;
        let lower = this.#lower;
        let upper = this.#upper;
        const n = bytes.length;
        let i = 0;
        while (i < n) {
          if (pos >= CHUNK2) {
            pos = sink.flush(pos);
          }
          const byte = bytes[i];
          if (needed === 0) {
            i += 1;
            if (byte < 128) {
              out[pos] = byte;
              pos += 1;
            } else if (byte >= 194 && byte <= 223) {
              needed = 1;
              codePoint = byte & 31;
            } else if (byte >= 224 && byte <= 239) {
              if (byte === 224) {
                lower = 160;
              } else if (byte === 237) {
                upper = 159;
              }
              needed = 2;
              codePoint = byte & 15;
            } else if (byte >= 240 && byte <= 244) {
              if (byte === 240) {
                lower = 144;
              } else if (byte === 244) {
                upper = 143;
              }
              needed = 3;
              codePoint = byte & 7;
            } else {
              if (fatal) {
                throw invalidData("utf-8");
              }
              out[pos] = 65533;
              pos += 1;
            }
            continue;
          }
          if (byte < lower || byte > upper) {
            codePoint = 0;
            needed = 0;
            seen = 0;
            lower = 128;
            upper = 191;
            if (fatal) {
              throw invalidData("utf-8");
            }
            out[pos] = 65533;
            pos += 1;
            continue;
          }
          i += 1;
          lower = 128;
          upper = 191;
          codePoint = codePoint << 6 | byte & 63;
          seen += 1;
          if (seen !== needed) {
            continue;
          }
          if (codePoint > 65535) {
            const v = codePoint - 65536;
            out[pos] = 55296 + (v >> 10);
            out[pos + 1] = 56320 + (v & 1023);
            pos += 2;
          } else {
            out[pos] = codePoint;
            pos += 1;
          }
          codePoint = 0;
          needed = 0;
          seen = 0;
        }
        if (flush && needed !== 0) {
          codePoint = 0;
          needed = 0;
          seen = 0;
          lower = 128;
          upper = 191;
          if (fatal) {
            throw invalidData("utf-8");
          }
          out[pos] = 65533;
          pos += 1;
        }
        this.#codePoint = codePoint;
        this.#bytesNeeded = needed;
        this.#bytesSeen = seen;
        this.#lower = lower;
        this.#upper = upper;
        sink.flush(pos);
        return joinParts(sink.parts);
      }
      #decodeUtf16le(bytes, flush) {
        const sink = makeSink();
        const out = sink.buffer;
        const fatal = this.#fatal;
        let pos = 0;
        let leadByte = this.#leadByte;
        let leadSurrogate = this.#leadSurrogate;
        const n = bytes.length;
        for (let i = 0; i < n; i += 1) {
          if (pos >= CHUNK2) {
            pos = sink.flush(pos);
          }
          const byte = bytes[i];
          if (leadByte === -1) {
            leadByte = byte;
            continue;
          }
          const unit = leadByte | byte << 8;
          leadByte = -1;
          if (leadSurrogate !== -1) {
            const lead = leadSurrogate;
            leadSurrogate = -1;
            if (unit >= 56320 && unit <= 57343) {
              out[pos] = lead;
              out[pos + 1] = unit;
              pos += 2;
              continue;
            }
            if (fatal) {
              throw invalidData("utf-16le");
            }
            out[pos] = 65533;
            pos += 1;
          }
          if (unit >= 55296 && unit <= 56319) {
            leadSurrogate = unit;
          } else if (unit >= 56320 && unit <= 57343) {
            if (fatal) {
              throw invalidData("utf-16le");
            }
            out[pos] = 65533;
            pos += 1;
          } else {
            out[pos] = unit;
            pos += 1;
          }
        }
        if (flush && (leadByte !== -1 || leadSurrogate !== -1)) {
          leadByte = -1;
          leadSurrogate = -1;
          if (fatal) {
            throw invalidData("utf-16le");
          }
          out[pos] = 65533;
          pos += 1;
        }
        this.#leadByte = leadByte;
        this.#leadSurrogate = leadSurrogate;
        sink.flush(pos);
        return joinParts(sink.parts);
      }
      #decodeWindows1252(bytes) {
        const sink = makeSink();
        const out = sink.buffer;
        let pos = 0;
        const n = bytes.length;
        for (let i = 0; i < n; i += 1) {
          if (pos >= CHUNK2) {
            pos = sink.flush(pos);
          }
          const byte = bytes[i];
          out[pos] = byte >= 128 && byte <= 159 ? WINDOWS_1252_HIGH[byte - 128] : byte;
          pos += 1;
        }
        sink.flush(pos);
        return joinParts(sink.parts);
      }
    }
    for (const [ctor, tag] of [
      [TextEncoder, "TextEncoder"],
      [TextDecoder, "TextDecoder"]
    ]) {
      Object.defineProperty(ctor.prototype, Symbol.toStringTag, {
        value: tag,
        writable: false,
        enumerable: false,
        configurable: true
      });
    }
    return { TextEncoder, TextDecoder };
  };

  // src/web/url.js
  var EOF = -1;
  var isASCIIDigit = (c) => c >= 48 && c <= 57;
  var isASCIIAlpha = (c) => c >= 65 && c <= 90 || c >= 97 && c <= 122;
  var isASCIIAlphanumeric = (c) => isASCIIDigit(c) || isASCIIAlpha(c);
  var isASCIIHexDigit = (c) => isASCIIDigit(c) || c >= 65 && c <= 70 || c >= 97 && c <= 102;
  var makeTable = (pred) => {
    const table = new Uint8Array(128);
    for (let c = 0; c < 128; c += 1) {
      table[c] = pred(c) ? 1 : 0;
    }
    return table;
  };
  var has = (chars) => (c) => chars.indexOf(String.fromCharCode(c)) !== -1;
  var inC0 = (c) => c < 32 || c > 126;
  var inFragment = (c) => inC0(c) || has(' "<>`')(c);
  var inQuery = (c) => inC0(c) || has(' "#<>')(c);
  var inSpecialQuery = (c) => inQuery(c) || c === 39;
  var inPath = (c) => inQuery(c) || has("?`{}")(c);
  var inUserinfo = (c) => inPath(c) || has("/:;=@[\\]^|")(c);
  var inComponent = (c) => inUserinfo(c) || has("$%&+,")(c);
  var inForm = (c) => inComponent(c) || has("!'()~")(c);
  var C0_SET = makeTable(inC0);
  var FRAGMENT_SET = makeTable(inFragment);
  var QUERY_SET = makeTable(inQuery);
  var SPECIAL_QUERY_SET = makeTable(inSpecialQuery);
  var PATH_SET = makeTable(inPath);
  var USERINFO_SET = makeTable(inUserinfo);
  var FORM_SET = makeTable(inForm);
  var isForbiddenHost = (c) => c === 0 || c === 9 || c === 10 || c === 13 || has(" #/:<>?@[\\]^|")(c);
  var FORBIDDEN_HOST = makeTable(isForbiddenHost);
  var FORBIDDEN_DOMAIN = makeTable(
    (c) => isForbiddenHost(c) || c <= 31 || c === 37 || c === 127
  );
  var HEX = [];
  for (let i = 0; i < 256; i += 1) {
    HEX.push(`%${i < 16 ? "0" : ""}${i.toString(16).toUpperCase()}`);
  }
  var percentEncodeCodePoint = (cp) => {
    if (cp < 128) return HEX[cp];
    if (cp < 2048) return HEX[192 | cp >> 6] + HEX[128 | cp & 63];
    if (cp < 65536) {
      return HEX[224 | cp >> 12] + HEX[128 | cp >> 6 & 63] + HEX[128 | cp & 63];
    }
    return HEX[240 | cp >> 18] + HEX[128 | cp >> 12 & 63] + HEX[128 | cp >> 6 & 63] + HEX[128 | cp & 63];
  };
  var percentEncode = (s, set, spaceAsPlus = false) => {
    const len = s.length;
    let out = null;
    let last = 0;
    for (let i = 0; i < len; i += 1) {
      const c = s.charCodeAt(i);
      if (c < 128 && set[c] === 0) continue;
      if (out === null) out = [];
      if (i > last) out.push(s.slice(last, i));
      if (c === 32 && spaceAsPlus) {
        out.push("+");
      } else if (c < 128) {
        out.push(HEX[c]);
      } else {
        let cp = c;
        if (c >= 55296 && c <= 57343) {
          cp = 65533;
          if (c <= 56319 && i + 1 < len) {
            const d = s.charCodeAt(i + 1);
            if (d >= 56320 && d <= 57343) {
              cp = 65536 + (c - 55296 << 10) + (d - 56320);
              i += 1;
            }
          }
        }
        out.push(percentEncodeCodePoint(cp));
      }
      last = i + 1;
    }
    if (out === null) return s;
    if (last < len) out.push(s.slice(last));
    return out.join("");
  };
  var fromCodePoints = (cps) => {
    const parts = [];
    let units = [];
    for (let i = 0; i < cps.length; i += 1) {
      const cp = cps[i];
      if (cp > 65535) {
        units.push(55296 + (cp - 65536 >> 10), 56320 + (cp - 65536 & 1023));
      } else {
        units.push(cp);
      }
      if (units.length >= 4096) {
        parts.push(String.fromCharCode(...units));
        units = [];
      }
    }
    if (units.length > 0) parts.push(String.fromCharCode(...units));
    return parts.join("");
  };
  var utf8Decode = (bytes) => {
    const out = [];
    let cp = 0;
    let needed = 0;
    let seen = 0;
    let lower = 128;
    let upper = 191;
    for (let i = 0; i < bytes.length; i += 1) {
      const b = bytes[i];
      if (needed === 0) {
        if (b <= 127) {
          out.push(b);
        } else if (b >= 194 && b <= 223) {
          needed = 1;
          cp = b & 31;
        } else if (b >= 224 && b <= 239) {
          if (b === 224) lower = 160;
          if (b === 237) upper = 159;
          needed = 2;
          cp = b & 15;
        } else if (b >= 240 && b <= 244) {
          if (b === 240) lower = 144;
          if (b === 244) upper = 143;
          needed = 3;
          cp = b & 7;
        } else {
          out.push(65533);
        }
      } else if (b < lower || b > upper) {
        cp = 0;
        needed = 0;
        seen = 0;
        lower = 128;
        upper = 191;
        out.push(65533);
        i -= 1;
      } else {
        lower = 128;
        upper = 191;
        cp = cp << 6 | b & 63;
        seen += 1;
        if (seen === needed) {
          out.push(cp);
          cp = 0;
          needed = 0;
          seen = 0;
        }
      }
    }
    if (needed !== 0) out.push(65533);
    return fromCodePoints(out);
  };
  var hexValue = (c) => {
    if (c <= 57) return c - 48;
    if (c <= 70) return c - 65 + 10;
    return c - 97 + 10;
  };
  var percentDecodeString = (s) => {
    const len = s.length;
    let i = s.indexOf("%");
    if (i === -1) return s;
    const parts = [];
    let last = 0;
    while (i !== -1 && i < len) {
      const bytes = [];
      const start = i;
      while (i + 2 < len && s.charCodeAt(i) === 37 && isASCIIHexDigit(s.charCodeAt(i + 1)) && isASCIIHexDigit(s.charCodeAt(i + 2))) {
        bytes.push(hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2)));
        i += 3;
      }
      if (bytes.length > 0) {
        if (start > last) parts.push(s.slice(last, start));
        parts.push(utf8Decode(bytes));
        last = i;
      } else {
        i += 1;
      }
      i = s.indexOf("%", i);
    }
    if (last < len) parts.push(s.slice(last));
    return parts.join("");
  };
  var LONE_SURROGATE = /[\uD800-\uDFFF]/;
  var toWellFormed = (s) => {
    if (!LONE_SURROGATE.test(s)) return s;
    const len = s.length;
    const parts = [];
    let last = 0;
    for (let i = 0; i < len; i += 1) {
      const c = s.charCodeAt(i);
      if (c < 55296 || c > 57343) continue;
      if (c <= 56319 && i + 1 < len) {
        const d = s.charCodeAt(i + 1);
        if (d >= 56320 && d <= 57343) {
          i += 1;
          continue;
        }
      }
      parts.push(s.slice(last, i), "�");
      last = i + 1;
    }
    parts.push(s.slice(last));
    return parts.join("");
  };
  var toUSVString = (v) => toWellFormed(`${v}`);
  var parseIPv4Number = (input) => {
    if (input === "") return null;
    let s = input;
    let radix = 10;
    if (s.length >= 2 && s.charCodeAt(0) === 48 && (s.charCodeAt(1) | 32) === 120) {
      s = s.slice(2);
      radix = 16;
    } else if (s.length >= 2 && s.charCodeAt(0) === 48) {
      s = s.slice(1);
      radix = 8;
    }
    if (s === "") return 0;
    for (let i = 0; i < s.length; i += 1) {
      const c = s.charCodeAt(i);
      const ok = radix === 10 ? isASCIIDigit(c) : radix === 16 ? isASCIIHexDigit(c) : c >= 48 && c <= 55;
      if (!ok) return null;
    }
    return Number.parseInt(s, radix);
  };
  var isAllDigits = (s) => {
    for (let i = 0; i < s.length; i += 1) {
      if (!isASCIIDigit(s.charCodeAt(i))) return false;
    }
    return true;
  };
  var endsInANumber = (input) => {
    const parts = input.split(".");
    if (parts[parts.length - 1] === "") {
      if (parts.length === 1) return false;
      parts.pop();
    }
    const last = parts[parts.length - 1];
    if (last !== "" && isAllDigits(last)) return true;
    return parseIPv4Number(last) !== null;
  };
  var parseIPv4 = (input) => {
    const parts = input.split(".");
    if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
    if (parts.length > 4) return null;
    const numbers = [];
    for (const part of parts) {
      const n = parseIPv4Number(part);
      if (n === null) return null;
      numbers.push(n);
    }
    for (let i = 0; i < numbers.length - 1; i += 1) {
      if (numbers[i] > 255) return null;
    }
    const lastIndex = numbers.length - 1;
    if (numbers[lastIndex] >= 256 ** (5 - numbers.length)) return null;
    let ipv4 = numbers[lastIndex];
    for (let i = 0; i < lastIndex; i += 1) {
      ipv4 += numbers[i] * 256 ** (3 - i);
    }
    return ipv4;
  };
  var serializeIPv4 = (address) => {
    const out = [];
    let n = address;
    for (let i = 0; i < 4; i += 1) {
      out.unshift(`${n % 256}`);
      n = Math.floor(n / 256);
    }
    return out.join(".");
  };
  var parseIPv6 = (input) => {
    const address = [0, 0, 0, 0, 0, 0, 0, 0];
    const len = input.length;
    const at = (i) => i < len ? input.charCodeAt(i) : EOF;
    let pieceIndex = 0;
    let compress = null;
    let pointer = 0;
    if (at(pointer) === 58) {
      if (at(pointer + 1) !== 58) return null;
      pointer += 2;
      pieceIndex += 1;
      compress = pieceIndex;
    }
    while (at(pointer) !== EOF) {
      if (pieceIndex === 8) return null;
      if (at(pointer) === 58) {
        if (compress !== null) return null;
        pointer += 1;
        pieceIndex += 1;
        compress = pieceIndex;
        continue;
      }
      let value = 0;
      let length = 0;
      while (length < 4 && isASCIIHexDigit(at(pointer))) {
        value = value * 16 + hexValue(at(pointer));
        pointer += 1;
        length += 1;
      }
      if (at(pointer) === 46) {
        if (length === 0) return null;
        pointer -= length;
        if (pieceIndex > 6) return null;
        let numbersSeen = 0;
        while (at(pointer) !== EOF) {
          let ipv4Piece = null;
          if (numbersSeen > 0) {
            if (at(pointer) === 46 && numbersSeen < 4) {
              pointer += 1;
            } else {
              return null;
            }
          }
          if (!isASCIIDigit(at(pointer))) return null;
          while (isASCIIDigit(at(pointer))) {
            const number = at(pointer) - 48;
            if (ipv4Piece === null) {
              ipv4Piece = number;
            } else if (ipv4Piece === 0) {
              return null;
            } else {
              ipv4Piece = ipv4Piece * 10 + number;
            }
            if (ipv4Piece > 255) return null;
            pointer += 1;
          }
          address[pieceIndex] = address[pieceIndex] * 256 + ipv4Piece;
          numbersSeen += 1;
          if (numbersSeen === 2 || numbersSeen === 4) pieceIndex += 1;
        }
        if (numbersSeen !== 4) return null;
        break;
      } else if (at(pointer) === 58) {
        pointer += 1;
        if (at(pointer) === EOF) return null;
      } else if (at(pointer) !== EOF) {
        return null;
      }
      address[pieceIndex] = value;
      pieceIndex += 1;
    }
    if (compress !== null) {
      let swaps = pieceIndex - compress;
      pieceIndex = 7;
      while (pieceIndex !== 0 && swaps > 0) {
        const other = compress + swaps - 1;
        const tmp = address[pieceIndex];
        address[pieceIndex] = address[other];
        address[other] = tmp;
        pieceIndex -= 1;
        swaps -= 1;
      }
    } else if (pieceIndex !== 8) {
      return null;
    }
    return address;
  };
  var serializeIPv6 = (address) => {
    let longestIndex = null;
    let longestSize = 1;
    let foundIndex = null;
    let foundSize = 0;
    for (let i = 0; i < 8; i += 1) {
      if (address[i] !== 0) {
        if (foundSize > longestSize) {
          longestIndex = foundIndex;
          longestSize = foundSize;
        }
        foundIndex = null;
        foundSize = 0;
      } else {
        if (foundIndex === null) foundIndex = i;
        foundSize += 1;
      }
    }
    const compress = foundSize > longestSize ? foundIndex : longestIndex;
    let output = "";
    let ignore0 = false;
    for (let i = 0; i < 8; i += 1) {
      if (ignore0 && address[i] === 0) continue;
      ignore0 = false;
      if (compress === i) {
        output += i === 0 ? "::" : ":";
        ignore0 = true;
        continue;
      }
      output += address[i].toString(16);
      if (i !== 7) output += ":";
    }
    return output;
  };
  var containsFrom = (s, table) => {
    for (let i = 0; i < s.length; i += 1) {
      const c = s.charCodeAt(i);
      if (c < 128 && table[c] === 1) return true;
    }
    return false;
  };
  var NON_ASCII = /[^\x00-\x7F]/;
  var XN_LABEL = /(?:^|\.)xn--/i;
  var specialPort = (scheme) => {
    switch (scheme) {
      case "http":
      case "ws":
        return 80;
      case "https":
      case "wss":
        return 443;
      case "ftp":
        return 21;
      default:
        return null;
    }
  };
  var isSpecialScheme = (scheme) => scheme === "http" || scheme === "https" || scheme === "ws" || scheme === "wss" || scheme === "ftp" || scheme === "file";
  var newRecord = () => ({
    scheme: "",
    username: "",
    password: "",
    host: null,
    // null, or the serialized host ('' is the empty host)
    port: null,
    path: [],
    // an array of segments, or a string (opaque path)
    query: null,
    fragment: null
  });
  var hasOpaquePath = (url) => typeof url.path === "string";
  var includesCredentials = (url) => url.username !== "" || url.password !== "";
  var cannotHaveUsernamePasswordPort = (url) => url.host === null || url.host === "" || url.scheme === "file";
  var isWindowsDriveLetterAt = (s, i) => i + 1 < s.length && isASCIIAlpha(s.charCodeAt(i)) && (s.charCodeAt(i + 1) === 58 || s.charCodeAt(i + 1) === 124);
  var isWindowsDriveLetter = (s) => s.length === 2 && isWindowsDriveLetterAt(s, 0);
  var isNormalizedWindowsDriveLetter = (s) => typeof s === "string" && isWindowsDriveLetter(s) && s.charCodeAt(1) === 58;
  var startsWithWindowsDriveLetter = (s, i) => {
    if (!isWindowsDriveLetterAt(s, i)) return false;
    if (s.length - i === 2) return true;
    const c = s.charCodeAt(i + 2);
    return c === 47 || c === 92 || c === 63 || c === 35;
  };
  var isSingleDot = (s) => s === "." || s.length === 3 && s.toLowerCase() === "%2e";
  var isDoubleDot = (s) => {
    switch (s.length) {
      case 2:
        return s === "..";
      case 4: {
        const l = s.toLowerCase();
        return l === ".%2e" || l === "%2e.";
      }
      case 6:
        return s.toLowerCase() === "%2e%2e";
      default:
        return false;
    }
  };
  var shortenPath = (url) => {
    const { path } = url;
    if (url.scheme === "file" && path.length === 1 && isNormalizedWindowsDriveLetter(path[0])) {
      return;
    }
    path.pop();
  };
  var serializePath = (url) => {
    if (hasOpaquePath(url)) return url.path;
    if (url.path.length === 0) return "";
    return `/${url.path.join("/")}`;
  };
  var serializeURL = (url, excludeFragment = false) => {
    let output = `${url.scheme}:`;
    if (url.host !== null) {
      output += "//";
      if (includesCredentials(url)) {
        output += url.username;
        if (url.password !== "") output += `:${url.password}`;
        output += "@";
      }
      output += url.host;
      if (url.port !== null) output += `:${url.port}`;
    }
    if (url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === "") {
      output += "/.";
    }
    output += serializePath(url);
    if (url.query !== null) output += `?${url.query}`;
    if (!excludeFragment && url.fragment !== null) output += `#${url.fragment}`;
    return output;
  };
  var SCHEME_START = 1;
  var SCHEME = 2;
  var NO_SCHEME = 3;
  var SPECIAL_RELATIVE_OR_AUTHORITY = 4;
  var PATH_OR_AUTHORITY = 5;
  var RELATIVE = 6;
  var RELATIVE_SLASH = 7;
  var SPECIAL_AUTHORITY_SLASHES = 8;
  var SPECIAL_AUTHORITY_IGNORE_SLASHES = 9;
  var AUTHORITY = 10;
  var HOST = 11;
  var HOSTNAME = 12;
  var PORT = 13;
  var FILE = 14;
  var FILE_SLASH = 15;
  var FILE_HOST = 16;
  var PATH_START = 17;
  var PATH = 18;
  var OPAQUE_PATH = 19;
  var QUERY = 20;
  var FRAGMENT = 21;
  var FAILURE = null;
  var trimC0ControlOrSpace = (s) => {
    let start = 0;
    let end = s.length;
    while (start < end && s.charCodeAt(start) <= 32) start += 1;
    while (end > start && s.charCodeAt(end - 1) <= 32) end -= 1;
    return start === 0 && end === s.length ? s : s.slice(start, end);
  };
  var TAB_OR_NEWLINE = /[\t\n\r]/;
  var removeTabOrNewline = (s) => {
    if (!TAB_OR_NEWLINE.test(s)) return s;
    const parts = [];
    let last = 0;
    for (let i = 0; i < s.length; i += 1) {
      const c = s.charCodeAt(i);
      if (c === 9 || c === 10 || c === 13) {
        if (i > last) parts.push(s.slice(last, i));
        last = i + 1;
      }
    }
    parts.push(s.slice(last));
    return parts.join("");
  };
  var parseURLEncoded = (input) => {
    const output = [];
    if (input === "") return output;
    const decode = (s) => {
      const t = s.indexOf("+") === -1 ? s : s.split("+").join(" ");
      return percentDecodeString(t);
    };
    for (const sequence of input.split("&")) {
      if (sequence === "") continue;
      const eq = sequence.indexOf("=");
      const name = eq === -1 ? sequence : sequence.slice(0, eq);
      const value = eq === -1 ? "" : sequence.slice(eq + 1);
      output.push([decode(name), decode(value)]);
    }
    return output;
  };
  var serializeURLEncoded = (list) => {
    const out = [];
    for (const [name, value] of list) {
      out.push(`${percentEncode(name, FORM_SET, true)}=${percentEncode(value, FORM_SET, true)}`);
    }
    return out.join("&");
  };
  var sortByName = (list) => {
    const n = list.length;
    if (n < 2) return list;
    let src = list.slice();
    let dst = new Array(n);
    for (let width = 1; width < n; width *= 2) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        const mid = Math.min(lo + width, n);
        const hi = Math.min(lo + 2 * width, n);
        let i = lo;
        let j = mid;
        let k = lo;
        while (i < mid && j < hi) {
          if (src[j][0] < src[i][0]) {
            dst[k] = src[j];
            j += 1;
          } else {
            dst[k] = src[i];
            i += 1;
          }
          k += 1;
        }
        while (i < mid) {
          dst[k] = src[i];
          i += 1;
          k += 1;
        }
        while (j < hi) {
          dst[k] = src[j];
          j += 1;
          k += 1;
        }
      }
      const tmp = src;
      src = dst;
      dst = tmp;
    }
    return src;
  };
  var missingArgs = (names) => {
    const quoted = names.map((n) => `"${n}"`);
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
    const err = new TypeError(`The ${list} argument${names.length > 1 ? "s" : ""} must be specified`);
    err.code = "ERR_MISSING_ARGS";
    return err;
  };
  var getIteratorPrototype = () => Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  var makeURLClasses = ({ domainToASCII }) => {
    if (typeof domainToASCII !== "function") {
      throw new TypeError("makeURLClasses: domainToASCII must be a function");
    }
    const toASCII = (domain) => {
      let result;
      if (!NON_ASCII.test(domain) && !XN_LABEL.test(domain)) {
        result = domain.toLowerCase();
      } else {
        try {
          result = domainToASCII(domain);
        } catch (_e) {
          return null;
        }
        if (typeof result !== "string" || NON_ASCII.test(result)) return null;
      }
      if (result === "") return null;
      return result;
    };
    const parseHost = (input, isNotSpecial) => {
      if (input.charCodeAt(0) === 91) {
        if (input.charCodeAt(input.length - 1) !== 93) return null;
        const address = parseIPv6(input.slice(1, -1));
        return address === null ? null : `[${serializeIPv6(address)}]`;
      }
      if (isNotSpecial) {
        if (containsFrom(input, FORBIDDEN_HOST)) return null;
        return percentEncode(input, C0_SET);
      }
      const domain = percentDecodeString(input);
      const asciiDomain = toASCII(domain);
      if (asciiDomain === null) return null;
      if (containsFrom(asciiDomain, FORBIDDEN_DOMAIN)) return null;
      if (endsInANumber(asciiDomain)) {
        const address = parseIPv4(asciiDomain);
        return address === null ? null : serializeIPv4(address);
      }
      return asciiDomain;
    };
    const basicParse = (rawInput, base = null, givenURL = null, stateOverride = 0) => {
      let url = givenURL;
      let input = rawInput;
      if (url === null) {
        url = newRecord();
        input = trimC0ControlOrSpace(input);
      }
      input = removeTabOrNewline(input);
      const len = input.length;
      const at = (i) => i < len ? input.charCodeAt(i) : EOF;
      let state = stateOverride || SCHEME_START;
      let bufStart = -1;
      let pathBuffer = "";
      let atSignSeen = false;
      let insideBrackets = false;
      let passwordTokenSeen = false;
      let userParts = null;
      let passParts = null;
      let opaqueParts = null;
      let pointer = 0;
      const special = () => isSpecialScheme(url.scheme);
      for (; ; ) {
        const c = at(pointer);
        switch (state) {
          case SCHEME_START:
            if (isASCIIAlpha(c)) {
              state = SCHEME;
              bufStart = pointer;
            } else if (!stateOverride) {
              state = NO_SCHEME;
              pointer -= 1;
            } else {
              return FAILURE;
            }
            break;
          case SCHEME:
            if (isASCIIAlphanumeric(c) || c === 43 || c === 45 || c === 46) {
            } else if (c === 58) {
              const buffer = input.slice(bufStart, pointer).toLowerCase();
              bufStart = -1;
              if (stateOverride) {
                if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return url;
                if ((includesCredentials(url) || url.port !== null) && buffer === "file") {
                  return url;
                }
                if (url.scheme === "file" && url.host === "") return url;
              }
              url.scheme = buffer;
              if (stateOverride) {
                if (url.port === specialPort(url.scheme)) url.port = null;
                return url;
              }
              if (url.scheme === "file") {
                state = FILE;
              } else if (special() && base !== null && base.scheme === url.scheme) {
                state = SPECIAL_RELATIVE_OR_AUTHORITY;
              } else if (special()) {
                state = SPECIAL_AUTHORITY_SLASHES;
              } else if (at(pointer + 1) === 47) {
                state = PATH_OR_AUTHORITY;
                pointer += 1;
              } else {
                url.path = "";
                opaqueParts = [];
                state = OPAQUE_PATH;
              }
            } else if (!stateOverride) {
              bufStart = -1;
              state = NO_SCHEME;
              pointer = -1;
            } else {
              return FAILURE;
            }
            break;
          case NO_SCHEME:
            if (base === null || hasOpaquePath(base) && c !== 35) {
              return FAILURE;
            } else if (hasOpaquePath(base) && c === 35) {
              url.scheme = base.scheme;
              url.path = base.path;
              url.query = base.query;
              url.fragment = "";
              state = FRAGMENT;
            } else if (base.scheme !== "file") {
              state = RELATIVE;
              pointer -= 1;
            } else {
              state = FILE;
              pointer -= 1;
            }
            break;
          case SPECIAL_RELATIVE_OR_AUTHORITY:
            if (c === 47 && at(pointer + 1) === 47) {
              state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
              pointer += 1;
            } else {
              state = RELATIVE;
              pointer -= 1;
            }
            break;
          case PATH_OR_AUTHORITY:
            if (c === 47) {
              state = AUTHORITY;
            } else {
              state = PATH;
              pointer -= 1;
            }
            break;
          case RELATIVE:
            url.scheme = base.scheme;
            if (c === 47) {
              state = RELATIVE_SLASH;
            } else if (special() && c === 92) {
              state = RELATIVE_SLASH;
            } else {
              url.username = base.username;
              url.password = base.password;
              url.host = base.host;
              url.port = base.port;
              url.path = base.path.slice();
              url.query = base.query;
              if (c === 63) {
                url.query = "";
                state = QUERY;
              } else if (c === 35) {
                url.fragment = "";
                state = FRAGMENT;
              } else if (c !== EOF) {
                url.query = null;
                shortenPath(url);
                state = PATH;
                pointer -= 1;
              }
            }
            break;
          case RELATIVE_SLASH:
            if (special() && (c === 47 || c === 92)) {
              state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
            } else if (c === 47) {
              state = AUTHORITY;
            } else {
              url.username = base.username;
              url.password = base.password;
              url.host = base.host;
              url.port = base.port;
              state = PATH;
              pointer -= 1;
            }
            break;
          case SPECIAL_AUTHORITY_SLASHES:
            if (c === 47 && at(pointer + 1) === 47) {
              state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
              pointer += 1;
            } else {
              state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
              pointer -= 1;
            }
            break;
          case SPECIAL_AUTHORITY_IGNORE_SLASHES:
            if (c !== 47 && c !== 92) {
              state = AUTHORITY;
              pointer -= 1;
            }
            break;
          case AUTHORITY:
            if (bufStart < 0) bufStart = pointer;
            if (c === 64) {
              let buffer = input.slice(bufStart, pointer);
              if (atSignSeen) buffer = `%40${buffer}`;
              atSignSeen = true;
              if (userParts === null) {
                userParts = [];
                passParts = [];
              }
              if (passwordTokenSeen) {
                passParts.push(percentEncode(buffer, USERINFO_SET));
              } else {
                const colon = buffer.indexOf(":");
                if (colon === -1) {
                  userParts.push(percentEncode(buffer, USERINFO_SET));
                } else {
                  passwordTokenSeen = true;
                  userParts.push(percentEncode(buffer.slice(0, colon), USERINFO_SET));
                  passParts.push(percentEncode(buffer.slice(colon + 1), USERINFO_SET));
                }
              }
              bufStart = pointer + 1;
            } else if (c === EOF || c === 47 || c === 63 || c === 35 || special() && c === 92) {
              if (atSignSeen && bufStart === pointer) return FAILURE;
              if (userParts !== null) {
                url.username = userParts.join("");
                url.password = passParts.join("");
              }
              pointer = bufStart - 1;
              bufStart = -1;
              state = HOST;
            }
            break;
          case HOST:
          case HOSTNAME:
            if (stateOverride && url.scheme === "file") {
              pointer -= 1;
              state = FILE_HOST;
              break;
            }
            if (bufStart < 0) bufStart = pointer;
            if (c === 58 && !insideBrackets) {
              const buffer = input.slice(bufStart, pointer);
              if (buffer === "") return FAILURE;
              if (stateOverride === HOSTNAME) return FAILURE;
              const host2 = parseHost(buffer, !special());
              if (host2 === null) return FAILURE;
              url.host = host2;
              bufStart = -1;
              state = PORT;
            } else if (c === EOF || c === 47 || c === 63 || c === 35 || special() && c === 92) {
              const buffer = input.slice(bufStart, pointer);
              pointer -= 1;
              if (special() && buffer === "") return FAILURE;
              if (stateOverride && buffer === "" && (includesCredentials(url) || url.port !== null)) {
                return FAILURE;
              }
              const host2 = parseHost(buffer, !special());
              if (host2 === null) return FAILURE;
              url.host = host2;
              bufStart = -1;
              state = PATH_START;
              if (stateOverride) return url;
            } else {
              if (c === 91) insideBrackets = true;
              if (c === 93) insideBrackets = false;
            }
            break;
          case PORT:
            if (bufStart < 0) bufStart = pointer;
            if (isASCIIDigit(c)) {
            } else if (c === EOF || c === 47 || c === 63 || c === 35 || special() && c === 92 || stateOverride) {
              const buffer = input.slice(bufStart, pointer);
              if (buffer !== "") {
                const port = Number.parseInt(buffer, 10);
                if (port > 65535) return FAILURE;
                url.port = port === specialPort(url.scheme) ? null : port;
              }
              bufStart = -1;
              if (stateOverride) return buffer === "" ? FAILURE : url;
              state = PATH_START;
              pointer -= 1;
            } else {
              return FAILURE;
            }
            break;
          case FILE:
            url.scheme = "file";
            url.host = "";
            if (c === 47 || c === 92) {
              state = FILE_SLASH;
            } else if (base !== null && base.scheme === "file") {
              url.host = base.host;
              url.path = base.path.slice();
              url.query = base.query;
              if (c === 63) {
                url.query = "";
                state = QUERY;
              } else if (c === 35) {
                url.fragment = "";
                state = FRAGMENT;
              } else if (c !== EOF) {
                url.query = null;
                if (!startsWithWindowsDriveLetter(input, pointer)) {
                  shortenPath(url);
                } else {
                  url.path = [];
                }
                state = PATH;
                pointer -= 1;
              }
            } else {
              state = PATH;
              pointer -= 1;
            }
            break;
          case FILE_SLASH:
            if (c === 47 || c === 92) {
              state = FILE_HOST;
            } else {
              if (base !== null && base.scheme === "file") {
                url.host = base.host;
                if (!startsWithWindowsDriveLetter(input, pointer) && isNormalizedWindowsDriveLetter(base.path[0])) {
                  url.path.push(base.path[0]);
                }
              }
              state = PATH;
              pointer -= 1;
            }
            break;
          case FILE_HOST:
            if (bufStart < 0) bufStart = pointer;
            if (c === EOF || c === 47 || c === 92 || c === 63 || c === 35) {
              const buffer = input.slice(bufStart, pointer);
              bufStart = -1;
              pointer -= 1;
              if (!stateOverride && isWindowsDriveLetter(buffer)) {
                pathBuffer = buffer;
                state = PATH;
              } else if (buffer === "") {
                url.host = "";
                if (stateOverride) return url;
                state = PATH_START;
              } else {
                let host2 = parseHost(buffer, !special());
                if (host2 === null) return FAILURE;
                if (host2 === "localhost") host2 = "";
                url.host = host2;
                if (stateOverride) return url;
                state = PATH_START;
              }
            }
            break;
          case PATH_START:
            if (special()) {
              state = PATH;
              if (c !== 47 && c !== 92) pointer -= 1;
            } else if (!stateOverride && c === 63) {
              url.query = "";
              state = QUERY;
            } else if (!stateOverride && c === 35) {
              url.fragment = "";
              state = FRAGMENT;
            } else if (c !== EOF) {
              state = PATH;
              if (c !== 47) pointer -= 1;
            } else if (stateOverride && url.host === null) {
              url.path.push("");
            }
            break;
          case PATH: {
            const isSpecial = special();
            let end = pointer;
            for (; end < len; end += 1) {
              const d = input.charCodeAt(end);
              if (d === 47 || isSpecial && d === 92 || !stateOverride && (d === 63 || d === 35)) {
                break;
              }
            }
            let buffer = pathBuffer + percentEncode(input.slice(pointer, end), PATH_SET);
            pathBuffer = "";
            pointer = end;
            const e = at(pointer);
            const slash = e === 47 || isSpecial && e === 92;
            if (isDoubleDot(buffer)) {
              shortenPath(url);
              if (!slash) url.path.push("");
            } else if (isSingleDot(buffer)) {
              if (!slash) url.path.push("");
            } else {
              if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer)) {
                buffer = `${buffer[0]}:`;
              }
              url.path.push(buffer);
            }
            if (e === 63) {
              url.query = "";
              state = QUERY;
            } else if (e === 35) {
              url.fragment = "";
              state = FRAGMENT;
            }
            break;
          }
          case OPAQUE_PATH:
            if (c === 63) {
              url.query = "";
              state = QUERY;
            } else if (c === 35) {
              url.fragment = "";
              state = FRAGMENT;
            } else if (c !== EOF) {
              let end = pointer;
              while (end < len) {
                const d = input.charCodeAt(end);
                if (d === 63 || d === 35) break;
                end += 1;
              }
              opaqueParts.push(percentEncode(input.slice(pointer, end), C0_SET));
              pointer = end - 1;
            }
            break;
          case QUERY: {
            let end = len;
            if (!stateOverride) {
              const hash = input.indexOf("#", pointer);
              if (hash !== -1) end = hash;
            }
            const set = special() ? SPECIAL_QUERY_SET : QUERY_SET;
            url.query += percentEncode(input.slice(pointer, end), set);
            pointer = end;
            if (at(pointer) === 35) {
              url.fragment = "";
              state = FRAGMENT;
            }
            break;
          }
          case FRAGMENT:
            if (c !== EOF) {
              url.fragment += percentEncode(input.slice(pointer), FRAGMENT_SET);
              pointer = len;
            }
            break;
          default:
            throw new TypeError("URL parser: unknown state");
        }
        if (pointer >= len) break;
        pointer += 1;
      }
      if (opaqueParts !== null) url.path = opaqueParts.join("");
      return url;
    };
    const serializeOrigin = (url) => {
      switch (url.scheme) {
        case "blob": {
          const pathURL = basicParse(serializePath(url));
          if (pathURL === FAILURE) return "null";
          if (pathURL.scheme === "http" || pathURL.scheme === "https") {
            return serializeOrigin(pathURL);
          }
          return "null";
        }
        case "ftp":
        case "http":
        case "https":
        case "ws":
        case "wss":
          return `${url.scheme}://${url.host}${url.port === null ? "" : `:${url.port}`}`;
        default:
          return "null";
      }
    };
    const invalidURL = (input, base) => {
      const err = new TypeError("Invalid URL");
      err.code = "ERR_INVALID_URL";
      err.input = input;
      if (base !== void 0) err.base = base;
      return err;
    };
    const apiParse = (url, base) => {
      let parsedBase = null;
      if (base !== void 0) {
        parsedBase = basicParse(base);
        if (parsedBase === FAILURE) return FAILURE;
      }
      return basicParse(url, parsedBase);
    };
    const urlStates = /* @__PURE__ */ new WeakMap();
    const paramsStates = /* @__PURE__ */ new WeakMap();
    const iteratorStates = /* @__PURE__ */ new WeakMap();
    const urlState = (obj) => {
      const s = urlStates.get(obj);
      if (s === void 0) throw new TypeError('Value of "this" must be of type URL');
      return s;
    };
    const paramsState = (obj) => {
      const s = paramsStates.get(obj);
      if (s === void 0) throw new TypeError('Value of "this" must be of type URLSearchParams');
      return s;
    };
    const stripTrailingSpaces = (url) => {
      if (!hasOpaquePath(url)) return;
      if (url.fragment !== null) return;
      if (url.query !== null) return;
      let end = url.path.length;
      while (end > 0 && url.path.charCodeAt(end - 1) === 32) end -= 1;
      url.path = url.path.slice(0, end);
    };
    const update = (ps) => {
      if (ps.owner === null) return;
      const serialized = serializeURLEncoded(ps.list);
      const { url } = ps.owner;
      url.query = serialized === "" ? null : serialized;
      if (url.query === null) stripTrailingSpaces(url);
    };
    const initParamsFromInit = (ps, init) => {
      if (init === void 0) return;
      if (typeof init === "object" && init !== null || typeof init === "function") {
        const method = init[Symbol.iterator];
        if (method !== void 0 && method !== null) {
          if (typeof method !== "function") {
            throw new TypeError("Query pairs must be iterable");
          }
          const pairs = [];
          const iterator = Reflect.apply(method, init, []);
          for (; ; ) {
            const step = iterator.next();
            if (step.done) break;
            const inner = step.value;
            if (!(typeof inner === "object" && inner !== null || typeof inner === "function") || typeof inner[Symbol.iterator] !== "function") {
              throw new TypeError("Each query pair must be an iterable [name, value] tuple");
            }
            const pair = [];
            for (const item of inner) pair.push(toUSVString(item));
            pairs.push(pair);
          }
          for (const pair of pairs) {
            if (pair.length !== 2) {
              throw new TypeError("Each query pair must be an iterable [name, value] tuple");
            }
            ps.list.push([pair[0], pair[1]]);
          }
          return;
        }
        const map = /* @__PURE__ */ new Map();
        for (const key of Reflect.ownKeys(init)) {
          const desc = Reflect.getOwnPropertyDescriptor(init, key);
          if (desc === void 0 || !desc.enumerable) continue;
          const typedKey = toUSVString(key);
          const typedValue = toUSVString(init[key]);
          map.set(typedKey, typedValue);
        }
        for (const [k, v] of map) ps.list.push([k, v]);
        return;
      }
      let s = toUSVString(init);
      if (s.charCodeAt(0) === 63) s = s.slice(1);
      ps.list = parseURLEncoded(s);
    };
    class URLSearchParams {
      constructor(init = void 0) {
        const ps = { list: [], owner: null };
        initParamsFromInit(ps, init);
        paramsStates.set(this, ps);
      }
      get size() {
        return paramsState(this).list.length;
      }
      append(name, value) {
        const ps = paramsState(this);
        if (arguments.length < 2) throw missingArgs(["name", "value"]);
        ps.list.push([toUSVString(name), toUSVString(value)]);
        update(ps);
      }
      delete(name, value = void 0) {
        const ps = paramsState(this);
        if (arguments.length < 1) throw missingArgs(["name"]);
        const n = toUSVString(name);
        if (value !== void 0) {
          const v = toUSVString(value);
          ps.list = ps.list.filter((p) => !(p[0] === n && p[1] === v));
        } else {
          ps.list = ps.list.filter((p) => p[0] !== n);
        }
        update(ps);
      }
      get(name) {
        const ps = paramsState(this);
        if (arguments.length < 1) throw missingArgs(["name"]);
        const n = toUSVString(name);
        for (const p of ps.list) {
          if (p[0] === n) return p[1];
        }
        return null;
      }
      getAll(name) {
        const ps = paramsState(this);
        if (arguments.length < 1) throw missingArgs(["name"]);
        const n = toUSVString(name);
        const out = [];
        for (const p of ps.list) {
          if (p[0] === n) out.push(p[1]);
        }
        return out;
      }
      has(name, value = void 0) {
        const ps = paramsState(this);
        if (arguments.length < 1) throw missingArgs(["name"]);
        const n = toUSVString(name);
        if (value !== void 0) {
          const v = toUSVString(value);
          return ps.list.some((p) => p[0] === n && p[1] === v);
        }
        return ps.list.some((p) => p[0] === n);
      }
      set(name, value) {
        const ps = paramsState(this);
        if (arguments.length < 2) throw missingArgs(["name", "value"]);
        const n = toUSVString(name);
        const v = toUSVString(value);
        const out = [];
        let found = false;
        for (const p of ps.list) {
          if (p[0] !== n) {
            out.push(p);
          } else if (!found) {
            found = true;
            out.push([n, v]);
          }
        }
        if (!found) out.push([n, v]);
        ps.list = out;
        update(ps);
      }
      sort() {
        const ps = paramsState(this);
        ps.list = sortByName(ps.list);
        update(ps);
      }
      entries() {
        return makeIterator2(this, "key+value");
      }
      forEach(callback, thisArg = void 0) {
        const ps = paramsState(this);
        if (typeof callback !== "function") {
          const err = new TypeError(
            `The "callback" argument must be of type function. Received ${callback === null ? "null" : typeof callback}`
          );
          err.code = "ERR_INVALID_ARG_TYPE";
          throw err;
        }
        for (let i = 0; i < ps.list.length; i += 1) {
          const [name, value] = ps.list[i];
          Reflect.apply(callback, thisArg, [value, name, this]);
        }
      }
      keys() {
        return makeIterator2(this, "key");
      }
      values() {
        return makeIterator2(this, "value");
      }
      toString() {
        return serializeURLEncoded(paramsState(this).list);
      }
    }
    const iteratorPrototype = Object.create(getIteratorPrototype(), {
      next: {
        value: {
          next() {
            const st = iteratorStates.get(this);
            if (st === void 0) {
              throw new TypeError('Value of "this" must be of type URLSearchParamsIterator');
            }
            const { list } = paramsStates.get(st.params);
            if (st.index >= list.length) return { value: void 0, done: true };
            const [name, value] = list[st.index];
            st.index += 1;
            let result;
            if (st.kind === "key") result = name;
            else if (st.kind === "value") result = value;
            else result = [name, value];
            return { value: result, done: false };
          }
        }.next,
        writable: true,
        enumerable: true,
        configurable: true
      },
      [Symbol.toStringTag]: {
        value: "URLSearchParams Iterator",
        writable: false,
        enumerable: false,
        configurable: true
      }
    });
    Object.freeze(iteratorPrototype.next);
    Object.freeze(iteratorPrototype);
    const makeIterator2 = (params, kind) => {
      paramsState(params);
      const it = Object.create(iteratorPrototype);
      iteratorStates.set(it, { params, kind, index: 0 });
      return it;
    };
    const newURLObject = (record, target) => {
      const query = new URLSearchParams();
      const ps = paramsStates.get(query);
      if (record.query !== null) ps.list = parseURLEncoded(record.query);
      const state = { url: record, query };
      ps.owner = state;
      urlStates.set(target, state);
    };
    class URL {
      constructor(url, base = void 0) {
        if (arguments.length < 1) throw missingArgs(["url"]);
        const u = toUSVString(url);
        const b = base === void 0 ? void 0 : toUSVString(base);
        const record = apiParse(u, b);
        if (record === FAILURE) throw invalidURL(u, b);
        newURLObject(record, this);
      }
      static parse(url, base = void 0) {
        if (arguments.length < 1) throw missingArgs(["url"]);
        const u = toUSVString(url);
        const b = base === void 0 ? void 0 : toUSVString(base);
        const record = apiParse(u, b);
        if (record === FAILURE) return null;
        const obj = Object.create(URL.prototype);
        newURLObject(record, obj);
        return obj;
      }
      static canParse(url, base = void 0) {
        if (arguments.length < 1) throw missingArgs(["url"]);
        const u = toUSVString(url);
        const b = base === void 0 ? void 0 : toUSVString(base);
        return apiParse(u, b) !== FAILURE;
      }
      toString() {
        return serializeURL(urlState(this).url);
      }
      get href() {
        return serializeURL(urlState(this).url);
      }
      set href(value) {
        const st = urlState(this);
        const v = toUSVString(value);
        const record = basicParse(v);
        if (record === FAILURE) throw invalidURL(v);
        st.url = record;
        const ps = paramsStates.get(st.query);
        ps.list = record.query === null ? [] : parseURLEncoded(record.query);
      }
      get origin() {
        return serializeOrigin(urlState(this).url);
      }
      get protocol() {
        return `${urlState(this).url.scheme}:`;
      }
      set protocol(value) {
        const { url } = urlState(this);
        basicParse(`${toUSVString(value)}:`, null, url, SCHEME_START);
      }
      get username() {
        return urlState(this).url.username;
      }
      set username(value) {
        const { url } = urlState(this);
        const v = toUSVString(value);
        if (cannotHaveUsernamePasswordPort(url)) return;
        url.username = percentEncode(v, USERINFO_SET);
      }
      get password() {
        return urlState(this).url.password;
      }
      set password(value) {
        const { url } = urlState(this);
        const v = toUSVString(value);
        if (cannotHaveUsernamePasswordPort(url)) return;
        url.password = percentEncode(v, USERINFO_SET);
      }
      get host() {
        const { url } = urlState(this);
        if (url.host === null) return "";
        if (url.port === null) return url.host;
        return `${url.host}:${url.port}`;
      }
      set host(value) {
        const { url } = urlState(this);
        const v = toUSVString(value);
        if (hasOpaquePath(url)) return;
        basicParse(v, null, url, HOST);
      }
      get hostname() {
        const { url } = urlState(this);
        return url.host === null ? "" : url.host;
      }
      set hostname(value) {
        const { url } = urlState(this);
        const v = toUSVString(value);
        if (hasOpaquePath(url)) return;
        basicParse(v, null, url, HOSTNAME);
      }
      get port() {
        const { url } = urlState(this);
        return url.port === null ? "" : `${url.port}`;
      }
      set port(value) {
        const { url } = urlState(this);
        const v = toUSVString(value);
        if (cannotHaveUsernamePasswordPort(url)) return;
        if (v === "") {
          url.port = null;
        } else {
          basicParse(v, null, url, PORT);
        }
      }
      get pathname() {
        return serializePath(urlState(this).url);
      }
      set pathname(value) {
        const { url } = urlState(this);
        const v = toUSVString(value);
        if (hasOpaquePath(url)) return;
        url.path = [];
        basicParse(v, null, url, PATH_START);
      }
      get search() {
        const { url } = urlState(this);
        return url.query === null || url.query === "" ? "" : `?${url.query}`;
      }
      set search(value) {
        const st = urlState(this);
        const { url } = st;
        const v = toUSVString(value);
        const ps = paramsStates.get(st.query);
        if (v === "") {
          url.query = null;
          ps.list = [];
          stripTrailingSpaces(url);
          return;
        }
        const input = v.charCodeAt(0) === 63 ? v.slice(1) : v;
        url.query = "";
        basicParse(input, null, url, QUERY);
        ps.list = parseURLEncoded(url.query);
      }
      get searchParams() {
        return urlState(this).query;
      }
      get hash() {
        const { url } = urlState(this);
        return url.fragment === null || url.fragment === "" ? "" : `#${url.fragment}`;
      }
      set hash(value) {
        const { url } = urlState(this);
        const v = toUSVString(value);
        if (v === "") {
          url.fragment = null;
          stripTrailingSpaces(url);
          return;
        }
        const input = v.charCodeAt(0) === 35 ? v.slice(1) : v;
        url.fragment = "";
        basicParse(input, null, url, FRAGMENT);
      }
      toJSON() {
        return serializeURL(urlState(this).url);
      }
    }
    const makeEnumerable = (proto) => {
      for (const key of Reflect.ownKeys(proto)) {
        if (key === "constructor") continue;
        const desc = Reflect.getOwnPropertyDescriptor(proto, key);
        desc.enumerable = true;
        Reflect.defineProperty(proto, key, desc);
      }
    };
    makeEnumerable(URL.prototype);
    makeEnumerable(URLSearchParams.prototype);
    for (const key of ["parse", "canParse"]) {
      const desc = Reflect.getOwnPropertyDescriptor(URL, key);
      desc.enumerable = true;
      Reflect.defineProperty(URL, key, desc);
    }
    Reflect.defineProperty(URLSearchParams.prototype, Symbol.iterator, {
      value: URLSearchParams.prototype.entries,
      writable: true,
      enumerable: false,
      configurable: true
    });
    Reflect.defineProperty(URL.prototype, Symbol.toStringTag, {
      value: "URL",
      writable: false,
      enumerable: false,
      configurable: true
    });
    Reflect.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, {
      value: "URLSearchParams",
      writable: false,
      enumerable: false,
      configurable: true
    });
    return Object.freeze({ URL, URLSearchParams });
  };

  // src/crypto.js
  var MAX_RANDOM_BYTES = 65536;
  var toBinary = (bytes) => {
    let out = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    }
    return out;
  };
  var fromBinary = (text) => {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) {
      bytes[i] = text.charCodeAt(i);
    }
    return bytes;
  };
  var bytesOf = (data, what) => {
    if (data instanceof ArrayBuffer) {
      return new Uint8Array(data);
    }
    if (ArrayBuffer.isView(data)) {
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    throw TypeError(`${what} is not a BufferSource (ArrayBuffer, TypedArray or DataView)`);
  };
  var copyBuffer = (bytes) => {
    const out = new ArrayBuffer(bytes.length);
    new Uint8Array(out).set(bytes);
    return out;
  };
  var hashNames = {
    "SHA-1": "SHA-1",
    "SHA-256": "SHA-256",
    "SHA-384": "SHA-384",
    "SHA-512": "SHA-512"
  };
  var hashBlockBits = { "SHA-1": 512, "SHA-256": 512, "SHA-384": 1024, "SHA-512": 1024 };
  var makeCrypto = ({ host: host2, web }) => {
    const { DOMException } = web();
    const notSupported = (what) => new DOMException(`${what} is not supported by this vat environment`, "NotSupportedError");
    const normalizeAlgorithm = (algorithm) => {
      const alg = typeof algorithm === "string" ? { name: algorithm } : algorithm;
      if (!alg || typeof alg.name !== "string") {
        throw TypeError("Algorithm: name is required");
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
    const keyData = /* @__PURE__ */ new WeakMap();
    class CryptoKey {
      #type;
      #extractable;
      #algorithm;
      #usages;
      constructor(token, type, extractable, algorithm, usages) {
        if (token !== keyData) {
          throw TypeError("Illegal constructor");
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
      const key = new CryptoKey(keyData, "secret", extractable, algorithm, usages);
      keyData.set(key, bytes.slice());
      return key;
    };
    const checkKey2 = (key, alg, usage) => {
      const bytes = keyData.get(key);
      if (!bytes) {
        throw TypeError("key is not a CryptoKey");
      }
      if (key.algorithm.name !== alg) {
        throw new DOMException(
          `key algorithm ${key.algorithm.name} does not match ${alg}`,
          "InvalidAccessError"
        );
      }
      if (!key.usages.includes(usage)) {
        throw new DOMException(`key usages do not include ${usage}`, "InvalidAccessError");
      }
      return bytes;
    };
    const checkUsages = (usages, allowed) => {
      for (const u of usages) {
        if (!allowed.includes(u)) {
          throw new DOMException(`Unsupported key usage for this algorithm: ${u}`, "SyntaxError");
        }
      }
    };
    const subtleCall = (op, params, a, b) => host2.subtle(op, JSON.stringify(params), a ? toBinary(a) : "", b ? toBinary(b) : "");
    class SubtleCrypto {
      constructor(token) {
        if (token !== keyData) {
          throw TypeError("Illegal constructor");
        }
      }
      async digest(algorithm, data) {
        const hash = normalizeHash(algorithm);
        const out = subtleCall("digest", { hash }, bytesOf(data, "data"));
        return copyBuffer(fromBinary(out));
      }
      async generateKey(algorithm, extractable, usages) {
        const alg = normalizeAlgorithm(algorithm);
        if (alg.name !== "HMAC") {
          throw notSupported(`generateKey for ${alg.name}`);
        }
        const hash = normalizeHash(alg.hash);
        checkUsages(usages, ["sign", "verify"]);
        const length = alg.length ?? hashBlockBits[hash];
        const bytes = new Uint8Array(Math.ceil(length / 8));
        crypto.getRandomValues(bytes);
        return newKey(bytes, Boolean(extractable), { name: "HMAC", hash: { name: hash }, length }, usages);
      }
      async importKey(format, keyDataIn, algorithm, extractable, usages) {
        if (format !== "raw") {
          throw notSupported(`importKey format ${format}`);
        }
        const alg = normalizeAlgorithm(algorithm);
        const bytes = bytesOf(keyDataIn, "keyData");
        switch (alg.name) {
          case "HMAC": {
            const hash = normalizeHash(alg.hash);
            checkUsages(usages, ["sign", "verify"]);
            const length = alg.length ?? bytes.length * 8;
            return newKey(bytes, Boolean(extractable), { name: "HMAC", hash: { name: hash }, length }, usages);
          }
          case "PBKDF2":
          case "HKDF":
            if (extractable) {
              throw new DOMException(`${alg.name} keys are not extractable`, "SyntaxError");
            }
            checkUsages(usages, ["deriveBits", "deriveKey"]);
            return newKey(bytes, false, { name: alg.name }, usages);
          default:
            throw notSupported(`importKey for ${alg.name}`);
        }
      }
      async exportKey(format, key) {
        if (format !== "raw") {
          throw notSupported(`exportKey format ${format}`);
        }
        const bytes = keyData.get(key);
        if (!bytes) {
          throw TypeError("key is not a CryptoKey");
        }
        if (!key.extractable) {
          throw new DOMException("key is not extractable", "InvalidAccessError");
        }
        return copyBuffer(bytes);
      }
      async sign(algorithm, key, data) {
        const alg = normalizeAlgorithm(algorithm);
        if (alg.name !== "HMAC") {
          throw notSupported(`sign with ${alg.name}`);
        }
        const secret = checkKey2(key, "HMAC", "sign");
        const out = subtleCall("hmac", { hash: key.algorithm.hash.name }, secret, bytesOf(data, "data"));
        return copyBuffer(fromBinary(out));
      }
      async verify(algorithm, key, signature, data) {
        const alg = normalizeAlgorithm(algorithm);
        if (alg.name !== "HMAC") {
          throw notSupported(`verify with ${alg.name}`);
        }
        const secret = checkKey2(key, "HMAC", "verify");
        const mac = fromBinary(
          subtleCall("hmac", { hash: key.algorithm.hash.name }, secret, bytesOf(data, "data"))
        );
        const sig = bytesOf(signature, "signature");
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
        if (typeof length !== "number" || length <= 0 || length % 8 !== 0) {
          throw new DOMException("length must be a positive multiple of 8", "OperationError");
        }
        switch (alg.name) {
          case "PBKDF2": {
            const secret = checkKey2(baseKey, "PBKDF2", "deriveBits");
            const hash = normalizeHash(alg.hash);
            const iterations = Number(alg.iterations);
            if (!(iterations > 0)) {
              throw new DOMException("iterations must be positive", "OperationError");
            }
            const out = subtleCall(
              "pbkdf2",
              { hash, iterations, length, salt: toBinary(bytesOf(alg.salt, "salt")) },
              secret
            );
            return copyBuffer(fromBinary(out));
          }
          case "HKDF": {
            const secret = checkKey2(baseKey, "HKDF", "deriveBits");
            const hash = normalizeHash(alg.hash);
            const out = subtleCall(
              "hkdf",
              {
                hash,
                length,
                salt: toBinary(bytesOf(alg.salt, "salt")),
                info: toBinary(bytesOf(alg.info, "info"))
              },
              secret
            );
            return copyBuffer(fromBinary(out));
          }
          default:
            throw notSupported(`deriveBits with ${alg.name}`);
        }
      }
      async deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, usages) {
        const derived = normalizeAlgorithm(derivedKeyAlgorithm);
        if (derived.name !== "HMAC") {
          throw notSupported(`deriveKey to ${derived.name}`);
        }
        const hash = normalizeHash(derived.hash);
        const length = derived.length ?? hashBlockBits[hash];
        const bits = await this.deriveBits(algorithm, baseKey, length);
        return this.importKey("raw", bits, { name: "HMAC", hash, length }, extractable, usages);
      }
      async encrypt(algorithm) {
        throw notSupported(`encrypt with ${normalizeAlgorithm(algorithm).name}`);
      }
      async decrypt(algorithm) {
        throw notSupported(`decrypt with ${normalizeAlgorithm(algorithm).name}`);
      }
      async wrapKey() {
        throw notSupported("wrapKey");
      }
      async unwrapKey() {
        throw notSupported("unwrapKey");
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
      BigUint64Array
    ];
    const crypto = {
      subtle,
      getRandomValues(array) {
        if (!integerArrays.some((C) => array instanceof C)) {
          throw new DOMException(
            "The data argument must be an integer-type TypedArray",
            "TypeMismatchError"
          );
        }
        if (array.byteLength > MAX_RANDOM_BYTES) {
          throw new DOMException(
            `The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (${MAX_RANDOM_BYTES})`,
            "QuotaExceededError"
          );
        }
        const bytes = fromBinary(host2.subtle("random", JSON.stringify({ n: array.byteLength }), "", ""));
        new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
        return array;
      },
      randomUUID() {
        const b = fromBinary(host2.subtle("random", JSON.stringify({ n: 16 }), "", ""));
        b[6] = b[6] & 15 | 64;
        b[8] = b[8] & 63 | 128;
        const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      }
    };
    return { crypto: harden(crypto), SubtleCrypto: harden(SubtleCrypto) };
  };

  // src/endowments.js
  var allowedGlobalNames = harden([
    "setTimeout",
    "clearTimeout",
    "setInterval",
    "clearInterval",
    "Date",
    "Math",
    "crypto",
    "SubtleCrypto",
    "fetch",
    "Request",
    "Headers",
    "Response",
    "TextEncoder",
    "TextDecoder",
    "URL",
    "URLSearchParams",
    "atob",
    "btoa",
    "AbortController",
    "AbortSignal"
  ]);
  var MINIMUM_TIMEOUT = 10;
  var MINIMUM_INTERVAL = 10;
  var MAXIMUM_DELAY = 2 ** 31 - 1;
  var delayOf = (timeout, minimum) => {
    let ms = Math.trunc(Number(timeout ?? 0));
    if (!(ms >= 1 && ms <= MAXIMUM_DELAY)) {
      ms = 1;
    }
    return Math.max(minimum, ms);
  };
  var makeHostEvents = () => {
    const host2 = {
      timerSet: __ocap_timerSet,
      timerClear: __ocap_timerClear,
      random: __ocap_random,
      fetch: __ocap_fetch,
      fetchAbort: __ocap_fetchAbort,
      fsExists: __ocap_fsExists,
      fsRead: __ocap_fsRead,
      fsAccess: __ocap_fsAccess,
      subtle: __ocap_subtle,
      domainToASCII: __ocap_domainToASCII
    };
    const hostNames2 = [
      "__ocap_timerSet",
      "__ocap_timerClear",
      "__ocap_random",
      "__ocap_fetch",
      "__ocap_fetchAbort",
      "__ocap_fsExists",
      "__ocap_fsRead",
      "__ocap_fsAccess",
      "__ocap_subtle",
      "__ocap_domainToASCII"
    ];
    const timers = /* @__PURE__ */ new Map();
    const requests = /* @__PURE__ */ new Map();
    let nextId = 1;
    const allocate = () => {
      const id = nextId;
      nextId += 1;
      return id;
    };
    const entryPoints = {
      // A timer the host was asked for is due.
      fire: (id) => {
        const callback = timers.get(id);
        if (callback) {
          callback();
        }
      },
      // A request the host was asked for is answered (result is JSON:
      // { error } or { status, statusText, headers, url, redirected }).
      settle: (id, resultJSON, bodyBinary) => {
        const pending = requests.get(id);
        if (pending) {
          requests.delete(id);
          pending(JSON.parse(resultJSON), bodyBinary);
        }
      }
    };
    return { hostNames: hostNames2, entryPoints, host: host2, timers, requests, allocate };
  };
  var handlerError = (message) => {
    const error = Error(message);
    return error;
  };
  var makeTimers = (events, reportError) => {
    const { host: host2, timers, allocate } = events;
    const live = /* @__PURE__ */ new Set();
    const arm = (id, callback, ms, repeat) => {
      timers.set(id, callback);
      live.add(id);
      host2.timerSet(id, ms, repeat);
    };
    const disarm = (id) => {
      if (live.delete(id)) {
        timers.delete(id);
        host2.timerClear(id);
      }
    };
    const run = (handler, args) => {
      try {
        handler(...args);
      } catch (error) {
        reportError(error);
      }
    };
    const timeoutHandles = /* @__PURE__ */ new Map();
    const setTimeout = (handler, timeout, ...args) => {
      if (typeof handler !== "function") {
        throw handlerError(
          `The timeout handler must be a function. Received: ${typeof handler}.`
        );
      }
      harden(handler);
      const handle = Object.freeze(/* @__PURE__ */ Object.create(null));
      const id = allocate();
      arm(
        id,
        () => {
          timeoutHandles.delete(handle);
          live.delete(id);
          timers.delete(id);
          run(handler, args);
        },
        delayOf(timeout, MINIMUM_TIMEOUT),
        false
      );
      timeoutHandles.set(handle, id);
      return handle;
    };
    const clearTimeout = (handle) => {
      const id = timeoutHandles.get(handle);
      if (id !== void 0) {
        timeoutHandles.delete(handle);
        disarm(id);
      }
    };
    const intervalHandles = /* @__PURE__ */ new Map();
    const setInterval = (handler, timeout, ...args) => {
      if (typeof handler !== "function") {
        throw handlerError(
          `The interval handler must be a function. Received: ${typeof handler}.`
        );
      }
      harden(handler);
      const handle = Object.freeze(/* @__PURE__ */ Object.create(null));
      const id = allocate();
      arm(
        id,
        () => run(handler, args),
        delayOf(timeout, MINIMUM_INTERVAL),
        true
      );
      intervalHandles.set(handle, id);
      return handle;
    };
    const clearInterval = (handle) => {
      harden(handle);
      const id = intervalHandles.get(handle);
      if (id !== void 0) {
        intervalHandles.delete(handle);
        disarm(id);
      }
    };
    const teardown2 = () => {
      for (const id of [...live]) {
        disarm(id);
      }
      timeoutHandles.clear();
      intervalHandles.clear();
    };
    const internalTimeout = (fn, ms) => {
      const id = allocate();
      arm(
        id,
        () => {
          live.delete(id);
          timers.delete(id);
          run(fn, []);
        },
        delayOf(ms, 0),
        false
      );
    };
    return {
      setTimeout: harden(setTimeout),
      clearTimeout: harden(clearTimeout),
      setInterval: harden(setInterval),
      clearInterval: harden(clearInterval),
      internalTimeout,
      teardown: teardown2
    };
  };
  var makeDate = () => {
    const RealDate = Date;
    const keys = Object.getOwnPropertyNames(RealDate);
    let currentTime = 0;
    const now = () => {
      const actual = RealDate.now();
      const newTime = Math.round(actual + randomFloat());
      if (newTime > currentTime) {
        currentTime = newTime;
      }
      return currentTime;
    };
    const NewDate = function(...args) {
      return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
    };
    for (const key of keys) {
      Reflect.defineProperty(NewDate, key, {
        configurable: false,
        writable: false,
        value: key === "now" ? now : RealDate[key]
      });
    }
    return harden(NewDate);
  };
  var randomFloat = () => {
    throw Error("randomFloat used before the host was attached");
  };
  var makeMath = () => {
    const math = {};
    for (const key of Object.getOwnPropertyNames(Math)) {
      if (key !== "random") {
        math[key] = Math[key];
      }
    }
    return harden({ ...math, random: () => randomFloat() });
  };
  var makeHostCaveat = (allowedHosts, URLClass, RequestClass) => harden(async (input) => {
    const parsed = new URLClass(input instanceof RequestClass ? input.url : input);
    const { hostname, protocol, port } = parsed;
    if (protocol === "file:") {
      throw Error(
        `fetch cannot target file:// URLs. Use the fs platform capability (VatConfig.platformConfig.fs) for filesystem access.`
      );
    }
    const effectivePort = port || (protocol === "https:" ? "443" : protocol === "http:" ? "80" : "");
    const hostPort = hostname.includes(":") ? `[${hostname.replace(/^\[|\]$/g, "")}]:${effectivePort}` : `${hostname}:${effectivePort}`;
    if (!allowedHosts.includes(hostname) && !allowedHosts.includes(hostPort)) {
      throw Error(`Invalid host: ${hostname}`);
    }
  });
  var makeEndowments = ({ vatId: vatId2, names, allowedHosts, platform, events, logger: logger2 }) => {
    const { host: host2 } = events;
    const reportError = (error) => logger2.error("Uncaught exception in a vat callback:", error);
    randomFloat = () => host2.random() / 2 ** 32;
    const wanted = new Set(names ?? []);
    for (const name of wanted) {
      if (!allowedGlobalNames.includes(name)) {
        throw Error(`Vat "${vatId2}" requested unknown global "${name}"`);
      }
    }
    if (wanted.has("fetch") && !allowedHosts) {
      throw Error(`Vat "${vatId2}" requested "fetch" but no network.allowedHosts was specified`);
    }
    const timers = makeTimers(events, reportError);
    const teardowns = [timers.teardown];
    let cache = null;
    const web = () => {
      if (cache) {
        return cache;
      }
      const { DOMException, Event, EventTarget } = makeEvents({ reportError });
      const { TextEncoder, TextDecoder } = makeTextCodecs();
      const { URL, URLSearchParams } = makeURLClasses({
        domainToASCII: (domain) => host2.domainToASCII(domain)
      });
      const { atob, btoa } = makeBase64({ DOMException });
      const { AbortController, AbortSignal } = makeAbort({
        Event,
        EventTarget,
        DOMException,
        setTimeout: timers.internalTimeout
      });
      cache = {
        DOMException,
        TextEncoder,
        TextDecoder,
        URL,
        URLSearchParams,
        atob,
        btoa,
        AbortController,
        AbortSignal
      };
      return cache;
    };
    const globals = {};
    const provide = (name, make) => {
      if (wanted.has(name)) {
        globals[name] = harden(make());
      }
    };
    provide("setTimeout", () => timers.setTimeout);
    provide("clearTimeout", () => timers.clearTimeout);
    provide("setInterval", () => timers.setInterval);
    provide("clearInterval", () => timers.clearInterval);
    provide("Date", makeDate);
    provide("Math", makeMath);
    if (wanted.has("crypto") || wanted.has("SubtleCrypto")) {
      const { crypto, SubtleCrypto } = makeCrypto({ host: host2, web });
      provide("crypto", () => crypto);
      provide("SubtleCrypto", () => SubtleCrypto);
    }
    if (["fetch", "Request", "Headers", "Response"].some((n) => wanted.has(n))) {
      const w = web();
      const { Headers, Request, Response, makeFetch } = makeFetchClasses({
        TextEncoder: w.TextEncoder,
        TextDecoder: w.TextDecoder,
        URL: w.URL,
        AbortSignal: w.AbortSignal,
        DOMException: w.DOMException
      });
      provide("Request", () => Request);
      provide("Headers", () => Headers);
      provide("Response", () => Response);
      if (wanted.has("fetch")) {
        const { fetch, teardown: teardown2 } = makeHostFetch({ events, makeFetch });
        const caveat = makeHostCaveat(harden([...allowedHosts]), w.URL, Request);
        globals.fetch = harden(async (...args) => {
          await caveat(...args);
          return fetch(...args);
        });
        teardowns.push(teardown2);
      }
    }
    for (const name of [
      "TextEncoder",
      "TextDecoder",
      "URL",
      "URLSearchParams",
      "atob",
      "btoa",
      "AbortController",
      "AbortSignal"
    ]) {
      provide(name, () => web()[name]);
    }
    return {
      globals: harden(globals),
      platform: harden(makePlatform(platform, host2)),
      teardown: async () => {
        const failures = [];
        for (const fn of teardowns) {
          try {
            await fn();
          } catch (error) {
            failures.push(error);
          }
        }
        if (failures.length > 0) {
          throw AggregateError(
            failures,
            `One or more endowment teardowns failed (${failures.length}/${teardowns.length})`
          );
        }
      }
    };
  };
  var makeHostFetch = ({ events, makeFetch }) => {
    const { host: host2, requests, allocate } = events;
    const open = /* @__PURE__ */ new Set();
    const send = ({ url, method, headers, body, redirect, signal }) => new Promise((resolve, reject) => {
      const id = allocate();
      open.add(id);
      const onAbort = () => {
        if (requests.delete(id)) {
          open.delete(id);
          host2.fetchAbort(id);
          reject(signal.reason);
        }
      };
      requests.set(id, (result, bodyBinary) => {
        open.delete(id);
        if (signal) {
          signal.removeEventListener("abort", onAbort);
        }
        if (result.error !== void 0) {
          reject(TypeError(`fetch failed: ${result.error}`));
          return;
        }
        resolve({
          status: result.status,
          statusText: result.statusText,
          headers: result.headers,
          url: result.url,
          redirected: result.redirected,
          body: fromBinary(bodyBinary)
        });
      });
      if (signal) {
        signal.addEventListener("abort", onAbort, { once: true });
      }
      host2.fetch(
        id,
        JSON.stringify({ url, method, headers, redirect }),
        body ? toBinary(body) : ""
      );
    });
    const fetch = makeFetch({ send });
    const teardown2 = () => {
      for (const id of open) {
        requests.delete(id);
        host2.fetchAbort(id);
      }
      open.clear();
    };
    return { fetch, teardown: teardown2 };
  };
  var makePlatform = (config, host2) => {
    if (!config || !config.fs) {
      return {};
    }
    const { existsSync, promises } = config.fs;
    const fs = {};
    const wrapError = (op, fn) => {
      let out;
      try {
        out = fn();
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : "Caveat failed";
        throw Error(`fs.${op}: ${message}`, { cause });
      }
      if (out !== null && typeof out === "object") {
        const error = Error(out.message);
        for (const key of ["code", "errno", "syscall", "path"]) {
          if (out[key] !== void 0) {
            error[key] = out[key];
          }
        }
        throw error;
      }
      return out;
    };
    if (existsSync) {
      fs.existsSync = (path) => wrapError("existsSync", () => host2.fsExists(String(path)));
    }
    if (promises) {
      const p = {};
      if (promises.readFile) {
        p.readFile = async (path, options) => {
          const encoding = typeof options === "string" ? options : options?.encoding ?? "";
          const out = wrapError("readFile", () => host2.fsRead(String(path), String(encoding ?? "")));
          if (encoding) {
            return out;
          }
          return fromBinary(out);
        };
      }
      if (promises.access) {
        p.access = async (path, mode) => {
          wrapError("access", () => host2.fsAccess(String(path), Number(mode ?? 0)));
        };
      }
      fs.promises = p;
    }
    return { fs };
  };

  // src/logger.js
  var { stringify: stringify2 } = JSON;
  var { isArray: isArray9 } = Array;
  var render = (value) => {
    if (typeof value === "string") {
      return value;
    }
    if (value instanceof Error) {
      const head = `${value.name}: ${value.message}`;
      return value.stack ? `${head}
${value.stack}` : head;
    }
    if (typeof value === "bigint") {
      return `${value}n`;
    }
    if (typeof value === "number") {
      return String(value);
    }
    if (value === void 0 || typeof value === "function" || typeof value === "symbol") {
      return String(value);
    }
    try {
      const text = stringify2(value, (_key, v) => typeof v === "bigint" ? `${v}n` : v);
      return text === void 0 ? String(value) : text;
    } catch {
      try {
        return String(value);
      } catch {
        return "[unprintable]";
      }
    }
  };
  var dataItemJSON = (value) => {
    const nested = (_key, v) => {
      if (typeof v === "bigint" || v instanceof Error) {
        return render(v);
      }
      return v;
    };
    if (value !== null && typeof value === "object" && !(value instanceof Error)) {
      try {
        const text = stringify2(value, nested);
        if (text !== void 0) {
          return text;
        }
      } catch {
      }
    }
    if (typeof value === "number" && Number.isFinite(value) || typeof value === "boolean" || value === null) {
      return stringify2(value);
    }
    return stringify2(render(value));
  };
  var makeLogger = (hostLog, tags) => {
    const tagsJSON = stringify2(tags);
    const emit = (level) => (...args) => {
      const message = args.length === 0 || args[0] === void 0 ? "" : render(args[0]);
      const data = args.slice(1).map(dataItemJSON);
      hostLog(level, tagsJSON, message, data.length ? `[${data.join(",")}]` : "");
    };
    return harden({
      log: emit("log"),
      debug: emit("debug"),
      info: emit("info"),
      warn: emit("warn"),
      error: emit("error"),
      subLogger: (options = {}) => {
        const more = isArray9(options.tags) ? options.tags.map(String) : [];
        return makeLogger(hostLog, [...tags, ...more]);
      }
    });
  };

  // src/supervisor.js
  var hostNames = [
    "__ocap_log",
    "__ocap_syscall",
    "__ocap_vsGet",
    "__ocap_vsNext",
    "__ocap_vsSet",
    "__ocap_vsDel",
    "__ocap_quiescence",
    "__ocap_done",
    "__ocap_gc"
  ];
  var host = {
    log: __ocap_log,
    syscall: __ocap_syscall,
    vsGet: __ocap_vsGet,
    vsNext: __ocap_vsNext,
    vsSet: __ocap_vsSet,
    vsDel: __ocap_vsDel,
    quiescence: __ocap_quiescence,
    done: __ocap_done,
    gc: __ocap_gc
  };
  var hostEvents = makeHostEvents();
  for (const name of [...hostNames, ...hostEvents.hostNames]) {
    delete globalThis[name];
  }
  var { stringify: stringify3, parse: parse2 } = JSON;
  var marshal = makeMarshal(void 0, void 0, {
    serializeBodyFormat: "smallcaps"
  });
  var quiescenceWaiters = [];
  var waitUntilQuiescent = () => new Promise((resolve) => {
    quiescenceWaiters.push(resolve);
    host.quiescence();
  });
  var quiesce = () => {
    const waiters = quiescenceWaiters;
    quiescenceWaiters = [];
    for (const resolve of waiters) {
      resolve();
    }
    return waiters.length;
  };
  var gcAndFinalize = async () => {
    host.gc();
    await waitUntilQuiescent();
    host.gc();
    await waitUntilQuiescent();
  };
  var makeDummyMeterControl = () => {
    let meteringDisabled = 0;
    const isMeteringDisabled = () => meteringDisabled > 0;
    const assertIsMetered = (message) => {
      assert(meteringDisabled === 0, message);
    };
    const assertNotMetered = (message) => {
      assert(meteringDisabled > 0, message);
    };
    const runWithoutMetering = (thunk) => {
      meteringDisabled += 1;
      try {
        return thunk();
      } finally {
        meteringDisabled -= 1;
      }
    };
    const runWithoutMeteringAsync = async (thunk) => {
      meteringDisabled += 1;
      return Promise.resolve().then(() => thunk()).finally(() => {
        meteringDisabled -= 1;
      });
    };
    const unmetered = (func) => (...args) => runWithoutMetering(() => func(...args));
    return harden({
      isMeteringDisabled,
      assertIsMetered,
      assertNotMetered,
      runWithoutMetering,
      runWithoutMeteringAsync,
      unmetered
    });
  };
  var makeSyscall = () => {
    const doSyscall = (vso) => {
      insistVatSyscallObject(vso);
      host.syscall(stringify3(vso));
      return null;
    };
    return harden({
      send: (target, methargs, result) => doSyscall(["send", target, { methargs, result }]),
      subscribe: (vpid) => doSyscall(["subscribe", vpid]),
      resolve: (resolutions) => doSyscall(["resolve", resolutions]),
      exit: (isFailure, info) => doSyscall(["exit", isFailure, info]),
      dropImports: (vrefs) => doSyscall(["dropImports", vrefs]),
      retireImports: (vrefs) => doSyscall(["retireImports", vrefs]),
      retireExports: (vrefs) => doSyscall(["retireExports", vrefs]),
      abandonExports: (vrefs) => doSyscall(["abandonExports", vrefs]),
      callNow: (_target, _method, _args) => {
        throw Error(`callNow not supported (we have no devices)`);
      },
      vatstoreGet: (key) => host.vsGet(key),
      vatstoreGetNextKey: (priorKey) => host.vsNext(priorKey),
      vatstoreSet: (key, value) => {
        host.vsSet(key, value);
      },
      vatstoreDelete: (key) => {
        host.vsDel(key);
      }
    });
  };
  var loadBundle = (code, endowments, inescapableGlobalProperties) => {
    const compartment = new Compartment({
      harden: globalThis.harden,
      ...endowments,
      ...inescapableGlobalProperties,
      exports: {}
    });
    const cg = compartment.globalThis;
    cg.globalThis = compartment.globalThis;
    cg.global = compartment.globalThis;
    return compartment.evaluate(
      `(function() { ${code}; return __vatExports__; })()`
    );
  };
  var mergeDisjoint = (...records) => {
    const out = {};
    records.forEach((record, index) => {
      for (const key of Reflect.ownKeys(record)) {
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          const which = index === 1 ? "platform" : "liveslots";
          throw Error(
            `Duplicate endowment "${String(key)}": it is provided by the vat's globals and by ${which} endowments`
          );
        }
        out[key] = record[key];
      }
    });
    return out;
  };
  var vatId = "v?";
  var logger = makeLogger(host.log, []);
  var dispatch = null;
  var teardown = async () => {
  };
  var finish = (error) => {
    host.done(error === null ? "" : error);
  };
  var runDelivery = async (delivery) => {
    let deliveryError = null;
    try {
      await dispatch(harden(delivery));
    } catch (error) {
      deliveryError = error instanceof Error ? error.message : String(error);
      logger.error(`Delivery error in vat ${vatId}:`, deliveryError);
    }
    finish(deliveryError);
  };
  var initVat = (configJSON, code) => {
    (async () => {
      if (dispatch) {
        throw Error("VatSupervisor received initVat after user code already loaded");
      }
      const config = parse2(configJSON);
      vatId = config.vatId;
      logger = makeLogger(host.log, ["ocap-go-vat", vatId]);
      const endowments = makeEndowments({
        vatId,
        names: config.globals,
        allowedHosts: config.allowedHosts,
        platform: config.platform,
        events: hostEvents,
        logger: logger.subLogger({ tags: ["endowments"] })
      });
      teardown = endowments.teardown;
      const workerEndowments = {
        console: logger.subLogger({ tags: ["console"] }),
        assert: globalThis.assert,
        ...endowments.globals
      };
      const gcTools = harden({
        WeakRef,
        FinalizationRegistry,
        waitUntilQuiescent,
        gcAndFinalize,
        meterControl: makeDummyMeterControl()
      });
      const buildVatNamespace = async (lsEndowments, inescapableGlobalProperties) => loadBundle(
        code,
        mergeDisjoint(workerEndowments, endowments.platform, lsEndowments),
        inescapableGlobalProperties
      );
      const liveslots = makeLiveSlots(
        makeSyscall(),
        vatId,
        { logger },
        {},
        gcTools,
        logger.subLogger({ tags: ["liveslots"] }),
        buildVatNamespace
      );
      dispatch = liveslots.dispatch;
      const parameters = config.parameters === void 0 ? void 0 : config.parameters;
      await runDelivery(["startVat", marshal.toCapData(harden(parameters))]);
    })().catch((error) => {
      finish(error instanceof Error ? error.message : String(error));
    });
  };
  var deliver = (deliveryJSON) => {
    if (!dispatch) {
      finish("cannot deliver before vat is loaded");
      return;
    }
    runDelivery(parse2(deliveryJSON));
  };
  var terminate = () => {
    teardown().catch(
      (error) => logger.error(`Endowment teardown failed during terminate of vat "${vatId}"`, error)
    );
  };
  globalThis.__ocapSupervisor = harden({
    initVat,
    deliver,
    quiesce,
    terminate,
    ...hostEvents.entryPoints
  });
})();
