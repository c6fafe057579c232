import { join } from 'node:path';
import { z } from 'zod';
import { ensureHome, sessionpilotHome } from './sessionpilot-home';
import { readJsonFile, removeFile, writeJsonFile, type ReadJsonResult } from './json-file';

/** A workspace's test command, set only locally (`sessionpilot tests set`): an argument array, never a shell line. */
export const TestCommandSchema = z.object({
  argv: z.array(z.string().min(1)).min(1).max(64),
  timeoutSeconds: z.number().int().min(1).max(3600).default(600),
});
export type TestCommand = z.infer<typeof TestCommandSchema>;

export const ConfigSchema = z.object({
  roots: z.array(z.string()).default([]),
  /** By real root path. */
  testCommands: z.record(z.string(), TestCommandSchema).default({}),
});
export type CompanionConfig = z.infer<typeof ConfigSchema>;

export const PairingSchema = z.object({
  secret: z.string().regex(/^[0-9a-f]{64}$/),
  origin: z.string(),
  pairedAt: z.number(),
});
export type Pairing = z.infer<typeof PairingSchema>;

export const PendingPairingSchema = z.object({
  code: z.string(),
  expiresAt: z.number(),
  attempts: z.number().int().nonnegative(),
});
export type PendingPairing = z.infer<typeof PendingPairingSchema>;

/** The companion's files under SESSIONPILOT_HOME: config (roots), pairing (secret), pending code. */
export class CompanionState {
  readonly home: string;
  constructor(home = sessionpilotHome()) {
    this.home = home;
  }
  private path(name: string): string {
    return join(ensureHome(this.home), name);
  }
  get configPath(): string {
    return this.path('config.json');
  }
  readConfig(): ReadJsonResult<CompanionConfig> {
    return readJsonFile(this.configPath, ConfigSchema);
  }
  writeConfig(config: z.input<typeof ConfigSchema>): void {
    writeJsonFile(this.configPath, config);
  }
  readPairing(): ReadJsonResult<Pairing> {
    return readJsonFile(this.path('pairing.json'), PairingSchema);
  }
  writePairing(pairing: Pairing): void {
    writeJsonFile(this.path('pairing.json'), pairing);
  }
  removePairing(): void {
    removeFile(this.path('pairing.json'));
  }
  readPendingPairing(): ReadJsonResult<PendingPairing> {
    return readJsonFile(this.path('pending-pairing.json'), PendingPairingSchema);
  }
  writePendingPairing(pending: PendingPairing): void {
    writeJsonFile(this.path('pending-pairing.json'), pending);
  }
  removePendingPairing(): void {
    removeFile(this.path('pending-pairing.json'));
  }
}
