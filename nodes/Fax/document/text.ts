import anyAscii from 'any-ascii';
import type { PDFFont } from 'pdf-lib';

/**
 * Text for the standard PDF fonts, which can only encode WinAnsi (Windows-1252): characters
 * outside it are transliterated (any-ascii: Дмитрий → Dmitriy, 北京 → BeiJing, محمد → mhmd)
 * instead of crashing pdf-lib or printing `?`.
 */

const REPLACEMENTS: Record<string, string> = {
	'\u2010': '-',
	'\u2011': '-',
	'\u2012': '-',
	'\u2015': '-',
	'\u2212': '-',
	'\u2190': '<-',
	'\u2192': '->',
	'\u2194': '<->',
	'\u21d2': '=>',
	'\u2264': '<=',
	'\u2265': '>=',
	'\u2260': '!=',
	'\u2248': '~',
	'\u2032': "'",
	'\u2033': '"',
	'\u2044': '/',
	'\u2116': 'No.',
	'\u2002': ' ',
	'\u2003': ' ',
	'\u2007': ' ',
	'\u2009': ' ',
	'\u202f': ' ',
	'\u0131': 'i',
	'\u0141': 'L',
	'\u0142': 'l',
	'\u0110': 'D',
	'\u0111': 'd',
	'\u2713': 'v',
	'\u2714': 'v',
	'\u2717': 'x',
	'\u2718': 'x',
};

/** Invisible formatting characters that are simply dropped. */
const INVISIBLE = /[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]/;

const charsets = new WeakMap<PDFFont, Set<number>>();

function charsetOf(font: PDFFont): Set<number> {
	let set = charsets.get(font);
	if (!set) {
		set = new Set(font.getCharacterSet());
		charsets.set(font, set);
	}
	return set;
}

/** ASCII for one character WinAnsi lacks; '' when any-ascii knows none (then it is dropped). */
function transliterate(char: string, canEncode: (value: string) => boolean): string {
	const ascii = anyAscii(char);
	return canEncode(ascii) ? ascii : '';
}

/**
 * Returns `text` reduced to what `font` can encode: NFC-normalised, tabs → spaces, newlines kept
 * only with `keepNewlines` (else spaces), control and invisible characters dropped, accents
 * stripped where the bare letter exists (ő → o), a few symbols spelled out (→ becomes ->), and
 * anything else (Cyrillic, Greek, CJK, Arabic, emoji, …) transliterated to ASCII. Never `?`.
 */
export function sanitizeForFont(
	text: string,
	font: PDFFont,
	{ keepNewlines = false } = {},
): string {
	const charset = charsetOf(font);
	const canEncode = (value: string): boolean =>
		[...value].every((char) => charset.has(char.codePointAt(0) ?? -1));
	let result = '';
	const normalised = String(text ?? '')
		.normalize('NFC')
		.replace(/\r\n?/g, '\n')
		.replace(/\t/g, '    ');
	for (const char of normalised) {
		if (char === '\n') {
			result += keepNewlines ? '\n' : ' ';
			continue;
		}
		const code = char.codePointAt(0) ?? 0;
		if (code < 0x20 || (code >= 0x7f && code < 0xa0) || INVISIBLE.test(char)) continue;
		if (charset.has(code)) {
			result += char;
			continue;
		}
		const replacement = REPLACEMENTS[char];
		if (replacement !== undefined && canEncode(replacement)) {
			result += replacement;
			continue;
		}
		const base = char.normalize('NFD').replace(/\p{M}/gu, '');
		result +=
			base !== '' && base !== char && canEncode(base) ? base : transliterate(char, canEncode);
	}
	return result;
}

function breakWord(word: string, font: PDFFont, size: number, maxWidth: number): string[] {
	const pieces: string[] = [];
	let current = '';
	for (const char of word) {
		if (current !== '' && font.widthOfTextAtSize(current + char, size) > maxWidth) {
			pieces.push(current);
			current = char;
		} else {
			current += char;
		}
	}
	if (current !== '') pieces.push(current);
	return pieces;
}

/**
 * Wraps already-sanitised text to `maxWidth` points: paragraphs on `\n` (blank lines kept), words
 * on spaces, words longer than a line broken between characters.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let current = '';
		for (const word of paragraph.split(/ +/).filter((w) => w !== '')) {
			const candidate = current === '' ? word : `${current} ${word}`;
			if (font.widthOfTextAtSize(candidate, size) <= maxWidth) {
				current = candidate;
				continue;
			}
			if (current !== '') lines.push(current);
			const pieces = breakWord(word, font, size, maxWidth);
			lines.push(...pieces.slice(0, -1));
			current = pieces[pieces.length - 1] ?? '';
		}
		lines.push(current);
	}
	return lines;
}
