import { PDFHexString, PDFString } from 'pdf-lib';

/**
 * pdf-lib reads strings and names one byte at a time, appending each to a JavaScript string
 * (about 300 ns a byte: a 1 MB string blocks for a third of a second). These read the same
 * tokens with the same result, finding the end first and decoding the bytes in one call.
 * `charge` is told how many bytes a token spans before it is decoded, so an oversized token is
 * refused without being read.
 */

interface ByteStreamInternals {
	bytes: Uint8Array;
	offset(): number;
	moveTo(offset: number): void;
}

const LEFT_PAREN = 0x28;
const RIGHT_PAREN = 0x29;
const BACKSLASH = 0x5c;
const GREATER_THAN = 0x3e;

const WHITESPACE = new Uint8Array(256);
for (const code of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[code] = 1;
const DELIMITER = new Uint8Array(256);
for (const char of '()<>[]{}/%') DELIMITER[char.charCodeAt(0)] = 1;

function latin1(bytes: Uint8Array, start: number, end: number): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/** A literal string `( … )` with balanced, possibly escaped parentheses (as pdf-lib reads it). */
export function readLiteralString(
	stream: ByteStreamInternals,
	charge: (bytes: number) => void,
): PDFString {
	const { bytes } = stream;
	const start = stream.offset();
	let nesting = 0;
	let escaped = false;
	let end = -1;
	for (let index = start; index < bytes.length; index++) {
		const byte = bytes[index];
		if (!escaped) {
			if (byte === LEFT_PAREN) nesting += 1;
			if (byte === RIGHT_PAREN) nesting -= 1;
		}
		if (byte === BACKSLASH) escaped = !escaped;
		else if (escaped) escaped = false;
		if (nesting === 0) {
			end = index;
			break;
		}
	}
	charge((end === -1 ? bytes.length : end + 1) - start);
	if (end === -1) {
		stream.moveTo(bytes.length);
		throw new Error('unbalanced parenthesis in a string');
	}
	stream.moveTo(end + 1);
	return PDFString.of(latin1(bytes, start + 1, end));
}

/** A hex string `< … >` (its characters kept as they are, as pdf-lib does). */
export function readHexString(
	stream: ByteStreamInternals,
	charge: (bytes: number) => void,
): PDFHexString {
	const { bytes } = stream;
	const start = stream.offset();
	let end = start + 1;
	while (end < bytes.length && bytes[end] !== GREATER_THAN) end++;
	charge(end + 1 - start);
	if (end >= bytes.length) {
		stream.moveTo(bytes.length);
		throw new Error('unterminated hex string');
	}
	stream.moveTo(end + 1);
	return PDFHexString.of(latin1(bytes, start + 1, end));
}

/**
 * A name `/…` up to the next whitespace or delimiter, as text (pdf-lib keeps every distinct
 * name for the life of the process, so the caller counts them before making one).
 */
export function readNameText(stream: ByteStreamInternals, charge: (bytes: number) => void): string {
	const { bytes } = stream;
	const start = stream.offset();
	if (bytes[start] !== 0x2f) throw new Error('expected a name');
	let end = start + 1;
	while (end < bytes.length && !WHITESPACE[bytes[end]] && !DELIMITER[bytes[end]]) end++;
	charge(end - start);
	stream.moveTo(end);
	return latin1(bytes, start + 1, end);
}

const DIGIT = new Uint8Array(256);
for (let code = 0x30; code <= 0x39; code++) DIGIT[code] = 1;
const NUMERIC = new Uint8Array(DIGIT);
for (const char of '+-.') NUMERIC[char.charCodeAt(0)] = 1;
const PERIOD = 0x2e;

/**
 * A number as pdf-lib's `parseRawNumber` reads it (sign and integer part up to a period, then
 * digits), or with `integer` only digits as `parseRawInt` does.
 */
export function readNumber(
	stream: ByteStreamInternals,
	charge: (bytes: number) => void,
	integer: boolean,
): number {
	const { bytes } = stream;
	const start = stream.offset();
	let end = start;
	if (integer) {
		while (end < bytes.length && DIGIT[bytes[end]]) end++;
	} else {
		while (end < bytes.length && NUMERIC[bytes[end]]) {
			end++;
			if (bytes[end - 1] === PERIOD) break;
		}
		while (end < bytes.length && DIGIT[bytes[end]]) end++;
	}
	charge(end - start);
	stream.moveTo(end);
	const text = latin1(bytes, start, end);
	const value = Number(text);
	if (!text || !Number.isFinite(value)) throw new Error('not a number');
	return value;
}

const STREAM = Buffer.from('stream', 'latin1');
const CR = 0x0d;
const LF = 0x0a;

/**
 * Where a stream whose /Length is missing or wrong ends, as pdf-lib's fallback finds it (before
 * the `endstream` that closes it, and its end-of-line; nested `stream` keywords counted), but
 * with the native byte search instead of a JavaScript loop. Leaves the stream after
 * `endstream`.
 */
export function findEndOfStream(stream: ByteStreamInternals): number {
	const { bytes } = stream;
	const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let position = stream.offset();
	let nesting = 1;
	let end = position;
	while (nesting > 0) {
		const found = haystack.indexOf(STREAM, position);
		if (found === -1) {
			stream.moveTo(bytes.length);
			throw new Error('stream without endstream');
		}
		const keyword = found - 3;
		const isEnd =
			keyword >= position &&
			bytes[keyword] === 0x65 &&
			bytes[keyword + 1] === 0x6e &&
			bytes[keyword + 2] === 0x64;
		if (!isEnd) {
			nesting += 1;
			position = found + STREAM.length;
			continue;
		}
		end = keyword;
		if (keyword - 2 >= position && bytes[keyword - 2] === CR && bytes[keyword - 1] === LF) {
			end = keyword - 2;
		} else if (
			keyword - 1 >= position &&
			(bytes[keyword - 1] === CR || bytes[keyword - 1] === LF)
		) {
			end = keyword - 1;
		}
		nesting -= 1;
		position = found + STREAM.length;
	}
	stream.moveTo(position);
	return end;
}

const XREF = Buffer.from('xref', 'latin1');

function skipSpace(bytes: Uint8Array, index: number): number {
	for (;;) {
		while (index < bytes.length && WHITESPACE[bytes[index]]) index++;
		if (bytes[index] !== 0x25) return index;
		while (index < bytes.length && bytes[index] !== LF && bytes[index] !== CR) index++;
	}
}

/**
 * Skips a classic cross-reference table (`xref`, then subsections of `offset generation n|f`)
 * as pdf-lib's `maybeParseCrossRefSection` reads it. pdf-lib reads every object from the file
 * itself and never uses the table, so only its extent matters; this finds it without building
 * a string per digit. Throws where pdf-lib would (a number expected and missing).
 */
export function skipCrossRefSection(
	stream: ByteStreamInternals,
	charge: (bytes: number) => void,
): void {
	const { bytes } = stream;
	const start = skipSpace(bytes, stream.offset());
	for (let index = 0; index < XREF.length; index++) {
		if (bytes[start + index] !== XREF[index]) {
			stream.moveTo(start);
			return;
		}
	}
	let at = skipSpace(bytes, start + XREF.length);
	while (at < bytes.length && DIGIT[bytes[at]]) {
		while (at < bytes.length && DIGIT[bytes[at]]) at++;
		at = skipSpace(bytes, at);
		if (!DIGIT[bytes[at]]) {
			charge(at - start);
			stream.moveTo(at);
			throw new Error('cross-reference entry without its second number');
		}
		while (at < bytes.length && DIGIT[bytes[at]]) at++;
		at = skipSpace(bytes, at);
		if (bytes[at] === 0x6e || bytes[at] === 0x66) at = skipSpace(bytes, at + 1);
	}
	charge(at - start);
	stream.moveTo(at);
}
