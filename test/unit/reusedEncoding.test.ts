import { reusedEncoding } from '../../nodes/Fax/transport/reusedEncoding';

describe('reusedEncoding', () => {
	it('encodes nothing on the first upload, then once for every later upload of the same bytes', () => {
		const document = Buffer.from('%PDF-1.7 one document');
		let encoded = 0;
		const encode = () => ({ made: ++encoded });
		expect(reusedEncoding(document, 'base64', encode)).toBeUndefined();
		expect(encoded).toBe(0);
		const second = reusedEncoding(document, 'base64', encode);
		expect(second).toEqual({ made: 1 });
		expect(reusedEncoding(document, 'base64', encode)).toBe(second);
		expect(encoded).toBe(1);
	});

	it('keeps each kind apart, and never gives one buffer the encoding of another with equal bytes', () => {
		const document = Buffer.from('%PDF-1.7 same bytes');
		const twin = Buffer.from(document);
		reusedEncoding(document, 'base64', () => 'a');
		expect(reusedEncoding(document, 'blob:application/pdf', () => 'blob')).toBeUndefined();
		expect(reusedEncoding(document, 'base64', () => 'a')).toBe('a');
		expect(reusedEncoding(twin, 'base64', () => 'twin')).toBeUndefined();
		expect(reusedEncoding(twin, 'base64', () => 'twin')).toBe('twin');
	});
});
