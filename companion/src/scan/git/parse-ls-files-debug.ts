import { decodedEntries, type IndexEntries } from './read-index';

const SIZE_LABEL = Buffer.from('  size: ');
const FLAGS_LABEL = Buffer.from('flags: ');

/**
 * The same entries from `git ls-files -z --stage --debug --full-name` (paths from the top), for an
 * index `readGitIndex` does not take on. Entries are "<mode> <oid> <stage>\t<path>\0" followed by
 * debug lines ending "  size: N\tflags: F\n".
 */
export function parseLsFilesDebug(buf: Buffer): IndexEntries {
  const paths: string[] = [];
  const modes: number[] = [];
  const sizes: number[] = [];
  const stages: number[] = [];
  const oids: string[] = [];
  for (let start = 0; start < buf.length; ) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    const tab = buf.indexOf(9, start);
    const sizeAt = buf.indexOf(SIZE_LABEL, end);
    const next = sizeAt === -1 ? -1 : buf.indexOf(10, buf.indexOf(FLAGS_LABEL, sizeAt));
    if (tab === -1 || tab > end || next === -1) break;
    paths.push(buf.toString('utf8', tab + 1, end));
    modes.push(Number.parseInt(buf.toString('latin1', start, start + 6), 8));
    oids.push(buf.toString('latin1', start + 7, tab - 2));
    stages.push(buf[tab - 1]! - 0x30);
    let size = 0;
    for (let i = sizeAt + SIZE_LABEL.length; buf[i]! >= 0x30 && buf[i]! <= 0x39; i++) size = size * 10 + buf[i]! - 0x30;
    sizes.push(size);
    start = next + 1;
  }
  return decodedEntries(
    paths,
    Uint32Array.from(modes),
    Uint32Array.from(sizes),
    Uint8Array.from(stages),
    (i) => oids[i]!,
  );
}
