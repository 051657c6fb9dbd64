import {
	PDFArray,
	PDFBool,
	PDFDict,
	PDFDropdown,
	PDFHexString,
	PDFOptionList,
	PDFRef,
	PDFTextField,
	type PDFDocument,
	type PDFField,
	type PDFFont,
} from 'pdf-lib';

import { DocumentError, subject } from './errors';
import { NAME } from './pageContent';
import { sanitizeForFont } from './text';
import type { WorkBudget } from './workBudget';

/**
 * Filled forms print everywhere: before anything else, every form field gets the appearance a
 * viewer would show, so flattening (printableAnnotations.ts) draws what the person typed into
 * the page whatever later renders the fax. Merging or adding a cover page drops the form
 * (/AcroForm and its /NeedAppearances flag); without this, typed values would show in some
 * renderers (Poppler) and not others (Ghostscript).
 *
 * - A text field, drop-down or list whose widgets have no appearance gets one generated from
 *   its value (Helvetica, at the field's size).
 * - When the form says /NeedAppearances true, viewers redraw every field from its value (the
 *   stored appearances may be stale): text fields, drop-downs and lists are all regenerated.
 * - Check boxes and radio buttons missing the appearance of their state get one generated.
 * - Push buttons and signatures keep the appearance they have (none: nothing printed).
 *
 * A value the standard font can't show (e.g. Cyrillic) is transliterated (see sanitizeForFont),
 * as on the cover page.
 */

/**
 * More fields and widgets than a real form has (a long intake or tax form has a few hundred);
 * a larger tree is refused before pdf-lib walks it. Generating an appearance costs pdf-lib
 * about 0.1-0.3 ms per field, so the largest form accepted is drawn in well under a second.
 */
export const MAX_FORM_FIELDS = 2000;

function tooComplex(propertyName: string | null, reason: string): DocumentError {
	return new DocumentError(
		'pdfTooComplex',
		`${subject(propertyName)} is a PDF whose form ${reason}, so it was not read`,
		'Files like this are usually damaged or deliberately crafted. Open it in a PDF viewer and print it to a new PDF (or scan the paper again), then send that. Nothing was sent.',
		propertyName,
	);
}

function undrawableFieldError(propertyName: string | null): DocumentError {
	return new DocumentError(
		'processingFailed',
		`${subject(propertyName)} is a PDF form with a filled-in field that can't be drawn into the page`,
		'Open the PDF in a PDF viewer and print it to a new PDF (this draws the form into the page), then send that.',
		propertyName,
	);
}

/**
 * Walks the field tree once (pdf-lib's own walk has no loop check): refuses a tree that loops
 * or holds more than MAX_FORM_FIELDS nodes. Returns the number of fields.
 */
function checkFieldTree(
	doc: PDFDocument,
	form: PDFDict,
	budget: WorkBudget,
	propertyName: string | null,
): number {
	const { context } = doc;
	const seen = new Set<PDFDict>();
	const pending: unknown[] = [form.get(NAME('Fields'))];
	while (pending.length > 0) {
		const kids = context.lookup(pending.pop() as PDFRef);
		if (!(kids instanceof PDFArray)) continue;
		for (let index = 0; index < kids.size(); index++) {
			budget.work(1);
			const kid = context.lookup(kids.get(index));
			if (!(kid instanceof PDFDict)) continue;
			if (seen.has(kid)) throw tooComplex(propertyName, 'fields loop or are shared');
			seen.add(kid);
			if (seen.size > MAX_FORM_FIELDS) {
				throw tooComplex(propertyName, `has more than ${MAX_FORM_FIELDS} fields and widgets`);
			}
			if (kid.has(NAME('Kids'))) pending.push(kid.get(NAME('Kids')));
		}
	}
	return seen.size;
}

/** Generates the appearances of one field; a value the font can't encode is transliterated. */
function drawField(field: PDFField, font: PDFFont): void {
	if (!(field instanceof PDFTextField)) {
		field.defaultUpdateAppearances(font);
		return;
	}
	try {
		field.defaultUpdateAppearances(font);
		return;
	} catch {
		// A character the font can't encode: transliterated below.
	}
	const text = field.getText() ?? '';
	field.acroField.setValue(
		PDFHexString.fromText(sanitizeForFont(text, font, { keepNewlines: true })),
	);
	field.defaultUpdateAppearances(font);
}

/**
 * Generates missing (and, with /NeedAppearances, all) field appearances; see above. Yields to
 * the event loop between fields when the budget says so.
 */
export async function generateFormAppearances(
	doc: PDFDocument,
	budget: WorkBudget,
	propertyName: string | null,
): Promise<void> {
	const acroForm = doc.context.lookup(doc.catalog.get(NAME('AcroForm')));
	if (!(acroForm instanceof PDFDict)) return;
	if (checkFieldTree(doc, acroForm, budget, propertyName) === 0) return;
	// XFA is not drawn by fax renderers; pdf-lib would warn on the console about it.
	acroForm.delete(NAME('XFA'));
	const needAppearances =
		doc.context.lookup(acroForm.get(NAME('NeedAppearances'))) === PDFBool.True;
	const form = doc.getForm();
	const font = form.getDefaultFont();
	for (const field of form.getFields()) {
		budget.work(1);
		await budget.pause();
		const redrawn =
			field instanceof PDFTextField ||
			field instanceof PDFDropdown ||
			field instanceof PDFOptionList;
		if (needAppearances && redrawn) form.markFieldAsDirty(field.ref);
		if (!field.needsAppearancesUpdate()) continue;
		try {
			drawField(field, font);
		} catch {
			throw undrawableFieldError(propertyName);
		}
	}
}
