import { defineRule } from '../src/core/rule.js';
import { hasPlausibleFrom, newestPython, pythonRelease, pythonVersionOfImage, shippedStages } from '../src/core/facts.js';

const WARNING_MONTHS = 6;

function monthsBefore(date: Date, months: number): Date {
  const earlier = new Date(date);
  earlier.setUTCMonth(earlier.getUTCMonth() - months);
  return earlier;
}

export const pythonEol = defineRule({
  code: 'FDL010',
  name: 'python-eol',
  severity: 'warning',
  summary: 'The base image runs a Python version that still gets security fixes',
  fixable: false,
  messages: {
    ended: 'Python {{version}} reached its end of life on {{endOfLife}} and gets no security fixes: move to a supported version (the newest is {{newest}}).',
    ending: 'Python {{version}} reaches its end of life on {{endOfLife}}: plan the move to a supported version (the newest is {{newest}}).',
  },
  docs: {
    description:
      "Reports the stage the image is built from, when it is the official `python` image (any registry mirror, `library/` or not, with the version also taken from ARG defaults such as `python:${PYTHON_VERSION}-slim`) or one of uv's images with Python (`ghcr.io/astral-sh/uv:python3.10-bookworm`), whose Python version is past its end of life (warning), or within six months of it (info). Only the stages the image is made of count (the final stage and those it is built `FROM`): a builder or test stage on `python:3.8` ships nothing of its interpreter, so the finding appears once, where the image's Python comes from. Dates come from the end-of-life dates of Python's releases (the Python Developer's Guide status page, below), which this linter carries, compared with today's date (`--today` to pin it); a release of the linter brings newer dates.",
    why: "After its end of life a Python version gets no security fixes, and libraries stop supporting it: FastAPI, Pydantic and Uvicorn drop old versions in minor releases, so a pinned old Python eventually blocks every upgrade, including security ones. The guide's own example uses `python:3.9`, which ended in October 2025.",
    bad: 'FROM python:3.9\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir --upgrade -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir --upgrade -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: a new Python version can change which dependency versions install; test the move.',
    guideItems: [1],
    options: '`--today YYYY-MM-DD` (API option `today`): the date to compare end-of-life dates with; defaults to today.',
    references: ['https://devguide.python.org/versions/'],
  },
  check({ model, options, report }) {
    const newest = newestPython(options.today);
    // The Python the image runs: a builder stage's interpreter is not shipped.
    for (const stage of shippedStages(model)) {
      const image = stage.image;
      if (!image || !stage.imageRange || !hasPlausibleFrom(stage)) continue;
      const version = pythonVersionOfImage(image);
      const release = version ? pythonRelease(version) : undefined;
      if (!release) continue;
      const endOfLife = new Date(`${release.endOfLife}T00:00:00Z`);
      const data = { version: release.version, endOfLife: release.endOfLife, newest: newest.version };
      if (options.today >= endOfLife) {
        report({ messageId: 'ended', data, range: stage.imageRange });
      } else if (options.today >= monthsBefore(endOfLife, WARNING_MONTHS)) {
        report({ messageId: 'ending', data, range: stage.imageRange, severity: 'info' });
      }
    }
  },
});
