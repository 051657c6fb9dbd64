/**
 * The demo behind `npm start` without n8n installed: starts the fax simulator, runs a workflow
 * in real n8n-core that sends one fax through each provider and waits for it, and prints the
 * unified fax items.
 */
import path from 'node:path';

import { PDFDocument, StandardFonts } from 'pdf-lib';

import { SIM_KEYS, startSimulator } from '../simulator';
import { createHarness } from '../test/harness';

const PROVIDERS = ['faxRocks', 'faxDrop', 'sendFaxMail'] as const;
/** Fictional number in the NANP 555-01XX range; the simulator delivers it after 30 s. */
const DEMO_NUMBER = '+1 212 555 0123';

async function demoPdf(): Promise<Buffer> {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const page = doc.addPage([612, 792]);
	page.drawText('n8n-nodes-fax demo: a fictional referral letter', {
		x: 72,
		y: 700,
		size: 16,
		font,
	});
	return Buffer.from(await doc.save());
}

function print(line: string): void {
	process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
	const sim = await startSimulator({ speed: 20 });
	const harness = await createHarness({ packageDir: path.resolve(__dirname, '../..') });
	try {
		print(`Fax simulator on ${sim.url} (clock ×20: a fax takes about 1.5 s)`);
		const credentials = {
			faxRocksApi: { apiToken: SIM_KEYS.faxRocks.primary, baseUrl: sim.baseUrls.faxRocks },
			faxDropApi: {
				apiKey: SIM_KEYS.faxDrop.primary,
				baseUrl: sim.baseUrls.faxDrop,
				senderName: 'Demo Clinic',
				senderEmail: 'frontdesk@clinic.example',
			},
			sendFaxMailApi: { apiKey: SIM_KEYS.sendFaxMail.business, baseUrl: sim.baseUrls.sendFaxMail },
		};
		const pdf = await demoPdf();
		for (const provider of PROVIDERS) {
			const result = await harness.runNode({
				type: 'n8n-nodes-fax.fax',
				parameters: {
					provider,
					resource: 'fax',
					operation: 'send',
					toNumber: DEMO_NUMBER,
					binaryPropertyName: 'data',
					options: { waitForCompletion: true, timeoutSeconds: 60 },
				},
				credentials,
				binaries: [{ data: { data: pdf, fileName: 'referral.pdf', mimeType: 'application/pdf' } }],
			});
			if (result.nodeError) throw new Error(`${provider}: ${result.nodeError.message}`);
			for (const item of result.items) {
				// `raw` is the provider's own object; the demo shows the unified fields.
				const fax = { ...item.json };
				delete fax.raw;
				print(`\n${provider}:\n${JSON.stringify(fax, null, 2)}`);
			}
		}
		print('\nAll three faxes sent and tracked in n8n-core. Run `npm test` for the full suite.');
	} finally {
		await harness.close();
		await sim.stop();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
