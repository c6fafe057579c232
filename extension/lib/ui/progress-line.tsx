/** "Scanning… 1200 / 16497": long work's progress, announced politely. */
export function ProgressLine({ progress }: { progress: { stage: string; done?: number; total?: number } | null }) {
  if (!progress) return null;
  return (
    <p class="progress" role="status">
      {progress.stage}
      {progress.total ? ` ${progress.done ?? 0} / ${progress.total}` : ''}
    </p>
  );
}
