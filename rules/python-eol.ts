import type { Rule } from '../src/rule.js';
import { newestPython, pythonRelease, pythonVersionOfTag } from '../src/model/python-releases.js';
import { isOfficialPythonImage } from '../src/model/image.js';

const WARNING_MONTHS = 6;

function monthsBefore(date: Date, months: number): Date {
  const earlier = new Date(date);
  earlier.setUTCMonth(earlier.getUTCMonth() - months);
  return earlier;
}

export const pythonEol: Rule = {
  code: 'FDL010',
  name: 'python-eol',
  severity: 'warning',
  summary: 'The base image runs a Python version that still gets security fixes',
  fixable: false,
  messages: {
    ended:
      'Python {{version}} reached its end of life on {{endOfLife}}: the interpreter gets no more security fixes, and new releases of FastAPI and its dependencies drop it. Move to a supported version: Python {{newest}} is the newest (supported until {{newestEnd}}).',
    ending:
      'Python {{version}} reaches its end of life on {{endOfLife}}, in less than {{months}} months: plan the move to a supported version (Python {{newest}} is the newest, supported until {{newestEnd}}).',
  },
  docs: {
    description:
      'Reports a stage built on the official `python` image (any registry mirror, `library/` or not, with the version also taken from ARG defaults such as `python:${PYTHON_VERSION}-slim`) whose Python version is past its end of life (warning), or within six months of it (info). Dates come from Python\'s release table in `src/model/python-releases.ts`, compared with today\'s date (`--today` to pin it).',
    why:
      'After its end of life a Python version gets no security fixes, and libraries stop supporting it: FastAPI, Pydantic and Uvicorn drop old versions in minor releases, so a pinned old Python eventually blocks every upgrade, including security ones. The guide\'s own example uses `python:3.9`, which ended in October 2025.',
    bad: 'FROM python:3.9\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir --upgrade -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir --upgrade -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: a new Python version can change which dependency versions install; test the move.',
    guideItems: [1],
    options: '`--today YYYY-MM-DD` (API option `today`): the date to compare end-of-life dates with; defaults to today.',
    references: ['https://devguide.python.org/versions/'],
  },
  check({ model, options, report }) {
    const newest = newestPython(options.today);
    for (const stage of model.stages) {
      const image = stage.image;
      if (!image?.tag || !isOfficialPythonImage(image) || !stage.imageRange) continue;
      const version = pythonVersionOfTag(image.tag);
      const release = version ? pythonRelease(version) : undefined;
      if (!release) continue;
      const endOfLife = new Date(`${release.endOfLife}T00:00:00Z`);
      const data = { version: release.version, endOfLife: release.endOfLife, newest: newest.version, newestEnd: newest.endOfLife.slice(0, 7), months: WARNING_MONTHS };
      if (options.today >= endOfLife) {
        report({ messageId: 'ended', data, range: stage.imageRange });
      } else if (options.today >= monthsBefore(endOfLife, WARNING_MONTHS)) {
        report({ messageId: 'ending', data, range: stage.imageRange, severity: 'info' });
      }
    }
  },
};
