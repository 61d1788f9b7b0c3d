import { ConfigError } from '../errors/index.js';

/**
 * Where requests go and which key they carry. The key comes from the environment only — never a flag or file —
 * and is reported by the NAME of its variable (`keySource`) so that nothing printable ever holds it.
 */

/** Environment families, in precedence order: each names a base-URL variable and its key variable. */
export const ENDPOINT_ENV = [
  { url: 'SFT_LABEL_BASE_URL', key: 'SFT_LABEL_API_KEY' },
  { url: 'OPENAI_BASE_URL', key: 'OPENAI_API_KEY' },
  { url: 'LITELLM_BASE_URL', key: 'LITELLM_API_KEY' },
] as const;

export interface Endpoint {
  baseUrl: string;
  /** Null when no key is set (local vLLM / Ollama need none). Never print this. */
  apiKey: string | null;
  /** Name of the env var the key came from, or null. Safe to print. */
  keySource: string | null;
  /** Where the URL came from: `--base-url`, an env var name, or `models.yaml`. Safe to print. */
  urlSource: string;
  /** The URL was chosen by the user (flag or env), not taken from the registry's default. */
  explicit: boolean;
  /**
   * The endpoint is a gateway (LiteLLM proxy, OpenRouter, a company proxy): models are named by their registry id
   * and provider extras are the gateway's business (see modelForEndpoint). True for LITELLM_BASE_URL, the seed's
   * proxy variable; for any other URL when SFT_LABEL_GATEWAY=1 or `--gateway`; SFT_LABEL_GATEWAY=0 turns it off.
   */
  gateway: boolean;
}

/** Env var forcing gateway mode on (1/true/yes) or off (0/false/no) for whatever URL is used. */
export const GATEWAY_ENV = 'SFT_LABEL_GATEWAY';

export interface ResolveEndpointOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** `--base-url`: overrides every env variable. */
  baseUrl?: string;
  /** The resolved model's registry defaults, used when no URL is given by flag or env. */
  model?: { baseUrl: string | null; apiKeyEnv: string | null };
  /** `--gateway`: treat the endpoint as a gateway whatever its variable (wins over SFT_LABEL_GATEWAY). */
  gateway?: boolean;
}

/**
 * Pick base URL and key. URL: `--base-url`, else the first set *_BASE_URL of ENDPOINT_ENV, else the model's
 * registry default. Key: the variable paired with the URL first (the family's *_API_KEY, or the model's api_key_env
 * for its registry URL), then the families in order. A model's api_key_env is never sent to a user-chosen URL.
 */
export function resolveEndpoint(options: ResolveEndpointOptions): Endpoint {
  const { env } = options;
  const set = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const family = ENDPOINT_ENV.find((f) => set(f.url));
  let baseUrl: string | undefined;
  let urlSource: string;
  let explicit = true;
  const keyOrder: string[] = [];
  if (options.baseUrl?.trim()) {
    baseUrl = options.baseUrl.trim();
    urlSource = '--base-url';
  } else if (family) {
    baseUrl = set(family.url);
    urlSource = family.url;
    keyOrder.push(family.key);
  } else if (options.model?.baseUrl) {
    baseUrl = options.model.baseUrl;
    urlSource = 'models.yaml';
    explicit = false;
    if (options.model.apiKeyEnv) keyOrder.push(options.model.apiKeyEnv);
  } else {
    throw new ConfigError(
      'no endpoint: pass --base-url or set one of ' + ENDPOINT_ENV.map((f) => f.url).join(', ') +
        ' (with its key in ' + ENDPOINT_ENV.map((f) => f.key).join(' / ') + ')',
    );
  }
  if (!/^https?:\/\//i.test(baseUrl ?? ''))
    throw new ConfigError(`base URL from ${urlSource} is not an http(s) URL: "${truncate(baseUrl ?? '')}"`);
  keyOrder.push(...ENDPOINT_ENV.map((f) => f.key));
  const keySource = keyOrder.find((name) => set(name)) ?? null;
  return {
    baseUrl: (baseUrl ?? '').replace(/\/+$/, ''),
    apiKey: keySource ? (set(keySource) ?? null) : null,
    keySource,
    urlSource,
    explicit,
    gateway: gatewayMode(options, urlSource),
  };
}

function gatewayMode(options: ResolveEndpointOptions, urlSource: string): boolean {
  if (options.gateway !== undefined) return options.gateway;
  const flag = options.env[GATEWAY_ENV]?.trim().toLowerCase();
  if (flag && /^(1|true|yes|on)$/.test(flag)) return true;
  if (flag && /^(0|false|no|off)$/.test(flag)) return false;
  return urlSource === 'LITELLM_BASE_URL';
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/**
 * The endpoint as it may be printed and recorded (cache keys, run.json, production locks): credentials in the URL (`https://user:pass@host`) and secret-looking query
 * parameters (Azure's `api-key=`) are dropped, trailing slashes removed, so the same endpoint keys the same.
 */
export function normaliseEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return endpoint.replace(/\/+$/, '');
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (/key|token|secret|sig|auth|password/i.test(name)) url.searchParams.delete(name);
  }
  url.hash = '';
  return url.toString().replace(/\/+$/, '').replace(/\/+\?/, '?');
}

/** The host (and port) of a base URL, for messages and tables (never a key); the text itself when it does not parse. */
export function endpointHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
