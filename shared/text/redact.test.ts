import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

// Built from pieces so this file does not itself look like it holds live credentials.
const ANTHROPIC = ['sk', 'ant', 'api03', 'Ab3dEf6hIj9kLmN0pQr_StUvWxYz-0123456789'].join('-');
const GH_CLASSIC = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;
const GH_FINE = `github_pat_${'11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV'}`;
const AWS_ID = `AKIA${'IOSFODNN7EXAMPLE'}`;
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('redactSecrets', () => {
  it('redacts an Anthropic key', () => {
    const out = redactSecrets(`// TODO rotate ${ANTHROPIC} before release`);
    expect(out).toBe('// TODO rotate [REDACTED] before release');
  });

  it('redacts classic and other GitHub tokens', () => {
    expect(redactSecrets(`token = "${GH_CLASSIC}"`)).toBe('token = "[REDACTED]"');
    for (const prefix of ['gho_', 'ghu_', 'ghs_', 'ghr_']) {
      expect(redactSecrets(`${prefix}${'x'.repeat(36)}`)).toBe('[REDACTED]');
    }
  });

  it('redacts a fine-grained GitHub token', () => {
    expect(redactSecrets(`GITHUB_TOKEN=${GH_FINE} # FIXME`)).toBe('GITHUB_TOKEN=[REDACTED] # FIXME');
  });

  it('redacts AWS access key ids (AKIA and ASIA)', () => {
    expect(redactSecrets(`aws_access_key_id = ${AWS_ID}`)).toBe('aws_access_key_id = [REDACTED]');
    expect(redactSecrets(`ASIA${'ABCDEFGHIJ234567'}`)).toBe('[REDACTED]');
  });

  it('redacts AWS secret key assignments and keeps the name', () => {
    expect(redactSecrets(`aws_secret_access_key=${AWS_SECRET}`)).toBe('aws_secret_access_key=[REDACTED]');
    expect(redactSecrets(`AWS_SECRET_ACCESS_KEY: "${AWS_SECRET}"`)).toBe('AWS_SECRET_ACCESS_KEY: "[REDACTED]"');
    expect(redactSecrets(`aws_secret_access_key = '${AWS_SECRET}'`)).toBe("aws_secret_access_key = '[REDACTED]'");
  });

  it('redacts a PEM private key block, keeping the text around it', () => {
    const pem = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
      'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const out = redactSecrets(`before\n${pem}\nafter TODO`);
    expect(out).toBe('before\n[REDACTED PRIVATE KEY]\nafter TODO');
    expect(out).not.toMatch(/MIIE|BEGIN|END/);
  });

  it('redacts other private key kinds (OPENSSH, EC, plain)', () => {
    for (const kind of ['OPENSSH PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
      const out = redactSecrets(`-----BEGIN ${kind}-----\nAAAA\n-----END ${kind}-----`);
      expect(out).toBe('[REDACTED PRIVATE KEY]');
    }
  });

  it('redacts a truncated private key block with no END line to the end of the text', () => {
    const out = redactSecrets('config:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7');
    expect(out).toBe('config:\n[REDACTED PRIVATE KEY]');
  });

  it('redacts several secrets in one text', () => {
    const out = redactSecrets(`${ANTHROPIC} ${GH_CLASSIC} ${AWS_ID}`);
    expect(out).toBe('[REDACTED] [REDACTED] [REDACTED]');
  });

  it.each([
    'TODO: handle the empty case',
    'const skAnt = "sk-ant"; // too short to be a key',
    'see https://github.com/octocat/hello-world/pull/12',
    'ghp_short',
    'AKIA is the prefix of an access key id',
    'aws_secret_access_key=${AWS_SECRET_ACCESS_KEY}',
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
    '-----BEGIN CERTIFICATE-----',
    'ünïcödé text, tabs\tand\r\nnewlines',
    '',
  ])('leaves ordinary text %j untouched', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
