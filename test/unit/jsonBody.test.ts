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

	it('refuses a payload without exactly one placeholder', () => {
		expect(() => jsonWithBase64Document(Buffer.from('x'), () => ({ data: 'nothing' }))).toThrow(
			'exactly once',
		);
		expect(() =>
			jsonWithBase64Document(Buffer.from('x'), (content) => ({ a: content, b: content })),
		).toThrow('exactly once');
	});
});
