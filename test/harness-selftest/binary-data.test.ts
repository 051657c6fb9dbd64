import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { createHarness, type Harness } from '../harness';
import { FIXTURE, fixtureCredentials, fixtureNodes } from '../fixtures';

describe('harness: binary data in filesystem mode', () => {
	let harness: Harness;
	let binaryDataDir: string;

	beforeAll(async () => {
		harness = await createHarness({ nodes: fixtureNodes(), credentials: fixtureCredentials() });
		binaryDataDir = harness.env.binaryDataDir;
	});

	afterAll(async () => {
		await harness.close();
		// close() deletes the temp directory, binary files included.
		expect(existsSync(harness.env.rootDir)).toBe(false);
	});

	it('round-trips bytes through prepareBinaryData → assertBinaryData/getBinaryDataBuffer', async () => {
		const bytes = Buffer.from('%PDF-1.4 fake fax document \u00e9', 'utf8');
		const result = await harness.runNode({
			type: FIXTURE.binary,
			items: [{ json: { faxId: 'f1' } }],
			binaries: [{ data: { data: bytes, fileName: 'fax.pdf', mimeType: 'application/pdf' } }],
		});

		expect(result.run.status).toBe('success');
		const [item] = result.items;
		expect(item.json).toMatchObject({
			fileName: 'fax.pdf',
			mimeType: 'application/pdf',
			size: bytes.length,
			text: bytes.toString('utf8'),
		});

		// What the node under test received: a reference, not the bytes.
		const input = result.inputItems[0].binary?.data;
		expect(input?.id).toMatch(/^filesystem-v2:workflows\/.+\/executions\/.+\/binary_data\/.+/);
		expect(input?.data).toBe('filesystem-v2');
		expect(input?.id).toBe(item.json.storedId);
		expect(JSON.stringify(result.inputItems)).not.toContain(bytes.toString('base64'));

		// ...and the bytes are on disk in the temp binary data directory, under this execution.
		const filePath = harness.binaryPath(input!);
		expect(filePath.startsWith(binaryDataDir + path.sep)).toBe(true);
		expect(filePath).toContain(path.join('executions', result.executionId, 'binary_data'));
		expect(readFileSync(filePath)).toEqual(bytes);
		expect(JSON.parse(readFileSync(`${filePath}.metadata`, 'utf8'))).toEqual({
			fileName: 'fax.pdf',
			mimeType: 'application/pdf',
			fileSize: bytes.length,
		});
	});

	it('stores binaries the node creates in the store as well', async () => {
		const result = await harness.runNode({
			type: FIXTURE.binary,
			binaries: [
				{ data: { data: Buffer.from('abc'), fileName: 'a.txt', mimeType: 'text/plain' } },
				{ data: { data: Buffer.from('xyz'), fileName: 'b.txt', mimeType: 'text/plain' } },
			],
		});

		expect(result.items).toHaveLength(2);
		const reversed = result.items.map((item) => item.binary?.reversed);
		expect(reversed.map((binary) => binary?.fileName)).toEqual([
			'reversed-a.txt',
			'reversed-b.txt',
		]);
		expect(reversed.every((binary) => binary?.id?.startsWith('filesystem-v2:'))).toBe(true);
		expect((await harness.readBinary(reversed[0]!)).toString()).toBe('cba');
		expect(readFileSync(harness.binaryPath(reversed[1]!)).toString()).toBe('zyx');
	});

	it('fails like n8n when the binary property is missing', async () => {
		const result = await harness.runNode({ type: FIXTURE.binary, items: [{ json: { a: 1 } }] });
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toBe(
			"This operation expects the node's input data to contain a binary file 'data', but none was found [item 0]",
		);
	});
});
