// The first half of every vat realm, evaluated before anything else: the
// repairs QuickJS needs, SES, the @endo/eventual-send shim (HandledPromise),
// and lockdown() with the options of upstream's endoify shim.
// Everything evaluated after this file runs in a locked-down realm.
import './repairs.js';
import 'ses';
import '@endo/eventual-send/shim.js';

lockdown({
  consoleTaming: 'unsafe',
  errorTaming: 'unsafe',
  overrideTaming: 'severe',
  domainTaming: 'unsafe',
  stackFiltering: 'concise',
});
