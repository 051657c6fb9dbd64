import { DOCUMENT_MARKER, type IntendedFax } from './intended';

/** A place where document bytes or an unmasked fax number showed up. */
export interface Leak {
	kind: 'document' | 'number';
	where: string;
	excerpt: string;
}

const PHONE_LIKE = /\+?\d[\d\s().-]{5,}\d/g;

/**
 * Looks for document content (the marker text inside every soak document, a PDF header, raw
 * or base64) and for fax numbers with more than their last 4 digits visible.
 */
export class LeakScanner {
	readonly leaks: Leak[] = [];

	private readonly numberSuffixes = new Set<string>();

	private readonly documentNeedles: string[] = [DOCUMENT_MARKER, '%PDF-', 'JVBERi0'];

	addIntended(faxes: IntendedFax[]): void {
		for (const fax of faxes) {
			const digits = fax.to.replace(/\D/g, '');
			for (let length = 7; length <= digits.length; length++)
				this.numberSuffixes.add(digits.slice(-length));
		}
	}

	private record(kind: Leak['kind'], where: string, text: string, index: number): void {
		if (this.leaks.length >= 200) return;
		this.leaks.push({ kind, where, excerpt: text.slice(Math.max(0, index - 60), index + 60) });
	}

	/** Document content anywhere in `text`. */
	scanDocument(where: string, text: string): void {
		for (const needle of this.documentNeedles) {
			const index = text.indexOf(needle);
			if (index >= 0) this.record('document', where, text, index);
		}
	}

	/** Full (or more than 4-digit) fax numbers in `text`. */
	scanNumbers(where: string, text: string): void {
		for (const match of text.matchAll(PHONE_LIKE)) {
			const digits = match[0].replace(/\D/g, '');
			if (digits.length >= 7 && this.numberSuffixes.has(digits))
				this.record('number', where, text, match.index ?? 0);
		}
	}

	/** Logs, console output and errors: neither documents nor numbers. */
	scanAll(where: string, text: string): void {
		this.scanDocument(where, text);
		this.scanNumbers(where, text);
	}
}

/** Text of an error as n8n stores and shows it: message, description, context, cause, JSON. */
export function errorText(error: unknown): string {
	if (!error || typeof error !== 'object') return String(error ?? '');
	const object = error as { message?: unknown; description?: unknown; stack?: unknown };
	let json = '';
	try {
		json = JSON.stringify(error);
	} catch {
		json = '[unserialisable]';
	}
	return [object.message, object.description, object.stack, json]
		.map((part) => String(part ?? ''))
		.join('\n');
}

/** Proves the scanner finds what it must (and not masked numbers) before its "0 leaks" counts. */
export function assertScannerWorks(example: IntendedFax): void {
	const scanner = new LeakScanner();
	scanner.addIntended([example]);
	const digits = example.to.replace(/\D/g, '');
	const formatted = `(${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7)}`;
	const masked = `+${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
	const cases: Array<[string, boolean]> = [
		[`Fax to ${example.to} failed`, true],
		[`Fax to ${formatted} failed`, true],
		[`Fax to ${masked} failed`, false],
		[`body ${example.document.toString('base64').slice(0, 80)}`, true],
		[`text ${example.marker}`, true],
	];
	for (const [text, leak] of cases) {
		const before = scanner.leaks.length;
		scanner.scanAll('self-check', text);
		if (scanner.leaks.length > before !== leak)
			throw new Error(`leak scanner self-check failed on: ${text}`);
	}
}
