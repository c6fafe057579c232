import { z } from 'zod';

/**
 * Companion methods for reading AI coding agents' past sessions (replay). The companion lists only
 * sessions whose `cwd` is inside an allowed root, sends log text redacted and cut, and pages long
 * sessions by opaque cursors, so the extension never holds a whole log.
 */
const tokens = z.number().int().nonnegative();
export const AgentKindSchema = z.enum(['claude', 'codex']);
export type AgentKind = z.infer<typeof AgentKindSchema>;

/** Which session: the agent and its own session id (Claude Code's `sessionId`, Codex's session id). */
export const AgentSessionRefSchema = z.object({
  agent: AgentKindSchema,
  sessionId: z.string().min(1).max(200),
});
export type AgentSessionRef = z.infer<typeof AgentSessionRefSchema>;

export const AgentSessionSummarySchema = AgentSessionRefSchema.extend({
  /** The folder the agent ran in, as its real path (links resolved), always inside an allowed root. */
  cwd: z.string().nullable(),
  /** Epoch ms of the first and last line with a time. */
  startedAt: z.number(),
  endedAt: z.number(),
  /** The first user message, redacted, on one line and cut to 200 characters; '' when the user typed none. */
  title: z.string().max(400),
  models: z.array(z.string()).max(20),
  /** Assistant API responses after deduplication (what usage counts), and user messages typed. */
  turns: z.number().int().nonnegative(),
  userMessages: z.number().int().nonnegative(),
  inputTokens: tokens,
  outputTokens: tokens,
  cacheCreationTokens: tokens,
  cacheReadTokens: tokens,
  totalTokens: tokens,
  /** USD of the priced responses; null when no response had a known price (0 when there were no responses). */
  cost: z.number().nonnegative().nullable(),
  /** Models seen with tokens but no known price (their cost is missing from `cost`). */
  unpricedModels: z.array(z.string()).max(20),
  /** Files the agent edited, relative to `cwd` when inside it (at most 200). */
  files: z.array(z.string().max(4096)).max(200),
  /** Log lines in the session's file(s), for "10,000 lines" style sizes. */
  lines: z.number().int().nonnegative(),
});
export type AgentSessionSummary = z.infer<typeof AgentSessionSummarySchema>;

const at = z.number().nullable();
const line = z.number().int().positive();
/** Text cut by the companion says how much was left out, so the view can say so. */
const cut = z.number().int().nonnegative();

/** One thing that happened in a session, in log order. All text is redacted and untrusted. */
export const ConversationItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), at, line, text: z.string(), omittedChars: cut }),
  /** Markdown written by the model: render only through the sanitizer. */
  z.object({ kind: z.literal('assistant'), at, line, text: z.string(), omittedChars: cut, model: z.string().nullable(), isSidechain: z.boolean() }),
  z.object({ kind: z.literal('thinking'), at, line, text: z.string(), omittedChars: cut }),
  z.object({
    kind: z.literal('tool_use'),
    at,
    line,
    toolUseId: z.string().max(200).nullable(),
    /** Bash, Read, Edit, Grep, apply_patch, shell … */
    name: z.string().max(200),
    /** One line saying what it did: the command, the file path, the pattern. */
    summary: z.string().max(1000),
    /** The input as pretty JSON (or the raw command), cut. */
    input: z.string(),
    omittedChars: cut,
  }),
  z.object({
    kind: z.literal('tool_result'),
    at,
    line,
    toolUseId: z.string().max(200).nullable(),
    isError: z.boolean(),
    text: z.string(),
    omittedChars: cut,
  }),
  /** Summaries, compaction notices, model or folder changes, and line kinds the reader does not know. */
  z.object({ kind: z.literal('system'), at, line, text: z.string(), omittedChars: cut }),
]);
export type ConversationItem = z.infer<typeof ConversationItemSchema>;

/** An opaque position in a session's log (the companion decodes and checks it). */
const cursor = z.string().max(200);

export const AgentMethods = {
  /**
   * Imported agent sessions inside the allowed roots, latest activity first, filtered and paged.
   * Errors: `path_not_allowed` / `path_not_found` / `bad_params` for `path`.
   */
  'agents.sessions': {
    params: z
      .object({
        /** Words matched case-insensitively against title, cwd, models and session id. */
        query: z.string().max(500).optional(),
        agent: AgentKindSchema.optional(),
        /** Only sessions whose cwd is inside this folder (itself confined to the roots). */
        path: z.string().min(1).max(4096).optional(),
        /** Epoch ms: sessions active in [from, to] (last activity ≥ from, first ≤ to). */
        from: z.number().nonnegative().optional(),
        to: z.number().nonnegative().optional(),
        offset: z.number().int().nonnegative().max(1_000_000).default(0),
        limit: z.number().int().positive().max(500).default(100),
      })
      .strict(),
    result: z.object({
      sessions: z.array(AgentSessionSummarySchema),
      /** Matching sessions in all, for "showing 1–100 of 2,310". */
      total: z.number().int().nonnegative(),
      notices: z.array(z.string()),
    }),
  },
  /**
   * One page of a session's conversation, from a cursor (the start when absent). Errors:
   * `session_not_found` (no such session, or its folder is outside the roots: the same answer),
   * `bad_cursor` (not a cursor the companion made), `stale_cursor` (the log was rewritten or
   * replaced since: open the session again). A log that only grew keeps its cursors valid.
   */
  'agents.session.page': {
    params: AgentSessionRefSchema.extend({
      cursor: cursor.optional(),
      limit: z.number().int().positive().max(500).default(200),
    }).strict(),
    result: z.object({
      items: z.array(ConversationItemSchema),
      /** Where the next page starts; null at the end of the log. */
      nextCursor: cursor.nullable(),
      /** Malformed or unknown lines skipped on this page. */
      skipped: z.number().int().nonnegative(),
    }),
  },
  /** The user's questions in order, each with the cursor that opens the page starting at it. Errors: `session_not_found`. */
  'agents.session.outline': {
    params: AgentSessionRefSchema.strict(),
    result: z.object({
      questions: z.array(z.object({ at, line, text: z.string().max(400), cursor })).max(5000),
      lines: z.number().int().nonnegative(),
    }),
  },
} as const;
