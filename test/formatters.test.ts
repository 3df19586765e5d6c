/**
 * Every format renders the same results, including findings in files other than the
 * Dockerfile, and each parses with a real parser: JSON, the official SARIF 2.1.0 schema (ajv,
 * 2020-12 mode), XML (fast-xml-parser's validator and parser).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { lint, type Finding } from '../src/core/lint.js';
import { FORMAT_NAMES, loadFormatter } from '../src/formatters/index.js';
import type { FileResult } from '../src/formatters/types.js';
import { rules } from '../rules/index.js';

const DOCKERFILE = 'FROM python:3.13\nRUN pip install -r requirements.txt\nCMD fastapi run main.py\nUSER 10001\n';

function results(): FileResult[] {
  const findings = lint(DOCKERFILE, { today: '2026-11-26' });
  const requirementFinding: Finding = {
    ruleId: 'FDL024',
    ruleName: 'requirements-pinned',
    severity: 'info',
    message: 'fastapi is required with no upper bound: <b>&"quotes"\u0001, colons: and, commas',
    line: 3,
    column: 1,
    endLine: 3,
    endColumn: 8,
    fixable: false,
  };
  return [
    { filePath: 'services/api/Dockerfile', findings },
    { filePath: 'services/api/requirements.txt', findings: [requirementFinding] },
    { filePath: 'services/worker/Dockerfile', findings: [] },
  ];
}

async function render(format: string, input = results()): Promise<string> {
  return (await loadFormatter(format))(input, { chalk: undefined, version: '1.2.3', rules });
}

describe('formats', () => {
  it('has one module per format', () => {
    expect(FORMAT_NAMES.sort()).toEqual([
      'checkstyle',
      'codeclimate',
      'compact',
      'github',
      'gitlab',
      'json',
      'jsonl',
      'junit',
      'sarif',
      'sonarqube',
      'stylish',
    ]);
  });

  it('sarif validates against the official SARIF 2.1.0 schema', async () => {
    const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, 'schemas/sarif-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(await render('sarif'));
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'fastapi-docker-lint', version: '1.2.3', informationUri: expect.stringMatching(/^https:\/\//) });
    const rule = run.tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'FDL001');
    expect(rule).toMatchObject({
      name: 'cmd-exec-form',
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.any(String) },
      defaultConfiguration: { level: 'error' },
    });
    expect(rule.helpUri).toMatch(/docs\/rules\/FDL001-cmd-exec-form\.md$/);
    const fixable = run.results.find((result: { ruleId: string }) => result.ruleId === 'FDL001');
    expect(fixable.level).toBe('error');
    expect(fixable.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'services/api/Dockerfile' },
      region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 24 },
    });
    expect(fixable.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe('["fastapi", "run", "main.py"]');
    const other = run.results.find((result: { ruleId: string }) => result.ruleId === 'FDL024');
    expect(other).toMatchObject({ level: 'note', locations: [{ physicalLocation: { artifactLocation: { uri: 'services/api/requirements.txt' } } }] });
  });

  it('github writes one escaped workflow command per finding', async () => {
    const lines = (await render('github')).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      '::warning file=services/api/Dockerfile,line=2,col=5,endLine=2,endColumn=15,title=FDL004 pip-no-cache-dir::' +
        lint(DOCKERFILE)[0].message.replace(/%/g, '%25'),
    );
    expect(lines.find((line) => line.startsWith('::error'))).toMatch(
      /^::error file=services\/api\/Dockerfile,line=3,col=5,endLine=3,endColumn=23,title=FDL001 cmd-exec-form::CMD in shell form/,
    );
    const notice = lines.find((line) => line.startsWith('::notice')) as string;
    expect(notice).toContain('file=services/api/requirements.txt');
    expect(notice).toContain('colons: and, commas');
    const escaped = (
      await render('github', [{ filePath: 'a:b,c%.Dockerfile', findings: [{ ...results()[1].findings[0], message: '100% sure\r\nnext' }] }])
    ).trim();
    expect(escaped).toBe('::notice file=a%3Ab%2Cc%25.Dockerfile,line=3,col=1,endLine=3,endColumn=7,title=FDL024 requirements-pinned::100%25 sure%0D%0Anext');
  });

  it('gitlab writes Code Quality issues with stable, unique fingerprints', async () => {
    const first = JSON.parse(await render('gitlab'));
    const second = JSON.parse(await render('gitlab'));
    expect(first).toEqual(second);
    expect(new Set(first.map((issue: { fingerprint: string }) => issue.fingerprint)).size).toBe(first.length);
    for (const issue of first) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.location.lines.begin).toBeGreaterThan(0);
    }
    expect(first.map((issue: { severity: string }) => issue.severity)).toEqual(['minor', 'major', 'info']);
    expect(first.at(-1).location.path).toBe('services/api/requirements.txt');
  });

  it.each(['checkstyle', 'junit'])('%s is well-formed, escaped XML', async (format) => {
    const xml = await render(format);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const text = JSON.stringify(parsed);
    expect(text).toContain('fastapi is required with no upper bound: <b>&\\"quotes\\"\uFFFD, colons: and, commas');
    expect(text).toContain('services/api/requirements.txt');
    expect(text).not.toContain('\u0001');
  });

  it('checkstyle lists files with their errors', async () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'file' || name === 'error' }).parse(
      await render('checkstyle'),
    );
    const files = parsed.checkstyle.file as { name: string; error?: { line: string; column: string; severity: string; source: string }[] }[];
    expect(files.map((file) => [file.name, (file.error ?? []).map((error) => `${error.line}:${error.column}:${error.severity}:${error.source}`)])).toEqual([
      ['services/api/Dockerfile', ['2:5:warning:fastapi-docker-lint.FDL004.pip-no-cache-dir', '3:5:error:fastapi-docker-lint.FDL001.cmd-exec-form']],
      ['services/api/requirements.txt', ['3:1:info:fastapi-docker-lint.FDL024.requirements-pinned']],
      ['services/worker/Dockerfile', []],
    ]);
  });

  it('junit counts tests and failures', async () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(
      await render('junit'),
    );
    const total = results().reduce((sum, result) => sum + result.findings.length, 0);
    expect(Number(parsed.testsuites.failures)).toBe(total);
    expect(Number(parsed.testsuites.tests)).toBe(total + 1);
    expect(parsed.testsuites.testsuite.map((suite: { name: string }) => suite.name)).toEqual([
      'services/api/Dockerfile',
      'services/api/requirements.txt',
      'services/worker/Dockerfile',
    ]);
  });

  it('compact writes path:line:col: severity: message [code]', async () => {
    const lines = (await render('compact')).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^services\/api\/Dockerfile:2:5: warning: `pip install -r requirements.txt` leaves .* \[FDL004\]$/);
    expect(lines.at(-1)).toMatch(/^services\/api\/requirements.txt:3:1: info: .* \[FDL024\]$/);
  });

  it('json keeps its shape, with other files as their own entries', async () => {
    const parsed = JSON.parse(await render('json'));
    expect(parsed.map((entry: { filePath: string }) => entry.filePath)).toEqual([
      'services/api/Dockerfile',
      'services/api/requirements.txt',
      'services/worker/Dockerfile',
    ]);
    expect(Object.keys(parsed[0].messages[0])).toEqual(['ruleId', 'ruleName', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixable']);
  });

  it('stylish groups by file, with a summary', async () => {
    const output = await render('stylish');
    expect(output).toMatch(/^services\/api\/Dockerfile\n {2}2:5 {2}warning/);
    expect(output).toContain('\nservices/api/requirements.txt\n  3:1  info');
    expect(output).not.toContain('services/worker/Dockerfile');
    expect(output).toContain('✖ 3 problems (1 error, 1 warning, 1 info)');
  });
});

describe('sonarqube and codeclimate', () => {
  const validatorFor = (file: string) =>
    new Ajv2020.default({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(path.resolve(import.meta.dirname, 'schemas', file), 'utf8')));

  it('sonarqube matches the generic issue import format, with 0-based columns and each rule described once', async () => {
    const validate = validatorFor('sonarqube-generic-issues.json');
    const report = JSON.parse(await render('sonarqube'));
    validate(report);
    expect(validate.errors ?? []).toEqual([]);
    const all = results().flatMap((result) => result.findings.map((finding) => ({ filePath: result.filePath, finding })));
    expect(report.issues).toHaveLength(all.length);
    expect(report.rules.map((rule: { id: string }) => rule.id).sort()).toEqual([...new Set(all.map(({ finding }) => finding.ruleId))].sort());
    const requirements = report.issues.find((issue: { ruleId: string }) => issue.ruleId === 'FDL024');
    expect(requirements.primaryLocation).toEqual({
      message: expect.stringContaining('no upper bound'),
      filePath: 'services/api/requirements.txt',
      textRange: { startLine: 3, endLine: 3, startColumn: 0, endColumn: 7 },
    });
    expect(report.rules.find((rule: { id: string }) => rule.id === 'FDL024')).toMatchObject({
      engineId: 'fastapi-docker-lint',
      name: 'FDL024 requirements-pinned',
      impacts: [{ softwareQuality: 'RELIABILITY', severity: 'LOW' }],
    });
    // A zero-width finding keeps its line only: SonarQube refuses an empty range.
    const point = { ...all[0].finding, endLine: all[0].finding.line, endColumn: all[0].finding.column };
    const single = JSON.parse(await render('sonarqube', [{ filePath: 'Dockerfile', findings: [point] }]));
    expect(single.issues[0].primaryLocation.textRange).toEqual({ startLine: point.line });
    expect(JSON.parse(await render('sonarqube', []))).toEqual({ rules: [], issues: [] });
  });

  it('codeclimate matches the engine specification: an array of issues with positions, severity and a stable fingerprint', async () => {
    const validate = validatorFor('codeclimate-issues.json');
    const issues = JSON.parse(await render('codeclimate'));
    validate(issues);
    expect(validate.errors ?? []).toEqual([]);
    expect(issues).toHaveLength(results().flatMap((result) => result.findings).length);
    const requirements = issues.find((issue: { check_name: string }) => issue.check_name.startsWith('FDL024'));
    expect(requirements).toMatchObject({
      type: 'issue',
      check_name: 'FDL024 requirements-pinned',
      categories: ['Style'],
      severity: 'info',
      location: { path: 'services/api/requirements.txt', positions: { begin: { line: 3, column: 1 }, end: { line: 3, column: 8 } } },
    });
    const fingerprints = issues.map((issue: { fingerprint: string }) => issue.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(JSON.parse(await render('codeclimate')).map((issue: { fingerprint: string }) => issue.fingerprint)).toEqual(fingerprints);
    // The same fingerprint as the gitlab format gives the same finding.
    expect(JSON.parse(await render('gitlab')).map((issue: { fingerprint: string }) => issue.fingerprint)).toEqual(fingerprints);
  });
});
