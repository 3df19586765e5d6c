import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { pythonCommands } from '../../src/core/model/python-command.js';

const FROM = 'FROM python:3.13\nWORKDIR /app\n';

function targets(dockerfile: string) {
  return pythonCommands(buildModel(FROM + dockerfile)).map((command) => ({ ...command.target, word: command.word.value, workdir: command.workdir }));
}

describe('pythonCommands', () => {
  it('reads a script run by python, with options before it', () => {
    expect(targets('CMD ["python", "main.py"]')).toEqual([{ kind: 'file', path: 'main.py', word: 'main.py', workdir: '/app' }]);
    expect(targets('CMD ["python3.12", "-u", "-X", "dev", "app/main.py", "--port", "80"]')).toMatchObject([{ kind: 'file', path: 'app/main.py' }]);
    expect(targets('CMD python /srv/run.py')).toMatchObject([{ kind: 'file', path: '/srv/run.py' }]);
    expect(targets('ENTRYPOINT ["python"]\nCMD ["main.py"]')).toMatchObject([{ kind: 'file', path: 'main.py' }]);
  });

  it('reads a script run directly, or through a runner', () => {
    expect(targets('CMD ./main.py')).toMatchObject([{ kind: 'file', path: './main.py' }]);
    expect(targets('CMD ["uv", "run", "main.py"]')).toMatchObject([{ kind: 'file', path: 'main.py' }]);
    expect(targets('CMD ["sh", "-c", "alembic upgrade head && exec python main.py"]')).toMatchObject([
      { kind: 'program', name: 'alembic' },
      { kind: 'file', path: 'main.py' },
    ]);
  });

  it('reads a module run with -m', () => {
    expect(targets('CMD ["python", "-m", "svc"]')).toMatchObject([{ kind: 'module', module: 'svc', word: 'svc' }]);
    expect(targets('CMD ["python", "-m", "svc.server"]')).toMatchObject([{ kind: 'module', module: 'svc.server' }]);
    expect(targets('CMD ["uv", "run", "-m", "svc"]')).toMatchObject([{ kind: 'module', module: 'svc' }]);
  });

  it('reads a program that may be a console script', () => {
    expect(targets('ENTRYPOINT ["/venv/bin/svc"]\nCMD ["serve"]')).toMatchObject([{ kind: 'program', name: 'svc', word: '/venv/bin/svc' }]);
    expect(targets('CMD ["tini", "--", "svc", "serve"]')).toMatchObject([{ kind: 'program', name: 'svc' }]);
  });

  it('leaves servers, code on the command line and shells to others', () => {
    expect(targets('CMD ["uvicorn", "main:app"]')).toEqual([]);
    expect(targets('CMD ["python", "-m", "uvicorn", "main:app"]')).toEqual([]);
    expect(targets('CMD ["fastapi", "run", "main.py"]')).toEqual([]);
    expect(targets('CMD ["python", "-c", "import main"]')).toEqual([]);
    expect(targets('CMD ["python", "$APP_FILE"]')).toEqual([]);
    expect(targets('CMD ["/entrypoint.sh"]')).toEqual([]);
    expect(targets('CMD ["bash"]')).toEqual([]);
  });

  it('reads past an entrypoint script to the CMD it runs', () => {
    expect(targets('ENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["python", "main.py"]')).toMatchObject([{ kind: 'file', path: 'main.py' }]);
  });
});
