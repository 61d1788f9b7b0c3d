/** Query parameters that carry credentials in some connection URLs (`?password=`, `?token=`). */
const SECRET_PARAM = /key|token|secret|sig|auth|pass/i;

/**
 * A connection URL fit for messages, `cache stats` and logs: the password becomes `***` (so a reader still sees
 * that one is set), as do secret-looking query parameters. Text that does not parse as a URL gets the same
 * treatment by pattern.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/(\/\/[^/@\s]*?:)[^/@\s]*@/, '$1***@');
  }
  if (parsed.password) parsed.password = '***';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***');
  }
  return parsed.toString().replace(/%2A%2A%2A/g, '***');
}

/** The secrets a URL carries (password, secret query values), raw and percent-decoded. */
function secretsOf(url: string): string[] {
  const out: string[] = [];
  try {
    const parsed = new URL(url);
    if (parsed.password) out.push(parsed.password);
    for (const [name, value] of parsed.searchParams) if (SECRET_PARAM.test(name) && value) out.push(value);
  } catch {
    const m = /\/\/[^/@\s]*?:([^/@\s]+)@/.exec(url);
    if (m?.[1]) out.push(m[1]);
  }
  return [...new Set(out.flatMap((s) => [s, safeDecode(s), encodeURIComponent(s)]))].sort((a, b) => b.length - a.length);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * `text` (an error message from a driver, say) with every occurrence of the URL replaced by its redacted form and
 * any remaining copy of its secrets replaced by `***`.
 */
export function redactSecrets(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  for (const secret of secretsOf(url)) out = out.split(secret).join('***');
  return out;
}
