// Masks database passwords in any text that may leave the process: messages, errors, URLs.

const MASK = '****';

/** postgres://user:password@host → postgres://user:****@host (any scheme, any URL in a string). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]*)@/gi;
/** key=value connection strings and URL query parameters: password=secret. */
const PASSWORD_PARAM = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&'"]+)/gi;

export class Redactor {
  private readonly secrets: string[] = [];

  /** Registers a secret: it and its URL-encoded forms are masked wherever they appear. */
  add(secret: string | undefined): this {
    if (!secret) return this;
    const forms = new Set([secret, encodeURIComponent(secret), encodeURI(secret)]);
    try {
      forms.add(decodeURIComponent(secret));
    } catch {
      // not URL-encoded: nothing more to add
    }
    for (const f of forms) if (f.length > 0 && !this.secrets.includes(f)) this.secrets.push(f);
    // Longest first, so a secret that contains another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
    return this;
  }

  /** Registers the password held by a connection URL (if any). */
  addUrl(url: string | undefined): this {
    if (!url) return this;
    for (const p of passwordsInUrl(url)) this.add(p);
    return this;
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(MASK);
    out = out.replace(URL_USERINFO, (_m, head: string, pw: string) => (pw === MASK || pw === '' ? `${head}${pw}@` : `${head}${MASK}@`));
    out = out.replace(PASSWORD_PARAM, (_m, head: string) => `${head}${MASK}`);
    return out;
  }

  /** A one-line, redacted message for anything thrown. */
  message(err: unknown): string {
    return this.redact(errorMessage(err));
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    if (err.message) return err.message;
    // AggregateError from net (every address refused) carries the reasons inside.
    if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(errorMessage).join('; ');
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? code : err.name;
  }
  return String(err);
}

/** The password(s) a connection URL carries: in the userinfo and as a `password` query parameter. */
export function passwordsInUrl(url: string): string[] {
  const found: string[] = [];
  try {
    const u = new URL(url);
    if (u.password) found.push(u.password, safeDecode(u.password));
    const q = u.searchParams.get('password');
    if (q) found.push(q);
  } catch {
    // Not a WHATWG URL: fall back to a pattern so even a malformed URL is masked.
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]*)@/i.exec(url);
    if (m && m[1]) found.push(m[1], safeDecode(m[1]));
  }
  return found;
}

/** The URL with its password removed, for display. */
export function displayUrl(url: string): string {
  return new Redactor().addUrl(url).redact(url);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
