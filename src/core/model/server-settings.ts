/**
 * What the server will do, read from its options and the environment it reads, with each
 * server's defaults: where it listens, whether it reloads, how many workers it starts, which
 * gunicorn worker class it runs. A value that depends on an unknown variable is `unknown`: rules
 * stay silent rather than guess.
 */
import { parseShell } from './shell.js';
import { mappedSlice } from './source.js';
import { serverOptions, type ServerCommand, type ServerOption } from './server.js';
import { isTruthy } from './variables.js';
import type { ShellWord } from './shell.js';

export type Source = { kind: 'option'; option: ServerOption } | { kind: 'env'; name: string } | { kind: 'default' };

export interface ListenSetting {
  /**
   * `loopback`: only 127.0.0.1/localhost/::1; `all`: every interface; `socket`: a unix socket or
   * fd; `foreign-address`: a literal IP address other than those, which a container is almost
   * never given; `port-in-host`: a `--host` value with a port in it (`0.0.0.0:80`), which no
   * resolver accepts; `other`: a host name we cannot judge.
   */
  binding: 'loopback' | 'all' | 'socket' | 'foreign-address' | 'port-in-host' | 'other' | 'unknown';
  source: Source;
  /** For a default binding: the port it uses. */
  port: string;
  /** For `foreign-address` and `port-in-host`: the host as written (`10.20.30.40`, `0.0.0.0:80`). */
  host?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]', '']);
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** An IPv6 literal, bracketed or not, with an optional zone (`fe80::1%eth0`). */
const IPV6 = /^\[?(?=[0-9a-fA-F:.]*:[0-9a-fA-F:.]*:)[0-9a-fA-F:.]+(?:%[\w.-]+)?\]?$/;

function hasUnknown(value: string): boolean {
  return value.includes('$') || value.includes('`');
}

/** A host as `--host` takes it (uvicorn, `fastapi run`): a name or an address, no port. */
export function classifyHost(host: string): ListenSetting['binding'] {
  if (hasUnknown(host)) return 'unknown';
  if (LOOPBACK.has(host) || (/^127\./.test(host) && IPV4.test(host))) return 'loopback';
  if (ALL_INTERFACES.has(host)) return 'all';
  if (IPV4.test(host) || IPV6.test(host)) return 'foreign-address';
  // `0.0.0.0:80`, `localhost:8000`, `[::]:80`: one colon after a name or an IPv4 address, or after `]`.
  if (/^(?:[\w.-]+|\[[^\]]*\]):\d*$/.test(host)) return 'port-in-host';
  return 'other';
}

/** gunicorn and hypercorn `--bind` values: `HOST:PORT`, `HOST`, `[::]:80`, `unix:/path`, `fd://3`. */
export function classifyBind(bind: string): ListenSetting['binding'] {
  if (hasUnknown(bind)) return 'unknown';
  if (bind.startsWith('unix:') || bind.startsWith('fd://')) return 'socket';
  const address = bind.startsWith('tcp://') ? bind.slice('tcp://'.length) : bind;
  const bracketed = /^(\[[^\]]*\])(?::\d+)?$/.exec(address);
  if (bracketed) return classifyHost(bracketed[1]);
  const colon = address.lastIndexOf(':');
  const host = colon === -1 ? address : address.slice(0, colon);
  if (host.includes(':')) return 'other';
  return classifyHost(host);
}

/** The host part of a `--bind` value, as written. */
function bindHost(bind: string): string {
  const address = bind.startsWith('tcp://') ? bind.slice('tcp://'.length) : bind;
  const bracketed = /^(\[[^\]]*\])(?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1];
  const colon = address.lastIndexOf(':');
  return colon === -1 ? address : address.slice(0, colon);
}

function envValue(server: ServerCommand, name: string): string | undefined {
  return server.env.get(name);
}

/** Options given through GUNICORN_CMD_ARGS, read as gunicorn reads them (shell words). */
export function gunicornEnvOptions(server: ServerCommand): { name: string; value: string | undefined }[] {
  const args = server.env.get('GUNICORN_CMD_ARGS');
  if (server.kind !== 'gunicorn' || !args) return [];
  const words: ShellWord[] = parseShell(mappedSlice(args, 0, args.length)).commands.flatMap((command) => [
    ...command.assignments.map((assignment) => assignment.word),
    ...command.argv,
  ]);
  const options: { name: string; value: string | undefined }[] = [];
  for (let index = 0; index < words.length; index++) {
    const value = words[index].value;
    if (!value.startsWith('-')) continue;
    const eq = value.indexOf('=');
    if (value.startsWith('--') && eq !== -1) options.push({ name: value.slice(0, eq), value: value.slice(eq + 1) });
    else if (!value.startsWith('--') && value.length > 2) options.push({ name: value.slice(0, 2), value: value.slice(2) });
    else {
      options.push({ name: value, value: words[index + 1]?.value });
      index++;
    }
  }
  return options;
}

