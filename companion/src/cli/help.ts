export const HELP = `sessionpilot — focused, time-boxed coding sessions (the local companion and CLI)

Usage: sessionpilot <command> [options]

Commands:
  scan <path> [--json] [--no-git] [--tests off] [--max-file-mb N] [--tag WORD]... [--no-cache]
      Find TODO/FIXME/HACK/XXX/BUG markers (and extra --tag words), git state, failing tests
      from the last run's reports, and project facts. --no-git --tests off: markers only.
  plan <path> --goal <text> --minutes <n> [--focus bugs=1,features=0.5,refactor=0.2] [--model M] [--json]
      Scan, then plan tasks that fit the budget (15-480 min): with Claude when ANTHROPIC_API_KEY
      is set (tasks stream to stderr as they arrive; Ctrl+C cancels), else the offline planner.
  usage [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--json]
      Claude Code and Codex token usage and cost per local day (TZ honoured), read from the
      agents' local logs; re-runs read only what was appended. Days match ccusage daily.
  serve [--port N]      Run the companion the browser extension connects to.
  pair [--port N]       Print a one-time code to pair the extension with this companion.
  unpair                Forget the pairing; the extension is refused until paired again.
  roots add|list|remove <path>
                        Manage the folders the extension may ask the companion about.
  tests set <path> [--timeout S] -- <command> [args...]
  tests list | tests remove <path>
                        Let the extension run a workspace's tests (a command set only here).
  help [command]        Show this help.

Options:
  --json                Print exactly one JSON document on stdout (notices go to stderr).
  -h, --help            Show help.
  -v, --version         Show the version.

Environment:
  SESSIONPILOT_HOME     Where all companion state lives (default: ~/.config/sessionpilot).
                        usage keeps its import offsets there, and reads prices from
                        usage/prices.json ({"model": {input, output, cacheWrite, cacheRead}}
                        in USD per million tokens) to override the bundled table.
  CLAUDE_CONFIG_DIR     Claude Code's config folders, comma-separated (default: ~/.config/claude
                        and ~/.claude); usage reads their projects/**/*.jsonl.
  CODEX_HOME            Codex's folder (default: ~/.codex); usage reads sessions/ and
                        archived_sessions/.
  ANTHROPIC_API_KEY     plan asks Claude (--model, default claude-sonnet-4-5); on failure it
                        says why and falls back to the offline planner.
  ANTHROPIC_BASE_URL    Where the Anthropic API is (default: the SDK's).
`;
