/**
 * The settings a `uvicorn.run(...)` or `uvicorn.Config(...)` call gives, read the way the server
 * rules read command-line flags: each parameter is given (with its literal value, or an
 * expression we cannot evaluate), left to uvicorn's default, or unknown (`**kwargs` may set it).
 * Defaults are uvicorn's own (`uvicorn/config.py`): `run()` and `Config()` do not read the
 * `UVICORN_*` variables, which only the command line does.
 */
import { classifyHost, type ListenSetting } from '../model/server-settings.js';
import type { PythonArgument, PythonValue, UvicornCall } from './module.js';

export type UvicornParameter =
  | 'app'
  | 'host'
  | 'port'
  | 'uds'
  | 'fd'
  | 'reload'
  | 'workers'
  | 'proxy_headers'
  | 'forwarded_allow_ips'
  | 'root_path'
  | 'factory';

export type ArgumentSetting =
  | { state: 'given'; argument: PythonArgument }
  | { state: 'default'; value: PythonValue }
  /** `spread`: `*args`/`**kwargs` may set it; `positional`: a positional argument `run()` does not take. */
  | { state: 'unknown'; reason: 'spread' | 'positional' };

const DEFAULTS: Record<UvicornParameter, PythonValue> = {
  app: { kind: 'unknown' },
  host: { kind: 'string', value: '127.0.0.1' },
  port: { kind: 'number', value: 8000 },
  uds: { kind: 'none' },
  fd: { kind: 'none' },
  reload: { kind: 'boolean', value: false },
  workers: { kind: 'none' },
  proxy_headers: { kind: 'boolean', value: true },
  forwarded_allow_ips: { kind: 'none' },
  root_path: { kind: 'string', value: '' },
  factory: { kind: 'boolean', value: false },
};

/** Parameters by position: `run(app, *, ...)` takes only the app so; `Config(app, host, port, uds, fd, ...)` more. */
const POSITIONAL: Record<UvicornCall['callee'], UvicornParameter[]> = {
  run: ['app'],
  Config: ['app', 'host', 'port', 'uds', 'fd'],
};

/** What a call says about one parameter. */
export function uvicornArgument(call: UvicornCall, parameter: UvicornParameter): ArgumentSetting {
  const keyword = call.arguments.filter((argument) => argument.keyword === parameter).pop();
  if (keyword) return { state: 'given', argument: keyword };
  const positionals = call.arguments.filter((argument) => argument.keyword === undefined);
  const order = POSITIONAL[call.callee];
  // More positional arguments than the callee takes: the call fails, or an older uvicorn reads them differently.
  if (positionals.length > order.length) return { state: 'unknown', reason: 'positional' };
  const index = order.indexOf(parameter);
  if (index !== -1 && index < positionals.length) return { state: 'given', argument: positionals[index] };
  if (call.spreads.keywords || (index !== -1 && call.spreads.positional)) return { state: 'unknown', reason: 'spread' };
  return { state: 'default', value: DEFAULTS[parameter] };
}

/** A parameter's literal value: given literally or by default; `undefined` when not known. */
export function uvicornValue(call: UvicornCall, parameter: UvicornParameter): PythonValue | undefined {
  const setting = uvicornArgument(call, parameter);
  if (setting.state === 'unknown') return undefined;
  const value = setting.state === 'given' ? setting.argument.value : setting.value;
  return value.kind === 'unknown' || value.kind === 'name' ? undefined : value;
}

export interface UvicornListen {
  /** As for the command line (`listenSetting`): `loopback`, `all`, `socket`, ..., or `unknown`. */
  binding: ListenSetting['binding'];
  /** The `host=` argument, when the call gives one. */
  argument: PythonArgument | undefined;
  /** The host, when known. */
  host: string | undefined;
}

/** Where the server of this call listens. */
export function uvicornListen(call: UvicornCall): UvicornListen {
  for (const parameter of ['uds', 'fd'] as const) {
    const setting = uvicornArgument(call, parameter);
    if (setting.state === 'unknown') return { binding: 'unknown', argument: undefined, host: undefined };
    if (setting.state === 'given') {
      const value = setting.argument.value;
      if (value.kind === 'none') continue;
      return { binding: value.kind === 'unknown' || value.kind === 'name' ? 'unknown' : 'socket', argument: setting.argument, host: undefined };
    }
  }
  const setting = uvicornArgument(call, 'host');
  if (setting.state === 'unknown') return { binding: 'unknown', argument: undefined, host: undefined };
  if (setting.state === 'default') return { binding: 'loopback', argument: undefined, host: '127.0.0.1' };
  const value = setting.argument.value;
  if (value.kind !== 'string') return { binding: 'unknown', argument: setting.argument, host: undefined };
  return { binding: classifyHost(value.value), argument: setting.argument, host: value.value };
}

/** Whether the call turns reload on: `true`/`false` when known, `undefined` when not. */
export function uvicornReload(call: UvicornCall): boolean | undefined {
  const value = uvicornValue(call, 'reload');
  if (value === undefined) return undefined;
  if (value.kind === 'boolean') return value.value;
  if (value.kind === 'none') return false;
  if (value.kind === 'number') return value.value !== 0;
  if (value.kind === 'string') return value.value !== '';
  return undefined;
}

/** The number of worker processes, when known (`None` and the default start one). */
export function uvicornWorkers(call: UvicornCall): number | undefined {
  const value = uvicornValue(call, 'workers');
  if (value === undefined) return undefined;
  if (value.kind === 'none') return 1;
  return value.kind === 'number' && Number.isInteger(value.value) ? value.value : undefined;
}

export type UvicornApp =
  | { kind: 'import-string'; value: string; argument: PythonArgument }
  | { kind: 'object'; name: string; argument: PythonArgument }
  | { kind: 'unknown' };

/** The app the call serves: an import string (`"pkg.main:app"`), an object (`app`), or unknown. */
export function uvicornApp(call: UvicornCall): UvicornApp {
  const setting = uvicornArgument(call, 'app');
  if (setting.state !== 'given') return { kind: 'unknown' };
  const value = setting.argument.value;
  if (value.kind === 'string') return { kind: 'import-string', value: value.value, argument: setting.argument };
  if (value.kind === 'name') return { kind: 'object', name: value.name, argument: setting.argument };
  return { kind: 'unknown' };
}
