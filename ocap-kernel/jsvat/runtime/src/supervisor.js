// The vat supervisor: the second half of every vat realm, evaluated after
// lockdown(). It drives the real @agoric/swingset-liveslots with the
// semantics of upstream's VatSupervisor at the commit this kernel follows:
// initVat loads the vat's bundle into a Compartment with the requested
// endowments and starts liveslots with ['startVat', parameters]; each
// delivery is dispatched to liveslots and answers with its error, if any.
//
// The host (package jsvat, in Go) provides the functions named __ocap_*
// on the global object before this file runs; they are captured here and
// removed from the global object. Syscalls are optimistic, as upstream's:
// each is reported to the host, which applies them in order after the
// delivery; the vatstore is the host's, read and written synchronously.
//
// The file leaves its entry points in globalThis.__ocapSupervisor, which
// the host takes and deletes: { initVat, deliver, quiesce, terminate,
// fire, settle }.
/* global __ocap_log __ocap_syscall __ocap_vsGet __ocap_vsNext __ocap_vsSet
   __ocap_vsDel __ocap_quiescence __ocap_done __ocap_gc */
import {
  makeLiveSlots,
  insistVatSyscallObject,
} from '@agoric/swingset-liveslots';
import { makeMarshal } from '@endo/marshal';

import { makeEndowments, makeHostEvents } from './endowments.js';
import { makeLogger } from './logger.js';

const hostNames = [
  '__ocap_log',
  '__ocap_syscall',
  '__ocap_vsGet',
  '__ocap_vsNext',
  '__ocap_vsSet',
  '__ocap_vsDel',
  '__ocap_quiescence',
  '__ocap_done',
  '__ocap_gc',
];
const host = {
  log: __ocap_log,
  syscall: __ocap_syscall,
  vsGet: __ocap_vsGet,
  vsNext: __ocap_vsNext,
  vsSet: __ocap_vsSet,
  vsDel: __ocap_vsDel,
  quiescence: __ocap_quiescence,
  done: __ocap_done,
  gc: __ocap_gc,
};
const hostEvents = makeHostEvents();
for (const name of [...hostNames, ...hostEvents.hostNames]) {
  delete globalThis[name];
}

const { stringify, parse } = JSON;

const marshal = makeMarshal(undefined, undefined, {
  serializeBodyFormat: 'smallcaps',
});

// Quiescence: liveslots waits for it at the end of every delivery. The
// host resolves the waiters (quiesce) when the realm's job queue is empty,
// which is the "macrotask" boundary upstream's waitUntilQuiescent
// (setImmediate) gives on Node.
let quiescenceWaiters = [];
const waitUntilQuiescent = () =>
  new Promise((resolve) => {
    quiescenceWaiters.push(resolve);
    host.quiescence();
  });
const quiesce = () => {
  const waiters = quiescenceWaiters;
  quiescenceWaiters = [];
  for (const resolve of waiters) {
    resolve();
  }
  return waiters.length;
};

// gcAndFinalize as upstream's makeGCAndFinalize does with an engine GC:
// collect, let finalizers run, collect again, let them run again.
const gcAndFinalize = async () => {
  host.gc();
  await waitUntilQuiescent();
  host.gc();
  await waitUntilQuiescent();
};

// Upstream's makeDummyMeterControl: we have no metering, but liveslots
// checks that metering is off where it must be.
const makeDummyMeterControl = () => {
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
    return Promise.resolve()
      .then(() => thunk())
      .finally(() => {
        meteringDisabled -= 1;
      });
  };
  const unmetered =
    (func) =>
    (...args) =>
      runWithoutMetering(() => func(...args));
  return harden({
    isMeteringDisabled,
    assertIsMetered,
    assertNotMetered,
    runWithoutMetering,
    runWithoutMeteringAsync,
    unmetered,
  });
};

// The syscall object liveslots is given (upstream's makeSupervisorSyscall).
const makeSyscall = () => {
  const doSyscall = (vso) => {
    insistVatSyscallObject(vso);
    host.syscall(stringify(vso));
    return null;
  };
  return harden({
    send: (target, methargs, result) =>
      doSyscall(['send', target, { methargs, result }]),
    subscribe: (vpid) => doSyscall(['subscribe', vpid]),
    resolve: (resolutions) => doSyscall(['resolve', resolutions]),
    exit: (isFailure, info) => doSyscall(['exit', isFailure, info]),
    dropImports: (vrefs) => doSyscall(['dropImports', vrefs]),
    retireImports: (vrefs) => doSyscall(['retireImports', vrefs]),
    retireExports: (vrefs) => doSyscall(['retireExports', vrefs]),
    abandonExports: (vrefs) => doSyscall(['abandonExports', vrefs]),
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
    },
  });
};

