import { describe, expect, it } from 'vitest';
import { LayeredMap } from '../../domain/layeredMap.js';

/** The household state's maps as the command handler copies them (issue 15 item 6). */
describe('a layered map', () => {
  it('behaves as a Map: order of first setting, size, get, has, forEach', () => {
    const map = LayeredMap.from(new Map([['a', 1], ['b', 2]]));
    map.set('c', 3).set('a', 10);
    expect([...map]).toEqual([['a', 10], ['b', 2], ['c', 3]]);
    expect([...map.keys()]).toEqual(['a', 'b', 'c']);
    expect([...map.values()]).toEqual([10, 2, 3]);
    expect(map.size).toBe(3);
    expect(map.get('a')).toBe(10);
    expect(map.has('b') && !map.has('z')).toBe(true);
    const seen: string[] = [];
    map.forEach((v, k) => seen.push(`${k}=${v}`));
    expect(seen).toEqual(['a=10', 'b=2', 'c=3']);
    expect(map.delete('b')).toBe(true);
    expect(map.delete('b')).toBe(false);
    expect([...map]).toEqual([['a', 10], ['c', 3]]);
    map.clear();
    expect(map.size).toBe(0);
    expect([...map]).toEqual([]);
  });

  it('a copy and its original never see what the other is set to, however many copies are made', () => {
    const plain = new Map<number, string>();
    let map = LayeredMap.from(plain);
    const held: Array<{ map: LayeredMap<number, string>; entries: Array<[number, string]> }> = [];
    for (let i = 0; i < 500; i++) {
      const next = map.copy();
      next.set(i, `v${i}`);
      if (i % 3 === 0) next.set(Math.floor(i / 2), `again${i}`);
      held.push({ map, entries: [...map] });
      map = next;
    }
    for (const { map: old, entries } of held) {
      expect([...old]).toEqual(entries);
      expect(old.size).toBe(entries.length);
    }
    expect(map.size).toBe(500);
    expect(plain.size).toBe(0);
    const expected = new Map<number, string>();
    for (let i = 0; i < 500; i++) {
      expected.set(i, `v${i}`);
      if (i % 3 === 0) expected.set(Math.floor(i / 2), `again${i}`);
    }
    expect([...map]).toEqual([...expected]);
  });

  it('tracks the keys set since `track`, in the order first set, until a delete or a clear (then it cannot tell); a copy does not track', () => {
    const map = LayeredMap.from(new Map([['a', 1], ['b', 2]]));
    expect(map.changes()).toBeNull();
    map.track();
    expect([...map.changes()!]).toEqual([]);
    map.set('b', 20).set('c', 3).set('b', 21);
    expect([...map.changes()!]).toEqual(['b', 'c']);
    const copy = map.copy();
    expect(copy.changes()).toBeNull();
    copy.set('d', 4);
    expect([...map.changes()!]).toEqual(['b', 'c']);
    map.delete('a');
    expect(map.changes()).toBeNull();
    map.track();
    map.set('e', 5);
    map.clear();
    expect(map.changes()).toBeNull();
    map.track();
    map.set('f', 6);
    map.untrack();
    expect(map.changes()).toBeNull();
  });
});
