import { nestedDeeperThan } from './body-depth';

describe('nestedDeeperThan', () => {
  const nest = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i += 1) value = i % 2 ? { a: value } : [value];
    return value;
  };

  it('counts arrays and objects, not scalars', () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan({}, 0)).toBe(true);
    expect(nestedDeeperThan(nest(32), 32)).toBe(false);
    expect(nestedDeeperThan(nest(33), 32)).toBe(true);
    expect(nestedDeeperThan({ a: [1, 2, { b: 'x' }], c: nest(30) }, 32)).toBe(false);
  });

  it('measures a body nested 100 000 deep without overflowing the stack', () => {
    expect(nestedDeeperThan(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBe(true);
  });
});
