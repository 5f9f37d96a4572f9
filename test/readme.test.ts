import { readFileSync } from 'node:fs';
import { idpConfigSpec } from '@samlbridge/idp';
import { spConfigSpec } from '@samlbridge/sp-talentlms';
import { expect } from 'chai';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = readme
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

  it('documents every environment variable the IdP and the SP read, with its default', () => {
    for (const setting of [...Object.values(idpConfigSpec), ...Object.values(spConfigSpec)]) {
      const row = rows.find((cells) => cells[0] === `\`${setting.env}\``);
      expect(row, `README table row for ${setting.env}`).to.be.an('array');
      if (setting.default !== '' && setting.default !== undefined) expect(row?.[1]).to.equal(`\`${String(setting.default)}\``);
    }
  });

  it('names exactly the two set-up commands, npm start and npm test', () => {
    const block = /## Two commands[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = block
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(commands).to.deep.equal(['npm start', 'npm test']);
  });
});
