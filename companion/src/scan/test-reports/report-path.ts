import { isAbsolute, relative, sep } from 'node:path';

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]/;

/**
 * A test-file path as a report states it, made relative to the root and '/'-separated.
 * Absolute paths outside the root are dropped (undefined) rather than leaked as they are.
 */
export function toRootRelative(file: string | undefined, root: string | undefined, base = ''): string | undefined {
  if (!file) return undefined;
  let path = file.startsWith('file://') ? decodeURIComponentSafe(file.slice('file://'.length)) : file;
  if (isAbsolute(path) || WINDOWS_ABSOLUTE.test(path)) {
    if (!root) return undefined;
    const rel = relative(root, path);
    if (!rel || rel.split(sep)[0] === '..' || isAbsolute(rel)) return undefined;
    path = rel;
  } else if (base) {
    path = `${base}/${path}`;
  }
  const normalized = path.split(sep).join('/').replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  return normalized || undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