export function listenSetting(server: ServerCommand): ListenSetting {
  if (server.kind === 'gunicorn' || server.kind === 'hypercorn') {
    const binds = serverOptions(server, '-b', '--bind');
    if (binds.length > 0) {
      // The server binds every address given and fails to start when one of them fails.
      const kinds = binds.map((bind) => classifyBind(bind.value ?? ''));
      const foreign = kinds.indexOf('foreign-address');
      if (foreign !== -1)
        return { binding: 'foreign-address', source: { kind: 'option', option: binds[foreign] }, port: '8000', host: bindHost(binds[foreign].value ?? '') };
      const binding = kinds.includes('unknown')
        ? 'unknown'
        : kinds.every((kind) => kind === 'loopback')
          ? 'loopback'
          : (kinds.find((kind) => kind !== 'loopback') ?? 'other');
      return { binding, source: { kind: 'option', option: binds[binds.length - 1] }, port: '8000' };
    }
    // A config file may set bind; we cannot read it.
    if (serverOptions(server, '-c', '--config').length > 0) return { binding: 'unknown', source: { kind: 'default' }, port: '8000' };
    if (server.kind === 'gunicorn') {
      const fromEnv = gunicornEnvOptions(server).filter((option) => option.name === '-b' || option.name === '--bind');
      if (fromEnv.length > 0) {
        const bind = fromEnv[fromEnv.length - 1].value ?? '';
        return { binding: classifyBind(bind), source: { kind: 'env', name: 'GUNICORN_CMD_ARGS' }, port: '8000', host: bindHost(bind) };
      }
      // gunicorn binds 0.0.0.0:$PORT when PORT is set.
      if (server.env.has('PORT')) return { binding: 'all', source: { kind: 'env', name: 'PORT' }, port: server.env.get('PORT') ?? '8000' };
    }
    return { binding: 'loopback', source: { kind: 'default' }, port: '8000' };
  }
  if (serverOptions(server, '--uds', '--fd').length > 0) {
    return { binding: 'socket', source: { kind: 'option', option: serverOptions(server, '--uds', '--fd')[0] }, port: '' };
  }
  const hosts = serverOptions(server, '--host');
  if (hosts.length > 0) {
    const option = hosts[hosts.length - 1];
    return { binding: classifyHost(option.value ?? ''), source: { kind: 'option', option }, port: '8000', host: option.value };
  }
  // Only the uvicorn CLI reads UVICORN_*; `fastapi run` passes its own defaults to uvicorn.
  if (server.kind === 'uvicorn') {
    for (const name of ['UVICORN_UDS', 'UVICORN_FD']) {
      if (server.env.has(name)) return { binding: 'socket', source: { kind: 'env', name }, port: '' };
    }
    if (server.env.has('UVICORN_HOST')) {
      const value = envValue(server, 'UVICORN_HOST');
      return { binding: value === undefined ? 'unknown' : classifyHost(value), source: { kind: 'env', name: 'UVICORN_HOST' }, port: '8000', host: value };
    }
  }
  const defaultAll = server.kind === 'fastapi' && server.subcommand === 'run';
  return { binding: defaultAll ? 'all' : 'loopback', source: { kind: 'default' }, port: '8000' };
}

export interface ReloadSetting {
  source: Source;
}

/** How the server was told to reload on file changes, if it was. */
export function reloadSetting(server: ServerCommand): ReloadSetting | undefined {
  const option = serverOptions(server, '--reload', '--no-reload').pop();
  if (option) return option.name === '--reload' ? { source: { kind: 'option', option } } : undefined;
  if (server.kind === 'uvicorn' && isTruthy(envValue(server, 'UVICORN_RELOAD'))) return { source: { kind: 'env', name: 'UVICORN_RELOAD' } };
  if (server.kind === 'gunicorn' && gunicornEnvOptions(server).some((found) => found.name === '--reload')) {
    return { source: { kind: 'env', name: 'GUNICORN_CMD_ARGS' } };
  }
  return undefined;
}

export interface WorkersSetting {
  /** The number of worker processes, `undefined` when it depends on something unknown. */
  count: number | undefined;
  source: Source;
}

export function workersSetting(server: ServerCommand): WorkersSetting {
  // uvicorn and the fastapi CLI have no short form; gunicorn and hypercorn take -w.
  const names = server.kind === 'gunicorn' || server.kind === 'hypercorn' ? ['-w', '--workers'] : ['--workers'];
  const option = serverOptions(server, ...names).pop();
  if (option) return { count: toCount(option.value), source: { kind: 'option', option } };
  const envNames = server.kind === 'uvicorn' ? ['UVICORN_WORKERS', 'WEB_CONCURRENCY'] : server.kind === 'gunicorn' ? ['WEB_CONCURRENCY'] : [];
  if (server.kind === 'gunicorn') {
    const fromArgs = gunicornEnvOptions(server)
      .filter((found) => found.name === '-w' || found.name === '--workers')
      .pop();
    if (fromArgs) return { count: toCount(fromArgs.value), source: { kind: 'env', name: 'GUNICORN_CMD_ARGS' } };
  }
  for (const name of envNames) {
    if (server.env.has(name)) return { count: toCount(server.env.get(name)), source: { kind: 'env', name } };
  }
  return { count: 1, source: { kind: 'default' } };
}

function toCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

export interface WorkerClassSetting {
  value: string;
  /** The word to point at, when it is in the command. */
  word: ShellWord | undefined;
  source: Source;
}

/** gunicorn's worker class (`-k`, `--worker-class`, or GUNICORN_CMD_ARGS). */
export function gunicornWorkerClass(server: ServerCommand): WorkerClassSetting | undefined {
  if (server.kind !== 'gunicorn') return undefined;
  const option = serverOptions(server, '-k', '--worker-class').pop();
  if (option?.value !== undefined) return { value: option.value, word: option.valueWord, source: { kind: 'option', option } };
  const fromEnv = gunicornEnvOptions(server)
    .filter((found) => found.name === '-k' || found.name === '--worker-class')
    .pop();
  if (fromEnv?.value !== undefined) return { value: fromEnv.value, word: undefined, source: { kind: 'env', name: 'GUNICORN_CMD_ARGS' } };
  return undefined;
}

/** How a setting was given, in words for a message. */
export function describeSource(source: Source): string {
  if (source.kind === 'option') return `\`${source.option.name}${source.option.value !== undefined ? ` ${source.option.value}` : ''}\``;
  if (source.kind === 'env') return `\`${source.name}\` in the environment`;
  return 'the default';
}
