/** The companion answers plain HTTP with 426; anything answering means "running but refused us". */
export async function probeCompanion(port: number, timeoutMs = 1_500): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal, cache: 'no-store', credentials: 'omit' });
    return res.status === 426;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
