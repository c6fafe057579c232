import { DEFAULT_PORT } from '../../../shared/protocol/version';
import { UsageError } from './usage-error';

export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--port must be a number from 1 to 65535, not "${value}".`);
  return port;
}
