/**
 * After an edit the model splits and indexes only the stretch that changed (textChange, LineIndex.edited,
 * splitEdited): for any edit, the result must be exactly that of starting over on the new text. Seeded random texts
 * made of the pieces that matter (document markers and near-markers, CR, CRLF) and random edits.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { LineIndex } from '../../../server/src/model/lineIndex';
import { parseFile, splitDocuments, splitEdited } from '../../../server/src/model/parsedFile';
import { textChange } from '../../../server/src/model/textChange';
import { defaultLimits } from '../../../server/src/model/limits';
import { prng } from '../kube/placementHelpers';

const pieces = ['---\n', '--- \n', '---', '----\n', ' ---\n', 'x---\n', 'a: 1\n', 'kind: Pod\n', '\r\n', '\r', '\n', '# c\n', '-', ' ', 'b'];

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

function randomEdit(random: () => number, text: string): string {
  const at = Math.floor(random() * (text.length + 1));
  const removed = random() < 0.5 ? Math.floor(random() * 6) : 0;
  const inserted = random() < 0.7 ? randomText(random, 1 + Math.floor(random() * 2)) : '';
  return text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + removed));
}

const lineStarts = (index: LineIndex): number[] => Array.from({ length: index.lineCount }, (_, line) => index.offsetAt({ line, character: 0 }));

describe('incremental split and line index', () => {
  test('textChange finds the common start and end, never overlapping', () => {
    assert.deepEqual(textChange('abcdef', 'abXdef'), { prefix: 2, suffix: 3 });
    assert.deepEqual(textChange('aaaa', 'aaaaa'), { prefix: 4, suffix: 0 });
    assert.deepEqual(textChange('abc', 'abc'), { prefix: 3, suffix: 0 });
    assert.deepEqual(textChange('', 'x'), { prefix: 0, suffix: 0 });
    assert.deepEqual(textChange('xab', 'ab'), { prefix: 0, suffix: 2 });
  });

  test('after 3,000 random edits of random texts, split and line index equal those of the new text', () => {
    const random = prng(20261130);
    let reusedPieces = 0;
    for (let round = 0; round < 150; round++) {
      let text = randomText(random, 5 + Math.floor(random() * 60));
      let chunks = splitDocuments(text);
      let lines = new LineIndex(text);
      for (let step = 0; step < 20; step++) {
        const next = randomEdit(random, text);
        const change = textChange(text, next);
        const origins: number[] = [];
        const edited = splitEdited(text, chunks, next, change, origins);
        const context = `text ${JSON.stringify(text)} -> ${JSON.stringify(next)}`;
        assert.deepEqual(edited, splitDocuments(next), context);
        assert.equal(origins.length, edited.length, context);
        origins.forEach((origin, i) => origin >= 0 && assert.equal(chunks[origin]!.text, edited[i]!.text, `${context}: origin of piece ${i}`));
        const editedLines = LineIndex.edited(lines, next, change);
        assert.deepEqual(lineStarts(editedLines), lineStarts(new LineIndex(next)), context);
        reusedPieces += edited.filter((chunk) => chunks.some((old) => old.text === chunk.text && old.offset !== chunk.offset)).length;
        text = next;
        chunks = edited;
        lines = editedLines;
      }
    }
    assert.ok(reusedPieces > 0, 'some pieces after an edit were carried over, shifted');
  });

  test('after random edits of a multi-document file, the parse with the previous version equals a parse from scratch', () => {
    const random = prng(20261201);
    const documentText = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {k: v}\n`;
    const shape = (parsed: ReturnType<typeof parseFile>) => ({
      documents: parsed.documents.map((d) => [d.index, d.offset, d.start, d.end, d.source, d.broken, d.templated]),
      resources: parsed.resources.map((r) => [r.documentIndex, r.prefix, r.resource.kind, r.resource.name, r.resource.object]),
      problems: parsed.problems,
    });
    for (let round = 0; round < 20; round++) {
      let text = Array.from({ length: 8 }, (_, i) => documentText(i)).join('---\n');
      let parsed = parseFile(text, { ...defaultLimits, maxDocuments: 6 });
      const limits = parsed.limits;
      for (let step = 0; step < 25; step++) {
        let occurrence = Math.floor(random() * 8);
        const renamed = () => text.replace(/name: c(\d+)/g, (all, n: string) => (occurrence-- === 0 ? `name: c${Number(n) + (random() < 0.5 ? 1 : 10)}` : all));
        const next = random() < 0.3 ? randomEdit(random, text) : renamed();
        const edited = parseFile(next, limits, parsed);
        assert.deepEqual(shape(edited), shape(parseFile(next, limits)), `${JSON.stringify(text)} -> ${JSON.stringify(next)}`);
        text = next;
        parsed = edited;
      }
    }
  });

  test('an edit in one document of many re-splits only that document: the others are carried over', () => {
    const documents = Array.from({ length: 50 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`);
    const text = documents.join('---\n');
    const first = parseFile(text);
    const at = text.indexOf('name: c25') + 'name: c2'.length;
    const next = parseFile(`${text.slice(0, at)}9${text.slice(at + 1)}`, undefined, first);
    assert.equal(next.chunks.length, 50);
    const kept = next.chunks.filter((chunk, i) => chunk.text === first.chunks[i]!.text);
    assert.equal(kept.length, 49);
    assert.equal(next.resources[25]!.resource.name, 'c29');
    assert.equal(next.documents[49]!.offset, first.documents[49]!.offset);
  });
});
