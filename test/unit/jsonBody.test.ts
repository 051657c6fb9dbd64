import { randomBytes } from 'node:crypto';

import { jsonWithBase64Document } from '../../nodes/Fax/transport/jsonBody';

describe('jsonWithBase64Document', () => {
	it.each([0, 1, 2, 3, 1000, 65537])(
		'encodes a %i-byte document exactly as JSON.stringify would',
		(size) => {
			const document = randomBytes(size);
			const body = jsonWithBase64Document(document, (content) => ({
				to: '+12125550150',
				document: { content, content_type: 'application/pdf' },
				note: 'Überweisung "Dr. Müller" \\ ✓',
			}));
			const expected = JSON.stringify({
				to: '+12125550150',
				document: { content: document.toString('base64'), content_type: 'application/pdf' },
				note: 'Überweisung "Dr. Müller" \\ ✓',
			});
			expect(body.toString('utf8')).toBe(expected);
		},
	);

	it('writes the same bytes when one document is uploaded again with other fields', () => {
		const document = randomBytes(4099);
		const bodies = ['+12125550150', '+12125550151', '+12125550152'].map((to) =>
			jsonWithBase64Document(document, (content) => ({ to, document: { content } })).toString(
				'utf8',
			),
		);
		bodies.forEach((body, index) =>
			expect(body).toBe(
				JSON.stringify({
					to: `+1212555015${index}`,
					document: { content: document.toString('base64') },
				}),
			),
		);
	});

	it('does not reuse an encoding for other bytes of the same length', () => {
		const first = randomBytes(300);
		const second = Buffer.from(first);
		second[150] ^= 0xff;
		jsonWithBase64Document(first, (content) => ({ content }));
		jsonWithBase64Document(first, (content) => ({ content }));
		const body = jsonWithBase64Document(second, (content) => ({ content }));
		expect(body.toString('utf8')).toBe(JSON.stringify({ content: second.toString('base64') }));
	});

	it('refuses a payload without exactly one placeholder', () => {
		expect(() => jsonWithBase64Document(Buffer.from('x'), () => ({ data: 'nothing' }))).toThrow(
			'exactly once',
		);
		expect(() =>
			jsonWithBase64Document(Buffer.from('x'), (content) => ({ a: content, b: content })),
		).toThrow('exactly once');
	});
});
