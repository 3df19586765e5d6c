import { describe, expect, it } from 'vitest';
import { readPythonModule } from '../../src/core/python/module.js';
import { uvicornApp, uvicornArgument, uvicornListen, uvicornReload, uvicornWorkers } from '../../src/core/python/uvicorn.js';

const call = (text: string) => readPythonModule(`import uvicorn\nfrom uvicorn import Config\n${text}\n`).calls[0];

describe('uvicornListen', () => {
  it('binds 127.0.0.1 by default, as uvicorn.run does', () => {
    expect(uvicornListen(call('uvicorn.run(app)'))).toMatchObject({ binding: 'loopback', argument: undefined, host: '127.0.0.1' });
  });

  it('reads a literal host', () => {
    expect(uvicornListen(call('uvicorn.run(app, host="0.0.0.0")')).binding).toBe('all');
    expect(uvicornListen(call("uvicorn.run(app, host='localhost')")).binding).toBe('loopback');
    expect(uvicornListen(call('uvicorn.run(app, host="::")')).binding).toBe('all');
    expect(uvicornListen(call('uvicorn.run(app, host="10.1.2.3")')).binding).toBe('foreign-address');
  });

  it('reads Config positionally: Config(app, host, port)', () => {
    expect(uvicornListen(call('Config(app, "0.0.0.0", 80)')).binding).toBe('all');
    expect(uvicornListen(call('Config(app, "127.0.0.1")')).binding).toBe('loopback');
  });

  it('says unknown for a computed host, **kwargs, or positionals run() does not take', () => {
    expect(uvicornListen(call('uvicorn.run(app, host=settings.HOST)')).binding).toBe('unknown');
    expect(uvicornListen(call('uvicorn.run(app, host=os.getenv("HOST", "127.0.0.1"))')).binding).toBe('unknown');
    expect(uvicornListen(call('uvicorn.run(app, **options)')).binding).toBe('unknown');
    expect(uvicornListen(call('uvicorn.run(app, "0.0.0.0", 80)')).binding).toBe('unknown');
  });

  it('says unknown for an explicit host next to **kwargs, which may set `uds` or `fd`', () => {
    expect(uvicornListen(call('uvicorn.run(app, host="127.0.0.1", **options)')).binding).toBe('unknown');
  });

  it('takes a unix socket or a file descriptor for a socket', () => {
    expect(uvicornListen(call('uvicorn.run(app, uds="/tmp/app.sock")')).binding).toBe('socket');
    expect(uvicornListen(call('uvicorn.run(app, fd=3)')).binding).toBe('socket');
    expect(uvicornListen(call('uvicorn.run(app, uds=None, host="0.0.0.0")')).binding).toBe('all');
    expect(uvicornListen(call('uvicorn.run(app, uds=path)')).binding).toBe('unknown');
  });
});

describe('the other settings', () => {
  it('reload', () => {
    expect(uvicornReload(call('uvicorn.run("m:app", reload=True)'))).toBe(true);
    expect(uvicornReload(call('uvicorn.run("m:app")'))).toBe(false);
    expect(uvicornReload(call('uvicorn.run("m:app", reload=os.getenv("RELOAD") == "1")'))).toBeUndefined();
  });

  it('workers', () => {
    expect(uvicornWorkers(call('uvicorn.run("m:app", workers=4)'))).toBe(4);
    expect(uvicornWorkers(call('uvicorn.run("m:app", workers=None)'))).toBe(1);
    expect(uvicornWorkers(call('uvicorn.run("m:app")'))).toBe(1);
    expect(uvicornWorkers(call('uvicorn.run("m:app", workers=n)'))).toBeUndefined();
  });

  it('the app: an import string, an object, or unknown', () => {
    expect(uvicornApp(call('uvicorn.run("pkg.main:app")'))).toMatchObject({ kind: 'import-string', value: 'pkg.main:app' });
    expect(uvicornApp(call('uvicorn.run(app=application)'))).toMatchObject({ kind: 'object', name: 'application' });
    expect(uvicornApp(call('uvicorn.run(f"{__package__}.app:create_app")'))).toEqual({ kind: 'unknown' });
  });

  it('proxy headers and forwarded IPs default as uvicorn does', () => {
    expect(uvicornArgument(call('uvicorn.run(app)'), 'proxy_headers')).toEqual({ state: 'default', value: { kind: 'boolean', value: true } });
    expect(uvicornArgument(call('uvicorn.run(app, forwarded_allow_ips="*")'), 'forwarded_allow_ips')).toMatchObject({
      state: 'given',
      argument: { value: { kind: 'string', value: '*' } },
    });
    expect(uvicornArgument(call('uvicorn.run(app, **kw)'), 'proxy_headers')).toEqual({ state: 'unknown', reason: 'spread' });
  });
});
