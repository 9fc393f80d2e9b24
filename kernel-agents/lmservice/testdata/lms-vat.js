// A vat in the style of upstream's lms-chat and lms-sample test vats: it
// keeps services.languageModelService from bootstrap and talks to it
// through upstream's client (makeChatClient / makeSampleClient) or with
// E(service).chat(params) directly.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import {
  makeChatClient,
  makeSampleClient,
} from '@ocap/kernel-language-model-service';

export function buildRootObject(_vatPowers, parameters) {
  const model = parameters?.model;
  let lms;
  return makeDefaultExo('root', {
    bootstrap(_vats, services) {
      lms = services.languageModelService;
    },
    hasService() {
      return lms !== undefined;
    },
    async ask(content) {
      const client = makeChatClient(lms, model);
      const result = await client.chat.completions.create({
        messages: [{ role: 'user', content }],
      });
      return result.choices[0].message.content;
    },
    // chat sends params as given, for the requests the client would not.
    async chat(params) {
      const result = await E(lms).chat(params);
      return result;
    },
    async sample(prompt) {
      const client = makeSampleClient(lms, model);
      const result = await client.sample({ prompt });
      return result.text;
    },
  });
}
