// A vat that signs with viem, bundled from a real node_modules
// (npm ci from the committed package-lock.json): viem's local account
// (@noble/curves secp256k1, keccak) and EIP-191 personal_sign messages.
// (Not recoverMessageAddress: viem loads secp256k1 there with
// `await import(...)`, which vat bundles replace with Promise.resolve({}),
// as upstream's do.)
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import { privateKeyToAccount } from 'viem/accounts';
import { hashMessage } from 'viem';

export function buildRootObject(_vatPowers, parameters) {
  const account = privateKeyToAccount(parameters.privateKey);
  return makeDefaultExo('root', {
    address() {
      return account.address;
    },
    hash(message) {
      return hashMessage(message);
    },
    async sign(message) {
      return account.signMessage({ message });
    },
  });
}
