import { createHash } from 'node:crypto';

/**
 * A strict Content-Security-Policy for a self-contained report: nothing may be fetched (default-src 'none'),
 * inline styles are allowed, and only the given inline scripts run, each allowed by its sha256. Injected markup
 * (an `onerror=` attribute, a `<script>` element) would be blocked even if escaping ever failed.
 */
export function strictCsp(inlineScripts: readonly string[] = []): string {
  const hashes = inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    `script-src ${hashes.length ? hashes.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
