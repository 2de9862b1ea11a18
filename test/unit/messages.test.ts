/** Messages that help: near-miss suggestions, schema patterns said in words. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/diagnostics/messages.js';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.js';
import { parseYaml } from '../../src/1-load/yaml-source.js';
import { editDistance, nearest } from '../../src/diagnostics/suggest.js';
import { patternHints, schemaDir } from '../../src/2-validate/schema-validator.js';

describe('did you mean', () => {
  const sources = [
    'ap-sisi-2024-12',
    'ap-houthi-2024-01',
    'reuters-maersk-2023-12',
    'ukmto-2024-02',
    'centcom-2024-01',
    'imf-portwatch-2024',
    'lloyds-list-2024-02',
    'bbc-rubymar-2024-03',
    'guardian-2024-01',
    'ft-freight-2024-01',
    'drewry-wci-2024-02',
    'clarksons-2024-02',
    'eunavfor-2024-02',
    'crisis-group-2024-01',
    'acled-2024-02',
    'wsj-insurance-2024-01',
    'kiel-trade-2024-02',
    'unctad-2024-02',
    'suez-authority-2024-01',
    'windward-2024-02',
    'cnn-galaxy-2023-11',
  ];

  it('counts swaps as one edit', () => {
    expect(editDistance('discusion', 'discussion')).toBe(1);
    expect(editDistance('yaer', 'year')).toBe(1);
  });

  it('names the near id instead of listing all 21', () => {
    const m = messages.unknownSource('ap-sisi-2024', sources);
    expect(m).toBe('cites unknown source "ap-sisi-2024" (did you mean "ap-sisi-2024-12"?)');
  });

  it('lists the ids only when there are few and nothing is near', () => {
    expect(messages.unknownSource('zzz', ['a-1', 'b-2'])).toBe('cites unknown source "zzz" (sources: a-1, b-2)');
    expect(messages.unknownSource('zzz-qqq', sources)).toBe('cites unknown source "zzz-qqq" (none of the 21 sources in sources.yaml is close)');
  });

  it('suggests judgments, figures, properties, themes, layouts and partials', () => {
    expect(messages.unknownJudgment('dprk-suply', ['dprk-supply', 'russia-use'])).toContain('did you mean "dprk-supply"?');
    expect(messages.unknownFigure('daily-consumptoin', ['daily-consumption'])).toContain('did you mean "daily-consumption"?');
    expect(messages.schemaUnknownProperty('discusion', ['id', 'statement', 'discussion'])).toBe('unknown property "discusion" (did you mean "discussion"?)');
    expect(messages.themeUnknown('minstry', ['default', 'ministry'])).toContain('did you mean "ministry"?');
    expect(messages.markupBadAttribute('slide', 'layout', 'blfu', ['title', 'bluf', 'content'])).toContain('did you mean "bluf"?');
    expect(messages.unknownPartial('bluf-slid', ['bluf-slide', 'title-slide'])).toBe('unknown partial "bluf-slid" (did you mean "bluf-slide"?)');
    expect(messages.unknownHelper('formatDat', ['formatDate', 'formatNumber', 'upper'])).toBe('unknown helper "formatDat" (did you mean "formatDate"?)');
    expect(messages.unknownField('yaer', ['year', 'value'])).toBe('field "yaer" is not in the chart\'s data (did you mean "year"? columns: year, value)');
  });

  it('suggests nothing far away', () => {
    expect(nearest('corporate', ['default', 'ministry'])).toEqual([]);
  });
});

describe('schema patterns in words', () => {
  const patterns = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === 'pattern' && typeof x === 'string') patterns.add(x);
        else walk(x);
      }
  };
  for (const f of readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'))) walk(JSON.parse(readFileSync(path.join(schemaDir, f), 'utf8')));

  it('has a human message, with an example, for every pattern in the schemas', () => {
    expect(patterns.size).toBeGreaterThan(5);
    for (const p of patterns) {
      expect(patternHints[p], p).toBeDefined();
      expect(patternHints[p]).toMatch(/e\.g\. "/);
      // Each example matches its own pattern.
      const example = /e\.g\. "([^"]+)"/.exec(patternHints[p]!)![1]!;
      expect(new RegExp(p).test(example), `${example} ~ ${p}`).toBe(true);
    }
  });

  it('says list lengths and number ranges in words, not as JSON pointers', () => {
    expect(messages.schemaLimit('evidence', 'minItems', 1, [])).toBe('evidence needs at least 1 item; it is empty');
    expect(messages.schemaLimit('slideTitle', 'maximum', 60, 200)).toBe('slideTitle must be at most 60 (it is 200)');
  });

  it('says what a colour looks like instead of the regular expression', () => {
    expect(messages.schemaPatternHint('#12345', patternHints['^#[0-9A-Fa-f]{6}$']!)).toBe('"#12345" is not a colour: use #RRGGBB, e.g. "#1F3A5F"');
  });
});

describe('YAML hints', () => {
  const first = (text: string) => {
    const sink = new DiagnosticSink();
    parseYaml('f.yaml', text, sink);
    return sink.items[0]?.message;
  };

  it('says to quote a value with ": " in it, with the line quoted as the example', () => {
    expect(first('judgments:\n  - statement: Officials said: no more\n')).toBe(
      'YAML syntax error: Nested mappings are not allowed in compact mappings; a value containing ": " must be quoted: quote the value, e.g. statement: "Officials said: no more"',
    );
  });

  it('says to quote a value that starts with a YAML indicator', () => {
    expect(first('title: [draft] Weekly\n')).toContain('a value starting with "[" must be quoted: quote the value, e.g. title: "[draft] Weekly"');
  });

  it('adds nothing to other syntax errors', () => {
    expect(first('k: "abc\n')).toBe('YAML syntax error: Missing closing "quote');
  });
});
