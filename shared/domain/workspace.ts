import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids';

/** GitHub's rules: owner 1–39 alphanumerics or single hyphens; repo of letters, digits, `.`, `_`, `-`. */
const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

export const GithubRepoSchema = z
  .string()
  .trim()
  .regex(GITHUB_REPO, { message: 'The GitHub repository must look like owner/repo (for example octocat/hello-world).' });

/** An absolute POSIX path or a Windows drive path; existence is checked by the companion. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/])/;

export const WorkspacePathSchema = z
  .string()
  .trim()
  .min(1, { message: 'Enter the folder of your local repository.' })
  .max(4096, { message: 'That path is too long.' })
  .refine((p) => !p.includes('\0'), { message: 'The path contains a NUL character.' })
  .refine((p) => ABSOLUTE_PATH.test(p), {
    message: 'Use an absolute path, such as /home/you/code/project.',
  });

export const WorkspaceNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'Give the workspace a name.' })
  .max(100, { message: 'Keep the name under 100 characters.' });

/** An extra marker word for one workspace (e.g. NOTE, OPTIMIZE): letters, digits, _ and -. */
export const MarkerWordSchema = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$/, {
  message: 'Extra marker words use letters, digits, _ or - (up to 32 characters), separated by commas.',
});

/** "NOTE, OPTIMIZE" → ["NOTE", "OPTIMIZE"]; empty → undefined. */
const ExtraTagsInputSchema = z
  .string()
  .max(1000)
  .transform((s) => [...new Set(s.split(/[,\s]+/).filter(Boolean))])
  .pipe(z.array(MarkerWordSchema).max(20, { message: 'Up to 20 extra marker words.' }))
  .transform((tags) => (tags.length ? tags : undefined));

/** What a person types in the workspace form. */
export const WorkspaceDraftSchema = z.object({
  name: WorkspaceNameSchema,
  path: WorkspacePathSchema,
  githubRepo: z
    .string()
    .trim()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(GithubRepoSchema.optional())
    .optional(),
  extraTags: ExtraTagsInputSchema.optional(),
});
export type WorkspaceDraft = z.input<typeof WorkspaceDraftSchema>;

export const WorkspaceSchema = z.object({
  id: IdSchema,
  name: WorkspaceNameSchema,
  path: WorkspacePathSchema,
  githubRepo: GithubRepoSchema.optional(),
  extraTags: z.array(MarkerWordSchema).max(20).optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Workspace = z.infer<typeof WorkspaceSchema>;
