import { isBinaryText, oneLine, str } from './item-text';

const SUMMARY_MAX = 300;
const PATCH_FILE = /^\*\*\* (Add|Update|Delete) File: (.+)$/gm;

function record(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** `["bash", "-lc", "npm test"]` → `npm test`; other argument lists joined by spaces. */
export function commandLine(v: unknown): string | undefined {
  const s = str(v);
  if (s !== undefined) return s;
  if (!Array.isArray(v)) return undefined;
  const parts = v.map((x) => str(x) ?? '');
  if (parts.length === 3 && /^(?:ba|z|da)?sh$/.test(parts[0]!.replace(/^.*\//, '')) && /^-l?c$/.test(parts[1]!)) return parts[2];
  return parts.map((p) => (/[\s"'$]/.test(p) ? JSON.stringify(p) : p)).join(' ');
}

/** The files a Codex patch touches: `Update src/a.ts, Add b.ts`. */
export function patchSummary(patch: string): string | undefined {
  const files = [...patch.matchAll(PATCH_FILE)].map((m) => `${m[1]} ${m[2]!.trim()}`);
  return files.length ? files.join(', ') : undefined;
}

function firstString(input: Record<string, unknown>): string | undefined {
  for (const v of Object.values(input)) {
    const s = str(v);
    if (s !== undefined && s.trim() !== '' && !isBinaryText(s)) return s;
  }
  return undefined;
}

function describe(name: string, input: unknown): string | undefined {
  const raw = str(input);
  if (raw !== undefined) return patchSummary(raw) ?? raw;
  const o = record(input);
  if (!o) return undefined;
  const path = str(o.file_path) ?? str(o.notebook_path) ?? str(o.path);
  switch (name) {
    case 'Grep':
    case 'grep_files': {
      const pattern = str(o.pattern);
      return pattern === undefined ? path : path ? `${pattern} in ${path}` : pattern;
    }
    case 'Glob':
      return str(o.pattern);
    case 'TodoWrite':
      return Array.isArray(o.todos) ? `${o.todos.length} todo${o.todos.length === 1 ? '' : 's'}` : undefined;
    case 'update_plan':
      return Array.isArray(o.plan) ? `${o.plan.length} step${o.plan.length === 1 ? '' : 's'}` : undefined;
    case 'Task':
    case 'Agent': {
      const d = str(o.description);
      const who = str(o.subagent_type);
      return d && who ? `${d} (${who})` : (d ?? who);
    }
    case 'apply_patch': {
      const patch = str(o.input) ?? str(o.patch);
      return patch ? patchSummary(patch) : undefined;
    }
    default:
      break;
  }
  const command = commandLine(o.command) ?? str(o.cmd);
  if (command !== undefined) {
    // Codex's shell runs apply_patch too: name the files, not the patch.
    if (/^\s*apply_patch\b/.test(command) || (Array.isArray(o.command) && str(o.command[0]) === 'apply_patch')) {
      const patch = Array.isArray(o.command) ? str(o.command[1]) : command;
      return (patch && patchSummary(patch)) ?? command;
    }
    return command;
  }
  return path ?? str(o.url) ?? str(o.query) ?? str(o.skill) ?? str(o.bash_id) ?? str(o.shell_id) ?? firstString(o);
}

/** One line saying what a tool call did: the command, the file, the pattern. */
export function toolSummary(name: string, input: unknown): string {
  const d = describe(name, input);
  return d === undefined || isBinaryText(d) ? name : oneLine(d, SUMMARY_MAX);
}
