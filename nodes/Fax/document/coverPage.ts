import { PDFDocument, PDFPage, rgb, StandardFonts, type PDFFont } from 'pdf-lib';

import { formatWallClock, resolveTimeZone } from '../helpers/wallClock';
import { DocumentError } from './errors';
import { PAGE_MARGIN, pageDimensions, type PageSizeName } from './pageSize';
import { sanitizeForFont, wrapText } from './text';

/** What the caller knows about the fax; `pageCount` is worked out by `buildFaxDocument`. */
export interface CoverPageInput {
	/** Recipient fax number, printed as given (normally E.164). */
	to: string;
	toName?: string;
	from?: string;
	fromCompany?: string;
	fromPhone?: string;
	/** "Re:" line. */
	subject?: string;
	/** Free text, wrapped to the page width; blank lines are kept. */
	note?: string;
	/** Default: now. A `Date` is printed in `timeZone`; a string is printed as given. */
	date?: Date | string;
	/** IANA zone for a `Date` (default UTC). */
	timeZone?: string;
	/** Small print at the bottom, e.g. `DEFAULT_CONFIDENTIALITY_NOTICE`. Not printed when empty. */
	confidentialityNotice?: string;
}

export interface CoverPageRenderInput extends CoverPageInput {
	/** Total pages of the fax, including the cover page itself. */
	pageCount: number;
	date: Date | string;
}

export const DEFAULT_CONFIDENTIALITY_NOTICE =
	'CONFIDENTIALITY NOTICE: This fax may contain confidential information, including protected health information, intended only for the recipient named above. If you received it in error, please notify the sender immediately and destroy all copies. Any review, use or disclosure by others is prohibited.';

const TITLE_SIZE = 40;
const TEXT_SIZE = 12;
const LINE_HEIGHT = 16;
const LABEL_WIDTH = 100;
const MAX_ROW_LINES = 3;
const NOTE_SIZES = [11, 10, 9, 8];
const NOTICE_SIZE = 8;
const TOP_MARGIN = 54;

const GREY = rgb(0.55, 0.55, 0.55);
const BLACK = rgb(0, 0, 0);

function formatDate(date: Date | string, timeZone: string | undefined): string {
	if (typeof date === 'string') return date;
	const zone = timeZone ? resolveTimeZone(timeZone) : 'UTC';
	return `${formatWallClock(date, zone).replace('T', ' ').slice(0, 16)} ${zone}`;
}

function rowLines(values: Array<string | undefined>, font: PDFFont, width: number): string[] {
	const lines = values
		.filter((value): value is string => typeof value === 'string' && value.trim() !== '')
		.flatMap((value) => wrapText(sanitizeForFont(value.trim(), font), font, TEXT_SIZE, width));
	if (lines.length <= MAX_ROW_LINES) return lines;
	// Names and subjects longer than three lines are cut, visibly.
	const kept = lines.slice(0, MAX_ROW_LINES);
	let last = kept[MAX_ROW_LINES - 1];
	while (last !== '' && font.widthOfTextAtSize(`${last}…`, TEXT_SIZE) > width)
		last = last.slice(0, -1);
	kept[MAX_ROW_LINES - 1] = `${last}…`;
	return kept;
}

/**
 * Inserts a fax cover page as the first page of `doc` and returns it: "FAX", a table of To /
 * From / Date / Pages (including the cover) / Re:, then the note wrapped to the page width, and
 * an optional confidentiality notice at the bottom. Uses Helvetica; characters WinAnsi can't
 * encode are replaced (see `sanitizeForFont`). Table values longer than three lines are cut with
 * "…". A note that doesn't fit even at 8 pt throws `DocumentError` (`coverNoteTooLong`) rather
 * than being cut silently.
 */
