'use strict';
/**
 * Small fictional PDFs for the demo and the example workflows, made with pdf-lib (the library
 * the package bundles for its document checks). No real patient data: names, numbers and the clinic
 * are invented; phone numbers are in the fictional 555-01xx range.
 */
const { PDFDocument, StandardFonts, rgb } = require('pdf-lib');

/**
 * @param {{ title: string, lines: string[], pages?: number, date?: Date }} spec
 * @returns {Promise<Buffer>}
 */
async function makeLetterPdf({ title, lines, pages = 1, date }) {
	const pdf = await PDFDocument.create();
	pdf.setTitle(title);
	pdf.setProducer('n8n-nodes-fax e2e');
	pdf.setCreator('n8n-nodes-fax e2e');
	// A fixed date keeps the shipped sample byte-stable when it is regenerated.
	const when = date ?? new Date('2026-01-05T09:00:00Z');
	pdf.setCreationDate(when);
	pdf.setModificationDate(when);
	const font = await pdf.embedFont(StandardFonts.Helvetica);
	const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
	for (let index = 0; index < pages; index++) {
		const page = pdf.addPage([612, 792]); // US Letter
		page.drawText('Riverside Family Clinic (fictional)', { x: 56, y: 740, size: 11, font: bold, color: rgb(0.2, 0.2, 0.2) });
		page.drawText('100 Example Street, Springfield  -  Fax +1 212 555 0100', { x: 56, y: 724, size: 9, font });
		page.drawText(title, { x: 56, y: 680, size: 18, font: bold });
		let y = 650;
		for (const line of lines) {
			page.drawText(line, { x: 56, y, size: 11, font });
			y -= 16;
		}
		page.drawText(`Page ${index + 1} of ${pages}  -  SAMPLE DOCUMENT, NOT MEDICAL ADVICE`, { x: 56, y: 40, size: 8, font });
	}
	return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

async function makeReferralPdf() {
	return await makeLetterPdf({
		title: 'Referral letter',
		pages: 2,
		lines: [
			'To: Dr. Jane Example, Cardiology (fax +1 212 555 0150)',
			'Re: Patient "Alex Sample", DOB 01/01/1970 (fictional)',
			'',
			'Please see this patient for an outpatient cardiology consultation.',
			'Reason: routine follow-up after an unremarkable ECG.',
			'',
			'This letter is a sample shipped with n8n-nodes-fax to try the Fax node.',
			'It contains no real person\'s data.',
		],
	});
}

async function makeNewsletterPdf() {
	return await makeLetterPdf({
		title: 'Weekly schedule update',
		lines: [
			'To: all partner practices (fictional)',
			'',
			'Clinic hours next week: Mon-Fri 08:00-17:00.',
			'Lab pick-up moves to 10:30 on Wednesdays.',
			'',
			'Sample document shipped with n8n-nodes-fax.',
		],
	});
}

async function makeDemoPdf(now = new Date()) {
	return await makeLetterPdf({
		title: 'n8n-nodes-fax demo',
		date: now,
		lines: [
			`Generated ${now.toISOString()} by npm start.`,
			'Sent through the local fax simulator: no real fax was sent.',
		],
	});
}

module.exports = { makeLetterPdf, makeReferralPdf, makeNewsletterPdf, makeDemoPdf };
