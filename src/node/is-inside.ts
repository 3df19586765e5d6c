import path from 'node:path';

/** Whether an absolute path is a directory or lies below it (both spelt the same way: resolved, or both real). */
export function isInside(file: string, directory: string): boolean {
  return file === directory || file.startsWith(directory.endsWith(path.sep) ? directory : directory + path.sep);
}