export async function renderCoverPage(
	doc: PDFDocument,
	input: CoverPageRenderInput,
	pageSize: PageSizeName = 'Letter',
): Promise<PDFPage> {
	if (!Number.isInteger(input.pageCount) || input.pageCount < 1) {
		throw new RangeError(
			'renderCoverPage: pageCount must be a positive integer (total pages including the cover)',
		);
	}
	const regular = await doc.embedFont(StandardFonts.Helvetica);
	const bold = await doc.embedFont(StandardFonts.HelveticaBold);
	const [pageWidth, pageHeight] = pageDimensions(pageSize);
	const left = PAGE_MARGIN + 18;
	const right = pageWidth - PAGE_MARGIN - 18;
	const contentWidth = right - left;
	const valueX = left + LABEL_WIDTH;
	const valueWidth = right - valueX;

	// Lay everything out first so a note that doesn't fit fails before the page is added.
	const rows: Array<[string, string[]]> = [
		[
			'To:',
			rowLines([input.toName, input.to ? `Fax: ${input.to}` : undefined], regular, valueWidth),
		],
		[
			'From:',
			rowLines(
				[input.from, input.fromCompany, input.fromPhone ? `Phone: ${input.fromPhone}` : undefined],
				regular,
				valueWidth,
			),
		],
		['Date:', rowLines([formatDate(input.date, input.timeZone)], regular, valueWidth)],
		['Pages:', rowLines([`${input.pageCount} (including this cover page)`], regular, valueWidth)],
		['Re:', rowLines([input.subject], regular, valueWidth)],
	];

	const notice = input.confidentialityNotice?.trim()
		? wrapText(
				sanitizeForFont(input.confidentialityNotice.trim(), regular),
				regular,
				NOTICE_SIZE,
				contentWidth,
			)
		: [];
	const noticeHeight = notice.length > 0 ? notice.length * (NOTICE_SIZE + 2) + 16 : 0;

	let y = pageHeight - TOP_MARGIN - TITLE_SIZE;
	const titleY = y;
	y -= 28;
	const rowPositions: number[] = [];
	for (const [, lines] of rows) {
		y -= TEXT_SIZE;
		rowPositions.push(y);
		y -= Math.max(lines.length - 1, 0) * LINE_HEIGHT + 14;
	}
	y -= 18;

	const note = input.note?.trim()
		? sanitizeForFont(input.note.trim(), regular, { keepNewlines: true })
		: '';
	const noteBottom = PAGE_MARGIN + noticeHeight;
	let noteLayout: { size: number; lines: string[] } | null = null;
	if (note !== '') {
		for (const size of NOTE_SIZES) {
			const lines = wrapText(note, regular, size, contentWidth);
			if (lines.length * size * 1.35 <= y - noteBottom) {
				noteLayout = { size, lines };
				break;
			}
		}
		if (!noteLayout) {
			throw new DocumentError(
				'coverNoteTooLong',
				`The cover note is too long for the cover page (${note.length} characters)`,
				'Shorten the note to what fits on one page (about 2,500 characters, fewer with many line breaks), or put the text into the document itself.',
				'coverNote',
			);
		}
	}

	const page = doc.insertPage(0, [pageWidth, pageHeight]);
	page.drawText('FAX', { x: left, y: titleY, size: TITLE_SIZE, font: bold, color: BLACK });
	page.drawLine({
		start: { x: left, y: titleY - 12 },
		end: { x: right, y: titleY - 12 },
		thickness: 2,
		color: BLACK,
	});
	rows.forEach(([label, lines], index) => {
		const rowY = rowPositions[index];
		page.drawText(label, { x: left, y: rowY, size: TEXT_SIZE, font: bold, color: BLACK });
		lines.forEach((line, lineIndex) => {
			page.drawText(line, {
				x: valueX,
				y: rowY - lineIndex * LINE_HEIGHT,
				size: TEXT_SIZE,
				font: regular,
				color: BLACK,
			});
		});
		const separatorY = rowY - Math.max(lines.length - 1, 0) * LINE_HEIGHT - 7;
		page.drawLine({
			start: { x: left, y: separatorY },
			end: { x: right, y: separatorY },
			thickness: 0.5,
			color: GREY,
		});
	});

	if (noteLayout) {
		const { size, lines } = noteLayout;
		let lineY = y - size;
		for (const line of lines) {
			if (line !== '')
				page.drawText(line, { x: left, y: lineY, size, font: regular, color: BLACK });
			lineY -= size * 1.35;
		}
	}

	notice.forEach((line, index) => {
		const lineY = PAGE_MARGIN + (notice.length - 1 - index) * (NOTICE_SIZE + 2);
		page.drawText(line, { x: left, y: lineY, size: NOTICE_SIZE, font: regular, color: BLACK });
	});
	return page;
}
