import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { servingHeapArgs } from '../../scripts/lib/heap';

const secret = 'x'.repeat(40);

describe('environment check at start', () => {
  it('accepts the embedded default: no DATABASE_URL', () => {
    const env = parseEnv({ NEXTAUTH_SECRET: secret });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe('data');
  });

  it('keeps mails without SMTP_URL; names a wrong mail server or sender', () => {
    const kept = parseEnv({ NEXTAUTH_SECRET: secret, SMTP_URL: '' });
    expect(kept.SMTP_URL).toBeUndefined();
    expect(kept.MAIL_FROM).toBe('Monitor Strategii <no-reply@localhost>');
    const smtp = parseEnv({
      NEXTAUTH_SECRET: secret,
      SMTP_URL: 'smtps://user:pass@mail.leszno.local:465',
      MAIL_FROM: 'Biuro Strategii <strategia@leszno.pl>',
    });
    expect(smtp.SMTP_URL).toBe('smtps://user:pass@mail.leszno.local:465');
    expect(smtp.MAIL_FROM).toBe('Biuro Strategii <strategia@leszno.pl>');
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, SMTP_URL: 'mail.leszno.local' })).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, MAIL_FROM: 'Biuro' })).toThrow(/MAIL_FROM/);
  });

  it('names a missing secret', () => {
    expect(() => parseEnv({})).toThrow(/NEXTAUTH_SECRET/);
  });

  it('names an invalid database URL', () => {
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: must be a postgres/,
    );
  });

  it('names an invalid session limit', () => {
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, SESSION_IDLE_MINUTES: 'soon' })).toThrow(
      /SESSION_IDLE_MINUTES/,
    );
  });

  it('bounds the pages rendered at once: 8 by default, a wrong value named', () => {
    expect(parseEnv({ NEXTAUTH_SECRET: secret }).MAX_CONCURRENT_REQUESTS).toBe(8);
    expect(parseEnv({ NEXTAUTH_SECRET: secret, MAX_CONCURRENT_REQUESTS: '16' }).MAX_CONCURRENT_REQUESTS).toBe(
      16,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, MAX_CONCURRENT_REQUESTS: '0' })).toThrow(
      /MAX_CONCURRENT_REQUESTS/,
    );
  });

  it('runs one process by default; several only on PostgreSQL', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/monitor';
    expect(parseEnv({ NEXTAUTH_SECRET: secret }).APP_PROCESSES).toBe(1);
    expect(parseEnv({ NEXTAUTH_SECRET: secret, DATABASE_URL: url, APP_PROCESSES: '2' }).APP_PROCESSES).toBe(
      2,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, APP_PROCESSES: '2' })).toThrow(
      /APP_PROCESSES: more than one process needs DATABASE_URL/,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, DATABASE_URL: '', APP_PROCESSES: '2' })).toThrow(
      /APP_PROCESSES/,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: secret, DATABASE_URL: url, APP_PROCESSES: '0' })).toThrow(
      /APP_PROCESSES/,
    );
  });

  it("leaves each serving process's heap limit to Node unless told otherwise", () => {
    expect(parseEnv({ NEXTAUTH_SECRET: secret }).APP_HEAP_MIB).toBe(0);
    expect(parseEnv({ NEXTAUTH_SECRET: secret, APP_HEAP_MIB: '2048' }).APP_HEAP_MIB).toBe(2048);
    expect(parseEnv({ NEXTAUTH_SECRET: secret, APP_HEAP_MIB: '0' }).APP_HEAP_MIB).toBe(0);
    for (const wrong of ['100', '-1', '1.5', 'dużo'])
      expect(() => parseEnv({ NEXTAUTH_SECRET: secret, APP_HEAP_MIB: wrong })).toThrow(/APP_HEAP_MIB/);
    expect(servingHeapArgs(1024)).toEqual(['--max-old-space-size=1024']);
    expect(servingHeapArgs(0)).toEqual([]);
  });

  it('names CC BY 4.0 as the open data licence unless the city sets another', () => {
    expect(parseEnv({ NEXTAUTH_SECRET: secret }).OPEN_DATA_LICENCE).toBe('CC BY 4.0');
    expect(parseEnv({ NEXTAUTH_SECRET: secret, OPEN_DATA_LICENCE: ' ' }).OPEN_DATA_LICENCE).toBe('CC BY 4.0');
    expect(parseEnv({ NEXTAUTH_SECRET: secret, OPEN_DATA_LICENCE: 'CC0 1.0 ' }).OPEN_DATA_LICENCE).toBe(
      'CC0 1.0',
    );
  });
});
