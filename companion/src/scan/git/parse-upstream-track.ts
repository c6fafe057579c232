/** Parses `%(upstream:track,nobracket)`: "ahead 1, behind 2", "behind 3", "" (in step) or "gone" (null). */
export function parseUpstreamTrack(track: string): { ahead: number; behind: number } | null {
  if (track.trim() === 'gone') return null;
  return {
    ahead: Number(/ahead (\d+)/.exec(track)?.[1] ?? 0),
    behind: Number(/behind (\d+)/.exec(track)?.[1] ?? 0),
  };
}
