import { defineRule } from '../src/core/rule.js';
import { hasPlausibleFrom, isDeprecatedFastapiImage } from '../src/core/facts.js';

export const noDeprecatedBase = defineRule({
  code: 'FDL003',
  name: 'no-deprecated-base',
  severity: 'error',
  summary: "Don't build on tiangolo's deprecated uvicorn-gunicorn images",
  fixable: false,
  messages: {
    deprecated: '`{{image}}` is deprecated: build from the official `python` image and run `fastapi run` (`--workers N` for several processes).',
  },
  docs: {
    description:
      'Reports `FROM` an image of the deprecated tiangolo family (`tiangolo/uvicorn-gunicorn-fastapi`, `tiangolo/uvicorn-gunicorn`, `tiangolo/uvicorn-gunicorn-starlette`, `tiangolo/meinheld-gunicorn`, `tiangolo/meinheld-gunicorn-flask`), with any tag or digest, any Docker Hub prefix, and also when the name comes from an ARG default.',
    why: 'These images existed because Uvicorn could not manage worker processes, so Gunicorn ran in front of it. Uvicorn and `fastapi run --workers N` do that themselves now. The images are deprecated, receive no updates, pin old Python and library versions, and hide the start command inside `/start.sh`. Its `PRE_START_PATH`/`prestart.sh` hook and Gunicorn settings have no equivalent to copy: run migrations in your own command before `fastapi run`. Building from the official `python` image gives you a small, explicit Dockerfile you control.',
    bad: 'FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11\nCOPY ./app /app',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80", "--workers", "4"]',
    fixSafety:
      'No fix: the old image installs FastAPI, runs `prestart.sh` and reads Gunicorn settings from its environment; the replacement Dockerfile must install your requirements and state the start command, which a tool cannot know.',
    guideItems: [1, 6],
    references: ['https://github.com/tiangolo/uvicorn-gunicorn-fastapi-docker'],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const image = stage.image;
      if (!image || !isDeprecatedFastapiImage(image) || !stage.imageRange || !hasPlausibleFrom(stage)) continue;
      report({ messageId: 'deprecated', data: { image: image.repository }, range: stage.imageRange });
    }
  },
});
