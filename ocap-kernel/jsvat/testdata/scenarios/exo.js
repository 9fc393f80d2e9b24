// Exos and heap stores as a vat uses them: exo classes with interface
// guards (Counter, Person), an exo class kit with two facets (a
// Temperature seen in Celsius and in Fahrenheit), a singleton exo, scalar
// map and set stores, and a counter kept in baggage.
import { makeScalarMapStore, makeScalarSetStore } from '@agoric/store';
import { defineExoClass, defineExoClassKit, makeExo } from '@endo/exo';
import { M } from '@endo/patterns';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

const CounterI = M.interface('Counter', {
  getValue: M.call().returns(M.number()),
  increment: M.call(M.number()).returns(M.number()),
  decrement: M.call(M.number()).returns(M.number()),
});

const PersonI = M.interface('Person', {
  getName: M.call().returns(M.string()),
  getAge: M.call().returns(M.number()),
  birthday: M.call().returns(M.number()),
  addFriend: M.call(M.any()).returns(M.number()),
  getFriends: M.call().returns(M.arrayOf(M.any())),
});

const TemperatureI = {
  celsius: M.interface('Celsius', {
    getCelsius: M.call().returns(M.number()),
    setCelsius: M.call(M.number()).returns(M.number()),
  }),
  fahrenheit: M.interface('Fahrenheit', {
    getFahrenheit: M.call().returns(M.number()),
    setFahrenheit: M.call(M.number()).returns(M.number()),
  }),
};

const toFahrenheit = (c) => (c * 9) / 5 + 32;
const toCelsius = (f) => ((f - 32) * 5) / 9;

