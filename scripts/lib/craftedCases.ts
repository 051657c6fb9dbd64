/**
 * The crafted documents `npm run bench` (crafted-file table) and `npm run soak` send through the
 * Fax node: the cases of issue 17 and variations on every bound of the document pipeline. Each
 * is built in memory when needed (some are 96 MB).
 */
import {
	bigArrayPdf,
	bigDictPdf,
	bigStringPdf,
	contentBombPdf,
	deepNestingPdf,
	filledFormPdf,
	inheritedResourcesPdf,
	largePng,
	manyObjectsPdf,
	manyPagesPdf,
	paddedGapPdf,
	printableAnnotationsPdf,
	sharedAnnotsPdf,
	wrongLengthStreamPdf,
} from './craftedDocuments';

const MB = 1000 * 1000;

export interface CraftedCase {
	/** Short id (command line, soak). */
	id: string;
	/** What the file is, for the table. */
	label: string;
	/** From the issue (else one of our variations). */
	issue: boolean;
	/** Small enough to send many times in a soak run. */
	small: boolean;
	make: () => Buffer;
	fileName: string;
	mimeType: string;
}

const pdf = (
	id: string,
	label: string,
	make: () => Buffer,
	options: { issue?: boolean; small?: boolean } = {},
): CraftedCase => ({
	id,
	label,
	issue: options.issue ?? false,
	small: options.small ?? false,
	make,
	fileName: `${id}.pdf`,
	mimeType: 'application/pdf',
});

export const CRAFTED_CASES: CraftedCase[] = [
	pdf(
		'sharedAnnots',
		'1000 pages sharing one /Annots array of 20 000 links',
		() => sharedAnnotsPdf(1000, 20_000),
		{ issue: true, small: true },
	),
	pdf('array40', 'one 40 MB array object', () => bigArrayPdf(40 * MB), { issue: true }),
	pdf('array96', 'one 96 MB array object', () => bigArrayPdf(96 * MB), { issue: true }),
	{
		id: 'png20mp',
		label: '20 MP 16-bit PNG (5000 × 4000 RGB)',
		issue: true,
		small: false,
		make: () => largePng({ width: 5000, height: 4000, bitDepth: 16, colorType: 2 }),
		fileName: 'png20mp.png',
		mimeType: 'image/png',
	},
	{
		id: 'png20mpAlpha',
		label: '20 MP 16-bit PNG with alpha (5000 × 4000 RGBA, composited)',
		issue: false,
		small: false,
		make: () => largePng({ width: 5000, height: 4000, bitDepth: 16, colorType: 6 }),
		fileName: 'png20mpAlpha.png',
		mimeType: 'image/png',
	},
	pdf('deepNesting', 'arrays nested 100 000 deep', () => deepNestingPdf(100_000), { small: true }),
	pdf('manyObjects', '150 000 small objects', () => manyObjectsPdf(150_000), { small: true }),
	pdf('bigString', 'one 5 MB string', () => bigStringPdf(5 * MB)),
	pdf('gap', '5 MB of whitespace between two objects', () => paddedGapPdf(5 * MB)),
	pdf('comment', 'one 5 MB comment', () => paddedGapPdf(5 * MB, 'comment')),
	pdf('bigDict', 'one dictionary of 30 000 distinct keys', () => bigDictPdf(30_000), {
		small: true,
	}),
	pdf(
		'inherited',
		'1000 pages inheriting /Resources of 5000 entries',
		() => inheritedResourcesPdf(1000, 5000),
		{
			small: true,
		},
	),
	pdf(
		'contentBomb',
		'page content inflating to 1 GB, page without resources',
		() => contentBombPdf(1000 * MB),
		{
			small: true,
		},
	),
	pdf(
		'contentBombResources',
		'page content inflating to 1 GB, page with resources',
		() => contentBombPdf(1000 * MB, true),
		{ small: true },
	),
	pdf(
		'content30',
		'page content inflating to 30 MB, page with resources',
		() => contentBombPdf(30 * MB, true),
		{
			small: true,
		},
	),
	pdf('wrongLength', '3 MB content stream with a wrong /Length', () =>
		wrongLengthStreamPdf(3 * MB),
	),
	pdf('pages1000', '1000 pages', () => manyPagesPdf(1000), { small: true }),
	pdf('stamps', 'one page with 49 000 printable stamps', () => printableAnnotationsPdf(49_000)),
	pdf('stamps9000', 'one page with 9000 printable stamps', () => printableAnnotationsPdf(9000), {
		small: true,
	}),
	pdf(
		'form',
		'a form of 1900 filled fields without appearances (NeedAppearances)',
		() => filledFormPdf(1900),
		{
			small: true,
		},
	),
];

export function craftedCase(id: string): CraftedCase {
	const found = CRAFTED_CASES.find((entry) => entry.id === id);
	if (!found) throw new Error(`unknown crafted case ${id}`);
	return found;
}
