// Every string exists in both languages: a key missing in English would show the Chinese text
// (the fallback), and one missing in Chinese would show the raw key to a Chinese user.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url).pathname;
const features = join(here, '../features');

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function pluralBase(key: string) {
  return key.replace(/_(zero|one|two|few|many|other)$/, '');
}

const sources = [
  { name: 'shared', dir: here },
  ...readdirSync(features)
    .filter((f) => existsSync(join(features, f, 'i18n')))
    .map((f) => ({ name: f, dir: join(features, f, 'i18n') })),
];

describe.each(sources)('$name strings', ({ dir }) => {
  const load = (lang: string) => JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8')) as object;
  it('has the same keys in zh-CN and en', () => {
    const zh = new Set(keys(load('zh-CN')).map(pluralBase));
    const en = new Set(keys(load('en')).map(pluralBase));
    expect(
      [...zh].filter((k) => !en.has(k)),
      'missing in en',
    ).toEqual([]);
    expect(
      [...en].filter((k) => !zh.has(k)),
      'missing in zh-CN',
    ).toEqual([]);
  });
  it('has no empty string', () => {
    for (const lang of ['zh-CN', 'en']) {
      const flat = keys(load(lang));
      const get = (k: string) => k.split('.').reduce<any>((o, p) => o[p], load(lang));
      expect(
        flat.filter((k) => get(k) === ''),
        lang,
      ).toEqual([]);
    }
  });
});

it('feature string files each add one top-level key of their own', () => {
  const shared = Object.keys(JSON.parse(readFileSync(join(here, 'zh-CN.json'), 'utf8')));
  const seen = new Set(shared);
  for (const { name, dir } of sources.slice(1)) {
    for (const key of Object.keys(JSON.parse(readFileSync(join(dir, 'zh-CN.json'), 'utf8')))) {
      expect(seen.has(key), `${name}: ${key} defined twice`).toBe(false);
      seen.add(key);
    }
  }
});