export function buildRootObject(vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'anonymous';
  const tlog = makeTestLog(vatPowers, name);

  const people = makeScalarMapStore('testMap');
  const members = makeScalarSetStore('testSet');

  const makeCounter = defineExoClass(
    'Counter',
    CounterI,
    (start = 0) => ({ value: start }),
    {
      getValue() {
        return this.state.value;
      },
      increment(by = 1) {
        this.state.value += by;
        return this.state.value;
      },
      decrement(by = 1) {
        this.state.value -= by;
        return this.state.value;
      },
    },
  );

  const makePerson = defineExoClass(
    'Person',
    PersonI,
    (personName, age) => ({ name: personName, age, friends: [] }),
    {
      getName() {
        return this.state.name;
      },
      getAge() {
        return this.state.age;
      },
      birthday() {
        this.state.age += 1;
        return this.state.age;
      },
      addFriend(friend) {
        this.state.friends.push(friend);
        return this.state.friends.length;
      },
      getFriends() {
        return [...this.state.friends];
      },
    },
  );

  const makeTemperature = defineExoClassKit(
    'Temperature',
    TemperatureI,
    (celsius = 0) => ({ celsius }),
    {
      celsius: {
        getCelsius() {
          return this.state.celsius;
        },
        setCelsius(value) {
          this.state.celsius = value;
          return value;
        },
      },
      fahrenheit: {
        getFahrenheit() {
          return toFahrenheit(this.state.celsius);
        },
        setFahrenheit(value) {
          this.state.celsius = toCelsius(value);
          return value;
        },
      },
    },
  );

  if (baggage.has('initialized')) {
    tlog(`state already initialized`);
  } else {
    baggage.init('initialized', true);
    baggage.init('counterValue', 0);
    tlog(`initializing state`);
  }
  let tally = baggage.get('counterValue');
  tlog(`counter value from baggage: ${tally}`);

  const simpleCounter = makeExo('SimpleCounter', CounterI, {
    getValue() {
      return tally;
    },
    increment(by = 1) {
      tally += by;
      return tally;
    },
    decrement(by = 1) {
      tally -= by;
      return tally;
    },
  });

  return makeDefaultExo('root', {
    bootstrap() {
      tlog(`bootstrap()`);

      const counter = makeCounter(10);
      tlog(`Created counter with initial value: ${counter.getValue()}`);
      tlog(`Incremented counter by 5 to: ${counter.increment(5)}`);
      try {
        // M.number() admits negative numbers, so this succeeds.
        counter.increment(-3);
        tlog(`ERROR: Increment with negative value should have failed`);
      } catch (error) {
        tlog(`Successfully caught error on negative increment: ${error.message}`);
      }

      const alice = makePerson('Alice', 30);
      const bob = makePerson('Bob', 25);
      alice.addFriend(bob);
      tlog(`${alice.getName()} has ${alice.getFriends().length} friends`);

      people.init('alice', alice);
      people.init('bob', bob);
      tlog(`Added ${people.getSize()} entries to map store`);
      members.add(alice);
      members.add(bob);
      tlog(`Added ${members.getSize()} entries to set store`);
      tlog(`Retrieved ${people.get('alice').getName()} from map store`);

      const { celsius, fahrenheit } = makeTemperature(25);
      tlog(`Temperature at 25°C = ${fahrenheit.getFahrenheit()}°F`);
      fahrenheit.setFahrenheit(68);
      tlog(`After setting to 68°F, celsius is ${celsius.getCelsius()}°C`);

      tlog(`SimpleCounter initial value: ${simpleCounter.getValue()}`);
      tlog(`SimpleCounter after +7: ${simpleCounter.increment(7)}`);

      tally = simpleCounter.getValue();
      baggage.set('counterValue', tally);
      tlog(`Updated baggage counter to: ${tally}`);
      return 'exo-test-complete';
    },

    createCounter(start = 0) {
      const counter = makeCounter(start);
      tlog(`Created new counter with value: ${start}`);
      return counter;
    },

    createPerson(personName, age) {
      const person = makePerson(personName, age);
      tlog(`Created person ${personName}, age ${age}`);
      return person;
    },

    createTemperature(celsius = 0) {
      const kit = makeTemperature(celsius);
      tlog(`Created temperature converter starting at ${celsius}°C`);
      return kit;
    },

    createOrUpdateInMap(key, value) {
      if (people.has(key)) {
        people.set(key, value);
        tlog(`Updated ${key} in map`);
      } else {
        people.init(key, value);
        tlog(`Added ${key} to map, size now: ${people.getSize()}`);
      }
      return people.getSize();
    },

    getFromMap(key) {
      if (!people.has(key)) {
        tlog(`${key} not found in map`);
        return null;
      }
      tlog(`Found ${key} in map`);
      return people.get(key);
    },

    testExoClass() {
      const counter = makeCounter(3);
      tlog(`Counter: 3 + 5 = ${counter.increment(5)}`);
      tlog(`Counter: 8 - 2 = ${counter.decrement(2)}`);
      try {
        counter.increment('foo');
        tlog(`ERROR: Increment with string should have failed`);
      } catch (error) {
        tlog(`Successfully caught type error: ${error.message}`);
      }
      return 'exoClass-tests-complete';
    },

    testExoClassKit() {
      const { celsius, fahrenheit } = makeTemperature(20);
      tlog(`20°C = ${fahrenheit.getFahrenheit()}°F`);
      fahrenheit.setFahrenheit(32);
      tlog(`32°F = ${celsius.getCelsius()}°C`);
      try {
        // A facet has only its own methods.
        celsius.getFahrenheit();
        tlog(`ERROR: Cross-facet access should have failed`);
      } catch (error) {
        tlog(`Successfully caught cross-facet error: ${error.message}`);
      }
      return 'exoClassKit-tests-complete';
    },

    testScalarStore() {
      const charlie = makePerson('Charlie', 40);
      people.init('charlie', charlie);
      tlog(`Map store size: ${people.getSize()}`);
      tlog(`Map store keys: ${[...people.keys()].join(', ')}`);
      tlog(`Map has 'charlie': ${people.has('charlie')}`);
      members.add(charlie);
      tlog(`Set store size: ${members.getSize()}`);
      tlog(`Set has Charlie: ${members.has(charlie)}`);
      return 'scalar-store-tests-complete';
    },
  });
}
