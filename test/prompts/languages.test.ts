import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { UserError } from '../../src/errors.ts';
import { readUserTranslations } from '../../src/llm/translate.ts';
import { targetLanguage } from '../../src/qc/prompts/translate.ts';
import { EvalStatementsParams } from '../../src/stages/eval-statements.ts';

function configFile(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-lang-'));
  const file = join(dir, 'normforge.config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const member = (id: string, languages: string[]) => ({ id, model: 'm', languages });

describe('a panel language is any BCP-47 tag', () => {
  it('takes any well-formed tag and keeps its canonical spelling', () => {
    const { config } = loadConfig(configFile({ panel: [member('a', ['EN', 'zh-hant', 'ar', 'pt-br', 'sw'])] }));
    expect(config.panel?.[0].languages).toEqual(['en', 'zh-Hant', 'ar', 'pt-BR', 'sw']);
  });

  it('refuses a malformed tag, naming the member, the field and the tag', () => {
    const file = configFile({ panel: [member('gpt-a', ['en']), member('qwen-b', ['zh', 'zh_CN'])] });
    expect(() => loadConfig(file)).toThrow(UserError);
    expect(() => loadConfig(file)).toThrow(
      /panel\.1\.languages\.1: member "qwen-b": "zh_CN" is not a BCP-47 language tag/,
    );
  });

  it('refuses a language listed twice once spelled canonically', () => {
    const file = configFile({ eval: { models: [member('judge', ['ar', 'AR'])] } });
    expect(() => loadConfig(file)).toThrow(/eval\.models\.0\.languages\.1: member "judge": "ar" is listed twice/);
  });

  it('canonicalises the evaluation languages and the user translations too', async () => {
    expect(EvalStatementsParams.parse({ languages: ['EN', 'Ar'] }).languages).toEqual(['en', 'ar']);
    expect(EvalStatementsParams.safeParse({ languages: ['e n'] }).error?.issues[0].message).toMatch(/not a BCP-47/);
    const dir = mkdtempSync(join(tmpdir(), 'nf-lang-'));
    const csv = join(dir, 't.csv');
    writeFileSync(csv, 'id,language,text\n1,AR,نص\n2,zh-hant,文字\n');
    const read = await readUserTranslations(csv);
    expect([...read.get('1')!.keys(), ...read.get('2')!.keys()]).toEqual(['ar', 'zh-Hant']);
    writeFileSync(csv, 'id,language,text\n1,arabic language,نص\n');
    await expect(readUserTranslations(csv)).rejects.toThrow(
      /line 2, column "language": "arabic language" is not a BCP-47 language tag/,
    );
  });

  it('prompts translate --to takes a tag in any spelling, never English and never a malformed one', () => {
    expect(targetLanguage('AR')).toBe('ar');
    expect(targetLanguage('zh-hant')).toBe('zh-Hant');
    expect(() => targetLanguage('en')).toThrow(/prompts are written in en/);
    expect(() => targetLanguage('x_y')).toThrow(/--to: "x_y" is not a BCP-47 language tag/);
  });
});