// loadBundle as upstream's bundle-loader: the bundle's code runs in a
// Compartment whose globals are the endowments.
const loadBundle = (code, endowments, inescapableGlobalProperties) => {
  const compartment = new Compartment({
    harden: globalThis.harden,
    ...endowments,
    ...inescapableGlobalProperties,
    exports: {},
  });
  const cg = compartment.globalThis;
  cg.globalThis = compartment.globalThis;
  cg.global = compartment.globalThis;
  return compartment.evaluate(
    `(function() { ${code}; return __vatExports__; })()`,
  );
};

// Copies a record, refusing a name that two sources both provide
// (upstream's mergeDisjointRecords and DuplicateEndowmentError).
const mergeDisjoint = (...records) => {
  const out = {};
  records.forEach((record, index) => {
    for (const key of Reflect.ownKeys(record)) {
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        const which = index === 1 ? 'platform' : 'liveslots';
        throw Error(
          `Duplicate endowment "${String(key)}": it is provided by the vat's globals and by ${which} endowments`,
        );
      }
      out[key] = record[key];
    }
  });
  return out;
};

let vatId = 'v?';
let logger = makeLogger(host.log, []);
let dispatch = null;
let teardown = async () => {};

const finish = (error) => {
  host.done(error === null ? '' : error);
};

const runDelivery = async (delivery) => {
  let deliveryError = null;
  try {
    await dispatch(harden(delivery));
  } catch (error) {
    deliveryError = error instanceof Error ? error.message : String(error);
    logger.error(`Delivery error in vat ${vatId}:`, deliveryError);
  }
  finish(deliveryError);
};

/**
 * Starts the vat: its bundle, its endowments and liveslots.
 *
 * @param {string} configJSON - { vatId, parameters, globals, allowedHosts,
 *   platform } as the host validated them.
 * @param {string} code - The bundle's code.
 */
const initVat = (configJSON, code) => {
  (async () => {
    if (dispatch) {
      throw Error('VatSupervisor received initVat after user code already loaded');
    }
    const config = parse(configJSON);
    vatId = config.vatId;
    logger = makeLogger(host.log, ['ocap-go-vat', vatId]);
    const endowments = makeEndowments({
      vatId,
      names: config.globals,
      allowedHosts: config.allowedHosts,
      platform: config.platform,
      events: hostEvents,
      logger: logger.subLogger({ tags: ['endowments'] }),
    });
    teardown = endowments.teardown;
    const workerEndowments = {
      console: logger.subLogger({ tags: ['console'] }),
      assert: globalThis.assert,
      ...endowments.globals,
    };
    const gcTools = harden({
      WeakRef,
      FinalizationRegistry,
      waitUntilQuiescent,
      gcAndFinalize,
      meterControl: makeDummyMeterControl(),
    });
    const buildVatNamespace = async (lsEndowments, inescapableGlobalProperties) =>
      loadBundle(
        code,
        mergeDisjoint(workerEndowments, endowments.platform, lsEndowments),
        inescapableGlobalProperties,
      );
    const liveslots = makeLiveSlots(
      makeSyscall(),
      vatId,
      { logger },
      {},
      gcTools,
      logger.subLogger({ tags: ['liveslots'] }),
      buildVatNamespace,
    );
    dispatch = liveslots.dispatch;
    const parameters =
      config.parameters === undefined ? undefined : config.parameters;
    await runDelivery(['startVat', marshal.toCapData(harden(parameters))]);
  })().catch((error) => {
    finish(error instanceof Error ? error.message : String(error));
  });
};

/**
 * Delivers one VatDeliveryObject (as JSON) to liveslots.
 *
 * @param {string} deliveryJSON - The delivery.
 */
const deliver = (deliveryJSON) => {
  if (!dispatch) {
    finish('cannot deliver before vat is loaded');
    return;
  }
  runDelivery(parse(deliveryJSON));
};

/**
 * Releases what the endowments hold (timers, requests in flight).
 */
const terminate = () => {
  teardown().catch((error) =>
    logger.error(`Endowment teardown failed during terminate of vat "${vatId}"`, error),
  );
};

// The host takes the entry points from here and deletes the property.
globalThis.__ocapSupervisor = harden({
  initVat,
  deliver,
  quiesce,
  terminate,
  ...hostEvents.entryPoints,
});
