import { PDFDocument } from 'pdf-lib';

import { PdfReaderFault } from './errors';
import { countPagesBounded, loadBounded } from './parseLimits';

/** Enough objects that pdf-lib yields to the event loop (every 100) while reading and writing. */
const REFERENCE_PAGES = 120;

let readerWorks: Promise<void> | undefined;

/**
 * Reads and writes a PDF the package made itself the way user documents are read: without
 * object streams (every object top-level) and with them (the bounded stream decoders). Throws
 * whatever the reader throws on it.
 */
async function checkReader(): Promise<void> {
	const doc = await PDFDocument.create();
	for (let page = 0; page < REFERENCE_PAGES; page++) doc.addPage([612, 792]);
	for (const useObjectStreams of [false, true]) {
		const copy = await loadBounded(await doc.save({ useObjectStreams }));
		if (countPagesBounded(copy) !== REFERENCE_PAGES || copy.getPages().length !== REFERENCE_PAGES) {
			throw new Error(`the reference PDF read back with ${copy.getPageCount()} pages`);
		}
	}
}

/**
 * Whether an error pdf-lib gave on a user's PDF is the reader's fault: pdf-lib throws all kinds
 * of errors on damaged files (TypeError "… is not a function" included), so the type says
 * nothing. The reader is at fault when it also fails on a PDF known to be good. Passing once is
 * remembered for the process; a failure is checked again next time.
 */
export async function readerFaultBehind(error: unknown): Promise<PdfReaderFault | undefined> {
	if (error instanceof PdfReaderFault) return error;
	readerWorks ??= checkReader().catch((failure: unknown) => {
		readerWorks = undefined;
		throw failure;
	});
	try {
		await readerWorks;
		return undefined;
	} catch (failure) {
		if (failure instanceof PdfReaderFault) return failure;
		const what = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
		return new PdfReaderFault(what.slice(0, 300));
	}
}
