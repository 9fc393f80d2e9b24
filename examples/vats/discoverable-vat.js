import { makeDiscoverableExo } from '@metamask/kernel-utils/discoverable';

/**
 * A capability that describes itself: makeDiscoverableExo adds
 * __getDescription__(), which returns the JSON-schema description of every
 * method given here, so that agents can learn how to use it.
 *
 * @returns {object} The root object.
 */
export function buildRootObject() {
  const notes = new Map();
  return makeDiscoverableExo(
    'NoteBook',
    {
      bootstrap() {
        return undefined;
      },
      write(title, text) {
        notes.set(title, text);
        return notes.size;
      },
      read(title) {
        return notes.get(title) ?? null;
      },
      list() {
        return [...notes.keys()].sort();
      },
    },
    {
      write: {
        description: 'Store a note under a title, replacing any note with that title.',
        args: {
          title: { type: 'string', description: 'The title of the note.' },
          text: { type: 'string', description: 'The text of the note.' },
        },
        returns: { type: 'number', description: 'How many notes are stored.' },
      },
      read: {
        description: 'Read the note stored under a title.',
        args: { title: { type: 'string', description: 'The title of the note.' } },
        returns: { type: 'string', description: 'The text, or null if there is no such note.' },
      },
      list: {
        description: 'List the titles of all notes, sorted.',
        args: {},
        returns: { type: 'array', items: { type: 'string' } },
      },
    },
  );
}
