import { makePdf } from '../../simulator';
import type { ProviderName } from '../lib/setup';

/** One fax the soak means to send: a unique fictional recipient and its own document. */
export interface IntendedFax {
	provider: ProviderName;
	to: string;
	document: Buffer;
	/** Text inside the document; must never show up in any output or log. */
	marker: string;
}

// Fictional +1 NXX 555-01XX numbers. Skipped: the simulator's magic endings (0111, 0122, 0133,
// 0144) and 0123, the example number in the node's hints (it would look like a leak).
const AREA_CODES = [
	'212',
	'213',
	'214',
	'215',
	'216',
	'217',
	'218',
	'219',
	'224',
	'225',
	'228',
	'229',
	'231',
	'234',
	'239',
];
const MAGIC = new Set(['11', '22', '23', '33', '44']);
const LINES = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).filter(
	(line) => !MAGIC.has(line),
);

export const DOCUMENT_MARKER = 'SOAK-PATIENT-DOCUMENT';

export function fictionalNumber(index: number): string {
	const area = AREA_CODES[Math.floor(index / LINES.length)];
	if (!area)
		throw new Error(`only ${AREA_CODES.length * LINES.length} fictional numbers available`);
	return `+1${area}55501${LINES[index % LINES.length]}`;
}

/** `count` intended faxes for a provider, numbered from `offset` so numbers never repeat across providers. */
export function intendedFaxes(
	provider: ProviderName,
	count: number,
	offset: number,
): IntendedFax[] {
	return Array.from({ length: count }, (_, index) => {
		const marker = `${DOCUMENT_MARKER}-${offset + index}`;
		return {
			provider,
			to: fictionalNumber(offset + index),
			marker,
			document: makePdf([[marker, 'Fictional referral for a load test. No real patient data.']]),
		};
	});
}
