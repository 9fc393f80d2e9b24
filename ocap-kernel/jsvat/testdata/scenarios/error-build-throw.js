// buildRootObject throws.
console.log('build throw');

export function buildRootObject() {
  console.log('buildRootObject');
  throw Error('from buildRootObject');
}
