import { describe, expect, it } from 'vitest';
import { displayUrl, passwordsInUrl, Redactor } from '../../src/apply/redact.js';
import { splitPassword } from '../../src/apply/backup.js';

describe('Redactor', () => {
  it('masks the userinfo password of any URL in a text', () => {
    const r = new Redactor();
    expect(r.redact('connect postgres://bob:hunter2@db:5432/app failed')).toBe('connect postgres://bob:****@db:5432/app failed');
    expect(r.redact('postgresql://bob:@db/app and postgres://bob@db/app')).toBe('postgresql://bob:@db/app and postgres://bob@db/app');
  });

  it('masks a registered password wherever it appears, raw or URL-encoded', () => {
    const pw = 's3cr%t:p@ss/w0rd';
    const url = `postgres://app:${encodeURIComponent(pw)}@h/db`;
    const r = new Redactor().addUrl(url);
    expect(r.redact(`echo ${pw} and ${encodeURIComponent(pw)} and ${url}`)).toBe('echo **** and **** and postgres://app:****@h/db');
    expect(r.message(new Error(`auth failed for ${pw}`))).toBe('auth failed for ****');
  });

  it('masks password= parameters (query strings, key/value connection strings)', () => {
    const r = new Redactor();
    expect(r.redact('postgres://h/db?sslmode=require&password=abc123&x=1')).toBe('postgres://h/db?sslmode=require&password=****&x=1');
    expect(r.redact("host=h password='a b c' dbname=x")).toBe('host=h password=**** dbname=x');
  });

  it('finds the password of a URL in userinfo and query, even when the URL does not parse', () => {
    expect(passwordsInUrl('postgres://u:p%40ss@h/db?password=q')).toEqual(['p%40ss', 'p@ss', 'q']);
    expect(passwordsInUrl('postgres://u:hunter2@h:notaport/db')).toEqual(['hunter2', 'hunter2']);
    expect(displayUrl('postgres://u:hunter2@h/db')).toBe('postgres://u:****@h/db');
  });

  it('reports AggregateError reasons (every address refused)', () => {
    const err = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], '');
    expect(new Redactor().message(err)).toBe('connect ECONNREFUSED ::1:5432');
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
