// Writes the reference results of ot-text-unicode as NDJSON, one case a line, for TextOpDifferentialTest.
//
//   node generate-cases.js OUTPUT [CASES]
//
// The random ops come from ot-fuzzer's seeded generator (SEED, default 1, so every build writes the same file):
// ot-text-unicode's own genOp (ASCII words and emoji), and a richer generator below over documents of CJK,
// astral-plane letters, emoji sequences and combining marks, whose ops also keep unmerged neighbours. Every
// result is what the reference computes; nothing here decides what is right.
'use strict'

const fs = require('fs')
const path = require('path')
const assert = require('assert')
const {randomInt, randomWord} = require('ot-fuzzer')
const {type} = require('ot-text-unicode')
const genOp = require('ot-text-unicode/test/genOp')

const output = process.argv[2]
const mainCases = Number(process.argv[3] || 10000)
if (!output) {
  console.error('usage: node generate-cases.js OUTPUT [CASES]')
  process.exit(2)
}

// Deep copies: the reference mutates delete components it merges (normalize, makeInvertible), so every call gets
// its own copy and every recorded input is written as it was before the call.
const copy = x => JSON.parse(JSON.stringify(x))
const call = (fn, ...args) => fn(...args.map(copy))

// Characters by how they are encoded. genOp cuts its document into characters by "char code >= 0xD800 starts a
// pair", so documents for genOp keep clear of U+E000..U+FFFF; the rich generator works on real code points.
const ascii = 'abcdefghijklmnopqrstuvwxyz  .,\n'
const bmp = ['é', 'ß', 'Ω', 'ж', '漢', '字', '文', '한', 'ā', 'e\u0301']
const astral = ['😀', '😅', '🙏', '🤖', '👻', '💃', '𝔸', '𝕏', '𠀀', '𩸽', '👩‍💻', '🇩🇪']
const upperBmp = ['！', '﷽', 'ﬀ', '\uFEFF', '\uFFFD', '🏳️‍🌈' /* has U+FE0F */]

const pick = list => list[randomInt(list.length)]

function randomText(maxCodePoints, allowUpperBmp) {
  const length = randomInt(maxCodePoints + 1)
  let text = ''
  for (let i = 0; i < length; i++) {
    const kind = randomInt(10)
    if (kind < 5) text += ascii[randomInt(ascii.length)]
    else if (kind < 7) text += pick(bmp)
    else if (kind < 9 || !allowUpperBmp) text += pick(astral)
    else text += pick(upperBmp)
  }
  return text
}

// A random op over `doc` (any well-formed text), in code points, with some unmerged neighbours and text deletes.
function richOp(doc) {
  const chars = Array.from(doc)
  const op = []
  let at = 0
  while (at < chars.length && randomInt(6) !== 0) {
    const skip = randomInt(Math.min(chars.length - at, 6) + 1)
    if (skip > 0) op.push(skip)
    at += skip
    switch (randomInt(4)) {
      case 0: case 1: {
        const pieces = 1 + randomInt(randomInt(4) === 0 ? 3 : 1)
        for (let p = 0; p < pieces; p++) {
          const text = randomInt(3) === 0 ? randomWord() + ' ' : randomText(4, true)
          if (text.length > 0) op.push(text)
        }
        break
      }
      default: {
        const length = randomInt(Math.min(chars.length - at, 8) + 1)
        if (length === 0) break
        const deleted = chars.slice(at, at + length)
        if (randomInt(4) === 0 && length > 1) {
          const cut = 1 + randomInt(length - 1)
          op.push({d: randomInt(2) ? cut : deleted.slice(0, cut).join('')})
          op.push({d: randomInt(2) ? length - cut : deleted.slice(cut).join('')})
        } else {
          op.push({d: randomInt(2) ? length : deleted.join('')})
        }
        at += length
      }
    }
  }
  if (randomInt(5) === 0) {
    if (chars.length > at) op.push(chars.length - at)
    op.push(randomText(3, true) || 'z')
  }
  // Valid for checkOp: no zero, adjacent or trailing skips (neighbouring inserts and deletes stay as they are).
  const valid = []
  for (const c of op) {
    if (typeof c === 'number' && typeof valid[valid.length - 1] === 'number') valid[valid.length - 1] += c
    else valid.push(c)
  }
  while (typeof valid[valid.length - 1] === 'number') valid.pop()
  type.checkOp(valid)
  return valid
}

// Mostly normalised, as ShareDB clients send them; a quarter keep their unmerged neighbours.
function randomOp(doc, generator) {
  if (generator === 'genOp') return genOp(doc)[0]
  const op = richOp(doc)
  return randomInt(4) === 0 ? op : call(type.normalize, op)
}

function maybeInvertible(op, doc) {
  return randomInt(4) === 0 ? call(type.makeInvertible, op, doc) : op
}

function cursorsFor(doc) {
  const length = Array.from(doc).length
  const cursors = new Set([0, length, length + 2, -1])
  for (let i = 0; i < 4; i++) cursors.add(randomInt(length + 1))
  return [...cursors]
}

