import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { imageStages, isShipped, shippedStages } from '../../src/core/model/stages.js';

const names = (text: string) => [...shippedStages(buildModel(text))].map((stage) => stage.name ?? `#${stage.index}`);

describe('shippedStages', () => {
  it('is the final stage alone when it builds on an image', () => {
    expect(names('FROM python:3.12 AS build\nRUN pip wheel -w /w x\nFROM python:3.12-slim\nCOPY --from=build /w /w')).toEqual(['#1']);
  });
  it('follows FROM <stage> transitively, not COPY --from', () => {
    expect(names('FROM python:3.12 AS base\nFROM base AS deps\nFROM python:3.12 AS tools\nFROM deps AS app\nCOPY --from=tools /x /x')).toEqual([
      'app',
      'deps',
      'base',
    ]);
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

describe('imageStages', () => {
  const images = (text: string, targets?: string[]) => imageStages(buildModel(text), targets).map((stage) => stage.name ?? `#${stage.index}`);
  it('leaves out the stages others build on or copy from', () => {
    expect(
      images(
        'FROM python:3.13 AS base\nFROM base AS build\nRUN pip wheel -w /w .\nFROM python:3.13 AS tools\nFROM base\nCOPY --from=build /w /w\nRUN --mount=from=tools,target=/t true',
      ),
    ).toEqual(['#3']);
  });
  it('keeps a stage no other uses (built with --target) and the ones Compose targets', () => {
    expect(images('FROM python:3.13 AS base\nFROM base AS dev\nFROM base AS prod')).toEqual(['dev', 'prod']);
    expect(images('FROM python:3.13 AS base\nFROM base AS prod', ['BASE'])).toEqual(['base', 'prod']);
  });
});
