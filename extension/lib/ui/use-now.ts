import { useEffect, useState } from 'preact/hooks';

/**
 * Re-renders every `everyMs` (aligned to whole seconds so countdowns tick evenly) and returns the
 * time at render: a value from the last tick would lag behind state that changed since.
 */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, everyMs - (Date.now() % everyMs) + 5);
    };
    timer = setTimeout(tick, everyMs - (Date.now() % everyMs) + 5);
    return () => clearTimeout(timer);
  }, [everyMs]);
  return Math.max(now, Date.now());
}
