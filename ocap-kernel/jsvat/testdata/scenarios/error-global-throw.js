// The bundle's top level throws before buildRootObject can be called.
console.log('global throw');

throw Error('thrown from global scope');
