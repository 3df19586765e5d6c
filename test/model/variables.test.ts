/** The persistent scope ENV and ARG build: a Map's answers, without copying on every change. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { PersistentScope, substitute } from '../../src/core/model/variables.js';

describe('PersistentScope', () => {
  it('answers like a Map and leaves the scope it came from unchanged', () => {
    const empty = PersistentScope.EMPTY;
    const one = empty.with('A', '1');
    const two = one.with('B', undefined);
    const replaced = two.with('A', '3');
    expect(empty.size).toBe(0);
    expect(empty.has('A')).toBe(false);
    expect([one.size, one.get('A'), one.has('B')]).toEqual([1, '1', false]);
    expect([two.size, two.get('A'), two.has('B'), two.get('B')]).toEqual([2, '1', true, undefined]);
    expect([replaced.size, replaced.get('A'), two.get('A')]).toEqual([2, '3', '1']);
    expect(Object.fromEntries(replaced)).toEqual({ A: '3', B: undefined });
    expect(new Map(replaced)).toEqual(
      new Map([
        ['A', '3'],
        ['B', undefined],
      ]),
    );
    expect([...replaced.keys()].sort()).toEqual(['A', 'B']);
    expect([...replaced.values()].sort()).toEqual(['3', undefined]);
    const seen: string[] = [];
    replaced.forEach((value, key) => {
      seen.push(`${key}=${value}`);
    });
    expect(seen.sort()).toEqual(['A=3', 'B=undefined']);
  });

  it('keeps names whose hashes are equal apart (FNV-1a collisions)', () => {
    // "costarring"/"liquid" and "declinate"/"macallums" have equal 32-bit FNV-1a hashes.
    let scope = PersistentScope.from([
      ['costarring', '1'],
      ['liquid', '2'],
      ['declinate', '3'],
    ]);
    const before = scope;
    scope = scope.with('macallums', '4').with('liquid', '5').with('other', '6');
    expect(Object.fromEntries(scope)).toEqual({ costarring: '1', liquid: '5', declinate: '3', macallums: '4', other: '6' });
    expect(scope.size).toBe(5);
    expect(before.get('liquid')).toBe('2');
    expect(before.has('macallums')).toBe(false);
    expect(scope.has('zinke')).toBe(false);
  });

  it('holds 100,000 names, each version seeing only what was set before it', () => {
    const versions: PersistentScope[] = [];
    let scope = PersistentScope.EMPTY;
    for (let index = 0; index < 100_000; index++) {
      scope = scope.with(`V${index}`, String(index));
      if (index % 10_000 === 0) versions.push(scope);
    }
    expect(scope.size).toBe(100_000);
    for (let index = 0; index < 100_000; index += 997) expect(scope.get(`V${index}`)).toBe(String(index));
    expect(versions[3].size).toBe(30_001);
    expect(versions[3].get('V30000')).toBe('30000');
    expect(versions[3].has('V30001')).toBe(false);
    expect(substitute('${V5}-$V99999', scope)).toBe('5-99999');
  });
});

describe('scopes in the model', () => {
  it('gives every instruction the ENV and ARG values set before it, across stages', () => {
    const model = buildModel('ARG G=g\nFROM python:3.13 AS base\nARG G\nARG L=l\nENV E=$L-$G\nARG E=ignored\nFROM base\nENV F=$E\nRUN x\n');
    const [, , argG, argL, env, argE, from, envF, run] = model.instructions;
    expect(Object.fromEntries(argG.buildScope)).toEqual({});
    expect(Object.fromEntries(argL.buildScope)).toEqual({ G: 'g' });
    expect(Object.fromEntries(env.buildScope)).toEqual({ G: 'g', L: 'l' });
    expect(Object.fromEntries(argE.buildScope)).toEqual({ G: 'g', L: 'l', E: 'l-g' });
    expect(Object.fromEntries(argE.runtimeEnv)).toEqual({ E: 'l-g' });
    // A child stage inherits ENV, not ARG.
    expect(Object.fromEntries(from.buildScope)).toEqual({ E: 'l-g' });
    expect(Object.fromEntries(envF.buildScope)).toEqual({ E: 'l-g' });
    expect(Object.fromEntries(run.runtimeEnv)).toEqual({ E: 'l-g', F: 'l-g' });
    expect(model.stages[0].end.runtimeEnv.get('F')).toBeUndefined();
  });
});
