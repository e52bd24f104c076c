import { describe, expect, it } from 'vitest';
import { displayUrl, Redactor } from '../../src/apply/redact.js';
import { splitPassword } from '../../src/apply/backup.js';

describe('Redactor', () => {
  const r = new Redactor();

  it('masks the userinfo password of any URL in a text', () => {
    expect(r.redact('connect postgres://bob:hunter2@db:5432/app failed')).toBe('connect postgres://bob:****@db:5432/app failed');
    expect(r.redact('postgresql://bob:@db/app and postgres://bob@db/app')).toBe('postgresql://bob:@db/app and postgres://bob@db/app');
  });

  it('masks password=, sslpassword= and PGPASSWORD= settings (query strings, key/value connection strings, environment echoes)', () => {
    expect(r.redact('postgres://h/db?sslmode=require&password=abc123&x=1')).toBe('postgres://h/db?sslmode=require&password=****&x=1');
    expect(r.redact("host=h password='a b c' dbname=x")).toBe('host=h password=**** dbname=x');
    expect(r.redact('host=h sslpassword=k3y user=u')).toBe('host=h sslpassword=**** user=u');
    expect(r.redact('PGPASSWORD=hunter2 pg_dump -Fc')).toBe('PGPASSWORD=**** pg_dump -Fc');
    expect(r.redact('export PGPASSWORD="p@ss word"; psql')).toBe('export PGPASSWORD=****; psql');
  });

  // Each password where it lives, and a message that contains its letters naturally: only the former is masked.
  const cases: Array<{ password: string; text: (url: string) => string; expected: string }> = [
    {
      password: 'postgres',
      text: (url) => `Cannot connect to ${url}: password authentication failed for user "postgres"`,
      expected: 'Cannot connect to postgres://postgres:****@127.0.0.1:5432/postgres: password authentication failed for user "postgres"',
    },
    {
      password: 'pass',
      text: (url) => `${url}: password authentication failed for user "app" (pass the right one)`,
      expected: 'postgres://app:****@127.0.0.1:5432/postgres: password authentication failed for user "app" (pass the right one)',
    },
    {
      password: 'x',
      text: (url) => `${url}: max_connections exceeded, export PGPASSWORD=x && psql password=x`,
      expected: 'postgres://app:****@127.0.0.1:5432/postgres: max_connections exceeded, export PGPASSWORD=**** && psql password=****',
    },
    {
      password: 'p@ss%word',
      text: (url) => `${url} failed: the p@ss%word-like text of a message stays`,
      expected: 'postgres://app:****@127.0.0.1:5432/postgres failed: the p@ss%word-like text of a message stays',
    },
  ];
  for (const { password, text, expected } of cases) {
    for (const [form, pw] of [['raw', password], ['URL-encoded', encodeURIComponent(password)]] as const) {
      it(`password ${JSON.stringify(password)} (${form}): masked in the URL, the message's own words kept`, () => {
        const user = password === 'postgres' ? 'postgres' : 'app';
        expect(r.redact(text(`postgres://${user}:${pw}@127.0.0.1:5432/postgres`))).toBe(expected);
      });
    }
  }

  it('masks a URL whose password has a raw @ up to the host, as URL parsers read it', () => {
    const url = 'postgres://app:p@ss%word@127.0.0.1:5432/db';
    expect(new URL(url).password).toBe('p%40ss%word');
    expect(displayUrl(url)).toBe('postgres://app:****@127.0.0.1:5432/db');
    expect(displayUrl('postgres://u:hunter2@h:notaport/db')).toBe('postgres://u:****@h:notaport/db');
  });

  it('reports AggregateError reasons (every address refused)', () => {
    const err = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], '');
    expect(r.message(err)).toBe('connect ECONNREFUSED ::1:5432');
  });
});

describe('splitPassword (pg_dump gets the password in PGPASSWORD)', () => {
  it('removes the password from the URL, keeping the rest', () => {
    expect(splitPassword('postgres://app:s3cr%25t@127.0.0.1:5432/db?sslmode=verify-full&sslrootcert=/ca.pem')).toEqual({
      url: 'postgres://app@127.0.0.1:5432/db?sslmode=verify-full&sslrootcert=/ca.pem',
      password: 's3cr%t',
    });
    expect(splitPassword('postgres://app@h/db?password=x%20y')).toEqual({ url: 'postgres://app@h/db', password: 'x y' });
    expect(splitPassword('postgres://app@h/db')).toEqual({ url: 'postgres://app@h/db' });
  });
});
