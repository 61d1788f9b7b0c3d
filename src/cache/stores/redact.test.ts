import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from './redact.js';

describe('redactUrl', () => {
  it('masks the password and secret query parameters, keeps the rest', () => {
    expect(redactUrl('redis://:s3cret@cache.lan:6379/2')).toBe('redis://:***@cache.lan:6379/2');
    expect(redactUrl('rediss://default:tok%40en@eu1.example.io:6380')).toBe('rediss://default:***@eu1.example.io:6380');
    expect(redactUrl('redis://cache.lan:6379?password=abc&db=1')).toBe('redis://cache.lan:6379?password=***&db=1');
    expect(redactUrl('redis://cache.lan:6379')).toBe('redis://cache.lan:6379');
  });

  it('masks credentials in text that does not parse as a URL', () => {
    expect(redactUrl('redis://:s3cret@[bad')).toBe('redis://:***@[bad');
  });
});

describe('redactSecrets', () => {
  it('removes the URL and its password (raw, encoded or decoded) from any text', () => {
    const url = 'redis://:p%40ss%3Aword@host:6379';
    const text = `connect to ${url} failed; AUTH p@ss:word rejected; sent p%40ss%3Aword`;
    const out = redactSecrets(text, url);
    expect(out).toBe('connect to redis://:***@host:6379 failed; AUTH *** rejected; sent ***');
  });

  it('leaves text alone when the URL has no secret', () => {
    expect(redactSecrets('ECONNREFUSED 127.0.0.1:6379', 'redis://127.0.0.1:6379')).toBe('ECONNREFUSED 127.0.0.1:6379');
  });
});
