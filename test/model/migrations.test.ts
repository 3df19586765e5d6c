import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { migrationCommand } from '../../src/core/model/migrations.js';

/** The migrations a RUN applies, as `tool: text`, with the text the range covers. */
function migrations(run: string): string[] {
  const model = buildModel(`FROM python:3.13\nRUN ${run}\n`);
  return (model.instructions[1].command?.invocations ?? []).flatMap((invocation) => {
    const found = migrationCommand(invocation);
    return found ? [`${found.tool}: ${found.text} [${model.source.text.slice(found.range.start, found.range.end)}]`] : [];
  });
}

describe('migrationCommand', () => {
  it('knows the tools by their apply commands', () => {
    expect(migrations('alembic upgrade head')).toEqual(['alembic: alembic upgrade head [alembic upgrade head]']);
    expect(migrations('alembic -c /app/alembic.ini -x tenant=a upgrade heads')).toEqual([
      'alembic: alembic -c /app/alembic.ini -x tenant=a upgrade heads [alembic -c /app/alembic.ini -x tenant=a upgrade heads]',
    ]);
    expect(migrations('flask db upgrade')).toEqual(['flask db: flask db upgrade [flask db upgrade]']);
    expect(migrations('python manage.py migrate --noinput')).toEqual(['manage.py migrate: python manage.py migrate [python manage.py migrate]']);
    expect(migrations('django-admin migrate')).toEqual(['django-admin migrate: django-admin migrate [django-admin migrate]']);
    expect(migrations('prisma migrate deploy')).toEqual(['prisma: prisma migrate deploy [prisma migrate deploy]']);
    expect(migrations('npx prisma db push')).toEqual(['prisma: prisma db push [prisma db push]']);
    expect(migrations('yoyo apply --batch --database postgresql://db/app ./migrations')).toEqual([
      'yoyo: yoyo apply --batch --database postgresql://db/app ./migrations [yoyo apply --batch --database postgresql://db/app ./migrations]',
    ]);
    expect(migrations('aerich upgrade')).toEqual(['aerich: aerich upgrade [aerich upgrade]']);
    expect(migrations('piccolo migrations forwards all')).toEqual(['piccolo: piccolo migrations forwards all [piccolo migrations forwards all]']);
    expect(migrations('dbmate up')).toEqual(['dbmate: dbmate up [dbmate up]']);
  });

  it('looks through runners, python -m and sh -c', () => {
    expect(migrations('uv run alembic upgrade head')).toEqual(['alembic: alembic upgrade head [alembic upgrade head]']);
    expect(migrations('python -m alembic upgrade head')).toEqual(['alembic: alembic upgrade head [alembic upgrade head]']);
    // (The range of a word that ends a `sh -c` string runs to the closing quote, as the shell reader maps it.)
    expect(migrations('sh -c "cd /app && alembic upgrade head" && echo done')).toEqual(['alembic: alembic upgrade head [alembic upgrade head"]']);
  });

  it('leaves out what needs no database or changes no schema', () => {
    expect(migrations('alembic upgrade head --sql > migrate.sql')).toEqual([]);
    expect(migrations('alembic revision --autogenerate -m init')).toEqual([]);
    expect(migrations('alembic history')).toEqual([]);
    expect(migrations('flask db migrate')).toEqual([]);
    expect(migrations('python manage.py collectstatic --noinput')).toEqual([]);
    expect(migrations('prisma generate')).toEqual([]);
    expect(migrations('pip install alembic')).toEqual([]);
  });
});