// The reference's converging check (TP1): both orders of a concurrent pair end in one document. It holds for
// normalised ops, which ShareDB clients always send; with unmerged neighbouring inserts the reference itself does
// not converge (transform moves only the first of them before a concurrent insert), so those record null.
function converge(doc, a, b) {
  const viaA = call(type.apply, call(type.apply, doc, a), call(type.transform, b, a, 'right'))
  const viaB = call(type.apply, call(type.apply, doc, b), call(type.transform, a, b, 'left'))
  const normalised = op => JSON.stringify(call(type.normalize, op)) === JSON.stringify(op)
  if (normalised(a) && normalised(b)) assert.strictEqual(viaA, viaB, 'the reference itself broke TP1')
  return viaA === viaB ? viaA : null
}

function mainCase(id) {
  const generator = randomInt(3) === 0 ? 'genOp' : 'rich'
  const doc = generator === 'genOp'
    ? (randomInt(2) ? genOp('')[1] + randomText(30, false) : randomText(40, false))
    : randomText(randomInt(4) === 0 ? 80 : 30, true)
  const a = maybeInvertible(randomOp(doc, generator), doc)
  const b = maybeInvertible(randomOp(doc, generator), doc)
  const afterA = call(type.apply, doc, a)
  const c = maybeInvertible(randomOp(afterA, generator), afterA)
  const composed = call(type.compose, a, c)
  const invertible = call(type.makeInvertible, a, doc)
  return {
    kind: 'main', id, generator, doc, a, b, c,
    apply: afterA,
    compose: composed,
    composeApply: call(type.apply, doc, composed),
    left: call(type.transform, a, b, 'left'),
    right: call(type.transform, a, b, 'right'),
    bLeft: call(type.transform, b, a, 'left'),
    bRight: call(type.transform, b, a, 'right'),
    converged: converge(doc, a, b),
    positions: cursorsFor(doc).map(cursor => [cursor, call(type.transformPosition, cursor, a)]),
    normalized: call(type.normalize, a),
    invertible,
    inverse: call(type.invert, invertible),
    stripped: call(type.stripInvertible, a),
    isInvertible: call(type.isInvertible, a),
  }
}

// Unnormalised ops: zero skips, empty inserts, {d:0}, {d:''}, split and trailing skips, split inserts and deletes.
function normalizeCase(id) {
  const doc = randomText(30, true)
  const messy = []
  for (const c of richOp(doc)) {
    if (randomInt(4) === 0) messy.push(pick([0, '', {d: 0}, {d: ''}]))
    if (typeof c === 'number' && c > 1 && randomInt(2)) {
      const cut = 1 + randomInt(c - 1)
      messy.push(cut, c - cut)
    } else if (typeof c === 'string' && Array.from(c).length > 1 && randomInt(2)) {
      const chars = Array.from(c)
      const cut = 1 + randomInt(chars.length - 1)
      messy.push(chars.slice(0, cut).join(''), chars.slice(cut).join(''))
    } else {
      messy.push(c)
    }
  }
  if (randomInt(3) === 0) messy.push(1 + randomInt(5))
  if (randomInt(5) === 0) messy.push(0)
  return {kind: 'normalize', id, input: messy, normalized: call(type.normalize, messy)}
}

// Ops that break checkOp; the port must refuse each (its messages are its own, so only the refusal is compared).
function invalidCase(id) {
  const doc = randomText(20, true) + 'abc'
  const op = richOp(doc)
  const broken = copy(op.length > 0 ? op : ['x'])
  const where = randomInt(broken.length + 1)
  const breakers = [
    () => broken.splice(where, 0, 0),
    () => broken.splice(where, 0, -1 - randomInt(3)),
    () => broken.splice(where, 0, ''),
    () => broken.splice(where, 0, {d: 0}),
    () => broken.splice(where, 0, {d: ''}),
    () => broken.splice(where, 0, {d: -2}),
    () => broken.splice(where, 0, {d: true}),
    () => broken.splice(where, 0, {}),
    () => broken.push(1 + randomInt(9)),
    () => broken.splice(where, 0, 2, 3),
  ]
  pick(breakers)()
  let message = null
  try {
    type.checkOp(copy(broken))
  } catch (e) {
    message = e.message
  }
  if (message === null) return invalidCase(id) // this corruption happened to be valid; draw again
  return {kind: 'invalid', id, op: broken, message}
}

// Skips past the end of the document: the reference's apply refuses them ('The op is too long for this document').
function tooLongCase(id) {
  const doc = randomText(20, true)
  const length = Array.from(doc).length
  const op = [length + 1 + randomInt(3), 'x']
  let message = null
  try {
    type.apply(doc, copy(op))
  } catch (e) {
    message = e.message
  }
  assert.notStrictEqual(message, null)
  return {kind: 'tooLong', id, doc, op, message}
}

const lines = []
for (let i = 0; i < mainCases; i++) lines.push(mainCase(i))
for (let i = 0; i < Math.ceil(mainCases / 10); i++) lines.push(normalizeCase(i))
for (let i = 0; i < Math.ceil(mainCases / 20); i++) lines.push(invalidCase(i))
for (let i = 0; i < Math.ceil(mainCases / 50); i++) lines.push(tooLongCase(i))

fs.mkdirSync(path.dirname(path.resolve(output)), {recursive: true})
fs.writeFileSync(output, lines.map(line => JSON.stringify(line)).join('\n') + '\n')
console.log(`ot-text-unicode ${require('ot-text-unicode/package.json').version}: wrote ${lines.length} cases to ${output}`)
