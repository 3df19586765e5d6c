import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { isShipped, shippedStages } from '../../src/core/model/stages.js';

const names = (text: string) => [...shippedStages(buildModel(text))].map((stage) => stage.name ?? `#${stage.index}`);

describe('shippedStages', () => {
  it('is the final stage alone when it builds on an image', () => {
    expect(names('FROM python:3.12 AS build\nRUN pip wheel -w /w x\nFROM python:3.12-slim\nCOPY --from=build /w /w')).toEqual(['#1']);
  });
  it('follows FROM <stage> transitively, not COPY --from', () => {
    expect(names('FROM python:3.12 AS base\nFROM base AS deps\nFROM python:3.12 AS tools\nFROM deps AS app\nCOPY --from=tools /x /x')).toEqual(['app', 'deps', 'base']);
  });
  it('is empty without a stage', () => {
    expect(names('ARG X=1')).toEqual([]);
  });
  it('answers per stage', () => {
    const model = buildModel('FROM python:3.12 AS requirements-stage\nRUN pip install poetry\nFROM python:3.12\nRUN true');
    expect(model.stages.map((stage) => isShipped(model, stage))).toEqual([false, true]);
    expect(isShipped(model, undefined)).toBe(false);
  });
});
