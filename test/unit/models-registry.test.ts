// Every model file in models/ is served: listed in models/index.ts with a card that names it.
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelCard } from '../../src/model-card.js';

const dir = join(__dirname, '..', '..', 'models');
const index = readFileSync(join(dir, 'index.ts'), 'utf8');

describe('models/', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.onnx'))) {
    const id = file.replace(/\.onnx$/, '');
    it(`${id}: listed in index.ts, card valid and matching the ONNX file`, () => {
      expect(index).toContain(`'./${file}'`);
      expect(index).toContain(`'./${id}.json'`);
      const card = parseModelCard(JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')));
      expect(card.id).toBe(id);
      expect(card.onnx.file).toBe(file);
      const sha = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');
      expect(card.onnx.sha256).toBe(sha);
    });
  }
});
