'use strict';
// Regenerates the fictional sample PDFs under examples/assets/ (committed; run by hand).
const fs = require('node:fs');
const path = require('node:path');
const { makeReferralPdf, makeNewsletterPdf } = require('./lib/samplePdf');

(async () => {
	const dir = path.join(__dirname, '..', 'examples', 'assets');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'referral-letter.pdf'), await makeReferralPdf());
	fs.writeFileSync(path.join(dir, 'schedule-update.pdf'), await makeNewsletterPdf());
	process.stdout.write(`wrote ${dir}/referral-letter.pdf and schedule-update.pdf\n`);
})().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
