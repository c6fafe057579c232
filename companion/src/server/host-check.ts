/** DNS-rebinding guard: only loopback names with our exact port are acceptable Host values. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}
