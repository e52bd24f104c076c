// Masks database passwords where they live in a text: the userinfo password of a URL, a
// `password=` parameter (URL query, libpq key/value string), a `PGPASSWORD=` echo. Only there:
// masking every occurrence of the password would turn "password authentication failed" into
// "****word authentication failed" for the password `pass`, and so give the password away.

const MASK = '****';

/**
 * scheme://user:password@ — the password runs to the last `@` of the authority (before `/`, `?`,
 * `#` or whitespace), as URL parsers read it, so a raw `@` in the password is masked with it.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)([^\s/?#]*)@/gi;
/** password=, sslpassword= and PGPASSWORD=secret: URL query parameters, libpq connection strings, environment echoes. */
const PASSWORD_SETTING = /(\b(?:pg|ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s&'"]+)/gi;

/** Stateless; an object so the engine's options can carry one from the CLI down to every message it builds. */
export class Redactor {
  redact(text: string): string {
    return text
      .replace(URL_USERINFO, (_m, head: string, pw: string) => `${head}${pw === '' ? '' : MASK}@`)
      .replace(PASSWORD_SETTING, (_m, head: string) => `${head}${MASK}`);
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

/** The URL with its password masked, for display. */
export function displayUrl(url: string): string {
  return new Redactor().redact(url);
}
